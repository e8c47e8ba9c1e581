"""extract_claims: the rules that turn a parsed article into numeric claims.

Per article, once: the surface words of every sentence, the places and dates each names
(kabar.nlp.rules.context, .dating), the article's main places and lead date, and the side cues of
every sentence (kabar.nlp.rules.attackers). Per sentence outside boilerplate paragraphs and
cumulative tallies: its counted mentions through the stages of kabar.nlp.rules.mentions (noun class →
measure → qualifier → weapon → flags). Per mention: the attacker, decided once after the place the
claim's own context gives (kabar.nlp.rules.placing); the place for that attacker; the date
(kabar.nlp.rules.dating); who said it. Then sub-counts and repeats fold away (kabar.nlp.rules.dedup).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from kabar.nlp import lexicon
from kabar.nlp.claim import CASUALTY_MEASURES, Claim
from kabar.nlp.dates import caption_lines, text_date, year_reference
from kabar.nlp.numbers import ordinal_value
from kabar.nlp.parsed import ArticleParse, Sentence, paragraph_starts
from kabar.nlp.rules import attackers, context, dating, dedup, exclusions, placing, reporters, weapons
from kabar.nlp.rules.mentions import Mention, count_spans, sentence_mentions
from kabar.nlp.rules.words import Word, words_of

# What the rules read of a sentence's parse: UPOS and lemmas (kabar.nlp.rules.measures), never the
# dependency tree — so the extractor's fast path skips the parser (kabar.nlp.extract.parse_processors)
PARSE_PROCESSORS = "pos,lemma"
# ... and only by asking a Word (Word.pos / pos_in / lemma_value), so the fast path may run them on
# tokenizer-only sentences first and parse just the sentences they ask about (kabar.nlp.rules.probe)
PARSE_ON_DEMAND = True
REVISION = lexicon.load().words("revision_verbs")
LIST_BULLETS = lexicon.load().words("list_bullets")
WAR_SIDES = ("RU", "UA")
DISPUTED = lexicon.load().pattern("disputed_cause")
# "Serangan itu …" opening a sentence: the strike told just before
ATTACK_ANAPHOR = lexicon.load().pattern("attack_anaphor")
# the places a claim's attacker may be read from: named where the claim is, in the paragraph just before it
# or at the toll it revises, not inherited from the article (whose side may be another strike's)
OWN_PLACE = ("clause", "sentence", "capital", "paragraph", "previous-paragraph", "revised")

__all__ = ["extract_claims", "boilerplate_paragraphs", "count_spans", "PARSE_PROCESSORS", "PARSE_ON_DEMAND"]


def boilerplate_paragraphs(text: str) -> set[int]:
    """Indices of the paragraphs of `text` that are scraped boilerplate (their numbers are no claims); a
    link header alone on its line ("VIDEO TERKAIT:", "Baca juga:") makes the headline under it one too."""
    out = set()
    header = False
    for idx, start in enumerate(paragraph_starts(text)):
        end = text.find("\n", start)
        line = text[start:end if end >= 0 else len(text)]
        if header or exclusions.is_boilerplate(line):
            out.add(idx)
        header = not header and exclusions.is_boilerplate(line) and line.rstrip().endswith(":")
    return out


def _other(side: str) -> str:
    return "UA" if side == "RU" else "RU"


@dataclass
class ArticleView:
    """What the rules read of a whole article, computed once."""

    article: ArticleParse

    @cached_property
    def sents(self) -> list[Sentence]:
        return list(self.article.sentences)

    @cached_property
    def words(self) -> list[list[Word]]:
        return [words_of(s, self.article.text) for s in self.sents]

    @cached_property
    def boiler(self) -> set[int]:
        return boilerplate_paragraphs(self.article.text)

    @cached_property
    def published(self) -> date | None:
        """The publication date: the source's local date as ingest stored it, else one the text states."""
        return self.article.published_date or text_date(self.article.text)

    @cached_property
    def ctxs(self) -> list[context.SentenceContext]:
        return [context.sentence_context(self.article, s, w) for s, w in zip(self.sents, self.words)]

    @cached_property
    def lead_date(self) -> tuple | None:
        return dating.attach_dates(self.article, self.ctxs, self.published or year_reference(self.article.text))

    @cached_property
    def places(self) -> context.ArticlePlaces:
        # a photo caption may show another day's strike elsewhere ("Petugas … di Zaporizhzhia, Jumat (10/2/2023)")
        captions = caption_lines(self.article.text)
        return context.article_places([c for c, s in zip(self.ctxs, self.sents)
                                       if s.paragraph_idx not in self.boiler and s.paragraph_idx not in captions])

    @cached_property
    def cues(self) -> list[list[attackers.SideCue]]:
        return [attackers.side_cues(w) for w in self.words]

    @cached_property
    def article_side(self) -> str | None:
        """The attacker of the article's main event: the lead's cues (the first two sentences that have
        any), else the whole article's."""
        with_cues = [cs for s, cs in zip(self.sents, self.cues)
                     if any(not c.model for c in cs) and s.paragraph_idx not in self.boiler]
        # the lead names no side but its weapon's maker ("Sebuah rudal balistik Iskander menghantam …"): that side
        first = next((cs for s, cs in zip(self.sents, self.cues) if cs and s.paragraph_idx not in self.boiler), [])
        if first and all(c.model for c in first) and len({c.side for c in first}) == 1:
            return first[0].side
        lead = attackers.dominant_side([c for cs in with_cues[:2] for c in cs])
        return lead or attackers.dominant_side([c for cs in with_cues for c in cs])

    @cached_property
    def disputed(self) -> bool:
        """The article leaves the attacker open ("Kedua pihak saling tuding", "menegaskan tidak ada serangan")."""
        return any(DISPUTED.search(s.text) for s in self.sents if s.paragraph_idx not in self.boiler)

    def paragraph_side(self, si: int) -> str | None:
        """The side the nearest earlier sentence of the same paragraph names; a paragraph opening on the
        strike told before ("Serangan itu menewaskan sedikitnya empat orang") reads on into the one before."""
        para = self.sents[si].paragraph_idx
        opening = ATTACK_ANAPHOR.match(self.sents[si].text)
        for j in range(si - 1, -1, -1):
            if self.sents[j].paragraph_idx != para and not (opening and self.sents[j].paragraph_idx == para - 1):
                return None
            side = attackers.dominant_side(self.cues[j])
            if side:
                return side
        return None

    def weapon_context(self, si: int, before: int) -> str | None:
        """The last weapon named before word `before` of sentence si, else in the sentences before it
        in its paragraph and the one before that (and on back over a list's items)."""
        w = weapons.last_weapon(self.words[si], before)
        if w is not None:
            return w
        para = self.sents[si].paragraph_idx
        for j in range(si - 1, -1, -1):
            if self.sents[j].paragraph_idx not in (para, para - 1):
                break
            if self.words[j] and self.words[j][0].low in LIST_BULLETS:
                para = self.sents[j].paragraph_idx      # "– 2 buah di atas wilayah region Bryansk"
            w = weapons.last_weapon(self.words[j], len(self.words[j]))
            if w is not None:
                return w
        return None


