"""What each sentence says about places, and the article's main places.

A sentence's place mentions (GeoNames and the curated tables through kabar.nlp.places), marked as an
official's title, a list, an apposition, a hospital's city; whether it spans several regions ("beberapa
wilayah", "seluruh Ukraina"), refers back to a city ("kota itu"), names the capital or a national source.
Only places in Ukraine and Russia count (press conferences in The Hague are not strike locations);
a country counts as a place only after a locative word ("di Ukraina", "ke seluruh Rusia"). The article's
main place is the most often named city or region (the lead counts double, officials' titles little).
kabar.nlp.rules.placing chooses a claim's place from these; kabar.nlp.rules.dating fills the dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field


from kabar.nlp import lexicon
from kabar.nlp.parsed import ArticleParse, Sentence
from kabar.nlp.rules.words import Word

_LEX = lexicon.load()
WAR_COUNTRIES = ("UA", "RU")
UNSIDED = ("village:", "district:", "sea:")
PRECISION_RANK = {"district": 0, "city": 1, "admin_area": 2, "sea": 2, "country": 3}
LOCATIVE = _LEX.words("locatives")
LOCATIVE_ONLY = _LEX.raw("locative_only")
MULTI_REGION = _LEX.pattern("multi_region")
ANAPHORIC_CITY = _LEX.pattern("anaphoric_city")
TOTAL = _LEX.pattern("total_over_places")
CAPITAL = _LEX.pattern("capital")
CAPITALS = {"UA": "Kyiv", "RU": "Moscow"}
NATIONAL = _LEX.pattern("national_source")
COUNTRY_WORDS = _LEX.mapping("countries")


@dataclass(frozen=True)
class Located:
    name: str | None
    country: str | None
    place_text: str | None = None
    place_id: str | None = None
    precision: str | None = None
    admin_area: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class _Mention:
    word: int            # word index in the sentence
    text: str
    place: object        # kabar.nlp.places.Place
    end_word: int = 0    # word index after the mention
    title: bool = False  # part of an official's title ("Gubernur wilayah Poltava", "Wali Kota Kyiv")
    listed: bool = False # one of a coordinated list of places ("Bryansk, Oryol, dan Moskow")
    apposed: object = None  # "desa X, distrik Y": Y's mention points back to X's


@dataclass
class SentenceContext:
    sentence: Sentence
    words: list[Word]
    mentions: list[_Mention] = field(default_factory=list)
    multi: bool = False
    multi_country: str | None = None
    anaphoric: bool = False
    capital: str | None = None        # 'UA'/'RU'/'?' when "ibu kota" appears
    national: bool = False
    dates: list = field(default_factory=list)   # Dated
    vague_time: bool = False
    rolling: bool = False      # "dalam 24 jam terakhir": a rolling tally, no event date
    shift: int | None = None   # "Sehari sebelumnya": days from the date stated before it
    weak: list = field(default_factory=list)    # hospital cities: weak article-level cues only


MEDIA_WORDS = _LEX.words("media_words")


def _in_media_name(words: list[Word], wi: int, end_offset: int) -> bool:
    """"The Kyiv Independent", "Kyiv Post", "The Moscow Times" name outlets, not places."""
    if wi > 0 and words[wi - 1].text == "The":
        return True
    nxt = next((w for w in words if w.start >= end_offset), None)
    return nxt is not None and nxt.low in MEDIA_WORDS and nxt.text[:1].isupper()


TITLES = _LEX.with_role("officials", "region") | _LEX.words("institutions")
LIST_GLUE = _LEX.words("list_glue")
LIST_JOINS = _LEX.words("list_joins")


# a name inside a named thing is not a place: "kapal patroli Sergei Kotov", "Taman Shevchenko",
# "Universitas Kharkiv", "Stadion Donbas Arena"
NAMED_HEADS = _LEX.words("named_heads")
NAMED_GLUE = _LEX.words("named_glue")
NAMED_HEAD_UNLESS = _LEX.words("named_head_unless_after")
# facilities named after a city but often sited elsewhere: weak cues ("PLTN Zaporizhzhia" is in Enerhodar)
FACILITY_HEADS = _LEX.words("facility_heads")
FACILITY_GLUE = _LEX.words("facility_glue")
HOSPITAL_WORDS = _LEX.words("hospital_words")
HOSPITAL_TAKEN_AFTER = _LEX.words("hospital_taken_after")
HOSPITAL_NAME_WORDS = _LEX.words("hospital_name_words")


def _in_named_thing(words: list[Word], wi: int) -> bool:
    """Is the place name at word wi part of a named ship, park, university, street …?"""
    k = wi - 1
    while k >= 0 and (words[k].low in NAMED_GLUE or (words[k].text[:1].isupper() and wi - k <= 2
                                                        and words[k].low not in NAMED_HEADS
                                                        and words[k].low not in TITLES
                                                        and words[k].low not in LOCATIVE
                                                        and words[k].low not in FACILITY_HEADS)):
        k -= 1
    if k < 0 or wi - k > 4:
        return False
    return words[k].low in NAMED_HEADS and not (k > 0 and words[k - 1].low in NAMED_HEAD_UNLESS)


def _weak_facility(words: list[Word], wi: int) -> bool:
    """"PLTN Zaporizhzhia", "pembangkit listrik Zaporizhzhia", "dirawat di rumah sakit di kota Dnipro":
    the place names a facility or where the wounded were taken, not necessarily where the strike was."""
    k = wi - 1
    while k >= 0 and words[k].low in FACILITY_GLUE:
        k -= 1
    if k >= 0 and (words[k].low in FACILITY_HEADS or (k < wi - 1 and words[k + 1].low in FACILITY_HEADS)):
        return True
    return False


def _hospital(words: list[Word], wi: int) -> bool:
    """"dibawa ke rumah sakit di Belgorod": where the wounded were taken, not where they were hurt (a
    hospital struck, "menghantam bangsal bersalin rumah sakit di kota Vilniansk", is where it happened)."""
    at = [k for k in range(max(0, wi - 5), wi) if words[k].low in HOSPITAL_WORDS]
    if not at:
        return False
    k = at[-1]
    while k > 0 and words[k - 1].low in HOSPITAL_NAME_WORDS:
        k -= 1
    return k == 0 or words[k - 1].low in HOSPITAL_TAKEN_AFTER or not words[k - 1].text[:1].isalpha()


ORIGIN_GLUE = _LEX.words("origin_glue")
ORIGIN_MARKERS = _LEX.words("origin_markers")


def _origin(words: list[Word], wi: int) -> bool:
    """"meluncurkan empat rudal dari wilayah Belgorod ke Kharkiv": a launch's origin, not its target
    (read from the word forms only)."""
    from kabar.nlp.rules.matching import match_at
    from kabar.nlp.rules.measures import registry

    k = wi - 1
    while k >= 0 and words[k].low in ORIGIN_GLUE and wi - k <= 3:
        k -= 1
    if k < 0 or words[k].low not in ORIGIN_MARKERS:
        return False
    launch = [pats for key, _, pats in registry().triggers if registry()[key].origin_after]
    return any(match_at(words, j, pats) for j in range(k) for pats in launch)


LAUNCH_SITE = _LEX.raw("launch_site")
SEA_PLACE = _LEX.raw("sea_place")


def _listed_after(words: list[Word], origins: list[int], wi: int) -> bool:
    """"5 rudal balistik dari wilayah Kursk dan Rostov": a place listed right after a launch origin is one."""
    return bool(origins) and 0 < wi - origins[-1] <= 2 and all(w.low in LIST_JOINS for w in words[origins[-1]:wi])


def _not_a_sea_place(words: list[Word], wi: int, place) -> bool:
    """"di atas Laut Hitam" is where drones were downed; "dari kapal selam di Laut Hitam", "kota pelabuhan
    di tepi Laut Azov", "pelabuhan Laut Hitam Novorossiysk" only say where a launch came from or what a city
    lies on."""
    if place.precision != "sea":
        return False
    lo = max(0, wi - SEA_PLACE["reach"])
    # "di bagian barat laut dari Laut Hitam": a part of the sea, not an origin
    part = any(w.low in SEA_PLACE["part_words"] for w in words[lo:wi])
    if wi == 0 or (words[wi - 1].low not in SEA_PLACE["after"] and not part):
        return True
    return any(w.low in SEA_PLACE["not_near"] and not (part and w.low in SEA_PLACE["part_of"]) for w in words[lo:wi])


def _launch_site(words: list[Word], wi: int) -> bool:
    """"(area peluncuran – wilayah Saratov)", "arah peluncuran – Kursk, Millerovo": a place named as a
    launch site (the names of a list after it too) is where the weapons came from, not their target."""
    k = wi - 1
    while k >= 0 and wi - k <= 8 and (words[k].low in LAUNCH_SITE["glue"] or words[k].text[:1].isupper()):
        k -= 1
    return k >= 0 and wi - k <= 8 and words[k].low in LAUNCH_SITE["words"]


LAUNCH_PLATFORM = _LEX.raw("launch_platform")
PLATFORM_REACH = 14     # words from "dari" to the place


def _from_platform(words: list[Word], wi: int) -> bool:
    """"… dari pesawat pengebom strategis yang terbang di atas Laut Kaspia dan wilayah Rostov", "dari
    pesawat pengebom Tu-22M3 yang terbang di atas wilayah Kursk": a place after a launch platform, with only
    glue words, names and designations between, is where the weapons were fired from."""
    k = wi - 1
    while k > 0 and wi - k <= PLATFORM_REACH and (words[k].low in LAUNCH_PLATFORM["glue"]
                                                  or words[k].low in LAUNCH_PLATFORM["words"]
                                                  or words[k].text[:1].isupper()
                                                  or any(ch.isdigit() for ch in words[k].text)):
        if words[k].low in LAUNCH_PLATFORM["words"] and words[k - 1].low in ORIGIN_MARKERS:
            return True
        k -= 1
    return False


NEAR_VILLAGE = _LEX.raw("near_village")
NEAR_REACH = 4      # words from the village word to "dekat"


def _near_village(words: list[Word], wi: int, place, lookup):
    """"satu orang terluka di sebuah desa dekat Rostov": the city's region (Rostov Oblast), else the place."""
    if place.precision != "city" or not place.admin_area or wi == 0 or words[wi - 1].low not in NEAR_VILLAGE["near"]:
        return place
    if not any(w.low in NEAR_VILLAGE["village"] for w in words[max(0, wi - 1 - NEAR_REACH):wi - 1]):
        return place
    return lookup(place.admin_area, place.country) or place


