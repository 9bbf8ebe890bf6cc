"""The Python API contract of issue #2, on the shipped default model."""

import json
from datetime import datetime

import pytest

import replytone
from replytone.errors import InputError
from replytone.labels import LABELS, LANGS, STEPS

TEXT = "Здравствуйте, Анна! Это не наша проблема."


def test_api_score_has_the_contract_fields(scorer):
    report = scorer.score(TEXT)
    assert report.lang == "ru"
    assert 0.0 <= report.score <= 100.0
    assert [s.text for s in report.sentences] == ["Здравствуйте, Анна!", "Это не наша проблема."]
    for s in report.sentences:
        assert TEXT[s.start : s.end] == s.text
        assert isinstance(s.labels, set) and s.labels <= set(LABELS)
        assert set(s.scores) == set(LABELS) and all(0.0 <= v <= 1.0 for v in s.scores.values())
    assert isinstance(report.structure.ok, bool)
    assert set(report.structure.missing) <= set(STEPS)
    assert set(report.structure.out_of_order) <= set(STEPS)
    rules = {f.rule for f in report.findings}
    assert "forbidden.not_our_problem" in rules
    for f in report.findings:
        assert f.severity in ("error", "warning", "info")
        assert 0 <= f.start <= f.end <= len(TEXT)
        assert f.message and f.source
        assert f.suggestion is None or isinstance(f.suggestion, str)


def test_api_to_dict_is_json_ready(scorer):
    data = scorer.score(
        TEXT, channel="chat", customer_name="Анна", sent_at="2026-03-13T17:20"
    ).to_dict()
    again = json.loads(json.dumps(data, ensure_ascii=False))
    assert again["lang"] == "ru" and again["channel"] == "chat"
    assert {"sentences", "structure", "findings", "score"} <= set(again)


@pytest.mark.parametrize("lang", LANGS)
def test_api_lang_is_given_or_detected(scorer, lang):
    samples = {
        "ru": "Здравствуйте! Мы вернули деньги на вашу карту.",
        "lt": "Laba diena! Pinigus grąžinome į Jūsų kortelę.",
        "ro": "Bună ziua! V-am returnat banii pe card.",
        "en": "Hello! We have refunded the money to your card.",
    }
    assert scorer.score(samples[lang]).lang == lang
    assert scorer.score(samples[lang], lang=lang).lang_detected is False


def test_api_pipe_is_in_order_and_equals_score(scorer):
    texts = [
        TEXT,
        "Hello Mark, thanks for reaching out.",
        "",
        "Laba diena! Ačiū, kad parašėte.",
    ] * 3
    piped = list(scorer.pipe(texts, batch_size=4))
    assert len(piped) == len(texts)
    for text, report in zip(texts, piped, strict=True):
        assert report.to_dict() == scorer.score(text).to_dict()


def test_api_context_options_enable_rules(scorer):
    text = "Здравствуйте! Мы вернули деньги на вашу карту. Хорошего дня!"
    plain = {f.rule for f in scorer.score(text).findings}
    with_context = {
        f.rule
        for f in scorer.score(
            text, customer_name="Анна", sent_at=datetime(2026, 3, 10, 19, 0)
        ).findings
    }
    assert "greeting.customer_name" not in plain
    assert {"greeting.customer_name", "farewell.time_of_day"} <= with_context


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lang": "de"}, "Unsupported language 'de'"),
        ({"channel": "fax"}, "Unsupported channel 'fax'"),
        ({"sent_at": "yesterday"}, "sent_at must be"),
    ],
)
def test_api_bad_options_give_clear_errors(scorer, kwargs, message):
    with pytest.raises(InputError, match=message):
        scorer.score(TEXT, **kwargs)


def test_api_text_must_be_str(scorer):
    with pytest.raises(InputError, match="text must be a str"):
        scorer.score(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "   \n\t ", "🙂🙂🙂", "?!", "\x00\x07", "a\ud800b"])
def test_api_degenerate_text_gives_a_report(scorer, text):
    report = scorer.score(text)
    assert report.lang in LANGS
    assert 0.0 <= report.score <= 100.0
    json.dumps(report.to_dict())


