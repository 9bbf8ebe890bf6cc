"""Sentence segmentation for support replies.

Replies break sentences at line ends as often as at punctuation (greeting lines,
list items, sign-offs), and chat writes "!!!" or emoji after the end mark. spaCy's
rule-based sentencizer only knows punctuation, so replytone sets boundaries itself.

The segmenter works on the token strings (no Token objects: they are costly to
make) and leaves the content sentences' bounds on the Doc, so that the classifier
and the checker do not segment again.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import Final

from spacy.tokens import Doc, Span

_TERMINAL_CHARS: Final = ".!?…"
_OPENERS: Final = frozenset("«\"“„'‘([{—–-•*")

# Tokens before a "." that do not end a sentence; lower case, without the dot.
ABBREVIATIONS: Final[frozenset[str]] = frozenset(
    [
        "т.е",
        "т.к",
        "т.д",
        "т.п",
        "т.н",
        "др",
        "г",
        "гг",
        "ул",
        "д",
        "кв",
        "стр",
        "руб",
        "коп",
        "тел",
        "им",
        "напр",
        "см",
        "пр",
        "pvz",
        "el",
        "dvs",
        "d-voastră",
        "t.y",
        "t.t",
        "nr",
        "tel",
        "g",
        "d",
        "val",
        "kt",
        "pan",
        "gerb",
        "sk",
        "žr",
        "zr",
        "str",
        "dl",
        "dna",
        "dnei",
        "nr",
        "tel",
        "ex",
        "pag",
        "art",
        "mr",
        "mrs",
        "ms",
        "dr",
        "e.g",
        "i.e",
        "vs",
        "approx",
        "st",
        "no",
        "jr",
        "sr",
        "etc.",
    ]
)

MAX_SENTENCE_TOKENS: Final = 200

# set by the segmenter: the token strings, and the (start, end) of each content sentence
if not Doc.has_extension("replytone_words"):
    Doc.set_extension("replytone_words", default=None)
if not Doc.has_extension("replytone_sentence_bounds"):
    Doc.set_extension("replytone_sentence_bounds", default=None)


def token_texts(doc: Doc) -> list[str]:
    """The token strings, through the ORTH array: making Token objects costs more."""
    cached = doc._.replytone_words
    if cached is not None:
        return list(cached)
    strings = doc.vocab.strings
    return [strings[int(orth)] for orth in doc.to_array("ORTH")]


def doc_text(doc: Doc) -> str:
    """doc.text, rebuilt from the token strings and trailing-space flags (doc.text
    makes a Token object per token)."""
    words = token_texts(doc)
    spaces = doc.to_array("SPACY")
    return "".join(w + " " if sp else w for w, sp in zip(words, spaces, strict=True))


@lru_cache(maxsize=50_000)  # called for every token by several rules
def is_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _is_terminal(text: str) -> bool:
    return bool(text) and not text.strip(_TERMINAL_CHARS)


def _can_start(text: str) -> bool:
    return text[:1] in _OPENERS or is_word(text)


def _is_space(text: str) -> bool:
    return text.isspace()


def starts_from_words(
    words: Sequence[str], abbreviations: Collection[str] = ABBREVIATIONS
) -> list[bool]:
    """One flag per token: does a sentence start here?

    A sentence ends at a line break, or at . ! ? … unless the dot closes an
    abbreviation, a single letter or a list number ("1."). Trailing marks and
    emoji stay with the sentence they close. Space tokens never start one.
    """
    starts = [False] * len(words)
    pending = True  # the next token that can start a sentence does
    line_start = True  # no non-space token yet on this line
    since_start = 0
    prev: str | None = None
    prev_was_line_start = False
    for i, text in enumerate(words):
        if _is_space(text):
            if "\n" in text:
                pending = True
                line_start = True
            continue
        since_start += 1
        if (pending and (line_start or _can_start(text))) or since_start > MAX_SENTENCE_TOKENS:
            starts[i] = True
            pending = False
            since_start = 1
        if _is_terminal(text):
            ends = True
            if text == "." and prev is not None:
                low = prev.lower()
                if (
                    low in abbreviations
                    or (len(low) == 1 and low.isalpha())
                    or (prev.isdigit() and prev_was_line_start)
                ):
                    ends = False
            if ends:
                pending = True
        prev_was_line_start = line_start
        line_start = False
        prev = text
    if words:
        starts[0] = True
    return starts


def bounds_from_starts(words: Sequence[str], starts: Sequence[bool]) -> list[tuple[int, int]]:
    """(start, end) token bounds of each sentence without its leading and trailing
    space tokens, leaving out sentences that are only white space."""
    bounds = []
    n = len(words)
    begin = 0
    for i in range(1, n + 1):
        if i == n or starts[i]:
            s, e = begin, i
            while s < e and _is_space(words[s]):
                s += 1
            while e > s and _is_space(words[e - 1]):
                e -= 1
            if e > s:
                bounds.append((s, e))
            begin = i
    return bounds


def trim(span: Span) -> Span:
    """The span without leading and trailing space tokens."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end]


def content_sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, trimmed, leaving out those that are only white space."""
    if not len(doc):
        return []
    bounds = doc._.replytone_sentence_bounds
    if bounds is not None:
        return [doc[s:e] for s, e in bounds]
    sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    return [t for t in (trim(s) for s in sents) if len(t)]
