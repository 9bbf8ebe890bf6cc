"""`replytone train`: train, tune thresholds on dev, score dev and test, write the model.

The output folder appears only when everything succeeded: training writes to a
hidden folder beside it, and the finished model replaces the old one by rename.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sklearn
import spacy
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as spacy_train_loop
from spacy.util import fix_random_seed, load_config

from .. import pipeline as _pipeline  # noqa: F401  (registers the factories)
from ..about import __version__
from ..corpus.loader import read_corpus, split_corpus
from ..errors import Errors, TrainingError
from ..labels import LABELS, LANGS
from ..resources import repo_root
from ..scorer import Scorer
from . import logger as _logger  # noqa: F401  (registers replytone.RichLogger.v1)
from . import readers as _readers  # noqa: F401  (registers replytone.SentenceCorpus.v1)
from .baseline import Baseline
from .metrics import evaluate_predictions, tune_thresholds
from .predict import find_classifier, rule_labels, sentence_probs, with_rule_labels

# Missing a forbidden sentence costs more than a false alarm: thresholds for it
# are chosen among those that keep dev recall at this level where possible.
RECALL_FLOOR = {"forbidden": 0.95}


def default_config() -> Path:
    root = repo_root()
    if root is not None and (root / "configs" / "train.cfg").exists():
        return root / "configs" / "train.cfg"
    return Path(__file__).resolve().parent.parent / "_data" / "train.cfg"


@dataclass
class TrainResult:
    output: Path
    metrics: dict[str, Any]


def corpus_hash(path: Path) -> str:
    h = hashlib.sha256()
    files = (
        [path]
        if path.is_file()
        else sorted(p for p in path.rglob("*") if p.suffix in (".jsonl", ".csv"))
    )
    for f in files:
        h.update(str(f.relative_to(path if path.is_dir() else path.parent)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _is_replaceable(output: Path) -> bool:
    if not output.exists():
        return True
    if output.is_dir() and not any(output.iterdir()):
        return True
    cfg = output / "config.cfg"
    return cfg.is_file() and "replytone_checker" in cfg.read_text(
        encoding="utf-8", errors="replace"
    )


def _swap_in(new: Path, output: Path) -> None:
    """Replace output by new, by rename; the old model is restored if that fails."""
    backup = output.with_name(f".{output.name}.old-{os.getpid()}")
    had_old = output.exists()
    if had_old:
        os.replace(output, backup)
    try:
        os.replace(new, output)
    except OSError:
        if had_old:
            os.replace(backup, output)
        raise
    if had_old:
        shutil.rmtree(backup, ignore_errors=True)


def tune_and_score(
    predict: Callable[[list[str]], Any], rows: dict[str, list[dict]]
) -> tuple[dict[str, float], dict[str, Any], dict[str, Any]]:
    """Per-label thresholds tuned on dev only, then dev and test scored with them;
    also the probabilities of dev and test."""
    probs = {split: predict([x["text"] for x in rows[split]]) for split in ("dev", "test")}
    thresholds = tune_thresholds(
        [x["labels"] for x in rows["dev"]], probs["dev"], recall_floor=RECALL_FLOOR
    )
    scores = {
        split: evaluate_predictions(
            [x["lang"] for x in rows[split]], [x["labels"] for x in rows[split]], p, thresholds
        )
        for split, p in probs.items()
    }
    return thresholds, scores, probs


def baseline_scores(
    rows: dict[str, list[dict]], seed: int
) -> tuple[dict[str, Any], float, dict[str, Any]]:
    """The baseline's thresholds and scores, its training time, and its dev and test
    probabilities."""
    start = time.perf_counter()
    base = Baseline(seed).fit(
        [x["text"] for x in rows["train"]], [x["labels"] for x in rows["train"]]
    )
    thresholds, scores, probs = tune_and_score(base.predict_proba, rows)
    return {"thresholds": thresholds, **scores}, time.perf_counter() - start, probs


def _scores_with_rules(
    rows: dict[str, list[dict]],
    probs: dict[str, Any],
    by_rules: dict[str, list[set[str]]],
    thresholds: dict[str, float],
) -> dict[str, Any]:
    """Dev and test scored on the labels the report shows: the predictions, with the
    labels the rules set (`sets_label`) added."""
    return {
        split: evaluate_predictions(
            [x["lang"] for x in rows[split]],
            [x["labels"] for x in rows[split]],
            with_rule_labels(probs[split], by_rules[split]),
            thresholds,
        )
        for split in ("dev", "test")
    }


def train(
    corpus: str | Path,
    output: str | Path,
    *,
    config: str | Path | None = None,
    langs: list[str] | None = None,
    overrides: dict[str, Any] | None = None,
    with_baseline: bool = True,
) -> TrainResult:
    """Train a replytone model on a corpus and write it, with metrics.json, to output."""
    corpus = Path(corpus)
    output = Path(output)
    config_path = Path(config) if config else default_config()
    if not config_path.is_file():
        raise TrainingError(Errors.E040.format(path=config_path))
    if not _is_replaceable(output):
        raise TrainingError(Errors.E042.format(path=output))
    for lang in langs or []:
        if lang not in LANGS:
            raise TrainingError(Errors.E010.format(lang=lang, langs=", ".join(LANGS)))
    corpus_records = read_corpus(corpus)
    rows = split_corpus(corpus_records)
    if langs:
        rows = {k: [r for r in v if r["lang"] in langs] for k, v in rows.items()}
    if not rows["train"] or not rows["dev"]:
        raise TrainingError(
            Errors.E041.format(path=corpus, train=len(rows["train"]), dev=len(rows["dev"]))
        )

    cfg_overrides: dict[str, Any] = {"paths.corpus": str(corpus.resolve())}
    if langs:
        cfg_overrides["corpora.train.langs"] = list(langs)
        cfg_overrides["corpora.dev.langs"] = list(langs)
    cfg_overrides.update(overrides or {})
    try:
        cfg = load_config(config_path, overrides=cfg_overrides, interpolate=False)
    except Exception as e:
        raise TrainingError(
            Errors.E043.format(key=", ".join(cfg_overrides), reason=str(e).splitlines()[0])
        ) from None
    seed = int(cfg["system"]["seed"])

    output.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{output.name}.training-", dir=output.parent))
    try:
        start = time.perf_counter()
        fix_random_seed(seed)
        nlp = init_nlp(cfg)
        (work / "checkpoints").mkdir()
        nlp, _ = spacy_train_loop(nlp, work / "checkpoints", stdout=sys.stderr, stderr=sys.stderr)
        best = spacy.load(work / "checkpoints" / "model-best")
        train_seconds = time.perf_counter() - start
        thresholds, model_scores, probs = tune_and_score(
            lambda texts: sentence_probs(best, texts), rows
        )
        find_classifier(best).set_thresholds(thresholds)
        scorer = Scorer(best)
        by_rules = {split: rule_labels(scorer, rows[split]) for split in ("dev", "test")}
        metrics: dict[str, Any] = {
            "replytone_version": __version__,
            "spacy_version": spacy.__version__,
            "sklearn_version": sklearn.__version__,
            "python": platform.python_version(),
            "config": str(config_path),
            "overrides": {k: v for k, v in cfg_overrides.items() if k != "paths.corpus"},
            "seed": seed,
            "corpus": {
                "path": str(corpus),
                "hash": corpus_hash(corpus),
                "sentences": {k: len(v) for k, v in rows.items()},
                "langs": sorted({r["lang"] for r in rows["train"]}),
            },
            "training_seconds": round(train_seconds, 1),
            "thresholds": thresholds,
            "model": model_scores,
            # the model's labels with `forbidden` where a rule found a listed phrase
            "system": _scores_with_rules(rows, probs, by_rules, thresholds),
        }
        if with_baseline:
            metrics["baseline"], base_seconds, base_probs = baseline_scores(rows, seed)
            metrics["baseline_training_seconds"] = round(base_seconds, 1)
            metrics["baseline_system"] = _scores_with_rules(
                rows, base_probs, by_rules, metrics["baseline"]["thresholds"]
            )
        best.meta.update(
            {
                "name": "replytone",
                "version": __version__,
                "description": "replytone: support reply checker (sentence labels, structure, guideline rules)",
                "labels": {"classifier": list(LABELS)},
                "requirements": [f"replytone>={__version__}"],
            }
        )
        final = work / "model"
        best.to_disk(final)
        (final / "metrics.json").write_text(
            json.dumps(metrics, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        _swap_in(final, output)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return TrainResult(output=output, metrics=metrics)