def decide_side(view: ArticleView, si: int, m: Mention, candidate: placing.Resolved,
                parent: str | None = None) -> str | None:
    """The attacker: a cue in the sentence; else the opponent of the side whose territory the claim's own
    place lies in; else the paragraph's and the article's cues; else the opponent of the inherited
    place's side (occupied territory is struck by Ukraine)."""
    cues = view.cues[si]
    if m.cls == "weapon" and attackers.unattributed(view.words[si], m.noun_end):
        return None         # "sebuah drone tak dikenal"
    if view.disputed and not any(c.strong and not c.model for c in cues) and not view.paragraph_side(si):
        return None         # the sides blame each other and this paragraph names no attacker
    if m.measure in CASUALTY_MEASURES and m.cls == "person":
        victims = attackers.victim_side(view.words[si], m.noun_end)
        if victims:
            return _other(victims)      # "tiga tentara Rusia tewas": struck by the other side
        claimant = attackers.claimed_kills_side(view.words[si], m.start, m.noun_end,
                                                m.trigger.start if m.trigger else None)
        if claimant:
            return claimant
    side = attackers.nearest_side(cues, m.start, strong_only=True) or attackers.nearest_side(cues, m.start)
    if side:
        return side
    if parent and "di antaranya" in m.flags:
        return parent       # "Rusia meluncurkan 55 rudal … Sebanyak 45 di antaranya ditembak jatuh": the total's side
    located, how = candidate
    if how in OWN_PLACE and located.country in WAR_SIDES and not context.is_occupied(located) \
            and located.precision != "country":
        return _other(located.country)
    side = view.paragraph_side(si) or view.article_side
    if side:
        return side
    if located.country in WAR_SIDES:
        return "UA" if context.is_occupied(located) else _other(located.country)
    return None


