"""Rules that must generalise beyond the seeds and the dev set: one test per error pattern found on
the held-out proxy, on sentences written for these tests, run through the real Stanza model."""

from __future__ import annotations

import pytest

from test_claims_support import claims_of, summary
from test_claims_support import with_weapon as triples

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("rules_model")]


# A. a second object joined by "dan"/"serta" shares the main verb, not its own relative clause
def test_second_object_takes_the_main_verb_not_its_relative_clause():
    cs = claims_of("Militer Rusia menembak jatuh empat rudal Storm Shadow dan 22 drone yang diterbangkan "
                   "Ukraina ke wilayah Belgorod.")
    assert triples(cs) == {("intercepted", 4, "missile"), ("intercepted", 22, "drone")}


def test_second_x_of_y_pair_splits_like_the_first():
    cs = claims_of("Angkatan Udara Ukraina mengatakan pasukannya mencegat 310 dari 340 drone yang dikirim Rusia, "
                   "serta 11 dari 15 rudal jelajah.")
    assert triples(cs) == {("intercepted", 310, "drone"), ("launched", 340, "drone"),
                           ("intercepted", 11, "missile"), ("launched", 15, "missile")}


# B. "N (di antaranya) di atas wilayah X" with no verb of its own: the main clause's measure, the narrower place
def test_count_for_a_named_region_takes_the_main_clause_measure():
    cs = claims_of("Kementerian Pertahanan Rusia menyebut 140 drone Ukraina dihancurkan di atas sembilan wilayah, "
                   "termasuk 52 di atas wilayah Bryansk dan 18 di atas wilayah Oryol.")
    got = {(c.measure, c.value, c.place_name) for c in cs}
    assert got == {("intercepted", 140, None), ("intercepted", 52, "Bryansk Oblast"),
                   ("intercepted", 18, "Oryol Oblast")}


def test_di_antaranya_for_a_region_is_a_claim_for_that_region():
    cs = claims_of("Sebanyak 95 drone Ukraina dicegat di atas enam wilayah pada malam itu, 40 di antaranya "
                   "di atas wilayah Kursk.")
    assert {(c.measure, c.value, c.place_name) for c in cs} == {
        ("intercepted", 95, None), ("intercepted", 40, "Kursk Oblast")}


def test_termasuk_then_a_munition_count_takes_the_listing_verb():
    cs = claims_of("Pasukan Rusia menembakkan lebih dari 300 peluru artileri dan mortir, termasuk sedikitnya "
                   "delapan roket Grad, ke kota Nikopol.")
    assert summary(cs) == {("launched", 8, "at_least")}


# C. a composition aside between the number and its verb
def test_composition_aside_does_not_hide_the_verb():
    cs = claims_of("Serangan drone Rusia di Sumy menewaskan seorang pria. Lima orang lainnya, termasuk dua remaja, "
                   "terluka dan dilarikan ke rumah sakit.")
    assert summary(cs) == {("killed", 1, "exact"), ("injured", 5, "exact")}


# D. totals over a period are cumulative tallies
@pytest.mark.parametrize("text", [
    "Rusia mengklaim telah mencegat lebih dari 2.500 drone Ukraina sejak awal 2025.",
    "Sepanjang Juli Rusia meluncurkan lebih dari 6.000 drone dan sekitar 150 rudal ke Ukraina.",
    "Dalam sebulan terakhir, pertahanan udara Ukraina menembak jatuh 3.100 drone.",
])
def test_totals_over_a_period_are_not_claims(text):
    assert claims_of(text) == []


# E. interceptor missiles in an aid package are not launches nor interceptions
def test_interceptor_missiles_in_aid_are_not_claims():
    cs = claims_of("Jerman akan mengirimkan paket bantuan berisi 120 rudal pencegat untuk sistem Patriot ke Ukraina.")
    assert cs == []


# F. negated injury cue, evacuated people
def test_evacuated_without_injury_is_not_a_claim():
    cs = claims_of("Sebanyak 35 penumpang kereta berhasil dievakuasi tanpa cedera setelah drone menghantam stasiun.")
    assert all(c.measure != "injured" for c in cs)
    assert claims_of("Menurut polisi, 12 pekerja pabrik tidak terluka dalam serangan itu.") == []


# G. hospitalised sub-count of a stated injured total
def test_hospitalised_subset_is_composition():
    cs = claims_of("Serangan rudal Rusia di Zaporizhzhia melukai 41 orang. Sebanyak 23 korban luka masih dirawat "
                   "di rumah sakit.")
    assert summary(cs) == {("injured", 41, "exact")}


# H. weapon model codes
def test_model_codes_give_no_counts():
    cs = claims_of("Rudal Ukraina menghantam sebuah peluncur sistem S-300 dan dua pesawat Su-34 di pangkalan udara.")
    assert all(c.value not in (300, 34) for c in cs)


