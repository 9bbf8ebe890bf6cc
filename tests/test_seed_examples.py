"""The guidelines' own examples, each detected as the seed says (issue #5).

Phrases are quoted as the seeds write them, including seed 001's garbled forms.
Sentence labels are given, so these check the rules, not the model.
"""

from __future__ import annotations

from datetime import datetime

import pytest
import spacy

from replytone.rules import load_ruleset
from replytone.rules.engine import CompiledRuleset, Context, ReplyView
from replytone.segmentation import content_sentences
from replytone.structure import check_structure


@pytest.fixture(scope="module")
def run():
    import replytone.pipeline  # noqa: F401

    nlp = spacy.blank("xx")
    nlp.add_pipe("replytone_sentencizer")
    compiled = CompiledRuleset(load_ruleset(), nlp.vocab, nlp.make_doc)

    def check(text: str, labels: list[str], **ctx) -> set[str]:
        doc = nlp(text)
        sents = content_sentences(doc)
        labs = [set(labels) for _ in sents]
        view = ReplyView(
            doc, sents, labs, [{} for _ in sents], check_structure(labs), Context(lang="ru", **ctx)
        )
        return {f.rule for f in compiled.check(view)}

    return check


# seed 000, «Фразы которых следует избегать», and seed 001's wrong answers
AVOID = [
    ("Это не наша проблема.", "forbidden.not_our_problem"),
    ("Вы неправы.", "forbidden.customer_wrong"),
    ("Такова наша политика.", "forbidden.bare_policy"),
    ("Я не знаю.", "forbidden.i_dont_know"),
    ("Возможно, да.", "forbidden.waffling"),
    ("Мне показывается надо тогда, когда не ошибаюсь, то не имеется.", "forbidden.waffling"),
    ("Что-либо, также нужно?", "forbidden.curt_question"),
    ("Что получен в виду?", "forbidden.what_do_you_mean"),
    ("Что вы имеете в виду?", "forbidden.what_do_you_mean"),
    ("Мы осведомлены на тему ошибке.", "forbidden.aware_of_bug"),
    ("Жаль, понимаю вас.", "empathy.generic"),
]

# seed 000, «Фразы для использования», and seed 001's right answers and templates
USE = [
    "Я понимаю вашу ситуацию.",
    "Давайте вместе найдем решение.",
    "Благодарим за обратную связь.",
    "Мы обязательно это исправим.",
    "Я уточню.",
    "Хороший вопрос, минуточку, я уточню.",
    "Нужный вопрос, дайте мне, пожалуйста, минуту, уточню информацию у коллег.",
    "Данная ошибка зафиксирована, приношу наши извинения.",
    "Спасибо, обязательно исправим!",
    "Спасибо за ваше обращение.",
    "Приятно было помочь, если возникнут вопросы обязательно задавайте, я помогу!",
    "Мне очень неприятно, что случилась подобная ситуация.",
    "Подскажите, пожалуйста.",
    "Уточните, пожалуйста.",
]
FORBIDDEN_RULES = (
    "forbidden.",
    "tone.",
    "greeting.informal",
    "farewell.informal",
    "address.informal",
    "empathy.generic",
)


@pytest.mark.parametrize(("phrase", "rule"), AVOID)
def test_seed_examples_avoid_list_is_detected(run, phrase, rule):
    assert rule in run(phrase, ["forbidden"])


@pytest.mark.parametrize("phrase", USE)
def test_seed_examples_use_list_is_not_flagged(run, phrase):
    found = run(phrase, ["solution"])
    assert not [r for r in found if r.startswith(FORBIDDEN_RULES)]


@pytest.mark.parametrize("greeting", ["Привет!", "Здрасте!", "Салют!", "Доброго времени суток!"])
def test_seed_examples_004_informal_greetings(run, greeting):
    assert "greeting.informal" in run(greeting, ["greeting", "forbidden"])


@pytest.mark.parametrize(
    "greeting", ["Добрый день!", "Здравствуйте!", "Добрый день, Сергей Петрович!"]
)
def test_seed_examples_004_formal_greetings(run, greeting):
    found = run(greeting, ["greeting"], customer_name="Сергей")
    assert not {"greeting.informal", "greeting.unknown_customer"} & found


def test_seed_examples_004_privetstvuyu_only_with_a_known_customer(run):
    assert "greeting.unknown_customer" in run("Приветствую!", ["greeting"])
    assert "greeting.unknown_customer" not in run(
        "Приветствую, Сергей!", ["greeting"], customer_name="Сергей"
    )


@pytest.mark.parametrize(
    ("when", "wish", "fires"),
    [
        (datetime(2026, 3, 10, 11, 0), "До свидания! Удачного дня!", False),
        (datetime(2026, 3, 10, 17, 0), "До свидания! Приятного вечера!", False),
        (datetime(2026, 3, 13, 14, 0), "До свидания! Хороших выходных!", False),
        (datetime(2026, 3, 10, 17, 0), "До свидания! Удачного дня!", True),
        (datetime(2026, 3, 10, 11, 0), "До свидания! Приятного вечера!", True),
        (datetime(2026, 3, 13, 14, 0), "До свидания! Удачного дня!", True),
    ],
)
def test_seed_examples_004_farewell_by_time(run, when, wish, fires):
    assert ("farewell.time_of_day" in run(wish, ["closing"], sent_at=when)) == fires


@pytest.mark.parametrize("text", ["Ты сам виноват.", "Слушай, напиши мне номер заказа."])
def test_seed_examples_004_never_ty(run, text):
    assert "address.informal" in run(text, ["forbidden"])


def test_seed_examples_004_capital_vy_in_correspondence(run):
    assert "address.capitalised" in run("Мы проверили ваш заказ.", ["solution"])
    assert "address.capitalised" not in run("Мы проверили Ваш заказ.", ["solution"])
    assert "address.capitalised" not in run("Для вас, дорогие клиенты, новые тарифы.", ["solution"])
