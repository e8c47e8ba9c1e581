"""From a sentence's words to its counted mentions: small named stages over a typed record.

For every count span of a sentence (`spans`) a `Mention` goes through the stages in order —
noun class → measure → qualifier → weapon → flags — each reading the sentence's surface words (and,
through `Word.pos_in`/`lemma_value`, its parse when there is one). A stage that finds the number is no
claim drops it. Some decisions read the sentence's earlier mentions: a second object shares the
verb of the first ("mencegat 9 rudal dan 16 drone"), "X dari Y" pairs split into a part and its total,
a qualifier carries over "dan" ("setidaknya 5 tewas dan 12 terluka"); `SentenceState` holds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from kabar.nlp import lexicon
from kabar.nlp.numbers import MINUS_SIGNS, find_numbers, ordinal_value
from kabar.nlp.rules import exclusions, measures, qualifiers, weapons
from kabar.nlp.rules.matching import match_at
from kabar.nlp.rules.measures import Trigger
from kabar.nlp.rules.words import Word

_LEX = lexicon.load()
MODEL_CODE = re.compile(_LEX.raw("model_code"))
SUBCOUNT_WORDS = _LEX.phrases("anaphora.part")
SPECIFIC_PERSON = _LEX.words("described_persons")
INCLUDES = _LEX.words("includes")
INCLUDED_IN = _LEX.words("included_in")
AMONG = _LEX.phrases("among")
PAIR_OF = _LEX.words("pair_of")
ONE_PERSON = _LEX.words("one_person")
SHARED_VERB_JOINS = _LEX.words("shared_verb_joins")
QUALIFIER_JOINS = _LEX.words("qualifier_joins")
# words a second object may stand from the first and still share its verb ("menyerang dengan 199 drone
# serang tipe Shahed dan drone imitasi berbagai jenis, serta tujuh rudal balistik Iskander-M")
SHARED_VERB_REACH = 12
ARTICLES = _LEX.words("indefinite_articles")
AMONG_REACH = 12            # "Di antara korban tewas di Kyiv terdapat dua orang dewasa"
PART_COPULAS = _LEX.words("part_copulas")
PART_OPENERS = _LEX.phrases("part_openers")
LIST_BULLETS = _LEX.words("list_bullets")
# "dua orang dirawat karena luka ringan": treated for their injuries, which is the injured count itself
TREATED_FOR = _LEX.phrases("treated_for")


@dataclass
class Mention:
    """One count in a sentence and what the stages found out about it."""

    start: int                      # word range of the number
    end: int
    value: int
    kind: str                       # cardinal | range | ordinal (numbers.NumberSpan.kind)
    approx: bool                    # "selusin"
    cls: str = ""                   # what it counts: person | weapon | anaphor | bare | other
    noun_end: int = 0               # the end of its noun phrase
    weapon: str | None = None
    lo: int = 0                     # its clause
    hi: int = 0
    measure: str | None = None
    trigger: Trigger | None = None
    part: bool = False              # names only part of the main clause's count ("termasuk 12 roket")
    pair_total: bool = False        # the Y of "X dari Y"
    qualifier: str = "exact"
    q_start: int = 0                # where its qualifier starts
    q_explicit: bool = False        # the qualifier is written before it (or carried over "dan")
    flags: list[str] = field(default_factory=list)
    single: bool = False            # "seorang wanita": one described person

    @property
    def clause(self) -> tuple[int, int]:
        return self.lo, self.hi


@dataclass
class SentenceState:
    """What later mentions of a sentence read of earlier ones."""

    prev: Mention | None = None     # the previous kept mention (None after a dropped one)
    pair_totals: set[int] = field(default_factory=set)   # span indices that are the Y of "X dari Y"
    pair_x: str | None = None       # the measure of the last pair's X
    prev_was_total: bool = False
    before_aside: Mention | None = None     # the last kept mention that is no "termasuk" aside
    carried: str | None = None      # the measure the sentence before ended with ("… menembak jatuh 13 target
                                    # udara. Termasuk dua rudal jelajah …")


def count_spans(words: list[Word]) -> list[tuple]:
    """(start, end, value, kind, approx) of every count in the words: numbers with a value and ranges
    (zero statements left out), plus an ordinal above one after a weapon ("drone ketujuh") as 1."""
    out = []
    for sp in find_numbers([w.text for w in words]):
        if sp.value is None and sp.kind != "range" or _model_number(words, sp.start):
            continue
        if exclusions.is_zero(words, sp.start, sp.end, sp.value) or \
                sp.kind == "range" and exclusions.is_year_range(words, sp.start, sp.value):
            continue
        if sp.kind == "cardinal" and _minus_before(words, sp.start):
            out.append((sp.start - 1, sp.end, -sp.value, sp.kind, sp.approx))     # "-5 drone", as written
            continue
        if sp.kind == "cardinal" and sp.value is not None and sp.value < 0 and out and out[-1][1] == sp.start \
                and words[sp.start - 1].end == words[sp.start].start and out[-1][2] >= 0:
            lo = out.pop()          # "10-12 orang", tokenized "10" "-12": a range, its lower bound
            out.append((lo[0], sp.end, lo[2], "range", lo[4]))
            continue
        out.append((sp.start, sp.end, sp.value, sp.kind, sp.approx))
    for i in range(len(words) - 1):
        kind, n = weapons.weapon_at(words, i)
        if kind and i + n < len(words):
            ov = ordinal_value(words[i + n].text)
            if ov and ov > 1:
                out.append((i, i + n + 1, 1, "ordinal", False))
    return sorted(out)


def _model_number(words: list[Word], start: int) -> bool:
    """"saksi-136", "Shahed-136" split at the hyphen, "Shahed 136", "Kh 101": the number of a model's name —
    glued by a hyphen to a word, or after a weapon's proper name or a short model code ("Kh", "Tu", "S")."""
    if _slash_designation(words, start):
        return True
    if start >= 2 and words[start - 1].text in MINUS_SIGNS:
        name, hyphen = words[start - 2], words[start - 1]
        return name.end == hyphen.start and hyphen.end == words[start].start and name.text[-1:].isalpha()
    if start >= 1 and words[start].text[:1] in MINUS_SIGNS and words[start - 1].end == words[start].start \
            and words[start - 1].text[-1:].isalpha():
        return True         # "Kh" "-555": the minus sign is the name's hyphen
    if start < 2 or not words[start].text.isdigit():
        return False
    name = words[start - 1].text
    return MODEL_CODE.match(name) is not None or name[:1].isupper() and weapons.weapon_at(words, start - 1)[0] is not None


