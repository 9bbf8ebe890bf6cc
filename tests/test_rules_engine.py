"""The detectors on spacy.blank("xx"), with sentence labels given: no model involved."""

from datetime import datetime

import pytest

from replytone.rules import load_ruleset
from replytone.rules.engine import CompiledRuleset, Context, ReplyView
from replytone.segmentation import content_sentences
from replytone.structure import check_structure


@pytest.fixture(scope="module")
def compiled():
    import spacy

    import replytone.pipeline  # noqa: F401

    nlp = spacy.blank("xx")
    return nlp, CompiledRuleset(load_ruleset(), nlp.vocab, nlp.make_doc)


def findings(compiled, text, lang, labels=None, probability=1.0, **ctx):
    nlp, rules = compiled
    nlp_seg = nlp
    if "replytone_sentencizer" not in nlp_seg.pipe_names:
        nlp_seg.add_pipe("replytone_sentencizer")
    doc = nlp_seg(text)
    sents = content_sentences(doc)
    labs = [set(x) for x in (labels or [[] for _ in sents])]
    assert len(labs) == len(sents), [s.text for s in sents]
    view = ReplyView(
        doc,
        sents,
        labs,
        [dict.fromkeys(x, probability) for x in labs],
        check_structure(labs),
        Context(lang=lang, **ctx),
    )
    return rules.check(view)


def rule_hits(found, rule):
    return [f.match for f in found if f.rule == rule]


@pytest.mark.parametrize(
    ("text", "lang", "rule", "match"),
    [
        ("Это не наша проблема.", "ru", "forbidden.not_our_problem", "не наша проблема"),
        ("Проблемы не наши, а банка.", "ru", "forbidden.not_our_problem", "Проблемы не наши"),
        ("Я не знаю.", "ru", "forbidden.i_dont_know", "не знаю"),
        ("Mes nezinau.", "lt", "forbidden.i_dont_know", "nezinau"),
        ("Nu stiu ce sa va spun.", "ro", "forbidden.i_dont_know", "Nu stiu"),
        ("Tai ne musu problema.", "lt", "forbidden.not_our_problem", "ne musu problema"),
        ("That's our policy.", "en", "forbidden.bare_policy", "That's our policy"),
        ("Что-нибудь ещё?", "ru", "forbidden.curt_question", "Что-нибудь ещё?"),
        ("Привет, Саша!", "ru", "greeting.informal", "Привет"),
        ("Salut, Ana!", "ro", "greeting.informal", "Salut"),
        ("Ты сам виноват.", "ru", "address.informal", "Ты"),
        ("Спасибо за ваше письмо.", "ru", "address.capitalised", "ваше"),
        ("Спасибо!!", "ru", "tone.punctuation", "!!"),
        ("Жаль, понимаю вас.", "ru", "empathy.generic", "Жаль, понимаю вас"),
    ],
)
def test_rules_engine_phrases_catch_forms_and_variants(compiled, text, lang, rule, match):
    assert match in rule_hits(findings(compiled, text, lang), rule)


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        (
            "Такова наша политика, потому что банк проверяет каждый платёж.",
            "ru",
            "forbidden.bare_policy",
        ),
        ("Могу ли я помочь чем-нибудь ещё?", "ru", "forbidden.curt_question"),
        ("Пока нет новостей от курьера.", "ru", "farewell.informal"),
        ("Labas rytas, Tomai!", "lt", "greeting.informal"),
        ("Vă dorim o zi bună!", "ro", "greeting.informal"),
        ("Понимаю, как неприятно остаться без доступа перед встречей.", "ru", "empathy.generic"),
        ("Мы в курсе ошибки и исправим её до пятницы.", "ru", "forbidden.aware_of_bug"),
        ("Вы можете оплатить картой.", "ru", "address.capitalised"),
        ("Точно не знаю, уточню у юриста и напишу до шести.", "ru", "forbidden.i_dont_know"),
        (
            "I don't know the limit offhand, let me check and come back to you.",
            "en",
            "forbidden.i_dont_know",
        ),
    ],
)
def test_rules_engine_phrases_leave_good_sentences_alone(compiled, text, lang, rule):
    assert rule_hits(findings(compiled, text, lang), rule) == []


