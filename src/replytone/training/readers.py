"""The corpus reader spaCy's training loop uses: sentence examples of one split."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.training import Example
from spacy.util import registry

from ..labels import LABELS


def sentence_examples(nlp: Language, rows: Iterable[dict]) -> Iterator[Example]:
    for row in rows:
        doc = nlp.make_doc(row["text"])
        cats = {label: float(label in row["labels"]) for label in LABELS}
        yield Example.from_dict(doc, {"cats": cats})


@registry.readers("replytone.SentenceCorpus.v1")
def create_sentence_corpus(
    path: Path, split: str, langs: list[str] | None = None, limit: int = 0
) -> Callable[[Language], Iterable[Example]]:
    """Examples of one split of a replytone corpus (folder or file, JSONL or CSV)."""
    from ..corpus.loader import read_corpus, split_corpus

    cache: list[dict] = []

    def read(nlp: Language) -> Iterable[Example]:
        if not cache:
            rows = split_corpus(read_corpus(path))[split]
            cache.extend(r for r in rows if langs is None or r["lang"] in langs)
        rows = cache[:limit] if limit else cache
        return list(sentence_examples(nlp, rows))

    return read
