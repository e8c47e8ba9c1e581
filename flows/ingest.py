"""Ingest flow: read a folder of raw articles into the work database (raw.articles, raw.rejected_inputs)."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from flows.common import (RETRY_DELAYS, MaxBytes, OptionalPath, holding_work_db, path_str, resolve_settings,
                          retry_on_transient_io, stage_function)


@task(name="ingest-directory", retries=2, retry_delay_seconds=RETRY_DELAYS,
      retry_condition_fn=retry_on_transient_io)
def ingest_directory_task(input_dir: str, work_db: str, max_bytes: int, run_id: str | None,
                          rescan: bool = False) -> dict:
    """Idempotent (a re-run over the same folder adds nothing), so a retry after an I/O error is safe."""
    ingest_directory = stage_function("ingest")
    report = ingest_directory(Path(input_dir), Path(work_db), max_bytes=max_bytes, run_id=run_id, rescan=rescan)
    get_run_logger().info("Ingest finished:\n%s", report.summary())
    return report.as_dict()


@flow(name="kabar-ingest", description="Read raw articles from a folder into the work database.")
def ingest_flow(input_dir: OptionalPath = None, work_db: OptionalPath = None, max_bytes: MaxBytes = None,
                run_id: str | None = None, rescan: bool = False) -> dict:
    """Files an earlier run read completely and unchanged since are not read again, unless `rescan`."""
    settings = resolve_settings(input_dir=input_dir, work_db=work_db, max_input_bytes=max_bytes)
    run_id = run_id or flow_run.id
    get_run_logger().info("Ingesting articles from %s into %s", settings.input_dir, settings.work_db)
    with holding_work_db(settings, run_id, "kabar-ingest flow run"):
        return ingest_directory_task(path_str(settings.input_dir), path_str(settings.work_db),
                                     settings.max_input_bytes, run_id, rescan)
