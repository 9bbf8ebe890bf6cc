"""replytone_sentencizer: sentence boundaries for support replies."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..segmentation import sentence_starts


class ReplySentencizer:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for token, start in zip(doc, sentence_starts(doc), strict=True):
            token.is_sent_start = start
        return doc


@Language.factory("replytone_sentencizer", assigns=["token.is_sent_start"])
def make_sentencizer(nlp: Language, name: str) -> ReplySentencizer:
    return ReplySentencizer(name)
