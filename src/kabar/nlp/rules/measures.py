"""Which measure a number is about.

A number counts something: its head noun (the word after it, or its syntactic head) says
*what* — people (orang, warga, korban, anak …), a weapon (drone, rudal …), an anaphor
("di antaranya", "lainnya", "lagi", "dari" in "38 dari 46 drone") or nothing at all ("13 terluka").
The trigger — a verb, adjective or noun from the lexicons below, matched on word forms and on
lemmas — says *what happened*: the governing verb right before the number ("menewaskan
sedikitnya 17 orang", "mencegat 159 drone", "korban tewas mencapai 39 orang") or the predicate
after its noun phrase ("dua orang telah tewas", "delapan drone … ditembak jatuh"), skipping
relative clauses ("159 drone yang diluncurkan oleh Ukraina" is intercepted, not launched).
Casualty measures need people or nothing as the noun; munition measures need a weapon or an anaphor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kabar.nlp import lexicon
from kabar.nlp.numbers import is_number_token
from kabar.nlp.rules import exclusions, weapons
from kabar.nlp.rules.matching import match_at, match_before
from kabar.nlp.rules.weapons import MIXED, weapon_phrase_end
from kabar.nlp.rules.words import Word

_LEX = lexicon.load()
PERSON = _LEX.words("person_nouns")
CLITICS = _LEX.words("possessive_clitics")


def is_person_word(low: str) -> bool:
    """A person noun, also with the possessive -nya ("tiga personelnya", "empat rekannya")."""
    return low in PERSON or any(low.endswith(c) and low[:-len(c)] in PERSON for c in CLITICS)


PERSON_MODIFIERS = _LEX.words("person_modifiers")
PERSON_HEADS = _LEX.words("person_heads")
CLASSIFIERS = _LEX.words("classifiers")
PERSON_CLASSIFIERS = CLASSIFIERS & PERSON           # "dua orang petugas": counts people, not a classifier of weapons
COUNT_BEFORE = _LEX.words("count_links") | _LEX.qualifier_words
COUNT_LINKS = _LEX.words("count_links.strong")
ANAPHORA = _LEX.phrases("anaphora")
GAP = _LEX.words("trigger_gap") | _LEX.qualifier_words
LINKING = _LEX.words("linking_verbs")
CASUALTY_NOUNS = _LEX.phrases("casualty_nouns")
CLAUSE_CONJ = _LEX.words("clause_conjunctions")
CLAUSE_PUNCT = _LEX.words("clause_punctuation")
NEGATORS = _LEX.words("negators")
NOT_TRIGGERS = _LEX.words("not_triggers")
DEBRIS = _LEX.words("debris")
FALL = _LEX.words("fall_verbs")
ASIDE_START = _LEX.phrases("aside_starts")
PREDICATE_CONJ = _LEX.words("predicate_conjunctions")
PREDICATE_SKIP = _LEX.words("predicate_skip")
STRONG_BREAK = _LEX.words("strong_breaks")
LIST_COLONS = _LEX.words("list_colons")
MEANS = _LEX.words("means_words")
AGENTS = _LEX.words("agent_markers")
ACCOMPANIMENT = _LEX.words("accompaniment_words")
ASIDE_REACH = 8             # "…, laut dan darat, termasuk …": list words before an aside
MEANS_REACH = 4             # "dengan menggunakan sistem peperangan elektronik"
COORD = _LEX.words("coordination")
QUALIFYING = _LEX.qualifier_words | COUNT_LINKS
PART_START = _LEX.words("part_starts")
LOCATIVE_AFTER = _LEX.words("locatives_after_count")
BARE_AFTER = _LEX.words("not_counted_after")
CONTRAST = _LEX.words("contrasts")
RELATIVE = _LEX.words("relative_pronouns")
COORD_WORDS = COORD - CLAUSE_PUNCT                  # "dan", "serta", "atau", "maupun"
PAIR_OF = _LEX.words("pair_of")            # "38 dari 46 drone": X of Y
ATTEMPT = _LEX.words("attempt_words")
ATTACKED_AREAS = _LEX.words("attacked_areas")
DEMONSTRATIVES = _LEX.words("demonstratives")
MIXED_MUNITIONS = _LEX.phrases("mixed_munitions")
SIDE_NAMES = _LEX.keys("countries")
MISTRANSLATED = _LEX.mapping("mistranslated_weapons")
TYPE_WORDS = _LEX.words("weapon_type_words")
# a word after a number that is no noun it counts, by its part of speech ("3 tewas", "5 lainnya")
# words a weapon phrase may run before its count ("rudal jelajah Kh-101/Kh-555 sejumlah 40 buah")
WEAPON_NAME_REACH = 8
LIST_BULLETS = _LEX.words("list_bullets")
ITEM_STARTS = LIST_BULLETS | LIST_COLONS | STRONG_BREAK      # where a list item opens
ITEM_REACH = 20             # words of a list item's weapon names before its count
BARE_POS = frozenset({"VERB", "ADJ", "AUX", "ADV", "ADP", "CCONJ", "SCONJ", "PART", "PUNCT", "PRON", "DET"})


def registry() -> lexicon.MeasureRegistry:
    """The measures of the active lexicon (kabar.nlp.lexicon.current)."""
    return lexicon.current().measures


@dataclass(frozen=True)
class Trigger:
    measure: str             # a measure key
    start: int
    length: int
    relative: bool = False   # inside a relative clause on the number's noun ("yang diluncurkan")
    weak: bool = False       # a weak trigger: the measure only when nothing more specific is said


def _debris_falls(words: list[Word], i: int) -> bool:
    """"Serpihan drone jatuh di atap gudang": debris that falls is not a downed munition."""
    if words[i].low not in FALL:
        return False
    for k in range(i - 1, max(-1, i - 9), -1):
        if words[k].low in DEBRIS:
            return True
        if words[k].low in CLAUSE_PUNCT or words[k].low in CONTRAST:
            return False
    return False


def trigger_at(words: list[Word], i: int) -> Trigger | None:
    """The trigger starting at word i; a negated one ("tanpa cedera", "tidak terluka") is none."""
    if i > 0 and words[i - 1].low in NEGATORS:
        return None
    if _debris_falls(words, i):
        return None
    reg = registry()
    for m, weak, pats in reg.triggers:
        n = match_at(words, i, pats)
        if n:
            return Trigger(m, i, n, weak=weak)
    w = words[i]
    measure = None if w.low in NOT_TRIGGERS else w.lemma_value(reg.lemma_measures, reg.lemma_stems)
    return Trigger(measure, i, 1) if measure else None


def triggers_in(words: list[Word], lo: int, hi: int) -> list[Trigger]:
    out, i = [], lo
    while i < hi:
        t = trigger_at(words, i)
        if t and t.start + t.length <= hi:
            out.append(t)
            i += t.length
        else:
            i += 1
    return out


def clause_bounds(words: list[Word], start: int, end: int) -> tuple[int, int]:
    """The clause around words[start:end]: up to the nearest boundary punctuation or conjunction."""
    lo = start
    while lo > 0 and words[lo - 1].low not in CLAUSE_PUNCT and words[lo - 1].low not in CLAUSE_CONJ:
        lo -= 1
    hi = end
    while hi < len(words) and words[hi].low not in CLAUSE_PUNCT and words[hi].low not in CLAUSE_CONJ:
        hi += 1
    return lo, hi


def noun_class(words: list[Word], end: int, weapon_at) -> tuple[str, int, str | None]:
    """What the number ending at word `end` counts: ('person'|'weapon'|'anaphor'|'bare'|'other', noun end, weapon)."""
    if end >= len(words):
        return "bare", end, None
    w = words[end]
    kind, n = weapon_at(words, end)
    if kind:
        return ("weapon",) + _mixed(words, end + n, kind, weapon_at)
    if w.low in registry().counted_nouns and end + 1 < len(words):
        kind, n = weapon_at(words, end + 1)     # "selusin strike rudal": hits of missiles
        if kind:
            return ("weapon",) + _mixed(words, end + 1 + n, kind, weapon_at)
    n = match_at(words, end, MIXED_MUNITIONS)
    if n:
        return "weapon", end + n, None          # "92 target udara berhasil dihancurkan": drones and missiles
    if w.low in MISTRANSLATED and (_munition_verb_after(words, end + 1) or _after_weapon_count(words, end, weapon_at)
                                   or _weapon_name_after(words, end + 1, weapon_at)):
        return "weapon", end + 1, MISTRANSLATED[w.low]
    if w.low in SIDE_NAMES and end + 1 < len(words):
        kind, n = weapon_at(words, end + 1)     # "18 Ukraina drone": a machine translation's word order
        if kind:
            return "weapon", end + 1 + n, kind
    n = match_at(words, end, ANAPHORA)
    if n:
        return "anaphor", end + n, None
    if w.low in CLASSIFIERS and end + 1 < len(words) and words[end + 1].low not in PERSON_CLASSIFIERS:
        kind, n = weapon_at(words, end + 1)
        if kind:
            return "weapon", end + 1 + n, kind
        if w.low not in PERSON and words[end + 1].low in MISTRANSLATED:
            return "weapon", end + 2, MISTRANSLATED[words[end + 1].low]    # "45 buah saksi": never witnesses
        if is_person_word(words[end + 1].low) or words[end + 1].low in PERSON_HEADS:
            return "person", person_phrase_end(words, end + 1), None
    if w.low in CLASSIFIERS and w.low not in PERSON and end + 1 < len(words) and \
            (trigger_at(words, end + 1) or words[end + 1].low in LOCATIVE_AFTER):
        return "bare", end + 1, None            # "dari mereka 7 buah dihancurkan", "– 7 buah di atas wilayah X"
    if w.low in exclusions.BODY_NOUNS:          # "menemukan 40 jenazah dari reruntuhan": the killed
        return ("person" if exclusions.recovered_bodies(words, end) else "other"), end + 1, None
    if is_person_word(w.low) or (w.low in PERSON_HEADS and end + 1 < len(words)
                           and words[end + 1].low in PERSON_MODIFIERS):
        return "person", person_phrase_end(words, end), None
    if w.low in PAIR_OF:
        kind, n = weapon_at(words, end + 1) if end + 1 < len(words) else (None, 0)
        if kind:        # "88 dari drone-drone itu ditembak jatuh": part of the weapons named after
            return "weapon", end + 1 + n, kind
        return "anaphor", end, None
    if trigger_at(words, end) or w.is_punct or w.low in GAP or w.low in CLAUSE_CONJ or w.low in BARE_AFTER:
        return "bare", end, None
    if w.pos_in(BARE_POS):
        return "bare", end, None
    return "other", end, None


def _munition_verb_after(words: list[Word], i: int) -> bool:
    """A strong trigger of a munition measure among the next few words ("… saksi diluncurkan oleh Rusia")."""
    for k in range(i, min(len(words), i + 3)):
        t = trigger_at(words, k)
        if t and not t.weak and registry().is_munition(t.measure):
            return True
    return False


def _weapon_name_after(words: list[Word], i: int, weapon_at) -> bool:
    """"63 saksi tipe Shahed-131/136", "55 saksi Shahed": the mistranslated word is named as a weapon's type."""
    if i < len(words) and words[i].low in TYPE_WORDS:
        i += 1
    return i < len(words) and weapon_at(words, i)[0] is not None


