"""The parse the rules read: plain dataclasses, independent of Stanza's own objects.

`from_stanza` converts a Stanza Document; everything downstream (rules, storage, tests)
works on these types, so rules can be unit-tested on hand-built sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Token:
    """One syntactic word (after multi-word-token expansion)."""

    id: int                 # 1-based index in the sentence (Stanza word id)
    text: str
    lemma: str | None       # None when the sentence was only tokenized, not parsed
    upos: str | None
    head: int | None        # 0 = root
    deprel: str | None
    start_char: int         # offsets into the article text (of the surface token for MWT parts)
    end_char: int
    feats: str | None = None


@dataclass(frozen=True)
class Sentence:
    idx: int                # 0-based index in the article
    paragraph_idx: int      # 0-based paragraph (blank-line or line separated) the sentence starts in
    text: str
    start_char: int
    end_char: int
    tokens: tuple[Token, ...]
    parsed: bool = True     # False: tokens carry no lemma/upos/head (sentence skipped by the parser)

    def token(self, token_id: int) -> Token:
        return self.tokens[token_id - 1]


@dataclass(frozen=True)
class ArticleParse:
    article_id: str
    text: str
    title: str | None = None
    published_at: datetime | None = None
    sentences: tuple[Sentence, ...] = field(default_factory=tuple)
    # the calendar date of publication in the source's own UTC offset (ingest's raw.articles.published_date):
    # the rules' one publication date (published_at is read back in whatever zone the reader uses)
    published_date: date | None = None

    def paragraph(self, paragraph_idx: int) -> list[Sentence]:
        return [s for s in self.sentences if s.paragraph_idx == paragraph_idx]


def paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs start: a paragraph is a run of non-empty lines... one per line."""
    starts, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(pos)
        pos += len(line) + 1
    return starts or [0]


def from_stanza(doc, article_id: str, text: str, title: str | None = None,
                published_at: datetime | None = None, parses: dict | None = None,
                published_date: date | None = None) -> ArticleParse:
    """Convert a Stanza Document (parsed or only tokenized) of `text` into an ArticleParse.

    `parses` maps a sentence index to a separately parsed Stanza Sentence with the same words
    (the fast path parses only candidate sentences, in one Document across articles): its
    lemma/upos/head/deprel/feats replace the tokenizer-only ones; offsets come from `doc`.
    """
    import bisect

    starts = paragraph_starts(text)
    parses = parses or {}
    sentences = []
    for idx, sent in enumerate(doc.sentences):
        annotated = parses.get(idx)
        words = list(annotated.words) if annotated is not None else None
        tokens = []
        for tok in sent.tokens:
            for word in tok.words:
                src = words[len(tokens)] if words is not None else word
                if src.text != word.text:
                    raise ValueError(f"article {article_id} sentence {idx}: parsed word {src.text!r} "
                                     f"does not match tokenized word {word.text!r}")
                tokens.append(Token(
                    id=int(word.id),
                    text=word.text,
                    lemma=getattr(src, "lemma", None),
                    upos=getattr(src, "upos", None),
                    head=getattr(src, "head", None),
                    deprel=getattr(src, "deprel", None),
                    start_char=tok.start_char,
                    end_char=tok.end_char,
                    feats=getattr(src, "feats", None),
                ))
        if words is not None and len(words) != len(tokens):
            raise ValueError(f"article {article_id} sentence {idx}: parsed sentence has {len(words)} "
                             f"words, tokenized one {len(tokens)}")
        start, end = sent.tokens[0].start_char, sent.tokens[-1].end_char
        parsed = any(t.upos is not None or t.deprel is not None for t in tokens)
        sentences.append(Sentence(
            idx=idx,
            paragraph_idx=max(0, bisect.bisect_right(starts, start) - 1),
            text=text[start:end],
            start_char=start,
            end_char=end,
            tokens=tuple(tokens),
            parsed=parsed,
        ))
    return ArticleParse(article_id=article_id, text=text, title=title, published_at=published_at,
                        sentences=tuple(sentences), published_date=published_date)
