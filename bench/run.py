"""replytone's speed and memory benchmark (a script, not a test).

    python bench/run.py                 # about 3-5 minutes on 2 cores
    python bench/run.py --write-docs    # also rewrite docs/performance.md from the results

On the same machine and the same generated replies it measures: spaCy's bare
tokenizer (the limit), replytone's full score() path through Scorer.pipe with one
process and with two, the scikit-learn baseline's predict over the same sentences,
cold start, peak memory and the model's size; and how cost grows with reply length
and batch size. Results go to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def make_replies(n: int, seed: int = 0) -> list[str]:
    """Distinct realistic replies (20-150 words), recombining sentences of different replies."""
    from replytone.corpus.loader import read_corpus

    corpus = read_corpus(ROOT / "corpus")
    by_lang: dict[str, dict[str, list[str]]] = {}
    for reply in corpus.replies:
        parts = by_lang.setdefault(reply.lang, {"open": [], "body": [], "close": []})
        sents = reply.sentences
        parts["open"].append(sents[0].text)
        parts["close"].append(sents[-1].text)
        parts["body"].extend(s.text for s in sents[1:-1])
    for rec in corpus.sentences:
        by_lang[rec.lang]["body"].append(rec.text)
    rng = random.Random(seed)
    langs = sorted(by_lang)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        parts = by_lang[rng.choice(langs)]
        target = rng.choice([rng.randint(20, 45), rng.randint(45, 80), rng.randint(80, 150)])
        body = [rng.choice(parts["open"])]
        words = len(body[0].split())
        while words < target - 8:
            s = rng.choice(parts["body"])
            body.append(s)
            words += len(s.split())
        body.append(rng.choice(parts["close"]))
        text = rng.choice([" ", "\n"]).join(body)
        n_words = len(text.split())
        if 20 <= n_words <= 150 and text not in seen:
            seen.add(text)
            out.append(text)
    return out


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def _score_chunk(args: tuple[list[str], int]) -> int:
    texts, batch = args
    import replytone

    scorer = replytone.load()
    list(scorer.pipe(texts[:50]))  # warm up
    start = time.perf_counter()
    n = sum(1 for _ in scorer.pipe(texts, batch_size=batch))
    return n, time.perf_counter() - start


def one_process(texts: list[str]) -> dict:
    """Scored in a child process, so that its peak memory is its own."""
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(ROOT / "bench")!r})
from run import _score_chunk
texts = json.load(sys.stdin)
n, seconds = _score_chunk((texts, 32))
# VmHWM is this process's own high-water mark; ru_maxrss would carry the forking parent's over exec
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({{"n": n, "seconds": seconds, "peak_mb": hwm / 1024}}))
"""
    proc = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def two_processes(texts: list[str]) -> float:
    half = len(texts) // 2
    ctx = mp.get_context("spawn")
    with ctx.Pool(2) as pool:
        start = time.perf_counter()
        results = pool.map(_score_chunk, [(texts[:half], 32), (texts[half:], 32)])
        wall = time.perf_counter() - start
    # each worker times its own scoring after loading; the slower one bounds the pair
    return max(seconds for _, seconds in results) if results else wall