def _after_weapon_count(words: list[Word], end: int, weapon_at) -> bool:
    """"dihancurkan 102 rudal dan 99 saksi": the count before, joined by "dan", is of a weapon."""
    k = end - 1
    while k >= 0 and is_number_token(words[k].text):
        k -= 1
    if k < 1 or k == end - 1 or words[k].low not in COORD_WORDS:
        return False
    return any(weapon_at(words, h)[0] for h in range(max(0, k - 3), k))


def _mixed(words: list[Word], j: int, kind: str, weapon_at) -> tuple[int, str | None]:
    """(noun end, weapon) of the weapon noun ending at j: "56 rudal dan drone" is one count of two weapon
    kinds, with no single weapon, whose noun phrase runs to the second kind."""
    if j + 1 < len(words) and words[j].low in COORD_WORDS:
        other, n = weapon_at(words, j + 1)
        if not other and words[j + 1].low in MISTRANSLATED:
            other, n = MISTRANSLATED[words[j + 1].low], 1      # "15 hit rudal dan saksi"
        if other and other != kind:
            return j + 1 + n, None
    return j, kind


def person_phrase_end(words: list[Word], i: int) -> int:
    """End of the person noun phrase starting at i: "orang petugas medis", "penumpang dan kru",
    "pejalan kaki", "warga sipil serta dua relawan" stops before the second number."""
    j = i + 1
    while j < len(words):
        low = words[j].low
        if low in PERSON or low in PERSON_MODIFIERS or low in PERSON_HEADS or low in CLITICS:
            j += 1
        elif low in COORD_WORDS and j + 1 < len(words) and words[j + 1].low in PERSON \
                and words[j + 1].low not in PERSON_CLASSIFIERS:
            j += 2
        else:
            break
    return j


