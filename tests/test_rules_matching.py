"""The phrase index on its own, on a blank tokenizer: every kind of phrase word, and the
shortcut that looks phrases up by their second word, against a plain scan."""

from __future__ import annotations

import pytest
import spacy

from replytone.rules.matching import PhraseIndex
from replytone.segmentation import token_texts

PHRASES = {
    "exact": ["не наша проблема"],
    "stem_third": ["я не зна*"],  # the second word exact, the third a stem
    "stem_first": ["извин* за неудобства"],
    "second_stem": ["это не*"],  # the second word a stem: tried, not looked up
    "gap": ["не ... проблема"],
    "alternatives": ["что-нибудь|что-то еще ?"],
    "one_word": ["привет"],
    "folded": ["mulțumim pentru"],
    "plain": ["tu"],  # Lithuanian "you": not 'tų' ("of those")
    "marked_stem": ["aștept*"],
}


@pytest.fixture(scope="module")
def index():
    nlp = spacy.blank("xx")
    index = PhraseIndex(nlp.make_doc)
    for key, phrases in PHRASES.items():
        index.add(key, phrases)
    index.add("case", ["Вы"], case_sensitive=True)
    return nlp, index


def _found(index, text: str) -> set[tuple[str, str]]:
    nlp, idx = index
    words = token_texts(nlp.make_doc(text))
    return {(key, " ".join(words[s:e])) for key, s, e in idx(words)}


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Это не наша проблема.",
            {
                ("exact", "не наша проблема"),
                ("gap", "не наша проблема"),
                ("second_stem", "Это не"),
            },
        ),
        ("Я не знаю.", {("stem_third", "Я не знаю")}),
        ("Я знаю.", set()),
        ("Извините за неудобства!", {("stem_first", "Извините за неудобства")}),
        ("Это непросто.", {("second_stem", "Это непросто")}),
        ("Что-нибудь еще?", {("alternatives", "Что - нибудь еще ?")}),
        ("Что-то ещё?", {("alternatives", "Что - то ещё ?")}),
        ("Привет!", {("one_word", "Привет")}),
        ("Mulțumim pentru răbdare.", {("folded", "Mulțumim pentru")}),
        # diacritics fold one way: typed without them still matches; cedilla for comma too
        ("multumim pentru rabdare", {("folded", "multumim pentru")}),
        ("Mulţumim pentru răbdare.", {("folded", "Mulţumim pentru")}),
        ("Tu pats žinai.", {("plain", "Tu")}),
        ("Dėl tų mokėjimų.", set()),
        ("Vă așteptăm.", {("marked_stem", "așteptăm")}),
        ("Va asteptam.", {("marked_stem", "asteptam")}),
        ("Спасибо, Вы правы, а вы нет.", {("case", "Вы")}),
        # a line break ends an exact phrase; a gap steps over it
        ("не\n\nнаша проблема", {("gap", "не \n\n наша проблема")}),
    ],
)
def test_rules_matching_finds_each_kind_of_phrase(index, text, expected):
    assert _found(index, text) == expected


def test_rules_matching_phrase_cut_off_at_the_end_of_the_reply(index):
    assert _found(index, "Это не наша") == {("second_stem", "Это не")}
    assert _found(index, "Извините за") == set()


def test_rules_matching_stem_with_a_plain_letter_rejects_a_marked_one(index):
    # the stem's letters are checked; the free ending may have diacritics of its own
    nlp = spacy.blank("xx")
    idx = PhraseIndex(nlp.make_doc)
    idx.add("stem", ["ta*"])
    assert idx(["tavo"]) == [("stem", 0, 1)]
    assert idx(["tąsyk"]) == []
    assert idx(["tašką"]) == [("stem", 0, 1)]
