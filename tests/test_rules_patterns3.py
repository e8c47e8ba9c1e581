"""Generalisation patterns found on the third held-out proxy: one test per pattern, on sentences written
for these tests (not taken from any scored set), run through the real Stanza model."""

from __future__ import annotations

from datetime import date

import pytest

from test_claims_support import claims_of, placed
from test_claims_support import with_weapon as triples

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("rules_model")]


# 1. the counted noun before "sebanyak N unit", and an object coordinated after it
def test_count_after_its_noun_and_a_coordinated_object():
    cs = claims_of("Rudal balistik sebanyak dua unit berhasil ditembak jatuh di atas Odesa, serta lima drone Shahed.")
    assert triples(cs) == {("intercepted", 2, "missile"), ("intercepted", 5, "drone")}


# 2. a classifier between the number and its noun
@pytest.mark.parametrize("text, expected", [
    ("Unit pertahanan udara merontokkan 23 unit drone di atas Kherson.", ("intercepted", 23, "drone")),
    ("Tentara Rusia menembakkan enam buah rudal ke Zaporizhzhia.", ("launched", 6, "missile")),
])
def test_classifier_between_number_and_noun(text, expected):
    assert triples(claims_of(text)) == {expected}


# 3. coordinated counted subjects of one passive predicate
def test_coordinated_counted_subjects_share_the_predicate():
    cs = claims_of("Sedikitnya 4 rudal dan 31 drone berhasil dihancurkan oleh pertahanan udara.")
    assert triples(cs) == {("intercepted", 4, "missile"), ("intercepted", 31, "drone")}


# 4. occupations and roles are victims; two coordinated person nouns are one count
@pytest.mark.parametrize("text, expected", [
    ("Hantaman rudal itu menewaskan seorang nelayan.", {("killed", 1, None)}),
    ("Drone tersebut melukai tiga relawan dan menewaskan dua pemadam kebakaran.",
     {("injured", 3, None), ("killed", 2, None)}),
    ("Setidaknya sembilan penumpang dan awak kereta terluka.", {("injured", 9, None)}),
])
def test_person_nouns_of_occupations_and_roles(text, expected):
    assert triples(claims_of(text)) == expected


# 5. a verbless count after "sementara" with an inserted phrase before it
def test_verbless_count_after_sementara_borrows_the_main_verb():
    cs = claims_of("Tiga orang tewas di distrik Shevchenkivskyi, tidak jauh dari stasiun kereta, sementara dua "
                   "lainnya di distrik Holosiivskyi.")
    assert {(c.measure, c.value) for c in cs} == {("killed", 3), ("killed", 2)}
    assert next(c for c in cs if c.value == 2).place_name == "Holosiivskyi District"


# 6. "masing-masing N" over two named places: one claim per place
def test_masing_masing_gives_one_claim_per_place():
    cs = claims_of("Di Kherson dan Mykolaiv, masing-masing dua warga terluka akibat serangan drone Rusia.")
    assert placed(cs) == {("injured", 2, "Kherson"), ("injured", 2, "Mykolaiv")}


# 7. "salah satu" is not a count; falling debris is not an interception
@pytest.mark.parametrize("text", [
    "Puing salah satu rudal jatuh di halaman sebuah sekolah.",
    "Serpihan dua drone jatuh menimpa atap rumah warga di Brovary.",
])
def test_one_of_and_falling_debris_are_not_claims(text):
    assert [c for c in claims_of(text) if c.measure == "intercepted"] == []


# 8. the hospitalised part of a total stays composition even with the hospital's city
def test_hospitalised_part_with_the_hospital_city_is_composition():
    cs = claims_of("Sebanyak 11 orang terluka dalam serangan itu; empat di antaranya dirawat di rumah sakit di "
                   "kota Zaporizhzhia.")
    assert {(c.measure, c.value) for c in cs} == {("injured", 11)}


# 9. the official's region in a title does not beat the lead's city
def test_title_region_does_not_beat_the_lead_city():
    text = ("Rudal Rusia menghantam kota Pokrovsk pada Selasa (4/6/2024).\n\n"
            "Gubernur Oblast Donetsk Vadym Filashkin mengatakan empat warga tewas. Menurut Gubernur Oblast "
            "Donetsk, tujuh orang terluka.")
    assert placed(claims_of(text)) == {("killed", 4, "Pokrovsk"), ("injured", 7, "Pokrovsk")}


# 10. a total over regions gets no place; counts in parentheses after a region are that region's
def test_total_over_regions_and_parenthesised_counts():
    cs = claims_of("Secara keseluruhan 63 drone Ukraina dihancurkan, termasuk di Oblast Bryansk (20) dan "
                   "Oblast Belgorod (9).")
    assert placed(cs) == {("intercepted", 63, None), ("intercepted", 20, "Bryansk Oblast"),
                          ("intercepted", 9, "Belgorod Oblast")}


