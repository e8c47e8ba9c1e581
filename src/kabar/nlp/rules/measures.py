"""Which measure a number is about.

A number counts something: its head noun (the word after it, or its syntactic head) says
*what* — people (orang, warga, korban, anak …), a weapon (drone, rudal …), an anaphor
("di antaranya", "lainnya", "lagi", "dari" in "38 dari 46 drone") or nothing at all ("13 terluka").
The trigger — a verb, adjective or noun from the lexicons below, matched on word forms and on
lemmas — says *what happened*: the governing verb right before the number ("menewaskan
sedikitnya 17 orang", "mencegat 159 drone", "korban tewas mencapai 39 orang") or the predicate
after its noun phrase ("dua orang telah tewas", "delapan drone … ditembak jatuh"), skipping
relative clauses ("159 drone yang diluncurkan oleh Ukraina" is intercepted, not launched).
Casualty measures need people or nothing as the noun; munition measures need a weapon or an anaphor.
"""

from __future__ import annotations

from dataclasses import dataclass

from kabar.nlp.rules.lexicon import match_at, phrases
from kabar.nlp.rules.words import Word

KILLED = phrases(
    "tewas", "meninggal", "meninggal dunia", "terbunuh", "menewaskan", "membunuh", "dibunuh", "gugur",
    "korban jiwa", "korban tewas", "korban meninggal", "merenggut nyawa", "menelan korban jiwa",
    "nyawa", "kematian", "korban mati", "tewasnya", "meninggalnya", "menewaskannya",
    "kehilangan nyawa", "kehilangan nyawanya", "tak bernyawa", "tidak bernyawa", "meregang nyawa",
    "merenggut", "merenggut nyawa", "direnggut", "tewas seketika", "meninggal seketika", "wafat",
)
INJURED = phrases(
    "terluka", "luka-luka", "luka", "melukai", "dilukai", "cedera", "mencederai", "dirawat", "perawatan",
    "korban luka", "korban luka-luka", "korban cedera", "terluka parah", "luka ringan", "luka berat",
    "mengalami luka", "dilarikan ke rumah sakit", "dibawa ke rumah sakit", "mengalami cedera", "menderita luka", "luka bakar",
    "terkena serpihan", "terkena pecahan", "terkena puing", "tertimpa puing", "cedera ringan", "cedera berat",
    "terluka ringan", "terluka berat",
)
LAUNCHED = phrases(
    "meluncurkan", "diluncurkan", "melepaskan", "dilepaskan", "melepas", "dilepas", "mengirim", "dikirim",
    "mengirimkan", "dikirimkan", "menembakkan", "ditembakkan", "menggunakan", "digunakan", "melibatkan",
    "dilibatkan", "melancarkan", "dilancarkan", "mengerahkan", "dikerahkan", "meluncur", "peluncuran",
    "melesatkan", "dilesatkan", "menembakan", "ditembakan", "menyerang dengan", "diserang dengan",
    "diserang",
    "diarahkan", "mengarahkan", "diarahkan ke",
)
# launched, but only when nothing more specific is said
LAUNCHED_WEAK = phrases(
    "terpantau", "terdeteksi", "menyasar", "menyerbu", "menyerang", "menargetkan", "diterbangkan",
    "menerbangkan", "ada", "terdapat", "mengudara", "memasuki", "terbang", "terlihat", "melintas",
    "melintasi", "terbang rendah", "dilihat", "melihat",
)
INTERCEPTED = phrases(
    "mencegat", "dicegat", "menembak jatuh", "ditembak jatuh", "tembak jatuh", "ditembak",
    "menjatuhkan", "dijatuhkan", "menghancurkan", "dihancurkan", "dinetralkan", "menetralkan",
    "dinetralisir", "menetralisir", "dilumpuhkan", "melumpuhkan", "jatuh", "dihalau", "menghalau",
    "ditangkis", "menangkis", "mengintersepsi", "diintersepsi", "dicegah", "dirontokkan", "merontokkan",
    "berhasil dicegat", "dimusnahkan", "memusnahkan", "ditangkal", "menangkal", "dinetralisasi",
    "menetralisasi", "berhasil dihalau", "dirontokan", "ditembak jatuhkan",
)
HIT = phrases(
    "menghantam", "dihantam", "menabrak", "ditabrak", "mengenai", "mengenai sasaran", "merusak",
    "menggempur", "digempur", "menyambar", "menerjang", "hantam", "meledak di",
)
LOST = phrases(
    "hilang", "dialihkan", "dibelokkan", "membelokkan", "peperangan elektronik", "perang elektronik",
    "gagal mencapai", "tidak mencapai", "berbalik arah", "kembali ke", "hilang secara lokasi",
    "hilang dari radar", "hilang dari pantauan", "tak mencapai", "gagal mengenai", "tidak mengenai",
    "diredam", "dibungkam",
)
TRIGGERS = (("lost", LOST), ("intercepted", INTERCEPTED), ("hit", HIT), ("killed", KILLED),
            ("injured", INJURED), ("launched", LAUNCHED), ("launched_weak", LAUNCHED_WEAK))
