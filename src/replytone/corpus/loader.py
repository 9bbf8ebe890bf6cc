"""Load a corpus as a datasets.DatasetDict of sentence examples, split train/dev/test.

    from replytone import corpus
    ds = corpus.load("corpus/")              # DatasetDict: train, dev, test
    ds["test"].filter(lambda r: r["lang"] == "ru")

Works on any folder or file in the corpus format, JSONL or CSV.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from datasets import Dataset, DatasetDict, Features, Sequence, Value

from ..labels import LANGS
from .records import Corpus, corpus_files, read_file
from .split import assign_splits

SENTENCE_FEATURES = Features(
    {
        "id": Value("string"),
        "lang": Value("string"),
        "text": Value("string"),
        "labels": Sequence(Value("string")),
        "domain": Value("string"),
        "channel": Value("string"),
        "source": Value("string"),
        "reply_id": Value("string"),
        "position": Value("int32"),
    }
)

REPLY_FEATURES = Features(
    {
        "id": Value("string"),
        "lang": Value("string"),
        "text": Value("string"),
        "sentences": [{"text": Value("string"), "labels": Sequence(Value("string"))}],
        "missing": Sequence(Value("string")),
        "out_of_order": Sequence(Value("string")),
        "domain": Value("string"),
        "channel": Value("string"),
        "source": Value("string"),
        "customer_name": Value("string"),
        "sent_at": Value("string"),
    }
)


def read_corpus(path: str | Path) -> Corpus:
    """All records of the corpus files under path, with the problems found on the way."""
    corpus = Corpus()
    for file in corpus_files(Path(path)):
        read_file(file, corpus)
    return corpus


def _dataset(rows: list[dict[str, Any]], features: Features) -> Dataset:
    if not rows:  # an empty split still has its typed columns
        return Dataset.from_dict({name: [] for name in features}, features=features)
    return Dataset.from_list(rows, features=features)


def _keep(lang: str, langs: Iterable[str] | None) -> bool:
    return langs is None or lang in set(langs)


def split_corpus(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    records = corpus.all_sentences()
    splits = assign_splits(records)
    rows: dict[str, list[dict[str, Any]]] = {"train": [], "dev": [], "test": []}
    for rec, split in zip(records, splits, strict=True):
        rows[split].append(
            {
                "id": rec.id,
                "lang": rec.lang,
                "text": rec.text,
                "labels": list(rec.labels),
                "domain": rec.domain,
                "channel": rec.channel,
                "source": rec.source,
                "reply_id": rec.reply_id,
                "position": rec.position,
            }
        )
    return rows


def load(path: str | Path, *, langs: Iterable[str] | None = None) -> DatasetDict:
    """Sentence examples (sentence records and the sentences of replies) by split."""
    langs = list(langs) if langs is not None else None
    rows = split_corpus(read_corpus(path))
    return DatasetDict(
        {
            name: _dataset([r for r in split_rows if _keep(r["lang"], langs)], SENTENCE_FEATURES)
            for name, split_rows in rows.items()
        }
    )


def load_replies(path: str | Path, *, langs: Iterable[str] | None = None) -> DatasetDict:
    """Whole replies by split (the split of their sentences)."""
    corpus = read_corpus(path)
    records = corpus.all_sentences()
    split_of = {
        r.reply_id: s for r, s in zip(records, assign_splits(records), strict=True) if r.reply_id
    }
    rows: dict[str, list[dict[str, Any]]] = {"train": [], "dev": [], "test": []}
    for reply in corpus.replies:
        if not _keep(reply.lang, langs):
            continue
        structure = reply.structure or {}
        rows[split_of[reply.id]].append(
            {
                "id": reply.id,
                "lang": reply.lang,
                "text": reply.text,
                "sentences": [{"text": s.text, "labels": s.labels} for s in reply.sentences],
                "missing": list(structure.get("missing", [])),
                "out_of_order": list(structure.get("out_of_order", [])),
                "domain": reply.domain,
                "channel": reply.channel,
                "source": reply.source,
                "customer_name": reply.customer_name,
                "sent_at": reply.sent_at,
            }
        )
    return DatasetDict({k: _dataset(v, REPLY_FEATURES) for k, v in rows.items()})


__all__ = ["LANGS", "load", "load_replies", "read_corpus", "split_corpus"]
