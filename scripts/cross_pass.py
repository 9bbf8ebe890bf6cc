"""How a model trained without one writing pass does on it (docs/cross_pass.md).

Usage: python scripts/cross_pass.py [--config configs/train.cfg] [--held-out=-c ...]
For each held-out pass suffix (default: -c, -b, -a), that pass of every language is
the test split and the other passes give train and dev (their usual grouped split). Compare with the in-pass test figures in models/default/metrics.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from replytone.corpus.loader import read_corpus
from replytone.corpus.split import assign_splits
from replytone.labels import LANGS
from replytone.training.train import train

ROOT = Path(__file__).resolve().parent.parent


def held_out_corpus(folder: Path, held_out: str) -> Path:
    corpus = read_corpus(ROOT / "corpus")
    records = corpus.all_sentences()
    splits = dict(zip((r.id for r in records), assign_splits(records), strict=True))
    out = folder / "corpus.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for r in records:
            split = (
                "test"
                if r.source.endswith(held_out)
                else ("dev" if splits[r.id] == "dev" else "train")
            )
            row = {
                "id": r.id,
                "lang": r.lang,
                "text": r.text,
                "labels": r.labels,
                "source": r.source,
                "split": split,
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default=str(ROOT / "configs" / "train.cfg"))
    parser.add_argument("--held-out", action="append", help="A pass suffix such as -c.")
    args = parser.parse_args()
    held_outs = args.held_out or ["-c", "-b", "-a"]
    results = {}
    for held_out in held_outs:
        with tempfile.TemporaryDirectory() as tmp:
            data = held_out_corpus(Path(tmp), held_out)
            m = train(data, Path(tmp) / "model", config=args.config).metrics
        results[f"held out {held_out}"] = {
            "model": {lang: m["model"]["test"]["by_lang"][lang]["macro_f"] for lang in LANGS},
            "baseline": {lang: m["baseline"]["test"]["by_lang"][lang]["macro_f"] for lang in LANGS},
            "forbidden": m["model"]["test"]["all"]["labels"]["forbidden"],
        }
        print(held_out, results[f"held out {held_out}"], flush=True)
    lines = [
        "# Trained without a writing pass, tested on it",
        "",
        f"Made by `python scripts/cross_pass.py --config {Path(args.config).resolve().relative_to(ROOT)}"
        + "".join(f" --held-out={h}" for h in held_outs)
        + "`. Each language was",
        "written in independent passes with different voices, companies and domains (corpus/README.md);",
        "here a model is trained without one pass of every language and tested on that pass.",
        "",
        "| held out | | ru | lt | ro | en | forbidden P / R |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        f = r["forbidden"]
        lines.append(
            f"| {name} | model macro-F1 | "
            + " | ".join(f"{r['model'][x]:.3f}" for x in LANGS)
            + f" | {f['p']:.2f} / {f['r']:.2f} |"
        )
        lines.append(
            f"| {name} | baseline macro-F1 | "
            + " | ".join(f"{r['baseline'][x]:.3f}" for x in LANGS)
            + " | |"
        )
    (ROOT / "docs" / "cross_pass.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
