"""Write a generated ticket export for batch scoring (docs/batch.md).

Usage: python bench/make_export.py OUT.jsonl [N]
N distinct replies (default 100,000) recombined from corpus/ sentences, with the columns
a helpdesk export has (id, text, channel), and one broken row every 10,000 rows so
that the rejection path is exercised too.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import make_replies


def main() -> None:
    out = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rng = random.Random(1)
    with out.open("w", encoding="utf-8") as f:
        for i, text in enumerate(make_replies(n, seed=1), 1):
            f.write(
                json.dumps(
                    {"id": f"T{i:06d}", "text": text, "channel": rng.choice(["chat", "email"])},
                    ensure_ascii=False,
                )
                + "\n"
            )
            if i % 10_000 == 0:
                f.write('{"id": "broken-' + str(i) + '", "text": "cut off\n')
    print(f"{out}: {n} replies")


if __name__ == "__main__":
    main()
