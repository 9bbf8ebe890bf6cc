import csv
import json

import pytest
from conftest import sentence, write_jsonl

from replytone import corpus
from replytone.corpus.records import Corpus, read_file
from replytone.corpus.validate import NO_TARGETS, Targets, validate


def read(path):
    c = Corpus()
    read_file(path, c)
    return c


GOOD = [
    sentence("g1", "Добрый день, Ольга!", ["greeting"]),
    sentence("g2", "Мы вернули деньги на карту.", ["solution"]),
]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        (
            '{"id": "b", "lang": "ru", "text": "Привет", "labels": ["rude"]}',
            "unknown label(s) rude",
        ),
        ('{"id": "b", "lang": "ru", "text": "  ", "labels": []}', "empty text"),
        ('{"id": "b", "lang": "de", "text": "Hallo", "labels": []}', "bad language code 'de'"),
        ('{"id": "b", "lang": "ru", "text": "Привет", "labels": []', "invalid JSON"),
        ('{"lang": "ru", "text": "Привет", "labels": []}', "missing id"),
        (
            '{"id": "b", "lang": "ru", "text": "Привет", "labels": [], "channel": "fax"}',
            "bad channel 'fax'",
        ),
        (
            '{"id": "r", "lang": "ru", "text": "Здравствуйте!", "sentences": [{"text": "Пока!", "labels": []}]}',
            "not found, in order",
        ),
    ],
)
def test_corpus_bad_record_is_reported_and_the_rest_read(tmp_path, bad_line, message):
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps(GOOD[0], ensure_ascii=False),
        bad_line,
        json.dumps(GOOD[1], ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    c = read(path)
    assert [s.id for s in c.sentences] == ["g1", "g2"]
    assert len(c.problems) == 1
    assert str(c.problems[0]).startswith(f"{path}:2: ")
    assert message in str(c.problems[0])
    assert c.lines_read == 2 + 1  # every line counted: 2 records read, 1 rejected


def test_corpus_invalid_utf8_line(tmp_path):
    path = tmp_path / "c.jsonl"
    good = [json.dumps(r, ensure_ascii=False).encode() for r in GOOD]
    path.write_bytes(good[0] + b"\n" + b'{"id": "x", "text": "\xff\xfe"}\n' + good[1] + b"\n")
    c = read(path)
    assert [s.id for s in c.sentences] == ["g1", "g2"]
    assert str(c.problems[0]) == f"{path}:2: invalid UTF-8 at byte 21"


def test_corpus_duplicate_id_and_near_duplicates(tmp_path):
    records = [
        *GOOD,
        sentence("g1", "Совсем другой текст про доставку.", ["solution"]),
        sentence("g3", "Добрый день, Ольга.", ["greeting"]),
    ]
    path = write_jsonl(tmp_path / "c.jsonl", records)
    problems = [str(p) for p in validate(read(path), NO_TARGETS).problems]
    assert any(p.startswith(f"{path}:3: duplicate id 'g1' (first at {path}:1)") for p in problems)
    assert any(p.startswith(f"{path}:4: near-duplicate: 'g3' ~ 'g1'") for p in problems)


def test_corpus_near_duplicate_across_fixed_splits(tmp_path):
    records = [
        sentence(
            "a", "Посылка уже передана курьеру и приедет завтра утром.", ["solution"], split="train"
        ),
        sentence(
            "b", "Посылка уже передана курьеру, приедет завтра утром!", ["solution"], split="test"
        ),
    ]
    path = write_jsonl(tmp_path / "c.jsonl", records)
    problems = [str(p) for p in validate(read(path), NO_TARGETS).problems]
    assert any("near-duplicate" in p for p in problems)


def test_corpus_structure_must_agree_with_labels(tmp_path):
    reply = {
        "id": "r1", "lang": "ru", "text": "Здравствуйте! Мы вернули деньги.",
        "sentences": [{"text": "Здравствуйте!", "labels": ["greeting"]}, {"text": "Мы вернули деньги.", "labels": ["solution"]}],
        "structure": {"missing": [], "out_of_order": []},
    }  # fmt: skip
    path = write_jsonl(tmp_path / "r.jsonl", [reply])
    problems = [str(p) for p in validate(read(path), NO_TARGETS).problems]
    assert problems == [
        f"{path}:1: reply r1: structure says missing=[] out_of_order=[], its labels give missing=['understanding', 'farewell'] out_of_order=[]"
    ]


def test_corpus_counts_below_target(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", GOOD)
    problems = [str(p) for p in validate(read(path), Targets()).problems]
    assert "ru:0: label counts below target: 2 sentences < 800" in problems
    assert "ru:0: label counts below target: forbidden 0 < 120" in problems


def test_corpus_shipped_corpus_meets_every_target():
    from conftest import REPO

    from replytone.corpus.validate import validate_path

    result = validate_path(REPO / "corpus")
    assert result.ok, [str(p) for p in result.problems[:5]]


def test_corpus_loader_round_trips_jsonl_and_csv(tmp_path):
    records = [
        sentence(f"s{i}", f"Предложение номер {w} про заказ.", ["solution"] if i % 2 else [])
        for i, w in enumerate(["один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь"])
    ]
    write_jsonl(tmp_path / "j" / "s.jsonl", records)
    (tmp_path / "c").mkdir()
    with (tmp_path / "c" / "s.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(
            f, fieldnames=["id", "lang", "text", "labels", "domain", "channel", "source"]
        )
        w.writeheader()
        for r in records:
            w.writerow({**r, "labels": "|".join(r["labels"])})
    a = corpus.load(tmp_path / "j")
    b = corpus.load(tmp_path / "c")
    for split in ("train", "dev", "test"):
        assert a[split].to_list() == b[split].to_list()
    rows = sorted((r for s in ("train", "dev", "test") for r in a[s]), key=lambda r: r["id"])
    assert [(r["id"], r["text"], r["labels"]) for r in rows] == [
        (r["id"], r["text"], r["labels"]) for r in records
    ]
    assert a["train"].features["labels"].feature.dtype == "string"


def test_corpus_splits_are_deterministic_and_keep_neighbours_together(tmp_path):
    records = [sentence(f"n{i}", t, ["solution"]) for i, t in enumerate([
        "Мы отправили новую карту курьером сегодня.", "Мы отправили новую карту курьером вчера.",
        "Возврат придёт на счёт за три дня.", "Возврат средств придёт за пять рабочих дней.",
    ])]  # fmt: skip
    path = write_jsonl(tmp_path / "c.jsonl", records)
    from replytone.corpus.loader import split_corpus

    first = split_corpus(read(path))
    again = split_corpus(read(path))
    assert first == again
    where = {r["id"]: s for s, rows in first.items() for r in rows}
    assert where["n0"] == where["n1"]
