"""Parse probes: which parse facts the rules asked about words that were only tokenized.

The extractor's fast path runs the rules on tokenizer-only sentences first. A rule that needs a
word's UPOS or lemma asks the word (`Word.pos`, `Word.pos_in`, `Word.lemma_value`); an unparsed word
answers as a tokenizer-only word always has (no tag, no lemma) and, while `recording()` is active,
notes the question and the answer it gave. The extractor then parses just the sentences asked
about, asks the same questions of the parsed words, and re-runs the rules on an article only when an
answer changed: every parse-dependent decision of the first run got the answer the parse gives, so
the first run's claims are the claims of the parsed article.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

_reads: ContextVar[list | None] = ContextVar("kabar_parse_reads", default=None)


@dataclass(frozen=True)
class Read:
    sentence: int           # sentence index in the article
    word: int               # surface word index in the sentence (Word.i)
    question: str           # the Word method or property asked: "pos", "pos_in", "lemma_value"
    args: tuple             # its arguments
    answer: object          # what the unparsed word answered

    def ask(self, word) -> object:
        """The same question asked of `word` (the parsed word at the same place)."""
        attr = getattr(word, self.question)
        return attr(*self.args) if callable(attr) else attr


@contextmanager
def recording() -> Iterator[list[Read]]:
    """Collect the parse questions asked of unparsed words inside the block."""
    reads: list[Read] = []
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def note(word, question: str, args: tuple, answer: object) -> None:
    reads = _reads.get()
    if reads is not None:
        reads.append(Read(word.sentence, word.i, question, args, answer))