def weapon_before(words: list[Word], start: int, end: int, weapon_at) -> tuple[str | None, int]:
    """"Rudal jelajah sebanyak tiga unit", "drone yang berjumlah 12": (weapon, noun end) for a count
    whose noun stands before it, joined by sebanyak/berjumlah — or by a weak link when a classifier
    follows ("Kalibr sejumlah 5 buah", "Kh-101 dalam jumlah 6 unit"); the classifier is skipped."""
    k = start - 1
    saw_link = False
    classified = end < len(words) and words[end].low in CLASSIFIERS
    while k >= 0 and words[k].low in COUNT_BEFORE and start - k <= 4:
        saw_link = saw_link or words[k].low in COUNT_LINKS or classified
        k -= 1
    if not saw_link or k < 0:
        return None, end
    noun_end = end + 1 if classified else end
    # the weapon phrase ending at k: its head within the three words before
    for h in range(k, max(-1, k - WEAPON_NAME_REACH), -1):
        kind, n = weapon_at(words, h)
        if kind:
            if weapon_phrase_end(words, h) > k:
                return kind, noun_end
            break
    if not classified:
        return None, end
    if match_before(words, k + 1, MIXED_MUNITIONS):
        return MIXED, noun_end          # "sarana serangan udara sejumlah 188 buah": drones and missiles
    kind = _item_weapon(words, k, weapon_at)
    return (kind, noun_end) if kind is not None else (None, end)


