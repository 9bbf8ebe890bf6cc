"""The label contract of ../shared/LABELS.md: labels, structure steps, languages.

Everything in replytone that names a label, a step or a language takes it from here.
"""

from __future__ import annotations

from typing import Final

LABELS: Final[tuple[str, ...]] = (
    "greeting",
    "empathy",
    "apology",
    "gratitude",
    "solution",
    "clarification",
    "closing",
    "forbidden",
)

STEPS: Final[tuple[str, ...]] = ("greeting", "understanding", "solution", "farewell")

# Which labels satisfy which step; gratitude and forbidden belong to no step.
STEP_LABELS: Final[dict[str, frozenset[str]]] = {
    "greeting": frozenset({"greeting"}),
    "understanding": frozenset({"empathy", "apology"}),
    "solution": frozenset({"solution", "clarification"}),
    "farewell": frozenset({"closing"}),
}

LANGS: Final[tuple[str, ...]] = ("ru", "lt", "ro", "en")

CHANNELS: Final[tuple[str, ...]] = ("chat", "email")

SEVERITIES: Final[tuple[str, ...]] = ("error", "warning", "info")


def steps_of(labels: frozenset[str] | set[str]) -> set[str]:
    """The structure steps a sentence with these labels satisfies."""
    return {step for step, labs in STEP_LABELS.items() if labs & labels}
