"""Generalisation patterns found on the fourth held-out proxy: one test per pattern, on sentences written
for these tests (not taken from any scored set), run through the real Stanza model."""

from __future__ import annotations

from datetime import date

import pytest

from test_claims_support import claims_of, placed
from test_claims_support import summary as triples

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("rules_model")]


# 1. "antara X dan Y": a range, the lower bound at_least
def test_between_x_and_y_is_a_range():
    cs = claims_of("Tentara Rusia menembakkan antara 25 dan 30 roket ke arah Nikopol.")
    assert triples(cs) == {("launched", 25, "at_least")}


# 2. person nouns with the possessive -nya
@pytest.mark.parametrize("text, expected", [
    ("Perusahaan listrik itu menyebut lima pegawainya terluka.", {("injured", 5, "exact")}),
    ("Dua anggotanya tewas dan tiga rekannya luka-luka.", {("killed", 2, "exact"), ("injured", 3, "exact")}),
])
def test_possessive_person_nouns(text, expected):
    assert triples(claims_of(text)) == expected


# 3. a passive attack with its instrument counts the munitions launched; the attacked side's opponent attacks
@pytest.mark.parametrize("text", ["Pada malam hari wilayah Kursk diserang 23 drone.",
                                  "Pada malam hari wilayah Kursk diserang dengan 23 drone."])
def test_passive_attack_with_instrument_is_launched(text):
    (c,) = claims_of(text)
    assert (c.measure, c.value, c.weapon, c.place_name, c.attacker) == ("launched", 23, "drone", "Kursk Oblast", "UA")


# 5. zero statements: "tak satu pun", "tidak seorang pun", a digit 0
def test_zero_statements_are_not_claims():
    assert claims_of("Tak satu pun drone itu berhasil ditembak jatuh. Militer mencegat 0 rudal. "
                     "Tidak seorang pun terluka.") == []


# 6. video teasers and related links by line shape
@pytest.mark.parametrize("line", ["Simak video: 'Empat Drone Ditembak Jatuh di Atas Kursk'",
                                  "Tonton juga: \"Tiga Warga Tewas dalam Serangan Rudal\"",
                                  "Lihat Video 'Rusia Luncurkan 100 Drone'"])
def test_video_teaser_lines_carry_no_claims(line):
    text = "Serangan drone Rusia melukai dua orang di Kherson.\n\n" + line
    assert triples(claims_of(text)) == {("injured", 2, "exact")}


# 7. a toll restated ("N orang yang tewas itu …") or a single victim after a toll of one
@pytest.mark.parametrize("text, expected", [
    ("Rudal Rusia menewaskan empat orang di Chernihiv. Empat orang yang tewas itu adalah pekerja pabrik di "
     "distrik Novozavodskyi.", {("killed", 4, "exact")}),
    ("Serangan drone menewaskan satu orang di Kherson. Seorang pria ditemukan tewas di halaman rumahnya.",
     {("killed", 1, "exact")}),
])
def test_restated_toll_is_one_claim(text, expected):
    assert triples(claims_of(text)) == expected


# 8. severity and hospitalised subsets of a stated injured total are composition
@pytest.mark.parametrize("second", ["Dua korban luka dalam kondisi kritis.",
                                    "Tiga orang dilarikan ke rumah sakit."])
def test_severity_and_hospital_subsets_are_composition(second):
    cs = claims_of("Serangan rudal itu melukai sembilan orang di Poltava. " + second)
    assert triples(cs) == {("injured", 9, "exact")}


def test_hospitalised_count_alone_is_the_injured_claim():
    assert triples(claims_of("Empat orang dibawa ke rumah sakit setelah serangan drone di Sumy.")) == \
        {("injured", 4, "exact")}


# 9. "desa X, distrik Y": the village for every claim of the sentence
def test_village_apposition_places_every_claim():
    cs = claims_of("Seorang sopir tewas dan tiga lainnya terluka di desa Krasnaya Yaruga, distrik Rakityansky.")
    assert placed(cs) == {("killed", 1, "Krasnaya Yaruga"), ("injured", 3, "Krasnaya Yaruga")}


# 11. the hospital's city is not where the wounded were hurt
def test_hospital_city_is_not_the_place():
    cs = claims_of("Drone menghantam sebuah truk di Valuyki. Tiga korban dibawa ke rumah sakit di Belgorod.")
    assert placed(cs) == {("injured", 3, "Valuyki")}


# 12. a nationwide count does not take a city first named in a later paragraph
def test_national_count_does_not_take_a_later_city():
    text = ("Rusia meluncurkan 90 drone ke Ukraina semalam.\n\nSebanyak 75 drone ditembak jatuh.\n\n"
            "Di Kharkiv, tiga orang terluka.")
    cs = {(c.measure, c.value): c.place_name for c in claims_of(text)}
    assert cs[("intercepted", 75)] is None and cs[("injured", 3)] == "Kharkiv"


# 13. a launch's origin after "dari" is not its location
def test_launch_origin_is_not_the_location():
    cs = claims_of("Rusia meluncurkan tiga rudal balistik dari wilayah Kursk ke Sumy.")
    assert placed(cs) == {("launched", 3, "Sumy")}


# 15. common English spelling of place names
def test_place_names_in_common_english_spelling():
    from kabar.nlp.places import gazetteer

    g = gazetteer()
    assert g.lookup("Hulyaypole").name == "Huliaipole"
    assert g.lookup("Izyum").name == "Izium"
    assert g.lookup("Ryl’sk").name == "Rylsk"
    assert g.lookup("Kharkiv").name == "Kharkiv"      # already official: unchanged


# 17. "sehari setelah" after a report date: the event the day before
def test_day_after_dates_the_event_a_day_earlier():
    (c,) = claims_of("Rudal Rusia menewaskan dua orang di Odesa, kata wali kota pada Kamis (12/6/2025), "
                     "sehari setelah serangan itu.", published_at="2025-06-13T09:00:00+07:00")
    assert c.event_date == date(2025, 6, 11)


# 18. the bracketed start of the Air Force's window does not date the night
def test_window_start_in_brackets_does_not_date_the_night():
    (c,) = claims_of("Pada malam 14 Mei (mulai pukul 18.00 tanggal 13 Mei), Rusia menyerang Ukraina dengan "
                     "60 drone, kata Angkatan Udara.", published_at="2025-05-14T12:00:00+07:00")
    assert (c.measure, c.value, c.event_date) == ("launched", 60, date(2025, 5, 14))


# 19. "X dari Y" with X in number words: intercepted X and launched Y, as with digits
@pytest.mark.parametrize("text", [
    "Militer Ukraina mengatakan dua puluh tujuh dari 41 drone Rusia berhasil ditembak jatuh di atas Kyiv.",
    "Militer Ukraina mengatakan 27 dari 41 drone Rusia berhasil ditembak jatuh di atas Kyiv.",
])
def test_x_of_y_with_x_in_words(text):
    assert triples(claims_of(text)) == {("intercepted", 27, "exact"), ("launched", 41, "exact")}


# 20. the date "pada" attaches to the event beats the dateline at the start of the same sentence
def test_event_date_in_the_sentence_beats_its_dateline():
    cs = claims_of("Kyiv, Selasa (10/12/2024) - Pasukan Rusia menembakkan 12 rudal ke Odesa pada Minggu (8/12), "
                   "kata gubernur setempat. Sebanyak sembilan rudal berhasil dicegat.")
    assert {(c.measure, c.value, c.event_date) for c in cs} == {("launched", 12, date(2024, 12, 8)),
                                                                 ("intercepted", 9, date(2024, 12, 8))}
