"""Apply a ruleset to an analysed reply and produce findings.

`ReplyView` is everything a detector may look at: the Doc, its sentences with
their labels and probabilities, the structure verdict and what the caller told
us (language, channel, customer name, time sent). One function per detector kind.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..normalise import fold
from ..report import Finding
from ..segmentation import doc_text, is_word, token_texts
from ..structure import Structure
from .loader import Ruleset
from .matching import PhraseIndex
from .schema import (
    ContextDetector,
    ExpectsDetector,
    LabelDetector,
    MetricDetector,
    PatternDetector,
    PhraseMap,
    PhrasesDetector,
    RegexDetector,
    Rule,
    StructureDetector,
)

_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*–—])\s*")
_DIGIT = re.compile(r"\d")
# a quotation on one line: the customer's words, a name, a button; «…» may hold „…“
_QUOTED = re.compile(r'«[^«»\n]{1,300}»|“[^“”\n]{1,300}”|„[^„“”\n]{1,300}[“”]|"[^"\n]{1,300}"')
_QUOTE_OPENERS = ("«", "“", "„", '"')


@dataclass
class Context:
    lang: str
    channel: str | None = None
    customer_name: str | None = None
    sent_at: datetime | None = None


@dataclass
class ReplyView:
    doc: Doc
    sentences: list[Span]
    labels: list[set[str]]
    scores: list[dict[str, float]]
    structure: Structure
    context: Context
    token_sentence: list[int] = field(default_factory=list)
    text: str = ""  # doc.text, built once: spaCy rebuilds it on every access
    words: list[str] = field(default_factory=list)  # token strings
    sentence_words: list[int] = field(default_factory=list)  # words (not punctuation) per sentence
    _quotes: list[tuple[int, int]] | None = None  # found when first asked

    def __post_init__(self) -> None:
        self.text = doc_text(self.doc)
        self.words = token_texts(self.doc)
        self.token_sentence = [-1] * len(self.doc)
        for i, sent in enumerate(self.sentences):
            for t in range(sent.start, sent.end):
                self.token_sentence[t] = i
        self.sentence_words = [
            sum(map(is_word, self.words[s.start : s.end])) for s in self.sentences
        ]

    @property
    def n_words(self) -> int:
        return sum(self.sentence_words)

    def quoted(self, start_char: int, end_char: int) -> bool:
        """Whether the characters stand inside quotation marks."""
        if self._quotes is None:
            text = self.text
            self._quotes = (
                [m.span() for m in _QUOTED.finditer(text)]
                if any(q in text for q in _QUOTE_OPENERS)
                else []
            )
        return any(s < start_char and end_char < e for s, e in self._quotes)

    def sentence_text(self, i: int) -> str:
        """Sentence i's text, sliced from the reply's (Span.text makes a Token per token)."""
        sent = self.sentences[i]
        return self.text[sent.start_char : sent.end_char]

    def sentence_of(self, start: int, end: int) -> int:
        """The sentence that holds tokens start..end, or -1 if they cross a boundary."""
        i = self.token_sentence[start]
        return i if i >= 0 and self.token_sentence[end - 1] == i else -1


Matches = dict[str, list[tuple[int, int]]]
# a detector kind's check: (rule, reply, phrase matches, findings so far) -> new findings
_Check = Callable[["Rule", "ReplyView", Matches, list[Finding]], list[Finding]]


def _chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


class CompiledRuleset:
    """A ruleset ready to run: each language's phrases compiled once, into one index and
    one Matcher, when the first reply in that language is checked (so that a process
    scoring one language does not pay for the other three at start-up)."""

    def __init__(self, ruleset: Ruleset, vocab: Vocab, tokenizer: Callable[[str], Doc]) -> None:
        self.ruleset = ruleset
        # label rules last: they skip sentences that other rules (unless_rules) already reported
        self.rules = sorted(ruleset.enabled(), key=lambda r: r.detector.kind == "label")
        self._vocab = vocab
        self._tokenizer = tokenizer
        self._compiled: set[str] = set()
        self._compile_lock = threading.Lock()  # Dask workers may check replies in threads
        self._phrases: dict[str, PhraseIndex] = {}
        self._patterns: dict[str, Matcher] = {}  # spaCy token patterns (pattern detectors)
        self._checks: dict[tuple[str, str | None], list[tuple[Rule, _Check]]] = {}

    def _compile(self, lang: str) -> None:
        for rule in self.rules:
            if lang not in rule.languages:
                continue
            for key, phrases, case in self._phrase_keys(rule, lang):
                if phrases:
                    index = self._phrases.setdefault(lang, PhraseIndex(self._tokenizer))
                    index.add(key, phrases, case)
            det = rule.detector
            if isinstance(det, PatternDetector) and det.patterns.get(lang):
                matcher = self._patterns.setdefault(lang, Matcher(self._vocab))
                matcher.add(rule.id, det.patterns[lang])
        self._compiled.add(lang)

    @staticmethod
    def _phrase_keys(rule: Rule, lang: str) -> list[tuple[str, list[str], bool]]:
        det = rule.detector

        def get(m: PhraseMap) -> list[str]:
            return list(m.get(lang, []))  # type: ignore[call-overload]

        keys: list[tuple[str, list[str], bool]] = []
        if isinstance(det, PhrasesDetector):
            keys.append((rule.id, get(det.phrases), det.case_sensitive))
            keys.append((rule.id + "#unless", get(det.unless), False))
            for label, phrases in det.phrases_when_labelled.items():
                keys.append((f"{rule.id}#label:{label}", get(phrases), det.case_sensitive))
        elif isinstance(det, LabelDetector):
            keys.append((rule.id + "#unless", get(det.unless), False))
        elif isinstance(det, ExpectsDetector):
            keys.append((rule.id, get(det.phrases), False))
            keys.append((rule.id + "#when", get(det.when.phrases), False))
        elif isinstance(det, ContextDetector):
            keys.append((rule.id, get(det.phrases), False))
            for slot, phrases in det.wishes.items():
                keys.append((f"{rule.id}#wish:{slot}", get(phrases), False))
        return keys

    def _checks_for(self, ctx: Context) -> list[tuple[Rule, _Check]]:
        """The rules that apply to a reply's language and channel, with their checks."""
        key = (ctx.lang, ctx.channel)
        checks = self._checks.get(key)
        if checks is None:
            checks = self._checks[key] = [
                (rule, _CHECKS[rule.detector.kind])
                for rule in self.rules
                if self.applies(rule, ctx) and rule.detector.kind in _CHECKS
            ]
        return checks

    def applies(self, rule: Rule, ctx: Context) -> bool:
        if ctx.lang not in rule.languages:
            return False
        return not (rule.channels and ctx.channel not in rule.channels)

    def check(self, view: ReplyView) -> list[Finding]:
        ctx = view.context
        matches: Matches = defaultdict(list)
        if len(view.doc):
            if ctx.lang not in self._compiled:
                with self._compile_lock:
                    if ctx.lang not in self._compiled:
                        self._compile(ctx.lang)
            index = self._phrases.get(ctx.lang)
            if index is not None:
                for key, start, end in index(view.words):
                    matches[key].append((start, end))
            matcher = self._patterns.get(ctx.lang)
            if matcher is not None:
                strings = view.doc.vocab.strings
                for match_id, start, end in matcher(view.doc):
                    matches[strings[match_id]].append((start, end))
        findings: list[Finding] = []
        for rule, check in self._checks_for(ctx):
            findings.extend(check(rule, view, matches, findings))
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return findings


