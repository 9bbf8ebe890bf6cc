"""What replytone says about a reply: sentences, structure, findings, score."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .structure import Structure


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # character offsets into the reply text
    end: int
    labels: set[str]
    scores: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "labels": sorted(self.labels),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
        }


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    start: int
    end: int
    suggestion: str | None
    source: str  # seed file and section the rule comes from, e.g. "000_f266687cafdd3bba.txt §..."
    match: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "suggestion": self.suggestion,
            "source": self.source,
        }

    def line(self, text: str, path: str = "<reply>") -> str:
        """The stable one-line form: path:line:col: severity rule message."""
        line = text.count("\n", 0, self.start) + 1
        col = self.start - (text.rfind("\n", 0, self.start) + 1) + 1
        hint = f" → {self.suggestion}" if self.suggestion else ""
        return f"{path}:{line}:{col}: {self.severity} {self.rule} {self.message}{hint}"


@dataclass
class Report:
    text: str
    lang: str
    score: float
    sentences: list[Sentence]
    structure: Structure
    findings: list[Finding]
    channel: str | None = None
    lang_detected: bool = False
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "lang_detected": self.lang_detected,
            "channel": self.channel,
            "score": round(self.score, 2),
            "sentences": [s.to_dict() for s in self.sentences],
            "structure": self.structure.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "meta": dict(self.meta),
        }
