"""Golden tests in the style of a linter's suite: tests/golden/<kind>/<lang>.yml hold
example replies for the rules of one detector kind, with the sentence labels given
(so no model is involved) and the exact findings expected of those rules.

File format:
    kind: phrases
    lang: ru
    cases:
      - name: fails
        text: "Здравствуйте! Это не наша проблема."
        labels: [[greeting], [forbidden]]        # one list per sentence, as segmented
        context: {channel: chat, customer_name: Анна, sent_at: "2026-03-13T17:20"}   # optional
        expect:                                    # findings of rules of this kind, in text order
          - {rule: forbidden.not_our_problem, match: "не наша проблема"}
      - name: passes
        text: "..."
        labels: [...]
        expect: []
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import spacy
import yaml

from replytone.rules import load_ruleset
from replytone.rules.engine import CompiledRuleset, Context, ReplyView
from replytone.segmentation import content_sentences
from replytone.structure import check_structure

GOLDEN = Path(__file__).parent / "golden"
FILES = sorted(GOLDEN.glob("*/*.yml"))


def _cases():
    for path in FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(
                data["kind"],
                data["lang"],
                case,
                id=f"{path.parent.name}/{path.stem}/{case['name']}",
            )


@pytest.fixture(scope="module")
def engine():
    import replytone.pipeline  # noqa: F401

    nlp = spacy.blank("xx")
    nlp.add_pipe("replytone_sentencizer")
    ruleset = load_ruleset()
    return nlp, ruleset, CompiledRuleset(ruleset, nlp.vocab, nlp.make_doc)


def test_golden_every_kind_has_both_outcomes_in_every_language():
    seen: dict[tuple[str, str], set[bool]] = {}
    for path in FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            seen.setdefault((data["kind"], data["lang"]), set()).add(bool(case["expect"]))
    kinds = {k for k, _ in seen}
    assert kinds >= {"phrases", "regex", "label", "structure", "context", "metric", "expects"}
    for kind in kinds:
        for lang in ("ru", "lt", "ro", "en"):
            assert seen.get((kind, lang)) == {True, False}, (
                f"{kind}/{lang} needs a passing and a failing case"
            )


@pytest.mark.parametrize(("kind", "lang", "case"), list(_cases()))
def test_golden_findings(engine, kind, lang, case):
    nlp, ruleset, compiled = engine
    doc = nlp(case["text"])
    sents = content_sentences(doc)
    assert [s.text for s in sents] and len(sents) == len(case["labels"]), [s.text for s in sents]
    labels = [set(x) for x in case["labels"]]
    ctx = dict(case.get("context") or {})
    if ctx.get("sent_at"):
        ctx["sent_at"] = datetime.fromisoformat(str(ctx["sent_at"]))
    view = ReplyView(
        doc,
        sents,
        labels,
        [dict.fromkeys(labs, 1.0) for labs in labels],  # given labels: the classifier is sure
        check_structure(labels),
        Context(lang=lang, **ctx),
    )
    of_kind = {r.id for r in ruleset if r.detector.kind == kind}
    got = [{"rule": f.rule, "match": f.match} for f in compiled.check(view) if f.rule in of_kind]
    assert got == [{"rule": e["rule"], "match": e.get("match", "")} for e in case["expect"]]