def _finding(
    rule: Rule, view: ReplyView, start: int, end: int, suggestion: str | None = None
) -> Finding:
    ctx = view.context
    if suggestion is None and rule.suggestion:
        suggestion = rule.suggestion.get(ctx.lang)  # type: ignore[call-overload]
    if suggestion and "{name}" in suggestion:
        suggestion = suggestion.replace("{name}", ctx.customer_name or "").replace(" ,", ",")
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        message=rule.message,
        start=start,
        end=end,
        suggestion=suggestion,
        source=str(rule.source),
        match=view.text[start:end],
    )


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping matches, the longest kept where two overlap."""
    if not spans:
        return []
    taken = bytearray(max(e for _, e in spans))
    kept: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0] - x[1], x[0])):
        if not any(taken[s:e]):
            taken[s:e] = b"\x01" * (e - s)
            kept.append((s, e))
    return sorted(kept)


def _sentences_with(view: ReplyView, matches: Matches, key: str) -> set[int]:
    return {view.sentence_of(s, e) for s, e in matches.get(key, [])} - {-1}


def add_rule_labels(
    ruleset: Ruleset, findings: list[Finding], sents: list[Span], labels: list[set[str]]
) -> None:
    """Add to labels what the findings of rules with `sets_label` say of their sentences."""
    for f in findings:
        rule = ruleset.rules.get(f.rule)
        if rule is None or rule.sets_label is None:
            continue
        for i, s in enumerate(sents):
            if s.start_char <= f.start < s.end_char:
                labels[i].add(rule.sets_label)
                break


def check_phrases(rule: Rule, view: ReplyView, matches: Matches, _: list[Finding]) -> list[Finding]:
    det = rule.detector
    assert isinstance(det, PhrasesDetector)
    unless = _sentences_with(view, matches, rule.id + "#unless")
    spans = list(matches.get(rule.id, []))
    for label in det.phrases_when_labelled:
        spans += [
            (s, e)
            for s, e in matches.get(f"{rule.id}#label:{label}", [])
            if (i := view.sentence_of(s, e)) >= 0 and label in view.labels[i]
        ]
    out = []
    for start, end in _longest_first(spans):
        i = view.sentence_of(start, end)
        if i < 0 or i in unless or (det.unless_next_sentence and i + 1 in unless):
            continue
        sent = view.sentences[i]
        if det.max_sentence_words is not None and view.sentence_words[i] > det.max_sentence_words:
            continue
        if det.not_at_sentence_start and start == sent.start:
            continue
        if det.max_other_words is not None:
            in_match = sum(1 for w in view.words[start:end] if is_word(w))
            if view.sentence_words[i] - in_match > det.max_other_words:
                continue
        s, e = _chars(view.doc[start:end])
        if not det.in_quotes and view.quoted(s, e):
            continue
        out.append(_finding(rule, view, s, e))
    return out


def check_pattern(rule: Rule, view: ReplyView, matches: Matches, _: list[Finding]) -> list[Finding]:
    out = []
    for start, end in _longest_first(matches.get(rule.id, [])):
        if view.sentence_of(start, end) >= 0:
            out.append(_finding(rule, view, *_chars(view.doc[start:end])))
    return out


def check_regex(rule: Rule, view: ReplyView, _m: Matches, _f: list[Finding]) -> list[Finding]:
    det = rule.detector
    assert isinstance(det, RegexDetector)
    return [_finding(rule, view, m.start(), m.end()) for m in re.finditer(det.regex, view.text)]


def check_label(
    rule: Rule, view: ReplyView, matches: Matches, found: list[Finding]
) -> list[Finding]:
    det = rule.detector
    assert isinstance(det, LabelDetector)
    if det.mode == "absent":
        if not view.sentences or any(det.label in labs for labs in view.labels):
            return []
        end = view.sentences[-1].end_char
        return [_finding(rule, view, end, end)]
    unless = _sentences_with(view, matches, rule.id + "#unless")
    prefixes = tuple(det.unless_rules)
    covered = [(f.start, f.end) for f in found if prefixes and f.rule.startswith(prefixes)]
    out = []
    for i, sent in enumerate(view.sentences):
        if det.label not in view.labels[i] or i in unless:
            continue
        if (
            det.min_probability is not None
            and view.scores[i].get(det.label, 0.0) < det.min_probability
        ):
            continue
        s, e = _chars(sent)
        if any(cs < e and ce > s for cs, ce in covered):
            continue
        out.append(_finding(rule, view, s, e))
    return out


def _insertion_point(view: ReplyView, step: str) -> tuple[int, int]:
    if step == "greeting" or not view.sentences:
        return 0, 0
    if step == "farewell":
        end = view.sentences[-1].end_char
        return end, end
    first = view.structure.first_sentence
    before = [first[s] for s in ("greeting", "understanding") if s in first]
    pos = view.sentences[max(before)].end_char if before else 0
    return pos, pos


def check_structure_rule(
    rule: Rule, view: ReplyView, _m: Matches, _f: list[Finding]
) -> list[Finding]:
    det = rule.detector
    assert isinstance(det, StructureDetector)
    if not view.sentences:
        return []
    st = view.structure
    if det.check == "missing" and det.step in st.missing:
        return [_finding(rule, view, *_insertion_point(view, det.step))]
    if det.check == "out_of_order" and det.step in st.out_of_order:
        sent = view.sentences[st.first_sentence[det.step]]
        return [_finding(rule, view, *_chars(sent))]
    return []


def _name_stems(name: str) -> list[str]:
    """Stems of each part of a name, folded: 'Rūta' matches 'Ruta', 'Tomas' 'Tomai'."""
    stems = []
    for part in name.split():
        low = fold(part.strip(".,"))
        if len(low) > 1:
            stems.append(low[: max(3, len(low) - 2)])
    return stems


def _wish_slot(sent_at: datetime, det: ContextDetector) -> str:
    if sent_at.weekday() == 4 and sent_at.hour >= det.friday_weekend_from_hour:
        return "weekend"
    return "evening" if sent_at.hour >= det.evening_from_hour else "day"


def check_context(
    rule: Rule, view: ReplyView, matches: Matches, _f: list[Finding]
) -> list[Finding]:
    det = rule.detector
    assert isinstance(det, ContextDetector)
    ctx = view.context
    if det.check == "customer_name_in_greeting":
        first = view.structure.first_sentence.get("greeting")
        if not ctx.customer_name or first is None:
            return []
        sent = view.sentences[first]
        stems = _name_stems(ctx.customer_name)
        words = [fold(w) for w in view.words[sent.start : sent.end]]
        if any(w.startswith(stem) for stem in stems for w in words):
            return []
        return [_finding(rule, view, *_chars(sent))]
    if det.check == "unknown_customer":
        if ctx.customer_name:
            return []
        return [
            _finding(rule, view, *_chars(view.doc[s:e]))
            for s, e in _longest_first(matches.get(rule.id, []))
        ]
    # farewell_by_time
    if ctx.sent_at is None or not view.sentences:
        return []
    want: Any = _wish_slot(ctx.sent_at, det)
    suggestion = det.wishes[want].get(ctx.lang, [""])[0].replace("*", "").capitalize()  # type: ignore[call-overload]
    if matches.get(f"{rule.id}#wish:{want}"):
        return []
    for slot in ("day", "evening", "weekend"):
        if slot != want and matches.get(f"{rule.id}#wish:{slot}"):
            s, e = matches[f"{rule.id}#wish:{slot}"][0]
            return [_finding(rule, view, *_chars(view.doc[s:e]), suggestion=suggestion + "!")]
    if "farewell" in view.structure.missing:
        return []  # no farewell at all is structure.farewell_missing's finding
    end = view.sentences[-1].end_char
    return [_finding(rule, view, end, end, suggestion=suggestion + "!")]


def _is_step(view: ReplyView, sent: Span, marker: re.Pattern[str] | None) -> bool:
    # token strings, not Token objects: the same is_alpha and lower_, without the objects
    words = [w for w in view.words[sent.start : sent.end] if w.isalpha()]
    if not words or marker is None:
        return False
    return any(marker.search(w.lower()) for w in words[:2])


def check_metric(rule: Rule, view: ReplyView, _m: Matches, _f: list[Finding]) -> list[Finding]:
    det = rule.detector
    assert isinstance(det, MetricDetector)
    ctx = view.context
    if not view.sentences:
        return []
    whole = (0, len(view.text))
    n_words = view.n_words
    if det.metric == "chat_too_long":
        return [_finding(rule, view, *whole)] if det.max_words and n_words > det.max_words else []
    if det.metric == "email_unstructured":
        long_enough = det.max_words is None or n_words > det.max_words
        return (
            [_finding(rule, view, *whole)] if long_enough and "\n" not in view.text.strip() else []
        )
    if det.metric == "stock_only":
        substance = {"solution", "clarification", "empathy", "apology", "forbidden"}
        stock = {"greeting", "gratitude", "closing"}
        labels = set().union(*view.labels)
        return [_finding(rule, view, *whole)] if labels & stock and not labels & substance else []
    if det.metric == "generic_reply":
        name = ctx.customer_name
        personal = _DIGIT.search(view.text) is not None or (
            name is not None and any(stem in fold(view.text) for stem in _name_stems(name))
        )
        has_empathy = any("empathy" in labs for labs in view.labels)
        long_enough = det.max_words is None or n_words >= det.max_words
        return (
            [_finding(rule, view, *whole)]
            if long_enough and not personal and not has_empathy
            else []
        )
    if det.metric == "monologue":
        long_reply = det.max_words is not None and n_words > det.max_words
        return [_finding(rule, view, *whole)] if long_reply and "?" not in view.text else []
    if det.metric == "long_sentences":
        mean = n_words / len(view.sentences)
        return [_finding(rule, view, *whole)] if det.max_words and mean > det.max_words else []
    if det.metric == "complaint_without_solution":
        has_apology = any("apology" in labs for labs in view.labels)
        return (
            [_finding(rule, view, *whole)]
            if has_apology and "solution" in view.structure.missing
            else []
        )
    pattern = det.step_markers.get(ctx.lang)  # type: ignore[call-overload]
    marker = re.compile(pattern) if pattern else None  # re keeps compiled patterns
    steps = [
        i for i, s in enumerate(view.sentences)
        if "solution" in view.labels[i] and _is_step(view, s, marker)
    ]  # fmt: skip
    if len(steps) < det.min_steps:
        return []
    if det.metric == "steps_not_numbered":
        numbered = sum(1 for i in steps if _LIST_MARKER.match(view.sentence_text(i)))
        if numbered >= len(steps) - 1:
            return []
        return [
            _finding(
                rule, view, view.sentences[steps[0]].start_char, view.sentences[steps[-1]].end_char
            )
        ]
    # resolution_not_checked: a technical answer should ask whether it helped
    asks = any(
        "closing" in view.labels[i] and view.sentence_text(i).rstrip().endswith("?")
        for i in range(len(view.sentences))
    )
    end = view.sentences[-1].end_char
    return [] if asks else [_finding(rule, view, end, end)]


def _customer_known(view: ReplyView) -> bool:
    """The caller gave the customer's name, or the greeting addresses someone by name
    (a capitalised word after the greeting's first word: «Здравствуйте, Анна!")."""
    if view.context.customer_name is not None:
        return True
    first = view.structure.first_sentence.get("greeting")
    if first is None:
        return False
    sent = view.sentences[first]
    words = [w for w in view.words[sent.start : sent.end] if w.isalpha()]
    return any(len(w) > 1 and w[0].isupper() for w in words[1:])


def check_expects(
    rule: Rule, view: ReplyView, matches: Matches, _f: list[Finding]
) -> list[Finding]:
    det = rule.detector
    assert isinstance(det, ExpectsDetector)
    if not view.sentences:
        return []
    when, ctx = det.when, view.context
    if when.label is not None and sum(when.label in labs for labs in view.labels) < when.min_count:
        return []
    if when.phrases and not matches.get(rule.id + "#when"):
        return []
    if when.channel is not None and ctx.channel != when.channel:
        return []
    if when.customer_known is not None and _customer_known(view) != when.customer_known:
        return []
    if when.min_words is not None and view.n_words < when.min_words:
        return []
    if matches.get(rule.id) or (
        det.label is not None and any(det.label in labs for labs in view.labels)
    ):
        return []
    end = view.sentences[-1].end_char
    return [_finding(rule, view, end, end)]


_CHECKS: dict[str, _Check] = {
    "expects": check_expects,
    "phrases": check_phrases,
    "pattern": check_pattern,
    "regex": check_regex,
    "label": check_label,
    "structure": check_structure_rule,
    "context": check_context,
    "metric": check_metric,
}
