import json

import pytest
from conftest import sentence, write_jsonl
from typer.testing import CliRunner

from replytone.cli import EXIT_BAD_INPUT, EXIT_FINDINGS, app

runner = CliRunner()
TEXT = "Здравствуйте, Анна! Это не наша проблема."


def test_cli_check_text_report():
    result = runner.invoke(app, ["check", TEXT])
    assert result.exit_code == 0, result.output
    assert "forbidden.not_our_problem" in result.stdout
    assert "Structure" in result.stdout


def test_cli_check_json_from_stdin():
    result = runner.invoke(app, ["check", "--format", "json", "--lang", "ru"], input=TEXT)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["lang"] == "ru" and data["sentences"][0]["text"] == "Здравствуйте, Анна!"


def test_cli_check_lines_from_file(tmp_path):
    path = tmp_path / "reply.txt"
    path.write_text("Здравствуйте!\nЭто не наша проблема.", encoding="utf-8")
    result = runner.invoke(app, ["check", "--file", str(path), "--format", "lines"])
    assert result.exit_code == 0, result.output
    assert f"{path}:2:5: error forbidden.not_our_problem" in result.stdout


def test_cli_check_fail_under_gates():
    assert runner.invoke(app, ["check", TEXT, "--fail-under", "99"]).exit_code == EXIT_FINDINGS
    assert runner.invoke(app, ["check", TEXT, "--fail-under", "0"]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", TEXT, "--model", "/nonexistent"], "does not exist"),
        (["check", "--file", "/nonexistent.txt"], "File not found"),
        (["check", TEXT, "--sent-at", "soon"], "sent_at must be"),
        (["check", TEXT, "--rules", "/nonexistent.yml"], "Ruleset file not found"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_BAD_INPUT
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_cli_corpus_validate_reports_problems(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "a", "lang": "ru", "text": "Добрый день!", "labels": ["greeting"]}\n'
        '{"id": "b", "lang": "xx", "text": "Hi", "labels": []}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["corpus", "validate", str(bad), "--no-targets"])
    assert result.exit_code == EXIT_FINDINGS
    assert f"{bad}:2: bad language code 'xx'" in result.stderr
    assert "ru" in result.stdout
    assert "2 records read = 1 valid + 1 rejected" in result.stdout


def test_cli_evaluate_json(tiny_corpus):
    result = runner.invoke(app, ["evaluate", str(tiny_corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sentences"] == 29
    assert set(data["model_scores"]["by_lang"]) == {"ru", "en"}


def test_cli_coverage_json():
    result = runner.invoke(app, ["coverage", "--format", "json", "--split", "dev"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["statements"] >= data["checkable"] >= data["with_detector"] > 0
    assert any(r["status"] == "not checkable" for r in data["rules"])


def test_cli_coverage_errors_list_misses_and_false_alarms(tmp_path):
    corpus = tmp_path / "corpus"
    write_jsonl(
        corpus / "sentences" / "en.jsonl",
        [
            sentence("e1", "That is not our problem.", ["forbidden"], "en", split="dev",
                     rules=["forbidden.not_our_problem"]),
            sentence("e2", "Honestly, the courier lost it, go and shout at them.", ["forbidden"],
                     "en", split="dev", rules=["forbidden.not_our_problem"]),
            sentence("e3", "We have refunded the payment.", ["solution"], "en", split="dev",
                     rules=[]),
        ],
    )  # fmt: skip
    result = runner.invoke(
        app, ["coverage", "--corpus", str(corpus), "--split", "dev", "--errors", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    row = next(
        r for r in json.loads(result.stdout)["rules"] if r["id"] == "forbidden.not_our_problem"
    )
    assert row["examples"] == 2 and row["recall"] == 0.5
    assert row["missed"] == ["e2: Honestly, the courier lost it, go and shout at them."]
    assert row["false_alarms"] == []
    plain = runner.invoke(app, ["coverage", "--corpus", str(corpus), "--split", "dev"])
    assert "\tmissed\t" not in plain.stdout
