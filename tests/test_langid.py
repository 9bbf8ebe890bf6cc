import pytest

from replytone.langid import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Здравствуйте, Анна! Это не наша проблема.", "ru"),
        ("Laba diena, Tomai! Dėkojame, kad parašėte.", "lt"),
        ("Laba diena, dekojame uz laiska, jusu uzsakymas jau pakeliui", "lt"),
        ("Bună ziua! Vă mulțumim pentru mesaj.", "ro"),
        ("Buna ziua, comanda dumneavoastra a fost expediata", "ro"),
        ("Hi Mark, thanks for reaching out. We have refunded the order.", "en"),
        ("Vielen Dank für Ihre Nachricht, wir prüfen das.", None),
        ("Дякуємо, ми перевіримо і відповімо", None),
        ("", None),
        ("🙂🙂", None),
    ],
)
def test_langid_detects_supported_languages(text, lang):
    assert detect_language(text)[0] == lang
