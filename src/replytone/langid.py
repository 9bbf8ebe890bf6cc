"""Language identification for replies: ru, lt, ro, en, or None when unsure.

Support replies are short and often typed without diacritics, so the decision
combines the script, language-specific letters and frequent function words
rather than a statistical model: it is fast, explainable and has no data file.
"""

from __future__ import annotations

import re
from typing import Final

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Letters that belong to one supported language (or mark another one).
_LT_LETTERS: Final = frozenset("ąčęėįšųūž")
_RO_LETTERS: Final = frozenset("ăâîșțşţ")
_OTHER_CYRILLIC: Final = frozenset("іїєґўђјљњћџѓќ")  # uk, be, sr, mk: not Russian
_OTHER_LATIN: Final = frozenset("äöüßłńśźżñçãõøåæœèéêëàùûÿìíïóòôúýðþőű")

# Frequent words, written as typed with and without diacritics.
_FUNCTION_WORDS: Final[dict[str, frozenset[str]]] = {
    "lt": frozenset(
        [
            "ir",
            "kad",
            "jūs",
            "jus",
            "jums",
            "jūsų",
            "jusu",
            "mes",
            "mūsų",
            "musu",
            "yra",
            "bus",
            "buvo",
            "tai",
            "ar",
            "su",
            "į",
            "is",
            "iš",
            "nuo",
            "dėl",
            "del",
            "prie",
            "kaip",
            "jau",
            "dar",
            "labai",
            "ačiū",
            "aciu",
            "dėkojame",
            "dekojame",
            "laba",
            "diena",
            "sveiki",
            "prašome",
            "prasome",
            "galite",
            "galėsite",
            "turite",
            "reikia",
            "užsakymas",
            "uzsakymas",
            "užsakymo",
            "uzsakymo",
            "atsiprašome",
            "atsiprasome",
            "pagarbiai",
            "mielai",
            "gerb",
            "kai",
            "kur",
            "kol",
            "tik",
            "ne",
            "nes",
            "taip",
            "pat",
            "šiandien",
            "siandien",
            "rytoj",
            "geros",
            "dienos",
            "vakaro",
        ]
    ),
    "ro": frozenset(
        [
            "și",
            "si",
            "în",
            "vă",
            "va",
            "dumneavoastră",
            "dumneavoastra",
            "este",
            "sunt",
            "pentru",
            "cu",
            "de",
            "la",
            "nu",
            "ne",
            "noi",
            "să",
            "sa",
            "că",
            "ca",
            "pe",
            "un",
            "o",
            "mai",
            "care",
            "acest",
            "această",
            "aceasta",
            "vom",
            "mulțumim",
            "multumim",
            "bună",
            "buna",
            "ziua",
            "vă",
            "rugăm",
            "rugam",
            "comanda",
            "comanda",
            "contul",
            "puteți",
            "puteti",
            "ați",
            "ati",
            "fost",
            "avem",
            "îmi",
            "imi",
            "cerem",
            "scuze",
            "stimă",
            "stima",
            "astăzi",
            "astazi",
            "mâine",
            "maine",
            "zi",
            "frumoasă",
            "frumoasa",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "you",
            "your",
            "to",
            "is",
            "are",
            "we",
            "for",
            "of",
            "please",
            "thank",
            "thanks",
            "in",
            "it",
            "have",
            "has",
            "will",
            "this",
            "that",
            "our",
            "with",
            "be",
            "can",
            "could",
            "would",
            "i",
            "my",
            "me",
            "on",
            "at",
            "from",
            "as",
            "was",
            "not",
            "if",
            "an",
            "or",
            "so",
            "do",
            "does",
            "did",
            "sorry",
            "hello",
            "hi",
            "dear",
            "regards",
            "order",
            "account",
            "help",
            "let",
            "know",
            "here",
        ]
    ),
}

MIN_CONFIDENCE: Final = 0.15
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _count(text: str, chars: frozenset[str]) -> int:
    return sum(text.count(ch) for ch in chars)


def detect_language(text: str) -> tuple[str | None, float]:
    """Return (language code, confidence in 0..1); the code is None when unsure."""
    words = _WORD.findall(text.lower())
    if not words:
        return None, 0.0
    letters = "".join(words)
    # counted by C loops (regex, str.count): this runs on every reply
    n_cyr = len(letters) - len(_CYRILLIC.sub("", letters))
    if n_cyr > len(letters) / 2:
        if _count(letters, _OTHER_CYRILLIC) > max(1, n_cyr // 100):
            return None, 0.0
        return "ru", n_cyr / len(letters)
    latin_words = [w for w in words if not _CYRILLIC.search(w)]
    if not latin_words:
        return None, 0.0
    scores = {
        lang: sum(map(vocab.__contains__, latin_words)) / len(latin_words)
        for lang, vocab in _FUNCTION_WORDS.items()
    }
    n_lt = _count(letters, _LT_LETTERS)
    n_ro = _count(letters, _RO_LETTERS)
    n_other = _count(letters, _OTHER_LATIN)
    # A language's own letters are strong evidence, worth several function words.
    scores["lt"] += 3 * n_lt / len(latin_words)
    scores["ro"] += 3 * n_ro / len(latin_words)
    if n_other > n_lt + n_ro and n_other >= 2:
        return None, 0.0
    lang = max(scores, key=lambda k: scores[k])
    if scores[lang] < MIN_CONFIDENCE:
        return None, scores[lang]
    return lang, min(1.0, scores[lang])