REGION_POSSESSIVE = _LEX.words("region_possessive")
REGION_WORDS = _LEX.words("region_words")
DEMONSTRATIVES = _LEX.words("demonstratives")


def _region_anaphor(words: list[Word]) -> bool:
    """"ke wilayahnya", "di atas wilayah tersebut": the region an official in the sentence governs."""
    return any(w.low in REGION_POSSESSIVE or (w.low in REGION_WORDS and k + 1 < len(words)
                                               and words[k + 1].low in DEMONSTRATIVES)
               for k, w in enumerate(words))


DATELINE_SENTENCES = 8     # the body may start after a date line and a photo caption


def _opens_body(article: ArticleParse, sentence: Sentence) -> bool:
    """A sentence that may carry the dateline: the first of its paragraph, near the article's top."""
    k = sentence.idx
    return k == 0 or (k < DATELINE_SENTENCES and article.sentences[k - 1].paragraph_idx != sentence.paragraph_idx)


def _in_dateline(words: list[Word], wi: int) -> bool:
    """"MOSKOW –", "Moskow/Kiev –", "Kyiv:", "REPUBLIKA.CO.ID, KIEV --", "Kiev (ANTARA) -" open the article
    with the desk's city, not the strike's."""
    for k, w in enumerate(words[:10]):
        if w.low in ("–", "—", "-", "--", ":", "|") or w.text.endswith(":"):
            return wi <= k
    return False


