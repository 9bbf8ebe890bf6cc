"""Text normalisation shared by the classifier's features and the phrase matcher."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_FOLD_EXTRA = str.maketrans({"ё": "е", "ł": "l", "ı": "i", "’": "'", "‘": "'", "ʼ": "'"})
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