def test_rules_engine_structure_rules_name_steps(compiled):
    found = findings(
        compiled, "Мы вернули деньги. Здравствуйте!", "ru", [["solution"], ["greeting"]]
    )
    rules = {f.rule for f in found}
    assert {
        "structure.understanding_missing",
        "structure.farewell_missing",
        "structure.greeting_out_of_order",
    } <= rules


def test_rules_engine_customer_name_in_greeting(compiled):
    text = "Здравствуйте! Мы вернули деньги."
    labels = [["greeting"], ["solution"]]
    found = findings(compiled, text, "ru", labels, customer_name="Анна")
    assert [f.suggestion for f in found if f.rule == "greeting.customer_name"] == [
        "Здравствуйте, Анна!"
    ]
    ok = findings(
        compiled, "Здравствуйте, Анна! Мы вернули деньги.", "ru", labels, customer_name="Анна"
    )
    assert not [f for f in ok if f.rule == "greeting.customer_name"]


@pytest.mark.parametrize(
    ("when", "text", "fires", "suggestion"),
    [
        (datetime(2026, 3, 10, 11, 0), "Всего доброго! Хорошего дня!", False, None),
        (datetime(2026, 3, 10, 18, 0), "Всего доброго! Хорошего дня!", True, "Приятного вечера!"),
        (datetime(2026, 3, 13, 15, 0), "Всего доброго! Хороших выходных!", False, None),
        (
            datetime(2026, 3, 13, 15, 0),
            "Всего доброго! Приятного вечера!",
            True,
            "Хороших выходных!",
        ),
    ],
)
def test_rules_engine_farewell_by_time(compiled, when, text, fires, suggestion):
    found = findings(compiled, text, "ru", [["closing"], ["closing"]], sent_at=when)
    hits = [f for f in found if f.rule == "farewell.time_of_day"]
    assert bool(hits) == fires
    if fires:
        assert hits[0].suggestion == suggestion


def test_rules_engine_clarification_without_please(compiled):
    found = findings(compiled, "Уточните номер заказа.", "ru", [["clarification"]])
    assert rule_hits(found, "clarification.please")
    polite = findings(compiled, "Уточните, пожалуйста, номер заказа.", "ru", [["clarification"]])
    assert not rule_hits(polite, "clarification.please")


def test_rules_engine_classifier_forbidden_not_doubled(compiled):
    found = findings(compiled, "Это не наша проблема.", "ru", [["forbidden"]])
    assert rule_hits(found, "forbidden.not_our_problem")
    assert not rule_hits(found, "forbidden.classifier")
    paraphrase = findings(compiled, "Обращайтесь куда хотите.", "ru", [["forbidden"]])
    assert rule_hits(paraphrase, "forbidden.classifier")
    unsure = findings(compiled, "Обращайтесь куда хотите.", "ru", [["forbidden"]], probability=0.6)
    assert not rule_hits(unsure, "forbidden.classifier")


def test_rules_engine_numbered_steps(compiled):
    text = "Откройте настройки. Нажмите «Сбросить». Перезапустите приложение."
    found = findings(compiled, text, "ru", [["solution"]] * 3)
    assert {"technical.numbered_steps", "technical.check_resolved"} <= {f.rule for f in found}
    numbered = (
        "1. Откройте настройки.\n2. Нажмите «Сбросить».\n3. Перезапустите приложение.\nПолучилось?"
    )
    found = findings(compiled, numbered, "ru", [["solution"]] * 3 + [["closing"]])
    assert not {"technical.numbered_steps", "technical.check_resolved"} & {f.rule for f in found}


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Добрый день! Мы вернули деньги.", True),
        ("Здравствуйте, Анна! Мы вернули деньги.", False),
        ("Hi Mark, we refunded it.", False),
    ],
)
def test_rules_engine_introduce_yourself_only_when_the_customer_is_unknown(compiled, text, fires):
    found = findings(
        compiled,
        text,
        "ru" if text[0] > "z" else "en",
        [["greeting"], ["solution"]] if "!" in text else [["greeting", "solution"]],
    )
    assert ("greeting.introduce_and_ask_name" in {f.rule for f in found}) == fires


