"""Make a synthetic corpus of Indonesian war-news articles for the benchmarks.

    python benchmarks/make_corpus.py --n 1000 --out /tmp/corpus [--seed 7]

Each article (~300 words) reports one strike (1-4 articles from different outlets per strike,
with the same numbers and their own wording) in either direction (Russia on Ukraine or Ukraine
on Russia): drones/missiles launched, intercepted (never more than launched), hit and lost,
people killed and injured, each from a named reporter, with numbers written as digits
(Indonesian grouping: 1.200), number words (dua, tiga belas, dua puluh lima, seorang, selusin)
and qualifiers (setidaknya, lebih dari, sekitar ...), explicit and relative dates between
2022-02-24 and 2026-11-01, distractor numbers (distances, ages, hours, percentages), paragraphs
of politics as filler, and the boilerplate scrapers leave behind (Baca Juga, Simak juga Video,
footers). Articles are spread over .txt, .json, .jsonl (several records per file) and .html.

The texts are written from this file's own templates. The same --seed gives the same corpus,
byte for byte, and no two articles share a body (so ingestion's dedup removes none of them).
Prints a one-line summary; --manifest FILE also writes which file holds which article ids
(keep it outside --out, or ingestion would read it as an article).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import sys
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

FIRST_DAY = date(2022, 2, 24)
LAST_DAY = date(2026, 11, 1)
WIB = timezone(timedelta(hours=7))

HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember"]

# --- places: (how the article writes it, its oblast as written, kind) -------------------------

UA_PLACES = [
    ("Kyiv", "ibu kota Ukraina", "city"), ("Kharkiv", "wilayah Kharkiv", "city"),
    ("Odesa", "wilayah Odesa", "city"), ("Dnipro", "wilayah Dnipropetrovsk", "city"),
    ("Zaporizhzhia", "wilayah Zaporizhzhia", "city"), ("Lviv", "Ukraina barat", "city"),
    ("Sumy", "wilayah Sumy", "city"), ("Kryvyi Rih", "wilayah Dnipropetrovsk", "city"),
    ("Mykolaiv", "wilayah Mykolaiv", "city"), ("Chernihiv", "wilayah Chernihiv", "city"),
    ("Poltava", "wilayah Poltava", "city"), ("Vinnytsia", "Ukraina tengah", "city"),
    ("Kherson", "wilayah Kherson", "city"), ("Ternopil", "Ukraina barat", "city"),
    ("Khmelnytskyi", "Ukraina barat", "city"), ("Bila Tserkva", "wilayah Kyiv", "city"),
    ("Kramatorsk", "wilayah Donetsk", "city"), ("Izmail", "wilayah Odesa", "city"),
    ("Uman", "wilayah Cherkasy", "city"), ("Rivne", "Ukraina barat laut", "city"),
]
RU_PLACES = [
    ("Moskow", "wilayah Moskow", "city"), ("Belgorod", "wilayah Belgorod", "city"),
    ("Kursk", "wilayah Kursk", "city"), ("Bryansk", "wilayah Bryansk", "city"),
    ("Rostov-on-Don", "wilayah Rostov", "city"), ("Kazan", "Tatarstan", "city"),
    ("Ryazan", "wilayah Ryazan", "city"), ("Voronezh", "wilayah Voronezh", "city"),
    ("Krasnodar", "wilayah Krasnodar", "city"), ("Novorossiysk", "wilayah Krasnodar", "city"),
    ("Tula", "wilayah Tula", "city"), ("Kaluga", "wilayah Kaluga", "city"),
    ("Saratov", "wilayah Saratov", "city"), ("Engels", "wilayah Saratov", "city"),
    ("Taganrog", "wilayah Rostov", "city"), ("Yaroslavl", "wilayah Yaroslavl", "city"),
    ("Smolensk", "wilayah Smolensk", "city"), ("Oryol", "wilayah Oryol", "city"),
    ("Lipetsk", "wilayah Lipetsk", "city"), ("Volgograd", "wilayah Volgograd", "city"),
]
UA_OBLASTS = ["Kharkiv", "Sumy", "Chernihiv", "Poltava", "Odesa", "Dnipropetrovsk", "Zaporizhzhia",
              "Mykolaiv", "Kyiv", "Cherkasy", "Kirovohrad", "Zhytomyr"]
RU_OBLASTS = ["Belgorod", "Kursk", "Bryansk", "Rostov", "Voronezh", "Oryol", "Kaluga", "Tula",
              "Ryazan", "Lipetsk", "Smolensk", "Moskow"]

OUTLETS = ["kabarpagi.id", "warta-dunia.com", "beritasemesta.co.id", "harianglobal.id",
           "sorotinternasional.com", "lintaskabar.id", "detikdunia.net", "koranmancanegara.com",
           "suaraeropa.id", "jurnalperang.co.id", "kompasglobal.net", "beritatimur.id"]
AGENCIES = ["Reuters", "AFP", "AP", "Anadolu", "TASS", "Ukrinform", "RIA Novosti", "Al Jazeera",
            "CNN", "BBC", "Kyiv Independent", "Interfax"]
DESKS = ["Internasional", "Dunia", "Global", "Eropa", "Mancanegara"]


# --- numbers --------------------------------------------------------------------------------

_UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def number_words(n: int) -> str:
    """Indonesian number words for 0 <= n < 1,000,000 (sebelas, dua puluh lima, seratus, seribu ...)."""
    if n == 0:
        return "nol"
    if n < 10:
        return _UNITS[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, unit = divmod(n, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[unit]}" if unit else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
        return head + (f" {number_words(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = "seribu" if thousands == 1 else f"{number_words(thousands)} ribu"
    return head + (f" {number_words(rest)}" if rest else "")


def cap(sentence: str) -> str:
    """Upper-case the first letter only (str.capitalize would lower-case 'Rusia')."""
    return sentence[:1].upper() + sentence[1:]


def digits(n: int) -> str:
    """Digits with Indonesian grouping: 1200 -> '1.200'."""
    return f"{n:,}".replace(",", ".")


@dataclass
class Writer:
    """Random choices for one corpus; every text decision goes through self.rng (deterministic)."""

    rng: random.Random
    used: set = field(default_factory=set)      # (attacker, day) of the strikes made so far
    event: "Event | None" = None                # the strike the next articles report
    reports_left: int = 0

    def pick(self, seq):
        return self.rng.choice(seq)

    def num(self, n: int, person: bool = False) -> str:
        """A count as an article would write it: digits, words, seorang, selusin."""
        r = self.rng.random()
        if person and n == 1 and r < 0.6:
            return "seorang"
        if n == 12 and r < 0.25:
            return "selusin"
        if n <= 30 and r < 0.55:
            return number_words(n)
        if n < 1000 and r < 0.12:
            return number_words(n)
        return digits(n)

    def qualifier(self, p: float = 0.4) -> str:
        if self.rng.random() >= p:
            return ""
        return self.pick(["setidaknya ", "sedikitnya ", "lebih dari ", "sekitar ", "hampir ",
                          "paling sedikit ", "minimal ", "kira-kira ", "hingga "])


# --- dates ----------------------------------------------------------------------------------


def dateline(d: date, style: int) -> str:
    hari = HARI[d.weekday()]
    if style == 0:
        return f"{hari} ({d.day}/{d.month}/{d.year})"
    if style == 1:
        return f"{hari}, {d.day} {BULAN[d.month - 1]} {d.year}"
    if style == 2:
        return f"({d.day}/{d.month})"
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def when_phrase(w: Writer, event: date, published: date) -> str:
    """A date for the event: explicit, or relative to the published date."""
    lag = (published - event).days
    options = [f"pada {dateline(event, 1)}", f"pada {event.day} {BULAN[event.month - 1]} {event.year}",
               f"pada {HARI[event.weekday()]} ({event.day}/{event.month})"]
    if lag == 0:
        options += ["pada Kamis dini hari".replace("Kamis", HARI[event.weekday()]), "hari ini", "pagi tadi"]
    elif lag == 1:
        options += ["semalam", "kemarin", f"pada {HARI[event.weekday()]} malam"]
    else:
        options += [f"pada {HARI[event.weekday()]} lalu", "pekan lalu" if lag >= 5 else f"{lag} hari lalu"]
    return w.pick(options)


# --- the event an article reports ----------------------------------------------------------


@dataclass
class Event:
    attacker: str              # RU or UA
    city: str
    region: str
    day: date
    published: datetime
    drones: int
    missiles: int
    intercepted_drones: int
    intercepted_missiles: int
    hit: int
    lost: int
    killed: int
    injured: int
    outlet: str
    agency: str


def make_event(w: Writer) -> Event:
    """A new strike: its own (attacker, day), so reports of different strikes never share a night."""
    rng = w.rng
    attacker = "RU" if rng.random() < 0.6 else "UA"
    city, region, _ = w.pick(UA_PLACES if attacker == "RU" else RU_PLACES)
    span = (LAST_DAY - FIRST_DAY).days - 2
    day = FIRST_DAY + timedelta(days=rng.randrange(span))
    while (attacker, day) in w.used and len(w.used) < span:
        day = FIRST_DAY + timedelta(days=rng.randrange(span))
    w.used.add((attacker, day))
    scale = rng.choice([8, 25, 60, 150, 400, 800])
    drones = rng.randint(max(1, scale // 3), scale)
    missiles = rng.randint(0, 60) if rng.random() < 0.45 else 0
    inter_d = rng.randint(1, drones)
    inter_m = rng.randint(0, missiles)
    hit = rng.randint(0, drones - inter_d)
    lost = rng.randint(0, drones - inter_d - hit)
    killed = rng.choice([0, 0, 1, 1, 2, 3, 4, 7, 12, 15, 23, 31])
    injured = rng.choice([0, 1, 2, 5, 9, 12, 13, 25, 40, 68, 120])
    return Event(attacker, city, region, day, datetime.combine(day, datetime.min.time(), WIB), drones, missiles,
                 inter_d, inter_m, hit, lost, killed, injured, "", "")


def report_of(w: Writer, e: Event) -> Event:
    """One outlet's report of strike e: same numbers, its own outlet, agency and publication time."""
    rng = w.rng
    lag = rng.choice([0, 0, 1, 1, 1, 2, 6])
    pub_day = min(e.day + timedelta(days=lag), LAST_DAY)
    published = datetime(pub_day.year, pub_day.month, pub_day.day, rng.randrange(5, 23), rng.randrange(60),
                         tzinfo=WIB)
    return replace(e, published=published, outlet=w.pick(OUTLETS), agency=w.pick(AGENCIES))


