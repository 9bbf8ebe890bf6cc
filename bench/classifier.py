"""The classifier's time per reply, for one or more trained models, on the same replies.

    python bench/classifier.py models/default /tmp/other-model ...   # about 10 s a model

800 generated replies (as bench/run.py makes them) are tokenized, segmented and their
language found once; then only the classifier's predict runs over them, three times,
and the fastest run is kept (CPU time of this process). For comparing architectures:
the whole score() path is measured by bench/run.py.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import make_replies

import replytone


def classifier_ms_per_reply(model: str, texts: list[str]) -> float:
    scorer = replytone.load(model)
    list(scorer.pipe(texts[:50]))  # warm up
    docs = [scorer.make_doc(x) for x in texts]
    for name, proc in scorer.nlp.pipeline:
        if name == "classifier":
            break
        docs = [proc(doc) for doc in docs]
    classifier = scorer.nlp.get_pipe("classifier")
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for i in range(0, len(docs), 256):  # the pipeline's batch size
            classifier.predict(docs[i : i + 256])
        best = min(best, time.process_time() - start)
    return best * 1000 / len(docs)


def main(models: list[str]) -> None:
    texts = make_replies(800, seed=7)
    for model in models:
        print(f"{model}\t{classifier_ms_per_reply(model, texts):.3f} ms/reply")


if __name__ == "__main__":
    main(sys.argv[1:] or ["models/default"])
