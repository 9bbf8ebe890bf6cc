"""Bring a finished writing pass from corpus/drafts/ into the corpus.

    python3 scripts/merge_pass.py totag ru-f   # texts only, for the rule tagger
    python3 scripts/merge_pass.py merge ru-f   # drafts (+ rule tags, if given) -> corpus

`totag` writes corpus/drafts/<PASS>-totag.jsonl: each record's id, channel and text (a
reply also its customer_name, sent_at and sentence texts), without labels, so the tagger
reads the texts alone. The tagger writes <PASS>-rules.jsonl: {"id", "rules"} per record,
and for a reply also "sentence_rules", one list per sentence.

`merge` appends the pass's records to corpus/sentences/<lang>.jsonl and
corpus/replies/<lang>.jsonl, with the rule tags when the rules file exists. It refuses
ids the corpus already has, and writes each file whole to a temporary file first.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _append_atomically(path: Path, records: list[dict[str, Any]]) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if old and not old.endswith("\n"):
        old += "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(old + "".join(_line(r) for r in records))
    os.replace(tmp, path)


def _drafts(pass_name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    drafts = CORPUS / "drafts"
    return (
        _read(drafts / f"{pass_name}-sentences.jsonl"),
        _read(drafts / f"{pass_name}-replies.jsonl"),
    )


def totag(pass_name: str) -> None:
    sentences, replies = _drafts(pass_name)
    out = [{"id": s["id"], "channel": s["channel"], "text": s["text"]} for s in sentences]
    out += [
        {
            "id": r["id"],
            "channel": r["channel"],
            "customer_name": r.get("customer_name"),
            "sent_at": r.get("sent_at"),
            "text": r["text"],
            "sentences": [s["text"] for s in r["sentences"]],
        }
        for r in replies
    ]
    path = CORPUS / "drafts" / f"{pass_name}-totag.jsonl"
    path.write_text("".join(_line(r) for r in out), encoding="utf-8")
    print(f"{path}: {len(out)} records")


def merge(pass_name: str) -> None:
    lang = pass_name.split("-")[0]
    sentences, replies = _drafts(pass_name)
    rules_path = CORPUS / "drafts" / f"{pass_name}-rules.jsonl"
    tags = {r["id"]: r for r in _read(rules_path)} if rules_path.exists() else {}
    untagged = [r["id"] for r in sentences + replies if tags and r["id"] not in tags]
    if untagged:
        sys.exit(f"{rules_path}: no tags for {', '.join(untagged[:5])}")
    for s in sentences if tags else []:
        s["rules"] = sorted(tags[s["id"]]["rules"])
    for r in replies if tags else []:
        tag = tags[r["id"]]
        if len(tag["sentence_rules"]) != len(r["sentences"]):
            sys.exit(
                f"{rules_path}: {r['id']} has {len(r['sentences'])} sentences, "
                f"{len(tag['sentence_rules'])} lists of sentence rules"
            )
        for sent, sent_rules in zip(r["sentences"], tag["sentence_rules"], strict=True):
            sent["rules"] = sorted(sent_rules)
        r["rules"] = sorted(tag["rules"])
    for kind, records in (("sentences", sentences), ("replies", replies)):
        path = CORPUS / kind / f"{lang}.jsonl"
        have = {r["id"] for r in _read(path)}
        clash = sorted(have & {r["id"] for r in records})
        if clash:
            sys.exit(f"{path}: already has {', '.join(clash[:5])}")
        _append_atomically(path, records)
        print(f"{path}: +{len(records)} records")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("totag", "merge"):
        sys.exit(__doc__)
    {"totag": totag, "merge": merge}[sys.argv[1]](sys.argv[2])