def cold_start(runs: int = 3) -> float:
    code = "import time; t=time.perf_counter(); import replytone; s=replytone.load(); s.score('Здравствуйте!'); print(time.perf_counter()-t)"
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return sorted(times)[len(times) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replies", type=int, default=20000)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    import replytone
    from replytone.resources import default_model_dir
    from replytone.segmentation import content_sentences

    texts = make_replies(args.replies)
    words = sum(len(t.split()) for t in texts)
    scorer = replytone.load()
    nlp = scorer.nlp

    t_tok, docs = timed(lambda: [nlp.make_doc(t) for t in texts])
    tokens = sum(len(d) for d in docs)
    del docs  # not held while the scoring children run
    one = one_process(texts)
    t_two = two_processes(texts)

    # the baseline predicts the same sentences replytone classifies
    from replytone.corpus.loader import read_corpus, split_corpus
    from replytone.training.baseline import Baseline

    rows = split_corpus(read_corpus(ROOT / "corpus"))["train"]
    baseline = Baseline().fit([r["text"] for r in rows], [r["labels"] for r in rows])
    segmenter = nlp.get_pipe("sentencizer")
    sentences = [s.text for t in texts for s in content_sentences(segmenter(nlp.make_doc(t)))]
    t_base, _ = timed(baseline.predict_proba, sentences)

    # how cost grows with length and batch size (1 process, in this process)
    by_length = {}
    for lo, hi in ((20, 45), (45, 80), (80, 150)):
        subset = [t for t in texts if lo <= len(t.split()) < hi][:1000]
        t, _ = timed(lambda s=subset: list(scorer.pipe(s)))
        by_length[f"{lo}-{hi} words"] = round(len(subset) / t, 1)
    by_batch = {}
    subset = texts[:1000]
    for batch in (1, 16, 128, 512):
        t, _ = timed(lambda b=batch: list(scorer.pipe(subset, batch_size=b)))
        by_batch[str(batch)] = round(len(subset) / t, 1)

    from stages import stage_times

    stages = stage_times(scorer, make_replies(1700, seed=7)[100:])

    model_mb = sum(f.stat().st_size for f in default_model_dir().rglob("*") if f.is_file()) / 2**20
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "inputs": {
            "replies": len(texts),
            "words": words,
            "tokens": tokens,
            "mean_words": round(words / len(texts), 1),
        },
        "tokenizer": {"replies_s": round(len(texts) / t_tok, 1), "tokens_s": round(tokens / t_tok)},
        "score_1_process": {
            "replies_s": round(one["n"] / one["seconds"], 1),
            "tokens_s": round(tokens / one["seconds"]),
        },
        "score_2_processes": {"replies_s": round(len(texts) / t_two, 1)},
        "baseline_predict": {
            "sentences": len(sentences),
            "replies_s": round(len(texts) / t_base, 1),
        },
        "ratio_to_tokenizer": round((one["n"] / one["seconds"]) / (len(texts) / t_tok), 4),
        "ratio_to_baseline": round((one["n"] / one["seconds"]) / (len(texts) / t_base), 3),
        "two_vs_one": round((len(texts) / t_two) / (one["n"] / one["seconds"]), 2),
        "cold_start_s": round(cold_start(), 3),
        "peak_memory_mb": round(one["peak_mb"], 1),
        "model_mb": round(model_mb, 1),
        "replies_s_by_length": by_length,
        "replies_s_by_batch_size": by_batch,
        "stages_ms_per_reply": {name: round(ms, 3) for name, ms in stages.items()},
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))
    if args.write_docs:
        write_docs(results)


