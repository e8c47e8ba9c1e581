"""Rule modules on hand-built sentences (no parser): qualifiers, exclusions, weapons, reporters,
attackers, dedup, surface words."""

from __future__ import annotations

import dataclasses
from datetime import date

from kabar.nlp.claim import Claim
from kabar.nlp.parsed import Sentence, Token
from kabar.nlp.rules import attackers, dedup, exclusions, measures, qualifiers, reporters, weapons
from kabar.nlp.rules.words import words_of


def sent(text: str, mwt: dict[str, list[str]] | None = None) -> Sentence:
    """A tokenizer-only sentence of whitespace tokens; `mwt` splits a surface token into parts."""
    toks, pos, tid = [], 0, 1
    for raw in text.split():
        s = text.index(raw, pos)
        pos = s + len(raw)
        for part in (mwt or {}).get(raw, [raw]):
            toks.append(Token(tid, part, None, None, None, None, s, pos))
            tid += 1
    return Sentence(0, 0, text, 0, len(text), tuple(toks), parsed=False)


def W(text, **kw):
    return words_of(sent(text, **kw))


def test_words_regroup_multiword_tokens():
    ws = W("Setidaknya lima orang tewas", mwt={"Setidaknya": ["Setidak", "nya"]})
    assert [w.low for w in ws] == ["setidaknya", "lima", "orang", "tewas"]
    assert ws[0].ids == (1, 2)


def test_qualifiers_before_number():
    assert qualifiers.qualifier_before(W("melukai paling sedikit 40 warga"), 3) == ("at_least", 1)
    assert qualifiers.qualifier_before(W("lebih dari 90 drone"), 2) == ("more_than", 0)
    assert qualifiers.qualifier_before(W("kira-kira 15 rudal"), 1) == ("about", 0)
    assert qualifiers.qualifier_before(W("paling banyak 6 drone"), 2) == ("at_most", 0)
    assert qualifiers.qualifier_before(W("korban naik hingga 31 orang"), 3) == ("exact", 2)
    assert qualifiers.qualifier_before(W("setidaknya sebanyak 20 orang"), 2) == ("at_least", 0)
    assert qualifiers.qualifier_before(W("tepat 7 orang"), 1) == (None, 1)


def test_exclusions_units_times_ages():
    ws = W("berjarak 450 km dari garis depan")
    assert exclusions.excluded_number(ws, 1, 2, "cardinal")
    ws = W("perempuan berusia 62 tahun")
    assert exclusions.excluded_number(ws, 2, 3, "cardinal")
    ws = W("sirene berbunyi pukul 04.15")
    assert exclusions.excluded_number(ws, 3, 4, "time")
    ws = W("merusak 14 gedung apartemen")
    assert exclusions.excluded_number(ws, 1, 2, "cardinal")
    ws = W("pada 9 Mei")
    assert exclusions.excluded_number(ws, 1, 2, "cardinal")
    ws = W("salah satu korban")
    assert exclusions.excluded_number(ws, 1, 2, "cardinal")
    ws = W("menewaskan 8 orang")
    assert exclusions.excluded_number(ws, 1, 2, "cardinal") is None


def test_boilerplate_and_cumulative():
    assert exclusions.is_boilerplate("Baca Juga: Drone Rusia Tewaskan 3 Orang")
    assert exclusions.is_boilerplate("Simak juga Video 'Rudal Hantam Odesa'")
    assert not exclusions.is_boilerplate("Dua orang tewas di Odesa.")
    assert exclusions.is_cumulative("Kerugian Rusia sejak invasi mencapai 4.000 tank.")
    assert not exclusions.is_cumulative("Itu serangan terbesar sejak invasi dimulai, dengan 300 drone.")


def test_weapon_phrases():
    ws = W("tiga pesawat tak berawak Ukraina")
    assert weapons.weapon_at(ws, 1) == ("drone", 3)
    assert weapons.weapon_at(W("roket Grad"), 0)[0] == "missile"
    assert weapons.weapon_at(W("rudal jelajah"), 0)[0] == "missile"
    assert weapons.weapon_at(W("pesawat tempur"), 0) == (None, 0)