# lemma → measure, for inflected forms the form lists miss (the small model's lemmas are rough)
LEMMAS = {"cegat": "intercepted", "luncur": "launched", "tewas": "killed", "tabrak": "hit",
          "hantam": "hit", "netral": "intercepted", "belok": "lost"}
# what a word must contain for the lemmatizer to give it one of LEMMAS: the stem less its first letter
# ("menewaskan" <- tewas, "menabrak" <- tabrak: a nasal prefix replaces it)
LEMMA_STEMS = tuple(sorted({stem[1:] if len(stem) > 3 else stem for stem in LEMMAS}))

PERSON = {
    # people in general
    "orang", "warga", "penduduk", "korban", "jiwa", "nyawa", "sipil", "warga sipil", "penghuni", "pemukim",
    "anak", "anak-anak", "bayi", "balita", "bocah", "remaja", "pemuda", "pemudi", "gadis", "wanita",
    "perempuan", "pria", "laki-laki", "lansia", "manula", "ibu", "ayah", "kakek", "nenek", "janda",
    "pengungsi", "pengunjung", "tamu", "turis", "wisatawan", "pelancong", "penonton", "jemaah", "jamaah",
    "pembeli", "pelanggan", "pedagang", "penjual", "pejalan", "pengendara", "pesepeda", "pemotor",
    # occupations and roles
    "petugas", "pekerja", "buruh", "karyawan", "pegawai", "staf", "anggota", "relawan", "sukarelawan",
    "jurnalis", "wartawan", "reporter", "fotografer", "juru", "koresponden", "penerjemah",
    "dokter", "perawat", "paramedis", "bidan", "medis", "pasien", "apoteker",
    "siswa", "siswi", "pelajar", "murid", "mahasiswa", "mahasiswi", "santri", "guru", "dosen", "kadet",
    "petani", "nelayan", "penambang", "insinyur", "teknisi", "montir", "tukang", "operator", "sopir",
    "supir", "pengemudi", "masinis", "kondektur", "pilot", "pelaut", "nakhoda", "awak", "kru",
    "penumpang", "pemadam", "penyelamat", "polisi", "penjaga", "satpam", "sipir", "pejabat", "diplomat",
    "pendeta", "imam", "biarawan", "biarawati", "atlet", "pemain", "pensiunan", "veteran",
    "tentara", "prajurit", "personel", "serdadu", "marinir", "militan", "pejuang",
    "rekan", "kolega", "kerabat", "keluarga", "kawan", "teman",
}


def is_person_word(low: str) -> bool:
    """A person noun, also with the possessive -nya ("tiga personelnya", "empat rekannya")."""
    return low in PERSON or (low.endswith("nya") and low[:-3] in PERSON)
# words that continue a person noun phrase ("pejalan kaki", "pemadam kebakaran", "tenaga medis")
PERSON_MODIFIERS = {"sipil", "muda", "lanjut", "usia", "keamanan", "medis", "darurat", "kaki", "kebakaran",
                    "kesehatan", "kereta", "kapal", "api", "kamera", "penyelamat", "lokal", "setempat",
                    "asing", "tua", "kecil", "hamil", "perempuan", "laki-laki", "pria", "wanita", "dewasa",
                    "sekolah", "rumah", "sakit", "bantuan", "kemanusiaan", "energi", "listrik", "kereta-api",
                    "pabrik", "tambang", "lainnya"}
