"""Text normalisation shared by the classifier's features and the phrase matcher."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_FOLD_EXTRA_MAP = {"ё": "е", "ł": "l", "ı": "i", "’": "'", "‘": "'", "ʼ": "'"}
_FOLD_EXTRA = str.maketrans(_FOLD_EXTRA_MAP)
# letters that decompose in Unicode but are letters of their own, not accented ones
_KEEP = frozenset("й")


@lru_cache(maxsize=50_000)
def fold(text: str) -> str:
    """Lower case without diacritics, one character for one: 'Mulțumim' -> 'multumim',
    'ещё' -> 'еще', 'мой' stays 'мой'.

    Agents often type without diacritics; folding both sides makes them match.
    """
    out = []
    for ch in text.lower().translate(_FOLD_EXTRA):
        if ch in _KEEP or ch.isascii():
            out.append(ch)
        else:
            out.append(unicodedata.normalize("NFD", ch)[0])
    return "".join(out)


@lru_cache(maxsize=50_000)
def marks(text: str) -> int:
    """The positions of fold(text) whose letter lost a diacritic, as bits: 'tų' -> 0b10.

    Folding goes one way only for matching: a word written with a diacritic also
    matches the word typed without it, but a plain word must not match a different
    word that has one (Lithuanian 'tu' "you" is not 'tų' "of those"). 'ё' is not
    a mark: Russian writes 'е' for it either way.
    """
    bits = 0
    for i, ch in enumerate(text.lower()):
        marked = not ch.isascii() and ch not in _KEEP and ch not in _FOLD_EXTRA_MAP
        if marked and unicodedata.normalize("NFD", ch) != ch:
            bits |= 1 << i
    return bits
