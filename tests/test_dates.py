"""Indonesian date expressions: explicit, relative to a reference date, evening/overnight flags."""

from datetime import date, timedelta

import pytest

from kabar.nlp.dates import caption_lines, find_dates, text_date

THU = date(2024, 3, 14)   # a Thursday


def _one(text, reference=THU):
    found = find_dates(text, reference)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, expected, basis",
    [
        ("Dikutip Reuters, Kamis (14/3/2024), pejabat itu", date(2024, 3, 14), "explicit"),
        ("serangan pada Senin (11/3)", date(2024, 3, 11), "explicit"),
        ("Ledakan terjadi (9/3) sore", date(2024, 3, 9), "explicit"),
        ("Tanggal (2/2/24) tercatat", date(2024, 2, 2), "explicit"),
        ("pada 8 Maret 2024 di Odesa", date(2024, 3, 8), "explicit"),
        ("pada 12 Februari", date(2024, 2, 12), "explicit"),
        ("sejak 3 Agt 2023", date(2023, 8, 3), "explicit"),
        ("pada 7 Nopember 2022", date(2022, 11, 7), "explicit"),
        ("pada 5 Okt. 2023", date(2023, 10, 5), "explicit"),
        ("Senin, 4 Maret 2024 pagi", date(2024, 3, 4), "explicit"),
        ("data 2024-03-01 menunjukkan", date(2024, 3, 1), "explicit"),
        ("tanggal 29/2/2024 itu", date(2024, 2, 29), "explicit"),
        ("pada hari Selasa", date(2024, 3, 12), "relative"),
        ("pada Kamis", THU, "relative"),            # the reference's own weekday is that day
        ("Jumat lalu", date(2024, 3, 8), "relative"),
        ("Kamis lalu", date(2024, 3, 7), "relative"),
        ("sejak kemarin", date(2024, 3, 13), "relative"),
        ("kemarin lusa", date(2024, 3, 12), "relative"),
        ("hari ini", THU, "relative"),
        ("tiga hari lalu", date(2024, 3, 11), "relative"),
        ("4 hari yang lalu", date(2024, 3, 10), "relative"),
        ("dua pekan lalu", date(2024, 2, 29), "relative"),
        ("sepekan lalu", date(2024, 3, 7), "relative"),
    ],
)
def test_resolution(text, expected, basis):
    found = _one(text)
    assert (found.date, found.basis) == (expected, basis)
    assert text[found.start:found.end] == found.text


def test_explicit_without_year_rolls_back_over_new_year():
    assert _one("Serangan (28/12) malam", date(2025, 1, 3)).date == date(2024, 12, 28)
    assert _one("pada 30 Desember", date(2025, 1, 3)).date == date(2024, 12, 30)
    assert _one("pada 2 Januari", date(2025, 1, 3)).date == date(2025, 1, 2)


def test_explicit_date_with_year_after_reference_is_kept():
    assert _one("rencana 10 Mei 2030", THU).date == date(2030, 5, 10)


def test_relative_dates_never_after_reference():
    for text in ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu", "semalam", "kemarin"):
        found = _one(text)
        assert THU - timedelta(days=7) < found.date <= THU


def test_evening_named():
    rabu = _one("diserang Rabu malam")
    assert (rabu.date, rabu.evening, rabu.overnight) == (date(2024, 3, 13), True, False)
    kemarin = _one("kemarin malam")
    assert (kemarin.date, kemarin.evening) == (date(2024, 3, 13), True)
    explicit = _one("Selasa (12/3/2024) malam")
    assert (explicit.date, explicit.evening) == (date(2024, 3, 12), True)
    before = _one("Senin malam (11/3)")
    assert (before.date, before.evening) == (date(2024, 3, 11), True)


@pytest.mark.parametrize("text", ["serangan semalam", "tadi malam", "sepanjang malam", "dini hari tadi"])
def test_overnight_takes_the_reference(text):
    found = _one(text)
    assert (found.date, found.overnight, found.evening) == (THU, True, False)


def test_weekday_dini_hari_is_overnight_on_that_day():
    found = _one("Minggu dini hari")
    assert (found.date, found.overnight) == (date(2024, 3, 10), True)


def test_several_dates_in_order():
    text = "pada Sabtu (9/3) malam, lalu Minggu (10/3) pagi, lalu Senin"
    found = find_dates(text, THU)
    assert [(d.date, d.evening) for d in found] == [
        (date(2024, 3, 9), True), (date(2024, 3, 10), False), (date(2024, 3, 11), False)]


@pytest.mark.parametrize("text, expected", [
    ("dari Sabtu (9/3) malam hingga Minggu (10/3) pagi", date(2024, 3, 10)),
    ("pada Selasa malam hingga Rabu dini hari", date(2024, 3, 13)),
    ("sejak Sabtu (9/3) hingga Minggu (10/3) pagi", date(2024, 3, 10)),
    ("antara pukul 23.00 Senin hingga pukul 06.00 Selasa", date(2024, 3, 12)),
])
def test_overnight_range_is_one_night_dated_to_its_morning(text, expected):
    found = _one(text)
    assert (found.date, found.evening, found.overnight) == (expected, False, True)