def _evidence(words: list[Word], text: str, lo: int, hi: int) -> str:
    lo, hi = max(0, lo), min(len(words), max(hi, lo + 1))
    if hi - lo > 14:
        hi = lo + 14
    return text[words[lo].start:words[hi - 1].end]


def _as_written(words: list[Word], text: str, m: Mention) -> str:
    """The number as the article writes it (for "drone ketujuh", the ordinal)."""
    first = m.end - 1 if m.kind == "ordinal" else m.start
    return text[words[first].start:words[m.end - 1].end]


def _date(view: ArticleView, si: int, m: Mention) -> tuple[date | None, str]:
    ws = view.words[si]
    event_date, basis = dating.choose_date(dating.DateQuery(view.ctxs, si, m.start, m.clause, view.lead_date,
                                                            view.published, m.measure in CASUALTY_MEASURES))
    lead = view.lead_date
    if event_date and lead and event_date > lead[0] and any(w.low in REVISION for w in ws[m.lo:m.start]):
        # "Sabtu siang, korban meninggal bertambah hingga tujuh": a revised toll keeps the date of the
        # strike it revises, not the day it was revised
        return lead[0], lead[1]
    return event_date, basis


@dataclass
class Before:
    """What the claims before a mention tell it. `tally` / `article_tally`: the largest munition count of
    the sentence / the article (a nationwide tally places its neighbours); `tolls`: measure → the place of
    the article's first placed toll of that measure (a revised toll is about the same strike); `whole`: the
    place of the previous sentence's last munition count (a part of it, "dua di antaranya", lies there);
    `parent`: the side of the claim before it in its paragraph (the total a "di antaranya" count is part of)."""

    tally: int = 0
    article_tally: int = 0
    tolls: dict = dataclasses.field(default_factory=dict)
    whole: context.Located | None = None
    parent: str | None = None


def mention_claims(view: ArticleView, si: int, m: Mention, exclusive: list[tuple[int, int]],
                   before: Before | None = None) -> list[dedup.Candidate]:
    """The claim (one per place for "masing-masing") of one mention: side, place, date, reporter."""
    from kabar.nlp.rules.measures import registry

    s, ws, text = view.sents[si], view.words[si], view.article.text
    munition = registry().is_munition(m.measure)
    before = before or Before()
    query = placing.PlaceQuery(view.ctxs, si, m.clause, [r for r in exclusive if r != m.clause], view.places, munition,
                               tally=max(before.tally, int(m.value) if munition else 0),
                               article_tally=before.article_tally,
                               earlier_toll=None if munition else before.tolls.get(m.measure), measure=m.measure,
                               whole=before.whole)
    query.attacker = attackers.nearest_side(view.cues[si], m.start, strong_only=True) \
        or attackers.nearest_side(view.cues[si], m.start)
    candidate = placing.locate(query)
    attacker = decide_side(view, si, m, candidate, before.parent)
    located, how = candidate
    if attacker != query.attacker:
        located, how = placing.locate(dataclasses.replace(query, attacker=attacker))
    if located.country is None and attacker and located.precision != "sea":
        # a sea lies in no country; districts come from the gazetteer without a country: the defending side's
        located = dataclasses.replace(located, country=_other(attacker))
    event_date, basis = _date(view, si, m)
    trig = m.trigger
    ev_lo = min([m.start, m.q_start] + ([trig.start] if trig else []))
    ev_hi = max([m.noun_end, m.end] + ([trig.start + trig.length] if trig else []))
    # "Di Sumy dan Poltava, masing-masing tiga orang terluka": one claim per place
    each = context.each_places(view.ctxs[si], min(m.start, m.q_start), m.clause) or [(located, how)]
    out = []
    for n_place, (place, place_how) in enumerate(each):
        claim = Claim(
            article_id=view.article.article_id, sentence_idx=s.idx, measure=m.measure, value=int(m.value),
            qualifier=m.qualifier, weapon=m.weapon, attacker=attacker,
            place_text=place.place_text, place_id=place.place_id, place_name=place.name,
            place_precision=place.precision, admin_area=place.admin_area, country=place.country,
            latitude=place.latitude, longitude=place.longitude,
            event_date=event_date, date_basis=basis, reporter=reporters.reporter_of(ws, m.start),
            evidence=s.text, evidence_span=_evidence(ws, text, ev_lo, ev_hi),
            token_ids=[tid for w in ws[m.start:m.end] for tid in w.ids], value_text=_as_written(ws, text, m),
        )
        out.append(dedup.Candidate(
            claim, order=s.idx * 10_000 + m.start * 10 + n_place, casualty=not munition,
            subcount=bool(set(m.flags) - {"part"}), own_place=place_how in ("clause", "capital") and place.name is not None,
            sentence_place=place_how in ("clause", "sentence", "capital") and place.name is not None,
            single_person=m.single, flags=m.flags, paragraph=s.paragraph_idx, several=place_how == "several"))
    return out


