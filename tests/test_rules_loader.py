from pathlib import Path

import pytest

from replytone.errors import RulesetError
from replytone.rules import load_ruleset
from replytone.rules.schema import DETECTOR_KINDS

GOOD_RULE = """
  - id: acme.no_slang
    statement: Не писать «норм».
    source: {seed: acme.md, section: Тон}
    languages: [ru]
    severity: warning
    message: Slang.
    detector: {kind: phrases, phrases: {ru: ["норм"]}}
"""


def write(tmp_path: Path, body: str, name: str = "team.yml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_rules_loader_builtin_ruleset_is_valid():
    ruleset = load_ruleset()
    assert len(ruleset) > 30
    assert {r.detector.kind for r in ruleset} <= set(DETECTOR_KINDS)
    ids = [r.id for r in ruleset]
    assert len(ids) == len(set(ids))


def test_rules_loader_adds_team_rules(tmp_path):
    ruleset = load_ruleset([write(tmp_path, "version: 1\nrules:" + GOOD_RULE)])
    assert "acme.no_slang" in ruleset.rules


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "version: 1\nrules:" + GOOD_RULE.replace("severity: warning", "severity: loud"),
            "rule 'acme.no_slang': severity",
        ),
        (
            "version: 1\nrules:"
            + GOOD_RULE.replace("message: Slang.", "message: Slang.\n    colour: red"),
            "rule 'acme.no_slang': colour: Extra inputs are not permitted",
        ),
        (
            "version: 1\nrules:" + GOOD_RULE.replace("kind: phrases", "kind: magic"),
            "rule 'acme.no_slang': detector",
        ),
        (
            "version: 1\nrules:" + GOOD_RULE.replace("id: acme.no_slang", "id: NoDots"),
            "rule 'NoDots': id",
        ),
        ("version: 1\nrules: [\n", "not valid YAML"),
        ("- just a list\n", "expected a mapping"),
        (
            "version: 1\noverride:\n  - {id: nope.rule, enabled: false}\n",
            "override of unknown rule 'nope.rule'",
        ),
        (
            "version: 1\nrules:"
            + GOOD_RULE.replace('phrases: {ru: ["норм"]}', 'regex: "("').replace(
                "kind: phrases", "kind: regex"
            ),
            "regex does not compile",
        ),
    ],
)
def test_rules_loader_rejects_bad_files_naming_file_and_rule(tmp_path, body, expected):
    path = write(tmp_path, body)
    with pytest.raises(RulesetError) as err:
        load_ruleset([path])
    assert str(path) in str(err.value)
    assert expected in str(err.value)


def test_rules_loader_rejects_duplicate_ids(tmp_path):
    a = write(tmp_path, "version: 1\nrules:" + GOOD_RULE, "a.yml")
    b = write(tmp_path, "version: 1\nrules:" + GOOD_RULE, "b.yml")
    with pytest.raises(RulesetError, match="defined twice"):
        load_ruleset([a, b])


def test_rules_loader_overrides_switch_regrade_and_extend(tmp_path):
    path = write(
        tmp_path,
        """version: 1
override:
  - {id: address.capitalised, enabled: false}
  - {id: greeting.informal, severity: info}
  - id: forbidden.not_our_problem
    add_phrases: {ru: ["не в нашей компетенции"]}
""",
    )
    ruleset = load_ruleset([path])
    assert ruleset.rules["address.capitalised"].enabled is False
    assert ruleset.rules["greeting.informal"].severity == "info"
    assert (
        "не в нашей компетенции"
        in ruleset.rules["forbidden.not_our_problem"].detector.phrases["ru"]
    )


def test_rules_loader_overrides_remove_phrases_and_add_unless(tmp_path):
    path = write(
        tmp_path,
        """version: 1
override:
  - id: forbidden.waffling
    remove_phrases: {ru: ["наверное"]}
  - id: forbidden.i_dont_know
    add_unless: {en: ["you wrote"]}
""",
    )
    ruleset = load_ruleset([path])
    builtin = load_ruleset()
    waffling = ruleset.rules["forbidden.waffling"].detector.phrases["ru"]
    assert "наверное" not in waffling
    assert len(waffling) == len(builtin.rules["forbidden.waffling"].detector.phrases["ru"]) - 1
    unless = ruleset.rules["forbidden.i_dont_know"].detector.unless["en"]
    assert unless[-1] == "you wrote"
    assert unless[:-1] == builtin.rules["forbidden.i_dont_know"].detector.unless.get("en", [])


@pytest.mark.parametrize(
    "change,expected",
    [
        ('{id: forbidden.waffling, remove_phrases: {ru: ["наверн*"]}}', "no ru phrase 'наверн\\*'"),
        ('{id: structure.greeting_missing, remove_phrases: {ru: ["x"]}}', "phrases or context"),
        ('{id: tone.punctuation, add_unless: {ru: ["x"]}}', "phrases or label"),
    ],
)
def test_rules_loader_rejects_impossible_phrase_changes(tmp_path, change, expected):
    path = write(tmp_path, f"version: 1\noverride:\n  - {change}\n")
    with pytest.raises(RulesetError, match=expected) as e:
        load_ruleset([path])
    assert str(path) in str(e.value)


def test_rules_loader_never_executes_yaml_tags(tmp_path):
    path = write(tmp_path, "version: !!python/object/apply:os.system ['echo pwned']\nrules: []\n")
    with pytest.raises(RulesetError, match="not valid YAML"):
        load_ruleset([path])


def test_rules_loader_missing_file():
    with pytest.raises(RulesetError, match="not found"):
        load_ruleset(["/nonexistent/rules.yml"])
