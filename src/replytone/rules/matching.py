"""Matching the ruleset's phrases against a reply's tokens.

Phrase syntax: words separated by spaces; `word*` matches any ending, `a|b` either
word, `...` up to three words in between; punctuation is written as its own word
("что вы имеете в виду ?"). Matching is on folded forms (lower case, diacritics
removed), so a phrase written with diacritics also matches text typed without them;
the other way round is checked apart (normalise.marks): a plain letter of a phrase
does not match a letter with a diacritic. Case-sensitive phrases compare the text
as written.

Every phrase is indexed by its first word: exact words in a dict, stems by their
first characters. For each token only the phrases that can start there are tried,
which keeps matching linear in the reply's length whatever the size of the ruleset;
those whose second word is a plain word are first looked up by the next token's form,
since most candidates fail right there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Final

from spacy.tokens import Doc

from ..normalise import fold, marks

GAP: Final = "..."
MAX_GAP: Final = 3
_STEM_KEY: Final = 3  # stems are indexed by their first (up to) three characters
_CACHE_SIZE: Final = 50_000  # token forms whose candidate phrases are remembered


@dataclass(frozen=True, slots=True)
class WordSpec:
    words: frozenset[str]  # exact forms
    stems: tuple[str, ...]  # prefixes
    case_sensitive: bool
    # the diacritics each written form had (normalise.marks), by folded form and by stem:
    # a letter typed with a diacritic matches only a letter that has one in the phrase
    word_marks: dict[str, int] = field(default_factory=dict, compare=False)
    stem_marks: tuple[int, ...] = ()

    def matches(self, folded: str, text: str) -> bool:
        if self.case_sensitive:
            return text in self.words or (bool(self.stems) and text.startswith(self.stems))
        if folded in self.words:
            return text.isascii() or not marks(text) & ~self.word_marks.get(folded, 0)
        # str.startswith takes a tuple: one C call for all the stems
        if not (self.stems and folded.startswith(self.stems)):
            return False
        if text.isascii() or not (typed := marks(text)):
            return True
        return any(
            folded.startswith(stem) and not typed & ((1 << len(stem)) - 1) & ~mark
            for stem, mark in zip(self.stems, self.stem_marks, strict=True)
        )


Spec = WordSpec | int  # an int is a gap of up to that many tokens
# the phrases that may start at a token: those to try from their second word, and those
# whose second word is an exact form, by that form
_Candidates = tuple[tuple[int, ...], dict[str, tuple[int, ...]]]
# a token form as the index sees it: its folded form (None for white space), its candidates
_Token = tuple[str | None, tuple[int, ...], dict[str, tuple[int, ...]]]


def _norm(word: str, case_sensitive: bool) -> str:
    return word if case_sensitive else fold(word)


def _word_spec(words: list[str], stems: list[str], case_sensitive: bool) -> WordSpec:
    word_marks: dict[str, int] = {}
    for w in words:
        form = _norm(w, case_sensitive)
        # 'bună|buna': the plain spelling must not take away the marks of the other
        word_marks[form] = word_marks.get(form, 0) | marks(w)
    return WordSpec(
        frozenset(word_marks),
        tuple(_norm(s, case_sensitive) for s in stems),
        case_sensitive,
        word_marks,
        tuple(marks(s) for s in stems),
    )


def parse_phrase(
    phrase: str, tokenize: Callable[[str], Doc], case_sensitive: bool
) -> list[list[Spec]]:
    """A phrase as sequences of word specs; alternatives that are several tokens
    long (`что-нибудь|что-то`) become separate sequences."""
    variants: list[list[Spec]] = [[]]
    for word in phrase.split():
        if word == GAP:
            variants = [[*v, MAX_GAP] for v in variants]
            continue
        alts = [a for a in word.split("|") if a]
        single: list[str] = []
        multi: list[list[str]] = []
        for alt in alts:
            if alt.endswith("*") or alt.isalpha():
                tokens = [alt]  # a stem, or a plain word: one token, no need to ask the tokenizer
            else:
                tokens = [t.text for t in tokenize(alt)]
            (single if len(tokens) == 1 else multi).append(alt if len(tokens) == 1 else tokens)  # type: ignore[arg-type]
        options: list[list[Spec]] = []
        if single:
            plain = [a for a in single if not a.endswith("*")]
            stems = [a[:-1] for a in single if a.endswith("*")]
            options.append([_word_spec(plain, stems, case_sensitive)])
        for tokens in multi:
            options.append([_word_spec([t], [], case_sensitive) for t in tokens])
        variants = [v + o for v in variants for o in options][:64]
    out = []
    for v in variants:
        while v and isinstance(v[0], int):
            v = v[1:]
        while v and isinstance(v[-1], int):
            v = v[:-1]
        if not v:
            raise ValueError(f"empty phrase {phrase!r}")
        out.append(v)
    return out


class PhraseIndex:
    """All phrases of a ruleset for one language, by key (a rule id, or a rule id
    with a suffix such as '#unless')."""

    def __init__(self, tokenize: Callable[[str], Doc]) -> None:
        self._tokenize = tokenize
        # (key, specs, whether the specs have a gap): gapless phrases, nearly all of them,
        # are matched by a plain loop; only those with `...` need the backtracking search
        self._patterns: list[tuple[str, list[Spec], bool]] = []
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._stems: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self._exact_cs: dict[str, list[int]] = defaultdict(list)
        self._stems_cs: dict[str, list[tuple[str, int]]] = defaultdict(list)
        # the candidates of a token depend only on its form, and replies repeat forms
        self._cache: dict[str, _Token] = {}
        self._splits: dict[frozenset[int], _Candidates] = {}

    def __len__(self) -> int:
        return len(self._patterns)

    def add(self, key: str, phrases: Iterable[str], case_sensitive: bool = False) -> None:
        for phrase in phrases:
            for specs in parse_phrase(phrase, self._tokenize, case_sensitive):
                pid = len(self._patterns)
                self._patterns.append((key, specs, any(isinstance(x, int) for x in specs)))
                first = specs[0]
                assert isinstance(first, WordSpec)
                exact, stems = (
                    (self._exact_cs, self._stems_cs)
                    if case_sensitive
                    else (self._exact, self._stems)
                )
                for w in first.words:
                    exact[w].append(pid)
                for s in first.stems:
                    stems[s[:_STEM_KEY]].append((s, pid))
        self._cache.clear()
        self._splits.clear()

    def _token(self, text: str) -> _Token:
        """A token form's folded form (None for white space) and candidate phrases."""
        token = self._cache.get(text)
        if token is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            if text.isspace():
                token = (None, (), {})
            else:
                folded = fold(text)
                found = frozenset(self._find_candidates(folded, text))
                split = self._splits.get(found)
                if split is None:  # many forms share their candidates ('в*' starts them all)
                    split = self._splits[found] = self._split_by_next(found)
                token = (folded, *split)
            self._cache[text] = token
        return token

    def _split_by_next(self, pids: frozenset[int]) -> _Candidates:
        """Most phrases that start at a token fail on the next one; those whose second
        word is a plain exact form are looked up by the next token's form instead of tried."""
        rest: list[int] = []
        by_next: dict[str, list[int]] = defaultdict(list)
        for pid in sorted(pids):
            specs = self._patterns[pid][1]
            second = specs[1] if len(specs) > 1 else None
            if isinstance(second, WordSpec) and not second.stems and not second.case_sensitive:
                for w in second.words:
                    by_next[w].append(pid)
            else:
                rest.append(pid)
        return tuple(rest), {w: tuple(p) for w, p in by_next.items()}

    def _find_candidates(self, folded: str, text: str) -> set[int]:
        found: set[int] = set()
        for form, exact, stems in (
            (folded, self._exact, self._stems),
            (text, self._exact_cs, self._stems_cs),
        ):
            found.update(exact.get(form, ()))
            for n in range(1, _STEM_KEY + 1):
                for stem, pid in stems.get(form[:n], ()):
                    if form.startswith(stem):
                        found.add(pid)
        # the index is by folded form; the first word's diacritics are checked here, once
        # per token form, since the cache keeps the result
        return {pid for pid in found if self._first(pid).matches(folded, text)}

    def _first(self, pid: int) -> WordSpec:
        first = self._patterns[pid][1][0]
        assert isinstance(first, WordSpec)
        return first

    def _match_from(
        self, specs: list[Spec], k: int, i: int, folded: list[str | None], texts: list[str]
    ) -> int:
        """The end of a match of specs[k:] starting at token i, or -1."""
        if k == len(specs):
            return i
        spec = specs[k]
        if isinstance(spec, int):
            for skip in range(spec + 1):
                if i + skip > len(texts):
                    break
                end = self._match_from(specs, k + 1, i + skip, folded, texts)
                if end >= 0:
                    return end
            return -1
        f = folded[i] if i < len(texts) else None
        if f is not None and spec.matches(f, texts[i]):
            return self._match_from(specs, k + 1, i + 1, folded, texts)
        return -1

    def __call__(self, texts: list[str]) -> list[tuple[str, int, int]]:
        """(key, start token, end token) for every phrase found in the token strings."""
        token = self._token
        tokens = [token(t) for t in texts]
        folded = [t[0] for t in tokens]
        n = len(texts)
        out = []
        patterns = self._patterns
        for i, (_, rest, by_next) in enumerate(tokens):
            if not (rest or by_next):  # most tokens start no phrase
                continue
            nxt = folded[i + 1] if i + 1 < n else None
            seconds = by_next.get(nxt, ()) if nxt is not None and by_next else ()
            if seconds and not texts[i + 1].isascii():  # the lookup was by folded form
                seconds = tuple(
                    pid
                    for pid in seconds
                    if patterns[pid][1][1].matches(nxt, texts[i + 1])  # type: ignore[union-attr,arg-type]
                )
            # (pid, specs already matched): the by_next ones have matched their second word
            tries = [(pid, 1) for pid in rest] + [(pid, 2) for pid in seconds]
            if rest and seconds:
                tries.sort()
            for pid, k in tries:
                key, specs, has_gap = patterns[pid]
                if has_gap:
                    end = self._match_from(specs, k, i + k, folded, texts)
                else:
                    end = i + k
                    for spec in specs[k:]:
                        g = folded[end] if end < n else None
                        if g is None or not spec.matches(g, texts[end]):  # type: ignore[union-attr]
                            end = -1
                            break
                        end += 1
                if end >= 0:
                    out.append((key, i, end))
        return out