def reporters(e: Event) -> dict[str, list[str]]:
    if e.attacker == "RU":
        return {
            "air": ["Angkatan Udara Ukraina", "komando Angkatan Udara Ukraina",
                    "juru bicara Angkatan Udara Yurii Ihnat", "Staf Umum Angkatan Bersenjata Ukraina"],
            "local": [f"Wali Kota {e.city}", f"kepala administrasi militer {e.region}",
                      "Layanan Darurat Negara Ukraina", f"gubernur {e.region}",
                      "Menteri Dalam Negeri Ukraina", "kepolisian setempat"],
        }
    return {
        "air": ["Kementerian Pertahanan Rusia", "Kemenhan Rusia", "militer Rusia",
                "kementerian pertahanan di Moskow"],
        "local": [f"Gubernur {e.region}", f"Wali Kota {e.city}", "layanan darurat setempat",
                  f"pejabat {e.region}", "kantor berita TASS", "otoritas regional"],
    }


def munition_sentences(w: Writer, e: Event) -> list[str]:
    rep = reporters(e)
    side = "Rusia" if e.attacker == "RU" else "Ukraina"
    target = "Ukraina" if e.attacker == "RU" else "Rusia"
    when = when_phrase(w, e.day, e.published.date())
    drone_kind = w.pick(["drone", "drone serang", "pesawat tak berawak", "drone jenis Shahed",
                         "UAV", "drone kamikaze"] if e.attacker == "RU" else
                        ["drone", "pesawat tak berawak", "UAV", "drone jarak jauh", "drone sayap tetap"])
    missile_kind = w.pick(["rudal", "rudal balistik", "rudal jelajah", "misil", "rudal Iskander-M",
                           "rudal Kh-101"] if e.attacker == "RU" else ["rudal", "rudal ATACMS",
                                                                      "rudal Storm Shadow", "roket"])
    out = []
    q = w.qualifier()
    launch = w.pick([
        f"{side} meluncurkan {q}{w.num(e.drones)} {drone_kind} ke berbagai wilayah {target} {when}, kata {w.pick(rep['air'])}.",
        f"Menurut {w.pick(rep['air'])}, {side} menembakkan {q}{w.num(e.drones)} {drone_kind} {when}.",
        f"{w.pick(rep['air'])} mengatakan {q}{w.num(e.drones)} {drone_kind} {side} diluncurkan {when}.",
        f"Dalam serangan {when}, pasukan {side} mengirim {q}{w.num(e.drones)} {drone_kind} ke arah {e.city}.",
    ])
    out.append(launch)
    inter = w.pick([
        f"Dari jumlah itu, {w.num(e.intercepted_drones)} {drone_kind} berhasil ditembak jatuh oleh pertahanan udara.",
        f"Pertahanan udara mencegat {w.num(e.intercepted_drones)} di antaranya di atas {e.region}, menurut {w.pick(rep['air'])}.",
        f"{w.pick(rep['air'])} menyebut {w.num(e.intercepted_drones)} dari {w.num(e.drones)} {drone_kind} dihancurkan sebelum mencapai sasaran.",
        f"Sebanyak {w.num(e.intercepted_drones)} {drone_kind} dicegat di atas wilayah {w.pick(UA_OBLASTS if e.attacker == 'RU' else RU_OBLASTS)} dan sekitarnya.",
    ])
    out.append(inter)
    if e.hit:
        out.append(w.pick([
            f"Sebanyak {w.num(e.hit)} {drone_kind} menghantam sasaran di {e.city}, termasuk fasilitas energi dan gudang.",
            f"{w.qualifier(0.5)}{w.num(e.hit)} drone mengenai bangunan di {e.city}, kata {w.pick(rep['local'])}.",
        ]))
    if e.lost:
        out.append(w.pick([
            f"Adapun {w.num(e.lost)} drone lainnya hilang dari radar, kemungkinan akibat peperangan elektronik.",
            f"{w.num(e.lost)} drone lainnya dialihkan oleh sistem perang elektronik, tambah {w.pick(rep['air'])}.",
        ]))
    # missiles after the drone story, so "di antaranya" above can only mean the drones
    if e.missiles:
        out.append(w.pick([
            f"Selain itu, {w.num(e.missiles)} {missile_kind} juga ditembakkan ke arah {e.region}.",
            f"Serangan itu juga melibatkan {w.qualifier()}{w.num(e.missiles)} {missile_kind}, ujar {w.pick(rep['air'])}.",
        ]))
    if e.missiles:
        out.append(f"Sistem pertahanan udara juga menembak jatuh {w.num(e.intercepted_missiles)} {missile_kind}.")
    return [cap(x) for x in out]


