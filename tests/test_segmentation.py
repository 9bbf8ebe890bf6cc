import pytest

from replytone.segmentation import content_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Здравствуйте, Анна! Это не наша проблема.",
            ["Здравствуйте, Анна!", "Это не наша проблема."],
        ),
        ("Здравствуйте!\n\nМы проверили заказ.", ["Здравствуйте!", "Мы проверили заказ."]),
        ("Хорошего дня! 😊 Пишите!!!", ["Хорошего дня! 😊", "Пишите!!!"]),
        ("Т.е. всё готово. Mr. Smith will call.", ["Т.е. всё готово.", "Mr. Smith will call."]),
        (
            "Сделайте так:\n1. Откройте меню.\n2. Нажмите «Выход».",
            ["Сделайте так:", "1. Откройте меню.", "2. Нажмите «Выход»."],
        ),
        ("С уважением,\nОльга", ["С уважением,", "Ольга"]),
        ("   ", []),
        ("", []),
    ],
)
def test_segmentation_splits_replies(nlp_xx, text, expected):
    doc = nlp_xx(text)
    sents = content_sentences(doc)
    assert [s.text for s in sents] == expected
    for s in sents:
        assert doc.text[s.start_char : s.end_char] == s.text


def test_segmentation_bounds_very_long_sentences(nlp_xx):
    doc = nlp_xx("слово " * 1000)
    assert all(len(s) <= 200 for s in content_sentences(doc))