def write_docs(r: dict) -> None:
    stages: dict[str, float] = r["stages_ms_per_reply"]
    targets = [
        (
            "full score() vs bare tokenizer, 1 process",
            f"{r['ratio_to_tokenizer']:.1%}",
            ">= 25%",
            r["ratio_to_tokenizer"] >= 0.25,
        ),
        (
            "replies/s, 1 process",
            f"{r['score_1_process']['replies_s']:.0f}",
            ">= 2000 (about 60 words)",
            r["score_1_process"]["replies_s"] >= 2000,
        ),
        ("2 processes vs 1", f"{r['two_vs_one']:.2f}x", ">= 1.7x", r["two_vs_one"] >= 1.7),
        (
            "cold start (import + load + first reply)",
            f"{r['cold_start_s']:.2f} s",
            "< 1.0 s",
            r["cold_start_s"] < 1.0,
        ),
        (
            "peak memory while scoring",
            f"{r['peak_memory_mb']:.0f} MB",
            "< 400 MB",
            r["peak_memory_mb"] < 400,
        ),
        ("default model on disk", f"{r['model_mb']:.1f} MB", "< 30 MB", r["model_mb"] < 30),
    ]
    lines = [
        "# Performance",
        "",
        "Figures from `python bench/run.py --write-docs` (bench/out/results.json), on "
        f"{r['machine']['cpus']} CPUs, Python {r['machine']['python']}, {r['machine']['platform']}.",
        f"Inputs: {r['inputs']['replies']} distinct replies generated from corpus/ by recombining sentences of "
        f"different replies, {r['inputs']['mean_words']} words on average (20-150).",
        "",
        "| measure | replies/s | tokens/s |",
        "|---|---|---|",
        f"| spaCy tokenizer alone (`nlp.make_doc`) | {r['tokenizer']['replies_s']:.0f} | {r['tokenizer']['tokens_s']} |",
        f"| replytone `score()` via `Scorer.pipe`, 1 process | {r['score_1_process']['replies_s']:.0f} | {r['score_1_process']['tokens_s']} |",
        f"| replytone `score()`, 2 processes | {r['score_2_processes']['replies_s']:.0f} | |",
        f"| scikit-learn baseline predict, same sentences | {r['baseline_predict']['replies_s']:.0f} | |",
        "",
        "| target | measured | target | met |",
        "|---|---|---|---|",
        *[
            f"| {name} | {value} | {target} | {'yes' if ok else 'no'} |"
            for name, value, target, ok in targets
        ],
        "",
        "Cost by reply length (replies/s, 1 process): "
        + ", ".join(f"{k}: {v:.0f}" for k, v in r["replies_s_by_length"].items()),
        "",
        "Cost by batch size (replies/s, 1 process): "
        + ", ".join(f"{k}: {v:.0f}" for k, v in r["replies_s_by_batch_size"].items()),
        "",
        "## What limits it",
        "",
        f"By how much: one process scores {r['score_1_process']['replies_s']:.0f} replies/s, "
        f"{2000 / r['score_1_process']['replies_s']:.1f}x short of 2,000, and runs at "
        f"{r['ratio_to_tokenizer']:.1%} of the bare tokenizer's speed, "
        f"{0.25 / r['ratio_to_tokenizer']:.1f}x short of 25%.",
        "",
        "Where the time goes, stage by stage (each stage timed on its own over 1,600 replies,",
        "as `python bench/stages.py` prints it): "
        + ", ".join(
            f"{name} {ms:.2f} ms ({ms / sum(stages.values()):.0%})" for name, ms in stages.items()
        )
        + ".",
        "",
        "The classifier is the ensemble's tok2vec (a CNN over every token; its matrix products",
        "are most of the classifier's time) and its character n-gram model. Its width was cut",
        "from 64 to 48 where dev accuracy did not move (docs/architecture.md); narrower or",
        "shallower ones scored at the low end of the seed spread on dev, and the bag-of-words",
        "variants lower still (they are several times faster). About a third of the checker's time is the phrase index (about 1,000 phrases per",
        "language, looked up at every token); the rest is the rules' checks and the report.",
        "2,000 replies/s leaves 0.5 ms a reply for everything; the bare tokenizer alone takes",
        f"{1000 / r['tokenizer']['replies_s']:.2f} ms here, so that target is out of reach for a",
        "spaCy pipeline with a trained classifier on this machine, whatever the rules cost.",
        "Memory is flat on repeated input and grows slowly with new words (spaCy's",
        "vocabulary; about 2 MB per 1,000 new replies); peak memory is the scoring process's own",
        "high-water mark (VmHWM). Cold start is mostly importing spaCy (~0.5 s); each language's",
        "phrase rules (about 1,000 phrases) are compiled when its first reply arrives, not at load.",
        "Cost grows linearly with reply",
        "length (the quadratic paths of the first version are gone; text past 100,000 characters",
        "is not analysed and is reported as excluded).",
        "",
    ]
    (ROOT / "docs" / "performance.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
