"""The pipeline flow: ingest → extract → build → validate → publish, one stage after the other.

Each stage is a subflow (its own run in the UI). Stages run strictly in sequence, and the flow holds
the work database's lock (kabar.warehouse.lock) from before the first stage to after the last, so
no other run — another deployment's, a `kabar` command's — writes the work database meanwhile.
Whatever happens, the run leaves a summary: the Markdown artifact `kabar-run-summary` and the table
artifact `kabar-run-stages` (per-stage status and timings), and the same summary in the log; a run
that published also leaves the link artifact `kabar-report` to the report page the publish stage
wrote beside the warehouse (kabar.report), and a run that validated (passed or failed) the link
artifact `kabar-validations` to the validation summary site (kabar.validationdocs). A stage that fails
(including a failed validation) fails the pipeline run after the summary is written; the published
warehouse is then untouched.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Callable

from prefect import flow, get_run_logger
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run

from flows.build import build_flow
from flows.common import (BatchSize, DaskAddress, MaxBytes, OptionalPath, PipelineFailed, StageFailed,
                          env_dask_address, failed, holding_work_db, path_str, resolve_settings)
from flows.extract import extract_flow
from flows.ingest import ingest_flow
from flows.publish import publish_flow
from flows.validate import validate_flow
from kabar.config import Settings
from kabar.errors import KabarError
from kabar.runsummary import FAILED, OK, SKIPPED, RunSummary
from kabar.warehouse.freshness import is_current
from kabar.signals import interruption, stage as running_stage
from kabar.warehouse.lock import WorkDbLocked

SUMMARY_KEY = "kabar-run-summary"
STAGES_KEY = "kabar-run-stages"
REPORT_KEY = "kabar-report"
VALIDATIONS_KEY = "kabar-validations"


@flow(name="kabar-pipeline",
      description="Indonesian war news → claims → dbt marts → Great Expectations gate → published DuckDB warehouse.")
def pipeline(
    input_dir: OptionalPath = None,
    work_db: OptionalPath = None,
    warehouse: OptionalPath = None,
    stanza_dir: OptionalPath = None,
    batch_size: BatchSize = None,
    max_bytes: MaxBytes = None,
    dask: bool = False,
    dask_address: DaskAddress = None,
    rescan: bool = False,
    always_run: bool = False,
) -> dict:
    """Run every stage in order and publish the warehouse when every check passes.

    Unset parameters come from the worker's KABAR_* environment, then the defaults.

    Args:
        input_dir: folder of raw articles (.txt, .json, .jsonl, .html), searched recursively; default data/raw
        work_db: the pipeline's own DuckDB file (raw, nlp, dbt models); default data/work.duckdb
        warehouse: the published DuckDB file analysts open; default data/warehouse.duckdb
        stanza_dir: Stanza model directory; default KABAR_STANZA_DIR, else Stanza's resources directory
        batch_size: articles per Stanza batch, 1-512; default 16
        max_bytes: input files larger than this are rejected; default 5 MiB
        dask: fan extraction out over Dask (a local cluster unless dask_address is given)
        dask_address: an existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (default KABAR_DASK_ADDRESS)
        rescan: read every input file again, also those unchanged since an earlier run read them
        always_run: run build, validate and publish (the whole gate) even when the warehouse is already
            published from this very state
    """
    settings = resolve_settings(input_dir=input_dir, work_db=work_db, warehouse=warehouse, stanza_dir=stanza_dir,
                                batch_size=batch_size, max_input_bytes=max_bytes)
    logger = get_run_logger()
    run_id = flow_run.id or str(uuid.uuid4())
    summary = RunSummary(run_id=run_id, input_dir=path_str(settings.input_dir), work_db=path_str(settings.work_db),
                         warehouse=path_str(settings.warehouse))
    dask_address = dask_address or (env_dask_address() if dask else None)
    on_dask = f" (extraction on Dask {dask_address or 'local cluster'})" if dask or dask_address else ""
    logger.info("Pipeline run %s: %s → %s → %s%s", run_id, summary.input_dir, summary.work_db, summary.warehouse,
                on_dask)
    stages: list[tuple[str, Callable, dict]] = [
        ("ingest", ingest_flow, dict(input_dir=settings.input_dir, work_db=settings.work_db,
                                     max_bytes=settings.max_input_bytes, run_id=run_id, rescan=rescan)),
        ("extract", extract_flow, dict(work_db=settings.work_db, batch_size=settings.batch_size,
                                       stanza_dir=settings.stanza_dir, dask=dask or bool(dask_address),
                                       dask_address=dask_address)),
        ("build", build_flow, dict(work_db=settings.work_db, run_id=run_id)),
        ("validate", validate_flow, dict(work_db=settings.work_db, run_id=run_id)),
        ("publish", publish_flow, dict(work_db=settings.work_db, warehouse=settings.warehouse)),
    ]
    try:
        with holding_work_db(settings, run_id, "kabar-pipeline flow run"):
            _run_stages(summary, settings, stages, always_run)
    except WorkDbLocked as exc:
        summary.record("ingest", FAILED, note=str(exc))
        summary.skip_rest("another run was using the work database")
        _leave_summary(summary)
        return failed(PipelineFailed(summary.text()))
    except Exception:
        summary.skip_rest("an earlier stage failed")
        _leave_summary(summary)
        return failed(PipelineFailed(summary.text()))
    except BaseException as exc:  # stopped by SIGTERM / SIGINT: say where, then stop (kabar.signals)
        stop = interruption(exc)
        if stop is None:
            raise
        summary.skip_rest(f"the run was {stop}")
        _leave_summary(summary)
        raise stop from None
    _leave_summary(summary)
    if not (summary.published or summary.up_to_date):
        return failed(PipelineFailed(summary.text()))
    return summary.as_dict()


def _run_stages(summary: RunSummary, settings: Settings, stages: list[tuple[str, Callable, dict]],
                always_run: bool = False) -> None:
    """The stages in order, each after the one before succeeded; build, validate and publish only when
    there is something new to publish (or `always_run`)."""
    for stage, stage_flow, params in stages:
        if stage == "build" and not always_run and _warehouse_is_current(summary, settings):
            return
        try:
            _run_stage(summary, stage, stage_flow, params)
        except StageFailed:
            if stage == "validate":
                _keep_candidate(summary, *stages[-1])
            raise


def _run_stage(summary: RunSummary, stage: str, stage_flow: Callable, params: dict) -> dict:
    """Run one stage's subflow, recording its report, status and duration in the summary."""
    logger = get_run_logger()
    started = time.perf_counter()
    try:
        with running_stage(stage):
            logger.info("Stage %s starting", stage)
            report = stage_flow(**params)
    except StageFailed as exc:
        summary.record(stage, FAILED, time.perf_counter() - started, exc.report, str(exc))
        logger.error("Stage %s failed: %s", stage, exc)
        raise
    except Exception as exc:
        stop = interruption(exc)
        if stop is not None:  # a library's error made of a stop (DuckDB: "Query interrupted")
            _stopped(summary, stage, started, stop)
        note = str(exc) if isinstance(exc, KabarError) else f"{type(exc).__name__}: {exc}"
        summary.record(stage, FAILED, time.perf_counter() - started, note=note)
        logger.error("Stage %s failed: %s", stage, note)
        raise
    except BaseException as exc:
        stop = interruption(exc)
        if stop is None:
            raise
        _stopped(summary, stage, started, stop)
    result = summary.record(stage, OK, time.perf_counter() - started, report)
    logger.info("Stage %s done in %.1f s", stage, result.seconds)
    return report


