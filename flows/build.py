"""Build flow: the gate's row tier (implausible claims held back), then `dbt build` over the work database."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from flows.common import (RETRY_DELAYS, OptionalPath, StageFailed, failed, holding_work_db, path_str, resolve_settings,
                          retry_on_transient_io, stage_function)


@task(name="check-claims-and-dbt-build", retries=2, retry_delay_seconds=RETRY_DELAYS,
      retry_condition_fn=retry_on_transient_io)
def dbt_build_task(work_db: str, run_id: str | None = None) -> dict:
    """Row tier + dbt in-process; both only read raw/nlp and rewrite their own output, so a retry is safe."""
    build = stage_function("build")
    report = build(Path(work_db), run_id=run_id)
    logger = get_run_logger()
    if report.held_back.get("held_back"):
        logger.warning("%s", _held_back_text(report.held_back))
    logger.info("dbt build finished:\n%s", report.summary())
    return report.as_dict()


def _held_back_text(checked: dict) -> str:
    from kabar.claimchecks import held_back_line

    shown = checked.get("held") or []
    lines = [held_back_line(checked) + " (listed in audit.held_back_claims and, once published, meta.held_back_claims)"]
    lines += [f"  {h['article_ref']}: {h['check_name']}: {h['reason']}" for h in shown[:10]]
    total = sum((checked.get("by_check") or {}).values())
    if total > 10:
        lines.append(f"  ... and {total - 10} more")
    return "\n".join(lines)


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


@flow(name="kabar-build",
      description="The gate's row tier (implausible claims held back), then dbt build: staging, intermediate and marts "
                  "with dbt tests, in the work database.")
def build_flow(work_db: OptionalPath = None, run_id: str | None = None) -> dict:
    settings = resolve_settings(work_db=work_db)
    get_run_logger().info("Checking the claims and building the dbt models in %s", settings.work_db)
    with holding_work_db(settings, flow_run.id, "kabar-build flow run"):
        report = dbt_build_task(path_str(settings.work_db), run_id or flow_run.id)
    if not report.get("ok"):  # dbt failures fail the flow
        return failed(StageFailed(f"dbt build failed: {_failures(report)}", report))
    return report