def _ordinals_that_follow(view: ArticleView, founds: dict[int, list[Mention]]) -> dict[int, list[Mention]]:
    """"Enam drone menabrak …; drone ketujuh menabrak …", "sebuah drone menabrak …; drone kedua …": the
    Nth weapon is a claim of one when N-1 of that weapon were counted before it. "Dua rudal menggempur …
    Rudal kedua menghantam" tells of one of the two already counted, no new one."""
    seen: list[tuple[str | None, int]] = []
    out = {}
    for si, found in founds.items():
        kept = []
        for m in found:
            if m.kind == "ordinal":
                nth = ordinal_value(view.words[si][m.end - 1].text)
                if (m.weapon, nth - 1) not in seen:
                    continue
            kept.append(m)
            seen.append((m.weapon, int(m.value)))
        out[si] = kept
    return out


def _sentence_mentions(view: ArticleView) -> dict[int, list[Mention]]:
    """The mentions of every sentence that may carry claims; a sentence hands its last count's measure to
    the next one (a verbless breakdown: "Termasuk dua rudal jelajah Kalibr, tujuh drone …")."""
    founds: dict[int, list[Mention]] = {}
    carried = None
    for si, s in enumerate(view.sents):
        if s.paragraph_idx in view.boiler or exclusions.is_cumulative(s.text):
            carried = None
            continue
        found = sentence_mentions(view.words[si], exclusions.is_aid(s.text),
                                  lambda before, si=si: view.weapon_context(si, before), carried)
        founds[si] = found
        carried = found[-1].measure if found else _last_munition_verb(view.words[si])
    return founds


def _last_munition_verb(words: list[Word]) -> str | None:
    """"Musuh menyerang Ukraina dengan pesawat tak berawak dan rudal. Secara detail: 145 pesawat tak berawak
    …": a sentence with no count hands on the measure of its last munition verb."""
    from kabar.nlp.rules.measures import registry, triggers_in
    found = [t.measure for t in triggers_in(words, 0, len(words)) if registry().is_munition(t.measure)]
    return found[-1] if found else None


def extract_claims(article: ArticleParse) -> list[Claim]:
    """The claims of one article."""
    from kabar.nlp.rules.measures import registry

    view = ArticleView(article)
    if not view.sents:
        return []
    candidates: list[dedup.Candidate] = []
    founds = _sentence_mentions(view)
    tallies = {si: max((int(m.value) for m in found if registry().is_munition(m.measure)), default=0)
               for si, found in founds.items()}
    article_tally = max(tallies.values(), default=0)
    founds = _ordinals_that_follow(view, founds)
    tolls: dict[str, context.Located] = {}
    wholes: dict[int, context.Located] = {}     # sentence → the place of its last munition count
    last: dedup.Candidate | None = None       # the claim before: the total a "di antaranya" count is part of
    for si, found in founds.items():
        exclusive = [m.clause for m in found if {"di antaranya", "part"} & set(m.flags)]
        for m in found:
            parent = last.claim.attacker if last is not None and last.paragraph == view.sents[si].paragraph_idx else None
            before = Before(tallies[si], article_tally, tolls, wholes.get(si - 1), parent)
            out = mention_claims(view, si, m, exclusive, before)
            last = out[-1] if out else last
            for c in out:
                if c.casualty and c.claim.place_name and c.claim.measure not in tolls:
                    tolls[c.claim.measure] = _located_of(c.claim)
                if not c.casualty:
                    wholes[si] = _located_of(c.claim)
            candidates += out
    return dedup.resolve(candidates)


def _located_of(claim: Claim) -> context.Located:
    return context.Located(claim.place_name, claim.country, claim.place_text, claim.place_id, claim.place_precision,
                           claim.admin_area, claim.latitude, claim.longitude)
