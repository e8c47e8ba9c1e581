"""Parse on demand: give the tagger and lemmatizer only the sentences whose parse can change a claim.

The rules run first on tokenizer-only sentences. They read a word's UPOS or lemma only by asking the
word (`Word.pos`, `pos_in`, `lemma_value`), and an unparsed word notes each question with the answer
it gave (kabar.nlp.rules.probe). The sentences asked about — less those the rules cannot take a claim
from whatever the parse (`could_claim`) — get the parse, all of a batch's in one call; the questions
are asked again of the parsed words; an article whose answers all stayed the same keeps its claims
(every parse-dependent decision already had the parse's answer), the others run the rules again,
which may ask about further sentences, until no answer changes.

`could_claim` reads the rules' own functions, so it cannot drift from them: a sentence in a
boilerplate paragraph or a cumulative tally is skipped by the rules; one without a count span
(kabar.nlp.rules.mentions.count_spans) has nothing to claim; one whose every span is dropped before
any parse-dependent decision (one of a group, a unit or year after a non-weapon) neither; and one
without a word that could start a trigger of the measure registry (a phrase's first word, or a word
containing a lemma stem less its first letter: "menewaskan" <- tewas) and without an "X dari Y" pair
gets no measure, parsed or not. The one assumption not read off the rules: the lemmatizer gives a
registry lemma only to a word that contains its stem (less the first letter); tests/test_ondemand.py
checks it on the seeds, dev and held-out sets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kabar.nlp.parsed import ArticleParse
from kabar.nlp.claims import boilerplate_paragraphs
from kabar.nlp.rules import exclusions, measures, probe, weapons
from kabar.nlp.rules.mentions import PAIR_OF, count_spans
from kabar.nlp.rules.words import Word, words_of


def _may_be_weapon(words: list[Word], start: int, end: int) -> bool:
    """Could the rules class this number's noun as a weapon (then no unit exclusion applies)? The
    noun-class stage finds weapons from surface words; weapon_before reads a UPOS only to stop a weapon
    phrase, which without it extends at least as far."""
    cls, _, _ = measures.noun_class(words, end, weapons.weapon_at)
    return cls == "weapon" or measures.weapon_before(words, start, end, weapons.weapon_at)[0] is not None


def _may_trigger(words: list[Word]) -> bool:
    """Could any word start a measure trigger (negators ignored)?"""
    reg = measures.registry()
    firsts = reg.trigger_firsts | {p[0] for p in measures.CASUALTY_NOUNS}
    return any(w.low in firsts or any(stem in w.low for stem in reg.lemma_stems) for w in words)


def why_not(words: list[Word], text: str) -> str | None:
    """None when the rules could take a claim from this sentence depending on its parse, else why not."""
    if exclusions.is_cumulative(text):
        return "cumulative"
    spans = [sp for sp in count_spans(words)
             if sp[3] == "ordinal" or not (exclusions.is_one_of(words, sp[0]) or (
                 exclusions.excluded_number(words, sp[0], sp[1], sp[3]) and not _may_be_weapon(words, sp[0], sp[1])))]
    if not spans:
        return "no count"
    if not _may_trigger(words) and not any(end < len(words) and words[end].low in PAIR_OF for _, end, *_ in spans):
        return "no trigger"
    return None


def could_claim(parse: ArticleParse, j: int, boiler: set[int]) -> bool:
    """Could the rules take a claim from sentence j of the article depending on its parse?"""
    sentence = parse.sentences[j]
    if sentence.paragraph_idx in boiler:
        return False
    return why_not(words_of(sentence, parse.text), sentence.text) is None


@dataclass
class OnDemand:
    """One batch through the rules with parse on demand.

    to_parse(article index) rebuilds an article's ArticleParse from its (now partly annotated)
    tokenized document; annotate(pairs) gives the parse to sentences (article index, sentence index)
    in one call; rules(parse) are the claim rules."""

    parses: list[ArticleParse]
    to_parse: Callable[[int], ArticleParse]
    annotate: Callable[[list[tuple[int, int]]], None]
    rules: Callable[[ArticleParse], list]
    parsed_sentences: int = 0
    claims: list = field(default_factory=list)

    def run(self) -> list:
        """The claims of every article; self.parses end up with the parsed sentences."""
        n = len(self.parses)
        self.claims = [None] * n
        reads: list[list] = [[] for _ in range(n)]
        done: list[set[int]] = [set() for _ in range(n)]       # parsed, or ruled out
        boiler: dict[int, set[int]] = {}
        todo = list(range(n))
        while todo:
            for a in todo:
                with probe.recording() as asked:
                    self.claims[a] = self.rules(self.parses[a])
                reads[a] = asked
            wanted = []
            for a in todo:
                for j in sorted({r.sentence for r in reads[a]} - done[a]):
                    done[a].add(j)
                    if a not in boiler:
                        boiler[a] = boilerplate_paragraphs(self.parses[a].text)
                    if could_claim(self.parses[a], j, boiler[a]):
                        wanted.append((a, j))
            if not wanted:
                break
            todo = self._parse(wanted, reads)
        return self.claims

    def _parse(self, wanted: list[tuple[int, int]], reads: list[list]) -> list[int]:
        """Parse the wanted sentences; the articles whose parse changed an answer the rules got."""
        self.annotate(wanted)
        self.parsed_sentences += len(wanted)
        fresh: dict[int, set[int]] = {}
        for a, j in wanted:
            fresh.setdefault(a, set()).add(j)
        changed = []
        for a, js in sorted(fresh.items()):
            self.parses[a] = self.to_parse(a)
            if answers_changed(self.parses[a], reads[a], js):
                changed.append(a)
        return changed


def answers_changed(parse: ArticleParse, reads: list, sentences: set[int]) -> bool:
    """Does a parse question the rules asked about these (now parsed) sentences get another answer?"""
    words = {j: words_of(parse.sentences[j], parse.text) for j in sentences}
    return any(r.ask(words[r.sentence][r.word]) != r.answer for r in reads if r.sentence in words)
