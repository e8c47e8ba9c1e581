"""The Prefect flows against a real (temporary) Prefect API: stage flows, the pipeline, `kabar run`.

Real components throughout: DuckDB files in tmp dirs, the offline Stanza model, dbt, GX.
"""

from __future__ import annotations

import hashlib
import json
import shutil

import duckdb
import pytest

from flows.common import PipelineFailed, StageFailed, is_transient
from kabar.errors import KabarError
from prefect_support import run_pipeline_on

pytest_plugins = ["prefect_support"]


# --- task logic without a server ---------------------------------------------------------------


def test_only_transient_io_errors_are_retried():
    assert is_transient(duckdb.IOException("Could not set lock on file"))
    assert is_transient(OSError(5, "Input/output error"))
    assert is_transient(TimeoutError())
    assert not is_transient(FileNotFoundError("data/raw"))  # a wrong path stays wrong
    assert not is_transient(KabarError("no Stanza model found"))
    assert not is_transient(StageFailed("3 of 40 checks failed"))
    assert not is_transient(ValueError("bad batch size"))


def test_stage_failure_keeps_its_report_through_pickling():
    import pickle

    exc = pickle.loads(pickle.dumps(StageFailed("2 of 9 checks failed", {"failed": 2, "checks": 9})))
    assert str(exc) == "2 of 9 checks failed" and exc.report == {"failed": 2, "checks": 9}


# --- flows on a Prefect test server ------------------------------------------------------------


def test_ingest_flow_is_idempotent_and_records_the_flow_run(prefect_harness, seeds_dir, work_db):
    from flows.ingest import ingest_flow

    first = ingest_flow(input_dir=seeds_dir, work_db=work_db)
    again = ingest_flow(input_dir=seeds_dir, work_db=work_db)
    assert first["new_articles"] == len(list(seeds_dir.glob("*.txt"))) > 0
    # the seeds are unchanged since the first run read them: not read again
    assert again["new_articles"] == 0 and again["files_unchanged"] == first["files_seen"] == first["new_articles"]
    rescan = ingest_flow(input_dir=seeds_dir, work_db=work_db, rescan=True)
    assert rescan["files_unchanged"] == rescan["new_articles"] == 0 and rescan["duplicates"] == first["new_articles"]
    with duckdb.connect(str(work_db), read_only=True) as con:
        run_ids = {r[0] for r in con.execute("select distinct run_id from raw.articles").fetchall()}
    assert run_ids == {first["run_id"]}  # the ingest run id is the Prefect flow run's id
    assert first["run_id"] != again["run_id"]


def test_flow_parameters_are_validated(prefect_harness, tmp_path):
    from prefect.exceptions import ParameterTypeError

    from flows.pipeline import pipeline

    with pytest.raises(ParameterTypeError):
        pipeline(input_dir=tmp_path, work_db=tmp_path / "w.duckdb", batch_size=0)
    with pytest.raises(ParameterTypeError):
        pipeline(input_dir=tmp_path, work_db=tmp_path / "w.duckdb", batch_size=10_000)
    with pytest.raises(ParameterTypeError):
        pipeline(input_dir=tmp_path, work_db=tmp_path / "w.duckdb", dask=True, dask_address="not an address")
    assert not (tmp_path / "w.duckdb").exists()  # rejected before any stage ran


def test_kabar_run_exits_1_on_parameters_the_flow_rejects(prefect_harness, tmp_path, capsys):
    from kabar.cli import main

    status = main(["run", "--input", str(tmp_path), "--work-db", str(tmp_path / "w.duckdb"), "--batch-size", "1000"])
    assert status == 1
    assert "batch_size" in capsys.readouterr().err


@pytest.fixture(scope="module")
def published(prefect_harness, seeds_dir, stanza_dir, tmp_path_factory):
    """One full pipeline run over the five seeds, shared by the tests below."""
    return run_pipeline_on(seeds_dir, stanza_dir, tmp_path_factory.mktemp("pipeline"))


@pytest.mark.slow
def test_pipeline_publishes_the_warehouse(published):
    params, summary, run_id = published
    assert summary["outcome"] == "published" and summary["published"]
    assert summary["run_id"] == run_id
    assert [s["stage"] for s in summary["stages"]] == ["ingest", "extract", "build", "validate", "publish"]
    assert all(s["status"] == "ok" for s in summary["stages"])
    with duckdb.connect(str(params["work_db"]), read_only=True) as con:
        work_claims = con.execute("select count(*) from nlp.claims").fetchone()[0]
    with duckdb.connect(str(params["warehouse"]), read_only=True) as con:
        published_claims = con.execute("select count(*) from marts.fct_claims").fetchone()[0]
    extract = next(s for s in summary["stages"] if s["stage"] == "extract")
    assert extract["report"]["claims"] == work_claims == published_claims > 0