def casualty_sentences(w: Writer, e: Event) -> list[str]:
    rep = reporters(e)
    out = []
    if e.killed == 0 and e.injured == 0:
        return [w.pick([f"Tidak ada korban jiwa yang dilaporkan di {e.city}, kata {w.pick(rep['local'])}.",
                        "Belum ada laporan mengenai korban dalam serangan tersebut."])]
    q = w.qualifier()
    k, j = w.num(e.killed, person=True), w.num(e.injured)
    if e.killed and e.injured:
        out.append(w.pick([
            f"{q}{k} orang tewas dan {j} lainnya luka-luka di {e.city}, kata {w.pick(rep['local'])}.",
            f"Serangan itu menewaskan {q}{k} warga sipil dan melukai {j} orang, menurut {w.pick(rep['local'])}.",
            f"{w.pick(rep['local'])} mengatakan {k} orang meninggal dan {j} terluka akibat serangan di {e.city}.",
        ]))
    elif e.killed:
        out.append(f"{w.pick(rep['local'])} melaporkan {q}{k} orang tewas di {e.city}.")
    else:
        out.append(w.pick([
            f"{q}{j} orang terluka di {e.city}, ujar {w.pick(rep['local'])}.",
            f"Korban luka bertambah menjadi {j} orang, kata {w.pick(rep['local'])}.",
        ]))
    if e.injured > 4 and w.rng.random() < 0.5:
        out.append(f"{w.num(w.rng.randint(1, e.injured - 1))} di antaranya dirawat di rumah sakit.")
    return [cap(x) for x in out]


