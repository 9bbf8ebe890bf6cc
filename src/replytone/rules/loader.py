"""Load rulesets from YAML: safe loader, schema validation, team overrides.

The built-in ruleset is every file in configs/rules/ (shipped in the wheel);
a team adds files of its own that add rules, or switch, re-grade or extend
the built-in ones with `override:`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import Errors, RulesetError
from ..resources import builtin_rules_dir
from .schema import (
    ContextDetector,
    LabelDetector,
    PhraseMap,
    PhrasesDetector,
    Rule,
    RuleOverride,
    RulesetFile,
)


@dataclass
class Ruleset:
    """Rules by id, in the order they were defined."""

    rules: dict[str, Rule] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # rule id -> file it came from

    def __iter__(self) -> Any:
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)

    def enabled(self) -> list[Rule]:
        return [r for r in self.rules.values() if r.enabled]

    def add_file(self, parsed: RulesetFile, where: str) -> None:
        for rule in parsed.rules:
            if rule.id in self.rules:
                raise RulesetError(
                    Errors.E023.format(file=where, rule=rule.id, other=self.origin[rule.id])
                )
            self.rules[rule.id] = rule
            self.origin[rule.id] = where
        for change in parsed.override:
            if change.id not in self.rules:
                raise RulesetError(Errors.E024.format(file=where, rule=change.id))
            rule = self.rules[change.id]
            update: dict[str, Any] = {}
            if change.enabled is not None:
                update["enabled"] = change.enabled
            if change.severity is not None:
                update["severity"] = change.severity
            detector_update = _phrase_changes(change, rule, where)
            if detector_update:
                update["detector"] = rule.detector.model_copy(update=detector_update)
            self.rules[change.id] = rule.model_copy(update=update)


def _phrase_changes(change: RuleOverride, rule: Rule, where: str) -> dict[str, PhraseMap]:
    """The detector fields an override's add_phrases, remove_phrases and add_unless give."""
    detector = rule.detector

    def refuse(reason: str) -> RulesetError:
        return RulesetError(Errors.E021.format(file=where, rule=change.id, reason=reason))

    out: dict[str, PhraseMap] = {}
    if change.add_phrases or change.remove_phrases:
        if not isinstance(detector, PhrasesDetector | ContextDetector):
            raise refuse("add_phrases and remove_phrases need a phrases or context detector")
        merged = {lang: list(phrases) for lang, phrases in detector.phrases.items()}
        for lang, gone in change.remove_phrases.items():
            for phrase in gone:
                if phrase not in merged.get(lang, []):
                    raise refuse(f"remove_phrases: the rule has no {lang} phrase {phrase!r}")
                merged[lang].remove(phrase)
        for lang, extra in change.add_phrases.items():
            merged.setdefault(lang, []).extend(extra)
        out["phrases"] = merged
    if change.add_unless:
        if not isinstance(detector, PhrasesDetector | LabelDetector):
            raise refuse("add_unless needs a phrases or label detector")
        unless = {lang: list(phrases) for lang, phrases in detector.unless.items()}
        for lang, extra in change.add_unless.items():
            unless.setdefault(lang, []).extend(extra)
        out["unless"] = unless
    return out


def _rule_name(data: Any, loc: Sequence[Any]) -> str:
    if len(loc) >= 2 and loc[0] in ("rules", "override") and isinstance(loc[1], int):
        try:
            return str(data[loc[0]][loc[1]].get("id", f"#{loc[1] + 1}"))
        except (KeyError, IndexError, TypeError, AttributeError):
            return f"#{loc[1] + 1}"
    return ""


def _validate(data: Any, where: str) -> RulesetFile:
    if not isinstance(data, dict):
        raise RulesetError(
            Errors.E022.format(file=where, reason="expected a mapping with `version` and `rules`")
        )
    try:
        return RulesetFile.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = err["loc"]
        name = _rule_name(data, loc)
        field_path = ".".join(str(p) for p in loc[2:] if not str(p).startswith("function-"))
        reason = f"{field_path}: {err['msg']}" if field_path else err["msg"]
        more = f" (and {len(e.errors()) - 1} more problems)" if len(e.errors()) > 1 else ""
        if name:
            raise RulesetError(
                Errors.E021.format(file=where, rule=name, reason=reason + more)
            ) from None
        raise RulesetError(Errors.E022.format(file=where, reason=reason + more)) from None


def validate_ruleset_data(data: Any, where: str) -> RulesetFile:
    """A ruleset already parsed (from a model folder's JSON), checked against the schema."""
    return _validate(data, where)


# libyaml's safe loader when PyYAML was built with it (same safe subset, several times faster)
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_ruleset_file(path: Path) -> RulesetFile:
    if not path.is_file():
        raise RulesetError(Errors.E025.format(file=path))
    stat = path.stat()
    return _read_ruleset_file(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read_ruleset_file(path: Path, mtime_ns: int, size: int) -> RulesetFile:
    """Parsed once per file version: a model load builds its ruleset more than once."""
    try:
        loader = _SafeLoader(path.read_text(encoding="utf-8"))  # a safe loader: plain data only
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        raise RulesetError(
            Errors.E020.format(file=path, reason=str(e).replace("\n", " "))
        ) from None
    except UnicodeDecodeError as e:
        raise RulesetError(
            Errors.E020.format(file=path, reason=f"not UTF-8 ({e.reason})")
        ) from None
    return _validate(data, str(path))


def builtin_rule_files() -> list[Path]:
    return sorted(builtin_rules_dir().glob("*.yml"))


def load_ruleset(extra: Iterable[str | Path] = (), *, builtin: bool = True) -> Ruleset:
    """The built-in rules, then each extra file in order (new rules and overrides)."""
    ruleset = Ruleset()
    files = (builtin_rule_files() if builtin else []) + [Path(p) for p in extra]
    for path in files:
        ruleset.add_file(read_ruleset_file(path), str(path))
    return ruleset
