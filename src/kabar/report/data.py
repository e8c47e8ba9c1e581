"""What the report page shows, read from the published warehouse (opened read-only).

Events are at ACLED's grain (kabar.warehouse.exports): a strike (an attack at one named place) or an
attack that names no place (a national tally). The map shows the *located* events: strikes whose
place has coordinates. An attack naming no place sits at its country's centroid in fct_attacks, a
point that says nothing about where it happened, so it is on the timeline and in the table only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from kabar.errors import KabarError
from kabar.vocab import CASUALTY_MEASURES, MUNITION_MEASURES

MEASURES = CASUALTY_MEASURES + MUNITION_MEASURES


def _figures(prefix: str = "") -> str:
    return ", ".join(f"{prefix}{m}_{part}" for m in MEASURES for part in ("low", "best", "high"))


EVENTS_SQL = f"""
with strikes as (
    select s.strike_id as event_id, s.attack_id, 'strike' as grain, s.date_key, s.actor_key, s.weapon_key,
           coalesce(s.place_name, p.name, 'unknown') as place, s.admin1, s.country, s.latitude, s.longitude,
           {_figures('s.')}, s.n_sources, s.sources, s.evidence
    from w.marts.fct_strikes s left join w.marts.dim_place p using (place_key)
),
lone_attacks as (
    select a.attack_id as event_id, a.attack_id, 'attack' as grain, a.date_key, a.actor_key, a.weapon_key,
           coalesce(p.name, 'unknown') as place, null as admin1, a.target_country as country,
           null::double as latitude, null::double as longitude,
           {_figures('a.')}, a.n_sources, a.sources, a.evidence
    from w.marts.fct_attacks a left join w.marts.dim_place p using (place_key)
    where a.n_strikes = 0
)
select e.*, coalesce(actor.name, e.actor_key) as attacker, coalesce(weapon.name, e.weapon_key) as weapon
from (select * from strikes union all select * from lone_attacks) e
left join w.marts.dim_actor actor on actor.actor_key = e.actor_key
left join w.marts.dim_weapon weapon on weapon.weapon_key = e.weapon_key
order by e.date_key desc nulls last, e.event_id
"""

ATTACKS_SQL = f"""
select a.attack_id, a.date_key, a.actor_key, a.weapon_key, {_figures('a.')}
from w.marts.fct_attacks a
where a.date_key is not null
order by a.date_key, a.attack_id
"""

CODES_SQL = """
select 'attacker' as list, actor_key as key, name from w.marts.dim_actor
union all
select 'weapon', weapon_key, name from w.marts.dim_weapon
order by list, key
"""

RUN_SQL = """
select published_at, publish_run_id, validation_run_id, validation_success, marts_fingerprint, tables
from w.meta.publish_log
"""

HELD_BACK_SQL = """
select check_name, reason, count(*) as n
from w.meta.held_back_claims
group by check_name, reason
order by n desc, check_name
"""


@dataclass
class ReportData:
    """Rows for the page, as plain JSON-ready dicts."""
    events: list[dict]
    attacks: list[dict]
    codes: dict[str, list[dict]]
    run: dict
    held_back: list[dict] = field(default_factory=list)

    @property
    def located(self) -> list[dict]:
        """Events with coordinates: the map's points."""
        return [e for e in self.events if e["latitude"] is not None and e["longitude"] is not None]

    @property
    def nights(self) -> list[str]:
        """The attack nights (dates of dated attacks), in order."""
        return sorted({a["date"] for a in self.attacks})


def read(warehouse: Path | str) -> ReportData:
    """Everything the page shows, from the published warehouse file, opened read-only."""
    warehouse = Path(warehouse)
    if not warehouse.is_file():
        raise KabarError(f"warehouse {warehouse} does not exist: run `kabar run` (or `kabar publish`) first")
    con = duckdb.connect()
    try:
        con.execute(f"attach '{_quoted(warehouse)}' as w (read_only)")
        events = [_event(r) for r in _rows(con, EVENTS_SQL)]
        attacks = [_plain(r) for r in _rows(con, ATTACKS_SQL)]
        codes: dict[str, list[dict]] = {}
        for row in _rows(con, CODES_SQL):
            codes.setdefault(row["list"], []).append({"key": row["key"], "name": row["name"]})
        run = _run(con, warehouse)
        held_back = _rows(con, HELD_BACK_SQL) if _has_table(con, "meta", "held_back_claims") else []
    except duckdb.Error as exc:
        raise KabarError(f"cannot read the report's data from {warehouse}: {exc}") from exc
    finally:
        con.close()
    for a in attacks:
        a["date"] = a.pop("date_key")
    return ReportData(events, attacks, codes, run, held_back)


def _run(con: duckdb.DuckDBPyConnection, warehouse: Path) -> dict:
    """The publish that wrote the warehouse: meta.publish_log (a warehouse without it says so)."""
    if not _has_table(con, "meta", "publish_log"):
        return {"warehouse": warehouse.name}
    rows = _rows(con, RUN_SQL)
    run = _plain(rows[0]) if rows else {}
    run["tables"] = json.loads(run["tables"]) if run.get("tables") else {}
    run["warehouse"] = warehouse.name  # the file, not a machine path
    return run


def _event(row: dict) -> dict:
    event = _plain(row)
    event["date"] = event.pop("date_key")
    event["evidence"] = [{"outlet": e["source_key"], "article": e["article_ref"], "sentence": e["sentence"]}
                         for e in (row["evidence"] or [])]
    event["figures"] = figures_text(event)
    best = [event.get("killed_best"), event.get("launched_best")]
    event["size_value"] = next((v for v in best if v is not None), 0)  # killed, else launched
    return event


def figures_text(event: dict) -> str:
    """"killed 2 · launched 25 (20–30)": each figure the event has, best with its low–high range."""
    parts = []
    for m in MEASURES:
        low, best, high = (event.get(f"{m}_{p}") for p in ("low", "best", "high"))
        if best is None:
            continue
        spread = f" ({low}–{high})" if (low, high) != (best, best) and low is not None else ""
        parts.append(f"{m} {best}{spread}")
    return " · ".join(parts)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def _plain(row: dict) -> dict:
    """Dates as ISO text (what Vega-Lite parses), everything else as DuckDB gave it."""
    return {k: (v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in row.items()}


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return con.execute("select count(*) from duckdb_tables() where database_name = 'w' "
                       "and schema_name = ? and table_name = ?", [schema, table]).fetchone()[0] > 0


def _quoted(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")