def distractor_sentences(w: Writer, e: Event) -> list[str]:
    rng = w.rng
    return [cap(x) for x in rng.sample([
        f"Kota {e.city} terletak sekitar {digits(rng.randint(8, 140) * 10)} km dari garis depan.",
        f"Seorang perempuan berusia {rng.randint(19, 91)} tahun termasuk di antara warga yang dievakuasi.",
        f"Sirene serangan udara berbunyi selama {number_words(rng.randint(2, 9))} jam sejak pukul {rng.randint(0, 5):02d}.{rng.choice(['05', '20', '40', '55'])}.",
        f"Sekitar {rng.randint(3, 80)} persen pasokan listrik di kawasan itu sempat terputus.",
        f"Sedikitnya {w.num(rng.randint(2, 40))} gedung apartemen dan {rng.randint(2, 30)} mobil rusak akibat puing-puing.",
        f"Petugas memadamkan kebakaran seluas {digits(rng.randint(2, 90) * 100)} meter persegi di sebuah gudang.",
        f"Serangan ini adalah yang terbesar sejak musim dingin {rng.randint(2022, min(2025, e.day.year))}.",
        f"{w.num(rng.randint(2, 60))} permukiman di sekitar kota dilaporkan kehilangan aliran air.",
    ], k=rng.randint(2, 4))]


