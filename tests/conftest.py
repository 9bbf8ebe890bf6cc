"""Shared fixtures. Nothing here downloads anything: models are the shipped default
or trained in the test from inline examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

import replytone.pipeline  # noqa: F401  (registers the factories)
from replytone.resources import default_model_dir

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def scorer():
    import replytone

    return replytone.load()


@pytest.fixture(scope="session")
def default_model_path() -> Path:
    return default_model_dir()


@pytest.fixture
def nlp_xx():
    """A blank pipeline with replytone's rule-based components (no classifier)."""
    nlp = spacy.blank("xx")
    nlp.add_pipe("replytone_sentencizer", name="sentencizer")
    nlp.add_pipe("replytone_language", name="language")
    return nlp


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def sentence(rid: str, text: str, labels: list[str], lang: str = "ru", **extra) -> dict:
    return {
        "id": rid,
        "lang": lang,
        "text": text,
        "labels": labels,
        "domain": "shop",
        "channel": "chat",
        "source": "test",
        **extra,
    }


TINY_EXAMPLES = [
    ("Здравствуйте, Анна!", ["greeting"]),
    ("Добрый день, Пётр!", ["greeting"]),
    ("Понимаю, как это неприятно.", ["empathy"]),
    ("Приносим извинения за задержку.", ["apology"]),
    ("Спасибо за ваше обращение.", ["gratitude"]),
    ("Мы вернули деньги на вашу карту.", ["solution"]),
    ("Подскажите, пожалуйста, номер заказа.", ["clarification"]),
    ("Хорошего дня!", ["closing"]),
    ("Это не наша проблема.", ["forbidden"]),
    ("Привет, Саша!", ["forbidden", "greeting"]),
    ("Заказ 12345 от 3 марта.", []),
    ("Hello Mark, thanks for reaching out.", ["gratitude", "greeting"]),
    ("We have refunded the payment.", ["solution"]),
    ("That's our policy.", ["forbidden"]),
]


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory) -> Path:
    """A small corpus in the corpus format: enough records for every split."""
    root = tmp_path_factory.mktemp("corpus")
    records = []
    for i, (text, labels) in enumerate(TINY_EXAMPLES * 1):
        records.append(sentence(f"t-{i}", text, labels, lang="en" if text[0].isascii() else "ru"))
    # more distinct sentences so that train, dev and test all get some
    extra_ru = [
        "Посылка уже в пути.",
        "Курьер приедет завтра утром.",
        "Вы можете отменить заказ в приложении.",
        "Спасибо, что написали нам.",
        "Благодарим за терпение.",
        "Извините за неудобства.",
        "Здравствуйте, Ольга.",
        "Доброе утро, Игорь!",
        "Я не знаю.",
        "Такова наша политика.",
        "Уточните, пожалуйста, адрес доставки.",
        "Всего доброго!",
        "Приятного вечера!",
        "Понимаю ваше беспокойство о сроках.",
        "Нам очень жаль, что так вышло с оплатой.",
    ]
    extra_labels = [
        ["solution"],
        ["solution"],
        ["solution"],
        ["gratitude"],
        ["gratitude"],
        ["apology"],
        ["greeting"],
        ["greeting"],
        ["forbidden"],
        ["forbidden"],
        ["clarification"],
        ["closing"],
        ["closing"],
        ["empathy"],
        ["apology", "empathy"],
    ]
    for j, (text, labels) in enumerate(zip(extra_ru, extra_labels, strict=True)):
        records.append(sentence(f"x-{j}", text, labels))
    write_jsonl(root / "sentences" / "mixed.jsonl", records)
    return root


@pytest.fixture(scope="session")
def tiny_examples() -> list[tuple[str, list[str]]]:
    return list(TINY_EXAMPLES)
