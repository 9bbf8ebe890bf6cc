"""replytone_checker: the structure check, the ruleset and the score.

Reads the sentence labels the classifier put on the Doc, runs the ruleset and
leaves a Report on doc._.replytone_report. The built-in rules come from the
installed replytone, so rule fixes ship with the package; a team's own rule
files are saved inside the model folder (rules.json) and applied on top.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..labels import LANGS
from ..report import Finding, Report, Sentence
from ..rules.engine import CompiledRuleset, Context, ReplyView, add_rule_labels
from ..rules.loader import Ruleset, load_ruleset, read_ruleset_file, validate_ruleset_data
from ..rules.schema import RulesetFile
from ..scoring import WEIGHTS, score_findings
from ..segmentation import content_sentences
from ..structure import check_structure
from . import extensions  # noqa: F401
from .extensions import SPANS_KEY

RULES_FILE = "rules.json"
FALLBACK_LANG = "en"


def _parse_time(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


class ReplyChecker:
    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        spans_key: str,
        rules: list[str],
        weights: dict[str, float],
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.weights = dict(weights)
        self._vocab = nlp.vocab
        self._tokenizer: Callable[[str], Doc] = nlp.make_doc
        # a team's rule files, in order: (where it came from, its parsed content)
        self._extra: list[tuple[str, RulesetFile]] = [
            (str(p), read_ruleset_file(Path(p))) for p in rules
        ]
        self._ruleset = self._build()
        self._compiled: CompiledRuleset | None = None

    def _build(self) -> Ruleset:
        ruleset = load_ruleset()
        for where, parsed in self._extra:
            ruleset.add_file(parsed, where)
        return ruleset

    @property
    def ruleset(self) -> Ruleset:
        return self._ruleset

    def add_rules(self, parsed: RulesetFile, where: str) -> None:
        """Add a team's rule file (new rules, overrides) on top of the current rules."""
        self._extra.append((where, parsed))
        self._ruleset = self._build()
        self._compiled = None

    @property
    def compiled(self) -> CompiledRuleset:
        if self._compiled is None:  # compiled on first use: keeps spacy.load() fast
            self._compiled = CompiledRuleset(self._ruleset, self._vocab, self._tokenizer)
        return self._compiled

    def _labels(self, doc: Doc, n: int, starts: dict[int, int]) -> list[set[str]]:
        labels: list[set[str]] = [set() for _ in range(n)]
        if self.spans_key in doc.spans:
            for span in doc.spans[self.spans_key]:
                i = starts.get(span.start)
                if i is not None:
                    labels[i].add(span.label_)
        return labels

    def __call__(self, doc: Doc) -> Doc:
        ctx: dict[str, Any] = doc._.replytone_context or {}
        lang = ctx.get("lang") or doc._.replytone_lang
        unknown_lang = lang not in LANGS
        if unknown_lang:
            lang = FALLBACK_LANG
        sents = content_sentences(doc)
        starts = {s.start: i for i, s in enumerate(sents)}
        labels = self._labels(doc, len(sents), starts)
        scores = doc._.replytone_sentence_scores or [{} for _ in sents]
        structure = check_structure(labels)
        context = Context(
            lang=lang,
            channel=ctx.get("channel"),
            customer_name=ctx.get("customer_name"),
            sent_at=_parse_time(ctx.get("sent_at")),
        )
        view = ReplyView(doc, sents, labels, scores, structure, context)
        findings = self.compiled.check(view)
        add_rule_labels(self._ruleset, findings, sents, labels)
        if unknown_lang and sents:
            findings.insert(0, _language_finding(len(view.text)))
        doc._.replytone_report = Report(
            text=view.text,
            lang=lang,
            score=score_findings(findings, self.weights),
            sentences=[
                # sliced from the text built once: Span.text makes a Token per token
                Sentence(
                    view.text[s.start_char : s.end_char],
                    s.start_char,
                    s.end_char,
                    labels[i],
                    dict(scores[i]),
                )
                for i, s in enumerate(sents)
            ],
            structure=structure,
            findings=findings,
            channel=context.channel,
            lang_detected=ctx.get("lang") is None,
        )
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        extra = [
            {"from": where, "rules": parsed.model_dump(mode="json")}
            for where, parsed in self._extra
        ]
        srsly.write_json(path / RULES_FILE, extra)
        srsly.write_json(path / "cfg.json", {"spans_key": self.spans_key, "weights": self.weights})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ReplyChecker:
        path = Path(path)
        rules_path = path / RULES_FILE
        if rules_path.exists():
            self._extra = [
                (
                    f"{item['from']} (saved in {rules_path})",
                    validate_ruleset_data(item["rules"], str(rules_path)),
                )
                for item in srsly.read_json(rules_path)
            ]
            self._ruleset = self._build()
            self._compiled = None
        cfg_path = path / "cfg.json"
        if cfg_path.exists():
            cfg = srsly.read_json(cfg_path)
            self.spans_key = cfg.get("spans_key", self.spans_key)
            self.weights = dict(cfg.get("weights", self.weights))
        return self


def _language_finding(end: int) -> Finding:
    return Finding(
        rule="replytone.language_unknown",
        severity="info",
        message=f"The language was not recognised as one of {', '.join(LANGS)}; "
        f"checked as {FALLBACK_LANG}. Pass lang= if you know it.",
        start=0,
        end=end,
        suggestion=None,
        source="replytone",
    )


@Language.factory(
    "replytone_checker",
    assigns=["doc._.replytone_report"],
    requires=["doc._.replytone_lang"],
    default_config={"spans_key": SPANS_KEY, "rules": [], "weights": WEIGHTS},
)
def make_checker(
    nlp: Language, name: str, spans_key: str, rules: list[str], weights: dict[str, float]
) -> ReplyChecker:
    return ReplyChecker(nlp, name, spans_key=spans_key, rules=rules, weights=weights)
