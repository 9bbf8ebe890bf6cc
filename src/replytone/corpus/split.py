"""Deterministic train / dev / test splits, grouped so that near-neighbours stay together.

Groups join: the sentences of one reply, and any two sentences with token
Jaccard >= NEIGHBOUR_JACCARD (a looser bar than the near-duplicate one, so that
paraphrases of one sentence cannot sit on both sides). A group's split comes
from a hash of its smallest id, so it does not depend on file order; records
with a `split` field keep it and pull their group with them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from .neardup import NEIGHBOUR_JACCARD, similar_pairs
from .records import SentenceRecord

SPLIT_SHARES = (("train", 70), ("dev", 15), ("test", 15))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _bucket(key: str) -> str:
    value = int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 100
    total = 0
    for name, share in SPLIT_SHARES:
        total += share
        if value < total:
            return name
    return SPLIT_SHARES[-1][0]


def assign_splits(records: Sequence[SentenceRecord]) -> list[str]:
    """The split of each record, in the order given."""
    uf = _UnionFind(len(records))
    first_of_reply: dict[str, int] = {}
    for i, rec in enumerate(records):
        if rec.reply_id:
            uf.union(i, first_of_reply.setdefault(rec.reply_id, i))
    for i, j, _ in similar_pairs([r.text for r in records], NEIGHBOUR_JACCARD):
        uf.union(i, j)
    members: dict[int, list[int]] = {}
    for i in range(len(records)):
        members.setdefault(uf.find(i), []).append(i)
    splits = [""] * len(records)
    for group in members.values():
        fixed = [str(records[i].split) for i in group if records[i].split]
        key = min(records[i].reply_id or records[i].id for i in group)
        name = fixed[0] if fixed else _bucket(key)
        for i in group:
            splits[i] = name
    return splits