def test_noun_class_and_measure_without_parse():
    ws = W("Sebanyak 40 drone ditembak jatuh")
    cls, end, weapon = measures.noun_class(ws, 2, weapons.weapon_at)
    assert (cls, weapon) == ("weapon", "drone")
    assert measures.choose_measure(ws, 1, 2, end, cls)[0] == "intercepted"
    ws = W("militer mencegat 12 rudal yang ditembakkan dari Krimea")
    cls, end, _ = measures.noun_class(ws, 3, weapons.weapon_at)
    assert measures.choose_measure(ws, 2, 3, end, cls)[0] == "intercepted"
    ws = W("empat orang yang terluka dilaporkan tewas")
    cls, end, _ = measures.noun_class(ws, 1, weapons.weapon_at)
    assert measures.choose_measure(ws, 0, 1, end, cls)[0] == "killed"
    # people cannot be launched, drones cannot be killed
    assert not measures.compatible("launched", "person")
    assert not measures.compatible("killed", "weapon")


def test_reporter_cues():
    ws = W("tujuh orang terluka , kata Gubernur Oleh Syniehubov .")
    assert reporters.reporter_of(ws, 0) == "Gubernur Oleh Syniehubov"
    ws = W("Menurut Angkatan Udara , 50 drone dicegat .")
    assert reporters.reporter_of(ws, 4) == "Angkatan Udara"
    ws = W("Wali Kota Sobyanin mengatakan dua drone dicegat .")
    assert reporters.reporter_of(ws, 4) == "Wali Kota Sobyanin"


def test_attacker_cues():
    ws = W("rudal Rusia menghantam Lviv")
    assert attackers.nearest_side(attackers.side_cues(ws), 0) == "RU"
    ws = W("pertahanan udara Rusia mencegat drone")
    assert attackers.nearest_side(attackers.side_cues(ws), 4) == "UA"
    ws = W("Ukraina meluncurkan 30 drone")
    assert attackers.nearest_side(attackers.side_cues(ws), 2) == "UA"
    ws = W("drone jatuh di Moskow menggunakan parasut")
    assert attackers.side_cues(ws) == []


def _claim(measure, value, place=None):
    return Claim("a", 0, measure, value, place_name=place, event_date=date(2025, 1, 1))


def test_dedup_composition_and_repeats():
    total = dedup.Candidate(_claim("killed", 9, "Odesa"), order=1, casualty=True)
    part = dedup.Candidate(_claim("killed", 2, "Odesa"), order=2, subcount=True, flags=["di antaranya"], casualty=True)
    narrower = dedup.Candidate(_claim("killed", 3, "Kyiv"), order=3, subcount=True, own_place=True,
                               flags=["di antaranya"], casualty=True)
    other_measure = dedup.Candidate(_claim("injured", 5, "Odesa"), order=4, subcount=True, flags=["di antaranya"],
                                    casualty=True)
    repeat = dedup.Candidate(_claim("killed", 9, "Odesa"), order=5, casualty=True)
    victim = dedup.Candidate(_claim("killed", 1, "Odesa"), order=6, single_person=True, casualty=True)
    kept = dedup.resolve([repeat, victim, other_measure, narrower, part, total])
    assert [(c.measure, c.value) for c in kept] == [("killed", 9), ("killed", 3), ("injured", 5)]


def test_dedup_keeps_two_equal_munition_counts_of_one_sentence_but_not_a_repeat_elsewhere():
    first = dedup.Candidate(_claim("intercepted", 2, "Sevastopol"), order=1)
    second = dedup.Candidate(_claim("intercepted", 2, "Sevastopol"), order=2)
    later = dedup.Candidate(dataclasses.replace(_claim("intercepted", 2, "Sevastopol"), sentence_idx=3), order=30_000)
    kept = dedup.resolve([later, second, first])
    assert [(c.sentence_idx, c.value) for c in kept] == [(0, 2), (0, 2)]
