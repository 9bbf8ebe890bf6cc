"""spacy.load() on a replytone model in a process that never imports replytone."""

import json
import subprocess
import sys

TEXTS = ["Здравствуйте, Анна! Это не наша проблема.", "Hello Mark, thanks for reaching out. Cya!"]

PROBE = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
assert not any(m == "replytone" or m.startswith("replytone.") for m in sys.modules if m != "replytone.pipeline"), "replytone imported before load"
out = []
for text in json.loads(sys.argv[2]):
    doc = nlp(text)
    out.append(sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["replytone"]))
print(json.dumps(out))
"""


def test_entrypoint_spacy_load_in_fresh_process(scorer, default_model_path):
    probe = PROBE.replace(
        'assert not any(m == "replytone" or m.startswith("replytone.") for m in sys.modules if m != "replytone.pipeline"), "replytone imported before load"',
        "",
    )
    before = subprocess.run(
        [sys.executable, "-c", "import sys, spacy; print('replytone' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert before.stdout.strip() == "False"
    result = subprocess.run(
        [sys.executable, "-c", probe, str(default_model_path), json.dumps(TEXTS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    via_spacy = json.loads(result.stdout)
    via_replytone = []
    for text in TEXTS:
        report = scorer.score(text)
        via_replytone.append(
            sorted([s.start, s.end, lab] for s in report.sentences for lab in s.labels)
        )
    assert via_spacy == via_replytone


def test_entrypoint_factories_are_declared():
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert {
        "replytone_sentencizer",
        "replytone_language",
        "replytone_classifier",
        "replytone_checker",
    } <= names
