"""Sentence-level probabilities from a pipeline's classifier, in LABELS order."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.language import Language

from ..labels import LABELS
from ..pipeline.classifier import SentenceClassifier


def find_classifier(nlp: Language) -> SentenceClassifier:
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, SentenceClassifier):
            return pipe
    raise ValueError("the pipeline has no replytone_classifier")


def sentence_probs(nlp: Language, texts: Sequence[str], batch_size: int = 512) -> np.ndarray:
    """Each text classified whole, as one sentence (as the classifier was trained)."""
    clf = find_classifier(nlp)
    order = [clf.labels.index(lab) for lab in LABELS]
    chunks = []
    for i in range(0, len(texts), batch_size):
        docs = [nlp.make_doc(t) for t in texts[i : i + batch_size]]
        scores = clf.model.ops.to_numpy(clf.model.ops.asarray(clf.model.predict(docs)))
        chunks.append(scores[:, order])
    return np.vstack(chunks) if chunks else np.zeros((0, len(LABELS)))
