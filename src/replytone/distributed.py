"""Scoring on a Dask cluster: the batch scorer's chunks as tasks, or a Dask DataFrame
scored partition by partition.

Dask, not Ray: replytone's work is a pure map over rows of tables (CSV, JSONL,
Parquet) that people already hold as pandas or Dask frames; Dask is pure Python,
installs from PyPI in seconds, runs the same code on a laptop's LocalCluster and
on an existing cluster (Kubernetes, YARN, HPC job queues), and needs no runtime
of its own. Ray Data would bring a large binary runtime for no gain in a map.

Every worker needs replytone installed; model=None means the default model of the
worker's installation, a path must exist on every worker. Each worker process
loads the model once and keeps it.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .batch import Columns, Item, flat_row, item_of, row_id, score_items
from .errors import Errors, ReplytoneError

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

# Columns of a scored frame; nested parts as JSON text, as in Parquet output.
FRAME_COLUMNS = ("id", "lang", "score", "structure", "sentences", "findings", "error")


def _require_dask() -> None:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise ReplytoneError(Errors.E050) from None


@contextlib.contextmanager
def client_for(scheduler: str, workers: int = 2) -> Iterator[Any]:
    """A Dask client: "local" starts a local cluster of `workers` processes (one thread
    each, since scoring holds the GIL) and stops it afterwards; anything else is the
    address of a running scheduler."""
    _require_dask()
    import dask
    from distributed import Client, LocalCluster

    if scheduler == "local":
        # The workers' sampling profiler costs about 15% of a pure-Python task's time.
        with (
            dask.config.set({"distributed.worker.profile.enabled": False}),
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                host="127.0.0.1",
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        with Client(scheduler) as client:
            yield client


@contextlib.contextmanager
def dask_map(
    chunks: Iterable[list[Item]],
    scheduler: str,
    workers: int,
    model: str | None,
    rules: list[str],
) -> Iterator[Iterator[list[dict[str, Any] | str]]]:
    """Score chunks as Dask tasks, results in input order. At most a few chunks per
    worker are in flight, so memory stays bounded whatever the input size."""
    with client_for(scheduler, workers) as client:

        def results() -> Iterator[list[dict[str, Any] | str]]:
            window = 2 * max(1, len(client.scheduler_info()["workers"]) or workers)
            pending: deque[Any] = deque()
            for items in chunks:
                pending.append(client.submit(score_items, items, model, rules, pure=False))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

        yield results()


def score_partition(
    frame: pd.DataFrame,
    columns: Columns = Columns(),
    model: str | None = None,
    rules: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Score the replies of one pandas partition: one output row per input row, in
    order, with `error` set (and the rest empty) where a row cannot be scored."""
    import pandas as pd

    records = frame.to_dict("records")
    items: list[Item] = []
    where: list[int] = []
    out: list[dict[str, Any]] = [dict.fromkeys(FRAME_COLUMNS) for _ in records]
    for k, (index, record) in enumerate(zip(frame.index, records, strict=True)):
        rid = row_id(record, columns, index)
        out[k]["id"] = None if rid is None else str(rid)
        item = item_of(record, columns, index)
        if isinstance(item, str):
            out[k]["error"] = item
        else:
            items.append(item)
            where.append(k)
    if items:
        for k, result in zip(where, score_items(items, model, list(rules)), strict=True):
            if isinstance(result, str):
                out[k]["error"] = result
            else:
                out[k].update(flat_row(result))
    scored = pd.DataFrame(out, columns=list(FRAME_COLUMNS), index=frame.index)
    return scored.astype({"score": "float64"})


def score_dataframe(
    frame: dd.DataFrame,
    *,
    columns: Columns = Columns(),
    model: str | None = None,
    rules: Iterable[str] = (),
) -> dd.DataFrame:
    """A Dask DataFrame of replies scored as a map over its partitions (lazily: call
    .compute(), .to_parquet(...) etc. with the client of your cluster active)."""
    _require_dask()
    rules_t = tuple(str(r) for r in rules)
    meta = score_partition(frame._meta, columns, model, rules_t)
    return frame.map_partitions(
        score_partition, columns, model, rules_t, meta=meta, enforce_metadata=False
    )