def _stopped(summary: RunSummary, stage: str, started: float, stop) -> None:
    """Record the stage as stopped by a signal and raise the stop (kabar.signals.Interrupted)."""
    stop.stage = stage
    summary.record(stage, FAILED, time.perf_counter() - started,
                   note=f"interrupted by {stop.name}: stopped; what it committed before the signal is kept, "
                        f"the rest rolled back")
    get_run_logger().error("Stage %s %s: stopping the run", stage, str(stop).replace(f" during the {stage} stage", ""))
    raise stop from None


def _warehouse_is_current(summary: RunSummary, settings: Settings) -> bool:
    """Nothing new was ingested or extracted and the warehouse was published from this very work-DB state
    (and code): build, validate and publish would redo the same work, so they are skipped."""
    if summary.report("ingest").get("new_articles") or summary.report("extract").get("articles_processed"):
        return False
    if not is_current(settings.work_db, settings.warehouse):
        return False
    note = "nothing new since the last publish"
    get_run_logger().info("Nothing new since the last publish: %s is up to date; skipping build, validate, publish",
                          settings.warehouse)
    summary.record("build", SKIPPED, note=note)
    summary.record("validate", SKIPPED, note=note)
    summary.record("publish", SKIPPED, report={"published": False, "up_to_date": True,
                                               "path": path_str(settings.warehouse)}, note=note)
    return True


