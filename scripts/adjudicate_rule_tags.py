"""One fault, one rule: drop clarification.please where a curt or rude question tag already
stands on the same sentence (see corpus/RULE_TAGS.md, Adjudication). Idempotent.

Usage: python3 scripts/adjudicate_rule_tags.py
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "corpus"
RUDE = {"forbidden.curt_question", "forbidden.what_do_you_mean"}


def fix(tags: list[str]) -> tuple[list[str], bool]:
    if "clarification.please" in tags and RUDE & set(tags):
        return [t for t in tags if t != "clarification.please"], True
    return tags, False


changed = 0
for path in sorted(ROOT.glob("*/*.jsonl")):
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "rules" in record:
            record["rules"], c = fix(record["rules"])
            changed += c
        for sentence in record.get("sentences", []):
            if "rules" in sentence:
                sentence["rules"], c = fix(sentence["rules"])
                changed += c
        lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"{changed} tags removed")
