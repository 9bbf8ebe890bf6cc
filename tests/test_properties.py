"""Property-based tests: any str gives a report, with offsets and scores in range,
and the same input gives the same report. CI runs a few thousand examples;
REPLYTONE_HYPOTHESIS_EXAMPLES=10000 pytest tests/test_properties.py runs the long one."""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replytone.labels import LABELS, LANGS, STEPS

EXAMPLES = int(os.environ.get("REPLYTONE_HYPOTHESIS_EXAMPLES", "2500"))

# pieces of replies, quoting and markup, split on spaces
_PIECES = (
    "Здравствуйте Анна спасибо ошибка не наша проблема Привет ты Laba diena Jūsų ačiū "
    "Bună ziua vă mulțumim nu știu Hello thanks order 12345 sorry cya !! ?! ... \n \n\n > "
    "<p> </p> &nbsp; 😊 — «» т.е. Mr. -----Original Message----- On wrote:"
)
WORDS = st.sampled_from(_PIECES.split(" "))
REPLYISH = st.lists(WORDS, max_size=60).map(" ".join)
ANY_TEXT = st.one_of(
    st.text(max_size=400), REPLYISH, st.text(alphabet=st.characters(), max_size=50)
)


def check_report(text: str, report) -> None:
    assert report.lang in LANGS
    assert 0.0 <= report.score <= 100.0
    last_end = 0
    for s in report.sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.start >= last_end
        last_end = s.end
        assert s.labels <= set(LABELS)
        assert all(0.0 <= p <= 1.0 for p in s.scores.values())
    assert set(report.structure.missing) <= set(STEPS)
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.match == text[f.start : f.end] or f.rule == "replytone.language_unknown"
    json.dumps(report.to_dict())


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT)
def test_properties_any_text_gives_a_consistent_report(scorer, text):
    report = scorer.score(text)
    check_report(text, report)
    assert scorer.score(text).to_dict() == report.to_dict()


@settings(
    max_examples=max(50, EXAMPLES // 20),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(texts=st.lists(ANY_TEXT, max_size=8), lang=st.sampled_from([None, *LANGS]))
def test_properties_pipe_matches_score(scorer, texts, lang):
    piped = list(scorer.pipe(texts, lang=lang, batch_size=3))
    assert [r.to_dict() for r in piped] == [scorer.score(t, lang=lang).to_dict() for t in texts]
