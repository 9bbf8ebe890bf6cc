"""The reply score: 100 minus a penalty per finding, by severity.

score = max(0, 100 - sum over rules of weight(severity) * min(findings of the rule, 2))

A rule that fires many times in one reply counts at most twice, so one bad habit
does not outweigh everything else; an error costs 25 points, a warning 10, an info 2.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Final

from .report import Finding

WEIGHTS: Final[dict[str, float]] = {"error": 25.0, "warning": 10.0, "info": 2.0}
MAX_COUNTED_PER_RULE: Final = 2


def score_findings(findings: Iterable[Finding], weights: dict[str, float] = WEIGHTS) -> float:
    per_rule: Counter[tuple[str, str]] = Counter((f.rule, f.severity) for f in findings)
    penalty = sum(
        weights.get(sev, 0.0) * min(n, MAX_COUNTED_PER_RULE) for (_, sev), n in per_rule.items()
    )
    return max(0.0, 100.0 - penalty)
