"""Who attacked: RU or UA.

Cues, nearest to the number first:
- attacker cues: a weapon or attack noun with a side ("drone Rusia", "rudal Ukraina", "serangan Rusia",
  "pasukan Ukraina"), a side as the subject of a launch/attack verb ("Rusia meluncurkan",
  "Rusia kembali mengirim"), the agent of a passive ("diluncurkan oleh Ukraina", "diterbangkan Kiev");
- defender cues, inverted: "pertahanan udara Rusia", "militer Rusia mencegat", "Angkatan Udara Ukraina",
  "wilayah Rusia", a side's authorities counting casualties ("otoritas Ukraina", "pihak Ukraina").
"""

from __future__ import annotations

from dataclasses import dataclass

from kabar.nlp import lexicon
from kabar.nlp.numbers import is_number_token
from kabar.nlp.rules.matching import match_at
from kabar.nlp.rules.weapons import weapon_at
from kabar.nlp.rules.words import Word

_LEX = lexicon.load()
COUNTRY_ONLY = _LEX.mapping("countries")       # city names are a side only in actor positions
SIDES = {**COUNTRY_ONLY, **_LEX.mapping("capitals")}
ATTACK_NOUNS = _LEX.words("attack_nouns")
ATTACK_VERBS = _LEX.words("attack_verbs")
PASSIVE_AGENT = _LEX.words("passive_agents")
AGENT_MARKERS = _LEX.words("agent_markers")
SUFFERED = _LEX.words("suffered_by_verbs")
ATTRIBUTED = _LEX.words("attributed_verbs")
TYPE_WORDS = _LEX.words("weapon_type_words")
DEFENDER_NOUNS = _LEX.phrases("defender_nouns")
INTERCEPT_VERBS = _LEX.words("intercept_verbs")
SKIP = _LEX.words("side_skip")
NOT_ACTOR = _LEX.words("not_actor_before") | _LEX.with_role("officials", "not_actor")
DROP_VERBS = _LEX.words("drop_verbs")
BOMBS = _LEX.words("bombs")
# may stand between "menjatuhkan" and the bombs it drops
BOMB_COUNT_WORDS = _LEX.qualifier_words | _LEX.words("vague_amounts") | _LEX.words("classifiers") \
    | _LEX.keys("whole_words")
SOURCE_WORDS = _LEX.words("source_words")
OWNED_TARGETS = _LEX.words("owned_targets")
FIRED_FROM_BEFORE = _LEX.words("fired_from_before")
FIRED_FROM_GLUE = _LEX.words("fired_from_glue")
FROM = _LEX.words("origin_markers")
WEAPON_SIDE_GLUE = _LEX.words("weapon_side_glue")
SIDE_EDGE = _LEX.words("side_edge")
UNKNOWN_ORIGIN = _LEX.phrases("unknown_origin")
MODEL_SIDES = _LEX.mapping("weapon_model_sides")
SUBJECT_JOINS = _LEX.words("coordination") - _LEX.words("clause_punctuation")     # dan, serta, atau
MILITARY_CLAIMANTS = _LEX.phrases("military_claimants")
CLAIMED_SOLDIERS = _LEX.words("claimed_soldiers")
INFLICT_VERBS = _LEX.words("inflict_verbs")
INTERCEPT_PREFIXES = tuple(sorted(_LEX.words("intercept_stems")))
BOMB_PREFIXES = tuple(sorted(_LEX.words("bomb_prefixes")))


def _drops_bombs(words: list[Word], j: int) -> bool:
    """Is the object of "menjatuhkan" at word j a bomb ("dua bom luncur", "bom berpemandu KAB")?"""
    while j < len(words) and (is_number_token(words[j].text) or words[j].low in BOMB_COUNT_WORDS):
        j += 1
    return j < len(words) and (words[j].low in BOMBS or words[j].low.startswith(BOMB_PREFIXES))




def _fired_from(words: list[Word], i: int) -> bool:
    """"… digempur dari wilayah Ukraina", "drone datang dari arah Rusia": the side it came from."""
    k = i - 1
    while k >= 0 and words[k].low in FIRED_FROM_GLUE:
        k -= 1
    if k < 0 or words[k].low not in FROM:
        return False
    return k < i - 1 or (k > 0 and words[k - 1].low in FIRED_FROM_BEFORE)