PERSON_HEADS = {"tenaga"}          # "tenaga medis", "tenaga kesehatan": only with a modifier
# classifiers between a number and its noun: "18 unit drone", "tiga buah rudal", "dua orang petugas"
CLASSIFIERS = {"unit", "buah", "ekor", "orang", "biji", "butir"}
# "Rudal jelajah sebanyak tiga unit …": the counted noun before the number
COUNT_BEFORE = {"sebanyak", "berjumlah", "sejumlah", "total", "setidaknya", "sedikitnya", "sekitar",
                "lebih", "dari", "hampir", "kira-kira", "minimal", "yang", "mencapai"}
ANAPHORA = phrases("di antaranya", "diantaranya", "di antara mereka", "lainnya", "lain", "lagi", "sisanya")
# may stand between a trigger and its number: qualifiers, copulas, "total", "sebanyak"
GAP = {
    "setidaknya", "sedikitnya", "minimal", "paling", "sedikit", "banyak", "lebih", "dari", "sekitar",
    "kira-kira", "hampir", "hingga", "sampai", "sebanyak", "total", "mencapai", "menjadi", "jadi", "kini",
    "telah", "sudah", "sekurang-kurangnya", "sekira", "nyaris", "kurang", "maksimal", "yakni", "yaitu",
    "sejumlah", "setidak-tidaknya", "di", "atas", "tidak", "berjumlah", "sebesar", "naik", "bertambah",
    "meningkat", "lagi", "juga", "total", "sekurangnya", "setidak", "nya", "atau", "dan",
}
LINKING = {"menjadi", "jadi", "mencapai", "naik", "bertambah", "meningkat", "berjumlah", "kini", "sebanyak"}
CASUALTY_NOUNS = phrases("korban tewas", "korban meninggal", "korban jiwa", "korban luka", "korban luka-luka",
                         "korban cedera", "korban mati", "jumlah korban tewas", "jumlah korban luka")
CLAUSE_CONJ = {"dan", "sedangkan", "sementara", "serta", "namun", "tetapi", "tapi", "sehingga", "padahal",
               "sementara itu", "kemudian", "setelah", "karena", "ketika", "saat"}
CLAUSE_PUNCT = {",", ";", ":", ".", "!", "?", "–", "—"}


@dataclass(frozen=True)
class Trigger:
    measure: str        # one of MEASURES, or 'launched_weak'
    start: int
    length: int
    relative: bool = False   # inside a relative clause on the number's noun ("yang diluncurkan")


NEGATORS = {"tanpa", "tidak", "tak", "belum", "bukan", "nihil"}
# nouns and adjectives built on a trigger's stem that name a thing, not an event ("rudal pencegat")
NOT_TRIGGERS = {"serangan", "lain", "luncuran", "pencegat", "pencegatan", "penangkis", "peluncur",
                "pelontar", "penghancur", "selamat"}


# debris that falls is not a downed munition: "Serpihan drone jatuh di atap gudang"
DEBRIS = {"serpihan", "puing", "puing-puing", "pecahan", "reruntuhan", "sisa-sisa", "bangkai", "fragmen",
          "serpihannya", "puingnya", "pecahannya"}
FALL = {"jatuh", "berjatuhan", "menimpa", "terjatuh"}


def _debris_falls(words: list[Word], i: int) -> bool:
    if words[i].low not in FALL:
        return False
    for k in range(i - 1, max(-1, i - 9), -1):
        if words[k].low in DEBRIS:
            return True
        if words[k].low in CLAUSE_PUNCT or words[k].low in ("sementara", "sedangkan"):
            return False
    return False


# a word of these classes after a number is not what it counts ("3 tewas", "5 lainnya")
BARE_POS = frozenset({"VERB", "ADJ", "AUX", "ADV", "ADP", "CCONJ", "SCONJ", "PART", "PUNCT", "PRON", "DET"})


def trigger_at(words: list[Word], i: int) -> Trigger | None:
    """The trigger starting at word i; a negated one ("tanpa cedera", "tidak terluka") is none."""
    if i > 0 and words[i - 1].low in NEGATORS:
        return None
    if _debris_falls(words, i):
        return None
    for m, pats in TRIGGERS:
        n = match_at(words, i, pats)
        if n:
            return Trigger(m, i, n)
    w = words[i]
    measure = None if w.low in NOT_TRIGGERS else w.lemma_value(LEMMAS, LEMMA_STEMS)
    return Trigger(measure, i, 1) if measure else None