def _item_weapon(words: list[Word], k: int, weapon_at) -> str | None:
    """"– rudal jelajah Kh-101, rudal Kalibr, rudal balistik Iskander-M — sejumlah 91 buah", "pesawat tak
    berawak tipe saksi dan drone-imitator dari tipe yang berbeda sejumlah 40 buah": a count that closes a
    list item or a verbless phrase counts the weapons named before it there — their one kind, else both
    (MIXED). Nothing when a verb or another count stands between."""
    kinds = set()
    h = k - 1 if words[k].low in LIST_BULLETS else k
    while h >= 0 and k - h <= ITEM_REACH and words[h].low not in ITEM_STARTS:
        text = words[h].text
        # "Kh-101", "Kh-" "59/69": a model's number, no count
        model = any(c.isalpha() for c in text) or h > 0 and words[h - 1].end == words[h].start
        if (is_number_token(text) and not model) or trigger_at(words, h):
            return None
        kind, _ = weapon_at(words, h)
        kinds.add(kind or MISTRANSLATED.get(words[h].low))
        h -= 1
    kinds.discard(None)
    if not kinds or (h >= 0 and words[h].low not in ITEM_STARTS):
        return None
    return kinds.pop() if len(kinds) == 1 else MIXED


def compatible(measure: str, cls: str) -> bool:
    """May a number whose noun is of class `cls` count `measure`?"""
    return registry().compatible(measure, cls)


