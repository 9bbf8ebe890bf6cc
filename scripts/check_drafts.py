"""Self-check for corpus drafts while they are being written (stdlib only).

Usage: python3 scripts/check_drafts.py corpus/drafts/ru-*.jsonl
Checks each line's format and labels, and near-duplicates across all files given.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from itertools import combinations

LABELS = {"greeting", "empathy", "apology", "gratitude", "solution", "clarification", "closing", "forbidden"}
STEPS = ["greeting", "understanding", "solution", "farewell"]
STEP_OF = {
    "greeting": "greeting",
    "empathy": "understanding",
    "apology": "understanding",
    "solution": "solution",
    "clarification": "solution",
    "closing": "farewell",
}
LANGS = {"ru", "lt", "ro", "en"}
CHANNELS = {"chat", "email"}


def norm_tokens(text: str) -> tuple[str, frozenset[str]]:
    low = re.sub(r"[\W\d_]+", " ", text.lower()).split()
    return " ".join(low), frozenset(low)


def structure(labels_per_sentence: list[list[str]]) -> dict:
    first: dict[str, int] = {}
    for i, labels in enumerate(labels_per_sentence):
        for lab in labels:
            step = STEP_OF.get(lab)
            if step and step not in first:
                first[step] = i
    missing = [s for s in STEPS if s not in first]
    present = [s for s in STEPS if s in first]
    out: list[str] = []
    # the fewest steps whose removal leaves the rest in order; ties flag the earlier step
    for k in range(len(present) + 1):
        cands = []
        for removed in combinations(present, k):
            kept = [s for s in present if s not in removed]
            if all(first[a] <= first[b] for a, b in zip(kept, kept[1:])):
                cands.append(list(removed))
        if cands:
            out = min(cands, key=lambda r: [STEPS.index(s) for s in r])
            break
    return {"missing": missing, "out_of_order": out}


def main(paths: list[str]) -> int:
    problems = 0
    sents: list[tuple[str, str, str]] = []  # (where, text, id)
    counts: Counter[str] = Counter()
    ids: set[str] = set()
    n_sent = n_reply = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for ln, line in enumerate(f, 1):
                where = f"{path}:{ln}"
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    print(f"{where}: invalid JSON: {e}")
                    problems += 1
                    continue
                rid = r.get("id")
                if not rid or rid in ids:
                    print(f"{where}: missing or duplicate id {rid!r}")
                    problems += 1
                ids.add(rid)
                if r.get("lang") not in LANGS:
                    print(f"{where}: bad lang {r.get('lang')!r}")
                    problems += 1
                if r.get("channel") not in CHANNELS:
                    print(f"{where}: bad channel {r.get('channel')!r}")
                    problems += 1
                for key in ("domain", "source", "text"):
                    if not isinstance(r.get(key), str) or not r[key].strip():
                        print(f"{where}: missing {key}")
                        problems += 1
                if "sentences" in r:
                    n_reply += 1
                    pos = 0
                    labs = []
                    for j, s in enumerate(r["sentences"]):
                        bad = set(s.get("labels", [])) - LABELS
                        if bad:
                            print(f"{where}: sentence {j}: unknown labels {bad}")
                            problems += 1
                        k = r["text"].find(s["text"], pos)
                        if k < 0:
                            print(f"{where}: sentence {j} not found verbatim (in order) in text: {s['text']!r}")
                            problems += 1
                        else:
                            pos = k + len(s["text"])
                        labs.append(s.get("labels", []))
                        sents.append((f"{where}#{j}", s["text"], rid))
                    want = structure(labs)
                    got = r.get("structure", {})
                    if got.get("missing") != want["missing"] or got.get("out_of_order") != want["out_of_order"]:
                        print(f"{where}: structure {got} disagrees with labels, which give {want}")
                        problems += 1
                else:
                    n_sent += 1
                    bad = set(r.get("labels", [])) - LABELS
                    if bad or not isinstance(r.get("labels"), list):
                        print(f"{where}: unknown or missing labels {bad}")
                        problems += 1
                    for lab in r.get("labels", []):
                        counts[lab] += 1
                    if not r.get("labels"):
                        counts["(neutral)"] += 1
                    sents.append((where, r.get("text", ""), rid))
    normed = [(w, *norm_tokens(t), rid) for w, t, rid in sents]
    for (w1, n1, t1, id1), (w2, n2, t2, id2) in combinations(normed, 2):
        if id1 == id2:
            continue
        if n1 == n2 or (t1 and t2 and len(t1 & t2) / len(t1 | t2) > 0.8):
            print(f"near-duplicate: {w1} ~ {w2}: {n1!r} / {n2!r}")
            problems += 1
    print(f"\n{n_sent} sentence records, {n_reply} replies, {problems} problems")
    for lab in sorted(counts):
        print(f"  {lab:14} {counts[lab]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
