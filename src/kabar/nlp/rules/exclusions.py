"""Numbers that are not claims, and text that carries none.

- number kinds from the resolver: times, years, percents, non-integral decimals, vague amounts
- the word after the number is a unit or a counted thing outside the measures: distances,
  durations, ages, money, buildings, vehicles, settlements, districts, allies, flights …
- the word before says what the number is: "pukul 13.00", "berusia 46", "tahun 2014", "salah satu"
- a month name after it: "4 Juli 2025" is a date
- cumulative war-to-date tallies ("rekap kerugian … sejak invasi")
- boilerplate paragraphs: related links, video teasers, share/comment footers
"""

from __future__ import annotations

import re

from kabar.nlp.rules.words import Word

UNITS = {
    # distance, weight, money, share
    "km", "kilometer", "mil", "meter", "m", "cm", "mm", "kaki", "ton", "kg", "kilogram", "liter", "barel",
    "persen", "%", "dolar", "usd", "euro", "rubel", "hryvnia", "rupiah", "rp", "miliar", "triliun",
    "megawatt", "mw", "gw", "derajat", "hektare", "ha",
    # time
    "detik", "menit", "jam", "hari", "malam", "pekan", "minggu", "bulan", "tahun", "abad", "dekade",
    "wib", "wita", "wit", "gmt", "utc", "pagi", "siang", "sore",
    # places, buildings, vehicles, other things counted
    "wilayah", "provinsi", "oblast", "distrik", "desa", "kota", "kabupaten", "kecamatan", "negara",
    "pemukiman", "permukiman", "kawasan", "lokasi", "titik", "daerah", "region", "sektor",
    "gedung", "bangunan", "rumah", "unit", "apartemen", "lantai", "blok", "hotel", "sekolah", "rumah-rumah",
    "fasilitas", "infrastruktur", "pembangkit", "gardu", "jembatan", "kilang", "pabrik", "gudang",
    "mobil", "kendaraan", "truk", "bus", "kereta", "kapal", "tank", "helikopter", "pesawat", "jet",
    "sistem", "peluncur", "artileri", "senjata", "amunisi", "bom",
    "bandara", "penerbangan", "pelabuhan", "stasiun",
    "sekutu", "negara-negara", "delegasi", "tawanan", "tahanan", "sandera", "pasukan", "batalion", "brigade",
    "ledakan", "serangan", "gelombang", "kali", "putaran", "poin", "tahap", "isu", "butir", "pasal",
    "anjing", "ekor", "kursi", "suara", "halaman", "jenazah", "kantong", "sirene",
    "januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
    "november", "desember",
}
MONTHS = {"januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
          "oktober", "november", "desember", "jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt",
          "sep", "sept", "okt", "nov", "des"}
BEFORE = {"pukul", "jam", "berusia", "usia", "umur", "berumur", "tahun", "nomor", "no", "no.", "tanggal",
          "angka", "skala", "level", "tingkat", "halaman", "pasal", "ayat", "rp", "us$", "$", "€", "lantai",
          "abad", "kode", "ke-"}
NON_COUNT_KINDS = {"time", "year", "percent", "decimal", "vague"}

BOILERPLATE = re.compile(
    r"^\s*(simak juga|baca juga|lihat juga|tonton juga|baca selengkapnya|artikel terkait|berita terkait|"
    r"scroll to continue|related posts?|leave a comment|bagikan|share|tautan sumber|sumber\s*:|editor\s*:|"
    r"copyright|©|komentar|tinggalkan balasan|\(?berita ini masih)"
    # video teasers and related links by line shape: "Simak video: '…'", "Tonton juga: …", "Lihat Video …"
    r"|^\s*(simak|tonton|lihat|saksikan)(\s+juga)?\s*(video|juga)\b"
    r"|^\s*(simak|tonton|lihat|saksikan|baca)(\s+juga)?(\s+video)?\s*:?\s*[\"'“‘«]", re.I)