def triggers_in(words: list[Word], lo: int, hi: int) -> list[Trigger]:
    out, i = [], lo
    while i < hi:
        t = trigger_at(words, i)
        if t and t.start + t.length <= hi:
            out.append(t)
            i += t.length
        else:
            i += 1
    return out


def clause_bounds(words: list[Word], start: int, end: int) -> tuple[int, int]:
    """The clause around words[start:end]: up to the nearest boundary punctuation or conjunction."""
    lo = start
    while lo > 0 and words[lo - 1].low not in CLAUSE_PUNCT and words[lo - 1].low not in CLAUSE_CONJ:
        lo -= 1
    hi = end
    while hi < len(words) and words[hi].low not in CLAUSE_PUNCT and words[hi].low not in CLAUSE_CONJ:
        hi += 1
    return lo, hi


def noun_class(words: list[Word], end: int, weapon_at) -> tuple[str, int, str | None]:
    """What the number ending at word `end` counts: ('person'|'weapon'|'anaphor'|'bare'|'other', noun end, weapon)."""
    if end >= len(words):
        return "bare", end, None
    w = words[end]
    kind, n = weapon_at(words, end)
    if kind:
        return "weapon", end + n, kind
    n = match_at(words, end, ANAPHORA)
    if n:
        return "anaphor", end + n, None
    if w.low in CLASSIFIERS and end + 1 < len(words) and words[end + 1].low != "orang":
        kind, n = weapon_at(words, end + 1)
        if kind:
            return "weapon", end + 1 + n, kind
        if is_person_word(words[end + 1].low) or words[end + 1].low in PERSON_HEADS:
            return "person", person_phrase_end(words, end + 1), None
    if is_person_word(w.low) or (w.low in PERSON_HEADS and end + 1 < len(words)
                           and words[end + 1].low in PERSON_MODIFIERS):
        return "person", person_phrase_end(words, end), None
    if w.low == "dari":
        return "anaphor", end, None
    if trigger_at(words, end) or w.is_punct or w.low in GAP or w.low in CLAUSE_CONJ or w.low in (
            "yang", "di", "ke", "dalam", "akibat", "dan", "orangnya"):
        return "bare", end, None
    if w.pos_in(BARE_POS):
        return "bare", end, None
    return "other", end, None


def person_phrase_end(words: list[Word], i: int) -> int:
    """End of the person noun phrase starting at i: "orang petugas medis", "penumpang dan kru",
    "pejalan kaki", "warga sipil serta dua relawan" stops before the second number."""
    j = i + 1
    while j < len(words):
        low = words[j].low
        if low in PERSON or low in PERSON_MODIFIERS or low in PERSON_HEADS or low == "nya":
            j += 1
        elif low in ("dan", "serta", "atau", "maupun") and j + 1 < len(words) and words[j + 1].low in PERSON \
                and words[j + 1].low not in ("orang",):
            j += 2
        else:
            break
    return j


def weapon_before(words: list[Word], start: int, end: int, weapon_at) -> tuple[str | None, int]:
    """"Rudal jelajah sebanyak tiga unit", "drone yang berjumlah 12": (weapon, noun end) for a count
    whose noun stands before it, joined by sebanyak/berjumlah; the classifier after it is skipped."""
    k = start - 1
    saw_link = False
    while k >= 0 and words[k].low in COUNT_BEFORE and start - k <= 4:
        saw_link = saw_link or words[k].low in ("sebanyak", "berjumlah")
        k -= 1
    if not saw_link or k < 0:
        return None, end
    # the weapon phrase ending at k: its head within the three words before
    for h in range(k, max(-1, k - 4), -1):
        kind, n = weapon_at(words, h)
        if kind:
            from kabar.nlp.rules.weapons import weapon_phrase_end
            if weapon_phrase_end(words, h) > k:
                noun_end = end + 1 if end < len(words) and words[end].low in CLASSIFIERS else end
                return kind, noun_end
            break
    return None, end


def compatible(measure: str, cls: str) -> bool:
    if measure in ("killed", "injured"):
        return cls in ("person", "bare", "anaphor")
    return cls in ("weapon", "bare", "anaphor")


def is_relative(words: list[Word], noun_end: int, trig: Trigger) -> bool:
    """Is the trigger inside a 'yang …' relative clause attached right after the noun phrase?"""
    return any(words[k].low == "yang" for k in range(noun_end, min(trig.start, noun_end + 2)))


