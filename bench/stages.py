"""Where one reply's time goes: each stage of the pipeline timed on its own, no profiler.

    python bench/stages.py      # about a minute

1,600 generated replies (as bench/run.py makes them), each stage run over all of them in
turn, three rounds, the fastest round of each stage kept (CPU time of this process).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import make_replies

import replytone


def main() -> None:
    texts = make_replies(2000, seed=7)
    scorer = replytone.load()
    list(scorer.pipe(texts[:100]))  # warm up: each language's rules compiled
    texts = texts[100:1700]
    best: dict[str, list[float]] = {}
    for _ in range(3):
        start = time.process_time()
        docs = [scorer.make_doc(x) for x in texts]
        best.setdefault("text ready (mask, tokenize)", []).append(time.process_time() - start)
        for name, proc in scorer.nlp.pipeline:
            start = time.process_time()
            if hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs, batch_size=32))
            else:
                docs = [proc(d) for d in docs]
            best.setdefault(name, []).append(time.process_time() - start)
    total = sum(min(v) for v in best.values())
    for name, times in best.items():
        print(f"{name:30s} {min(times) * 1000 / len(texts):.3f} ms/reply  {min(times) / total:.0%}")
    print(f"total {total * 1000 / len(texts):.2f} ms/reply, {len(texts) / total:.0f} replies/s")


if __name__ == "__main__":
    main()
