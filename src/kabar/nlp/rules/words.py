"""A surface-word view of a Sentence.

Stanza splits multi-word tokens ("Setidaknya" → "Setidak" + "nya", "antaranya" → "antara" + "nya"),
which breaks matching on word forms. Rules read `Word`s instead: one per surface token (all
syntactic words sharing the same character span), with the surface text from the article, the
lemmas/POS of its parts, and the syntactic word ids so the dependency tree stays reachable.
Works the same for tokenizer-only sentences (no lemma/POS/head).

Rules read a word's parse only through `pos`, `pos_in` and `lemma_value`, never the `lemmas`/`upos`
fields directly: on a tokenizer-only word these note the question (kabar.nlp.rules.probe), so the
extractor knows which sentences the rules needed a parse of (tests/test_extract_fast.py checks that
no rule reads the fields directly).
"""

from __future__ import annotations

from dataclasses import dataclass

from kabar.nlp.parsed import Sentence
from kabar.nlp.rules import probe

PUNCT = set(".,;:!?()[]{}\"'“”‘’«»–—-/")


@dataclass(frozen=True)
class Word:
    i: int                      # index in the sentence's word list
    text: str                   # surface text as in the article
    low: str                    # lower-cased, surrounding quotes stripped
    lemmas: tuple[str, ...]     # lower-cased lemmas of the syntactic parts (may be empty)
    upos: tuple[str, ...]
    ids: tuple[int, ...]        # syntactic word ids (1-based) of the parts
    start: int
    end: int
    parsed: bool = True         # False: the sentence was only tokenized (no lemma/UPOS known yet)
    sentence: int = -1          # index of the sentence in its article

    @property
    def is_punct(self) -> bool:
        return bool(self.low) and all(c in PUNCT for c in self.low)

    @property
    def pos(self) -> str | None:
        """The POS of the first content part (ignoring clitic 'nya'); None on an unparsed word."""
        if not self.parsed:
            probe.note(self, "pos", (), None)
        return self._pos()

    def pos_in(self, tags) -> bool:
        """Is the word's POS one of `tags` (None in tags: also true of an unparsed word)?"""
        answer = self._pos() in tags
        if not self.parsed:
            probe.note(self, "pos_in", (tags,), answer)
        return answer

    def lemma_value(self, table: dict, stems: tuple[str, ...] = ()):
        """table[lemma] for the first of the word's lemmas in `table`, else None.

        An unparsed word has no lemmas (None); it notes the question only when its surface form
        contains one of `stems` — the lemmatizer gives a lemma of `table` only to such words
        (kabar.nlp.ondemand states it; tests/test_extract_fast.py checks it)."""
        if not self.parsed:
            if any(stem in self.low for stem in stems):
                probe.note(self, "lemma_value", (table, stems), None)
            return None
        for lem in self.lemmas:
            if lem in table:
                return table[lem]
        return None

    def _pos(self) -> str | None:
        for p, lem in zip(self.upos, self.lemmas):
            if lem != "nya":
                return p
        return self.upos[0] if self.upos else None


def words_of(sentence: Sentence, text: str | None = None) -> list[Word]:
    """Surface words of `sentence`; `text` is the article text (else the sentence text is used)."""
    groups: list[list] = []
    for tok in sentence.tokens:
        if groups and (groups[-1][0].start_char, groups[-1][0].end_char) == (tok.start_char, tok.end_char):
            groups[-1].append(tok)
        else:
            groups.append([tok])
    out = []
    for i, g in enumerate(groups):
        s, e = g[0].start_char, g[0].end_char
        if text is not None and 0 <= s < e <= len(text):
            surface = text[s:e]
        elif text is None and sentence.start_char <= s < e <= sentence.end_char:
            surface = sentence.text[s - sentence.start_char:e - sentence.start_char]
        else:
            surface = "".join(t.text for t in g)
        low = surface.lower()
        stripped = low.strip("\"'“”‘’«»")
        out.append(Word(i=i, text=surface, low=stripped or low,
                        lemmas=tuple((t.lemma or "").lower() for t in g if t.lemma),
                        upos=tuple(t.upos for t in g if t.upos),
                        ids=tuple(t.id for t in g), start=s, end=e,
                        parsed=sentence.parsed, sentence=sentence.idx))
    return out