def is_relative(words: list[Word], noun_end: int, trig: Trigger) -> bool:
    """Is the trigger inside a 'yang …' relative clause attached right after the noun phrase?"""
    return any(words[k].low in RELATIVE for k in range(noun_end, min(trig.start, noun_end + 2)))


def choose_measure(words: list[Word], start: int, end: int, noun_end: int, cls: str) -> tuple[str | None, Trigger | None]:
    """The measure for the number in words[start:end] whose noun phrase ends at `noun_end`."""
    lo, hi = clause_bounds(words, start, noun_end)
    ok = [t for t in triggers_in(words, lo, start) if compatible(t.measure, cls)]
    # 1. a governing trigger right before the number, only qualifiers/copulas between
    for t in reversed(ok):
        between = words[t.start + t.length:start]
        if all(b.low in GAP for b in between):
            return t.measure, t
        break
    # a copula ("naik menjadi 21 orang", "mencapai 39 orang") reaches back over commas to "korban tewas"
    # "Jumlah korban tewas akibat serangan … pada Minggu (21/5) bertambah menjadi 14 orang": the copula
    # run right before the number, its subject anywhere earlier in the sentence
    run = start
    while run > 0 and words[run - 1].low in GAP:
        run -= 1
    if any(w.low in LINKING for w in words[run:start]):
        for i in range(start - 1, -1, -1):
            n = match_at(words, i, CASUALTY_NOUNS)
            if n:
                t = trigger_at(words, i + n - 1) or trigger_at(words, i + 1) or trigger_at(words, i)
                if t and compatible(t.measure, cls):
                    return t.measure, t
    # 2. the predicate after the noun phrase, past a composition aside ("Tiga orang lainnya, termasuk
    # seorang anak, terluka") and into a conjoined predicate ("tiga rudal lolos … dan mengenai sasaran")
    after_hi = _past_aside(words, hi, noun_end)
    after = [t for t in triggers_in(words, noun_end, after_hi) if compatible(t.measure, cls)
             and not _relative_of_another(words, noun_end, t)]
    if not after:
        after = [t for t in _conjoined_predicate(words, after_hi) if compatible(t.measure, cls)]
    if not after:
        after = [t for t in _coordinated_subject_predicate(words, hi, cls) if compatible(t.measure, cls)]
    if after:
        # "N drone yang diluncurkan … dicegat": the first trigger after 'yang' is the relative clause's
        relative = is_relative(words, noun_end, after[0])
        main = after[1:] if relative else after
        pool = main or after
        preferred = [t for t in pool if t.measure in registry().preferred_after_noun
                     and not _among_agents(words, pool, t)] or _means_past_clause(words, after_hi, cls)
        if preferred:
            return preferred[0].measure, preferred[0]
        strong = [t for t in pool if not t.weak]
        t = (strong or pool)[0]
        if relative and not main:
            t = replace(t, relative=True)
        elif t.weak and cls == "weapon" and not relative:
            t = _struck(words, t)
        # an intercepted trigger after a launched one ("terdeteksi lalu ditembak jatuh") wins
        return t.measure, t
    # 3. any trigger earlier in the clause
    if ok:
        strong = [t for t in ok if not t.weak]
        t = (strong or ok)[-1]
        return t.measure, t
    return None, None