def _slash_designation(words: list[Word], start: int) -> bool:
    """"Shahed-136/131", "Kh-101/Kh-555": a number glued after a slash that follows a model's name is the
    second model's number, not a count (a date's "13/9/2023" has no letter before its slash)."""
    glued, k = "", start
    while k > 0 and words[k - 1].end == words[k].start:
        k -= 1
        glued = words[k].text + glued
    if "/" not in glued or not words[start].text.isdigit():
        return False
    return any(c.isalpha() for c in glued[:glued.rfind("/")])


def _minus_before(words: list[Word], start: int) -> bool:
    """A minus sign glued to the number and standing apart from the word before it ("… -5 drone")."""
    if start == 0 or words[start - 1].text not in MINUS_SIGNS or words[start - 1].end != words[start].start:
        return False
    return start == 1 or words[start - 2].end < words[start - 1].start


# ----------------------------------------------------------------------------- stages


def noun_stage(ws: list[Word], m: Mention) -> bool:
    """What the number counts; False when it counts nothing a measure counts (a unit, a year …)."""
    if m.kind == "ordinal":
        m.cls, m.noun_end, m.weapon = "weapon", m.end, weapons.weapon_at(ws, m.start)[0]
    else:
        m.cls, m.noun_end, m.weapon = measures.noun_class(ws, m.end, weapons.weapon_at)
        if m.cls == "bare" or (m.cls == "other" and ws[m.end].low in measures.CLASSIFIERS):
            weapon, noun_end = measures.weapon_before(ws, m.start, m.end, weapons.weapon_at)
            if weapon is not None:      # "Rudal jelajah sebanyak tiga unit …"
                m.cls, m.noun_end, m.weapon = "weapon", noun_end, weapon or None
        if m.cls == "bare" and ws[m.start].low in ARTICLES:
            return False        # "sebuah terpisah missile strike … melukai 25 orang": an article, no count
        if exclusions.is_one_of(ws, m.start) or \
                (m.cls != "weapon" and exclusions.excluded_number(ws, m.start, m.end, m.kind)):
            return False
    return not (m.cls == "other" or (m.cls == "weapon" and exclusions.is_interceptor(ws, m.noun_end)))