def _intercepts(verb: str) -> bool:
    return verb in INTERCEPT_VERBS or verb.startswith(INTERCEPT_PREFIXES)


@dataclass(frozen=True)
class SideCue:
    index: int
    side: str
    strong: bool     # an attacker cue (else a defender cue, already inverted)
    model: bool = False     # a weapon model's maker: a cue for its own sentence only


def _other(side: str) -> str:
    return "UA" if side == "RU" else "RU"


def side_cues(words: list[Word]) -> list[SideCue]:
    """Every attacker/defender cue in a sentence, as the attacking side; a weapon model's maker as a weak
    attacker cue ("drone Shahed", "rudal ATACMS")."""
    models = [SideCue(i, MODEL_SIDES[w.low], False, model=True) for i, w in enumerate(words) if w.low in MODEL_SIDES]
    return sorted(_named_side_cues(words) + models, key=lambda c: c.index)


def _named_side_cues(words: list[Word]) -> list[SideCue]:
    """The cues of the sides named in a sentence (countries, capitals as actors)."""
    cues = []
    for i, w in enumerate(words):
        side = SIDES.get(w.low)
        if not side:
            continue
        prev = words[i - 1].low if i > 0 else ""
        prev2 = words[i - 2].low if i > 1 else ""
        j = i + 1
        while j < len(words) and words[j].low in SKIP:
            j += 1
        nxt_verb = words[j].low if j < len(words) else ""
        is_country = w.low in COUNTRY_ONLY
        if not is_country and prev in NOT_ACTOR:
            continue      # "di Moskow", "Wali Kota Kyiv": a place, not an actor
        back = i - 1
        while back >= 0 and words[back].low in WEAPON_SIDE_GLUE:
            back -= 1
        # "drone Rusia", "rudal balistik Rusia" — not "rudal ke Ukraina" (the target's side), nor a headline's
        # "Moskow Diserang 8 Drone, Rusia Tuding …" (a comma between), nor
        # "… 54 drone Shahed dan Ukraina menembak jatuh …" (a subject of its own verb)
        own_verb = prev in SUBJECT_JOINS and (nxt_verb in ATTACK_VERBS or _intercepts(nxt_verb))
        if back >= 0 and prev not in SIDE_EDGE and not own_verb and (weapon_at(words, back)[0] or words[back].low in ATTACK_NOUNS
                                                    or (back > 0 and not words[back].is_punct
                                                        and weapon_at(words, back - 1)[0])):
            if words[back].low in ATTACK_NOUNS and _intercepts(nxt_verb):
                cues.append(SideCue(i, _other(side), False))    # "pasukan Ukraina … menembak jatuh"
                continue
            if is_country or words[back].low in ATTACK_NOUNS:
                cues.append(SideCue(i, side, True))
                continue
        if is_country and prev in AGENT_MARKERS and prev2 in SUFFERED:
            cues.append(SideCue(i, _other(side), False))    # "tragedi yang dialami oleh Ukraina": the victim
            continue
        # "… yang oleh Kiev diduga didalangi pasukan Rusia": who suspects, not who attacked
        agent = prev in PASSIVE_AGENT or (prev2 in PASSIVE_AGENT and prev in AGENT_MARKERS)
        if agent and nxt_verb not in ATTRIBUTED:
            cues.append(SideCue(i, side, True))
            continue
        if is_country and _fired_from(words, i):
            cues.append(SideCue(i, side, True))     # "digempur dari wilayah Ukraina"
            continue
        if is_country and any(w.low in SOURCE_WORDS for w in words[max(0, i - 4):i]):
            # "Sumber di dinas intelijen militer Ukraina menyebut …": a side's own source describing
            # its strike, not its air defence
            cues.append(SideCue(i, side, False))
            continue
        owner = _owner_cue(words, i, side) if is_country and nxt_verb not in ATTACK_VERBS else None
        if owner:
            cues.append(owner)
            continue
        if nxt_verb in ATTACK_VERBS:
            cues.append(SideCue(i, side, True))
            continue
        if nxt_verb in DROP_VERBS and _drops_bombs(words, j + 1):
            cues.append(SideCue(i, side, True))       # "Rusia menjatuhkan dua bom luncur": an attack
            continue
        if _intercepts(nxt_verb):     # "Ukraina mengklaim telah menghancurkan kapal pendarat": an attack
            target = j + 1 < len(words) and words[j + 1].low in OWNED_TARGETS
            cues.append(SideCue(i, side, True) if target else SideCue(i, _other(side), False))
            continue
        if not is_country:
            continue
        # "pertahanan udara Rusia", "Angkatan Udara Ukraina", "wilayah Rusia", "otoritas Ukraina"
        for k in range(max(0, i - 4), i):
            n = match_at(words, k, DEFENDER_NOUNS)
            if n and k + n >= i - 1:
                cues.append(SideCue(i, _other(side), False))
                break
        else:
            if prev in SIDE_EDGE and _attack_near(words, i - 1):
                cues.append(SideCue(i, _other(side), False))
    return cues


