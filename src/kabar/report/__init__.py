"""`kabar report`: a static page (map, timeline, latest events, the run) built from the published
warehouse alone, opening from disk with no network. See build_report."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kabar.report import basemap, charts, data, page

PAGE_NAME = "index.html"
log = logging.getLogger(__name__)


@dataclass
class ReportResult:
    path: str            # the page
    events: int          # events in the warehouse (strikes + attacks naming no place)
    located: int         # points on the map
    nights: int          # attack nights on the timeline
    rows: int            # rows of the events table
    bytes: int
    seconds: float

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        return (f"report written to {self.path}: {self.located} located events on the map, {self.nights} attack "
                f"nights, {self.rows} table rows ({self.bytes / 1e6:.1f} MB, {self.seconds:.1f} s)")


@lru_cache(maxsize=1)
def style() -> dict:
    """Colours, labels and sizes of the page (assets/style.yaml)."""
    return yaml.safe_load(page.asset("style.yaml"))


def default_out(warehouse: Path | str) -> Path:
    """Where a run's report goes: `report/` beside the warehouse (data/report for data/warehouse.duckdb)."""
    return Path(warehouse).resolve().parent / "report"


def build_report(warehouse: Path | str, out: Path | str | None = None) -> ReportResult:
    """Write `<out>/index.html` from the published warehouse `warehouse` (opened read-only); the page is
    written beside and renamed into place, so a browser never opens half of it."""
    started = time.perf_counter()
    warehouse = Path(warehouse)
    out = Path(out) if out is not None else default_out(warehouse)
    look = style()
    rows = data.read(warehouse)
    area = basemap.area_around([(e["longitude"], e["latitude"]) for e in rows.located],
                               look["map"]["always_shows"], look["map"]["padding_degrees"])
    outlines = basemap.countries(area, look["map"]["simplify_degrees"])
    text = page.render(rows, charts.spec(rows, outlines, look), look, warehouse.name)
    out.mkdir(parents=True, exist_ok=True)
    page.write_bundle(out)
    target = out / PAGE_NAME
    page.write_atomically(target, text)
    return ReportResult(path=str(target), events=len(rows.events), located=len(rows.located),
                        nights=len(rows.nights), rows=min(len(rows.events), look["latest_events"]),
                        bytes=len(text.encode("utf-8")), seconds=round(time.perf_counter() - started, 3))


def build_after_publish(warehouse: Path | str) -> dict:
    """The report beside a warehouse just published, for the publish's report dict: `report_page` and
    `report_seconds`, or `report_error` when it could not be built. A page is an extra: its failure is
    logged as a warning and never undoes or fails the publish."""
    try:
        result = build_report(warehouse)
    except Exception as exc:  # noqa: BLE001 - the warehouse is published whatever happens here
        log.warning("the report page could not be built from %s: %s: %s", warehouse, type(exc).__name__, exc)
        return {"report_error": f"{type(exc).__name__}: {exc}"}
    log.info("%s", result.summary())
    return {"report_page": result.path, "report_seconds": result.seconds}