def _mark_lists(mentions: list, words: list[Word]) -> None:
    """Mentions joined only by commas/dan ("Bryansk, Oryol, Kaluga, dan Moskow") form a list."""
    real = [m for m in mentions if m.place.precision != "country"]
    for a, b in zip(real, real[1:]):
        between = words[a.end_word:b.word]
        if a.place.precision in ("city", "district") and b.place.precision == "admin_area" \
                and [w.low for w in between] == [","] and (b.text.split()[0].lower() in REGION_WORDS
                                                           or b.place.name in (a.place.admin_area,
                                                                               CITY_IN_REGION.get(a.place.name))):
            continue        # "desa Desna, wilayah Chernihiv", "Sevastopol, Krimea": the region places the town
        if between and all(w.low in LIST_GLUE for w in between) and any(w.low in LIST_JOINS
                                                                        for w in between) \
                and a.place.place_id != b.place.place_id and a.place.name != b.place.admin_area \
                and b.place.name != a.place.admin_area:
            a.listed = b.listed = True


APPOSITION_GLUE = _LEX.words("apposition_glue")
CITY_IN_REGION = _LEX.mapping("city_in_region")


def _mark_appositions(mentions: list, words: list[Word]) -> None:
    """"di desa Krasnaya Yaruga, distrik Rakityansky": the broader place only places the narrower one."""
    for a, b in zip(mentions, mentions[1:]):
        between = [w.low for w in words[a.end_word:b.word]]
        if between and between[0] == "," and all(w in APPOSITION_GLUE for w in between) and not a.listed \
                and a.place.precision != "country" and b.place.precision != "country" \
                and a.place.place_id != b.place.place_id and not b.listed \
                and (b.place.precision != "city" or len(between) > 1 or a.place.admin_area == b.place.name):
            b.apposed = a