def choose_measure(words: list[Word], start: int, end: int, noun_end: int, cls: str) -> tuple[str | None, Trigger | None]:
    """The measure for the number in words[start:end] whose noun phrase ends at `noun_end`."""
    lo, hi = clause_bounds(words, start, noun_end)
    ok = [t for t in triggers_in(words, lo, start) if compatible(_base(t.measure), cls)]
    # 1. a governing trigger right before the number, only qualifiers/copulas between
    for t in reversed(ok):
        between = words[t.start + t.length:start]
        if all(b.low in GAP for b in between):
            return _base(t.measure), t
        break
    # a copula ("naik menjadi 21 orang", "mencapai 39 orang") reaches back over commas to "korban tewas"
    gap_words = [w.low for w in words[lo:start]]
    if gap_words and all(g in GAP for g in gap_words) and any(g in LINKING for g in gap_words):
        for i in range(start - 1, -1, -1):
            n = match_at(words, i, CASUALTY_NOUNS)
            if n:
                t = trigger_at(words, i + n - 1) or trigger_at(words, i + 1)
                if t and compatible(t.measure, cls):
                    return t.measure, t
    # 2. the predicate after the noun phrase, past a composition aside ("Tiga orang lainnya, termasuk
    # seorang anak, terluka") and into a conjoined predicate ("tiga rudal lolos … dan mengenai sasaran")
    after_hi = _past_aside(words, hi)
    after = [t for t in triggers_in(words, noun_end, after_hi) if compatible(_base(t.measure), cls)]
    if not after:
        after = [t for t in _conjoined_predicate(words, after_hi) if compatible(_base(t.measure), cls)]
    if not after:
        after = [t for t in _coordinated_subject_predicate(words, hi, cls) if compatible(_base(t.measure), cls)]
    if after:
        # "N drone yang diluncurkan … dicegat": the first trigger after 'yang' is the relative clause's
        relative = is_relative(words, noun_end, after[0])
        main = after[1:] if relative else after
        pool = main or after
        if any(t.measure == "lost" for t in pool):
            t = next(t for t in pool if t.measure == "lost")
            return "lost", t
        strong = [t for t in pool if t.measure != "launched_weak"]
        t = (strong or pool)[0]
        if relative and not main:
            t = Trigger(t.measure, t.start, t.length, relative=True)
        # an intercepted trigger after a launched one ("terdeteksi lalu ditembak jatuh") wins
        return _base(t.measure), t
    # 3. any trigger earlier in the clause
    if ok:
        strong = [t for t in ok if t.measure != "launched_weak"]
        t = (strong or ok)[-1]
        return _base(t.measure), t
    return None, None


ASIDE_START = phrases("termasuk", "di antaranya", "diantaranya", "antara lain", "yakni", "yaitu",
                      "sebagian besar", "kebanyakan")
PREDICATE_CONJ = {"dan", "lalu", "kemudian", "serta"}
PREDICATE_SKIP = {"langsung", "juga", "akhirnya", "kemudian", "lalu", "berhasil", "sempat", "telah", "sudah"}
STRONG_BREAK = {"sedangkan", "sementara", "namun", "tetapi", "tapi", "padahal", ";", "sebelumnya"}


def _past_aside(words: list[Word], hi: int) -> int:
    """`hi` moved past ", termasuk …," to the end of the clause that follows the aside."""
    if hi < len(words) and words[hi].low == "," and match_at(words, hi + 1, ASIDE_START):
        for k in range(hi + 2, min(len(words), hi + 10)):
            if words[k].low == ",":
                j = k + 1
                while j < len(words) and words[j].low not in CLAUSE_PUNCT and words[j].low not in CLAUSE_CONJ:
                    j += 1
                return j
            if words[k].low in CLAUSE_PUNCT:
                break
    return hi


def _conjoined_predicate(words: list[Word], hi: int) -> list[Trigger]:
    """A trigger that opens a second predicate of the same subject: "… dan mengenai sasaran"."""
    if hi >= len(words) or words[hi].low not in PREDICATE_CONJ:
        return []
    j = hi + 1
    while j < len(words) and words[j].low in PREDICATE_SKIP:
        j += 1
    t = trigger_at(words, j) if j < len(words) else None
    return [t] if t and t.measure != "launched_weak" else []


