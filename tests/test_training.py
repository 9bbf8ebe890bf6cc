"""Training: the overfit -> save -> reload test, train() end to end, and an interrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import spacy
from spacy.training import Example

import replytone
from replytone.labels import LABELS
from replytone.training.predict import sentence_probs, with_rule_labels


def _tiny_nlp(architecture: dict) -> spacy.Language:
    nlp = spacy.blank("xx")
    nlp.add_pipe("replytone_sentencizer", name="sentencizer")
    nlp.add_pipe("replytone_language", name="language")
    nlp.add_pipe("replytone_classifier", name="classifier", config={"model": architecture})
    nlp.add_pipe("replytone_checker", name="checker")
    return nlp


ARCHITECTURES = {
    "char_bow": {
        "@architectures": "replytone.TextCatCharBOW.v1",
        "exclusive_classes": False,
        "ngram_size": 2,
        "char_ngram_min": 2,
        "char_ngram_max": 4,
        "length": 65536,
    },
    "word_bow": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": 1,
        "no_output_layer": False,
    },
    # the shipped model's architecture (configs/train.cfg), at a toy size
    "ensemble": {
        "@architectures": "spacy.TextCatEnsemble.v2",
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2",
                "width": 16,
                "rows": [500, 500],
                "attrs": ["NORM", "SUFFIX"],
                "include_static_vectors": False,
            },
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": 16,
                "window_size": 1,
                "maxout_pieces": 2,
                "depth": 1,
            },
        },
        "linear_model": {
            "@architectures": "replytone.TextCatCharBOW.v1",
            "exclusive_classes": False,
            "ngram_size": 1,
            "char_ngram_min": 3,
            "char_ngram_max": 3,
            "length": 16384,
        },
    },
}


@pytest.mark.parametrize("name", list(ARCHITECTURES))
def test_training_overfit_save_reload_same_predictions(tmp_path, name, tiny_examples):
    nlp = _tiny_nlp(ARCHITECTURES[name])
    examples = [
        Example.from_dict(
            nlp.make_doc(text), {"cats": {lab: float(lab in labels) for lab in LABELS}}
        )
        for text, labels in tiny_examples
    ]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(150):
        nlp.update(examples, sgd=optimizer, losses={})
    texts = [text for text, _ in tiny_examples]
    probs = sentence_probs(nlp, texts)
    for (_, labels), row in zip(tiny_examples, probs, strict=True):
        assert {lab for lab, p in zip(LABELS, row, strict=True) if p >= 0.5} == set(labels)
    nlp.to_disk(tmp_path / "model")
    reloaded = replytone.load(tmp_path / "model")
    again = sentence_probs(reloaded.nlp, texts)
    assert (abs(again - probs) < 1e-6).all()
    single = [sentence_probs(reloaded.nlp, [t])[0] for t in texts]
    assert (abs(again - single) < 1e-6).all()
    reports = list(reloaded.pipe(texts, batch_size=4))
    assert [r.to_dict() for r in reports] == [reloaded.score(t).to_dict() for t in texts]
    # a reply's sentences (read as spans, or copied into Docs) score as they do alone
    classifier = reloaded.nlp.get_pipe("classifier")
    assert classifier._reads_spans
    reply = reloaded.score(" ".join(texts[:4]))
    assert [s.text for s in reply.sentences] == texts[:4]
    for sent, alone in zip(reply.sentences, again[:4], strict=True):
        assert [round(sent.scores[lab], 5) for lab in LABELS] == [round(float(p), 5) for p in alone]
    # the fallback for models that need Docs: each sentence copied into a Doc of its own
    classifier.__dict__["_reads_spans"] = False
    copied = reloaded.score(" ".join(texts[:4]))
    for sent, copy in zip(reply.sentences, copied.sentences, strict=True):
        assert copy.scores == pytest.approx(sent.scores, abs=1e-6)


@pytest.mark.slow
def test_training_train_writes_model_and_metrics(tiny_corpus, tmp_path):
    from replytone.training.train import train

    result = train(tiny_corpus, tmp_path / "m", overrides={"training.max_epochs": 3})
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    assert metrics == json.loads(json.dumps(result.metrics))
    assert set(metrics["model"]) == {"dev", "test"} and "baseline" in metrics
    assert set(metrics["system"]) == set(metrics["baseline_system"]) == {"dev", "test"}
    assert set(metrics["thresholds"]) == set(LABELS)
    assert replytone.load(tmp_path / "m").score("Здравствуйте! Мы вернули деньги.").sentences
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_training_same_seed_same_model(tiny_corpus, tmp_path):
    """Also across processes: b is trained in another one, with other string hashing
    (set and dict orders), as a user's retraining would be."""
    from replytone.training.train import train

    a = train(
        tiny_corpus, tmp_path / "a", overrides={"training.max_epochs": 2}, with_baseline=False
    )
    code = (
        "import sys; from replytone.training.train import train; "
        "train(sys.argv[1], sys.argv[2], overrides={'training.max_epochs': 2}, with_baseline=False)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-c", code, str(tiny_corpus), str(tmp_path / "b")], env=env, check=True
    )
    b = json.loads((tmp_path / "b" / "metrics.json").read_text(encoding="utf-8"))
    assert a.metrics["model"] == b["model"]
    assert (tmp_path / "a" / "classifier" / "model").read_bytes() == (
        tmp_path / "b" / "classifier" / "model"
    ).read_bytes()


def test_training_refuses_to_replace_a_folder_that_is_not_a_model(tiny_corpus, tmp_path):
    from replytone.errors import TrainingError
    from replytone.training.train import train

    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(TrainingError, match="not a replytone model"):
        train(tiny_corpus, precious)
    assert (precious / "notes.txt").read_text() == "keep me"


@pytest.mark.slow
def test_training_killed_midway_leaves_old_model(tiny_corpus, tmp_path, default_model_path):
    import shutil

    output = tmp_path / "model"
    shutil.copytree(default_model_path, output)
    text = "Здравствуйте, Анна! Это не наша проблема."
    before = replytone.load(output).score(text).to_dict()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "replytone.cli",
            "train",
            str(tiny_corpus),
            "--output",
            str(output),
            "--training.max_epochs",
            "100000",
            "--training.patience",
            "0",
            "--no-baseline",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline and not any(
        p.name.startswith(".model.training-") for p in tmp_path.iterdir()
    ):
        time.sleep(0.2)
    time.sleep(3)  # well into training
    assert proc.poll() is None, "training ended before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert replytone.load(output).score(text).to_dict() == before


def test_training_rule_labels_raise_only_their_label():
    import numpy as np

    probs = np.full((2, len(LABELS)), 0.25)
    out = with_rule_labels(probs, [{"forbidden"}, set()])
    forbidden = LABELS.index("forbidden")
    assert out[0, forbidden] == 1.0
    assert np.array_equal(np.delete(out[0], forbidden), np.delete(probs[0], forbidden))
    assert np.array_equal(out[1], probs[1])
    assert probs[0, forbidden] == 0.25  # the model's own probabilities are left as they were


@pytest.mark.parametrize("channel", ["chat", "", None])
def test_training_rule_labels_read_rows_with_or_without_a_channel(default_model_path, channel):
    """A corpus without channels (the loader gives "") must not stop training at its end."""
    from replytone.training.predict import rule_labels

    scorer = replytone.load(default_model_path)
    rows = [
        {"text": "Это не наша проблема.", "lang": "ru", "channel": channel},
        {"text": "Мы вернули деньги на вашу карту.", "lang": "ru", "channel": channel},
    ]
    assert rule_labels(scorer, rows) == [{"forbidden"}, set()]