def _located(m: _Mention) -> Located:
    p = m.place
    return Located(p.name if p.precision != "country" else None, p.country, m.text, p.place_id, p.precision,
                   p.admin_area, p.latitude, p.longitude)


def _word_at(words: list[Word], offset: int) -> int:
    for w in words:
        if w.end > offset:
            return w.i
    return len(words) - 1 if words else 0


def sentence_context(article: ArticleParse, sentence: Sentence, words: list[Word]) -> SentenceContext:
    from kabar.nlp.places import gazetteer

    ctx = SentenceContext(sentence, words)
    text = sentence.text
    origins: list[int] = []     # the end words of the places skipped as launch origins
    for m in gazetteer().find(text):
        p = m.place
        # villages and districts of the curated lists may come without a country (the defender's, later);
        # a sea has none
        if p.country not in WAR_COUNTRIES and not (p.country is None and p.place_id.startswith(UNSIDED)):
            continue
        wi = _word_at(words, sentence.start_char + m.start)
        if _in_media_name(words, wi, sentence.start_char + m.end):
            continue
        if _opens_body(article, sentence) and _in_dateline(words, wi):
            continue
        prev = words[wi - 1].low if wi > 0 else ""
        if p.precision == "country" and prev not in LOCATIVE:
            continue
        if m.text.lower() in LOCATIVE_ONLY["names"] and prev not in LOCATIVE_ONLY["after"]:
            continue
        if _in_named_thing(words, wi):
            continue
        end_word = _word_at(words, sentence.start_char + m.end - 1) + 1
        title = any(w.low in TITLES for w in words[max(0, wi - 3):wi]) or \
            m.text.split()[0].lower() in TITLES or \
            _weak_facility(words, wi)      # the gazetteer may keep the title: "Gubernur Leningrad"
        p = _near_village(words, wi, p, gazetteer().lookup)
        mention = _Mention(wi, m.text, p, end_word, title)
        if _origin(words, wi) or _launch_site(words, wi) or _from_platform(words, wi) \
                or _listed_after(words, origins, wi):
            origins.append(end_word)
            continue
        if _not_a_sea_place(words, wi, p):
            continue
        if _hospital(words, wi):
            mention.title = True
            ctx.weak.append(mention)
            continue
        ctx.mentions.append(mention)
    _mark_lists(ctx.mentions, words)
    _mark_appositions(ctx.mentions, words)
    mm = MULTI_REGION.search(text)
    if mm:
        ctx.multi = True
        after = text[mm.end():mm.end() + 30].lower()
        whole = mm.group(0).lower()
        for word, code in COUNTRY_WORDS.items():
            if word in whole or after.strip().startswith(word):
                ctx.multi_country = code
    ctx.anaphoric = bool(ANAPHORIC_CITY.search(text))
    cm = CAPITAL.search(text)
    if cm:
        ctx.capital = COUNTRY_WORDS.get((cm.group(2) or "").lower(), "?")
    ctx.national = bool(NATIONAL.search(text))
    return ctx


def _narrowest(mentions: list[_Mention]) -> _Mention | None:
    if not mentions:
        return None
    return min(mentions, key=lambda m: (PRECISION_RANK.get(m.place.precision, 9), m.word))


def _first(mentions: list[_Mention]) -> _Mention | None:
    """The first place named below country level (else the country): "di kota Kazan di wilayah
    Tatarstan" → Kazan, "di Distrik Odintsovo, wilayah Moskow" → Odintsovo; a place named later
    inside it is narrower and wins ("Di Lviv, … di distrik Frankivskyi" → Frankivskyi District), and a village
    a town of it places ("Di wilayah Lviv, … di desa Velyka Vilshanytsia, distrik Zolochiv") is narrower still."""
    below = [m for m in mentions if m.place.precision != "country"]
    first = (below or mentions or [None])[0]
    while first is not None:
        inner = [m for m in below if m.place.name != first.place.name and m.apposed is not first
                 and (_holds(first, m) or _region_town(first, m))]
        if not inner:
            break
        # "di desa Velyka Vilshanytsia, distrik Zolochiv": the town apposed only places the village
        first = inner[0].apposed if inner[0].apposed in below and inner[0].apposed is not first else inner[0]
    return first


