"""replytone_sentencizer: sentence boundaries for support replies."""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..segmentation import bounds_from_starts, starts_from_words, token_texts


class ReplySentencizer:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            words = token_texts(doc)
            flags = starts_from_words(words)
            # one array write: setting token.is_sent_start one by one re-checks the doc each time
            starts = numpy.array([1 if s else -1 for s in flags], dtype="int32")
            doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))  # type: ignore[arg-type]
            doc._.replytone_words = words
            doc._.replytone_sentence_bounds = bounds_from_starts(words, flags)
        return doc


@Language.factory("replytone_sentencizer", assigns=["token.is_sent_start"])
def make_sentencizer(nlp: Language, name: str) -> ReplySentencizer:
    return ReplySentencizer(name)