def _keep_candidate(summary: RunSummary, stage: str, publish_flow: Callable, params: dict) -> None:
    """After a failed gate, publish still runs: it refuses the marts, leaves the warehouse untouched and
    keeps them as a candidate file (with the failure summary) for inspection."""
    try:
        _run_stage(summary, stage, publish_flow, params)
    except StageFailed:
        pass  # the expected refusal; recorded in the summary by _run_stage


def _leave_summary(summary: RunSummary) -> None:
    """The run's artifacts and log lines; a failure to write an artifact never hides the run's own outcome."""
    logger = get_run_logger()
    (logger.info if summary.outcome in ("published", "up to date") else logger.error)("Run summary\n%s", summary.text())
    try:
        create_markdown_artifact(key=SUMMARY_KEY, markdown=summary.to_markdown(),
                                 description=f"kabar run {summary.run_id}: {summary.outcome}")
        create_table_artifact(key=STAGES_KEY, table=summary.table_rows(),
                              description=f"Stages of kabar run {summary.run_id}: status and seconds")
        if summary.report_page:
            create_link_artifact(key=REPORT_KEY, link=Path(summary.report_page).as_uri(),
                                 link_text="the report page: map, timeline and latest events",
                                 description=f"Report page of the warehouse published by kabar run {summary.run_id}")
        if summary.summary_site:
            create_link_artifact(key=VALIDATIONS_KEY, link=Path(summary.summary_site).as_uri(),
                                 link_text="the validation summary: every run's expectations, passed and failed",
                                 description=f"Validations of the work database, kabar run {summary.run_id} first")
    except Exception as exc:  # noqa: BLE001 - the summary is also in the log above
        logger.warning("Could not write the run summary artifacts: %s", exc)


def run_locally(settings: Settings, *, dask: bool = False, dask_address: str | None = None,
                rescan: bool = False, always_run: bool = False) -> dict:
    """`kabar run`: the pipeline flow in this process (Prefect's ephemeral mode unless PREFECT_API_URL is set).

    Returns the run summary (as_dict) of a published run; raises PipelineFailed
    (whose message is the summary) otherwise, and KabarError for parameters the flow rejects.
    """
    from prefect.exceptions import ParameterTypeError

    try:
        return pipeline(input_dir=settings.input_dir, work_db=settings.work_db, warehouse=settings.warehouse,
                        stanza_dir=settings.stanza_dir, batch_size=settings.batch_size,
                        max_bytes=settings.max_input_bytes, dask=dask, dask_address=dask_address, rescan=rescan,
                        always_run=always_run)
    except ParameterTypeError as exc:
        raise KabarError(f"invalid pipeline parameters: {exc}") from None


def warehouse_path(summary: dict) -> Path:
    publish = next((s for s in summary.get("stages", []) if s["stage"] == "publish"), None)
    return Path((publish or {}).get("report", {}).get("path") or summary["warehouse"]).resolve()