def _holds(outer: _Mention, m: _Mention) -> bool:
    return m.place.admin_area == outer.place.name \
        and PRECISION_RANK.get(m.place.precision, 9) < PRECISION_RANK.get(outer.place.precision, 9)


def _region_town(outer: _Mention, m: _Mention) -> bool:
    """A region's bare name read as its capital ("Di Tula, … di kota Novomoskovsk") holds the region's towns."""
    p = outer.place
    return p.precision == "city" and m.place.precision == "city" and bool(p.admin_area) \
        and p.admin_area.startswith(p.name + " ") and m.place.admin_area == p.admin_area


def _distinct(mentions: list[_Mention]) -> list[_Mention]:
    seen, out = set(), []
    for m in mentions:
        if m.place.precision == "country":
            continue
        if m.place.place_id not in seen:
            seen.add(m.place.place_id)
            out.append(m)
    return out


@dataclass
class ArticlePlaces:
    main: dict            # country → Located (most named city/region of that side)
    main_any: Located | None
    country: str | None   # the country most named
    main_city: dict = field(default_factory=dict)   # country → Located (most named city of that side)
    first_para: dict = field(default_factory=dict)  # place_id → paragraph that first names it


def article_places(contexts: list[SentenceContext]) -> ArticlePlaces:
    counts: dict[str, list] = {}
    first_para: dict[str, int] = {}
    for n, c in enumerate(contexts):
        for m in c.mentions + c.weak:
            if m.place.precision == "country":
                continue
            key = m.place.place_id
            first_para.setdefault(key, c.sentence.paragraph_idx)
            weight = 2 if n < 2 else 1      # the lead names the strike's place
            if m.title:
                weight = 0.25               # an official's region in a title is not where it happened
            entry = counts.setdefault(key, [0, n, m])
            entry[0] += weight
    main: dict[str, Located] = {}
    best_any = None
    ranked = sorted(counts.values(), key=lambda e: (-e[0], e[1]))
    main_city: dict[str, Located] = {}
    for total, first, m in ranked:
        main.setdefault(m.place.country, _located(m))
        if m.place.precision == "city" and not m.title:
            main_city.setdefault(m.place.country, _located(m))
        if best_any is None:
            best_any = _located(m)
    country = best_any.country if best_any else None
    return ArticlePlaces(main, best_any, country, main_city, first_para)


def _capital(ctx_country: str | None, code: str | None, gaz_lookup) -> Located | None:
    country = code if code in WAR_COUNTRIES else ctx_country
    if country not in CAPITALS:
        return None
    p = gaz_lookup(CAPITALS[country], country)
    if p is None:
        return Located(CAPITALS[country], country)
    return Located(p.name, p.country, "ibu kota", p.place_id, p.precision, p.admin_area, p.latitude, p.longitude)


OCCUPIED = {"Crimea", "Sevastopol", "Simferopol", "Kerch", "Yevpatoria", "Feodosia", "Donetsk", "Luhansk",
            "Horlivka", "Makiivka", "Mariupol", "Melitopol", "Berdiansk", "Berdyansk", "Nova Kakhovka"}


def is_occupied(located: Located) -> bool:
    """Occupied territory (Crimea, Sevastopol …) and its districts and towns: a strike there is Ukraine's."""
    return located.name in OCCUPIED or located.admin_area in OCCUPIED


def _from_title(m: _Mention, main: Located | None) -> Located:
    """A place named in an official's title: the article's main city when it lies in that region."""
    if main is not None and m.place.precision == "admin_area" and main.admin_area == m.place.name:
        return main
    return _located(m)


EACH = _LEX.words("each")


def each_places(ctx: SentenceContext, start: int, clause: tuple[int, int]) -> list[tuple[Located, str]]:
    """"Di Sumy dan Poltava, masing-masing tiga orang terluka": the places a "masing-masing N"
    distributes over (two or more named places in the sentence), else [] — also when the number's
    own clause names its place after it ("masing-masing 12 di Oblast Kursk dan 5 di Oblast Oryol")."""
    if start == 0 or ctx.words[start - 1].low not in EACH:
        return []
    if any(max(clause[0], start) <= m.word < clause[1] and not m.title for m in ctx.mentions):
        return []
    seen, out = set(), []
    for m in ctx.mentions:
        if m.place.precision == "country" or m.title or m.place.place_id in seen:
            continue
        seen.add(m.place.place_id)
        out.append((_located(m), "clause"))
    return out if len(out) >= 2 else []
