"""Agreement between a blind reviewer and the corpus labels: exact match of the label set.

Usage: python3 scripts/review_agreement.py LANG [ROUND]
"""

import json
import sys
from pathlib import Path

lang = sys.argv[1]
suffix = "" if len(sys.argv) < 3 or sys.argv[2] == "1" else f"-{sys.argv[2]}"
root = Path(__file__).resolve().parent.parent / "corpus"
gold = {}
for line in (root / "sentences" / f"{lang}.jsonl").open(encoding="utf-8"):
    r = json.loads(line)
    gold[r["id"]] = sorted(r["labels"])
review = [
    json.loads(line)
    for line in (root / "review" / f"{lang}-reviewer{suffix}.jsonl").open(encoding="utf-8")
]
agree = 0
for r in review:
    if sorted(r["labels"]) == gold[r["id"]]:
        agree += 1
    else:
        print(f"{r['id']}: corpus {gold[r['id']]} reviewer {sorted(r['labels'])}")
print(f"{lang}: {agree}/{len(review)} identical label sets")