def _among_agents(words: list[Word], pool: list[Trigger], t: Trigger) -> bool:
    """"35 drone ditembak jatuh oleh air defense bersama dengan unit electronic warfare": a preferred phrase
    joined to other agents ("oleh X bersama dengan / dan …") of an earlier verb of another measure names
    who took part, not how the weapons were stopped — unless it is the means ("dilumpuhkan oleh militer dan
    dinas khusus dengan sistem peperangan elektronik") or the sole agent ("dilumpuhkan oleh peperangan
    elektronik")."""
    earlier = [e for e in pool if e.start < t.start and not e.weak and e.measure != t.measure]
    agent = max((k for k in range(earlier[-1].start, t.start) if words[k].low in AGENTS), default=None) \
        if earlier else None
    if agent is None:
        return False
    joined = [w.low for w in words[agent + 1:t.start]]
    if not any(low in ACCOMPANIMENT or low in COORD for low in joined):
        return False
    means = [k for k, low in enumerate(joined) if low in MEANS]
    return not means or (means[-1] > 0 and joined[means[-1] - 1] in ACCOMPANIMENT)


def _means_past_clause(words: list[Word], hi: int, cls: str) -> list[Trigger]:
    """"Dua drone dilumpuhkan oleh militer dan dinas khusus dengan menggunakan sistem peperangan
    elektronik": a preferred measure's phrase named as the means ("dengan …") later in the same
    predicate, before the next count or break, says how the subject was stopped."""
    reach = predicate_reach(words, hi)
    for t in triggers_in(words, hi, reach):
        if not (t.measure in registry().preferred_after_noun and compatible(t.measure, cls)):
            continue
        lead = [w.low for w in words[max(hi, t.start - MEANS_REACH):t.start]]
        # "dengan senapan mesin dan peperangan elektronik": one of two means says nothing
        means = [k for k, low in enumerate(lead) if low in MEANS]
        if means and not any(low in COORD_WORDS for low in lead[means[-1]:]):
            return [t]
    return []


def verb_of_first_object(words: list[Word], lo: int, cls: str) -> Trigger | None:
    """"menembak jatuh 6 bom udara berpemandu JDAM … dan 2 rudal": a second counted object after "dan"
    shares the verb of a first one that is no claim (its noun counts nothing a measure counts)."""
    if lo < 2 or words[lo - 1].low not in COORD_WORDS or cls != "weapon":
        return None
    saw_number = False
    for k in range(lo - 2, max(-1, lo - 12), -1):
        if words[k].low in CLAUSE_PUNCT or words[k].low in CLAUSE_CONJ:
            return None
        saw_number = saw_number or is_number_token(words[k].text)
        t = trigger_at(words, k)
        if t and saw_number:
            return t if not t.weak and compatible(t.measure, cls) else None
    return None


def _relative_of_another(words: list[Word], noun_end: int, t: Trigger) -> bool:
    """"31 rudal ke Ukraina dalam serangan semalam yang menghantam …": a relative clause on a later noun."""
    while noun_end < len(words) and words[noun_end].text[:1] == "-" or \
            noun_end < len(words) and words[noun_end].text[:1].isupper() and words[noun_end].low not in RELATIVE:
        noun_end += 1       # "Dua rudal Iskander-M yang …": the weapon's model name is part of the noun
    if any(w.low in RELATIVE or w.low in PAIR_OF for w in words[noun_end:noun_end + 2]):
        return False        # the count's own relative clause ("Tujuh orang yang … terluka"), or "X dari Y yang …"
    return any(words[k].low in RELATIVE for k in range(noun_end + 2, t.start))


def _struck(words: list[Word], t: Trigger) -> Trigger:
    """"Sebuah drone menyerang kilang minyak": a weak trigger whose subject is the counted weapon says it
    struck — unless it is only attempted ("berusaha menyerang") or its object is a whole area."""
    if t.start > 0 and words[t.start - 1].low in ATTEMPT:
        return t
    if _whole_area(words, t.start + t.length):
        return t        # "17 drone Ukraina menyerang semenanjung itu": sent against an area
    for measure, pats in registry().subject_triggers:
        if match_at(words, t.start, pats):
            return replace(t, measure=measure, weak=False)
    return t


