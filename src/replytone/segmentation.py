"""Sentence segmentation for support replies.

Replies break sentences at line ends as often as at punctuation (greeting lines,
list items, sign-offs), and chat writes "!!!" or emoji after the end mark. spaCy's
rule-based sentencizer only knows punctuation, so replytone sets boundaries itself.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from spacy.tokens import Doc, Span, Token

_TERMINAL: Final = frozenset(".!?…")
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


def _is_terminal(token: Token) -> bool:
    return bool(token.text) and all(ch in _TERMINAL for ch in token.text)


def _can_start(token: Token) -> bool:
    return any(ch.isalnum() for ch in token.text) or token.text[:1] in _OPENERS


def sentence_starts(doc: Doc, abbreviations: Collection[str] = ABBREVIATIONS) -> list[bool]:
    """One flag per token: does a sentence start here?

    A sentence ends at a line break, or at . ! ? … unless the dot closes an
    abbreviation, a single letter or a list number ("1."). Trailing marks and
    emoji stay with the sentence they close. Space tokens never start one.
    """
    starts = [False] * len(doc)
    pending = True  # the next token that can start a sentence does
    line_start = True  # no non-space token yet on this line
    since_start = 0
    prev: Token | None = None
    prev_was_line_start = False
    for i, token in enumerate(doc):
        if token.is_space:
            if "\n" in token.text:
                pending = True
                line_start = True
            continue
        since_start += 1
        if (pending and (line_start or _can_start(token))) or since_start > MAX_SENTENCE_TOKENS:
            starts[i] = True
            pending = False
            since_start = 1
        if _is_terminal(token):
            ends = True
            if token.text == "." and prev is not None:
                low = prev.lower_
                if (
                    low in abbreviations
                    or (len(low) == 1 and prev.is_alpha)
                    or (prev.is_digit and prev_was_line_start)
                ):
                    ends = False
            if ends:
                pending = True
        prev_was_line_start = line_start
        line_start = False
        prev = token
    if doc:
        starts[0] = True
    return starts


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
    sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    return [t for t in (trim(s) for s in sents) if len(t)]
