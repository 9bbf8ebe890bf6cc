"""Scoring on a Dask cluster gives the same rows as on one machine: a local cluster
of two worker processes, started by the test, on loopback."""

import json

import pytest

from replytone.batch import Columns, flat_row, score_file

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow


def export_rows() -> list[dict]:
    """Replies of the corpus (four languages, with names and times where they have
    them), plus rows that cannot be scored."""
    from conftest import REPO

    rows = []
    for lang in ("ru", "lt", "ro", "en"):
        lines = (REPO / "corpus" / "replies" / f"{lang}.jsonl").read_text("utf-8").splitlines()
        for line in lines[:12]:
            r = json.loads(line)
            rows.append({
                "id": r["id"], "text": r["text"], "lang": r["lang"], "channel": r["channel"],
                "customer_name": r["customer_name"], "sent_at": r["sent_at"],
            })  # fmt: skip
    rows.insert(5, {"id": "no-text", "lang": "ru"})
    rows.insert(20, {"id": "bad-lang", "text": "Hallo zusammen", "lang": "de"})
    rows.insert(30, {"id": "bad-time", "text": "Hi Ann, done.", "sent_at": "yesterday"})
    return rows


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
        host="127.0.0.1",
    ) as cluster:  # fmt: skip
        yield cluster


def test_distributed_file_same_rows_as_single_machine(tmp_path, cluster):
    src = tmp_path / "export.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in export_rows()]
    lines.insert(9, '{"id": "trunc", "text": "Здравствуй')
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")

    local = score_file(src, tmp_path / "local.jsonl")
    on_dask = score_file(src, tmp_path / "dask.jsonl", scheduler=cluster.scheduler_address)

    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert on_dask.to_dict() == local.to_dict()
    assert on_dask.rows_in == len(lines) == on_dask.rows_out + len(on_dask.rejected)
    assert [p.line for p in on_dask.rejected] == [6, 10, 22, 32]


def test_distributed_dataframe_same_rows_as_single_machine(tmp_path, cluster):
    rows = export_rows()
    src = tmp_path / "export.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    score_file(src, tmp_path / "local.jsonl")
    expected = {
        r["id"]: flat_row(r)
        for r in map(json.loads, (tmp_path / "local.jsonl").read_text("utf-8").splitlines())
    }

    from replytone.distributed import score_dataframe

    frame = dd.from_pandas(pd.DataFrame(rows), npartitions=4)
    with distributed.Client(cluster):
        scored = score_dataframe(frame, columns=Columns()).compute()

    assert len(scored) == len(rows)
    errors = scored[scored["error"].notna()]
    assert sorted(errors["id"]) == ["bad-lang", "bad-time", "no-text"]
    assert errors.set_index("id").loc["no-text", "error"] == "no text in column 'text'"
    good = scored[scored["error"].isna()].drop(columns="error")
    assert list(good["id"]) == list(expected)
    for record in good.to_dict("records"):
        assert record == expected[record["id"]]


def test_distributed_cli_local_cluster(tmp_path):
    from typer.testing import CliRunner

    from replytone.cli import app

    src = tmp_path / "export.csv"
    pd.DataFrame(export_rows()[:10]).to_csv(src, index=False)
    result = CliRunner().invoke(
        app, ["score", str(src), "-o", str(tmp_path / "out.parquet"),
              "--scheduler", "local", "--workers", "2"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "10 rows in = 10 scored + 0 rejected" in result.output
    assert len(pd.read_parquet(tmp_path / "out.parquet")) == 10