def _whole_area(words: list[Word], i: int) -> bool:
    """"menyerang semenanjung itu", "menyerang wilayah Kursk", "menyerang Ukraina": a named or
    referred-back area, or a country, at word i — not a kind of place ("wilayah permukiman")."""
    if i >= len(words):
        return False
    if words[i].low in SIDE_NAMES:
        return True
    named = i + 1 < len(words) and (words[i + 1].text[:1].isupper() or words[i + 1].low in DEMONSTRATIVES)
    return words[i].low in ATTACKED_AREAS and named


def _past_aside(words: list[Word], hi: int, noun_end: int) -> int:
    """`hi` moved past ", termasuk …," to the end of the clause that follows the aside; also past an aside
    right after the noun ("dua orang termasuk pendeta di sebuah gereja, juga dilaporkan tewas")."""
    if hi < len(words) and words[hi].low == "," and match_at(words, noun_end, ASIDE_START):
        j = hi + 1
        while j < len(words) and words[j].low not in CLAUSE_PUNCT and words[j].low not in CLAUSE_CONJ:
            j += 1
        return j
    hi = _aside_ahead(words, hi)
    if hi < len(words) and words[hi].low == "," and match_at(words, hi + 1, ASIDE_START):
        for k in range(hi + 2, min(len(words), hi + 10)):
            if words[k].low == ",":
                j = k + 1
                while j < len(words) and words[j].low not in CLAUSE_PUNCT and words[j].low not in CLAUSE_CONJ:
                    j += 1
                return j
            if words[k].low in CLAUSE_PUNCT:
                break
    return hi


def _aside_ahead(words: list[Word], hi: int) -> int:
    """"Total 81 rudal dari berbagai jenis berbasis udara, laut dan darat, termasuk 6 rudal …, ditembakkan":
    the comma that opens an aside a few verbless list words after the clause's end, else `hi`."""
    k = hi
    while k < min(len(words), hi + ASIDE_REACH):
        if words[k].low in STRONG_BREAK or words[k].low in (".", "!", "?", ":") or trigger_at(words, k):
            break
        if words[k].low == "," and match_at(words, k + 1, ASIDE_START):
            return k
        k += 1
    return hi


def _conjoined_predicate(words: list[Word], hi: int) -> list[Trigger]:
    """A trigger that opens a second predicate of the same subject: "… dan mengenai sasaran"."""
    if hi >= len(words) or words[hi].low not in PREDICATE_CONJ:
        return []
    j = hi + 1
    while j < len(words) and words[j].low in PREDICATE_SKIP:
        j += 1
    t = trigger_at(words, j) if j < len(words) else None
    return [t] if t and not t.weak else []


def _coordinated_subject_predicate(words: list[Word], hi: int, cls: str) -> list[Trigger]:
    """"Sebanyak 9 rudal dan 70 drone berhasil dijatuhkan", "dua warga dan tiga petugas tewas": the
    first of coordinated counted subjects shares the predicate after the last one."""
    j = hi
    for _ in range(4):                      # up to four more conjuncts
        if j >= len(words) or words[j].low not in COORD:
            return []
        j += 1
        while j < len(words) and words[j].low in COORD | QUALIFYING:
            j += 1
        if j >= len(words) or not is_number_token(words[j].text):
            return []
        while j < len(words) and is_number_token(words[j].text):
            j += 1
        if j + 1 < len(words) and words[j].low in PAIR_OF and is_number_token(words[j + 1].text):
            j += 1              # "102 dari 127 rudal serta 99 dari 109 drone berhasil dihancurkan"
            while j < len(words) and is_number_token(words[j].text):
                j += 1
        if j < len(words) and words[j].low in CLASSIFIERS and words[j].low not in PERSON_CLASSIFIERS:
            j += 1
        kind, _ = weapons.weapon_at(words, j) if j < len(words) else (None, 0)
        if kind and cls in ("weapon", "bare"):
            j = weapon_phrase_end(words, j)
        elif j < len(words) and is_person_word(words[j].low) and cls in ("person", "bare"):
            j = person_phrase_end(words, j)
        else:
            return []
        _, k = clause_bounds(words, j, j)
        found = triggers_in(words, j, k) or _conjoined_predicate(words, k)
        if found and is_relative(words, j, found[0]):
            # "70 drone yang diluncurkan Rusia ditembak jatuh"; with no main predicate the relative clause
            # is said of every conjunct ("dari total 127 rudal dan 109 drone yang ditembakkan Rusia")
            found = found[1:] or [replace(found[0], relative=True)]
        if found:
            return found
        j = k
    return []


