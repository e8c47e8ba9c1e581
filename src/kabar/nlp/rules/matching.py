"""Phrase matching over surface words, shared by the rule modules.

A lexicon built with `phrases()` is a `Phrases` list (longest phrase first) that also indexes its
phrases by first and by last word, so `match_at`/`match_before` look only at the phrases that can
match there: the rules call them for every word of every sentence they resolve. Plain lists of
tuples work too (scanned in order).
"""

from __future__ import annotations

from collections.abc import Iterable

from kabar.nlp.rules.words import Word

Phrase = tuple[str, ...]


class Phrases(list):
    """Phrases longest first, indexed by their first and last word (same order within each key)."""

    def __init__(self, items: Iterable[Phrase]):
        super().__init__(items)
        self.by_first: dict[str, list[Phrase]] = {}
        self.by_last: dict[str, list[Phrase]] = {}
        for p in self:
            self.by_first.setdefault(p[0], []).append(p)
            self.by_last.setdefault(p[-1], []).append(p)


def phrases(*items: str) -> Phrases:
    """'ditembak jatuh' → ('ditembak', 'jatuh'); longest first so matching prefers them."""
    return Phrases(sorted({tuple(p.split()) for p in items}, key=len, reverse=True))


def match_at(words: list[Word], i: int, pats: Iterable[Phrase]) -> int:
    """Length of the first (longest) phrase in `pats` that starts at word i, else 0."""
    index = getattr(pats, "by_first", None)
    if index is not None:
        if not 0 <= i < len(words):
            return 0
        pats = index.get(words[i].low, ())
    for p in pats:
        if i + len(p) <= len(words) and all(words[i + k].low == p[k] for k in range(len(p))):
            return len(p)
    return 0


def match_before(words: list[Word], end: int, pats: Iterable[Phrase]) -> int:
    """Length of a phrase in `pats` that ends just before word index `end`, else 0."""
    index = getattr(pats, "by_last", None)
    if index is not None:
        if not 0 < end <= len(words):
            return 0
        pats = index.get(words[end - 1].low, ())
    for p in pats:
        s = end - len(p)
        if s >= 0 and all(words[s + k].low == p[k] for k in range(len(p))):
            return len(p)
    return 0
