"""Which sentences the claim rules can use a parse of: `needs_parse(words, text)`.

The extractor parses a sentence when the rules ask a parse question about it (kabar.nlp.rules.probe)
AND this module says the rules could take a claim from it; rules that do not ask through the Word
questions get every sentence this module selects, parsed up front.

The rules (kabar.nlp.claims + kabar.nlp.rules) read lemmas and UPOS in exactly three places, all in
kabar.nlp.rules.measures, and only on the words of the sentence whose numbers they are resolving —
never on another sentence (context from other sentences — weapons, attacker cues, places, dates — is
read from surface words, which the tokenizer alone gives):

  trigger_at      a word's lemma in measures.LEMMAS ("cegat", "tewas" …) makes it a trigger;
  noun_class      the UPOS of the word after a number decides "bare" (a verb, adverb …) or "other";
  weapon_phrase_end  a capitalised word with a digit extends a weapon phrase unless its UPOS says
                     it is not a proper noun (read through measures.weapon_before).

So a sentence's parse can change the claims only when extract_claims would resolve one of its numbers,
and only through a trigger. This module answers, from surface words and the rules' own lexicons and
functions, "could it?" — conservatively: every test below is a superset of what the rules do.
A sentence needs the parse unless one of these holds:

  1. it is a cumulative war-to-date tally (exclusions.is_cumulative on its text) — the rules skip it;
  2. it has no count span: spans as claims._number_spans makes them (find_numbers spans with a value,
     ranges, an ordinal above one after a weapon word: "drone ketujuh"), so vague amounts ("puluhan"),
     times ("20.00") and bare words carry none; the rules' zero statements are not dropped (superset);
  3. every count span is dropped before any parse-dependent decision could keep it: "salah satu", or
     excluded_number (years, percents, a unit or month after it, "pukul"/"tahun" before it) while its
     noun can not be a weapon whatever the parse says (the exclusion does not apply to weapon counts);
  4. no word could be a measure trigger: no word that starts a phrase of measures.TRIGGERS or
     CASUALTY_NOUNS (negators ignored), no word containing a stem of measures.LEMMAS less its first
     letter (Indonesian prefixes nasalise it: menewaskan <- tewas), and no "N dari M" pair (the rules
     count M as launched without a verb). Every measure the rules assign comes from one of these, so
     without them no number of the sentence becomes a claim, parsed or not.

The one assumption not read off the rules' code: the lemmatizer gives a LEMMAS stem only to words
that contain it (less the first letter). Checked on every word of the seeds, dev and heldout 1-4
(no exception); the tests compare the fast path's claims with the full pipeline's.

Boilerplate paragraphs are not skipped here (the caller may, with `boilerplate_paragraphs`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence

from kabar.nlp.numbers import find_numbers, is_number_token, ordinal_value
from kabar.nlp.parsed import ArticleParse, Sentence, Token
from kabar.nlp.rules import exclusions, measures, weapons
from kabar.nlp.rules.words import Word, words_of

log = logging.getLogger(__name__)

__all__ = ["needs_parse", "why_not", "surface_words", "boilerplate_paragraphs", "paragraph_of"]


def surface_words(texts: Sequence[str]) -> list[Word]:
    """Surface words (no lemma, no UPOS) built exactly as the rules build them (rules.words.words_of)."""
    tokens, pos = [], 0
    for i, t in enumerate(texts):
        tokens.append(Token(id=i + 1, text=t, lemma=None, upos=None, head=None, deprel=None,
                            start_char=pos, end_char=pos + len(t)))
        pos += len(t) + 1
    sentence = Sentence(idx=0, paragraph_idx=0, text=" ".join(texts), start_char=0, end_char=max(0, pos - 1),
                        tokens=tuple(tokens), parsed=False)
    return words_of(sentence)


@functools.lru_cache(maxsize=1)
def _trigger_cues() -> tuple[frozenset[str], tuple[str, ...]]:
    """(first words of every trigger phrase, lemma stems less their first letter)."""
    firsts = {p[0] for _, group in measures.TRIGGERS for p in group} | {p[0] for p in measures.CASUALTY_NOUNS}
    return frozenset(firsts), measures.LEMMA_STEMS


def _has_number(texts: Sequence[str]) -> bool:
    """Cheap superset of "has a count span": a digit, a number word, or an ordinal above one."""
    return any(is_number_token(t) or (ordinal_value(t) or 0) > 1 for t in texts)


def _count_spans(words: list[Word]) -> list[tuple]:
    """The rules' spans (as claims._number_spans): numbers with a value, ranges, and an ordinal above
    one right after a weapon phrase ("drone ketujuh")."""
    out = [(sp.start, sp.end, sp.value, sp.kind, sp.approx) for sp in find_numbers([w.text for w in words])
           if sp.value is not None or sp.kind == "range"]
    for i, w in enumerate(words):
        if (ordinal_value(w.text) or 0) > 1:
            for k in range(max(0, i - 4), i):
                kind, n = weapons.weapon_at(words, k)
                if kind and k + n == i:
                    out.append((k, i + 1, 1, "ordinal", False))
                    break
    return out


def _may_be_weapon(words: list[Word], start: int, end: int) -> bool:
    """Could the rules class this number's noun as a weapon (the exclusions then do not apply)?

    noun_class finds weapons from surface words before it reads any UPOS; weapon_before reads UPOS only
    through weapon_phrase_end, which without UPOS extends the phrase at least as far as with it.
    """
    cls, _, _ = measures.noun_class(words, end, weapons.weapon_at)
    if cls == "weapon":
        return True
    kind, _ = measures.weapon_before(words, start, end, weapons.weapon_at)
    return kind is not None


def _live_spans(words: list[Word]) -> list[tuple]:
    """Count spans the rules would not drop whatever the parse."""
    live = []
    for start, end, value, kind, approx in _count_spans(words):
        if kind != "ordinal":
            if exclusions.is_one_of(words, start):
                continue
            if exclusions.excluded_number(words, start, end, kind) and not _may_be_weapon(words, start, end):
                continue
        live.append((start, end, value, kind, approx))
    return live


def _may_trigger(words: list[Word]) -> bool:
    """Could any word start a measure trigger (a superset of measures.trigger_at, negators ignored)?"""
    firsts, stems = _trigger_cues()
    return any(w.low in firsts or any(stem in w.low for stem in stems) for w in words)


def why_not(sentence_words: Iterable[str], text: str | None = None) -> str | None:
    """None when the sentence needs the parse, else the reason it does not (for logs and tests)."""
    texts = list(sentence_words)
    if text is not None and exclusions.is_cumulative(text):
        return "cumulative"
    if not _has_number(texts):
        return "no count"
    try:
        words = surface_words(texts)
        cue = _may_trigger(words)
        if not cue and not any(w.low == "dari" for w in words):
            return "no trigger"
        live = _live_spans(words)
        if not live:
            return "no count"
        # "38 dari 46 drone": the second number is 'launched' without any trigger word
        if not cue and not any(end < len(words) and words[end].low == "dari" for _, end, *_ in live):
            return "no trigger"
    except Exception:          # the rules changed under us: parse rather than guess
        log.warning("candidate selection failed on %r; parsing it", " ".join(texts)[:80], exc_info=True)
        return None
    return None


def needs_parse(sentence_words: Iterable[str], text: str | None = None) -> bool:
    """Could the claim rules read this sentence's lemmas/UPOS? (conservative: when unsure, True)

    sentence_words: the sentence's surface tokens as in the article (one per tokenizer token, before
    multi-word expansion — what kabar.nlp.rules.words.words_of gives the rules); text: the sentence's
    text, to skip cumulative tallies as the rules do.
    """
    return why_not(sentence_words, text) is None


def boilerplate_paragraphs(text: str) -> set[int]:
    """Indices of the paragraphs the rules skip as boilerplate (claims._boilerplate_paragraphs)."""
    from kabar.nlp import claims

    find = getattr(claims, "_boilerplate_paragraphs", None)
    if find is None:
        return set()
    return set(find(ArticleParse(article_id="", text=text)))


def paragraph_of(starts: list[int], start_char: int) -> int:
    """Paragraph index of a sentence starting at start_char (as kabar.nlp.parsed.from_stanza computes it)."""
    import bisect

    return max(0, bisect.bisect_right(starts, start_char) - 1)