def parenthesised(words: list[Word], start: int, end: int) -> bool:
    """"di Oblast Kursk (12)": a count in parentheses right after a name."""
    return 0 < start - 1 and words[start - 1].low == "(" and end < len(words) and words[end].low == ")" \
        and words[start - 2].text[:1].isupper()


def verbless_part(words: list[Word], lo: int, end: int, cls: str, start: int | None = None) -> bool:
    """A number that only names a part of the main clause's count: "termasuk 12 roket",
    "40 di antaranya …", "91 di atas wilayah X", "Oblast Kursk (12)" — it may borrow the main clause's verb."""
    if end + 1 < len(words) and words[end].low in CLASSIFIERS and words[end].low not in PERSON:
        end += 1        # "– 7 buah di atas wilayah region X"
    return (cls == "anaphor" or (lo < len(words) and words[lo].low in PART_START)
            or (end < len(words) and words[end].low in LOCATIVE_AFTER)
            or (start is not None and parenthesised(words, start, end)))


def governing_before(words: list[Word], lo: int, cls: str) -> Trigger | None:
    """A number with no predicate of its own ("termasuk 91 di atas wilayah X", "29 di antaranya di
    wilayah Y") takes its measure from the main clause before it: the nearest compatible trigger
    earlier in the sentence, not across a contrast ("sedangkan", "namun") or a semicolon."""
    k = lo - 1
    if k >= 0 and words[k].low in CONTRAST:
        k -= 1      # "…, sementara satu lainnya di distrik Y": the contrast itself has no verb
    while k >= 0 and words[k].low not in STRONG_BREAK:
        k -= 1
    found = [t for t in triggers_in(words, k + 1, lo) if compatible(t.measure, cls)]
    strong = [t for t in found if not t.weak]
    return (strong or found or [None])[-1]


def predicate_reach(words: list[Word], i: int) -> int:
    """Where a predicate after word i may stand: up to the next count, strong break or sentence end."""
    j = i
    while j < len(words) and words[j].low not in STRONG_BREAK and words[j].low not in (".", "!", "?") \
            and not is_number_token(words[j].text):
        j += 1
    return j


def listed_after_colon(words: list[Word], start: int, cls: str) -> Trigger | None:
    """"menyerang Ukraina dengan 151 sarana serangan udara, yaitu: - 63 saksi …; - 12 rudal balistik …",
    "menghancurkan 92 target: 55 saksi dan 37 rudal": an item of a list after a colon that breaks down the
    count before it takes that count's verb — when no verb of its own stands between the colon and it."""
    colon = next((k for k in range(start - 1, -1, -1) if words[k].low in LIST_COLONS), None)
    if colon is None or any(trigger_at(words, k) for k in range(colon + 1, start)):
        return None
    head = colon - 1
    while head >= 0 and words[head].low not in STRONG_BREAK and words[head].low not in LIST_COLONS:
        head -= 1
    if not any(is_number_token(w.text) for w in words[head + 1:colon]):
        return None
    found = [t for t in triggers_in(words, head + 1, colon) if compatible(t.measure, cls)]
    strong = [t for t in found if not t.weak]
    return (strong or found or [None])[-1]


def implied_measure(words: list[Word], start: int, end: int) -> str | None:
    """A noun that is itself a measure: "23 nyawa", "satu korban jiwa", "lima korban tewas"."""
    if end < len(words):
        counted = registry().counted_nouns.get(words[end].low)
        if counted:
            return counted
        n = match_at(words, end, CASUALTY_NOUNS)
        if n:
            t = trigger_at(words, end + n - 1) or trigger_at(words, end)
            return t.measure if t else None
    return None
