"""Unit tests of the pure ingestion pieces: boilerplate, cleaning, titles, dates, decoding."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kabar.articles.boilerplate import boilerplate_kind
from kabar.articles.cleaning import article_id_for, clean_text, looks_like_title, normalise_unicode
from kabar.articles.dates import is_future, local_date, parse_published_at
from kabar.articles.decoding import decode_bytes
from kabar.articles.rejections import Rejected

BODY = [
    "KHERSON – Serangan drone Rusia menewaskan dua warga di Kherson pada Jumat (14/3/2025), kata gubernur.",
    "Menurut dia, sedikitnya tujuh orang terluka dan dua rumah terbakar.",
]


@pytest.mark.parametrize("line", [
    "Baca Juga: Rusia Klaim Rebut Desa di Donetsk",
    "Baca juga: Harga Gandum Naik",
    "BACA JUGA Ukraina Terima Jet Tempur Baru",
    "SCROLL TO CONTINUE WITH CONTENT",
    "Simak juga Video 'Detik-detik Drone Hantam Gedung':",
    "Related Posts",
    "Leave a Comment",
    "Tinggalkan Balasan",
    "Tautan Sumber",
    "Bagikan: Facebook Twitter WhatsApp",
    "Your email address will not be published. Required fields are marked *",
    "Simpan nama, email, dan situs web saya pada peramban ini untuk komentar saya berikutnya.",
    "Nama *",
    "5 × 5 =",
    "12 + 3 = ?",
    "© 2024 – All Right Reserved kabarkita",
    "Copyright 2025 Harian Contoh. Hak cipta dilindungi undang-undang.",
    "Kabar Contoh is a blog focused on providing practical information about local services",
    "Harian Contoh adalah portal berita terpercaya di Indonesia",
    "Foto: Petugas memadamkan api di Kharkiv (ilustrasi)",
    "Anatolii Stepanov/AFP via Getty Images",
    "Efrem Lukatsky/AP",
    "by admin",
    "Penulis: Redaksi",
    "(ean/aik)",
    "Ikuti berita terkini dari kami di Google News",
    "Tags: Rusia, Ukraina, drone",
    "ADVERTISEMENT",
    "Halaman 2",
])
def test_boilerplate_lines_are_recognised(line):
    assert boilerplate_kind(line) is not None


@pytest.mark.parametrize("line", [
    "Baca laporan lengkap kementerian, kata juru bicara, 12 drone ditembak jatuh.",
    "Berita terbaru menyebutkan sedikitnya lima orang tewas di Sumy.",
    "Rusia meluncurkan 46 drone, dan 38 di antaranya ditembak jatuh.",
    "Oleh karena itu, warga diminta tetap berada di tempat perlindungan.",
    "Kantor berita TASS adalah media milik negara yang mengutip kementerian pertahanan.",
    "Sekitar 5 × 5 meter atap gedung itu runtuh akibat ledakan.",
    "Wali Kota mengatakan komentar itu tidak membantu.",
    "Bergabung dengan puluhan negara, Jepang menjanjikan bantuan pertahanan udara.",
])
def test_article_sentences_are_not_boilerplate(line):
    assert boilerplate_kind(line) is None


def test_clean_text_drops_boilerplate_and_keeps_paragraphs():
    raw = "\n".join([BODY[0], "Baca Juga: Drone Hantam Kyiv", "SCROLL TO CONTINUE WITH CONTENT", BODY[1],
                     "Simak juga Video 'Serangan di Odesa':", "Tautan Sumber"])
    cleaned = clean_text(raw)
    assert cleaned.paragraphs == BODY
    assert "Baca Juga" not in cleaned.text and "SCROLL" not in cleaned.text
    assert {kind for kind, _ in cleaned.dropped} >= {"related_link", "ad_marker", "source_link"}


def test_page_tail_after_related_posts_goes_but_prose_after_a_heading_stays():
    tail = ["Related Posts", "Drone Serang Kilang Minyak", "Leave a Comment", "3 × 4 =",
            "Latest News", "Kabar Contoh is a blog about everything"]
    assert clean_text("\n".join(BODY + tail)).paragraphs == BODY
    prose_after = "Pemerintah daerah kemudian menyatakan jumlah korban luka bertambah menjadi sembilan orang."
    kept = clean_text("\n".join([BODY[0], "Berita Terkait", prose_after])).paragraphs
    assert kept == [BODY[0], prose_after]


def test_headlines_under_a_bare_baca_juga_heading_are_teasers_but_prose_after_them_stays():
    raw = "\n".join([BODY[0], "", "Baca Juga", "", "Serangan Rudal Rusia di Kramatorsk, 2 Orang Tewas dan 5 Luka-luka",
                     "Wagner Klaim Kuasai Soledar, Kyiv Membantah", "", BODY[1]])
    cleaned = clean_text(raw)
    assert cleaned.paragraphs == [BODY[0], BODY[1]]
    assert ("related_link", "Wagner Klaim Kuasai Soledar, Kyiv Membantah") in cleaned.dropped
    # a heading with its headline on the same line leaves the next paragraph alone
    assert clean_text("\n".join([BODY[0], "Baca juga: Berita Lain", "", BODY[1]])).paragraphs == [BODY[0], BODY[1]]


def test_repeated_title_and_paragraphs_are_dropped():
    title = "Drone Rusia Hantam Kherson, Dua Tewas"
    cleaned = clean_text("\n".join([title, BODY[0], BODY[1], BODY[1]]), title=title)
    assert cleaned.paragraphs == BODY


def test_unicode_quotes_dashes_and_spaces_are_normalised_but_words_kept():
    text = "KYIV\u00a0–\u2003Wali kota berkata, \u201cSerangan\u200b ini brutal\u201d \u2014 puing\u2010puing dan besar -besaran."
    out = normalise_unicode(text)
    assert "\u201c" not in out and '"Serangan ini brutal"' in out
    cleaned = clean_text(text).text
    assert cleaned == 'KYIV – Wali kota berkata, "Serangan ini brutal" — puing-puing dan besar-besaran.'


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    cleaned = clean_text("Pejabat setempat mengatakan tiga orang tewas dan\nsembilan lainnya terluka akibat serangan itu.\n\n"
                         "Paragraf kedua dimulai di sini.")
    assert cleaned.paragraphs == ["Pejabat setempat mengatakan tiga orang tewas dan sembilan lainnya terluka akibat serangan itu.",
                                  "Paragraf kedua dimulai di sini."]


def test_article_id_ignores_layout_but_not_words():
    one = clean_text("\n\n".join(BODY)).text
    two = clean_text("  " + "\r\n".join(BODY) + "\n\nBaca juga: Berita Lain\n").text
    assert article_id_for(one) == article_id_for(two)
    assert article_id_for(one) != article_id_for(one.replace("dua warga", "tiga warga"))


@pytest.mark.parametrize("line, expected", [
    ("Drone Ukraina Serang Kilang Ryazan, Dua Pekerja Terluka", True),
    ("Kapan Perang Berakhir?", True),
    ("KYIV – Rusia meluncurkan 40 drone semalam, kata Angkatan Udara Ukraina.", False),
    ("Baca juga: Rusia Klaim Rebut Desa", False),
    (" ".join(["kata"] * 30), False),
])
def test_title_detection(line, expected):
    assert looks_like_title(line) is expected


@pytest.mark.parametrize("value, utc, local", [
    ("2025-07-04T09:30:00+07:00", "2025-07-04T02:30:00+00:00", "2025-07-04"),
    ("2025-07-04T02:30:00Z", "2025-07-04T02:30:00+00:00", "2025-07-04"),
    ("2025-07-04 09:30", "2025-07-04T02:30:00+00:00", "2025-07-04"),          # naive: WIB
    ("2025-07-04 06:15", "2025-07-03T23:15:00+00:00", "2025-07-04"),          # local date kept
    ("Fri, 04 Jul 2025 09:30:00 +0700", "2025-07-04T02:30:00+00:00", "2025-07-04"),
    ("Fri, 04 Jul 2025 09:30:00 GMT", "2025-07-04T09:30:00+00:00", "2025-07-04"),
    ("4 Juli 2025 09:30 WIB", "2025-07-04T02:30:00+00:00", "2025-07-04"),
    ("21 Jul 2025, 06:15 WITA", "2025-07-20T22:15:00+00:00", "2025-07-21"),
    ("Jumat, 04/07/2025 09:30", "2025-07-04T02:30:00+00:00", "2025-07-04"),  # day first
    (1751596200, "2025-07-04T02:30:00+00:00", "2025-07-04"),
])
def test_published_at_formats(value, utc, local):
    parsed = parse_published_at(value)
    assert parsed.isoformat() == utc
    assert local_date(parsed, value).isoformat() == local


@pytest.mark.parametrize("value", ["kemarin", "bukan tanggal", "32/13/2025", "", None])
def test_unreadable_published_at_is_none(value):
    assert parse_published_at(value) is None


def test_future_dates():
    now = datetime(2025, 7, 4, tzinfo=timezone.utc)
    assert is_future(parse_published_at("2025-07-05T09:00:00+07:00"), now)
    assert not is_future(parse_published_at("2025-07-04T07:30:00+07:00"), now)


TEXT = "Serangan “drone” — kata pejabat, sekitar 1.200 warga mengungsi dari rumah mereka. Café."


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
    (TEXT.encode("utf-16"), "utf-16-le"),
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("cp1252"), "cp1252"),
])
def test_decoding_detects_the_encoding(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.text == TEXT
    assert decoded.encoding.replace("_", "-") == encoding


@pytest.mark.parametrize("data, kind", [
    (b"", "empty"),
    (b" \n\t \r\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"teks\x00\x01\x02\x03 biner\x00\x00\xff" * 10, "binary"),
    (b"\x81\x8d\x8f\x90\x9d" * 20, "undecodable"),
    (b"\xff\xfe" + b"\x00\xd8", "undecodable"),   # UTF-16 BOM, then a lone surrogate
])
def test_decoding_rejections(data, kind):
    with pytest.raises(Rejected) as caught:
        decode_bytes(data)
    assert caught.value.rejection.kind == kind
