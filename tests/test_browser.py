"""The HTML reports as a QA lead sees them: opened in headless Chromium (the system's,
driven by Playwright; nothing is downloaded), checking what is shown, not the markup.

CI installs Chromium and sets REPLYTONE_REQUIRE_BROWSER=1, so there a missing
browser fails the test instead of skipping it."""

import json
import os
import shutil

import pytest

from replytone.batch import score_file
from replytone.html_report import COLOURS, reply_html, report_file

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.slow

TEXT = "Здравствуйте, Анна! Это не наша проблема. Мы вернули деньги на карту."
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture(scope="module")
def browser():
    executable = os.environ.get("REPLYTONE_CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    if executable is None:
        if os.environ.get("REPLYTONE_REQUIRE_BROWSER"):
            pytest.fail("REPLYTONE_REQUIRE_BROWSER is set but no Chromium was found")
        pytest.skip("no Chromium on this machine (CI installs it)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page that records every request other than the report file itself: a
    self-contained report makes none."""
    page = browser.new_page()
    page.outside = []

    def route(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    yield page
    page.close()


def test_browser_one_reply_shows_highlights_findings_and_steps(tmp_path, scorer, page):
    path = tmp_path / "reply.html"
    path.write_text(reply_html(scorer.score(TEXT, customer_name="Анна").to_dict()), "utf-8")
    page.goto(path.as_uri())

    sentences = page.locator(".reply .sentence")
    assert sentences.count() == 3
    blame = sentences.filter(has_text="Это не наша проблема.")
    assert blame.is_visible()
    assert blame.evaluate("e => getComputedStyle(e).backgroundColor") == _rgb(COLOURS["forbidden"])
    assert blame.locator(".chip", has_text="forbidden").is_visible()
    greeting = sentences.filter(has_text="Здравствуйте, Анна!")
    assert greeting.evaluate("e => getComputedStyle(e).backgroundColor") == _rgb(
        COLOURS["greeting"]
    )

    finding = page.locator('.finding[data-rule="forbidden.not_our_problem"]')
    assert finding.is_visible()
    shown = finding.inner_text()
    assert "Давайте разберёмся вместе" in shown  # the suggestion
    assert "000_f266687cafdd3bba.txt" in shown  # the guideline source
    # the findings stand beside the text, not under it
    text_box = page.locator(".reply > div").first.bounding_box()
    findings_box = page.locator(".reply .findings").bounding_box()
    assert findings_box["x"] > text_box["x"] + text_box["width"] - 1
    assert findings_box["y"] < text_box["y"] + text_box["height"]

    assert page.locator('[data-step="greeting"]').inner_text() == "✓ greeting"
    assert page.locator('[data-step="farewell"]').inner_text() == "✗ farewell"
    assert page.locator('[data-step="farewell"]').is_visible()
    assert page.outside == []


def test_browser_batch_shows_summary_and_expands_a_reply(tmp_path, page):
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "a1", "text": TEXT, "customer_name": "Анна"},
        {"id": "b2", "text": "Hi Mark, that's our policy. Cya!", "lang": "en"},
        {"id": "c3", "text": "Laba diena! Siunta jau pakeliui. Geros dienos!"},
    ]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    score_file(src, tmp_path / "out.jsonl")
    page.goto(report_file(tmp_path / "out.jsonl", tmp_path / "report.html").as_uri())

    assert "3 rows in, 3 scored, 0 rejected" in page.locator(".totals").inner_text()
    charts = page.locator(".chart")
    assert charts.count() == 3 and all(c.is_visible() for c in charts.all())
    languages = charts.nth(2)
    for lang in ("ru", "en", "lt"):
        bar = languages.locator(f'.bar[data-key="{lang}"] div')
        assert bar.bounding_box()["width"] > 0
    policy = charts.nth(1).locator('.bar[data-key="forbidden.bare_policy"]')
    assert policy.is_visible() and "33.3%" in policy.inner_text()

    # replies start collapsed; opening one shows its highlighted sentences and findings
    reply = page.locator("details").filter(has_text="b2")
    policy_sentence = reply.locator(".sentence", has_text="that's our policy")
    assert not policy_sentence.is_visible()
    reply.locator("summary").click()
    assert policy_sentence.is_visible()
    scored = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    labels = next(s["labels"] for s in scored[1]["sentences"] if "policy" in s["text"])
    assert labels, "the model labels this sentence"
    assert policy_sentence.locator(".chip").all_inner_texts() == labels
    primary = "forbidden" if "forbidden" in labels else labels[0]
    assert policy_sentence.evaluate("e => getComputedStyle(e).backgroundColor") == _rgb(
        COLOURS[primary]
    )
    assert reply.locator('.finding[data-rule="forbidden.bare_policy"]').is_visible()
    assert page.outside == []
