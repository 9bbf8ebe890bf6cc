"""Batch scoring of ticket exports: `replytone score INPUT --output OUTPUT`.

Reads JSONL, CSV or Parquet in chunks (memory stays flat whatever the input size),
scores each reply with its own options (language, channel, customer name, time
sent, from named columns), optionally in several worker processes, and writes one
row per reply, in input order, to JSONL or Parquet. A row that cannot be read is
listed with file, line and reason; rows in = rows out + rows rejected. The output
appears only when the run succeeded.
"""

from __future__ import annotations

import contextlib
import csv
import json
import multiprocessing as mp
import os
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus.records import Problem, iter_jsonl
from .errors import CorpusError, Errors

CHUNK = 512

Item = tuple[Any, str, dict[str, Any]]  # (id, text, options) of one reply


@dataclass(frozen=True)
class Columns:
    text: str = "text"
    id: str | None = "id"
    lang: str | None = "lang"
    channel: str | None = "channel"
    customer_name: str | None = "customer_name"
    sent_at: str | None = "sent_at"


@dataclass
class Summary:
    rows_in: int = 0
    rows_out: int = 0
    rejected: list[Problem] = field(default_factory=list)
    rule_counts: Counter[str] = field(default_factory=Counter)  # replies where the rule fired
    languages: Counter[str] = field(default_factory=Counter)
    score_bins: Counter[int] = field(default_factory=Counter)  # 0, 10, ..., 90 (90 holds 100)
    score_total: float = 0.0

    def add(self, row: dict[str, Any]) -> None:
        self.rows_out += 1
        self.languages[row["lang"]] += 1
        self.score_total += row["score"]
        self.score_bins[min(90, int(row["score"] // 10) * 10)] += 1
        for rule in {f["rule"] for f in row["findings"]}:
            self.rule_counts[rule] += 1

    def to_dict(self) -> dict[str, Any]:
        n = max(1, self.rows_out)
        return {
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "rows_rejected": len(self.rejected),
            "rejected": [str(p) for p in self.rejected],
            "mean_score": round(self.score_total / n, 2),
            "score_distribution": {
                f"{b}-{b + 10 if b < 90 else 100}": self.score_bins[b] for b in range(0, 100, 10)
            },
            "languages": dict(self.languages),
            "rule_firing_rates": {r: round(c / n, 4) for r, c in self.rule_counts.most_common()},
        }


def _rows_jsonl(path: Path, problems: list[Problem]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, value in iter_jsonl(path, problems):
        if not isinstance(value, dict):
            problems.append(Problem(str(path), number, "a row must be a JSON object"))
            continue
        yield number, value


def _rows_csv(path: Path, problems: list[Problem]) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open("r", encoding="utf-8", errors="surrogateescape", newline="") as f:
        reader = csv.DictReader(f)
        for row in reader:
            bad = next(
                (
                    v
                    for v in row.values()
                    if isinstance(v, str) and any("\udc80" <= ch <= "\udcff" for ch in v)
                ),
                None,
            )
            if bad is not None:
                problems.append(Problem(str(path), reader.line_num, "invalid UTF-8"))
                continue
            yield reader.line_num, row


def _rows_parquet(path: Path, problems: list[Problem]) -> Iterator[tuple[int, dict[str, Any]]]:
    import pyarrow.parquet as pq

    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=CHUNK):
        for row in batch.to_pylist():
            number += 1
            yield number, row


def read_rows(path: Path, problems: list[Problem]) -> Iterator[tuple[int, dict[str, Any]]]:
    readers: dict[str, Callable[[Path, list[Problem]], Iterator[tuple[int, dict[str, Any]]]]] = {
        ".jsonl": _rows_jsonl, ".csv": _rows_csv, ".parquet": _rows_parquet,
    }  # fmt: skip
    if not path.is_file():
        raise CorpusError(Errors.E031.format(path=path))
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise CorpusError(
            f"Unsupported file type '{path.suffix}' for '{path}': use .jsonl, .csv or .parquet."
        )
    return reader(path, problems)


def _present(value: Any) -> bool:
    """False for the empty values of every input format: None, "", and a table's NaN/NaT."""
    return value is not None and value != "" and value == value


def row_id(row: dict[str, Any], cols: Columns, default_id: Any) -> Any:
    """A row's id: its id column where it has one, else default_id (its line or index)."""
    return row.get(cols.id) if cols.id and cols.id in row else default_id


def item_of(row: dict[str, Any], cols: Columns, default_id: Any) -> Item | str:
    """One input row as an (id, text, options) item, or the reason it cannot be scored."""
    text = row.get(cols.text)
    if not isinstance(text, str):
        return f"no text in column '{cols.text}'"

    def get(name: str | None) -> Any:
        value = row.get(name) if name else None
        return value if _present(value) else None

    options = {
        "lang": get(cols.lang),
        "channel": get(cols.channel),
        "customer_name": get(cols.customer_name),
        "sent_at": get(cols.sent_at),
    }
    return (row_id(row, cols, default_id), text, options)


def result_row(row_id: Any, report: Any) -> dict[str, Any]:
    data = report.to_dict()
    return {
        "id": row_id,
        "lang": data["lang"],
        "score": data["score"],
        "structure": {k: data["structure"][k] for k in ("ok", "missing", "out_of_order")},
        "sentences": [
            {"text": s["text"], "start": s["start"], "end": s["end"], "labels": s["labels"]}
            for s in data["sentences"]
        ],
        "findings": data["findings"],
    }


def flat_row(row: dict[str, Any]) -> dict[str, Any]:
    """A result row with scalar columns only (JSON text for the nested parts): the form
    of Parquet output and of data frames."""
    return {
        **row,
        "id": None if row["id"] is None else str(row["id"]),
        "structure": json.dumps(row["structure"]),
        "sentences": json.dumps(row["sentences"], ensure_ascii=False),
        "findings": json.dumps(row["findings"], ensure_ascii=False),
    }


# The scorer of this process (a pool worker, a Dask worker, or the main process),
# loaded once per model and rules.
_WORKER: dict[str, Any] = {}


def _init_worker(model: str | None, rules: list[str]) -> None:
    from .scorer import load

    key = (model, tuple(rules))
    if _WORKER.get("key") != key:
        _WORKER["scorer"] = load(model, rules=rules)
        _WORKER["key"] = key


def score_items(
    items: list[Item], model: str | None = None, rules: list[str] | None = None
) -> list[dict[str, Any] | str]:
    """Score items in this process with the given model (loaded once per process)."""
    _init_worker(model, rules or [])
    return _score_chunk(items)


def _score_chunk(items: list[Item]) -> list[dict[str, Any] | str]:
    """Score (id, text, options) items through nlp.pipe; an item whose options are bad
    gives its error text instead of a row."""
    from .errors import InputError
    from .scorer import validate_options

    scorer = _WORKER["scorer"]
    out: list[dict[str, Any] | str] = [""] * len(items)
    valid = []
    for k, (_, _, options) in enumerate(items):
        try:
            validate_options(**options)
            valid.append(k)
        except InputError as e:
            out[k] = str(e)
    reports = scorer.pipe_items((items[k][1], items[k][2]) for k in valid)
    for k, report in zip(valid, reports, strict=True):
        out[k] = result_row(items[k][0], report)
    return out


def chunks_of(
    path: Path, cols: Columns, summary: Summary
) -> Iterator[tuple[list[int], list[Item]]]:
    """The rows of an export in chunks of items with their line numbers; rows that
    cannot be read or have no text go to the summary's rejected list."""
    lines: list[int] = []
    items: list[Item] = []
    problems: list[Problem] = []
    for number, row in read_rows(path, problems):
        summary.rows_in += 1
        item = item_of(row, cols, number)
        if isinstance(item, str):
            summary.rejected.append(Problem(str(path), number, item))
            continue
        lines.append(number)
        items.append(item)
        if len(items) >= CHUNK:
            yield lines, items
            lines, items = [], []
    if items:
        yield lines, items
    summary.rows_in += len(problems)
    summary.rejected.extend(problems)


class _Writer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        self.tmp = Path(tmp)
        self.parquet = path.suffix.lower() == ".parquet"
        self._pq: Any = None
        self._f = None if self.parquet else os.fdopen(self.fd, "w", encoding="utf-8")

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self._f is not None:
            for row in rows:
                self._f.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist([flat_row(r) for r in rows])
        if self._pq is None:
            os.close(self.fd)
            self._pq = pq.ParquetWriter(self.tmp, table.schema)
        self._pq.write_table(table)

    def commit(self) -> None:
        if self._f is not None:
            self._f.close()
        elif self._pq is not None:
            self._pq.close()
        else:
            os.close(self.fd)
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        try:
            if self._f is not None:
                self._f.close()
            elif self._pq is not None:
                self._pq.close()
        finally:
            self.tmp.unlink(missing_ok=True)


def score_file(
    input_path: str | Path,
    output_path: str | Path,
    *,
    columns: Columns = Columns(),
    model: str | Path | None = None,
    rules: Iterable[str | Path] = (),
    workers: int = 1,
    scheduler: str | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Summary:
    """Score every reply of a JSONL, CSV or Parquet export into JSONL or Parquet.

    Chunks are scored in this process (workers=1), in a pool of worker processes, or
    on a Dask cluster (scheduler: an address, or "local" for a local cluster of
    `workers` processes); the rows come out in input order either way."""
    src, dst = Path(input_path), Path(output_path)
    if dst.suffix.lower() not in (".jsonl", ".parquet"):
        raise CorpusError(f"Output '{dst}' must end in .jsonl or .parquet.")
    summary = Summary()
    rules_list = [str(r) for r in rules]
    model_arg = str(model) if model is not None else None
    writer = _Writer(dst)
    with contextlib.ExitStack() as stack:
        try:
            # the line numbers of each chunk, in the order the chunks are scored
            lines_q: deque[list[int]] = deque()

            def chunks() -> Iterator[list[Item]]:
                for lines, items in chunks_of(src, columns, summary):
                    lines_q.append(lines)
                    yield items

            results: Iterable[list[dict[str, Any] | str]]
            if scheduler is not None:
                from .distributed import dask_map

                results = stack.enter_context(
                    dask_map(chunks(), scheduler, workers, model_arg, rules_list)
                )
            elif workers > 1:
                pool = stack.enter_context(
                    mp.get_context("spawn").Pool(
                        workers, initializer=_init_worker, initargs=(model_arg, rules_list)
                    )
                )
                results = pool.imap(_score_chunk, chunks())
            else:
                results = (score_items(items, model_arg, rules_list) for items in chunks())
            for scored in results:
                lines = lines_q.popleft()
                good = []
                for line, item in zip(lines, scored, strict=True):
                    if isinstance(item, str):
                        summary.rejected.append(Problem(str(src), line, item))
                    else:
                        good.append(item)
                        summary.add(item)
                writer.write(good)
                if on_progress is not None:
                    on_progress(len(scored))
            writer.commit()
            # read errors and scoring errors are found at different times; list by line
            summary.rejected.sort(key=lambda p: p.line)
        except BaseException:
            writer.abort()
            raise
    (dst.parent / f"{dst.name}.summary.json").write_text(
        json.dumps(summary.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return summary


def score_dataset(
    dataset: Any,
    *,
    text_column: str = "text",
    model: str | Path | None = None,
    batch_size: int = 256,
) -> Any:
    """A datasets.Dataset with the report of each row's text added as columns."""
    from .scorer import load

    scorer = load(model)

    def add(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        reports = list(scorer.pipe(batch[text_column]))
        return {
            "replytone_score": [r.score for r in reports],
            "replytone_lang": [r.lang for r in reports],
            "replytone_report": [
                json.dumps(result_row(None, r), ensure_ascii=False) for r in reports
            ],
        }

    return dataset.map(add, batched=True, batch_size=batch_size)