FILLER = [
    "Pembicaraan damai yang dimediasi {mediator} kembali menemui jalan buntu setelah kedua pihak gagal menyepakati gencatan senjata di sepanjang garis depan.",
    "Presiden Volodymyr Zelensky kembali meminta sekutu Barat mempercepat pengiriman sistem pertahanan udara, termasuk baterai Patriot tambahan.",
    "Kremlin menyatakan bahwa operasi militer khusus akan terus berlanjut sampai seluruh tujuannya tercapai, kata juru bicara Dmitry Peskov kepada wartawan.",
    "Uni Eropa tengah membahas paket sanksi baru yang menyasar sektor energi dan perbankan Rusia, meski beberapa negara anggota masih keberatan.",
    "Para menteri luar negeri {bloc} dijadwalkan bertemu di {venue} untuk membahas bantuan jangka panjang bagi Kyiv.",
    "Harga minyak mentah dunia sempat naik tipis setelah kabar serangan terhadap infrastruktur energi tersebut menyebar.",
    "Sejumlah analis menilai kedua pihak kini semakin mengandalkan pesawat tak berawak murah untuk menekan pertahanan udara lawan.",
    "Pemerintah {country} menyampaikan keprihatinan dan menyerukan agar semua pihak menahan diri serta mematuhi hukum humaniter internasional.",
    "Di sisi lain, Moskow menuduh negara-negara Barat memperpanjang konflik dengan terus memasok senjata kepada Ukraina.",
    "Sekretaris Jenderal NATO menegaskan aliansi akan terus mendukung Ukraina selama diperlukan, tanpa terlibat langsung dalam pertempuran.",
    "Parlemen Ukraina juga menyetujui rancangan anggaran pertahanan yang lebih besar untuk tahun depan di tengah tekanan ekonomi.",
    "Perundingan mengenai pertukaran tawanan perang disebut masih berjalan melalui jalur yang difasilitasi {mediator}.",
    "Pengamat dari {venue} menyebut musim dingin mendatang akan menjadi ujian berat bagi jaringan listrik Ukraina.",
    "Kementerian Luar Negeri Rusia memanggil duta besar {country} untuk menyampaikan protes atas pernyataan yang dianggap tidak bersahabat.",
    "Organisasi kemanusiaan internasional melaporkan meningkatnya kebutuhan bantuan bagi warga yang mengungsi dari wilayah perbatasan.",
    "Bank sentral Rusia mempertahankan suku bunga tinggi untuk meredam inflasi yang dipicu belanja militer yang besar.",
    "Pemerintah Indonesia mengimbau warga negaranya di kawasan itu untuk tetap waspada dan mengikuti arahan otoritas setempat.",
    "Para diplomat menyebut peluang tercapainya kesepakatan dalam waktu dekat masih kecil, meski komunikasi antarpihak tetap dibuka.",
]
FILL = {
    "mediator": ["Turki", "Arab Saudi", "Qatar", "Uni Emirat Arab", "Vatikan", "Swiss"],
    "bloc": ["G7", "Uni Eropa", "NATO", "negara-negara Nordik", "kelompok Weimar"],
    "venue": ["Brussels", "Jenewa", "Istanbul", "Wina", "Warsawa", "London", "Berlin", "Roma"],
    "country": ["Jerman", "Prancis", "Inggris", "Polandia", "Turki", "Jepang", "Brasil", "India"],
}

