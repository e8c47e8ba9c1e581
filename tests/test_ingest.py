"""Ingestion into a real DuckDB file: seeds, every rejection reason, idempotence, dedup, encodings, links."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import duckdb
import pytest

from kabar.articles.ingest import _read_file, ingest_directory
from kabar.articles.rejections import REASON_KINDS
from kabar.cli import main

REPO = Path(__file__).resolve().parents[1]
TABLES = ["raw.articles", "raw.article_sources", "raw.rejected_inputs", "raw.ingest_warnings"]

PARAS = [
    "LVIV – Drone Rusia menghantam sebuah gudang logistik di Lviv pada Kamis (12/6/2025) dini hari, kata wali kota.",
    "Menurut dia, seorang penjaga berusia 61 tahun tewas dan tiga orang lainnya terluka akibat kebakaran.",
    "Angkatan Udara Ukraina menyebut 27 dari 35 drone yang diluncurkan Rusia semalam berhasil ditembak jatuh.",
]
TITLE = "Drone Rusia Hantam Gudang di Lviv, Seorang Penjaga Tewas"
# the same report in English and in Malay (written for these tests)
ENGLISH = ("Russian Drones Hit a Warehouse in Lviv\n\n"
           "LVIV - Russian drones struck a logistics warehouse in Lviv early on Thursday, the mayor said. "
           "A 61-year-old guard was killed and three other people were injured in the fire that followed.\n\n"
           "Ukraine's air force said 27 of the 35 drones Russia launched overnight had been shot down.")
MALAY = ("LVIV - Dron Rusia menyerang sebuah gudang logistik di Lviv pada awal pagi Khamis, kata datuk bandar. "
         "Seorang pengawal berusia 61 tahun terbunuh dan tiga yang lain cedera dalam kebakaran itu.\n\n"
         "Tentera udara Ukraine berkata 27 daripada 35 dron yang dilancarkan Rusia semalam berjaya ditembak jatuh.")


def random_bytes(n: int, seed: int, *, nul: bool = True) -> bytes:
    """`n` random bytes (with NUL bytes or, like some binary formats' bodies, without)."""
    import random

    data = random.Random(seed).randbytes(2 * n)
    return (data if nul else data.replace(b"\x00", b""))[:n]


def article_text(n: int = 0) -> str:
    """A distinct article body for test number n."""
    return "\n\n".join(PARAS).replace("Kamis (12/6/2025)", f"Kamis (12/6/2025) pukul {n:02d}.15")


def rows(db: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def counts(db: Path) -> dict[str, int]:
    return {t: rows(db, f"select count(*) from {t}")[0][0] for t in TABLES}


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- the seeds -----------------------------------------------------------------------------------


def test_seeds_are_ingested_clean_with_originals_kept(seeds_dir, work_db):
    report = ingest_directory(seeds_dir, work_db)
    assert (report.files_seen, report.new_articles, report.rejected) == (5, 5, 0)
    articles = dict((ref, (text, original)) for ref, text, original in
                    rows(work_db, "select article_ref, text, original_text from raw.articles"))
    assert set(articles) == {p.stem for p in seeds_dir.glob("*.txt")}
    text, original = articles["003_1b193578dbaea981"]
    assert "SCROLL TO CONTINUE" not in text and "SCROLL TO CONTINUE" in original
    assert "Simak juga Video" not in text and "Simak juga Video" in original
    assert "Militer Rusia mencegat 159 drone" in text
    text, original = articles["004_88b018460d94da0e"]
    for furniture in ["Related Posts", "Leave a Comment", "5 × 5 =", "All Right Reserved"]:
        assert furniture not in text and furniture in original
    byline = re.compile(r"^by \w+$", re.MULTILINE)  # the seed's byline line (read from the seed, not copied)
    assert byline.search(original) and not byline.search(text)
    assert "Rusia meluncurkan 539 drone dan sekitar selusin rudal" in text
    assert "Tautan Sumber" not in articles["001_b0395f6131bf6b1c"][0]
    for text, _ in articles.values():  # paragraphs survive: one per line, blank-line separated
        assert "\n\n" in text and "\n\n\n" not in text
    assert rows(work_db, "select title from raw.articles where article_ref = '004_88b018460d94da0e'")[0][0] \
        .startswith("Rusia memukul Kyiv")


def test_rerun_adds_nothing(seeds_dir, work_db):
    ingest_directory(seeds_dir, work_db)
    before = counts(work_db)
    again = ingest_directory(seeds_dir, work_db)
    assert counts(work_db) == before
    # the seeds have not changed since the first run: not read again (tests/test_ingest_unchanged.py)
    assert (again.files_seen, again.files_unchanged, again.records_seen) == (5, 5, 0)
    assert (again.new_articles, again.duplicates, again.new_sources) == (0, 0, 0)
    rescan = ingest_directory(seeds_dir, work_db, rescan=True)  # read again: every article a duplicate
    assert counts(work_db) == before
    assert (rescan.files_unchanged, rescan.new_articles, rescan.duplicates, rescan.new_sources) == (0, 0, 5, 0)
    assert rows(work_db, "select count(*) from raw.runs where stage = 'ingest'")[0][0] == 3


# --- rejections ----------------------------------------------------------------------------------

MAX_BYTES = 20_000


def make_bad_folder(root: Path, outside: Path) -> dict[str, str]:
    """One input per rejection reason (relative path -> expected kind), plus two good files."""
    write(root / "good" / "lviv.txt", f"{TITLE}\n\n{article_text(1)}")
    write(root / "good" / "feed.jsonl",
          json.dumps({"id": "ok-1", "text": article_text(2), "published_at": "2025-06-12T09:00:00+07:00"}) + "\n"
          + "{not json at all\n"
          + json.dumps(["a", "list"]) + "\n"
          + json.dumps({"id": "no-text", "title": "Tanpa isi"}) + "\n"
          + json.dumps({"id": "future", "text": article_text(3), "published_at": "2099-01-01T00:00:00+07:00"}) + "\n"
          + json.dumps({"id": "english", "text": ENGLISH}) + "\n")
    expected = {
        "good/feed.jsonl:2": "malformed_json",
        "good/feed.jsonl:3": "not_an_object",
        "good/feed.jsonl:4": "no_text",
        "good/feed.jsonl:5": "future_date",
        "good/feed.jsonl:6": "not_indonesian",
    }
    write(root / "kosong.txt", b"")
    expected["kosong.txt"] = "empty"
    write(root / "spasi.txt", "   \n\t\n  ")
    expected["spasi.txt"] = "empty"
    write(root / "gambar.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    expected["gambar.txt"] = "binary"
    write(root / "binary.txt", random_bytes(4096, 1, nul=False))
    expected["binary.txt"] = "binary"
    write(root / "english.txt", ENGLISH)
    expected["english.txt"] = "not_indonesian"
    write(root / "laporan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    expected["laporan.pdf"] = "unsupported_type"
    write(root / "rusak.txt", b"\x81\x8d\x8f\x90\x9d" * 20)
    expected["rusak.txt"] = "undecodable"
    write(root / "besar.txt", ("Paragraf panjang tentang serangan drone. " * 1000)[: MAX_BYTES + 500])
    expected["besar.txt"] = "too_large"
    write(root / "patah.json", '{"id": "x", "text": "Serangan drone"')
    expected["patah.json"] = "malformed_json"
    write(root / "daftar.json", json.dumps([{"text": "Serangan"}]))
    expected["daftar.json"] = "not_an_object"
    write(root / "tanpa-teks.json", json.dumps({"id": "t", "title": "Judul", "text": None}))
    expected["tanpa-teks.json"] = "no_text"
    write(root / "masa-depan.json", json.dumps({"id": "f", "text": article_text(4), "published_at": "Tue, 01 Jan 2099 10:00:00 +0700"}))
    expected["masa-depan.json"] = "future_date"
    write(root / "iklan.txt", "Baca Juga: Berita Lain\nSCROLL TO CONTINUE WITH CONTENT\nLeave a Comment\n5 × 5 =\n")
    expected["iklan.txt"] = "only_boilerplate"
    write(root / "kosong.html", "<html><head><title>x</title></head><body><nav><a href='/'>Beranda</a></nav></body></html>")
    expected["kosong.html"] = "no_text"
    write(outside / "luar.txt", f"{TITLE}\n\n{article_text(5)}")
    (root / "tautan-luar.txt").symlink_to(outside / "luar.txt")
    expected["tautan-luar.txt"] = "outside_input"
    (root / "tautan-dalam.txt").symlink_to(root / "good" / "lviv.txt")
    expected["tautan-dalam.txt"] = "symlink"
    (root / "folder-tautan").symlink_to(outside, target_is_directory=True)
    expected["folder-tautan"] = "outside_input"
    os.mkfifo(root / "pipa.txt")
    expected["pipa.txt"] = "not_regular_file"
    return expected


@pytest.fixture(scope="module")
def bad_ingest(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("bad")
    root, outside = tmp_path / "drop", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    expected = make_bad_folder(root, outside)
    db = tmp_path / "db" / "work.duckdb"
    report = ingest_directory(root, db, max_bytes=MAX_BYTES)
    got = {}
    for path, ref, kind, reason, quarantine in rows(
            db, "select source_path, record_ref, reason_kind, reason, quarantine_path from raw.rejected_inputs"):
        rel = Path(path).relative_to(root).as_posix()
        got[f"{rel}:{ref}" if ref else rel] = (kind, reason, quarantine)
    return root, db, report, expected, got


def test_every_rejection_reason_is_covered_here(bad_ingest):
    *_, expected, _ = bad_ingest
    assert set(expected.values()) | TESTED_ELSEWHERE == set(REASON_KINDS)


# a file that vanishes or cannot be opened (below); a path past the system's limit and an article
# longer than the article limit (larger than this folder's file limit): tests/test_ingest_hostile.py
TESTED_ELSEWHERE = {"read_error", "path_too_long", "too_long"}


@pytest.mark.parametrize("kind", sorted(set(REASON_KINDS) - TESTED_ELSEWHERE))
def test_rejection_reason(bad_ingest, kind):
    root, db, report, expected, got = bad_ingest
    inputs = [name for name, k in expected.items() if k == kind]
    assert inputs
    for name in inputs:
        assert name in got, f"{name} was not rejected"
        got_kind, reason, quarantine = got[name]
        assert got_kind == kind and len(reason) > 10
        if kind in ("symlink", "outside_input", "not_regular_file", "too_large"):
            assert quarantine is None  # links and pipes are not read; oversize files stay where they are
        else:
            assert quarantine and Path(quarantine).is_file()
            assert Path(quarantine).parent == db.parent / "quarantine"
    assert report.rejected_reasons[kind] == len(inputs)


def test_bad_inputs_do_not_stop_the_good_ones(bad_ingest):
    root, db, report, expected, got = bad_ingest
    assert set(got) == set(expected)
    refs = {r[0] for r in rows(db, "select article_ref from raw.articles")}
    assert refs == {"lviv", "ok-1"}
    assert report.rejected == len(expected) and report.new_articles == 2
    assert not any("luar" in r[0] for r in rows(db, "select source_path from raw.article_sources"))


def test_quarantine_keeps_the_rejected_bytes(bad_ingest):
    root, db, report, expected, got = bad_ingest
    assert Path(got["rusak.txt"][2]).read_bytes() == (root / "rusak.txt").read_bytes()
    line = (root / "good" / "feed.jsonl").read_text().split("\n")[1]
    assert Path(got["good/feed.jsonl:2"][2]).read_text() == line


def test_rerun_over_bad_folder_adds_nothing(bad_ingest):
    root, db, report, expected, got = bad_ingest
    before = counts(db)
    again = ingest_directory(root, db, max_bytes=MAX_BYTES)
    assert counts(db) == before
    assert again.new_rejections == 0 and again.new_articles == 0
    # each rejection is either seen again (file read again) or counted with its unchanged file, never lost
    assert again.rejected + again.unchanged_rejected == report.rejected + report.unchanged_rejected


def test_vanished_file_is_a_read_error(tmp_path):
    result = _read_file(tmp_path / "hilang.txt", tmp_path, MAX_BYTES)
    assert [r.kind for r in result.rejections] == ["read_error"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_a_read_error(tmp_path):
    write(tmp_path / "in" / "rahasia.txt", f"{TITLE}\n\n{article_text(6)}").chmod(0)
    report = ingest_directory(tmp_path / "in", tmp_path / "work.duckdb")
    assert report.rejected_reasons == {"read_error": 1}


def test_unparseable_date_keeps_article_with_warning(tmp_path):
    write(tmp_path / "in" / "a.json", json.dumps({"id": "a", "text": article_text(7), "published_at": "suatu hari nanti"}))
    db = tmp_path / "work.duckdb"
    report = ingest_directory(tmp_path / "in", db)
    assert report.new_articles == 1 and report.rejected == 0
    assert rows(db, "select published_at, extra->>'published_at_unparsed' from raw.articles") == [(None, "suatu hari nanti")]
    [(warning,)] = rows(db, "select warning from raw.ingest_warnings")
    assert "suatu hari nanti" in warning and len(report.warnings) == 1


def test_jsonl_bad_line_keeps_the_good_ones(tmp_path):
    lines = [json.dumps({"id": "j1", "text": article_text(8)}), "{broken", "",
             json.dumps({"text": article_text(9), "source": "contoh.id", "feed": {"name": "Contoh"}})]
    write(tmp_path / "in" / "umpan.jsonl", "\n".join(lines) + "\n")
    db = tmp_path / "work.duckdb"
    report = ingest_directory(tmp_path / "in", db)
    assert (report.records_seen, report.new_articles, report.rejected) == (3, 2, 1)
    assert rows(db, "select record_ref, reason_kind from raw.rejected_inputs") == [("2", "malformed_json")]
    got = dict(rows(db, "select article_ref, extra->>'$.feed.name' from raw.articles"))
    assert got == {"j1": None, "umpan:4": "Contoh"}  # no id: file stem + line; other fields kept in extra


# --- dedup and encodings -------------------------------------------------------------------------


def html_page(title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title} - Kabar Contoh</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="Kabar Contoh">
<link rel="canonical" href="https://www.kabarcontoh.id/dunia/lviv">
<meta property="article:published_time" content="2025-06-12T10:00:00+07:00"></head>
<body><header><nav><a href="/">Beranda</a> <a href="/dunia">Dunia</a></nav></header>
<article><h1>{title}</h1>{body}<p>Baca Juga: Berita Lain di Kabar Contoh</p></article>
<footer><p>© 2025 Kabar Contoh. All rights reserved.</p></footer></body></html>"""


def test_same_article_in_four_formats_is_stored_once(tmp_path):
    text = article_text(10)
    paras = text.split("\n\n")
    record = {"id": "lviv-1", "title": TITLE, "source": "contoh.id", "url": "https://contoh.id/lviv",
              "published_at": "2025-06-12 10:00", "text": text}
    write(tmp_path / "in" / "a" / "lviv.txt", TITLE + "\n\n" + "\n".join(paras[:1] + ["Baca juga: Lain"] + paras[1:]))
    write(tmp_path / "in" / "b" / "lviv.json", json.dumps(record))
    write(tmp_path / "in" / "c" / "feed.jsonl", json.dumps({"id": "other", "text": article_text(11)}) + "\n"
          + json.dumps(record) + "\n")
    write(tmp_path / "in" / "d" / "lviv.html", html_page(TITLE, paras))
    db = tmp_path / "work.duckdb"
    report = ingest_directory(tmp_path / "in", db)
    assert (report.new_articles, report.duplicates) == (2, 3)
    [(article_id, fmt, published)] = rows(
        db, "select article_id, format, published_at from raw.articles where article_ref <> 'other'")
    sources = rows(db, "select format, record_ref from raw.article_sources where article_id = ? order by format",
                   [article_id])
    assert sources == [("html", ""), ("json", ""), ("jsonl", "2"), ("txt", "")]
    assert fmt == "txt" and published is not None  # first copy stored; its missing date filled from a later one


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-be", b"\xfe\xff"), ("cp1252", b""),
])
def test_encodings_are_detected(tmp_path, encoding, prefix):
    text = TITLE + "\n\n" + article_text(12).replace("kata wali kota", "“kata wali kota” – café")
    write(tmp_path / "in" / "a.txt", prefix + text.encode(encoding))
    db = tmp_path / "work.duckdb"
    ingest_directory(tmp_path / "in", db)
    [(title, stored)] = rows(db, "select title, text from raw.articles")
    assert title == TITLE
    assert '"kata wali kota" – café' in stored and "Lviv" in stored


def test_symlinked_folder_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    write(outside / "rahasia.txt", f"{TITLE}\n\n{article_text(13)}")
    write(tmp_path / "in" / "ok.txt", f"{TITLE}\n\n{article_text(14)}")
    (tmp_path / "in" / "link").symlink_to(outside, target_is_directory=True)
    db = tmp_path / "work.duckdb"
    report = ingest_directory(tmp_path / "in", db)
    assert report.new_articles == 1 and report.rejected_reasons == {"outside_input": 1}
    assert all("rahasia" not in p for (p,) in rows(db, "select source_path from raw.article_sources"))


def test_work_db_and_quarantine_inside_the_input_folder_are_skipped(tmp_path):
    write(tmp_path / "kosong.txt", b"")
    write(tmp_path / "ok.txt", f"{TITLE}\n\n{article_text(15)}")
    db = tmp_path / "work.duckdb"
    ingest_directory(tmp_path, db)
    before = counts(db)
    again = ingest_directory(tmp_path, db)
    assert counts(db) == before and again.rejected_reasons == {"empty": 1}


# --- the sample corpus and the command -----------------------------------------------------------


def test_sample_corpus(work_db):
    report = ingest_directory(REPO / "data" / "raw", work_db)
    assert report.rejected == 0 and report.new_articles >= 8 and report.duplicates >= 1
    assert report.warnings == []
    formats = {f for (f,) in rows(work_db, "select distinct format from raw.article_sources")}
    assert formats == {"txt", "json", "jsonl", "html"}
    [(earliest, latest)] = rows(work_db, "select min(published_date), max(published_date) from raw.articles")
    assert str(earliest) >= "2022-02-24" and latest is not None
    texts = " ".join(t for (t,) in rows(work_db, "select text from raw.articles"))
    for phrase in ["Baca Juga", "SCROLL TO CONTINUE", "Leave a Comment", "Simak juga", "Tautan Sumber"]:
        assert phrase.casefold() not in texts.casefold()


def test_cli_ingest(tmp_path, capsys):
    write(tmp_path / "in" / "a.txt", f"{TITLE}\n\n{article_text(16)}")
    write(tmp_path / "in" / "b.bin", b"\x00\x01")
    db = tmp_path / "work.duckdb"
    assert main(["ingest", str(tmp_path / "in"), "--work-db", str(db), "--max-bytes", "100000"]) == 0
    out = capsys.readouterr().out
    assert "new articles 1" in out and "unsupported_type 1" in out
    assert main(["ingest", str(tmp_path / "missing"), "--work-db", str(db)]) == 1
    assert "does not exist" in capsys.readouterr().err


# --- binary content and language ------------------------------------------------------------------


def _zip_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", article_text(21))
    return buffer.getvalue()


BINARY = {
    "random bytes": random_bytes(4096, 2),
    "random bytes without NUL": random_bytes(4096, 3, nul=False),
    "PNG header, then text-like bytes": b"\x89PNG\r\n\x1a\n" + article_text(22).encode(),
    "gzip": __import__("gzip").compress(article_text(23).encode()),
    "ZIP (a .docx)": _zip_bytes(),
}


@pytest.mark.parametrize("ext", [".txt", ".json", ".jsonl", ".html"])
@pytest.mark.parametrize("what", sorted(BINARY))
def test_binary_content_is_rejected_as_binary_whatever_its_extension(tmp_path, what, ext):
    path = write(tmp_path / f"berkas{ext}", BINARY[what])
    result = _read_file(path, tmp_path, MAX_BYTES)
    assert [r.kind for r in result.rejections] == ["binary"] and result.articles == []


def test_a_binary_reason_names_the_format_when_a_signature_says_it(tmp_path):
    result = _read_file(write(tmp_path / "foto.txt", BINARY["PNG header, then text-like bytes"]), tmp_path, MAX_BYTES)
    assert "Portable Network Graphics" in result.rejections[0].reason


@pytest.mark.parametrize("start", ["MZ", "ID3", "BZh", "From Kyiv:", "Article 5", "This is "])
def test_text_that_starts_like_a_file_signature_is_still_text(tmp_path, start):
    """puremagic knows signatures made of letters ("MZ", "From", "Article"): prose may start so too."""
    path = write(tmp_path / "awal.txt", f"{start} {TITLE}\n\n{article_text(24)}")
    result = _read_file(path, tmp_path, MAX_BYTES)
    assert result.rejections == [] and len(result.articles) == 1


def test_an_english_article_is_rejected_with_its_language_and_kept_in_quarantine(tmp_path):
    write(tmp_path / "in" / "english.txt", ENGLISH)
    write(tmp_path / "in" / "indonesia.txt", f"{TITLE}\n\n{article_text(25)}")
    db = tmp_path / "work.duckdb"
    report = ingest_directory(tmp_path / "in", db)
    assert report.new_articles == 1 and report.rejected_reasons == {"not_indonesian": 1}
    assert rows(db, "select article_ref, language from raw.articles") == [("indonesia", "id")]
    [(reason, quarantined)] = rows(db, "select reason, quarantine_path from raw.rejected_inputs")
    assert "English" in reason and "not Indonesian" in reason
    assert Path(quarantined).read_text() == ENGLISH


def test_malay_is_kept_as_malay(tmp_path):
    write(tmp_path / "in" / "malaysia.txt", MALAY)
    db = tmp_path / "work.duckdb"
    assert ingest_directory(tmp_path / "in", db).new_articles == 1
    assert rows(db, "select language from raw.articles") == [("ms",)]


def test_text_too_short_to_tell_is_kept_without_a_language(tmp_path):
    write(tmp_path / "in" / "pendek.json", json.dumps({"id": "p", "text": "12/6/2025 09.30 WIB: 27 dari 35"}))
    db = tmp_path / "work.duckdb"
    assert ingest_directory(tmp_path / "in", db).new_articles == 1
    assert rows(db, "select language from raw.articles") == [(None,)]


def indonesian_texts(shared: Path) -> dict[str, str]:
    """Every Indonesian article at hand: the seeds, the eval sets (dev, realdev) and our own sets
    (held-out, real-web-style: scraped, paraphrased, machine-translated)."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))}
    for path in [shared / "eval" / "dev" / "articles.jsonl", shared / "eval" / "realdev" / "articles.jsonl",
                 *sorted((REPO / "tests" / "data").glob("*/articles.jsonl"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts[f"{path.parent.name}/{record['id']}"] = record["text"]
    return texts


def test_no_indonesian_article_at_hand_is_taken_for_another_language(shared_dir):
    from kabar.articles.language import detect

    texts = indonesian_texts(shared_dir)
    assert len(texts) >= 100
    judged = {name: detect(text) for name, text in texts.items()}
    assert {name: lang for name, lang in judged.items() if not lang.accepted} == {}
    assert {lang.code for lang in judged.values()} == {"id"}


def test_every_rejection_kind_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `(\w+)` \| (.+) \|$", readme, re.MULTILINE))
    assert {kind: documented.get(kind) for kind in REASON_KINDS} == REASON_KINDS
