"""The Python API: load a model, score replies."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import is_compatible_version

from .cleaning import mask
from .errors import Errors, InputError, ModelLoadError
from .labels import CHANNELS, LANGS
from .pipeline import extensions  # noqa: F401
from .pipeline.checker import ReplyChecker
from .report import Report
from .resources import default_model_dir
from .rules.loader import read_ruleset_file


def validate_options(
    lang: str | None = None,
    channel: str | None = None,
    customer_name: str | None = None,
    sent_at: datetime | str | None = None,
) -> dict[str, Any]:
    """The options of one reply, checked and normalised; InputError says what is wrong."""
    if lang is not None and lang not in LANGS:
        raise InputError(Errors.E010.format(lang=lang, langs=", ".join(LANGS)))
    if channel is not None and channel not in CHANNELS:
        raise InputError(Errors.E011.format(channel=channel, channels=", ".join(CHANNELS)))
    when: str | None = None
    if isinstance(sent_at, datetime):
        when = sent_at.isoformat()
    elif sent_at is not None:
        try:
            when = datetime.fromisoformat(str(sent_at)).isoformat()
        except ValueError:
            raise InputError(Errors.E012.format(value=sent_at)) from None
    name = (
        customer_name.strip() if isinstance(customer_name, str) and customer_name.strip() else None
    )
    return {"lang": lang, "channel": channel, "customer_name": name, "sent_at": when}


class Scorer:
    """A loaded replytone model. Use replytone.load() to make one."""

    def __init__(self, nlp: Language, path: Path | None = None) -> None:
        self.nlp = nlp
        self.path = path
        checker = next((p for _, p in nlp.pipeline if isinstance(p, ReplyChecker)), None)
        if checker is None:
            raise ModelLoadError(Errors.E006.format(path=path))
        self.checker: ReplyChecker = checker

    def make_doc(self, text: str, **options: Any) -> Doc:
        if not isinstance(text, str):
            raise InputError(Errors.E013.format(type=type(text).__name__))
        cleaned, excluded = mask(text)
        doc = self.nlp.make_doc(cleaned)
        doc._.replytone_context = {
            **validate_options(**options),
            "excluded": [e.to_dict() for e in excluded],
        }
        return doc

    def _report(self, doc: Doc, text: str) -> Report:
        report: Report = doc._.replytone_report
        excluded = (doc._.replytone_context or {}).get("excluded")
        if excluded:
            report.meta["excluded"] = excluded
        if report.text != text:  # control characters were replaced one for one: same offsets
            report.sentences = [replace(s, text=text[s.start : s.end]) for s in report.sentences]
            report.findings = [
                replace(f, match=text[f.start : f.end]) if f.match else f for f in report.findings
            ]
            report.text = text
        return report

    def score(
        self,
        text: str,
        lang: str | None = None,
        channel: str | None = None,
        customer_name: str | None = None,
        sent_at: datetime | str | None = None,
    ) -> Report:
        """Check one reply. lang is detected when None; the others enable context rules."""
        doc = self.make_doc(
            text, lang=lang, channel=channel, customer_name=customer_name, sent_at=sent_at
        )
        return self._report(self.nlp(doc), text)

    def pipe(
        self,
        texts: Iterable[str],
        lang: str | None = None,
        channel: str | None = None,
        customer_name: str | None = None,
        sent_at: datetime | str | None = None,
        *,
        batch_size: int = 32,
    ) -> Iterator[Report]:
        """Check many replies with the same options, in order, batched through nlp.pipe."""
        options = {
            "lang": lang,
            "channel": channel,
            "customer_name": customer_name,
            "sent_at": sent_at,
        }
        return self.pipe_items(((text, options) for text in texts), batch_size=batch_size)

    def pipe_items(
        self, items: Iterable[tuple[str, dict[str, Any]]], *, batch_size: int = 32
    ) -> Iterator[Report]:
        """Check many replies, each with its own options (lang, channel, customer_name,
        sent_at), in order, batched through nlp.pipe. Invalid options raise InputError
        when their reply is reached; check them first with validate_options() to skip them."""
        originals: deque[str] = deque()

        def docs() -> Iterator[Doc]:
            for text, options in items:
                doc = self.make_doc(text, **options)
                originals.append(text)
                yield doc

        for doc in self.nlp.pipe(docs(), batch_size=batch_size):
            yield self._report(doc, originals.popleft())

    def add_rules(self, *paths: str | Path) -> None:
        """Add a team's rule files (new rules, overrides) on top of the model's ruleset."""
        for path in paths:
            self.checker.add_rules(read_ruleset_file(Path(path)), str(path))


def load_pipeline(path: str | Path) -> Language:
    """spacy.load with replytone's errors: what is wrong with the folder, and what to do."""
    path = Path(path)
    if not path.exists():
        raise ModelLoadError(Errors.E001.format(path=path))
    if not (path / "config.cfg").is_file():
        raise ModelLoadError(Errors.E002.format(path=path))
    meta_path = path / "meta.json"
    if meta_path.is_file():
        try:
            wanted = json.loads(meta_path.read_text(encoding="utf-8")).get("spacy_version", "")
        except (ValueError, UnicodeDecodeError) as e:
            raise ModelLoadError(Errors.E003.format(path=path, reason=f"meta.json: {e}")) from None
        if wanted and is_compatible_version(spacy.__version__, wanted) is False:
            raise ModelLoadError(
                Errors.E004.format(path=path, found=wanted, running=spacy.__version__)
            )
    try:
        return spacy.load(path)
    except Exception as e:  # spaCy raises many types for a corrupt folder
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        if "registry" in reason.lower() or "E893" in reason or "E002" in reason:
            raise ModelLoadError(Errors.E005.format(path=path, names=reason)) from None
        raise ModelLoadError(Errors.E003.format(path=path, reason=reason)) from None


def load(path: str | Path | None = None, *, rules: Iterable[str | Path] = ()) -> Scorer:
    """Load a replytone model: the default one shipped with the package, or the folder given.

    rules: extra ruleset files (a team's own rules and overrides), applied in order.
    """
    folder = Path(path) if path is not None else default_model_dir()
    scorer = Scorer(load_pipeline(folder), folder)
    if rules:
        scorer.add_rules(*rules)
    return scorer
