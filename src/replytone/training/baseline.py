"""The scikit-learn baseline: TF-IDF over word and character n-grams, one-vs-rest
logistic regression; thresholds tuned on dev like the model's."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from ..labels import LABELS
from .metrics import gold_matrix


def make_baseline(seed: int = 0) -> Pipeline:
    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    analyzer="word", ngram_range=(1, 2), min_df=1, sublinear_tf=True, lowercase=True
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    sublinear_tf=True,
                    lowercase=True,
                ),
            ),
        ]
    )
    clf = OneVsRestClassifier(
        LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced", random_state=seed)
    )
    return Pipeline([("features", features), ("clf", clf)])


class Baseline:
    def __init__(self, seed: int = 0) -> None:
        self.pipeline = make_baseline(seed)

    def fit(self, texts: Sequence[str], labels: Sequence[Sequence[str]]) -> Baseline:
        self.pipeline.fit(list(texts), gold_matrix(labels).astype(int))
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(LABELS)))
        return np.asarray(self.pipeline.predict_proba(list(texts)))
