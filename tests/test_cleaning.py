import pytest

from replytone.cleaning import mask


@pytest.mark.parametrize(
    ("text", "kept", "gone", "reason"),
    [
        (
            "<p>Здравствуйте, Анна!</p><p>Мы вернули&nbsp;деньги.</p>",
            ["Здравствуйте, Анна!", "деньги."],
            ["<p>", "&nbsp;"],
            None,
        ),
        (
            "Hi Mark,\nRefunded.\n\nOn Tue, 3 Mar 2026, Mark <m@x.com> wrote:\n> not your problem?!",
            ["Hi Mark,", "Refunded."],
            ["not your problem"],
            "quoted",
        ),
        (
            "Здравствуйте!\n-----Original Message-----\nFrom: Иван\nПривет, ты где?",
            ["Здравствуйте!"],
            ["Привет"],
            "quoted",
        ),
        (
            "Laba diena!\n> Sveikas, kur mano siunta?\nSiunta pakeliui.",
            ["Laba diena!", "Siunta pakeliui."],
            ["Sveikas"],
            "quoted",
        ),
        (
            "<html><style>p {color: red}</style><body>Bună ziua!<blockquote>Salut!!</blockquote></body></html>",
            ["Bună ziua!"],
            ["color", "Salut"],
            "quoted",
        ),
    ],
)
def test_cleaning_masks_markup_and_quotes_keeping_offsets(text, kept, gone, reason):
    cleaned, excluded = mask(text)
    assert len(cleaned) == len(text)
    for piece in kept:
        i = text.index(piece)
        assert (
            cleaned[i : i + len(piece)].replace("\xa0", " ") == piece.replace("&nbsp;", " ")
            or piece in cleaned
        )
    for piece in gone:
        assert piece not in cleaned
    if reason:
        assert any(e.reason == reason for e in excluded)


def test_cleaning_quote_header_alone_is_not_masked():
    text = "On Monday we wrote: the parcel is on its way."
    cleaned, excluded = mask(text)
    assert cleaned == text and not excluded


def test_cleaning_report_marks_excluded_regions(scorer):
    text = "Здравствуйте!\nМы вернули деньги.\n\n> Верните деньги, это не ваша проблема?!"
    report = scorer.score(text)
    assert all(not s.text.startswith(">") for s in report.sentences)
    assert report.meta["excluded"][0]["reason"] == "quoted"
    assert not [f for f in report.findings if f.start >= text.index(">")]
