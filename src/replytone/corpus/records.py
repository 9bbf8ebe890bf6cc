"""Reading corpus files into records, with a problem report per bad line.

Two kinds of record, in JSONL or CSV:
- sentence: id, lang, text, labels, domain, channel, source
- reply: id, lang, text, sentences [{text, labels}], structure {missing, out_of_order},
  domain, channel, source, customer_name, sent_at
Optional on both: split ("train" | "dev" | "test") to fix the split by hand.
A bad line is reported with file, line and reason, and the rest is still read.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorpusError, Errors
from ..labels import CHANNELS, LABELS, LANGS

SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    reason: str
    severity: str = "error"

    def __str__(self) -> str:
        return Errors.E030.format(file=self.file, line=self.line, reason=self.reason)


@dataclass
class SentenceRecord:
    id: str
    lang: str
    text: str
    labels: list[str]
    domain: str = ""
    channel: str = ""
    source: str = ""
    split: str | None = None
    rules: list[str] | None = None  # ids of guideline rules the sentence breaks (gold), if tagged
    reply_id: str = ""
    position: int = -1
    file: str = ""
    line: int = 0


@dataclass
class ReplyRecord:
    id: str
    lang: str
    text: str
    sentences: list[SentenceRecord]
    structure: dict[str, list[str]] | None
    domain: str = ""
    channel: str = ""
    source: str = ""
    customer_name: str | None = None
    sent_at: str | None = None
    split: str | None = None
    rules: list[str] | None = None  # ids of reply-level rules the reply breaks (gold), if tagged
    file: str = ""
    line: int = 0


@dataclass
class Corpus:
    sentences: list[SentenceRecord] = field(default_factory=list)
    replies: list[ReplyRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lines_read: int = 0

    def all_sentences(self) -> list[SentenceRecord]:
        """Sentence records and the sentences of replies, in file order."""
        return self.sentences + [s for r in self.replies for s in r.sentences]


def _check_labels(labels: Any, where: str) -> list[str]:
    if labels is None or labels == "":
        return []
    if isinstance(labels, str):  # CSV: "greeting|forbidden" or "greeting, forbidden"
        labels = [x.strip() for x in labels.replace(",", "|").split("|") if x.strip()]
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ValueError(f"{where}labels must be a list of label names")
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        raise ValueError(
            f"{where}unknown label(s) {', '.join(unknown)}; known: {', '.join(LABELS)}"
        )
    return sorted(set(labels))


def _rule_tags(value: Any, where: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [x.strip() for x in value.replace(",", "|").split("|") if x.strip()]
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValueError(f"{where}rules must be a list of rule ids")
    return sorted(set(value))


def _common(raw: dict[str, Any]) -> dict[str, Any]:
    rid = raw.get("id")
    if not isinstance(rid, str) or not rid.strip():
        raise ValueError("missing id")
    lang = raw.get("lang")
    if lang not in LANGS:
        raise ValueError(f"bad language code {lang!r}; use one of {', '.join(LANGS)}")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty text")
    channel = raw.get("channel") or ""
    if channel and channel not in CHANNELS:
        raise ValueError(f"bad channel {channel!r}; use one of {', '.join(CHANNELS)}")
    split = raw.get("split") or None
    if split is not None and split not in SPLITS:
        raise ValueError(f"bad split {split!r}; use one of {', '.join(SPLITS)}")
    return {
        "id": rid,
        "lang": lang,
        "text": text,
        "domain": str(raw.get("domain") or ""),
        "channel": channel,
        "source": str(raw.get("source") or ""),
        "split": split,
    }


def parse_record(raw: Any, file: str, line: int) -> SentenceRecord | ReplyRecord:
    if not isinstance(raw, dict):
        raise ValueError("a record must be a JSON object")
    common = _common(raw)
    if "sentences" not in raw or raw["sentences"] in (None, ""):
        labels = _check_labels(raw.get("labels"), "")
        rules = _rule_tags(raw.get("rules"), "")
        return SentenceRecord(labels=labels, rules=rules, file=file, line=line, **common)
    sents_raw = raw["sentences"]
    if isinstance(sents_raw, str):
        sents_raw = json.loads(sents_raw)
    if not isinstance(sents_raw, list) or not sents_raw:
        raise ValueError("sentences must be a non-empty list of {text, labels}")
    sentences = []
    pos = 0
    for k, s in enumerate(sents_raw):
        if not isinstance(s, dict) or not isinstance(s.get("text"), str) or not s["text"].strip():
            raise ValueError(f"sentence {k}: needs a non-empty text")
        found = common["text"].find(s["text"], pos)
        if found < 0:
            raise ValueError(
                f"sentence {k} is not found, in order, in the reply text: {s['text'][:40]!r}"
            )
        pos = found + len(s["text"])
        sentences.append(
            SentenceRecord(
                id=f"{common['id']}#{k}",
                lang=common["lang"],
                text=s["text"],
                labels=_check_labels(s.get("labels"), f"sentence {k}: "),
                rules=_rule_tags(s.get("rules"), f"sentence {k}: "),
                domain=common["domain"],
                channel=common["channel"],
                source=common["source"],
                split=common["split"],
                reply_id=common["id"],
                position=k,
                file=file,
                line=line,
            )
        )
    structure = raw.get("structure")
    if isinstance(structure, str):
        structure = json.loads(structure)
    return ReplyRecord(
        sentences=sentences,
        structure=structure,
        customer_name=raw.get("customer_name") or None,
        sent_at=raw.get("sent_at") or None,
        rules=_rule_tags(raw.get("rules"), ""),
        file=file,
        line=line,
        **common,
    )


def iter_jsonl(
    path: Path, problems: list[Problem], on_line: Callable[[], None] | None = None
) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-empty line; a line that is not UTF-8 or
    not JSON becomes a Problem and is skipped. on_line is called for every line read."""
    with path.open("rb") as f:
        for number, data in enumerate(f, 1):
            if not data.strip():
                continue
            if on_line is not None:
                on_line()
            try:
                line = data.rstrip(b"\r\n").decode("utf-8")
            except UnicodeDecodeError as e:
                problems.append(Problem(str(path), number, f"invalid UTF-8 at byte {e.start}"))
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as e:
                reason = f"invalid JSON ({e.msg}, column {e.colno}); truncated line?"
                problems.append(Problem(str(path), number, reason))
                continue
            yield number, value


