"""The fault trial's hostile folder end to end (issue 15, "done when"): beside two real seeds, a
20-digit casualty count, two billion drones, "-5 drone", a 1900 publication date and a path past the
system's limit. Each of these used to stop ingest, extraction or every later publish; now the seeds'
claims are published on the first run and on the next one, and the rest is held back or rejected,
each with a reason.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from test_ingest_hostile import deep_folder
from test_gate_e2e import kabar_run, rows

pytest_plugins = ["prefect_support"]
pytestmark = pytest.mark.slow

HOSTILE = {
    # item 1: a count past a signed 64-bit integer failed its batch on every run
    "puluhan.txt": "Serangan rudal di Kharkiv\n\nSerangan rudal Rusia di Kharkiv pada Selasa (10/6/2025) menewaskan "
                   "99999999999999999999 orang, kata gubernur setempat.\n",
    # item 2: two billion drones failed the gate on every run
    "miliar.txt": "Serangan drone besar-besaran\n\nRusia meluncurkan 2.000.000.000 drone ke Kyiv pada Senin "
                  "(9/6/2025), kata angkatan udara Ukraina.\n",
    # item 4: a minus sign was dropped
    "minus.txt": "Serangan drone di Odesa\n\nRusia meluncurkan -5 drone ke Odesa pada Kamis (12/6/2025), kata "
                 "angkatan udara Ukraina.\n",
    # item 2: a placeholder publication date grew dim_date to 739,405 rows
    "kuno.json": json.dumps({"id": "kuno-1900", "source": "contoh.id", "published_at": "1900-01-01",
                             "title": "Serangan di Odesa",
                             "text": "Serangan drone Rusia menewaskan 4 orang di Odesa kemarin, kata pejabat setempat."}),
}


def test_the_trials_hostile_folder_publishes_the_seeds_run_after_run(prefect_harness, seeds_dir, stanza_dir,
                                                                     tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(seeds_dir.glob("*.txt"))[:2]
    for seed in seeds:
        shutil.copy(seed, folder)
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    deep_folder(folder, past_limit_by=10)  # item 5: crashed all of ingest, every run
    work, warehouse = tmp_path / "work.duckdb", tmp_path / "warehouse.duckdb"

    for run in ("first", "next"):
        assert kabar_run(folder, work, warehouse, stanza_dir, "--always-run") == 0, run
        out = capsys.readouterr().out
        assert "published: yes" in out, (run, out[-3000:])
        _assert_seeds_published_and_the_rest_explained(work, warehouse, [s.stem for s in seeds])


def _assert_seeds_published_and_the_rest_explained(work: Path, warehouse: Path, seed_refs: list[str]) -> None:
    published = {r["article_ref"]: r["n"] for r in rows(
        warehouse, "select article_ref, count(*) as n from marts.fct_claims group by all")}
    extracted = {r["article_ref"]: r["n"] for r in rows(
        work, "select a.article_ref, count(*) as n from nlp.claims c join raw.articles a using (article_id) "
              "group by all")}
    for ref in seed_refs:
        assert published.get(ref) == extracted[ref] > 0, ref           # every claim of both seeds
    # the path past the limit: a rejection with its reason, every run, the scan going on
    [rejected] = rows(work, "select reason_kind, reason from raw.rejected_inputs")
    assert rejected["reason_kind"] == "path_too_long" and "more than this system allows" in rejected["reason"]
    # the placeholder date: kept with no date and a warning; dim_date spans the war, not the 20th century
    assert rows(work, "select published_date from raw.articles where article_ref = 'kuno-1900'") \
        == [{"published_date": None}]
    assert any("1900-01-01" in w["warning"] for w in rows(work, "select warning from raw.ingest_warnings"))
    assert rows(warehouse, "select min(date_key) >= date '2022-01-01' as ok, count(*) < 5000 as small "
                           "from marts.dim_date") == [{"ok": True, "small": True}]
    # the numbers: held back with a reason (the 20-digit count is stored as no value, as written)
    held = {(h["article_ref"], h["check_name"]) for h in rows(
        warehouse, "select article_ref, check_name from meta.held_back_claims")}
    assert ("miliar", "value_above_bound") in held
    assert any(ref == "minus" for ref, _ in held)
    assert any(ref == "puluhan" for ref, _ in held)
    assert rows(work, "select value, value_text from nlp.claims c join raw.articles a using (article_id) "
                      "where a.article_ref = 'puluhan'") == [{"value": None, "value_text": "99999999999999999999"}]
    for ref in ("miliar", "minus", "puluhan"):
        assert ref not in published, ref
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_claims where value < 0 or value >= 2000000000") \
            .fetchone()[0] == 0
