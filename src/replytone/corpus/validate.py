"""`replytone corpus validate`: every problem of a corpus, with file and line, and the counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..labels import LABELS, LANGS
from ..structure import check_structure
from .neardup import DUPLICATE_JACCARD, similar_pairs
from .records import Corpus, Problem, ReplyRecord, SentenceRecord
from .split import assign_splits


@dataclass(frozen=True)
class Targets:
    """Minimum counts per language (issue #3's targets by default)."""

    sentences: int = 800
    per_label: int = 80
    forbidden: int = 120
    neutral: int = 80
    replies: int = 60
    broken_share: float = 0.4  # "about half" of the replies break the structure or forbid


NO_TARGETS = Targets(0, 0, 0, 0, 0, 0.0)


@dataclass
class Validation:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)  # lang -> column -> n
    records_read: int = 0
    records_rejected: int = 0  # lines that could not be read as a record

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


COLUMNS = ("sentences", *LABELS, "neutral", "replies", "broken")


def _where(rec_file: str, line: int) -> str:
    return f"{rec_file}:{line}"


def validate(
    corpus: Corpus, targets: Targets = Targets(), rule_ids: set[str] | None = None
) -> Validation:
    result = Validation(
        problems=list(corpus.problems),
        records_read=corpus.lines_read,
        records_rejected=len(corpus.problems),
    )
    # rule tags name known rules
    if rule_ids is not None:
        tagged: list[SentenceRecord | ReplyRecord] = [*corpus.all_sentences(), *corpus.replies]
        for rec in tagged:
            unknown = sorted(set(rec.rules or []) - rule_ids)
            if unknown:
                result.problems.append(
                    Problem(
                        rec.file, rec.line, f"{rec.id}: unknown rule tag(s) {', '.join(unknown)}"
                    )
                )
    # duplicate ids
    seen: dict[str, tuple[str, int]] = {}
    records_and_replies: list[SentenceRecord | ReplyRecord] = [*corpus.sentences, *corpus.replies]
    for rec in records_and_replies:
        if rec.id in seen:
            f, ln = seen[rec.id]
            result.problems.append(
                Problem(rec.file, rec.line, f"duplicate id {rec.id!r} (first at {_where(f, ln)})")
            )
        else:
            seen[rec.id] = (rec.file, rec.line)
    # reply structure agrees with its labels
    for reply in corpus.replies:
        if reply.structure is None:
            continue
        got = check_structure([s.labels for s in reply.sentences])
        want_missing = list(reply.structure.get("missing", []))
        want_order = list(reply.structure.get("out_of_order", []))
        if got.missing != want_missing or got.out_of_order != want_order:
            result.problems.append(
                Problem(
                    reply.file,
                    reply.line,
                    f"reply {reply.id}: structure says missing={want_missing} out_of_order={want_order}, "
                    f"its labels give missing={got.missing} out_of_order={got.out_of_order}",
                )
            )
    # near-duplicates anywhere, and near-neighbours across splits
    records = corpus.all_sentences()
    splits = assign_splits(records)
    for i, j, sim in similar_pairs([r.text for r in records], DUPLICATE_JACCARD, strict=True):
        a, b = records[i], records[j]
        if a.reply_id and a.reply_id == b.reply_id:
            continue
        what = "near-duplicate across splits" if splits[i] != splits[j] else "near-duplicate"
        result.problems.append(
            Problem(
                b.file,
                b.line,
                f"{what}: {b.id!r} ~ {a.id!r} ({_where(a.file, a.line)}), similarity {sim:.2f}: {b.text[:60]!r}",
            )
        )
    # counts
    for lang in LANGS:
        result.counts[lang] = Counter()
    for rec in corpus.sentences:
        c = result.counts[rec.lang]
        c["sentences"] += 1
        for lab in rec.labels:
            c[lab] += 1
        if not rec.labels:
            c["neutral"] += 1
    for reply in corpus.replies:
        c = result.counts[reply.lang]
        c["replies"] += 1
        st = check_structure([s.labels for s in reply.sentences])
        if not st.ok or any("forbidden" in s.labels for s in reply.sentences):
            c["broken"] += 1
    # targets, for the languages present
    for lang, c in result.counts.items():
        if not c["sentences"] and not c["replies"]:
            continue
        below = []
        if c["sentences"] < targets.sentences:
            below.append(f"{c['sentences']} sentences < {targets.sentences}")
        for lab in LABELS:
            need = targets.forbidden if lab == "forbidden" else targets.per_label
            if c[lab] < need:
                below.append(f"{lab} {c[lab]} < {need}")
        if c["neutral"] < targets.neutral:
            below.append(f"neutral {c['neutral']} < {targets.neutral}")
        if c["replies"] < targets.replies:
            below.append(f"{c['replies']} replies < {targets.replies}")
        if c["replies"] and c["broken"] < targets.broken_share * c["replies"]:
            below.append(
                f"broken replies {c['broken']} < {targets.broken_share:.0%} of {c['replies']}"
            )
        for shortfall in below:
            result.problems.append(Problem(lang, 0, f"label counts below target: {shortfall}"))
    return result


def validate_path(path: str | Path, targets: Targets = Targets()) -> Validation:
    from ..rules.loader import load_ruleset
    from .loader import read_corpus

    return validate(read_corpus(path), targets, {r.id for r in load_ruleset()})