# 11. names inside named things are not places; a power plant named for a city is a weak cue
@pytest.mark.parametrize("text, place", [
    ("Dua pengunjung terluka di Taman Shevchenko di Kharkiv.", "Kharkiv"),
    ("Tiga pekerja terluka ketika drone menghantam PLTN Zaporizhzhia di Enerhodar.", "Enerhodar"),
])
def test_names_inside_named_things(text, place):
    assert {c.place_name for c in claims_of(text)} == {place}


# 12. "di pusat kota" is the city in focus, not the oblast named just before
def test_city_centre_is_the_city_in_focus():
    text = ("Rudal Rusia menghantam Dnipro pada Senin (3/6/2024). Di Oblast Poltava, satu orang terluka. "
            "Di pusat kota, lima orang tewas.")
    cs = claims_of(text)
    assert ("killed", 5, "Dnipro") in placed(cs)


# 13. a strike on Russian territory with no agent named is Ukraine's
def test_russian_territory_without_agent_is_struck_by_ukraine():
    cs = claims_of("Kota Shebekino digempur dari seberang perbatasan. Dua warga tewas dan enam terluka.")
    assert {(c.measure, c.value, c.attacker, c.country) for c in cs} == {
        ("killed", 2, "UA", "RU"), ("injured", 6, "UA", "RU")}


# 14. a country inside a source phrase is not the defender
def test_country_in_a_source_phrase_does_not_flip_the_attacker():
    cs = claims_of("Kilang minyak di Ryazan terbakar. Sumber di dinas intelijen Ukraina menyebut 15 drone "
                   "diarahkan ke kilang tersebut.")
    assert {(c.measure, c.value, c.attacker) for c in cs} == {("launched", 15, "UA")}


# 15. a lead evening carries to the later "semalam" of the same attack
def test_lead_evening_carries_to_later_overnight_mentions():
    text = ("Rusia menyerang Sumy dengan drone pada Sabtu (8/6) malam.\n\n"
            "Serangan semalam itu melukai empat orang.")
    cs = claims_of(text, published_at="2024-06-09T08:00:00+07:00")
    assert {(c.measure, c.value, c.event_date) for c in cs} == {("injured", 4, date(2024, 6, 8))}


# 16. a strike-date sentence beats the reporting dateline
def test_strike_date_sentence_beats_the_dateline():
    text = ("ODESA, Jumat (7/6/2024) – Jumlah korban tewas akibat serangan rudal Rusia di Odesa bertambah "
            "menjadi enam. Serangan terjadi pada Kamis dini hari.")
    cs = claims_of(text)
    assert {(c.measure, c.value, c.event_date) for c in cs} == {("killed", 6, date(2024, 6, 6))}


# 17. month-only background dates have no event date
def test_month_only_background_has_no_event_date():
    text = ("Drone Rusia menghantam pelabuhan Izmail pada Senin (3/6/2024). Pada Februari 2024, tiga drone "
            "menghantam pelabuhan yang sama.")
    cs = claims_of(text)
    assert {(c.measure, c.value, c.event_date) for c in cs} == {("hit", 3, None)}


def test_total_broken_down_after_a_colon_gets_no_place():
    cs = claims_of("Kementerian Pertahanan Rusia menyatakan 51 drone Ukraina dihancurkan semalam: 14 di atas Oblast "
                   "Kursk, 8 di atas Oblast Oryol, dan sisanya di atas Oblast Bryansk.")
    assert placed(cs) == {("intercepted", 51, None), ("intercepted", 14, "Kursk Oblast"),
                          ("intercepted", 8, "Oryol Oblast")}


def test_masing_masing_with_each_count_placed_is_not_distributed():
    cs = claims_of("Pertahanan udara menembak jatuh 30 drone, masing-masing 11 di Oblast Kursk dan 6 di Oblast Oryol.")
    assert placed(cs) == {("intercepted", 30, None), ("intercepted", 11, "Kursk Oblast"),
                          ("intercepted", 6, "Oryol Oblast")}


def test_title_region_yields_the_lead_city_even_when_the_region_is_named_more():
    text = ("Serangan rudal Rusia menghantam Lozova pada Senin (3/6/2024). Di Oblast Kharkiv, sirene berbunyi "
            "sepanjang malam.\n\nGubernur Oblast Kharkiv mengatakan dua warga tewas. Pejabat di Oblast Kharkiv "
            "menyebut lima orang terluka.")
    assert placed(claims_of(text)) == {("killed", 2, "Lozova"), ("injured", 5, "Lozova")}
