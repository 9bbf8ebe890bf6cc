"""The label contract of ../shared/LABELS.md: labels, structure steps, languages.

Everything in replytone that names a label, a step or a language takes it from here.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

# The names as types (for the ruleset schema) and, derived from them, as tuples.
Label = Literal[
    "greeting",
    "empathy",
    "apology",
    "gratitude",
    "solution",
    "clarification",
    "closing",
    "forbidden",
]
Step = Literal["greeting", "understanding", "solution", "farewell"]
Lang = Literal["ru", "lt", "ro", "en"]
Channel = Literal["chat", "email"]
Severity = Literal["error", "warning", "info"]

LABELS: Final[tuple[str, ...]] = get_args(Label)
STEPS: Final[tuple[str, ...]] = get_args(Step)

# Which labels satisfy which step; gratitude and forbidden belong to no step.
STEP_LABELS: Final[dict[str, frozenset[str]]] = {
    "greeting": frozenset({"greeting"}),
    "understanding": frozenset({"empathy", "apology"}),
    "solution": frozenset({"solution", "clarification"}),
    "farewell": frozenset({"closing"}),
}

LANGS: Final[tuple[str, ...]] = get_args(Lang)
CHANNELS: Final[tuple[str, ...]] = get_args(Channel)
SEVERITIES: Final[tuple[str, ...]] = get_args(Severity)


def steps_of(labels: frozenset[str] | set[str]) -> set[str]:
    """The structure steps a sentence with these labels satisfies."""
    return {step for step, labs in STEP_LABELS.items() if labs & labels}
