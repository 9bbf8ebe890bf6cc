"""Draw the blind-review sample: 50 random sentence records of one language, texts only.

Usage: python3 scripts/review_sample.py LANG [ROUND [SOURCE]]
  -> corpus/review/<LANG>-blind.jsonl (round 1) or <LANG>-blind-<ROUND>.jsonl (id, text)
With SOURCE (a writing pass such as ru-c), only that pass's records are drawn (from its
draft file while it is not merged yet).
The seed is fixed (language and round), so a sample can be drawn again and checked; a
later round never repeats a record of an earlier one.
"""

import json
import random
import sys
from pathlib import Path

lang = sys.argv[1]
round_ = int(sys.argv[2]) if len(sys.argv) > 2 else 1
source = sys.argv[3] if len(sys.argv) > 3 else None
root = Path(__file__).resolve().parent.parent / "corpus"
files = sorted((root / "sentences").glob(f"{lang}.jsonl")) or sorted(
    (root / "drafts").glob(f"{lang}-*-sentences.jsonl")
)
records = [json.loads(line) for f in files for line in f.open(encoding="utf-8") if line.strip()]
if source is not None and not any(r["source"] == source for r in records):
    # a pass still in drafts: its own file, so it can be reviewed before it is merged
    draft = root / "drafts" / f"{source}-sentences.jsonl"
    records = [json.loads(line) for line in draft.open(encoding="utf-8") if line.strip()]
seen = set()
for earlier in range(1, round_):
    name = f"{lang}-blind.jsonl" if earlier == 1 else f"{lang}-blind-{earlier}.jsonl"
    seen |= {json.loads(line)["id"] for line in (root / "review" / name).open(encoding="utf-8")}
pool = [r for r in records if r["id"] not in seen and source in (None, r["source"])]
seed = f"review-{lang}" if round_ == 1 else f"review-{lang}-{round_}"
sample = random.Random(seed).sample(pool, 50)
out = root / "review" / (f"{lang}-blind.jsonl" if round_ == 1 else f"{lang}-blind-{round_}.jsonl")
with out.open("w", encoding="utf-8") as f:
    for r in sample:
        f.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
print(f"{out}: 50 of {len(pool)} records")