# I. a conjoined second predicate of the same subject
def test_conjoined_predicate_gives_the_measure():
    cs = claims_of("Setidaknya empat drone menembus pertahanan udara dan menghantam depot minyak di Tuapse.")
    assert summary(cs) == {("hit", 4, "at_least")}


# J. a worded range takes its lower bound; drones seen flying are launched
def test_worded_range_of_drones_seen_flying():
    cs = claims_of("Warga mengaku melihat delapan hingga sepuluh drone terbang di atas kota Poltava.")
    assert summary(cs) == {("launched", 8, "at_least")}


# broadened lexicons
@pytest.mark.parametrize("text, expected", [
    ("Dua warga kehilangan nyawa akibat serangan drone Rusia di Kherson.", ("killed", 2)),
    ("Tiga petugas pemadam kebakaran mengalami luka bakar saat serangan itu.", ("injured", 3)),
    ("Empat orang terkena serpihan rudal di pusat kota Odesa.", ("injured", 4)),
    ("Rusia melesatkan 12 rudal balistik ke Kyiv pada dini hari.", ("launched", 12)),
    ("Pasukan pertahanan udara berhasil menangkal 17 drone Rusia di atas Chernihiv.", ("intercepted", 17)),
    ("Menurut Angkatan Udara, 23 drone Rusia hilang dari radar akibat perang elektronik.", ("lost", 23)),
])
def test_broadened_trigger_lexicons(text, expected):
    assert {(c.measure, c.value) for c in claims_of(text)} == {expected}


# K. dropping bombs is an attack, not a shoot-down
def test_dropping_glide_bombs_names_the_attacker():
    cs = claims_of("Rusia menjatuhkan tiga bom luncur ke Zaporizhzhia, disusul dua drone yang menghantam pelabuhan.")
    (c,) = cs
    assert (c.measure, c.value, c.attacker) == ("hit", 2, "RU")


# L. institutions are weak place cues: the city the paragraph names wins
def test_institution_named_for_a_region_yields_the_city():
    cs = claims_of("Serangan rudal Rusia menghantam pusat kota Sumy pada Selasa. Kepolisian Wilayah Sumy "
                   "menyebut sedikitnya 26 orang terluka.", published_at="2025-04-16T10:00:00+07:00")
    (c,) = cs
    assert (c.measure, c.value, c.place_name) == ("injured", 26, "Sumy")


# M/N. a district named in a subordinate clause is the narrowest place; occupied Crimea is UA
def test_district_in_a_when_clause_is_the_place():
    cs = claims_of("Di Mykolaiv, tiga orang tewas ketika rudal menghantam sebuah pabrik di distrik Zavodskyi.")
    (c,) = cs
    assert (c.place_name, c.country, c.attacker) == ("Zavodskyi District", "UA", "RU")


def test_crimean_district_is_ukrainian_and_the_attacker_ukraine():
    cs = claims_of("Gubernur Sevastopol yang ditunjuk Moskow mengatakan dua orang terluka akibat puing drone "
                   "yang jatuh di distrik Haharinskyi.")
    (c,) = cs
    assert (c.place_name, c.country, c.attacker) == ("Haharinskyi District", "UA", "UA")


# O. an acting governor's "wilayah tersebut" is the region
def test_acting_governor_region_anaphor():
    cs = claims_of("Drone Ukraina menyerang kota Rylsk pada malam hari. Penjabat Gubernur Kursk menyatakan "
                   "pertahanan udara menembak jatuh 14 drone di atas wilayah tersebut.")
    (c,) = cs
    assert (c.measure, c.value, c.place_name) == ("intercepted", 14, "Kursk Oblast")


# P. dates: rolling tallies, "Sehari sebelumnya", revised tolls
def test_rolling_tally_has_no_event_date():
    cs = claims_of("Gubernur Kherson mengatakan dalam 24 jam terakhir serangan Rusia menewaskan dua orang.",
                   published_at="2025-06-02T08:00:00+07:00")
    (c,) = cs
    assert c.event_date is None


def test_day_before_a_stated_date():
    cs = claims_of("Rudal Rusia menghantam Odesa pada Kamis (5/6/2025) malam, menewaskan tiga orang.\n\n"
                   "Sehari sebelumnya, dua drone Rusia menghantam pelabuhan Izmail.",
                   published_at="2025-06-06T08:00:00+07:00")
    dates = {(c.measure, c.value): str(c.event_date) for c in cs}
    assert dates == {("killed", 3): "2025-06-05", ("hit", 2): "2025-06-04"}


def test_revised_toll_keeps_the_strike_date():
    cs = claims_of("Serangan drone Rusia ke Kharkiv pada Selasa (3/6/2025) malam menewaskan dua orang.\n\n"
                   "Rabu sore, jumlah korban tewas bertambah menjadi lima orang.",
                   published_at="2025-06-04T20:00:00+07:00")
    assert {c.value: str(c.event_date) for c in cs} == {2: "2025-06-03", 5: "2025-06-03"}
