"""Phrases of the ruleset, compiled to spaCy Matcher token patterns."""

from __future__ import annotations

import re
from typing import Any, Final

from spacy.tokenizer import Tokenizer

# A letter with a diacritic also matches the letters agents type instead of it.
_FOLD: Final[dict[str, str]] = {
    "ą": "ąa", "č": "čc", "ę": "ęe", "ė": "ėe", "į": "įi", "š": "šs", "ų": "ųu", "ū": "ūu",
    "ž": "žz", "ă": "ăa", "â": "âa", "î": "îi", "ș": "șşs", "ş": "şșs", "ț": "țţt", "ţ": "ţțt",
    "ё": "ёе",
}  # fmt: skip
GAP: Final = "..."
MAX_GAP: Final = 3


def _char_class(ch: str) -> str:
    folded = _FOLD.get(ch)
    return f"[{folded}]" if folded else re.escape(ch)


def _needs_regex(alt: str) -> bool:
    return alt.endswith("*") or any(ch in _FOLD for ch in alt)


def _alt_regex(alt: str) -> str:
    stem = alt[:-1] if alt.endswith("*") else alt
    body = "".join(_char_class(ch) for ch in stem)
    return body + (r"\w*" if alt.endswith("*") else "")


def word_spec(word: str, case_sensitive: bool) -> dict[str, Any]:
    """One token pattern for a word like `знаю|знаем`, `проблем*` or `dėkojame`."""
    attr = "ORTH" if case_sensitive else "LOWER"
    alts = [a if case_sensitive else a.lower() for a in word.split("|") if a]
    if any(_needs_regex(a) for a in alts):
        return {attr: {"REGEX": "^(?:" + "|".join(_alt_regex(a) for a in alts) + ")$"}}
    if len(alts) > 1:
        return {attr: {"IN": alts}}
    return {attr: alts[0]}


def expand_phrase(phrase: str, tokenizer: Tokenizer, limit: int = 64) -> list[str]:
    """Split `a|b` words whose alternatives are several tokens (`что-нибудь|что-то`)
    into separate phrases, since one token pattern cannot match them."""
    variants = [""]
    for word in phrase.split():
        alts = [word]
        if (
            "|" in word
            and "*" not in word
            and any(len(tokenizer(a)) > 1 for a in word.split("|") if a)
        ):
            alts = [a for a in word.split("|") if a]
        variants = [f"{v} {a}".strip() for v in variants for a in alts][:limit]
    return variants


def phrase_patterns(
    phrase: str, tokenizer: Tokenizer, case_sensitive: bool = False
) -> list[list[dict[str, Any]]]:
    """The Matcher patterns for a phrase of the ruleset's mini-syntax."""
    return [phrase_pattern(p, tokenizer, case_sensitive) for p in expand_phrase(phrase, tokenizer)]


def phrase_pattern(
    phrase: str, tokenizer: Tokenizer, case_sensitive: bool = False
) -> list[dict[str, Any]]:
    """A Matcher pattern for one phrase without multi-token alternatives."""
    pattern: list[dict[str, Any]] = []
    for word in phrase.split():
        if word == GAP:
            pattern.append({"OP": f"{{0,{MAX_GAP}}}"})
        elif "*" in word or "|" in word:
            pattern.append(word_spec(word, case_sensitive))
        else:
            # plain words go through the tokenizer, so "дня!" or "т.е." split as in text
            for token in tokenizer(word):
                pattern.append(word_spec(token.text, case_sensitive))
    if not pattern or all("OP" in p for p in pattern):
        raise ValueError(f"empty phrase {phrase!r}")
    return pattern
