"""The ruleset schema. Every rule encodes one statement of the guidelines.

A rule's detector is one of a closed set of kinds, chosen by its `kind` key;
unknown keys anywhere are rejected, so a typo in a team's YAML is an error,
not a silently ignored setting.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..labels import Channel, Label, Lang, Severity, Step

PhraseMap = dict[Lang, list[str]]

RULE_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
ALL_LANGS: list[Lang] = ["ru", "lt", "ro", "en"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where in the guidelines the statement stands."""

    seed: str
    section: str
    quote: str | None = None

    def __str__(self) -> str:
        return f"{self.seed} «{self.section}»"


class PhrasesDetector(_Strict):
    """Phrases, matched on word forms: `word*` matches any ending, `a|b` either
    word, `...` up to three words in between. A letter written with a diacritic also
    matches its plain form (agents often type without them); a plain letter matches
    only a plain letter, since some words differ by a diacritic alone (lt 'tu', 'tų')."""

    kind: Literal["phrases"]
    phrases: PhraseMap
    case_sensitive: bool = False
    # not when the same sentence (or, with unless_next_sentence, the next one) says one of these
    unless: PhraseMap = Field(default_factory=dict)
    unless_next_sentence: bool = False
    # only in sentences of at most this many words (a bare phrase, not a sentence using it)
    max_sentence_words: int | None = Field(default=None, ge=1)
    # only when the sentence has at most this many words besides the match: the phrase
    # stands bare, apart from an address or a filler («Жаль, понимаю вас, Анна.»)
    max_other_words: int | None = Field(default=None, ge=0)
    # phrases that count only in a sentence the classifier gave the label: words that greet
    # or take leave depending on the sentence («čiau», «ciao», «servus»)
    phrases_when_labelled: dict[Label, PhraseMap] = Field(default_factory=dict)
    # skip matches on a sentence's first word (capitalisation checks)
    not_at_sentence_start: bool = False
    # also match inside quotation marks; by default a quote is not the agent speaking
    # (the customer's words «я не знаю, где посылка», a name «Солнышко», a button)
    in_quotes: bool = False


class PatternDetector(_Strict):
    """spaCy Matcher token patterns, for what phrases cannot say."""

    kind: Literal["pattern"]
    patterns: dict[Lang, list[list[dict[str, Any]]]]


class RegexDetector(_Strict):
    """A regular expression over the reply's characters."""

    kind: Literal["regex"]
    regex: str

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as e:
            raise ValueError(f"regex does not compile: {e}") from e
        return value


class LabelDetector(_Strict):
    """mode present: each sentence the classifier gave the label, unless it says
    one of `unless` or a rule listed in `unless_rules` already reported it.
    mode absent: the reply has no sentence with the label at all."""

    kind: Literal["label"]
    label: Label
    mode: Literal["present", "absent"] = "present"
    min_probability: float | None = Field(default=None, ge=0.0, le=1.0)
    unless: PhraseMap = Field(default_factory=dict)
    unless_rules: list[str] = Field(default_factory=list)


class StructureDetector(_Strict):
    """A step of greeting → understanding → solution → farewell missing or out of order."""

    kind: Literal["structure"]
    step: Step
    check: Literal["missing", "out_of_order"]


WishSlot = Literal["day", "evening", "weekend"]


class ContextDetector(_Strict):
    """Checks that need what the caller knows: the customer's name, the time sent."""

    kind: Literal["context"]
    check: Literal["customer_name_in_greeting", "farewell_by_time", "unknown_customer"]
    phrases: PhraseMap = Field(default_factory=dict)
    wishes: dict[WishSlot, PhraseMap] = Field(default_factory=dict)
    evening_from_hour: int = Field(default=16, ge=0, le=23)
    friday_weekend_from_hour: int = Field(default=13, ge=0, le=23)

    @model_validator(mode="after")
    def _needs(self) -> ContextDetector:
        if self.check == "farewell_by_time" and set(self.wishes) != {"day", "evening", "weekend"}:
            raise ValueError("farewell_by_time needs wishes for day, evening and weekend")
        if self.check == "unknown_customer" and not self.phrases:
            raise ValueError("unknown_customer needs phrases")
        return self


