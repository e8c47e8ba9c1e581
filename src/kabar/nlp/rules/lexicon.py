"""Phrase matching over surface words, shared by the rule modules."""

from __future__ import annotations

from collections.abc import Iterable

from kabar.nlp.rules.words import Word


def phrases(*items: str) -> list[tuple[str, ...]]:
    """'ditembak jatuh' → ('ditembak', 'jatuh'); longest first so matching prefers them."""
    return sorted({tuple(p.split()) for p in items}, key=len, reverse=True)


def match_at(words: list[Word], i: int, pats: Iterable[tuple[str, ...]]) -> int:
    """Length of the first (longest) phrase in `pats` that starts at word i, else 0."""
    for p in pats:
        if i + len(p) <= len(words) and all(words[i + k].low == p[k] for k in range(len(p))):
            return len(p)
    return 0


def match_before(words: list[Word], end: int, pats: Iterable[tuple[str, ...]]) -> int:
    """Length of a phrase in `pats` that ends just before word index `end`, else 0."""
    for p in pats:
        s = end - len(p)
        if s >= 0 and all(words[s + k].low == p[k] for k in range(len(p))):
            return len(p)
    return 0


def find_all(words: list[Word], pats: Iterable[tuple[str, ...]], lo: int = 0, hi: int | None = None):
    """(start, length) of every phrase occurrence within words[lo:hi]."""
    pats = list(pats)
    hi = len(words) if hi is None else hi
    out, i = [], lo
    while i < hi:
        n = match_at(words, i, pats)
        if n and i + n <= hi:
            out.append((i, n))
            i += n
        else:
            i += 1
    return out
