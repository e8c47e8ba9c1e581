"""Publish flow: copy the validated marts into a new warehouse file, atomically renamed over the old one."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from kabar import signals
from flows.common import (RETRY_DELAYS, OptionalPath, StageFailed, failed, holding_work_db, path_str, resolve_settings,
                          retry_on_transient_io, stage_function)


@task(name="publish-warehouse", retries=2, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_transient_io)
def publish_task(work_db: str, warehouse: str) -> dict:
    """Write-then-rename: a failed attempt leaves the last published file in place, so a retry is safe."""
    publish = stage_function("publish")
    with signals.ours():  # a stop raises Interrupted here, not inside DuckDB as a 'Query interrupted' error
        report = publish(Path(work_db), Path(warehouse))
    get_run_logger().info("Publish finished:\n%s", report.summary())
    return report.as_dict()


@flow(name="kabar-publish", description="Publish the validated marts to the warehouse file readers open.")
def publish_flow(work_db: OptionalPath = None, warehouse: OptionalPath = None) -> dict:
    settings = resolve_settings(work_db=work_db, warehouse=warehouse)
    get_run_logger().info("Publishing the marts of %s to %s", settings.work_db, settings.warehouse)
    with holding_work_db(settings, flow_run.id, "kabar-publish flow run"):
        report = publish_task(path_str(settings.work_db), path_str(settings.warehouse))
    if not report.get("published"):
        return failed(StageFailed(f"nothing was published to {settings.warehouse}: {report.get('message') or 'see the log'}",
                                  report))
    return {**report, **report_page(report["path"])}


def report_page(warehouse: str) -> dict:
    """The report page beside the published warehouse (kabar.report); a failure is a warning in the run's
    log, never a failed publish."""
    from kabar.report import build_after_publish

    page = build_after_publish(warehouse)
    logger = get_run_logger()
    if page.get("report_error"):
        logger.warning("The warehouse is published, but its report page was not written: %s", page["report_error"])
    else:
        logger.info("Report page: %s (%.1f s)", page["report_page"], page["report_seconds"])
    return page