COORD = {"dan", "serta", ",", "atau", "maupun"}
QUALIFYING = {"setidaknya", "sedikitnya", "sekitar", "lebih", "dari", "hampir", "sebanyak", "minimal",
              "kira-kira", "sekurangnya", "paling", "sedikit", "banyak", "nyaris"}


def _coordinated_subject_predicate(words: list[Word], hi: int, cls: str) -> list[Trigger]:
    """"Sebanyak 9 rudal dan 70 drone berhasil dijatuhkan", "dua warga dan tiga petugas tewas": the
    first of coordinated counted subjects shares the predicate after the last one."""
    from kabar.nlp.numbers import is_number_token
    from kabar.nlp.rules.weapons import weapon_at, weapon_phrase_end

    j = hi
    for _ in range(4):                      # up to four more conjuncts
        if j >= len(words) or words[j].low not in COORD:
            return []
        j += 1
        while j < len(words) and words[j].low in COORD | QUALIFYING:
            j += 1
        if j >= len(words) or not is_number_token(words[j].text):
            return []
        while j < len(words) and is_number_token(words[j].text):
            j += 1
        if j < len(words) and words[j].low in CLASSIFIERS and words[j].low != "orang":
            j += 1
        kind, _ = weapon_at(words, j) if j < len(words) else (None, 0)
        if kind and cls in ("weapon", "bare"):
            j = weapon_phrase_end(words, j)
        elif j < len(words) and is_person_word(words[j].low) and cls in ("person", "bare"):
            j = person_phrase_end(words, j)
        else:
            return []
        _, k = clause_bounds(words, j, j)
        found = triggers_in(words, j, k) or _conjoined_predicate(words, k)
        if found and is_relative(words, j, found[0]):
            found = found[1:]       # "70 drone yang diluncurkan Rusia ditembak jatuh"
        if found:
            return found
        j = k
    return []


PART_START = {"termasuk", "yakni", "yaitu", "antara", "masing-masing", "sebagian"}
LOCATIVE_AFTER = {"di", "ke", "atas", "dari"}


def parenthesised(words: list[Word], start: int, end: int) -> bool:
    """"di Oblast Kursk (12)": a count in parentheses right after a name."""
    return 0 < start - 1 and words[start - 1].low == "(" and end < len(words) and words[end].low == ")" \
        and words[start - 2].text[:1].isupper()


def verbless_part(words: list[Word], lo: int, end: int, cls: str, start: int | None = None) -> bool:
    """A number that only names a part of the main clause's count: "termasuk 12 roket",
    "40 di antaranya …", "91 di atas wilayah X", "Oblast Kursk (12)" — it may borrow the main clause's verb."""
    return (cls == "anaphor" or (lo < len(words) and words[lo].low in PART_START)
            or (end < len(words) and words[end].low in LOCATIVE_AFTER)
            or (start is not None and parenthesised(words, start, end)))


def governing_before(words: list[Word], lo: int, cls: str) -> Trigger | None:
    """A number with no predicate of its own ("termasuk 91 di atas wilayah X", "29 di antaranya di
    wilayah Y") takes its measure from the main clause before it: the nearest compatible trigger
    earlier in the sentence, not across a contrast ("sedangkan", "namun") or a semicolon."""
    k = lo - 1
    if k >= 0 and words[k].low in ("sementara", "sedangkan"):
        k -= 1      # "…, sementara satu lainnya di distrik Y": the contrast itself has no verb
    while k >= 0 and words[k].low not in STRONG_BREAK:
        k -= 1
    found = [t for t in triggers_in(words, k + 1, lo) if compatible(_base(t.measure), cls)]
    strong = [t for t in found if t.measure != "launched_weak"]
    t = (strong or found or [None])[-1]
    return t


def base_measure(measure: str) -> str:
    return "launched" if measure == "launched_weak" else measure


_base = base_measure


def implied_measure(words: list[Word], start: int, end: int) -> str | None:
    """A noun that is itself a measure: "23 nyawa", "satu korban jiwa", "lima korban tewas"."""
    if end < len(words):
        if words[end].low == "nyawa":
            return "killed"
        n = match_at(words, end, CASUALTY_NOUNS)
        if n:
            t = trigger_at(words, end + n - 1) or trigger_at(words, end)
            return t.measure if t else None
    return None
