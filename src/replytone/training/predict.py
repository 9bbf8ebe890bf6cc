"""Sentence-level probabilities from a pipeline's classifier, in LABELS order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.language import Language

from ..labels import LABELS
from ..pipeline.classifier import SentenceClassifier

if TYPE_CHECKING:
    from ..scorer import Scorer


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


def rule_labels(scorer: Scorer, rows: Sequence[dict[str, Any]]) -> list[set[str]]:
    """The labels the rules set (`sets_label`) on each text, checked alone as one reply."""
    rules = scorer.checker.ruleset.rules
    # a corpus without channels gives "" (the loader's empty field), which means "not given"
    items = ((r["text"], {"lang": r["lang"], "channel": r.get("channel") or None}) for r in rows)
    out: list[set[str]] = []
    for report in scorer.pipe_items(items, batch_size=256):
        found = (rules.get(f.rule) for f in report.findings)
        out.append({r.sets_label for r in found if r is not None and r.sets_label is not None})
    return out


def with_rule_labels(probs: np.ndarray, labels: Sequence[set[str]]) -> np.ndarray:
    """Probabilities with each label the rules set raised to 1: the labels the report
    shows, where a listed forbidden phrase makes a sentence forbidden."""
    out = probs.copy()
    for i, found in enumerate(labels):
        for label in found:
            out[i, LABELS.index(label)] = 1.0
    return out
