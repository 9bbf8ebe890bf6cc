"""Check a writing pass's drafts against the whole corpus while it is being written.

    python3 scripts/check_draft.py ru-d

Reads corpus/ plus corpus/drafts/<PASS>-sentences.jsonl and -replies.jsonl, runs the
corpus validator on them together (format, labels, rule tags, structure, near-duplicates
across everything) and prints the problems that concern the drafts, then the pass's counts.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from replytone.corpus.loader import read_corpus
from replytone.corpus.records import read_file
from replytone.corpus.validate import NO_TARGETS, validate
from replytone.labels import LABELS
from replytone.rules.loader import load_ruleset

ROOT = Path(__file__).resolve().parent.parent


def main(pass_name: str) -> int:
    corpus = read_corpus(ROOT / "corpus")
    drafts = [
        ROOT / "corpus" / "drafts" / f"{pass_name}-{kind}.jsonl"
        for kind in ("sentences", "replies")
    ]
    for path in drafts:
        if path.exists():
            read_file(path, corpus)
    result = validate(corpus, NO_TARGETS, {r.id for r in load_ruleset()})
    mine = [p for p in result.problems if "drafts" in str(p.file) or pass_name in p.reason]
    for p in mine:
        print(f"{p.file}:{p.line}: {p.reason}")
    counts: Counter[str] = Counter()
    for s in corpus.sentences:
        if s.source == pass_name:
            counts["sentences"] += 1
            for lab in s.labels or ["neutral"]:
                counts[lab] += 1
    replies = [r for r in corpus.replies if r.source == pass_name]
    print(f"{len(mine)} problems in the drafts of {pass_name}")
    print(
        "counts:",
        ", ".join(f"{k} {counts[k]}" for k in ("sentences", *LABELS, "neutral")),
        f", replies {len(replies)}",
    )
    return 1 if mine else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
