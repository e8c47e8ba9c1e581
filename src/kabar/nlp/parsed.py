"""The parse the rules read: plain dataclasses, independent of Stanza's own objects.

`from_stanza` converts a Stanza Document; everything downstream (rules, storage, tests)
works on these types, so rules can be unit-tested on hand-built sentences.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime


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

    def children(self, token_id: int) -> list[Token]:
        return [t for t in self.tokens if t.head == token_id]

    def token(self, token_id: int) -> Token:
        return self.tokens[token_id - 1]


@dataclass(frozen=True)
class ArticleParse:
    article_id: str
    text: str
    title: str | None = None
    published_at: datetime | None = None
    sentences: tuple[Sentence, ...] = field(default_factory=tuple)

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
                published_at: datetime | None = None) -> ArticleParse:
    """Convert a Stanza Document (parsed or only tokenized) of `text` into an ArticleParse."""
    import bisect

    starts = paragraph_starts(text)
    sentences = []
    for idx, sent in enumerate(doc.sentences):
        tokens = []
        for tok in sent.tokens:
            for word in tok.words:
                tokens.append(Token(
                    id=int(word.id),
                    text=word.text,
                    lemma=getattr(word, "lemma", None),
                    upos=getattr(word, "upos", None),
                    head=getattr(word, "head", None),
                    deprel=getattr(word, "deprel", None),
                    start_char=tok.start_char,
                    end_char=tok.end_char,
                    feats=getattr(word, "feats", None),
                ))
        start, end = sent.tokens[0].start_char, sent.tokens[-1].end_char
        parsed = any(t.deprel is not None for t in tokens)
        sentences.append(Sentence(
            idx=idx,
            paragraph_idx=max(0, bisect.bisect_right(starts, start) - 1),
            text=text[start:end],
            start_char=start,
            end_char=end,
            tokens=tuple(tokens),
            parsed=parsed,
        ))
    return ArticleParse(article_id=article_id, text=text, title=title,
                        published_at=published_at, sentences=tuple(sentences))


def token_dicts(sentence: Sentence) -> list[dict]:
    """Tokens as plain dicts, for the nlp.sentences.tokens JSON column."""
    return [asdict(t) for t in sentence.tokens]
