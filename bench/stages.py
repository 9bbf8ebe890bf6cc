"""Where one reply's time goes: each stage of the pipeline timed on its own, no profiler.

    python bench/stages.py      # about a minute

1,600 generated replies (as bench/run.py makes them), each stage run over all of them in
turn, three rounds, the fastest round of each stage kept (CPU time of this process).
bench/run.py runs the same and writes it into docs/performance.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import make_replies

import replytone
from replytone.scorer import Scorer

TEXT_READY = "text ready (mask, tokenize)"


def stage_times(scorer: Scorer, texts: list[str], rounds: int = 3) -> dict[str, float]:
    """Milliseconds per reply of each stage, the fastest of `rounds` runs."""
    list(scorer.pipe(texts[:100]))  # warm up: each language's rules compiled
    best: dict[str, float] = {}
    for _ in range(rounds):
        start = time.process_time()
        docs = [scorer.make_doc(x) for x in texts]
        times = {TEXT_READY: time.process_time() - start}
        for name, proc in scorer.nlp.pipeline:
            start = time.process_time()
            if hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs, batch_size=32))
            else:
                docs = [proc(d) for d in docs]
            times[name] = time.process_time() - start
        for name, seconds in times.items():
            best[name] = min(best.get(name, seconds), seconds)
    return {name: seconds * 1000 / len(texts) for name, seconds in best.items()}


def main() -> None:
    times = stage_times(replytone.load(), make_replies(1700, seed=7)[100:])
    total = sum(times.values())
    for name, ms in times.items():
        print(f"{name:30s} {ms:.3f} ms/reply  {ms / total:.0%}")
    print(f"total {total:.2f} ms/reply, {1000 / total:.0f} replies/s")


if __name__ == "__main__":
    main()