HEADLINES = [
    "{n} Fakta Serangan Drone Terbaru di {place}", "Zelensky Temui Pemimpin Eropa di {venue}",
    "Rusia Klaim Rebut Desa Baru di Donetsk", "Harga Gas Eropa Melonjak Usai Serangan ke {place}",
    "Video Detik-detik Drone Jatuh di {place}", "Putin Bicara soal Negosiasi dengan {country}",
    "Ukraina Terima Paket Bantuan Baru dari {country}", "Ledakan Guncang {place} Dini Hari",
]


def fill(w: Writer, template: str, **extra) -> str:
    def repl(m):
        key = m.group(1)
        return str(extra[key]) if key in extra else w.pick(FILL[key])
    return re.sub(r"\{(\w+)\}", repl, template)


def boilerplate(w: Writer, e: Event, kind: str) -> str:
    head = fill(w, w.pick(HEADLINES), n=w.rng.randint(3, 9), place=w.pick(UA_PLACES + RU_PLACES)[0])
    if kind == "related":
        return w.pick([f"Baca Juga: {head}", f"BACA JUGA: {head}", f"Baca juga: {head}",
                       f"Simak juga Video: {head}", "ADVERTISEMENT", "SCROLL TO CONTINUE WITH CONTENT"])
    year = e.published.year
    return w.pick([
        f"({w.pick(['ant', 'rtr', 'afp', 'red', 'dhf'])}/{w.pick(['ega', 'nvl', 'rdn', 'wsn', 'tri'])})",
        f"Artikel ini telah tayang di {e.outlet} dengan judul \"{head}\"",
        f"Copyright © {year} {e.outlet}. All rights reserved.",
        f"Ikuti berita terkini {e.outlet} di Google News",
        f"Editor: {w.pick(['Rina', 'Bayu', 'Siti', 'Andi', 'Dewi', 'Fajar'])} {w.pick(['Pratama', 'Lestari', 'Wibowo', 'Saputra', 'Kusuma'])}",
    ])


