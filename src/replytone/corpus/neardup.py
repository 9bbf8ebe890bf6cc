"""Near-duplicate sentences: the same once lower-cased without punctuation and
digits, or sharing most of their word set (Jaccard similarity)."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

_NON_WORD = re.compile(r"[\W\d_]+", re.UNICODE)

DUPLICATE_JACCARD = 0.8  # above this two sentences are near-duplicates (an error)
NEIGHBOUR_JACCARD = 0.6  # at or above this they are kept in one split


def normalise(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def token_set(text: str) -> frozenset[str]:
    return frozenset(normalise(text).split())


def similar_pairs(
    texts: Sequence[str], threshold: float, *, strict: bool = False
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, similarity) with i < j whose token Jaccard is >= threshold
    (> threshold when strict), or whose normalised texts are equal.

    Prefix filtering: with tokens ordered rarest first, two sets with Jaccard >= t
    must share a token among the first |x| - ceil(t*|x|) + 1 of each, so only
    those tokens are indexed.
    """
    norms = [normalise(t) for t in texts]
    sets = [frozenset(n.split()) for n in norms]
    freq: Counter[str] = Counter(tok for s in sets for tok in s)
    ordered = [sorted(s, key=lambda tok: (freq[tok], tok)) for s in sets]
    index: dict[str, list[int]] = defaultdict(list)
    by_norm: dict[str, list[int]] = defaultdict(list)
    pairs: dict[tuple[int, int], float] = {}
    for j, toks in enumerate(ordered):
        if norms[j]:
            for i in by_norm[norms[j]]:
                pairs[(i, j)] = 1.0
            by_norm[norms[j]].append(j)
        if not toks:
            continue
        prefix = len(toks) - math.ceil(threshold * len(toks)) + 1
        candidates = {i for tok in toks[:prefix] for i in index[tok]}
        for i in candidates:
            inter = len(sets[i] & sets[j])
            sim = inter / (len(sets[i]) + len(sets[j]) - inter)
            if sim > threshold or (sim == threshold and not strict):
                pairs[(i, j)] = max(pairs.get((i, j), 0.0), sim)
        for tok in toks[:prefix]:
            index[tok].append(j)
    return sorted((i, j, s) for (i, j), s in pairs.items())
