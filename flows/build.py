"""Build flow: `dbt build` over the work database (staging, intermediate, marts and dbt tests)."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from flows.common import (RETRY_DELAYS, OptionalPath, StageFailed, failed, holding_work_db, path_str, resolve_settings,
                          retry_on_transient_io, stage_function)


@task(name="dbt-build", retries=2, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_transient_io)
def dbt_build_task(work_db: str) -> dict:
    """dbt in-process; models are rebuilt from raw/nlp tables, so a retry is safe."""
    dbt_build = stage_function("build")
    report = dbt_build(Path(work_db))
    get_run_logger().info("dbt build finished:\n%s", report.summary())
    return report.as_dict()


def _failures(data: dict) -> str:
    failures = data.get("failures") or []
    if not failures:
        return "see the dbt log"
    shown = "; ".join(_describe(f) for f in failures[:3])
    return shown + (f" (and {len(failures) - 3} more)" if len(failures) > 3 else "")


def _describe(failure) -> str:
    if isinstance(failure, dict) and failure.get("message"):
        return f"{failure.get('node', '?')}: {str(failure['message']).strip().splitlines()[-1].strip()}"
    return str(failure)


@flow(name="kabar-build", description="dbt build: staging, intermediate and marts with dbt tests, in the work database.")
def build_flow(work_db: OptionalPath = None) -> dict:
    settings = resolve_settings(work_db=work_db)
    get_run_logger().info("Building the dbt models in %s", settings.work_db)
    with holding_work_db(settings, flow_run.id, "kabar-build flow run"):
        report = dbt_build_task(path_str(settings.work_db))
    if not report.get("ok"):  # dbt failures fail the flow
        return failed(StageFailed(f"dbt build failed: {_failures(report)}", report))
    return report
