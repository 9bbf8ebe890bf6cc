"""Multi-label metrics and threshold tuning, shared by the model and the baseline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..labels import LABELS, LANGS

THRESHOLD_GRID = tuple(round(x, 2) for x in np.arange(0.05, 0.96, 0.05))


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "support": tp + fn}


def gold_matrix(gold: Sequence[Sequence[str]], labels: Sequence[str] = LABELS) -> np.ndarray:
    return np.array([[lab in g for lab in labels] for g in gold], dtype=bool).reshape(
        len(gold), len(labels)
    )


def decide(
    probs: np.ndarray, thresholds: dict[str, float], labels: Sequence[str] = LABELS
) -> np.ndarray:
    cut = np.array([thresholds.get(lab, 0.5) for lab in labels])
    return probs >= cut


def label_scores(
    gold: np.ndarray, pred: np.ndarray, labels: Sequence[str] = LABELS
) -> dict[str, Any]:
    per_label = {}
    for j, lab in enumerate(labels):
        tp = int((gold[:, j] & pred[:, j]).sum())
        fp = int((~gold[:, j] & pred[:, j]).sum())
        fn = int((gold[:, j] & ~pred[:, j]).sum())
        per_label[lab] = _prf(tp, fp, fn)
    present = [lab for lab in labels if per_label[lab]["support"]]
    macro = float(np.mean([per_label[lab]["f"] for lab in present])) if present else 0.0
    exact = float((gold == pred).all(axis=1).mean()) if len(gold) else 0.0
    return {
        "labels": per_label,
        "macro_f": round(macro, 4),
        "exact_match": round(exact, 4),
        "n": len(gold),
    }


def confusion(
    gold: np.ndarray, pred: np.ndarray, labels: Sequence[str] = LABELS
) -> dict[str, dict[str, int]]:
    """For each gold label the model missed: which labels it predicted instead ("none" if none)."""
    table: dict[str, dict[str, int]] = {lab: {} for lab in labels}
    for g_row, p_row in zip(gold, pred, strict=True):
        extra = [labels[int(k)] for k in np.flatnonzero(p_row & ~g_row)] or ["none"]
        for j in np.flatnonzero(g_row & ~p_row):
            for other in extra:
                row = table[labels[int(j)]]
                row[other] = row.get(other, 0) + 1
    return {k: v for k, v in table.items() if v}


def evaluate_predictions(
    langs: Sequence[str],
    gold: Sequence[Sequence[str]],
    probs: np.ndarray,
    thresholds: dict[str, float],
) -> dict[str, Any]:
    """Scores overall and per language, with the label confusion."""
    g = gold_matrix(gold)
    p = decide(probs, thresholds)
    result: dict[str, Any] = {
        "all": label_scores(g, p),
        "by_lang": {},
        "confusion": confusion(g, p),
    }
    lang_arr = np.array(langs)
    for lang in LANGS:
        mask = lang_arr == lang
        if mask.any():
            result["by_lang"][lang] = label_scores(g[mask], p[mask])
    return result


def tune_thresholds(
    gold: Sequence[Sequence[str]],
    probs: np.ndarray,
    *,
    recall_floor: dict[str, float] | None = None,
) -> dict[str, float]:
    """Per-label thresholds maximising F1 on the data given (the dev split, never test).

    recall_floor: for labels where missing one costs more (forbidden), take the
    best-F1 threshold among those whose recall reaches the floor, if any does.
    Ties go to the threshold closest to 0.5.
    """
    g = gold_matrix(gold)
    out = {}
    for j, lab in enumerate(LABELS):
        best: tuple[float, float, float] | None = None
        floor = (recall_floor or {}).get(lab)
        candidates = []
        for t in THRESHOLD_GRID:
            pred = probs[:, j] >= t
            s = _prf(
                int((g[:, j] & pred).sum()),
                int((~g[:, j] & pred).sum()),
                int((g[:, j] & ~pred).sum()),
            )
            candidates.append((t, s))
        if floor is not None and any(s["r"] >= floor for _, s in candidates):
            candidates = [(t, s) for t, s in candidates if s["r"] >= floor]
        for t, s in candidates:
            key = (s["f"], -abs(t - 0.5), t)
            if best is None or key > best:
                best = key
        out[lab] = best[2] if best else 0.5
    return out