def title_for(w: Writer, e: Event) -> str:
    side = "Rusia" if e.attacker == "RU" else "Ukraina"
    options = [f"Drone {side} Serang {e.city}, {w.num(e.intercepted_drones).title()} Ditembak Jatuh",
               f"{side} Luncurkan {digits(e.drones)} Drone ke {e.city} dan Sekitarnya",
               f"Serangan Udara di {e.city}: {side} Kerahkan Drone dan Rudal"]
    if e.killed:
        options.append(f"{w.num(e.killed, person=True).title()} Tewas dalam Serangan {side} ke {e.city}")
    return w.pick(options)


def article(w: Writer, index: int) -> dict:
    """One article record: id, source, url, title, published_at, text (body with boilerplate)."""
    if w.reports_left == 0:          # 1-4 outlets report each strike, with the same numbers
        w.event, w.reports_left = make_event(w), w.rng.choice([1, 1, 2, 2, 3, 4])
    w.reports_left -= 1
    e = report_of(w, w.event)
    agency_line = (f"{e.city.upper()} - " if w.rng.random() < 0.5 else
                   f"Jakarta, {dateline(e.published.date(), w.rng.choice([0, 1]))} - ")
    munitions = munition_sentences(w, e)
    paragraphs = [agency_line + munitions[0]]
    # claim sentences in story order, distractor sentences dropped in between, 1-3 per paragraph
    pool = munitions[1:] + casualty_sentences(w, e)
    for sentence in distractor_sentences(w, e):
        pool.insert(w.rng.randint(0, len(pool)), sentence)
    while pool:
        size = w.rng.randint(1, 3)
        paragraphs.append(" ".join(pool[:size]))
        pool = pool[size:]
    paragraphs.insert(w.rng.randint(1, len(paragraphs)), f"Dilansir {e.agency}, " +
                      w.pick(["laporan itu belum dapat diverifikasi secara independen.",
                              "pihak lawan belum memberikan tanggapan atas klaim tersebut.",
                              "serangan berlangsung beberapa gelombang sepanjang malam."]))
    target_words = w.rng.randint(225, 285)
    fillers = w.rng.sample(FILLER, k=len(FILLER))
    while sum(len(p.split()) for p in paragraphs) < target_words and fillers:
        paragraphs.append(fill(w, fillers.pop()))
    # a unique touch: the article's serial fact (keeps bodies distinct without boilerplate)
    paragraphs.append(f"Laporan ini disusun dari keterangan {w.pick(reporters(e)['local'])} dan "
                      f"{e.agency}, diperbarui pukul {w.rng.randint(0, 23):02d}.{w.rng.randint(0, 59):02d} WIB.")
    for _ in range(w.rng.randint(1, 3)):
        paragraphs.insert(w.rng.randint(1, len(paragraphs) - 1), boilerplate(w, e, "related"))
    for _ in range(w.rng.randint(1, 2)):
        paragraphs.append(boilerplate(w, e, "footer"))
    title = title_for(w, e)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    art_id = f"bench-{index:05d}"
    return {
        "id": art_id,
        "source": e.outlet,
        "url": f"https://{e.outlet}/{w.pick(DESKS).lower()}/{e.published:%Y/%m/%d}/{index}{w.rng.randint(100, 999)}/{slug}",
        "title": title,
        "published_at": e.published.isoformat(),
        "text": "\n\n".join(paragraphs),
    }


def body_key(text: str) -> str:
    """What must differ between two articles: the body without boilerplate lines, normalised."""
    lines = [ln for ln in text.split("\n") if ln.strip() and not re.match(
        r"(?i)^(baca juga|simak juga|advertisement|scroll to|artikel ini|copyright|ikuti berita|editor:|\()", ln.strip())]
    return hashlib.sha256(re.sub(r"\s+", " ", " ".join(lines)).lower().encode()).hexdigest()


# --- writers per format ---------------------------------------------------------------------