@pytest.mark.parametrize("text", ["pada Sabtu dan Minggu", "Sabtu malam dan Minggu", "Jumat hingga Minggu pagi"])
def test_two_days_that_are_not_one_night_stay_two(text):
    assert len(find_dates(text, THU)) == 2


@pytest.mark.parametrize("text", [
    "Februari 2022", "sejak 2014", "pekan lalu", "minggu lalu", "pukul 20:00", "pukul 08.00 waktu setempat", "selama 12 jam",
    "sekitar 1.000 km", "akhir pekan lalu", "bulan lalu", "beberapa hari lalu", "setengah 1/2 bagian",
])
def test_not_dates(text):
    assert find_dates(text, THU) == []


def test_without_reference_only_full_explicit_dates():
    found = find_dates("Kamis (14/3/2024) dan Rabu (13/3) serta kemarin", None)
    assert [d.date for d in found] == [date(2024, 3, 14)]


def test_sentence_initial_minggu_lalu_means_last_week():
    """Last week names no day (no date); mid-sentence "Minggu lalu" is last Sunday."""
    assert find_dates("Minggu lalu, drone jatuh.", THU) == []
    assert _one("Serangan itu Minggu lalu.").date == date(2024, 3, 10)


def test_text_date_from_dateline_near_the_top():
    text = "Judul berita\n\nDilansir Reuters, Rabu (13/3/2024), serangan drone menghantam kota."
    assert text_date(text) == date(2024, 3, 13)


def test_text_date_ignores_a_background_date_deep_in_the_text():
    text = "Pembukaan. " + "Kalimat panjang tanpa tanggal. " * 20 + "Perjanjian diteken Jumat (22/7/2022)."
    assert text_date(text) is None


def test_text_date_from_a_repeated_full_date():
    text = "Paragraf. " * 40 + "Foto diambil 5 Juni 2024. " + "Paragraf. " * 10 + "Asap naik, 5 Juni 2024."
    assert text_date(text) == date(2024, 6, 5)
    assert text_date("tanpa tanggal sama sekali") is None


@pytest.mark.parametrize("text, shift", [
    ("Sehari sebelumnya, drone menghantam depot.", -1),
    ("Tiga hari sebelumnya serangan serupa terjadi.", -3),
    ("Dua hari kemudian, rudal kembali jatuh.", 2),
    ("Keesokan harinya, jumlah korban bertambah.", 1),
    ("Drone menghantam depot pada Senin.", None),
])
def test_anchored_shift(text, shift):
    from kabar.nlp.dates import anchored_shift
    assert anchored_shift(text) == shift


@pytest.mark.parametrize("text, rolling", [
    ("Dalam 24 jam terakhir, pasukan Rusia menembaki 30 permukiman.", True),
    ("Selama sehari terakhir, tiga orang tewas.", True),
    ("Serangan berlangsung 24 jam.", False),
])
def test_rolling_tallies(text, rolling):
    from kabar.nlp.dates import is_rolling
    assert is_rolling(text) is rolling


def test_weekday_picks_the_year_of_a_date_just_after_the_reference():
    # a reference read from the text (a day earlier): "Jumat (4/7)" is Friday 4 July 2025, not 2024
    assert _one("pada Jumat (4/7) dini hari", date(2025, 7, 3)).date == date(2025, 7, 4)
    # a weekday that matches no nearby year is a typo: the written date stands
    assert _one("pada Kamis (4/7)", date(2025, 7, 5)).date == date(2025, 7, 4)
    assert _one("pada (4/7)", date(2025, 7, 3)).date == date(2024, 7, 4)


def test_weekday_may_name_the_day_after_a_reference_read_from_the_text():
    sunday = date(2025, 6, 8)
    assert find_dates("hingga Senin", sunday)[0].date == date(2025, 6, 2)
    assert find_dates("hingga Senin", sunday, ahead=1)[0].date == date(2025, 6, 9)
    assert find_dates("pada Sabtu", sunday, ahead=1)[0].date == date(2025, 6, 7)
    assert find_dates("Senin lalu", sunday, ahead=1)[0].date == date(2025, 6, 2)


@pytest.mark.parametrize("text, captions", [
    ("Petugas mencari korban di Chasiv Yar, Senin (11/7/2022). ANTARA/REUTERS\nKiev - Jumlah korban tewas.", {0}),
    ("Warga di lokasi serangan, Sabtu (2/3/2024). (AP Photo)\nIsi berita.", {0}),
    ("Contrails di langit Odesa, Selasa (14/3/2023).\nFoto: EPA-EFE/IGOR TKACHENKO\nIsi berita.", {0, 1}),
    ("ILUSTRASI. Tentara Ukraina berlatih di Kherson, handout via REUTERS\nIsi berita.", {0}),
    ("Serangan itu menewaskan tiga orang, kata AFP.\nIsi berita.", set()),
])
def test_photo_captions(text, captions):
    assert caption_lines(text) == captions


def test_text_date_skips_captions_and_history():
    caption = "Presiden berbicara di Kyiv pada Kamis (24/8/2023). Foto: AFP\n"
    assert text_date("Judul\n" + caption + "Isi tanpa tanggal.\n" + caption) is None
    assert text_date("Lviv - sejak invasi dimulai pada 24 Februari 2022, kota itu diserang.") is None