def _owner_cue(words: list[Word], i: int, side: str) -> SideCue | None:
    """"kapal patroli Rusia": the target's owner defends — but "pesawat nirawak tipe pesawat (terbang) Ukraina"
    (a machine translation of aircraft-type drones) names the drones' side, which attacks."""
    for k in (i - 1, i - 2):
        if k >= 1 and words[k].low in OWNED_TARGETS and words[k - 1].low in TYPE_WORDS:
            return SideCue(i, side, True)
    if any(w.low in OWNED_TARGETS for w in words[max(0, i - 3):i]):
        return SideCue(i, _other(side), False)
    return None


def victim_side(words: list[Word], noun_end: int) -> str | None:
    """"tiga prajurit Angkatan Udara Rusia tewas", "dua tentara Ukraina": the side the counted people
    belong to — a country right after their noun, over capitalised words of a unit's name only."""
    for k in range(noun_end, min(len(words), noun_end + 4)):
        side = COUNTRY_ONLY.get(words[k].low)
        if side:
            return side
        if words[k].is_punct or not words[k].text[:1].isupper():
            return None
    return None


def claimed_kills_side(words: list[Word], number: int, noun_end: int, trigger: int | None) -> str | None:
    """"Kementerian Pertahanan Rusia mengklaim serangan itu … menewaskan lebih dari 60 tentara": soldiers a
    side's military says its strike killed are the other side's, killed by the claimant's side — the
    claimant's name is no defender cue here. Only for a toll inflicted by an active verb before the number
    (a military counting its own dead says "tiga prajurit tewas") and soldiers with no possessive
    ("tentaranya" are its own)."""
    if trigger is None or trigger >= number or words[trigger].low not in INFLICT_VERBS:
        return None
    if not any(w.low in CLAIMED_SOLDIERS for w in words[number:noun_end]):
        return None
    for k in range(trigger - 1, -1, -1):
        n = match_at(words, k, MILITARY_CLAIMANTS)
        if n and k + n < trigger:
            side = COUNTRY_ONLY.get(words[k + n].low)
            if side:
                return side
    return None


def unattributed(words: list[Word], noun_end: int) -> bool:
    """"sebuah drone tak dikenal menghantam …": the counted weapon is said to be of no known side."""
    return match_at(words, noun_end, UNKNOWN_ORIGIN) > 0


def _attack_near(words: list[Word], edge: int) -> bool:
    """"serangan terhadap Rusia", "rudal ke Ukraina", "drone di atas Rusia": an edge word names the target's
    side only after an attack or a munition — not "sikap terhadap Rusia", "kunjungan … ke Rusia"."""
    return any(words[k].low in ATTACK_NOUNS or words[k].low in ATTACK_VERBS or weapon_at(words, k)[0]
               for k in range(max(0, edge - 4), edge))


def nearest_side(cues: list[SideCue], index: int, *, strong_only: bool = False) -> str | None:
    pool = [c for c in cues if c.strong] if strong_only else cues
    if not pool:
        return None
    return min(pool, key=lambda c: (abs(c.index - index), c.index > index)).side


def dominant_side(cues: list[SideCue]) -> str | None:
    """The side most attacker cues name (strong cues count double); ties → the first named."""
    score: dict[str, int] = {}
    first: dict[str, int] = {}
    for n, c in enumerate(c for c in cues if not c.model):
        score[c.side] = score.get(c.side, 0) + (2 if c.strong else 1)
        first.setdefault(c.side, n)
    if not score:
        return None
    return max(score, key=lambda s: (score[s], -first[s]))
