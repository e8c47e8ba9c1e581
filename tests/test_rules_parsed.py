"""Rules on Indonesian sentences written for these tests, run through the real Stanza model."""

from __future__ import annotations

import pytest

from test_claims_support import claims_of, summary

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _model(stanza_dir):
    from test_claims_support import pipeline
    pipeline(str(stanza_dir))


def by(claims, measure):
    return {c.value: c for c in claims if c.measure == measure}


def test_measures_and_leading_qualifier():
    cs = claims_of("Sedikitnya enam orang tewas dan 28 terluka akibat serangan rudal Rusia di Dnipro.")
    assert summary(cs) == {("killed", 6, "at_least"), ("injured", 28, "at_least")}
    assert all(c.attacker == "RU" and c.place_name == "Dnipro" and c.country == "UA" for c in cs)


def test_x_of_y_and_lost_by_electronic_warfare():
    cs = claims_of("Angkatan Udara Ukraina menyebut pasukannya mencegat 41 dari 50 drone yang diluncurkan Rusia. "
                   "Tujuh drone lainnya hilang akibat peperangan elektronik.")
    assert summary(cs) == {("intercepted", 41, "exact"), ("launched", 50, "exact"), ("lost", 7, "exact")}
    assert all(c.weapon == "drone" and c.attacker == "RU" for c in cs)


def test_not_claims():
    cs = claims_of("Kota Sumy berjarak 30 kilometer dari perbatasan. Sekitar 200 warga dievakuasi dan 4 orang "
                   "masih hilang. Serangan itu merusak 12 rumah. Tidak ada korban jiwa.")
    assert cs == []


def test_composition_and_sub_count_for_a_narrower_place():
    cs = claims_of("Serangan rudal Rusia menewaskan sembilan orang, termasuk dua anak. "
                   "Sebanyak 30 orang terluka, 11 di antaranya dirawat di rumah sakit.")
    assert summary(cs) == {("killed", 9, "exact"), ("injured", 30, "exact")}
    cs = claims_of("Serangan drone Rusia menewaskan tujuh orang di Ukraina, tiga di antaranya di Kharkiv.")
    assert {(c.value, c.place_name) for c in cs} == {(7, None), (3, "Kharkiv")}


def test_intercepted_over_russian_regions_launched_by_ukraine():
    cs = claims_of("Kementerian Pertahanan Rusia mengatakan 25 pesawat nirawak dihancurkan di atas wilayah "
                   "Belgorod, Kursk, dan Voronezh.")
    (c,) = cs
    assert (c.measure, c.value, c.weapon, c.attacker, c.place_name, c.country) == \
        ("intercepted", 25, "drone", "UA", None, "RU")


def test_dates_evening_and_published_fallback():
    cs = claims_of("Serangan rudal ke Kharkiv pada Selasa malam melukai 14 orang.",
                   published_at="2025-05-14T09:00:00+07:00")
    (c,) = cs
    assert c.event_date.isoformat() == "2025-05-13" and c.date_basis == "relative"
    cs = claims_of("Dua orang terluka di Kherson.", published_at="2025-05-14T09:00:00+07:00")
    assert cs[0].event_date.isoformat() == "2025-05-14" and cs[0].date_basis == "published"


def test_reporter_and_selusin():
    cs = claims_of("Lebih dari selusin drone ditembak jatuh di dekat Moskow, kata Wali Kota Sergei Sobyanin.")
    (c,) = cs
    assert (c.measure, c.value, c.qualifier, c.attacker) == ("intercepted", 12, "more_than", "UA")
    assert c.reporter and "Sobyanin" in c.reporter
