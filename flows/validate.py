"""Validate flow: the Great Expectations suites over the built marts; a failed check fails the flow."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.runtime import flow_run

from flows.common import (RETRY_DELAYS, OptionalPath, StageFailed, failed, holding_work_db, path_str, resolve_settings,
                          retry_on_transient_io, stage_function)


@task(name="validate-marts", retries=2, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_transient_io)
def validate_task(work_db: str, run_id: str | None) -> dict:
    validate = stage_function("validate")
    report = validate(Path(work_db), run_id=run_id)
    get_run_logger().info("Validation finished:\n%s", report.summary())
    return report.as_dict()


@flow(name="kabar-validate", description="Great Expectations suites over the marts; fails when any check fails.")
def validate_flow(work_db: OptionalPath = None, run_id: str | None = None) -> dict:
    settings = resolve_settings(work_db=work_db)
    logger = get_run_logger()
    logger.info("Validating the marts in %s", settings.work_db)
    with holding_work_db(settings, run_id or flow_run.id, "kabar-validate flow run"):
        report = validate_task(path_str(settings.work_db), run_id or flow_run.id)
    if report.get("data_docs_path"):
        logger.info("Great Expectations Data Docs: %s", report["data_docs_path"])
    if report.get("summary_site"):
        logger.info("Validation summary (reads offline): %s", report["summary_site"])
    if not report.get("success"):
        failures = report.get("failures") or []
        create_table_artifact(key="kabar-validation-failures", table=[_flat(f) for f in failures] or [{}],
                              description=f"Failed checks of run {run_id or flow_run.id}")
        return failed(StageFailed(f"{report.get('failed')} of {report.get('checks')} checks failed; nothing will be "
                          f"published (details: artifact kabar-validation-failures)", report))
    logger.info("All %s checks passed", report.get("checks"))
    return report


def _flat(failure: dict) -> dict:
    """Table artifact cells must be scalars: lists and dicts shown as text."""
    return {k: v if isinstance(v, (str, int, float, bool, type(None))) else str(v) for k, v in failure.items()}