# tallies over the whole war or many months; "terbesar sejak invasi" is a record, not a tally
_MONTH = (r"(januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember)")
CUMULATIVE = re.compile(
    r"\b(rekap|rekapitulasi|kerugian|total kerugian|sepanjang perang|selama perang|"
    r"sejak (awal )?(invasi|perang|konflik|agresi)|sejak (24 )?februari 2022|"
    # totals over a period: "sejak awal 2024", "sepanjang Oktober", "selama bulan Mei",
    # "dalam sebulan terakhir", "total sejak", "sepanjang tahun ini"
    r"sejak awal (tahun|bulan|pekan|(tahun )?\d{4}|" + _MONTH + r")|"
    r"sejak " + _MONTH + r"( \d{4})?|sejak (tahun )?(19|20)\d\d|"
    r"(sepanjang|selama) (bulan )?" + _MONTH + r"|"
    r"(sepanjang|selama) (tahun|bulan|pekan|minggu) (ini|lalu|kemarin)|sepanjang (tahun )?(19|20)\d\d|"
    r"dalam (se|satu )?(bulan|pekan|minggu|tahun) (terakhir|ini)|"
    r"dalam \w+ (bulan|pekan|minggu|tahun) terakhir|total sejak|secara kumulatif|kumulatif)", re.I)
RECORD = re.compile(r"\b(terbesar|terparah|tertinggi|paling \w+|pertama)\s+sejak\b", re.I)


# deliveries and aid: munitions given or sold, not fired ("paket bantuan … 300 rudal", "memasok 50 drone")
AID = re.compile(r"(?<!dengan )(?<!berkat )\b(bantuan|paket|memasok|dipasok|pasokan|menghibahkan|hibah|menjanjikan|dijanjikan|"
                 r"pengiriman|membeli|dibeli|menjual|dijual|pembelian|penjualan|kontrak|produksi|memproduksi|"
                 r"diproduksi|stok|persediaan)\b", re.I)
# "rudal pencegat", "rudal penangkis", "rudal anti-pesawat": a kind of (air-defence) missile
INTERCEPTOR = {"pencegat", "penangkis", "interseptor", "anti-pesawat", "antipesawat", "anti-drone",
               "pertahanan"}


def is_aid(sentence_text: str) -> bool:
    """Aid, trade or production of munitions ("dengan bantuan perang elektronik" is not aid)."""
    return bool(AID.search(sentence_text.lower()))


def is_interceptor(words: list[Word], noun_end: int) -> bool:
    """Does the weapon noun ending before `noun_end` name an interceptor ("120 rudal pencegat")?"""
    return noun_end < len(words) and words[noun_end].low in INTERCEPTOR


def is_boilerplate(paragraph_text: str) -> bool:
    return bool(BOILERPLATE.match(paragraph_text))


def is_cumulative(sentence_text: str) -> bool:
    m = CUMULATIVE.search(sentence_text)
    if not m:
        return False
    # "sejak invasi" right after a superlative marks a record, not a running tally
    for m in CUMULATIVE.finditer(sentence_text):
        head = sentence_text[max(0, m.start() - 25):m.start() + 6]
        if m.group(0).lower().startswith("sejak") and RECORD.search(head):
            continue
        return True
    return False


def is_zero(words: list[Word], start: int, end: int, value) -> bool:
    """A zero statement: "0 drone", "tak satu pun rudal", "tidak seorang pun" (convention 8)."""
    if value == 0:
        return True
    return end < len(words) and words[end].low == "pun" or \
        start > 0 and words[start - 1].low in ("tak", "tidak", "tiada", "bukan") and words[start].low in (
            "satu", "seorang", "sebuah", "sebutir")


def is_one_of(words: list[Word], start: int) -> bool:
    """"salah satu drone", "salah seorang korban": one of a group, not a count of one."""
    return start > 0 and words[start - 1].low == "salah" and words[start].low in ("satu", "seorang", "sebuah")


def excluded_number(words: list[Word], start: int, end: int, kind: str) -> str | None:
    """Why the number in words[start:end] is not a count we claim, else None."""
    if kind in NON_COUNT_KINDS:
        return kind
    prev = words[start - 1].low if start > 0 else ""
    nxt = words[end].low if end < len(words) else ""
    if prev in BEFORE:
        return f"after '{prev}'"
    if prev == "salah" and words[start].low == "satu":
        return "salah satu"
    if nxt in MONTHS or nxt in UNITS:
        return f"unit '{nxt}'"
    if nxt in ("per", "/") or nxt.startswith("/"):
        return "rate"
    if nxt in ("×", "x", "+", "=", ":"):
        return "arithmetic"
    return None
