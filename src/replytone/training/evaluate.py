"""`replytone evaluate`: score any labelled data with a model (and the baseline)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..corpus.loader import read_corpus, split_corpus
from ..corpus.records import SentenceRecord
from ..errors import CorpusError, Errors
from ..labels import STEPS
from ..resources import default_model_dir, repo_root
from ..scorer import load
from ..structure import check_structure
from .metrics import evaluate_predictions
from .predict import find_classifier, rule_labels, sentence_probs, with_rule_labels
from .train import RECALL_FLOOR, baseline_scores


def _rows(records: list[SentenceRecord]) -> list[dict[str, Any]]:
    return [{"id": r.id, "lang": r.lang, "text": r.text, "labels": r.labels} for r in records]


def evaluate(
    data: str | Path,
    *,
    model: str | Path | None = None,
    split: str | None = None,
    baseline: bool = False,
    corpus: str | Path | None = None,
) -> dict[str, Any]:
    """Per-language, per-label P/R/F1, macro-F1 and label confusion of a model on data.

    split: take only that split (train, dev, test) of a corpus, as `replytone train` splits it.
    baseline: also train the scikit-learn baseline on the train split of `corpus`
    (default: data itself when a split is given, else the repository's corpus/)
    and score it on the same sentences.
    """
    data = Path(data)
    parsed = read_corpus(data)
    if split is not None:
        if split not in ("train", "dev", "test"):
            raise CorpusError(f"Unknown split '{split}': use train, dev or test.")
        rows = split_corpus(parsed)[split]
        reply_ids = {r["reply_id"] for r in rows if r["reply_id"]}
        replies = [r for r in parsed.replies if r.id in reply_ids]
    else:
        rows = _rows(parsed.all_sentences())
        replies = parsed.replies
    scorer = load(model)
    nlp = scorer.nlp
    thresholds = find_classifier(nlp).thresholds
    probs = sentence_probs(nlp, [r["text"] for r in rows])
    langs, gold = [r["lang"] for r in rows], [r["labels"] for r in rows]
    by_rules = rule_labels(scorer, rows)
    result: dict[str, Any] = {
        "data": str(data),
        "split": split,
        "model": str(model or default_model_dir()),
        "sentences": len(rows),
        "problems": [str(p) for p in parsed.problems],
        "model_scores": evaluate_predictions(langs, gold, probs, thresholds),
        # the labels the report shows: the model's, and `forbidden` where a rule found a
        # listed phrase
        "system_scores": evaluate_predictions(
            langs, gold, with_rule_labels(probs, by_rules), thresholds
        ),
    }
    if replies:
        result["structure"] = structure_agreement(scorer, replies)
    if baseline:
        train_on = (
            Path(corpus) if corpus else (data if split else (repo_root() or Path(".")) / "corpus")
        )
        if not train_on.exists():
            raise CorpusError(Errors.E031.format(path=train_on))
        base_rows = split_corpus(read_corpus(train_on))
        base_rows["test"] = rows  # score the baseline on exactly the sentences scored above
        scores, _, base_probs = baseline_scores(base_rows, seed=0)
        result["baseline_scores"] = scores["test"]
        # the same rules on top of the baseline, for a like-for-like comparison
        result["baseline_system_scores"] = evaluate_predictions(
            langs, gold, with_rule_labels(base_probs["test"], by_rules), scores["thresholds"]
        )
        result["baseline_trained_on"] = str(train_on)
        result["recall_floor"] = RECALL_FLOOR
    return result


def structure_agreement(scorer: Any, replies: list[Any]) -> dict[str, Any]:
    """How often the structure verdict on the model's labels equals the verdict on gold labels."""
    same = 0
    step_counts = {s: {"tp": 0, "fp": 0, "fn": 0} for s in STEPS}
    for reply in replies:
        gold = check_structure([s.labels for s in reply.sentences])
        got = scorer.score(reply.text, lang=reply.lang).structure
        same += int(gold.missing == got.missing and gold.out_of_order == got.out_of_order)
        for step in STEPS:
            in_gold, in_got = step in gold.missing, step in got.missing
            key = "tp" if in_gold and in_got else "fp" if in_got else "fn" if in_gold else None
            if key:
                step_counts[step][key] += 1
    missing: dict[str, dict[str, float]] = {}
    for step, c in step_counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        missing[step] = {"p": round(p, 4), "r": round(r, 4), "support": c["tp"] + c["fn"]}
    return {
        "replies": len(replies),
        "same_verdict": round(same / len(replies), 4),
        "missing_step": missing,
    }