class Condition(_Strict):
    """When an `expects` rule applies; every field given must hold."""

    label: Label | None = None  # the reply has at least `min_count` sentences with this label
    min_count: int = Field(default=1, ge=1)
    phrases: PhraseMap = Field(default_factory=dict)  # the reply says one of these
    channel: Channel | None = None
    # the customer is known: customer_name given, or the greeting names them (True), or not (False)
    customer_known: bool | None = None
    min_words: int | None = Field(default=None, ge=1)


class ExpectsDetector(_Strict):
    """Where `when` holds, the reply should say one of `phrases` or have a sentence
    labelled `label`; the finding points at the end of the reply."""

    kind: Literal["expects"]
    when: Condition = Field(default_factory=Condition)
    phrases: PhraseMap = Field(default_factory=dict)
    label: Label | None = None

    @model_validator(mode="after")
    def _expects_something(self) -> ExpectsDetector:
        if not self.phrases and self.label is None:
            raise ValueError("expects needs phrases or a label")
        return self


class MetricDetector(_Strict):
    """Measures of the whole reply: length by channel, layout of instructions."""

    kind: Literal["metric"]
    metric: Literal[
        "chat_too_long",
        "email_unstructured",
        "steps_not_numbered",
        "resolution_not_checked",
        "complaint_without_solution",
        "stock_only",
        "generic_reply",
        "monologue",
        "long_sentences",
    ]
    max_words: int | None = Field(default=None, ge=1)
    min_steps: int = Field(default=3, ge=2)
    # a regex per language for the first word of an instruction step
    step_markers: dict[Lang, str] = Field(default_factory=dict)


class NoDetector(_Strict):
    """A statement no text check can see (a phone call, a process), kept so that
    coverage is measured against the whole guideline."""

    kind: Literal["none"]
    reason: Literal["not_checkable_from_text", "not_implemented"]
    note: str | None = None


Detector = Annotated[
    PhrasesDetector
    | PatternDetector
    | RegexDetector
    | LabelDetector
    | StructureDetector
    | ContextDetector
    | MetricDetector
    | ExpectsDetector
    | NoDetector,
    Field(discriminator="kind"),
]

DETECTOR_KINDS: tuple[str, ...] = (
    "phrases",
    "pattern",
    "regex",
    "label",
    "structure",
    "context",
    "metric",
    "expects",
    "none",
)


class Rule(_Strict):
    id: str = Field(pattern=RULE_ID)
    statement: str = Field(min_length=1)
    source: Source
    # the same statement where other seeds make it too
    also_sources: list[Source] = Field(default_factory=list)
    languages: list[Lang] = Field(default_factory=lambda: list(ALL_LANGS))
    channels: list[Channel] | None = None
    severity: Severity = "warning"
    message: str = ""
    suggestion: dict[Lang, str] | None = None
    detector: Detector
    enabled: bool = True
    # a finding gives its sentence this label in the report, whatever the classifier said:
    # a listed forbidden phrase is forbidden (LABELS.md), and the classifier is there for
    # the paraphrases the lists miss. Only `forbidden`: it is no step of the structure,
    # so the structure checked before the rules stays right.
    sets_label: Literal["forbidden"] | None = None

    @model_validator(mode="after")
    def _message_for_checks(self) -> Rule:
        if self.detector.kind != "none" and not self.message:
            raise ValueError("a rule with a detector needs a message")
        return self

    @property
    def checkable(self) -> bool:
        return not (
            isinstance(self.detector, NoDetector)
            and self.detector.reason == "not_checkable_from_text"
        )


class RuleOverride(_Strict):
    """A team's change to a rule it did not write."""

    id: str = Field(pattern=RULE_ID)
    enabled: bool | None = None
    severity: Severity | None = None
    add_phrases: PhraseMap = Field(default_factory=dict)
    # built-in phrases that raise false alarms in the team's replies, written exactly as
    # in the rule; a phrase the rule does not have is an error, so a typo is not lost
    remove_phrases: PhraseMap = Field(default_factory=dict)
    # more `unless` phrases: the rule stays quiet in sentences that say one of these
    add_unless: PhraseMap = Field(default_factory=dict)


class RulesetFile(_Strict):
    version: Literal[1]
    rules: list[Rule] = Field(default_factory=list)
    override: list[RuleOverride] = Field(default_factory=list)
