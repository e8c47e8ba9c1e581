"""What one pipeline run did, stage by stage: the record behind the run summary artifact.

Plain data, no orchestration imports: the Prefect flows fill a RunSummary as stages finish and
render it as Markdown (the `kabar-run-summary` artifact), as table rows (the per-stage timings
table) and as plain lines (the log and `kabar run`'s output). Stage reports arrive as the dicts
their `as_dict()` returns; fields a stage does not report are shown as "-".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

STAGES = ("ingest", "extract", "build", "validate", "publish")

# stage status values
OK, FAILED, SKIPPED, NOT_BUILT = "ok", "failed", "skipped", "not built"


@dataclass
class StageResult:
    stage: str
    status: str
    seconds: float = 0.0
    report: dict = field(default_factory=dict)
    note: str = ""  # why it failed or was skipped, in words


@dataclass
class RunSummary:
    run_id: str | None
    input_dir: str
    work_db: str
    warehouse: str
    started_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    stages: list[StageResult] = field(default_factory=list)

    # --- recording -------------------------------------------------------------------------

    def record(self, stage: str, status: str, seconds: float = 0.0, report: dict | None = None,
               note: str = "") -> StageResult:
        result = StageResult(stage, status, round(seconds, 3), dict(report or {}), note)
        self.stages.append(result)
        return result

    def skip_rest(self, note: str) -> None:
        """Mark every stage not yet recorded as skipped, with the reason."""
        done = {s.stage for s in self.stages}
        for stage in STAGES:
            if stage not in done:
                self.record(stage, SKIPPED, note=note)

    def stage(self, name: str) -> StageResult | None:
        return next((s for s in self.stages if s.stage == name), None)

    def report(self, name: str) -> dict:
        result = self.stage(name)
        return result.report if result else {}

    # --- verdict -----------------------------------------------------------------------------

    @property
    def published(self) -> bool:
        return bool(self.report("publish").get("published"))

    @property
    def up_to_date(self) -> bool:
        """Nothing new since the last publish: build, validate and publish were skipped."""
        return bool(self.report("publish").get("up_to_date"))

    @property
    def outcome(self) -> str:
        """published | up to date | not published | failed | incomplete (a stage is not built yet)."""
        statuses = {s.status for s in self.stages}
        if FAILED in statuses:
            return "failed"
        if NOT_BUILT in statuses:
            return "incomplete"
        if self.up_to_date:
            return "up to date"
        return "published" if self.published else "not published"

    @property
    def report_page(self) -> str | None:
        """The report page built after this run's publish (kabar.report), None when none was."""
        return self.report("publish").get("report_page")

    @property
    def summary_site(self) -> str | None:
        """The validation summary site's index (kabar.validationdocs) the validate stage wrote, None when none was."""
        return self.report("validate").get("summary_site")

    @property
    def seconds(self) -> float:
        return round(sum(s.seconds for s in self.stages), 3)

    def headline(self) -> str:
        outcome = self.outcome
        if outcome == "published":
            where = self.report("publish").get("path") or self.warehouse
            return f"published the warehouse at {where}"
        if outcome == "up to date":
            return f"nothing new since the last publish: the warehouse at {self.warehouse} is up to date"
        broken = next((s for s in self.stages if s.status in (FAILED, NOT_BUILT)), None)
        if broken is not None:
            verb = "failed" if broken.status == FAILED else "is not built yet"
            why = f": {broken.note}" if broken.note else ""
            return f"stage {broken.stage} {verb}{why}; the warehouse at {self.warehouse} was not updated"
        return f"nothing published; the warehouse at {self.warehouse} was not updated"

    # --- figures -----------------------------------------------------------------------------

    def figures(self) -> list[tuple[str, str]]:
        """(label, value) pairs that say what the run did."""
        ing, ext = self.report("ingest"), self.report("extract")
        bld, val, pub = self.report("build"), self.report("validate"), self.report("publish")
        reasons = ing.get("rejected_reasons") or {}
        rows = [
            ("files seen", _v(ing.get("files_seen"))
             + (f" ({ing['files_unchanged']} unchanged since read, not read again)" if ing.get("files_unchanged") else "")),
            ("records seen", _v(ing.get("records_seen"))),
            ("new articles", _v(ing.get("new_articles"))),
            ("duplicates", _v(ing.get("duplicates"))),
            ("rejected", _v(ing.get("rejected"))
             + (" (" + ", ".join(f"{k}: {n}" for k, n in sorted(reasons.items())) + ")" if reasons else "")),
            ("articles extracted", _v(ext.get("articles_processed"))),
            ("claims extracted", _v(ext.get("claims"))),
            ("held back", _held_back(bld.get("held_back"))),
            ("dbt models / tests", f"{_v(bld.get('models'))} / {_v(bld.get('tests'))}"),
        ]
        checks, failed = val.get("checks"), val.get("failed")
        passed = checks - failed if isinstance(checks, int) and isinstance(failed, int) else None
        rows.append(("checks passed / failed", f"{_v(passed)} / {_v(failed)}"))
        if val.get("summary_site"):
            rows.append(("validation summary", str(val["summary_site"])))
        rows.append(("published", "yes" if self.published else "up to date" if self.up_to_date else "no"))
        if pub.get("path"):
            rows.append(("warehouse", str(pub["path"])))
        if pub.get("report_page") or pub.get("report_error"):
            rows.append(("report page", pub.get("report_page") or f"not written: {pub['report_error']}"))
        return rows

    def table_rows(self) -> list[dict]:
        """One row per stage: status, seconds and the reason when it did not succeed."""
        return [{"stage": s.stage, "status": s.status, "seconds": s.seconds, "note": s.note}
                for s in self.stages]

    def held_back(self) -> list[dict]:
        """The held-back claims the build stage reported (the first ones): article_ref, check_name, reason."""
        return list((self.report("build").get("held_back") or {}).get("held") or [])

    def failures(self) -> list[dict]:
        """The failed checks of the validation stage, as the stage reported them."""
        return list(self.report("validate").get("failures") or [])

    # --- renderings --------------------------------------------------------------------------

    def text(self) -> str:
        lines = [f"run {self.run_id}: {self.headline()}"]
        lines += [f"  {label}: {value}" for label, value in self.figures()]
        lines.append("  timings: " + ", ".join(f"{s.stage} {s.seconds:.1f}s ({s.status})" for s in self.stages))
        return "\n".join(lines)

    def to_markdown(self) -> str:
        out = [
            f"# kabar run: {self.outcome}",
            "",
            self.headline()[0].upper() + self.headline()[1:] + ".",
            "",
            f"- run id: `{self.run_id}`",
            f"- started: {self.started_at}",
            f"- input: `{self.input_dir}`",
            f"- work database: `{self.work_db}`",
            f"- warehouse: `{self.warehouse}`",
            "",
            "| what | value |",
            "| --- | --- |",
        ]
        out += [f"| {label} | {_md(value)} |" for label, value in self.figures()]
        out += ["", "## Stages", "", "| stage | status | seconds | note |", "| --- | --- | ---: | --- |"]
        out += [f"| {s.stage} | {s.status} | {s.seconds:.1f} | {_md(s.note)} |" for s in self.stages]
        held = self.held_back()
        if held:
            checked = self.report("build").get("held_back") or {}
            out += ["", "## Held-back claims", "",
                    f"{_held_back(checked)}: left out of every mart, listed in the warehouse's "
                    "`meta.held_back_claims` (all of them) and the work database's `audit.held_back_claims`.", "",
                    "| article | check | reason |", "| --- | --- | --- |"]
            out += [f"| {_md(h.get('article_ref') or '?')} | {_md(h['check_name'])} | {_md(h['reason'])} |"
                    for h in held]
        failures = self.failures()
        if failures:
            out += ["", "## Failed checks", ""]
            out += [f"- {_md(_describe_failure(f))}" for f in failures[:50]]
        warnings = self.report("ingest").get("warnings") or []
        if warnings:
            out += ["", "## Ingest warnings", ""]
            out += [f"- {_md(str(w))}" for w in warnings[:50]]
        return "\n".join(out) + "\n"

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(outcome=self.outcome, published=self.published, seconds=self.seconds, report_page=self.report_page,
                    headline=self.headline(), text=self.text())
        return data


def by_check_text(by_check: dict[str, int]) -> str:
    """"value_negative 2, date_in_future 1": held-back claims per check, most first."""
    return ", ".join(f"{name} {n}" for name, n in sorted(by_check.items(), key=lambda kv: (-kv[1], kv[0])))


def _held_back(checked: dict | None) -> str:
    """"2 of 412 claims (value_negative 1, date_in_future 1)"; "-" when the row tier did not run."""
    if not checked:
        return "-"
    text = f"{checked.get('held_back', 0)} of {checked.get('claims_checked', 0)} claims"
    by_check = checked.get("by_check") or {}
    return text + (f" ({by_check_text(by_check)})" if by_check else "")


def _v(value) -> str:
    return "-" if value is None else str(value)


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _describe_failure(failure: dict) -> str:
    keys = ("table", "column", "expectation", "unexpected_count", "examples")
    parts = [f"{k}={failure[k]}" for k in keys if failure.get(k) not in (None, "", [])]
    return ", ".join(parts) if parts else str(failure)
