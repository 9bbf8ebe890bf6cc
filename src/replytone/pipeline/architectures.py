"""Model architectures of replytone, registered for spaCy configs.

replytone.TextCatCharBOW.v1 is spaCy's bag-of-words text classifier with two
kinds of hashed features instead of word n-grams alone: lower-cased word
n-grams, and character n-grams of each word with diacritics folded. Support
replies are short, inflected (ru, lt, ro), often typed without diacritics and
with typos; character n-grams carry all of that, as in the TF-IDF baseline.
"""

from __future__ import annotations

from functools import partial
from typing import Any, cast

import numpy
from spacy.attrs import IS_SPACE, LOWER, ORTH
from spacy.ml.models.textcat import NEG_VALUE, resize_and_set_ref, resize_linear_weighted
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span
from spacy.util import registry
from thinc.api import Logistic, Model, SparseLinear_v2, chain, resizable, with_cpu
from thinc.types import Floats2d

from ..normalise import fold

_CACHE_LIMIT = 50_000  # words; bounds memory on endless streams


def char_ngram_keys(word: str, sizes: tuple[int, ...]) -> numpy.ndarray:
    padded = f"<{fold(word)}>"
    grams = {padded[i : i + n] for n in sizes for i in range(max(1, len(padded) - n + 1))}
    # sorted: a set's order changes from process to process (string hashing), and the order
    # of the keys is the order the linear layer sums their weights in
    return numpy.array([hash_string("#c" + g) for g in sorted(grams)], dtype="uint64")


def extract_features(ngram_size: int, char_sizes: tuple[int, ...]) -> Model:
    model: Model = Model("extract_char_bow", _forward)
    model.attrs.update({"ngram_size": ngram_size, "char_sizes": char_sizes, "cache": {}})
    return model


def _forward(model: Model, docs: list[Doc | Span], is_train: bool) -> tuple[Any, Any]:
    """Docs, or sentences of a Doc (Spans, or anything with .doc and to_array())."""
    ops = model.ops
    cache: dict[int, numpy.ndarray] = model.attrs["cache"]
    sizes = model.attrs["char_sizes"]
    ngram_size = model.attrs["ngram_size"]
    no_chars = numpy.zeros(0, dtype="uint64")
    per_item: list[numpy.ndarray] = []
    for item in docs:
        # the classifier's sentence views slice one array per reply (classifier.Sentence)
        arr = item.to_array([LOWER, ORTH, IS_SPACE]).reshape(-1, 3)  # type: ignore[union-attr]  # Span has it; the stubs omit it
        words = numpy.ascontiguousarray(arr[:, 0], dtype="uint64")
        parts: list[Any] = [words]
        parts += [ops.ngrams(n, cast(Any, words)) for n in range(2, ngram_size + 1)]
        strings = item.vocab.strings if isinstance(item, Doc) else item.doc.vocab.strings
        for orth, space in zip(arr[:, 1].tolist(), arr[:, 2].tolist(), strict=True):
            if space:
                continue
            keys = cache.get(orth)
            if keys is None:
                keys = char_ngram_keys(strings[orth], sizes) if sizes else no_chars
                if len(cache) < _CACHE_LIMIT:
                    cache[orth] = keys
            parts.append(keys)
        per_item.append(numpy.concatenate(parts))
    keys_all, vals_all, lengths = _weigh_keys(per_item)

    def backprop(d: Any) -> list:
        return []

    return (
        ops.asarray(cast(Any, keys_all)),
        ops.asarray(cast(Any, vals_all), dtype="f"),
        ops.asarray(cast(Any, lengths), dtype="int32"),
    ), backprop


def _weigh_keys(
    per_item: list[numpy.ndarray],
) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """All items' keys in a row, each weighted so that long and short sentences weigh
    alike. A key that occurs twice is passed twice: the linear layer sums its weight
    per occurrence, which is what counting it would give, without a sort per sentence."""
    lengths = numpy.array([len(k) for k in per_item], dtype="int64")
    if not lengths.sum():
        return numpy.zeros(0, dtype="uint64"), numpy.zeros(0, dtype="f8"), lengths
    keys = numpy.concatenate(per_item)
    vals = numpy.repeat(1.0 / numpy.sqrt(numpy.maximum(1.0, lengths.astype("f8"))), lengths)
    return keys, vals, lengths


@registry.architectures("replytone.TextCatCharBOW.v1")
def build_char_bow_text_classifier(
    exclusive_classes: bool,
    ngram_size: int,
    char_ngram_min: int,
    char_ngram_max: int,
    length: int = 262144,
    nO: int | None = None,
) -> Model[list[Doc], Floats2d]:
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    resizable_layer: Model = resizable(
        sparse_linear,
        resize_layer=partial(resize_linear_weighted, fill_defaults={"b": NEG_VALUE, "W": 0}),
    )
    sizes = tuple(range(char_ngram_min, char_ngram_max + 1)) if char_ngram_max else ()
    model: Model = chain(extract_features(ngram_size, sizes), resizable_layer)
    model = with_cpu(model, model.ops)
    output = Logistic() if not exclusive_classes else None
    if output is not None:
        model = chain(model, with_cpu(output, output.ops))
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["accepts_spans"] = True
    model.attrs["multi_label"] = not exclusive_classes
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model
