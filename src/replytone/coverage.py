"""`replytone coverage`: how much of the guidelines is checked, and how well.

One row per rule: where it comes from, its detector kind, how many labelled
examples exercise it, precision and recall on them, and a status. Examples are
the corpus's gold: sentence `rules` tags, reply `rules` tags, and for
structure and label rules the reply's own labels. By default only the test
split is used, which neither the model nor the rules were tuned on.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus.loader import read_corpus, split_corpus
from .corpus.records import ReplyRecord
from .labels import STEPS
from .rules.schema import LabelDetector, NoDetector, Rule, StructureDetector
from .scorer import Scorer, load
from .structure import check_structure

PRECISION_BAR = 0.9
RECALL_BAR = 0.85
MIN_EXAMPLES = 3

SENTENCE_KINDS = ("phrases", "pattern", "regex")
ANY_FORBIDDEN = "(any forbidden rule)"
FORBIDDEN_FAMILY = {
    "tone.aggression",
    "greeting.informal",
    "greeting.unknown_customer",
    "farewell.informal",
    "address.informal",
}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    # "record id: text" of the examples the rule missed and of its false alarms
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, gold: bool, fired: bool, example: str = "") -> None:
        if gold and fired:
            self.tp += 1
        elif fired:
            self.fp += 1
            self.false_alarms.append(example)
        elif gold:
            self.fn += 1
            self.missed.append(example)

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.support if self.support else None


@dataclass
class RuleRow:
    id: str
    sources: list[str]
    languages: list[str]
    kind: str
    examples: int
    precision: float | None
    recall: float | None
    status: str
    fires: int | None = None  # on the --replies file
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class CoverageReport:
    rows: list[RuleRow] = field(default_factory=list)
    split: str | None = None
    statements: int = 0
    checkable: int = 0
    with_detector: int = 0
    verified: int = 0
    replies_scored: int = 0
    forbidden_sentences: Tally | None = None  # any forbidden rule vs the gold forbidden label

    def summary(self) -> str:
        share = self.with_detector / self.checkable if self.checkable else 0.0
        forb = ""
        t = self.forbidden_sentences
        if t is not None and t.support:
            forb = (
                f"; forbidden sentences flagged by any rule: precision {t.precision or 0:.2f}, "
                f"recall {t.recall or 0:.2f} ({t.support} sentences)"
            )
        return (
            f"{self.statements} statements in the guidelines, {self.checkable} checkable from text, "
            f"{self.with_detector} with a detector ({share:.0%}), {self.verified} verified at precision >= {PRECISION_BAR}"
            + forb
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "statements": self.statements,
            "checkable": self.checkable,
            "with_detector": self.with_detector,
            "verified": self.verified,
            "replies_scored": self.replies_scored,
            "forbidden_sentences": None
            if self.forbidden_sentences is None
            else {
                "precision": self.forbidden_sentences.precision,
                "recall": self.forbidden_sentences.recall,
                "support": self.forbidden_sentences.support,
            },
            "rules": [r.to_dict() for r in self.rows],
        }


def _fired(report: Any, rule_id: str) -> bool:
    return any(f.rule == rule_id for f in report.findings)


def _structure_gold(rule: Rule, reply: ReplyRecord) -> bool:
    det = rule.detector
    assert isinstance(det, StructureDetector)
    st = check_structure([s.labels for s in reply.sentences])
    return det.step in (st.missing if det.check == "missing" else st.out_of_order)


def measure(
    scorer: Scorer, corpus_path: Path, split: str | None, langs: Iterable[str] | None = None
) -> dict[str, Tally]:
    corpus = read_corpus(corpus_path)
    if langs is not None:
        keep = set(langs)
        corpus.sentences = [s for s in corpus.sentences if s.lang in keep]
        corpus.replies = [r for r in corpus.replies if r.lang in keep]
    keep_ids: set[str] | None = None
    if split is not None:
        keep_ids = {r["id"] for r in split_corpus(corpus)[split]}
    sentences = [s for s in corpus.sentences if keep_ids is None or s.id in keep_ids]
    replies = [
        r for r in corpus.replies if keep_ids is None or any(s.id in keep_ids for s in r.sentences)
    ]
    rules = [r for r in scorer.checker.ruleset.enabled()]
    tallies = {r.id: Tally() for r in rules}
    tallies[ANY_FORBIDDEN] = Tally()
    # sentence rules, on sentence records that carry rule tags
    for rec in sentences:
        if rec.rules is None:
            continue
        report = scorer.score(rec.text, lang=rec.lang, channel=rec.channel or None)
        fired_ids = {f.rule for f in report.findings}
        tallies[ANY_FORBIDDEN].add(
            "forbidden" in rec.labels,
            bool(fired_ids & FORBIDDEN_FAMILY)
            or any(r.startswith("forbidden.") for r in fired_ids),
        )
        for rule in rules:
            if rec.lang not in rule.languages:
                continue
            det = rule.detector
            if det.kind in SENTENCE_KINDS or (
                isinstance(det, LabelDetector) and det.mode == "present"
            ):
                gold = rule.id in rec.rules
                if isinstance(det, LabelDetector) and det.label == "forbidden":
                    # the fallback for what the lists miss: right when the sentence is forbidden;
                    # sentences a rule it defers to already caught are not its business
                    prefixes = tuple(det.unless_rules)
                    if any(r.startswith(prefixes) for r in fired_ids if r != rule.id):
                        continue
                    gold = "forbidden" in rec.labels
                tallies[rule.id].add(gold, _fired(report, rule.id), f"{rec.id}: {rec.text}")
            elif rule.id == "greeting.unknown_customer":
                tallies[rule.id].add(
                    rule.id in rec.rules, _fired(report, rule.id), f"{rec.id}: {rec.text}"
                )
    # reply rules
    for reply in replies:
        report = scorer.score(
            reply.text,
            lang=reply.lang,
            channel=reply.channel or None,
            customer_name=reply.customer_name,
            sent_at=reply.sent_at,
        )
        gold_labels = [set(s.labels) for s in reply.sentences]
        example = f"{reply.id}: {reply.text[:200]}"
        for rule in rules:
            if reply.lang not in rule.languages:
                continue
            det = rule.detector
            if isinstance(det, StructureDetector):
                tallies[rule.id].add(_structure_gold(rule, reply), _fired(report, rule.id), example)
            elif isinstance(det, LabelDetector) and det.mode == "absent":
                tallies[rule.id].add(
                    not any(det.label in labs for labs in gold_labels),
                    _fired(report, rule.id),
                    example,
                )
            elif (
                det.kind in ("context", "metric")
                and rule.id != "greeting.unknown_customer"
                and reply.rules is not None
                and (not rule.channels or reply.channel in rule.channels)
            ):
                tallies[rule.id].add(rule.id in reply.rules, _fired(report, rule.id), example)
    return tallies


def _status(rule: Rule, tally: Tally | None) -> str:
    det = rule.detector
    if isinstance(det, NoDetector):
        return "not checkable" if det.reason == "not_checkable_from_text" else "no detector"
    if tally is None or tally.support < MIN_EXAMPLES:
        return "unverified"
    p = tally.precision
    return "verified" if p is not None and p >= PRECISION_BAR else "unverified"


def fire_rates(scorer: Scorer, path: Path) -> tuple[Counter[str], int]:
    texts: list[str] = []
    if path.suffix.lower() == ".txt":
        texts = [t for t in path.read_text(encoding="utf-8").split("\n\n") if t.strip()]
    else:
        corpus = read_corpus(path)
        texts = [r.text for r in corpus.replies] + [s.text for s in corpus.sentences]
    counts: Counter[str] = Counter()
    for report in scorer.pipe(texts):
        for rule_id in {f.rule for f in report.findings}:
            counts[rule_id] += 1
    return counts, len(texts)


def coverage(
    corpus: str | Path | None = None,
    *,
    model: str | Path | None = None,
    split: str | None = "test",
    replies: str | Path | None = None,
    rules: Iterable[str | Path] = (),
    langs: Iterable[str] | None = None,
) -> CoverageReport:
    scorer = load(model, rules=rules)
    tallies = measure(scorer, Path(corpus), split, langs) if corpus else {}
    fires, n_replies = fire_rates(scorer, Path(replies)) if replies else (Counter(), 0)
    report = CoverageReport(split=split if corpus else None, replies_scored=n_replies)
    report.forbidden_sentences = tallies.get(ANY_FORBIDDEN)
    for rule in scorer.checker.ruleset:
        tally = tallies.get(rule.id)
        status = _status(rule, tally)
        n_sources = 1 + len(rule.also_sources)
        report.statements += n_sources
        if rule.checkable:
            report.checkable += n_sources
            if rule.detector.kind != "none":
                report.with_detector += n_sources
        if status == "verified":
            report.verified += n_sources
        report.rows.append(
            RuleRow(
                id=rule.id,
                sources=[str(rule.source), *(str(s) for s in rule.also_sources)],
                languages=list(rule.languages),
                kind=rule.detector.kind,
                examples=tally.support if tally else 0,
                precision=None
                if tally is None or tally.precision is None
                else round(tally.precision, 3),
                recall=None if tally is None or tally.recall is None else round(tally.recall, 3),
                status=status,
                fires=fires.get(rule.id, 0) if replies else None,
                missed=tally.missed if tally else [],
                false_alarms=tally.false_alarms if tally else [],
            )
        )
    return report


def to_json(report: CoverageReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


__all__ = ["STEPS", "CoverageReport", "coverage", "to_json"]
