"""The place of a claim: an ordered list of named resolvers, the first that answers wins.

Each resolver reads a `PlaceQuery` (the claim's sentence context, its clause, the parts of the
sentence other counts own, the article's places, the defending side) and answers (place, how) or
None. Their order is the precedence: the claim's own clause, then its sentence, then the earlier
sentences of its paragraph, then the article's main place. `how` tags where the place came from
(clause, sentence, capital, anaphor, several (its clause says so), multi, national, paragraph…,
article, none); a claim with several places or a nationwide count gets no place, only the country.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kabar.nlp import lexicon
from kabar.nlp.rules.matching import match_at, match_before, phrases
from kabar.nlp.rules.context import (ANAPHORIC_CITY, CAPITAL, CAPITALS, DEMONSTRATIVES, MULTI_REGION, REGION_WORDS,
                                     TOTAL, ArticlePlaces, Located, SentenceContext, _capital, _distinct, _first,
                                     _from_title, _located, _Mention, _narrowest, _region_anaphor, _word_at,
                                     is_occupied)

Resolved = tuple[Located, str]

# a munition count this large is a nationwide tally (an Air Force night report): it takes a place only
# from its own clause or a place named after it in its sentence, never from earlier text
NATIONAL_TALLY = 50
SINGLE_TARGET_MAX = 10    # a count this small in an article about one place is that place's
STRUCK_MEASURES = ("hit",)
REST_WORDS = lexicon.load().words("rest_of_part")
PART_MARKERS = lexicon.load().phrases("part_place_markers")
ATTACK_ANAPHOR = lexicon.load().pattern("attack_anaphor")
SEPARATE_STRIKE = lexicon.load().pattern("separate_strike")
RELATIVE_WHERE = lexicon.load().phrases("relative_where")
OTHER_EVENT = lexicon.load().pattern("other_event")
ROLLING = lexicon.load().pattern("rolling")
PASSIVE_ENDINGS = tuple(lexicon.load().words("passive_endings"))
VILLAGE_ANAPHOR = lexicon.load().pattern("village_anaphor")
VILLAGE_WORDS = frozenset(lexicon.load().raw("place_cues")["village_before"])
RELATIVE_REACH = 6      # words between the place and "di mana"
TOLL_UPDATE = lexicon.load().words("revision_verbs") | lexicon.load().words("toll_update_words")
PART_OF_WHOLE = lexicon.load().phrases("anaphora.part")


@dataclass
class PlaceQuery:
    ctxs: list[SentenceContext]
    si: int                              # the claim's sentence
    clause: tuple[int, int]              # its clause (word range)
    exclusive: list[tuple[int, int]]     # clauses of the sentence's other counts that name their own part
    art: ArticlePlaces
    munition: bool
    attacker: str | None = None
    tally: int = 0                       # the largest munition count of the sentence
    article_tally: int = 0               # … of the article
    earlier_toll: Located | None = None  # the place of the article's first placed toll of the same measure
    measure: str = ""
    whole: Located | None = None         # the place of the last munition count of the sentence before

    @property
    def struck(self) -> bool:
        """A few hits ("sedikitnya tiga rudal Storm Shadow mengenai sasaran"): they landed at a place, whoever
        reports them; never a nationwide tally."""
        return self.measure in STRUCK_MEASURES and self.tally < SINGLE_TARGET_MAX

    @property
    def nationwide(self) -> bool:
        return self.munition and self.tally >= NATIONAL_TALLY

    @property
    def ctx(self) -> SentenceContext:
        return self.ctxs[self.si]

    @property
    def defender(self) -> str | None:
        return {"RU": "UA", "UA": "RU"}.get(self.attacker) if self.attacker else None

    @property
    def fallback_country(self) -> str | None:
        return self.defender or self.art.country

    @cached_property
    def part_from(self) -> int:
        """The word where a part of the count begins ("…, sebagian besar di atas Kyiv", "terutama
        menyasar Kyiv"): places from there on say where some of it went, not where all of it did."""
        ws = self.ctx.words
        for k in range(self.clause[0] + 1, len(ws)):
            if match_at(ws, k, PART_MARKERS):
                return k
        return len(ws)

    @cached_property
    def own(self) -> list[_Mention]:
        lo, hi = self.clause
        # a place straddling the clause's start ("di kota dan | wilayah Kyiv") is the clause's too
        return [m for m in self.ctx.mentions if lo <= m.word < min(hi, self.part_from) or m.word < lo < m.end_word]

    @cached_property
    def clause_text(self) -> str:
        lo, hi = self.clause
        return " ".join(w.low for w in self.ctx.words[lo:hi])

    def in_exclusive(self, word: int) -> bool:
        return any(a <= word < b for a, b in self.exclusive)

    @cached_property
    def shared(self) -> list[_Mention]:
        """The sentence's places outside the other counts' own clauses (an apposed broader place
        inside one stands for its narrower place)."""
        lo = self.clause[0] if self.nationwide else 0
        return [m.apposed if m.apposed is not None and self.in_exclusive(m.apposed.word) else m
                for m in self.ctx.mentions if not self.in_exclusive(m.word) and lo <= m.word < self.part_from]

    def side_of(self, country: str | None) -> str | None:
        """The country of places listed for a count: the attacker's own are where it launched from ("dari
        arah Bryansk, Oryol, Millerovo"), so the count is on the defender's territory."""
        return self.defender if country is not None and country == self.attacker else country

    def main_place(self) -> Located | None:
        """The article's main place; the defender's when the main one lies on the attacker's side."""
        any_ = self.art.main_any
        if any_ is not None and self.attacker and any_.country == self.attacker and not is_occupied(any_) \
                and self.defender in self.art.main:
            return self.art.main[self.defender]
        return any_

    def focus(self) -> Located | None:
        """The city in focus for "kota itu", "di pusat kota", "pelabuhan tersebut": the nearest city
        named earlier in the paragraph, else the article's main city, else its main place (on either side:
        the thing referred back to was named before, whoever attacked it)."""
        if VILLAGE_ANAPHOR.search(self.ctx.sentence.text):
            # "ke desa itu": the village named last before, in any earlier paragraph
            for j in range(self.si - 1, -1, -1):
                ws = self.ctxs[j].words
                villages = [m for m in self.ctxs[j].mentions if m.word > 0 and ws[m.word - 1].low in VILLAGE_WORDS]
                if villages:
                    return _located(villages[-1])
        # "Wali Kota Sloviansk … mengatakan serangan roket Rusia di kota itu …": the city its mayor speaks for
        mayors = [m for m in self.ctx.mentions if m.title and m.place.precision == "city"
                  and _city_official(self.ctx.words, m.word)]
        if mayors:
            return _located(mayors[0])
        para = self.ctx.sentence.paragraph_idx
        for j in range(self.si - 1, -1, -1):
            if self.ctxs[j].sentence.paragraph_idx != para:
                break
            cities = [m for m in self.ctxs[j].mentions if not m.title and m.place.precision in ("city", "district")]
            if cities:
                return _located(cities[0])
        mp = self.art.main_any      # "kilang tersebut" refers back to the article's place, whichever side
        if mp is not None and mp.country in self.art.main_city and mp.precision != "city":
            return self.art.main_city[mp.country]
        return mp

    def titled_place(self, m: _Mention) -> Located:
        """The region in an official's title yields the city where it happened when one inside that
        region was named: later in the sentence ("… menyerang mobil di kota Lgov"), earlier in the
        paragraph, else in the lead, else the article's main city."""
        if m.place.precision != "admin_area":
            return _located(m)
        para = self.ctx.sentence.paragraph_idx
        pools = [[c for c in self.ctx.mentions if c.word > m.word and not self.in_exclusive(c.word)],
                 [c for j in range(self.si - 1, -1, -1) if self.ctxs[j].sentence.paragraph_idx == para
                  for c in self.ctxs[j].mentions],
                 [c for j in range(min(2, len(self.ctxs))) for c in self.ctxs[j].mentions]]
        for pool in pools:
            inside = [c for c in pool if not c.title and c.place.precision in ("city", "district")
                      and c.place.admin_area == m.place.name]
            if inside:
                return _located(inside[0])
        city = self.art.main_city.get(m.place.country)
        if city is not None and city.admin_area == m.place.name:
            return city
        return _from_title(m, self.main_place())

    def narrowed(self, place: Located) -> Located:
        """A city the official's title names, narrowed to a district of it the sentence names outside the
        other counts' parts ("Wali Kota Kyiv … empat orang tewas … di distrik Shevchenkivskyi")."""
        if place.precision != "city":
            return place
        inner = [m for m in self.ctx.mentions if not m.title and not self.in_exclusive(m.word)
                 and m.place.precision == "district" and m.place.admin_area == place.name]
        return _located(inner[0]) if inner else place

    def capital(self) -> Located | None:
        """"ibu kota (Ukraina)": the capital of the country it names, else of the capital the paragraph named
        last ("Kyiv kembali diserang … di atas ibu kota"), else the defender's."""
        from kabar.nlp.places import gazetteer
        code = self.ctx.capital
        if code not in CAPITALS:
            para = self.ctx.sentence.paragraph_idx
            # not the agent of a passive verb ("pesawat nirawak itu diterbangkan Kiev")
            named = [m.place.country for j in range(self.si + 1) if self.ctxs[j].sentence.paragraph_idx == para
                     for m in self.ctxs[j].mentions if m.place.precision == "city"
                     and CAPITALS.get(m.place.country) == m.place.name
                     and not _passive_agent(self.ctxs[j].words, m.word)]
            code = named[-1] if named else code
        return _capital(self.fallback_country, code, gazetteer().lookup)


CITY_OFFICIALS = phrases(*lexicon.load().with_role("officials", "not_actor"))


def _city_official(words: list, k: int) -> bool:
    """"Wali Kota Sloviansk", "Walikota Kyiv": the name at k is the city an official heads."""
    return match_before(words, k, CITY_OFFICIALS) > 0


def _passive_agent(words: list, k: int) -> bool:
    """The word before k is a passive verb ("diterbangkan", "diluncurkan"): the name at k is its agent."""
    prev = words[k - 1].low if k > 0 else ""
    return prev.startswith("di") and len(prev) > 5 and prev.endswith(PASSIVE_ENDINGS)


# ----------------------------------------------------------------------------- the clause


def multi_in_clause(q: PlaceQuery) -> Resolved | None:
    """"… di beberapa wilayah": a number spanning several regions."""
    if MULTI_REGION.search(q.clause_text):
        return Located(None, q.ctx.multi_country or q.fallback_country), "several"
    if any(m.listed for m in q.own):
        return Located(None, q.side_of(q.own[0].place.country)), "multi"
    return None


def named_in_clause(q: PlaceQuery) -> Resolved | None:
    plain = [m for m in q.own if not m.title]
    if q.nationwide and plain and plain[0].place.precision == "country":
        # "… 598 drone dan 31 rudal ke Ukraina dalam serangan semalam yang menghantam ibu kota Kyiv"
        return Located(None, plain[0].place.country), "national"
    m = _first(plain)
    return (_located(m), "clause") if m else None


def total_in_clause(q: PlaceQuery) -> Resolved | None:
    """"Secara keseluruhan 40 drone dicegat, termasuk di Oblast Kursk (12) …": a total over regions."""
    if TOTAL.search(q.clause_text):
        return Located(None, q.fallback_country), "multi"
    return None


def total_in_sentence(q: PlaceQuery) -> Resolved | None:
    """"… mengatakan bahwa secara total, mereka telah berhasil menembak jatuh 14 drone": a total said before
    the count in its sentence, naming no place of its own."""
    lo, hi = q.clause
    before = " ".join(w.low for w in q.ctx.words[:lo])
    if q.munition and TOTAL.search(before) and not any(m.word < hi for m in q.ctx.mentions if not m.title):
        return Located(None, q.fallback_country), "multi"
    return None


def anaphoric_city(q: PlaceQuery) -> Resolved | None:
    """"kota itu": the city in focus, when the sentence names no place below a country ("… serangan paling
    mematikan di wilayah Rusia") outside other counts' parts."""
    if q.ctx.anaphoric and ANAPHORIC_CITY.search(q.ctx.sentence.text) and q.focus() is not None \
            and not any(not m.title and m.place.precision != "country"
                        for m in q.ctx.mentions if not q.in_exclusive(m.word)):
        return q.focus(), "anaphor"
    return None


def titled_in_clause(q: PlaceQuery) -> Resolved | None:
    """A place in an official's title in the clause ("Gubernur X … ke wilayahnya": the region itself)."""
    # a country in an institution's name ("Kementerian Kesehatan dari Rusia") is no place
    own = [m for m in q.own if m.place.precision != "country"]
    if not own:
        return None
    lo, hi = q.clause
    titled = own[0]
    # "… dua orang tewas dan 18 terluka di wilayahnya / di wilayah Moskow": the coordinated counts share
    # the sentence's closing locative, the official's region itself
    if _region_anaphor(q.ctx.words[lo:]) or any(not m.title and m.place.place_id == titled.place.place_id
                                                  for m in q.ctx.mentions if m.word >= lo):
        return _located(titled), "clause"
    return q.narrowed(q.titled_place(titled)), "clause"


def _bare_region(words: list, lo: int, hi: int) -> bool:
    """"wilayah diserang 64 drone, dan 22 di antaranya …": a region word with no name after it (a pause
    or a passive verb follows) between words lo and hi is the region the text is about."""
    for k in range(lo, min(hi, len(words))):
        if words[k].low in REGION_WORDS and (k == 0 or not words[k - 1].text[:1].isupper()):
            nxt = words[k + 1] if k + 1 < len(words) else None
            if nxt is None or nxt.is_punct or (nxt.low.startswith("di") and len(nxt.low) > 4):
                return True
    return False


def region_anaphor_in_clause(q: PlaceQuery) -> Resolved | None:
    """"18 orang terluka di wilayah tersebut", "wilayahnya diserang 39 drone": the region named last
    before the clause (in an official's title too), in its sentence or earlier ones."""
    lo, hi = q.clause
    if not _region_anaphor(q.ctx.words[lo:hi]) and not _bare_region(q.ctx.words, 0, hi):
        return None
    for j in range(q.si, -1, -1):
        regions = [m for m in q.ctxs[j].mentions if m.place.precision == "admin_area" and (j < q.si or m.word < lo)]
        if regions:
            return _located(regions[-1]), "clause"
    return None


def capital_in_clause(q: PlaceQuery) -> Resolved | None:
    if CAPITAL.search(q.clause_text):
        cap = q.capital()
        return (cap, "capital") if cap else None
    return None


# ----------------------------------------------------------------------------- the sentence


def rolling_national(q: PlaceQuery) -> Resolved | None:
    """"Kementerian Pertahanan Rusia … menyebut 42 drone Ukraina dihancurkan dalam 24 jam terakhir, tanpa
    merinci apakah angka itu mencakup drone di atas Kazan": a national source's rolling tally is
    nationwide unless its own clause names its place."""
    if not (q.munition and q.ctx.national and q.ctx.rolling):
        return None
    # "… menembak jatuh lima rudal ATACMS dan sekitar selusin drone di atas Semenanjung Krimea dalam sehari
    # terakhir": a place the count's coordinated objects share, named before the period, is the tally's
    rm = ROLLING.search(q.ctx.sentence.text)
    until = _word_at(q.ctx.words, q.ctx.sentence.start_char + rm.start()) if rm else 0
    if any(not m.title and m.place.precision != "country" and not m.listed and q.clause[0] < m.word < until
           for m in q.shared):
        return None
    return Located(None, q.fallback_country), "national"


def relative_where(q: PlaceQuery) -> Resolved | None:
    """"… sejumlah kota di Ukraina …, termasuk di kota Dnipro di Ukraina tengah, di mana dua orang tewas":
    the place "di mana" refers back to (the nearest named before it), even in a sentence about several."""
    lo, hi = q.clause
    ws = q.ctx.words
    # the last "di mana" before the clause ends, with no place named between it and the clause (the
    # counts coordinated after it share it: "di mana dua orang tewas dan minimal 14 orang terluka")
    at = next((k for k in range(hi - 1, -1, -1) if match_at(ws, k, RELATIVE_WHERE)), None)
    if at is None or any(at < m.word < hi for m in q.ctx.mentions):
        return None
    before = [m for m in q.ctx.mentions if not m.title and not m.listed and m.place.precision != "country"
              and m.end_word <= at and at - m.end_word <= RELATIVE_REACH]
    return (_located(before[-1]), "sentence") if before else None


def breakdown(q: PlaceQuery) -> Resolved | None:
    """A total broken down by region ("…: 12 di atas Oblast Kursk, 5 di atas Oblast Oryol …")."""
    in_parts = _distinct([m for m in q.ctx.mentions if q.in_exclusive(m.word)])
    if len(in_parts) >= 2 or (not q.shared and len(_distinct(q.ctx.mentions)) >= 2):
        return Located(None, in_parts[0].place.country if in_parts else q.ctx.mentions[0].place.country), "multi"
    return None


def _within_region(q: PlaceQuery) -> Located | None:
    """"… diaktifkan di beberapa kota di wilayah tersebut", "sejumlah kota di wilayah Kursk": several
    places inside one region are that region."""
    mm = MULTI_REGION.search(q.ctx.sentence.text)
    if mm is None:
        return None
    ws = q.ctx.words
    k = _word_at(ws, q.ctx.sentence.start_char + mm.end())
    if not (k + 2 < len(ws) and ws[k].low == "di" and ws[k + 1].low in REGION_WORDS):
        return None
    named = [m for m in q.ctx.mentions if m.word == k + 1 and m.place.precision == "admin_area"]
    if named:
        return _located(named[0])
    if ws[k + 2].low not in DEMONSTRATIVES:
        return None
    for j in range(q.si, -1, -1):
        regions = [m for m in q.ctxs[j].mentions if m.place.precision == "admin_area" and (j < q.si or m.word < k)]
        if regions:
            return _located(regions[-1])
    return None


def after_other_strike(q: PlaceQuery) -> Resolved | None:
    """"Serangan di Vinnytsia terjadi … setelah roket Uragan menghantam sebuah blok apartemen di kota Chasiv Yar,
    wilayah Donetsk, … dan menewaskan sedikitnya 45 orang": a count told after "setelah" is that strike's, at
    the place named after the cue, not the sentence's first place."""
    lo = q.clause[0]
    text = q.ctx.sentence.text
    cues = [_word_at(q.ctx.words, q.ctx.sentence.start_char + m.start()) for m in OTHER_EVENT.finditer(text)]
    cues = [k for k in cues if k < lo]
    if not cues:
        return None
    after = [m for m in q.shared if not m.title and m.place.precision != "country" and cues[-1] < m.word < lo]
    return (_located(after[0]), "sentence") if after else None


def multi_in_sentence(q: PlaceQuery) -> Resolved | None:
    if q.ctx.multi and _within_region(q) is not None:
        return _within_region(q), "sentence"
    if q.ctx.multi or any(m.listed for m in q.shared):
        return Located(None, q.ctx.multi_country or (q.side_of(q.shared[0].place.country) if q.shared else None)
                       or q.fallback_country), "multi"
    return None


def named_in_sentence(q: PlaceQuery) -> Resolved | None:
    plain = [m for m in q.shared if not m.title]
    if q.nationwide and plain and plain[0].place.precision == "country":
        # "meluncurkan 598 drone dan 31 rudal ke Ukraina … menghantam ibu kota Kyiv paling keras"
        return Located(None, plain[0].place.country), "national"
    m = _first(plain)
    return (_located(m), "sentence") if m else None


def titled_in_sentence(q: PlaceQuery) -> Resolved | None:
    titled = [m for m in q.shared if m.title and m.place.precision != "country"]
    if not titled:
        return None
    if _region_anaphor(q.ctx.words):
        return _located(titled[0]), "sentence"
    return q.narrowed(q.titled_place(titled[0])), "sentence"


def capital_in_sentence(q: PlaceQuery) -> Resolved | None:
    before_part = " ".join(w.low for w in q.ctx.words[:q.part_from])
    if q.ctx.capital and CAPITAL.search(before_part):
        cap = q.capital()
        return (cap, "capital") if cap else None
    return None


def anaphor_in_sentence(q: PlaceQuery) -> Resolved | None:
    return (q.focus(), "anaphor") if q.ctx.anaphoric and q.focus() else None


def rest_of_part(q: PlaceQuery) -> Resolved | None:
    """"Lima di antaranya ditembak jatuh … di wilayah Moskow, sementara tiga lainnya ditekan …": the rest
    of a whole lies where its one placed part does."""
    lo, hi = q.clause
    if not any(w.low in REST_WORDS for w in q.ctx.words[lo:hi]):
        return None
    parts = _distinct([m for m in q.ctx.mentions if q.in_exclusive(m.word) and not m.title])
    return (_located(parts[0]), "sentence") if len(parts) == 1 else None


def whole_of_part(q: PlaceQuery) -> Resolved | None:
    """"Pasukan air defense telah menghancurkan 47 rudal jelajah, 20 di antaranya di sekitar kota Kyiv" in an
    article with a nationwide tally: only the part lies at the place named for it; the whole is national."""
    if not q.munition or q.article_tally < NATIONAL_TALLY:
        return None
    parts = [m for m in q.ctx.mentions if q.in_exclusive(m.word) and m.word > q.clause[1] and not m.title]
    return (Located(None, q.fallback_country), "national") if parts and not q.shared else None


def part_of_earlier(q: PlaceQuery) -> Resolved | None:
    """"Enam rudal jelajah ditembakkan … ke kawasan bandara Lviv. … dua di antaranya ditembak jatuh": a part
    of a whole counted in the sentence before, in a sentence naming no place of its own, lies where that
    whole does (nowhere in particular when the whole is a nationwide tally)."""
    lo, hi = q.clause
    if not q.munition or q.si == 0 or any(not m.title for m in q.ctx.mentions) \
            or not any(match_at(q.ctx.words, k, PART_OF_WHOLE) for k in range(lo, hi)):
        return None
    if q.whole is None or q.ctxs[q.si - 1].sentence.paragraph_idx != q.ctx.sentence.paragraph_idx:
        return None
    return q.whole, "part"


def single_target(q: PlaceQuery) -> Resolved | None:
    """A small munition count ("dua rudal balistik Iskander-M") in an article about one place (it names
    no other, no several regions, no nationwide tally): that place, even when a national source
    reports it."""
    if not q.munition or q.tally >= SINGLE_TARGET_MAX or q.article_tally >= NATIONAL_TALLY \
            or any(c.multi for c in q.ctxs):
        return None
    places = _distinct([m for c in q.ctxs for m in c.mentions if not m.title])
    return (_located(places[0]), "single") if len(places) == 1 else None


def referred_attack(q: PlaceQuery) -> Resolved | None:
    """"Kementerian Pertahanan Rusia menyebut 16 drone dikerahkan dalam serangan tersebut", "Angkatan Udara
    Ukraina menyebut Rusia menembakkan dua rudal balistik" in an article whose counts are all that small: a
    national source's count for the one attack the article is about (no nationwide tally in it, no several
    regions) lies at that attack's place, the article's main place."""
    if not q.munition or not q.ctx.national or q.article_tally >= NATIONAL_TALLY \
            or not (ATTACK_ANAPHOR.search(q.ctx.sentence.text) or q.article_tally < SINGLE_TARGET_MAX) \
            or any(c.multi for c in q.ctxs):
        return None
    mp = q.main_place()
    return (mp, "referred") if mp is not None and mp.precision != "country" else None


def national_source(q: PlaceQuery) -> Resolved | None:
    """A munition count from a national source (Air Force, Defence Ministry): nationwide."""
    return (Located(None, q.fallback_country), "national") if q.munition and q.ctx.national and not q.struck \
        else None


# ----------------------------------------------------------------------------- the paragraph and article


def separate_strike(q: PlaceQuery) -> Resolved | None:
    """"Selain itu, dalam serangan terpisah …, seorang wanita tewas." then "Serangan ini terjadi di wilayah
    Dnipropetrovsk": another strike than the one before, placed by the next sentence that refers back to
    it, not by the paragraph or the article."""
    if not SEPARATE_STRIKE.search(q.ctx.sentence.text) or q.si + 1 >= len(q.ctxs) \
            or any(not m.title for m in q.ctx.mentions):
        return None
    nxt = q.ctxs[q.si + 1]
    plain = [m for m in nxt.mentions if not m.title]
    if ATTACK_ANAPHOR.search(nxt.sentence.text) and plain:
        return _located(_first(plain)), "sentence"
    return None


def paragraph(q: PlaceQuery) -> Resolved | None:
    """The nearest earlier sentence of the paragraph that names a place (or says it is nationwide)."""
    para = q.ctx.sentence.paragraph_idx
    for j in range(q.si - 1, -1, -1):
        prev = q.ctxs[j]
        if prev.sentence.paragraph_idx != para:
            return None
        if prev.multi:
            return Located(None, prev.multi_country or q.fallback_country), "paragraph-multi"
        if prev.capital and not prev.mentions:
            # "Di ibu kota, … tiga orang tewas. Enam lainnya terluka.": the capital
            from kabar.nlp.places import gazetteer
            cap = _capital(q.fallback_country, prev.capital, gazetteer().lookup)
            if cap is not None:
                return cap, "paragraph"
        if prev.mentions:
            if any(m.listed for m in prev.mentions):
                return Located(None, prev.mentions[0].place.country), "paragraph-multi"
            plain = [m for m in prev.mentions if not m.title]
            region = _region_over(prev.mentions, plain)
            if region is not None:
                return region, "paragraph"
            titled = [m for m in prev.mentions if m.title and m.place.precision != "country"]
            if plain and (titled == [] or any(m.place.precision != "country" for m in plain)):
                return _located(_first(plain) if plain[0].place.precision != "country"
                                else _narrowest(plain)), "paragraph"
            # "Sementara itu di Ukraina selatan, Wali Kota Mykolaiv … mengatakan kotanya …": the official's
            # place, not the country
            return q.titled_place((titled or prev.mentions)[0]), "paragraph"
        if prev.anaphoric and q.focus():
            return q.focus(), "paragraph-anaphor"
        if q.munition and prev.national:
            return Located(None, q.fallback_country), "national"
    return None


def _region_over(mentions: list[_Mention], plain: list[_Mention]) -> Located | None:
    """"Gubernur wilayah Moskow … dua korban tewas berada di Domodedovo dan satu lainnya di Vidnoye": a sentence
    spreading its counts over several towns of the region its official governs is about that region (for
    the counts after it)."""
    towns = _distinct([m for m in plain if m.place.precision == "city"])
    titled = [m for m in mentions if m.title and m.place.precision == "admin_area"]
    if len(towns) < 2 or not titled or any(t.place.admin_area != titled[0].place.name for t in towns):
        return None
    return _located(titled[0])


def revised_toll(q: PlaceQuery) -> Resolved | None:
    """"Hingga Selasa pagi jumlah korban tewas naik menjadi sembilan orang, sementara 82 orang terluka", "Pada
    Minggu, otoritas masih melaporkan 30 orang tewas" with no place in its paragraph (or only several
    regions): the toll it revises is the article's first placed toll of the same measure (else the article's
    main place), the same strike's place (not a city a later or an earlier paragraph names in passing)."""
    lo, hi = q.clause
    toll = q.earlier_toll or (q.main_place() if not q.munition else None)
    if toll is None or not any(w.low in TOLL_UPDATE for w in q.ctx.words[:hi]):
        return None
    # a place the paragraph names is the count's; a paragraph about several regions or nationwide is not
    in_para = paragraph(q)
    if in_para is not None and in_para[0].name is not None:
        return in_para
    return toll, "revised"


def national_tally(q: PlaceQuery) -> Resolved | None:
    """A nationwide tally ("Rusia meluncurkan 539 drone") whose sentence names no place for it: the
    country, not a city the paragraph or the article names."""
    return (Located(None, q.fallback_country), "national") if q.nationwide else None


def national_paragraph(q: PlaceQuery) -> Resolved | None:
    para = q.ctx.sentence.paragraph_idx
    if q.munition and not q.struck and (q.ctx.national or any(c.national for c in q.ctxs[:q.si]
                                                                if c.sentence.paragraph_idx == para)):
        return Located(None, q.fallback_country), "national"
    return None


def national_before_main(q: PlaceQuery) -> Resolved | None:
    """A count in a paragraph naming no place, before the article first names its main place, is the
    nationwide toll ("Serangan massal Rusia menewaskan tujuh orang …" before "… ibu kota, Kyiv"): it
    does not take a city from a later paragraph. After a paragraph naming its one place ("Dua gedung di
    Moskow rusak …" then "Menurut kementerian, dua drone …") the story is still there (previous_paragraph)."""
    mp = q.main_place()
    if mp and q.art.first_para.get(mp.place_id, -1) > q.ctx.sentence.paragraph_idx \
            and previous_paragraph(q) is None:
        return Located(None, q.fallback_country), "national"
    return None


def referred_strike(q: PlaceQuery) -> Resolved | None:
    """"Dua orang tewas dalam serangan itu" opening a paragraph that names no place: the strike told just
    before, at the place of the nearest earlier sentence naming one below a country (an official's too)."""
    if not ATTACK_ANAPHOR.search(q.ctx.sentence.text) or any(not m.title for m in q.ctx.mentions):
        return None
    for j in range(q.si - 1, -1, -1):
        prev = q.ctxs[j]
        if prev.multi or any(m.listed for m in prev.mentions):
            return None
        plain = [m for m in prev.mentions if not m.title and m.place.precision != "country"]
        if plain:
            return _located(plain[0]), "anaphor"
        titled = [m for m in prev.mentions if m.title and m.place.precision != "country"]
        if titled:
            return q.titled_place(titled[0]), "anaphor"
    return None


def previous_paragraph(q: PlaceQuery) -> Resolved | None:
    """The place the previous paragraph ends on, when that paragraph names one place (the story moves
    on paragraph by paragraph: "Di Taganrog, … Gubernur Rostov …" then "Golubev menambahkan, sebuah
    drone menabrak hanggar")."""
    para = q.ctx.sentence.paragraph_idx
    prev = [c for c in q.ctxs[:q.si] if c.sentence.paragraph_idx == para - 1]
    if not prev or any(c.multi for c in prev):
        return None
    plain = _distinct([m for c in prev for m in c.mentions if not m.title])
    if len(plain) != 1 or any(m.listed for c in prev for m in c.mentions):
        return None
    place = plain[0].place
    if place.precision == "district" or (q.fallback_country and place.country != q.fallback_country
                                         and not is_occupied(_located(plain[0]))):
        return None         # a district only places its own counts; the attacker's side is no target
    return _located(plain[0]), "previous-paragraph"


def article_main(q: PlaceQuery) -> Resolved | None:
    """The article's main place; when that is a region, the city inside it named last in the paragraph
    or the one before ("… di kota Rylsk, wilayah Kursk …" then "dua penumpang lainnya terluka": Rylsk)."""
    mp = q.main_place()
    if mp is None:
        return None
    if mp.precision == "admin_area":
        para = q.ctx.sentence.paragraph_idx
        for j in range(q.si - 1, -1, -1):
            if q.ctxs[j].sentence.paragraph_idx < para - 1:
                break
            inside = [m for m in q.ctxs[j].mentions if not m.title and m.place.precision == "city"
                      and m.place.admin_area == mp.name]
            if inside:
                return _located(inside[-1]), "article"
    return mp, "article"


def nowhere(q: PlaceQuery) -> Resolved:
    return Located(None, q.defender), "none"


PLACE_RESOLVERS = (
    multi_in_clause, named_in_clause, total_in_clause, anaphoric_city, titled_in_clause, region_anaphor_in_clause,
    capital_in_clause,
    rolling_national, relative_where, total_in_sentence, breakdown, after_other_strike, multi_in_sentence, named_in_sentence, titled_in_sentence, capital_in_sentence,
    anaphor_in_sentence, rest_of_part, whole_of_part, part_of_earlier, single_target, referred_attack, national_source, national_tally, separate_strike, revised_toll, paragraph, national_paragraph, national_before_main, referred_strike, previous_paragraph,
    article_main,
    nowhere,
)


def locate(query: PlaceQuery) -> Resolved:
    """(place, how): the first resolver's answer."""
    for resolver in PLACE_RESOLVERS:
        found = resolver(query)
        if found is not None:
            return found
    raise AssertionError("nowhere() always answers")