def pair_stage(ws: list[Word], spans: list[tuple], k: int, m: Mention, state: SentenceState) -> bool:
    """"38 dari 46 drone": X is the part (intercepted, hit …), Y the pair's total; both weapons."""
    nxt = spans[k + 1] if k + 1 < len(spans) else None
    if nxt and m.end < len(ws) and ws[m.end].low in PAIR_OF and nxt[0] == m.end + 1:
        ycls, _, yweapon = measures.noun_class(ws, nxt[1], weapons.weapon_at)
        if ycls == "weapon":
            m.cls, m.weapon = "weapon", yweapon
            state.pair_totals.add(k + 1)
    m.pair_total = k in state.pair_totals
    m.lo, m.hi = measures.clause_bounds(ws, m.start, m.noun_end)
    return not (m.cls == "person" and exclusions.rescued(ws, m.noun_end, m.hi))


def measure_stage(ws: list[Word], m: Mention, k: int, state: SentenceState) -> bool:
    """What happened to what it counts: the trigger around it, a verb shared with the previous count,
    or the main clause's verb for a verbless part; False when nothing says."""
    registry = measures.registry()
    if m.pair_total:
        m.measure, m.trigger = registry.pair_total, None
    else:
        m.measure = measures.implied_measure(ws, m.start, m.end)
        if not m.measure:
            m.measure, m.trigger = measures.choose_measure(ws, m.start, m.end, m.noun_end, m.cls)
    is_x = k + 1 in state.pair_totals
    if is_x and m.measure == registry.pair_total and m.trigger is not None:
        # "16 dari 21 saksi diluncurkan oleh Rusia semalam telah ditembak jatuh": the launch is the
        # total's; the part takes the next predicate
        after = m.trigger.start + m.trigger.length
        # "21 dari 24 drone yang diluncurkan Rusia ke arah Kyiv, Odesa, dan Zaporizhzhia … berhasil ditembak
        # jatuh": past the relative clause's commas to the sentence's next count or break
        reach = measures.predicate_reach(ws, after) if m.trigger.start > m.end else m.hi
        later = [t for t in measures.triggers_in(ws, after, max(m.hi, reach))
                 if t.measure != registry.pair_total and not t.weak]
        if later:
            m.measure, m.trigger = later[0].measure, later[0]
        elif m.trigger.start > m.end and ws[m.trigger.start - 1].low in measures.RELATIVE:
            # "menembak jatuh 28 rudal serta 15 dari 16 drone yang diluncurkan Rusia": the total's relative
            # clause, so the part may share the verb of the count before
            m.trigger = replace(m.trigger, relative=True)
    prev = state.prev
    # a second object of the same verb ("mencegat 9 rudal dan 16 drone yang ditembakkan …"): its own
    # relative clause ("yang ditembakkan") does not outrank the shared verb
    if (m.measure is None or (m.trigger is not None and m.trigger.relative)) and prev is not None:
        between = _outside_parentheses(ws[prev.noun_end:m.start])
        if SHARED_VERB_JOINS & set(between) and len(between) <= SHARED_VERB_REACH and measures.compatible(prev.measure, m.cls):
            # "… 1.163 dari 1.250 drone …, serta 48 dari 62 rudal": X follows the earlier X
            m.measure = state.pair_x if is_x and state.prev_was_total and state.pair_x else prev.measure
            m.trigger = None
    classified = m.cls == "bare" and m.noun_end > m.end     # "– 2 buah di atas wilayah X": things, not people
    opens_part = match_at(ws, 0, PART_OPENERS) > 0 or ((m.cls == "weapon" or classified) and ws[0].low in LIST_BULLETS)
    if m.measure is None and prev is None:
        m.trigger = measures.verb_of_first_object(ws, m.lo, m.cls)
        m.measure = m.trigger.measure if m.trigger else None
    verbless = m.kind != "ordinal" and (measures.verbless_part(ws, m.lo, m.end, m.cls, m.start) or opens_part)
    if m.measure is None and verbless:
        t = measures.governing_before(ws, m.lo, m.cls)
        if t is not None:
            m.measure, m.trigger, m.part = t.measure, t, True
        elif opens_part and state.carried and measures.compatible(state.carried, m.cls):
            m.measure, m.part = state.carried, True     # "Dari jumlah itu: 18 UAV di atas wilayah Bryansk"
    if m.measure is None and m.kind != "ordinal" and (m.cls == "weapon" or classified):
        # a list of weapon kinds breaks a munition total down into claims; a list of people ("10 orang:
        # 3 anak …") is its composition
        t = measures.listed_after_colon(ws, m.start, m.cls)
        if t is not None:
            m.measure, m.trigger, m.part = t.measure, t, True
    if m.measure is None:
        return False
    if not m.part and verbless and (m.trigger is None or m.trigger.start < m.lo):
        m.part = True         # "…, masing-masing 12 di Oblast Kursk dan 5 di Oblast Oryol"
    if is_x:
        state.pair_x = m.measure
    state.prev_was_total = m.pair_total
    return True


