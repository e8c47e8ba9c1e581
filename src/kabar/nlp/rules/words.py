"""A surface-word view of a Sentence.

Stanza splits multi-word tokens ("Setidaknya" → "Setidak" + "nya", "antaranya" → "antara" + "nya"),
which breaks matching on word forms. Rules read `Word`s instead: one per surface token (all
syntactic words sharing the same character span), with the surface text from the article, the
lemmas/POS of its parts, and the syntactic word ids so the dependency tree stays reachable.
Works the same for tokenizer-only sentences (no lemma/POS/head).
"""

from __future__ import annotations

from dataclasses import dataclass

from kabar.nlp.parsed import Sentence

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

    @property
    def is_punct(self) -> bool:
        return bool(self.low) and all(c in PUNCT for c in self.low)

    @property
    def pos(self) -> str | None:
        """The POS of the first content part (ignoring clitic 'nya')."""
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
                        ids=tuple(t.id for t in g), start=s, end=e))
    return out


def id_to_word(words: list[Word]) -> dict[int, int]:
    """Map syntactic word id → surface word index."""
    return {tid: w.i for w in words for tid in w.ids}
