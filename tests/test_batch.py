import json

import pytest

from replytone.batch import Columns, score_dataset, score_file

REPLIES = [
    {
        "id": 1,
        "text": "Здравствуйте, Анна! Мы вернули деньги на карту. Хорошего дня!",
        "customer_name": "Анна",
        "sent_at": "2026-03-10T10:00",
    },
    {"id": 2, "text": "Hi Mark, that's our policy. Cya!", "lang": "en", "channel": "chat"},
    {"id": 3, "text": "Laba diena! Siunta jau pakeliui. Geros dienos!"},
    {"id": 4, "text": "Bună ziua! Nu știu.", "lang": "ro"},
]


def write_export(path, extra_lines=()):
    lines = [json.dumps(r, ensure_ascii=False) for r in REPLIES]
    lines[2:2] = list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_batch_rows_in_equal_rows_out_plus_rejected(tmp_path):
    src = write_export(
        tmp_path / "in.jsonl",
        ['{"id": 9, "text": "trunc', '{"id": 10}', '{"id": 11, "text": "Hallo", "lang": "de"}'],
    )
    summary = score_file(src, tmp_path / "out.jsonl")
    rows = [
        json.loads(line)
        for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [r["id"] for r in rows] == [1, 2, 3, 4]
    assert summary.rows_in == 7 and summary.rows_out == 4 and len(summary.rejected) == 3
    reasons = sorted(str(p) for p in summary.rejected)
    assert reasons == sorted([
        f"{src}:3: invalid JSON (Unterminated string starting at, column 19); truncated line?",
        f"{src}:4: no text in column 'text'",
        f"{src}:5: Unsupported language 'de'. replytone checks these languages: ru, lt, ro, en.",
    ])  # fmt: skip
    assert "forbidden.bare_policy" in {f["rule"] for f in rows[1]["findings"]}
    saved = json.loads((tmp_path / "out.jsonl.summary.json").read_text())
    assert saved["rows_in"] == 7 and saved["languages"] == {"ru": 1, "en": 1, "lt": 1, "ro": 1}


def test_batch_csv_in_parquet_out(tmp_path):
    import csv

    import pyarrow.parquet as pq

    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["ticket", "body"])
        w.writeheader()
        for r in REPLIES:
            w.writerow({"ticket": r["id"], "body": r["text"]})
    summary = score_file(src, tmp_path / "out.parquet", columns=Columns(text="body", id="ticket"))
    table = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["id"] for r in table] == ["1", "2", "3", "4"] and summary.rows_out == 4
    assert json.loads(table[1]["findings"])


@pytest.mark.slow
def test_batch_two_workers_give_the_same_rows(tmp_path):
    src = write_export(tmp_path / "in.jsonl")
    score_file(src, tmp_path / "one.jsonl")
    score_file(src, tmp_path / "two.jsonl", workers=2)
    assert (tmp_path / "one.jsonl").read_text() == (tmp_path / "two.jsonl").read_text()


def test_batch_failed_run_leaves_previous_output(tmp_path):
    src = write_export(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    with pytest.raises(Exception, match=r"not found|does not exist"):
        score_file(src, out, model=tmp_path / "missing-model")
    assert out.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_batch_scores_a_datasets_dataset():
    from datasets import Dataset

    ds = score_dataset(Dataset.from_list([{"text": r["text"]} for r in REPLIES]))
    assert ds.column_names == ["text", "replytone_score", "replytone_lang", "replytone_report"]
    assert ds["replytone_lang"] == ["ru", "en", "lt", "ro"]