@pytest.mark.parametrize(
    ("text", "lang", "labels", "rule", "fires"),
    [
        ("Čiau, Agne!", "lt", [["greeting"]], "greeting.informal", True),
        ("Čiau, Agne!", "lt", [["greeting"]], "farewell.informal", False),
        ("Gata, servus.", "ro", [["closing"]], "farewell.informal", True),
        ("Gata, servus.", "ro", [["closing"]], "greeting.informal", False),
        ("Ciao și mersi de comandă!", "ro", [["closing", "gratitude"]], "greeting.informal", False),
    ],
)
def test_rules_engine_hello_or_goodbye_by_the_sentence_label(
    compiled, text, lang, labels, rule, fires
):
    assert bool(rule_hits(findings(compiled, text, lang, labels), rule)) is fires


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Понимаю вас, Анна, очень жаль.", True),
        ("Понимаю вас, это неприятно.", True),
        ("Понимаю вас: остаться без связи в командировке перед важной встречей тяжело.", False),
    ],
)
def test_rules_engine_generic_empathy_is_a_bare_phrase(compiled, text, fires):
    assert bool(rule_hits(findings(compiled, text, "ru"), "empathy.generic")) is fires


def test_rules_engine_compiles_each_language_when_first_needed():
    import spacy

    nlp = spacy.blank("xx")
    rules = CompiledRuleset(load_ruleset(), nlp.vocab, nlp.make_doc)
    assert not rules._phrases  # nothing compiled at start-up (cold start)
    assert rule_hits(findings((nlp, rules), "Я не знаю.", "ru"), "forbidden.i_dont_know")
    assert set(rules._phrases) == {"ru"}
    assert rule_hits(findings((nlp, rules), "I don't know.", "en"), "forbidden.i_dont_know")
    assert set(rules._phrases) == {"ru", "en"}


def test_rules_engine_team_override_silences_a_builtin_phrase(tmp_path, compiled):
    nlp, _ = compiled
    team = tmp_path / "team.yml"
    team.write_text(
        "version: 1\noverride:\n"
        '  - {id: forbidden.waffling, remove_phrases: {ru: ["наверное"]}}\n'
        '  - {id: forbidden.i_dont_know, add_unless: {ru: ["получатель ответил"]}}\n',
        encoding="utf-8",
    )
    text = "Наверное, заказ уже в пути. Получатель ответил курьеру: не знаю, где посылка."
    before = findings(compiled, text, "ru")
    assert rule_hits(before, "forbidden.waffling") == ["Наверное"]
    assert rule_hits(before, "forbidden.i_dont_know") == ["не знаю"]
    teams = (nlp, CompiledRuleset(load_ruleset([team]), nlp.vocab, nlp.make_doc))
    after = findings(teams, text, "ru")
    assert rule_hits(after, "forbidden.waffling") == []
    assert rule_hits(after, "forbidden.i_dont_know") == []


@pytest.mark.parametrize(
    "text,lang,rule,match",
    [
        ("Вы пишете: «не знаю, где посылка». Я уточню.", "ru", "forbidden.i_dont_know", None),
        ("Не знаю, где посылка.", "ru", "forbidden.i_dont_know", "Не знаю"),
        ("Детский сад «Солнышко» открыт до 19:00.", "ru", "address.informal", None),
        ("Ați scris: „nu știu ce am apăsat”. Verificăm acum.", "ro", "forbidden.i_dont_know", None),
        ('You wrote "I don\'t know where the tickets went".', "en", "forbidden.i_dont_know", None),
        ("Rašėte: „nežinau, kur siunta“. Patikrinsime.", "lt", "forbidden.i_dont_know", None),
        # an unclosed quotation mark does not hide the rest of the line
        ("«Я не знаю, где посылка.", "ru", "forbidden.i_dont_know", "не знаю"),
    ],
)
def test_rules_engine_phrases_skip_quotations(compiled, text, lang, rule, match):
    assert rule_hits(findings(compiled, text, lang), rule) == ([match] if match else [])