def test_api_unsupported_language_is_reported_not_raised(scorer):
    report = scorer.score("Vielen Dank für Ihre Nachricht, wir prüfen das heute.")
    assert report.findings[0].rule == "replytone.language_unknown"
    assert report.lang_detected


def test_api_large_reply(scorer):
    text = ("Здравствуйте! Мы проверили ваш заказ и вернули деньги. " * 4000)[:200_000]
    report = scorer.score(text)
    assert len(report.sentences) > 1000
    assert all(text[s.start : s.end] == s.text for s in report.sentences[:50])


def test_api_load_other_path_and_missing_path(default_model_path):
    assert replytone.load(default_model_path).path == default_model_path
    from replytone.errors import ModelLoadError

    with pytest.raises(ModelLoadError, match="does not exist"):
        replytone.load("/nonexistent/model")


def test_api_labels_land_on_the_doc(scorer):
    doc = scorer.nlp(scorer.make_doc(TEXT))
    group = doc.spans["replytone"]
    assert {span.label_ for span in group} >= {"greeting"}
    assert len(group.attrs["scores"]) == len(group)
    assert doc._.replytone_report.lang == "ru"
    from spacy import displacy

    html = displacy.render(doc, style="span", options={"spans_key": "replytone"})
    assert "greeting" in html


def test_api_megabyte_text_is_cut_and_marked(scorer):
    text = ("Здравствуйте! Мы проверили ваш заказ и вернули деньги на карту.\n" * 16000)[:1_000_000]
    report = scorer.score(text)
    assert report.meta["excluded"][-1]["reason"] == "too_long"
    cut = report.meta["excluded"][-1]["start"]
    assert all(s.end <= cut for s in report.sentences)
    assert all(text[s.start : s.end] == s.text for s in report.sentences[-5:])


@pytest.fixture
def model_copy(tmp_path, default_model_path):
    import shutil

    target = tmp_path / "model"
    shutil.copytree(default_model_path, target)
    return target


def test_api_load_refuses_unregistered_functions(model_copy):
    from replytone.errors import ModelLoadError

    cfg = model_copy / "config.cfg"
    cfg.write_text(
        cfg.read_text().replace('factory = "replytone_sentencizer"', 'factory = "evil_exec"')
    )
    with pytest.raises(ModelLoadError, match="names functions that are not registered"):
        replytone.load(model_copy)


def test_api_load_reports_corrupt_weights(model_copy):
    from replytone.errors import ModelLoadError

    (model_copy / "classifier" / "model").write_bytes(b"\x00garbage")
    with pytest.raises(ModelLoadError, match="could not be read"):
        replytone.load(model_copy)


def test_api_load_reports_version_mismatch(model_copy):
    import json

    from replytone.errors import ModelLoadError

    meta = json.loads((model_copy / "meta.json").read_text())
    meta["spacy_version"] = ">=9.0.0,<9.1.0"
    (model_copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelLoadError, match="cannot load"):
        replytone.load(model_copy)


def test_api_load_needs_a_pipeline_folder(tmp_path):
    from replytone.errors import ModelLoadError

    with pytest.raises(ModelLoadError, match="not a spaCy pipeline folder"):
        replytone.load(tmp_path)


def test_api_a_rule_with_sets_label_labels_its_sentence(tmp_path, default_model_path):
    # a harmless phrase, so that the label can only come from the rule, not the classifier
    team = tmp_path / "team.yml"
    team.write_text(
        """version: 1
rules:
  - id: acme.no_good_day
    statement: Не писать «добрый день».
    source: {seed: acme.md, section: Тон}
    languages: [ru]
    severity: info
    message: Test.
    sets_label: forbidden
    detector: {kind: phrases, phrases: {ru: ["добрый день"]}}
""",
        encoding="utf-8",
    )
    text = "Добрый день, Анна! Заказ уже в пути."
    plain = replytone.load(default_model_path).score(text, lang="ru")
    assert "forbidden" not in plain.sentences[0].labels
    report = replytone.load(default_model_path, rules=[team]).score(text, lang="ru")
    assert [f.rule for f in report.findings if f.rule.startswith("acme.")] == ["acme.no_good_day"]
    assert report.sentences[0].labels == plain.sentences[0].labels | {"forbidden"}
    assert report.sentences[1].labels == plain.sentences[1].labels
