"""Tokenizer-only articles for the rule tests that need no model: words split on spaces, punctuation
split off, one paragraph per line."""

from __future__ import annotations

import re
from datetime import date, datetime

from kabar.nlp.parsed import ArticleParse, Sentence, Token, paragraph_starts

_TOKEN = re.compile(r"\w[\w.,'’/-]*\w|\w|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def tokens_only(text: str, article_id: str = "a", published_at: datetime | None = None,
                published_date: date | None = None) -> ArticleParse:
    """An ArticleParse of `text` as the tokenizer alone would give it (no lemma, no UPOS)."""
    import bisect

    starts = paragraph_starts(text)
    sentences, idx = [], 0
    for para in re.finditer(r"[^\n]+", text):
        pos = para.start()
        for chunk in _SENTENCE_END.split(para.group()):
            begin = text.index(chunk, pos)
            pos = begin + len(chunk)
            tokens = tuple(Token(k + 1, m.group(), None, None, None, None, begin + m.start(), begin + m.end())
                           for k, m in enumerate(_TOKEN.finditer(chunk)))
            if tokens:
                sentences.append(Sentence(idx, max(0, bisect.bisect_right(starts, begin) - 1), chunk, begin,
                                          begin + len(chunk), tokens, parsed=False))
                idx += 1
    return ArticleParse(article_id, text, published_at=published_at, sentences=tuple(sentences),
                        published_date=published_date or (published_at.date() if published_at else None))