def _outside_parentheses(words: list[Word]) -> list[str]:
    """The words not inside parentheses: "127 rudal (rudal jelajah Kh-101, Kalibr, … Kh-22) dan 109 drone"
    share their verb however long the aside."""
    out, depth = [], 0
    for w in words:
        depth += (w.text == "(") - (w.text == ")")
        if depth == 0 and w.text != ")":
            out.append(w.low)
    return out


def qualifier_stage(ws: list[Word], m: Mention, state: SentenceState) -> bool:
    """How exact it is: the words before it, a range's lower bound, "selusin"; else the qualifier of the
    previous count carried over "dan" ("setidaknya 5 tewas dan 12 terluka")."""
    q_word, m.q_start = qualifiers.qualifier_before(ws, m.start)
    m.qualifier = q_word or ("at_least" if m.kind == "range" else "about" if m.approx else "exact")
    last = state.prev
    # "menewaskan sedikitnya 25 orang, termasuk tiga anak, dan melukai 73 lainnya": over the aside
    prev = state.before_aside if last is not None and "termasuk" in last.flags else last
    subcount = m.cls == "anaphor" and match_at(ws, m.end, SUBCOUNT_WORDS)   # "sekitar 70 …, dan 51 di antaranya"
    if q_word is None and prev is not None and prev.q_explicit and prev.qualifier != "exact" and not subcount:
        between = [w.low for w in ws[last.noun_end:m.start]]
        if QUALIFIER_JOINS & set(between) and len(between) <= 5:
            m.qualifier = prev.qualifier
    m.q_explicit = q_word is not None or prev is not None and prev.q_explicit and m.qualifier != "exact"
    return True


def weapon_stage(m: Mention, aid: bool, weapon_context: Callable[[int], str | None],
                 prev: Mention | None = None) -> bool:
    """The weapon of a munition count (its noun's, else the previous count's of the sentence — "128 saksi
    ditembak jatuh dengan senjata api dan rudal, 138 hilang" —, else the context's); False for munitions
    in an aid or trade sentence, or with no weapon anywhere near. Casualty counts carry none."""
    if not measures.registry().is_munition(m.measure):
        m.weapon = None
        return True
    if aid:
        return False
    if m.cls != "weapon" and prev is not None and prev.cls == "weapon":
        m.weapon = prev.weapon      # None after a count of both kinds ("63 sarana serangan udara …, 37 dihancurkan")
        return True
    if m.cls != "weapon":
        context = weapon_context(m.start)
        m.weapon = context or None          # weapons.MIXED: two kinds, no single weapon
        return context is not None
    return True


def flags_stage(ws: list[Word], m: Mention) -> None:
    """Composition flags: what makes the count part of a stated total, or the toll said again."""
    start, end, noun_end, trig, flags = m.start, m.end, m.noun_end, m.trigger, m.flags
    if m.cls == "anaphor" and match_at(ws, end, SUBCOUNT_WORDS) or _part_marker_before(ws, min(start, m.q_start)):
        flags.append("di antaranya")
    # "termasuk enam anak" before the count; after it only "… termasuk di antara korban" — "tujuh orang
    # tewas termasuk bayi" is the total that includes a baby
    # "Seorang pejabat senior layanan darurat wilayah Donetsk termasuk di antara korban tewas": up to the trigger
    reach = max(noun_end + 5, trig.start if trig is not None and trig.start > noun_end else 0)
    if any(w.low in INCLUDES for w in ws[max(0, start - 2):start]) or \
            any(w.low in INCLUDES and j + 1 < len(ws) and ws[j + 1].low in INCLUDED_IN
                and not match_at(ws, j + 1, SUBCOUNT_WORDS)     # "18 orang, termasuk di antaranya 9 anak"
                for j, w in enumerate(ws[noun_end:min(len(ws), reach)], start=noun_end)):
        flags.append("termasuk")
    if trig is not None and any(match_at(ws, k, AMONG) and k + 2 <= trig.start
                                for k in range(max(0, trig.start - 3), trig.start - 1)) or _among_toll_before(ws, start):
        flags.append("di antara")      # "… berada di antara korban meninggal", "Di antara korban tewas terdapat …"
    cues = measures.registry()[m.measure].cues
    if (any(w.low in cues.after_words for w in ws[start:m.hi]) or _match_any(ws, start, m.hi, cues.after_phrases)) \
            and not _match_any(ws, start, m.hi + 1, TREATED_FOR):       # "karena" ends the clause
        flags.append("dirawat")        # hospitalised: part of a stated injured total
    if _match_any(ws, m.lo, m.hi, cues.clause_phrases):
        flags.append("severity")       # "Tiga korban luka dalam kondisi kritis": part of a total
    if trig is not None and trig.relative and m.cls in ("person", "bare") and trig.start > noun_end:
        flags.append("restated")       # "Tiga orang yang tewas itu adalah …": the toll said again
    m.single = m.value == 1 and ws[start].low in ONE_PERSON and noun_end > end and ws[end].low in SPECIFIC_PERSON
    if m.part or measures.parenthesised(ws, start, end):
        flags.append("part")           # "… termasuk di Oblast Kursk (12)": a region's part