def _jsonl_rows(path: Path, corpus: Corpus) -> Iterator[tuple[int, Any]]:
    def count() -> None:
        corpus.lines_read += 1

    return iter_jsonl(path, corpus.problems, count)


def _csv_rows(path: Path, corpus: Corpus) -> Iterator[tuple[int, Any]]:
    problems = corpus.problems
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raw = path.read_bytes()
        lines = raw.split(b"\n")
        good = []
        for number, data in enumerate(lines, 1):
            try:
                good.append(data.decode("utf-8"))
            except UnicodeDecodeError as e:
                problems.append(Problem(str(path), number, f"invalid UTF-8 at byte {e.start}"))
                good.append("")
        text = "\n".join(good)
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        corpus.lines_read += 1
        yield reader.line_num, row


def read_file(path: Path, corpus: Corpus) -> None:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        rows = _jsonl_rows(path, corpus)
    elif suffix == ".csv":
        rows = _csv_rows(path, corpus)
    else:
        raise CorpusError(Errors.E033.format(suffix=suffix, path=path))
    for number, raw in rows:
        try:
            record = parse_record(raw, str(path), number)
        except (ValueError, TypeError, json.JSONDecodeError) as e:
            corpus.problems.append(Problem(str(path), number, str(e)))
            continue
        if isinstance(record, ReplyRecord):
            corpus.replies.append(record)
        else:
            corpus.sentences.append(record)


def corpus_files(path: Path) -> list[Path]:
    if not path.exists():
        raise CorpusError(Errors.E031.format(path=path))
    if path.is_file():
        return [path]
    files = sorted(
        p
        for p in path.rglob("*")
        if p.suffix.lower() in (".jsonl", ".csv")
        and not {"drafts", "review"} & set(p.relative_to(path).parts)
    )
    if not files:
        raise CorpusError(Errors.E032.format(path=path))
    return files