def to_html(rec: dict) -> str:
    paras = "\n".join(
        f"    <p><strong>{html.escape(p.split(':', 1)[0])}:</strong> <a href=\"/baca/{i}\">{html.escape(p.split(':', 1)[1].strip())}</a></p>"
        if re.match(r"(?i)^(baca juga|simak juga):", p) else f"    <p>{html.escape(p)}</p>"
        for i, p in enumerate(rec["text"].split("\n\n")))
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
  <meta charset="utf-8">
  <title>{html.escape(rec['title'])} - {html.escape(rec['source'])}</title>
  <meta property="og:title" content="{html.escape(rec['title'])}">
  <meta property="og:site_name" content="{html.escape(rec['source'])}">
  <meta property="article:published_time" content="{rec['published_at']}">
  <link rel="canonical" href="{html.escape(rec['url'])}">
</head>
<body>
  <nav><a href="/">Beranda</a> | <a href="/internasional">Internasional</a> | <a href="/video">Video</a></nav>
  <article>
    <h1>{html.escape(rec['title'])}</h1>
    <time datetime="{rec['published_at']}">{rec['published_at'][:10]}</time>
{paras}
  </article>
  <aside><h3>Terpopuler</h3><ul><li><a href="/1">Berita lain hari ini</a></li></ul></aside>
  <footer>&copy; {rec['published_at'][:4]} {html.escape(rec['source'])}. Hak cipta dilindungi.</footer>
</body>
</html>
"""


def to_txt(rec: dict) -> str:
    return f"{rec['title']}\n\n{rec['text']}\n"


def _records(w: Writer, n: int) -> list[dict]:
    records, seen = [], set()
    while len(records) < n:
        rec = article(w, len(records))
        key = body_key(rec["text"])
        if key in seen:          # practically never; keeps the "no accidental dedup" promise
            continue
        seen.add(key)
        records.append(rec)
    return records


def corpus_records(n: int, seed: int = 7) -> list[dict]:
    """The n article records make_corpus writes for this seed, without writing files."""
    return _records(Writer(random.Random(seed)), n)


def make_corpus(n: int, out: Path, seed: int = 7) -> dict:
    """Write n articles under out/; returns a manifest: counts per format, file -> article ids."""
    out.mkdir(parents=True, exist_ok=True)
    w = Writer(random.Random(seed))
    records = _records(w, n)

    files: dict[str, list[str]] = {}
    i = 0
    while i < n:
        fmt = w.rng.choices(["txt", "json", "jsonl", "html"], weights=[35, 15, 7, 15])[0]
        if fmt == "jsonl":
            group = records[i:i + w.rng.randint(2, 8)]
            name = f"feed_{i:05d}.jsonl"
            (out / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in group),
                                    encoding="utf-8")
        else:
            group = records[i:i + 1]
            rec = group[0]
            name = f"{rec['id']}.{fmt}"
            text = {"txt": to_txt, "html": to_html,
                    "json": lambda r: json.dumps(r, ensure_ascii=False, indent=2) + "\n"}[fmt](rec)
            (out / name).write_text(text, encoding="utf-8")
        files[name] = [r["id"] for r in group]
        i += len(group)

    words = sum(len(r["text"].split()) for r in records)
    formats: dict[str, int] = {}
    for name, ids in files.items():
        ext = name.rsplit(".", 1)[1]
        formats[ext] = formats.get(ext, 0) + len(ids)
    return {"n": n, "seed": seed, "words": words, "formats": formats, "files": files}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100, help="number of articles (default 100)")
    ap.add_argument("--out", type=Path, required=True, help="output folder (created)")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("--manifest", type=Path,
                    help="also write the manifest (file -> article ids) here; keep it outside --out")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("--n must be at least 1")
    m = make_corpus(args.n, args.out, args.seed)
    if args.manifest:
        args.manifest.write_text(json.dumps(m, indent=1), encoding="utf-8")
    print(f"wrote {m['n']} articles ({m['words']:,} words, {m['words'] / m['n']:.0f}/article) "
          f"in {len(m['files'])} files to {args.out}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(m["formats"].items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