def _composition_goes_on(ws: list[Word], m: Mention, prev: Mention | None) -> None:
    """"144 orang terluka, di antaranya 15 anak dan 15 polisi": a count of people joined by "dan" to a
    part of the toll (no comma between), with no predicate of its own, is part of the toll too."""
    if prev is None or m.cls != "person" or prev.cls != "person" or m.measure != prev.measure:
        return
    part = {"di antaranya", "termasuk"} & set(prev.flags)
    own_predicate = m.trigger is not None and m.trigger.start > m.start
    between = [w.low for w in ws[prev.noun_end:m.start]]
    if part and not own_predicate and between and set(between) <= measures.COORD_WORDS:
        m.flags.extend(sorted(part - set(m.flags)))


def _among_toll_before(ws: list[Word], start: int) -> bool:
    """"Di antara korban tewas terdapat seorang dokter dan dua perawat": counts among a stated toll."""
    for k in range(max(0, start - AMONG_REACH), start):
        n = match_at(ws, k, AMONG)
        if n and any(measures.trigger_at(ws, j) for j in range(k + n, min(start, k + n + 3))):
            return True
    return False


def _more_of_units(ws: list[Word], spans: list[tuple], k: int, m: Mention) -> bool:
    """"90 penerbangan tertunda dan 17 lainnya dialihkan": an anaphor after a count of a unit counts more
    of that unit."""
    if m.cls != "anaphor" or k == 0:
        return False
    start, end, _, kind, _ = spans[k - 1]
    reason = exclusions.excluded_number(ws, start, end, kind)
    return bool(reason) and reason.startswith("unit") and m.start - end <= 4


def _part_marker_before(words: list[Word], start: int) -> bool:
    """"…, di antaranya 2 anak-anak", "di antara mereka adalah 4 anak": a part of the count before."""
    for k in range(max(0, start - 6), start):
        n = match_at(words, k, SUBCOUNT_WORDS)
        if n and all(w.low in PART_COPULAS for w in words[k + n:start]):
            return True
    return False


def _match_any(words: list[Word], lo: int, hi: int, pats) -> bool:
    return any(match_at(words, i, pats) for i in range(max(0, lo), min(hi, len(words))))


def sentence_mentions(ws: list[Word], aid: bool, weapon_context: Callable[[int], str | None],
                      carried: str | None = None) -> list[Mention]:
    """The sentence's counts that are claims, each through the stages in order; `carried`: the measure of
    the sentence before's last count, for a verbless sentence that only breaks it down."""
    spans = count_spans(ws)
    state = SentenceState(carried=carried)
    out = []
    for k, span in enumerate(spans):
        m = Mention(*span)
        kept = (noun_stage(ws, m) and not _more_of_units(ws, spans, k, m)
                and pair_stage(ws, spans, k, m, state) and measure_stage(ws, m, k, state)
                and qualifier_stage(ws, m, state) and weapon_stage(m, aid, weapon_context, state.prev))
        if not kept:
            state.prev = None
            continue
        flags_stage(ws, m)
        _composition_goes_on(ws, m, state.prev)
        out.append(m)
        state.prev = m
        if "termasuk" not in m.flags:
            state.before_aside = m
    return out
