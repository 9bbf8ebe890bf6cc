"""The reply structure check: greeting → understanding → solution → farewell.

Pure functions over per-sentence label sets; the pipeline component only calls them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import Any

from .labels import STEP_LABELS, STEPS


@dataclass(frozen=True)
class Structure:
    """Which steps a reply has, which are missing, which stand out of order."""

    ok: bool
    missing: list[str] = field(default_factory=list)
    out_of_order: list[str] = field(default_factory=list)
    # index of the first sentence of each present step
    first_sentence: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "missing": list(self.missing),
            "out_of_order": list(self.out_of_order),
            "first_sentence": dict(self.first_sentence),
        }


def first_sentence_of_steps(labels_per_sentence: Iterable[Iterable[str]]) -> dict[str, int]:
    """The index of the first sentence that satisfies each step present."""
    first: dict[str, int] = {}
    for i, labels in enumerate(labels_per_sentence):
        labs = set(labels)
        for step, step_labels in STEP_LABELS.items():
            if step not in first and step_labels & labs:
                first[step] = i
    return first


def check_structure(labels_per_sentence: Sequence[Iterable[str]]) -> Structure:
    """Report each missing step and each step out of order, by name.

    A step is placed at its first sentence. The steps out of order are the fewest
    whose removal leaves the others in order; on a tie the earlier step is named,
    so that an understanding sentence arriving after the solution is what gets
    reported, not the solution.
    """
    first = first_sentence_of_steps(labels_per_sentence)
    missing = [s for s in STEPS if s not in first]
    present = [s for s in STEPS if s in first]
    out_of_order: list[str] = []
    for k in range(len(present) + 1):
        candidates = []
        for removed in combinations(present, k):
            kept = [s for s in present if s not in removed]
            if all(first[a] <= first[b] for a, b in pairwise(kept)):
                candidates.append(list(removed))
        if candidates:
            out_of_order = min(candidates, key=lambda r: [STEPS.index(s) for s in r])
            break
    return Structure(
        ok=not missing and not out_of_order,
        missing=missing,
        out_of_order=out_of_order,
        first_sentence=first,
    )
