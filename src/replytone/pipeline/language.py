"""replytone_language: the reply's language, as given by the caller or detected."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..langid import detect_language
from ..segmentation import token_texts
from . import extensions  # noqa: F401  (registers the Doc extensions)


class LanguageDetector:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.replytone_context or {}
        lang = ctx.get("lang")
        if lang is None:
            lang, _ = detect_language(" ".join(token_texts(doc)))
        doc._.replytone_lang = lang
        return doc


@Language.factory("replytone_language", assigns=["doc._.replytone_lang"])
def make_language_detector(nlp: Language, name: str) -> LanguageDetector:
    return LanguageDetector(name)
