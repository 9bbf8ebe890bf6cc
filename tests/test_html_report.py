"""The HTML reports: self-contained pages showing the labelled sentences, the findings
and the structure (checked on the page's markup; tests/test_browser.py checks what a browser shows)."""

import json
import re

from typer.testing import CliRunner

from replytone.batch import score_file
from replytone.cli import app
from replytone.html_report import reply_html, report_file

TEXT = "Здравствуйте, Анна! Это не наша проблема."


def test_html_report_one_reply_shows_sentences_findings_structure(scorer):
    page = reply_html(scorer.score(TEXT).to_dict())
    assert page.startswith("<!doctype html>") and "<style>" in page
    assert not re.search(r"""(src|href)=["']?https?://""", page), "the page must not load anything"
    assert 'data-labels="greeting"' in page and "Здравствуйте, Анна!" in page
    assert 'data-rule="forbidden.not_our_problem"' in page
    assert "Давайте разберёмся вместе" in page  # the suggestion
    assert "000_f266687cafdd3bba.txt" in page  # the guideline source
    assert (
        'class="missing" data-step="farewell"' in page and 'class="ok" data-step="greeting"' in page
    )


def test_html_report_batch_has_summary_and_replies(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": i, "text": t}
        for i, t in enumerate(
            [TEXT, "Hi Mark, that's our policy. Cya!", "Laba diena! Siunta pakeliui."]
        )
    ]
    src.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    score_file(src, tmp_path / "out.jsonl")
    page = report_file(tmp_path / "out.jsonl", tmp_path / "report.html").read_text(encoding="utf-8")
    assert "3 rows in, 3 scored, 0 rejected" in page
    assert "Score distribution" in page and "Rule firing rates" in page and 'data-key="ru"' in page
    assert page.count("<details>") == 3
    assert 'data-rule="forbidden.bare_policy"' in page


def test_html_report_cli_check_format_html():
    result = CliRunner().invoke(app, ["check", TEXT, "--format", "html"])
    assert result.exit_code == 0 and 'data-rule="forbidden.not_our_problem"' in result.stdout