@pytest.mark.slow
def test_every_run_leaves_a_summary_artifact(published):
    from prefect_support import latest_artifact

    params, summary, run_id = published
    markdown = latest_artifact("kabar-run-summary", run_id)
    assert markdown is not None and markdown.type == "markdown"
    assert run_id in markdown.data and "published" in markdown.data
    assert f"| claims extracted | {summary['stages'][1]['report']['claims']} |" in markdown.data
    table = latest_artifact("kabar-run-stages", run_id)
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert [r["stage"] for r in rows] == ["ingest", "extract", "build", "validate", "publish"]
    assert all(r["status"] == "ok" and r["seconds"] >= 0 for r in rows)


def _kabar_run(params: dict, *extra: str) -> int:
    from kabar.cli import main

    return main(["run", "--input", str(params["input_dir"]), "--work-db", str(params["work_db"]),
                 "--warehouse", str(params["warehouse"]), "--stanza-dir", str(params["stanza_dir"]), *extra])


@pytest.mark.slow
def test_kabar_run_with_nothing_new_starts_no_flow_run(published, capsys):
    from prefect_support import flow_run_count

    params, _, _ = published
    before = flow_run_count()
    assert _kabar_run(params) == 0
    out = capsys.readouterr().out
    assert "up to date" in out and "no flow run started" in out
    assert f"all 5 files under {params['input_dir']}" in out
    assert f"Warehouse: {params['warehouse']}" in out
    assert flow_run_count() == before


@pytest.mark.slow
def test_kabar_run_always_run_runs_the_gate_again(published, capsys):
    """issue 15, item 9: --always-run skipped the gate; now it checks, builds, validates and publishes again."""
    from prefect_support import flow_run_count

    params, summary, _ = published
    before = flow_run_count()
    status = _kabar_run(params, "--always-run")
    out = capsys.readouterr().out
    assert status == 0 and flow_run_count() > before
    assert f"Warehouse: {params['warehouse'].resolve()}" in out
    assert "new articles: 0" in out and "articles extracted: 0" in out
    assert "build" in out and "(skipped)" not in out
    assert "held back: 0 of" in out and "published: yes" in out


@pytest.mark.slow
def test_a_failed_gate_fails_the_run_and_keeps_the_published_warehouse(published, tmp_path, monkeypatch):
    """Half the published claims turned negative in place: the row tier holds them back, so fct_claims would
    lose half its rows against the last publish: a systemic failure (with shrink_min_rows 1, for these 16
    claims). The run fails, the warehouse stays byte-identical and the refused marts are kept as a candidate."""
    from flows.pipeline import pipeline
    from prefect_support import latest_artifact

    params, _, _ = published
    work, warehouse = tmp_path / "work.duckdb", tmp_path / "warehouse.duckdb"
    shutil.copy(params["work_db"], work)
    shutil.copy(params["warehouse"], warehouse)
    thresholds = tmp_path / "thresholds.toml"
    from kabar.thresholds import expectations_dir

    default = (expectations_dir() / "thresholds.toml").read_text()
    thresholds.write_text(default.replace("shrink_min_rows = 10", "shrink_min_rows = 1"))
    monkeypatch.setenv("KABAR_THRESHOLDS", str(thresholds))
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    with duckdb.connect(str(work)) as con:
        con.execute("update nlp.claims set value = -1 - value where claim_id in "
                    "(select claim_id from nlp.claims order by claim_id limit (select count(*) // 2 from nlp.claims))")

    state = pipeline(input_dir=params["input_dir"], work_db=work, warehouse=warehouse,
                     stanza_dir=params["stanza_dir"], return_state=True)
    assert state.is_failed()
    with pytest.raises(PipelineFailed) as failure:
        state.result()
    assert "not updated" in str(failure.value) and "value_negative" in str(failure.value)
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before

    run_id = str(state.state_details.flow_run_id)
    rows = latest_artifact("kabar-run-stages", run_id).data
    rows = json.loads(rows) if isinstance(rows, str) else rows
    status = {r["stage"]: r["status"] for r in rows}
    assert status["ingest"] == status["extract"] == "ok"
    assert status["build"] == "ok" and status["validate"] == "failed"
    assert status["publish"] == "failed"  # publish ran, refused the marts and kept them as the candidate
    with duckdb.connect(str(warehouse.with_name("warehouse.candidate.duckdb")), read_only=True) as con:
        failed = con.execute("select table_name from meta.validation_failures").fetchall()
        held = con.execute("select count(*) from meta.held_back_claims").fetchone()[0]
    assert ("published_row_counts",) in failed and held >= 8
    markdown = latest_artifact("kabar-run-summary", run_id).data
    assert "# kabar run: failed" in markdown and "## Held-back claims" in markdown
