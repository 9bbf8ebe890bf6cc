"""Draw the blind-review sample: 50 random sentence records of one language, texts only.

Usage: python3 scripts/review_sample.py LANG  -> corpus/review/<LANG>-blind.jsonl (id, text)
The seed is fixed (the language code), so the sample can be drawn again and checked.
"""

import json
import random
import sys
from pathlib import Path

lang = sys.argv[1]
root = Path(__file__).resolve().parent.parent / "corpus"
files = sorted((root / "sentences").glob(f"{lang}.jsonl")) or sorted(
    (root / "drafts").glob(f"{lang}-*-sentences.jsonl")
)
records = [json.loads(line) for f in files for line in f.open(encoding="utf-8") if line.strip()]
sample = random.Random(f"review-{lang}").sample(records, 50)
out = root / "review" / f"{lang}-blind.jsonl"
with out.open("w", encoding="utf-8") as f:
    for r in sample:
        f.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
print(f"{out}: 50 of {len(records)} records")
