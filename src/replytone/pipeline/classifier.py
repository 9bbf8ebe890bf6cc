"""replytone_classifier: multi-label classification of each sentence of a reply.

It is spaCy's multi-label text categorizer, trained on single sentences, applied
at run time to every sentence of a reply. Results land on the Doc:
- doc.spans["replytone"]: one span per (sentence, label) above the label's
  threshold, with the probabilities in the group's attrs["scores"] (as spancat
  does), so displaCy can render it with style="span";
- doc._.replytone_sentence_scores: every label's probability, per sentence;
- doc.cats: per label, the highest probability over the sentences.
Per-label thresholds are picked on the dev split by `replytone train` and kept
in the component's cfg.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any, Final, cast

import numpy
from spacy.language import Language
from spacy.pipeline.textcat_multilabel import MultiLabel_TextCategorizer
from spacy.tokens import Doc, Span, SpanGroup
from spacy.training import Example
from spacy.vocab import Vocab
from thinc.api import Config, Model

from ..segmentation import content_sentences, token_texts
from . import extensions
from .extensions import SPANS_KEY

DEFAULT_MODEL_CONFIG = """
[model]
@architectures = "spacy.TextCatBOW.v3"
exclusive_classes = false
length = 262144
ngram_size = 2
no_output_layer = false
"""
DEFAULT_MODEL = Config().from_str(DEFAULT_MODEL_CONFIG)["model"]

# Layers that read the input and take a sentence of a Doc as well as a Doc: spaCy's
# feature and n-gram extractors call to_array(), replytone's CharBOW reads .doc,
# .start and .end. Building a Doc per sentence costs as much as the network's pass.
_SPAN_READERS: Final = frozenset({"extract_features", "extract_ngrams", "extract_char_bow"})


class Sentence:
    """One sentence of a reply as the model's feature extractors read a Span: .doc,
    .start, .end and to_array(). Span.to_array builds its array token by token, some
    16 times slower than slicing the array of the whole reply, made once per reply;
    a Doc per sentence costs more still."""

    __slots__ = ("_arrays", "doc", "end", "start")

    def __init__(self, doc: Doc, start: int, end: int, arrays: dict[tuple, numpy.ndarray]) -> None:
        self.doc, self.start, self.end = doc, start, end
        self._arrays = arrays  # shared by the sentences of one reply

    def __len__(self) -> int:
        return self.end - self.start

    def to_array(self, attrs: list[int | str] | int | str) -> numpy.ndarray:
        key = tuple(attrs) if isinstance(attrs, list) else (attrs,)
        whole = self._arrays.get(key)
        if whole is None:
            whole = self._arrays[key] = self.doc.to_array(attrs)
        return whole[self.start : self.end]


class SentenceClassifier(MultiLabel_TextCategorizer):
    def __init__(
        self,
        vocab: Vocab,
        model: Model,
        name: str = "classifier",
        *,
        threshold: float,
        spans_key: str,
        positive_weight: float = 1.0,
        scorer: Callable | None = None,
    ) -> None:
        super().__init__(vocab, model, name, threshold=threshold, scorer=scorer)
        self.cfg["spans_key"] = spans_key
        self.cfg["thresholds"] = {}
        self.positive_weight = positive_weight

    def get_loss(self, examples: Iterable[Example], scores: Any) -> tuple[float, Any]:
        """spaCy's textcat loss, with positive examples weighted: each label is
        present in few sentences, and missing it should cost more than a false alarm."""
        raw_truths, raw_not_missing = self._examples_to_truth(examples)
        ops = self.model.ops
        truths: Any = ops.asarray(cast(Any, raw_truths))
        weights = ops.asarray(cast(Any, raw_not_missing)) * (
            1.0 + (self.positive_weight - 1.0) * truths
        )
        d_scores = (scores - truths) * weights
        return float((d_scores**2).mean()), d_scores

    @property
    def thresholds(self) -> dict[str, float]:
        default = float(self.cfg["threshold"])
        tuned: dict[str, float] = self.cfg.get("thresholds") or {}
        return {label: float(tuned.get(label, default)) for label in self.labels}

    def set_thresholds(self, thresholds: dict[str, float]) -> None:
        self.cfg["thresholds"] = {k: float(v) for k, v in thresholds.items()}

    @cached_property
    def _reads_spans(self) -> bool:
        """Whether the model can be given the sentences as slices of the reply's Doc."""
        if self.model.attrs.get("accepts_spans"):
            return True
        leaves = {node.name for node in self.model.walk() if not node.layers}
        readers = {name for name in leaves if name.startswith("extract")}
        listens = any(name.endswith("listener") for name in leaves)
        return bool(readers) and readers <= _SPAN_READERS and not listens

    def _sentence_docs(self, doc: Doc) -> list[Doc | Sentence]:
        sents = content_sentences(doc)
        if len(sents) == 1 and sents[0].start == 0 and sents[0].end == len(doc):
            return [doc]  # a single sentence, as in training: classify the doc itself
        if self._reads_spans:
            arrays: dict[tuple, numpy.ndarray] = {}
            return [Sentence(doc, s.start, s.end, arrays) for s in sents]
        # Span.as_doc copies the whole doc's arrays for every sentence, which is
        # quadratic on long replies; a Doc of the sentence's own words is all the model needs.
        words = token_texts(doc)
        spaces = [bool(x) for x in doc.to_array("SPACY")]
        return [
            Doc(self.vocab, words=words[s.start : s.end], spaces=spaces[s.start : s.end])
            for s in sents
        ]

    def predict(self, docs: Iterable[Doc]) -> tuple[Any, list[int]]:
        per_doc = [self._sentence_docs(doc) for doc in docs]
        flat = [s for sents in per_doc for s in sents]
        if flat and any(len(d) for d in flat):
            scores = self.model.ops.to_numpy(self.model.ops.asarray(self.model.predict(flat)))
        else:
            scores = numpy.zeros((len(flat), len(self.labels)), dtype="f")
        return scores, [len(s) for s in per_doc]

    def set_annotations(self, docs: Iterable[Doc], predictions: tuple[Any, list[int]]) -> None:
        scores, counts = predictions
        labels = self.labels
        thresholds = self.thresholds
        key = self.cfg["spans_key"]
        offset = 0
        for doc, n in zip(docs, counts, strict=True):
            sents = content_sentences(doc)
            block = scores[offset : offset + n]
            offset += n
            spans, span_scores, per_sentence = [], [], []
            for sent, row in zip(sents, block, strict=True):
                probs = {label: float(row[j]) for j, label in enumerate(labels)}
                per_sentence.append(probs)
                for label, p in probs.items():
                    if p >= thresholds[label]:
                        spans.append(Span(doc, sent.start, sent.end, label=label))
                        span_scores.append(p)
            doc.spans[key] = SpanGroup(doc, name=key, spans=spans, attrs={"scores": span_scores})
            doc._.replytone_sentence_scores = per_sentence
            for j, label in enumerate(labels):
                doc.cats[label] = float(block[:, j].max()) if n else 0.0


@Language.factory(
    "replytone_classifier",
    assigns=["doc.spans", "doc.cats", "doc._.replytone_sentence_scores"],
    default_config={
        "model": DEFAULT_MODEL,
        "threshold": 0.5,
        "spans_key": SPANS_KEY,
        "positive_weight": 1.0,
        "scorer": {"@scorers": "spacy.textcat_multilabel_scorer.v2"},
    },
    default_score_weights={"cats_macro_f": 1.0, "cats_micro_f": None, "cats_score": None},
)
def make_classifier(
    nlp: Language,
    name: str,
    model: Model,
    threshold: float,
    spans_key: str,
    positive_weight: float,
    scorer: Callable | None,
) -> SentenceClassifier:
    return SentenceClassifier(
        nlp.vocab,
        model,
        name,
        threshold=threshold,
        spans_key=spans_key,
        positive_weight=positive_weight,
        scorer=scorer,
    )


__all__ = ["SentenceClassifier", "extensions", "make_classifier"]
