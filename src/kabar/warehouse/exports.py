"""Exports from the published warehouse: events as CSV, Parquet or ACLED's columns, claims as CSV or Parquet.

Read-only on the published file; every export is written to a temporary file beside `out` and
renamed over it, so a reader never sees half a file. DuckDB's COPY writes both formats.

ACLED's unit is an event at one location on one day, which is this warehouse's strike (an attack
at one place); an attack that no place is named for (a national tally of interceptions) is one
event at its country. The code lists' ACLED names (actors, sub-event types, ISO numeric codes)
come from kabar.vocab.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from kabar.errors import KabarError
from kabar.vocab import codes

EVENT_FORMATS = ("csv", "parquet", "acled")
CLAIM_FORMATS = ("csv", "parquet")
GRAINS = {"attack": "fct_attacks", "strike": "fct_strikes"}

# ACLED columns, in ACLED's order, as SQL over the strike-level events (`events` below)
ACLED_COLUMNS = """
    iso3 || '-' || upper(event_id) as event_id_cnty,
    strftime(date_key, '%Y-%m-%d') as event_date,
    year(date_key) as year,
    time_precision,
    'Political violence' as disorder_type,
    'Explosions/Remote violence' as event_type,
    coalesce(sub_event_type, 'Air/drone strike') as sub_event_type,
    coalesce(actor1, '') as actor1,
    '' as actor2,
    country_name as country,
    iso_numeric as iso,
    coalesce(admin1, '') as admin1,
    coalesce(admin2, '') as admin2,
    location,
    latitude,
    longitude,
    geo_precision,
    array_to_string(sources, '; ') as source,
    notes,
    coalesce(killed_best, 0) as fatalities
"""

EVENTS_SQL = """
with acled_actors as (select * from acled_actor_codes),
weapons as (select * from acled_weapon_codes),
countries as (select * from acled_country_codes),
strikes as (
    select s.strike_id as event_id, s.date_key, s.time_precision, s.actor_key, s.weapon_key, s.country,
           s.admin1, s.admin2, coalesce(s.place_name, p.name) as location, s.latitude, s.longitude,
           s.geo_precision, s.killed_best, s.sources, s.evidence
    from w.marts.fct_strikes s left join w.marts.dim_place p using (place_key)
),
lone_attacks as (
    -- attacks with no place named: one event at their country
    select a.attack_id as event_id, a.date_key, a.time_precision, a.actor_key, a.weapon_key,
           p.country, null as admin1, null as admin2, p.name as location, a.latitude, a.longitude,
           a.geo_precision, a.killed_best, a.sources, a.evidence
    from w.marts.fct_attacks a left join w.marts.dim_place p using (place_key)
    where a.n_strikes = 0
),
events as (
    select e.*, acled_actors.acled_actor as actor1, weapons.acled_sub_event_type as sub_event_type,
           countries.iso3, countries.iso_numeric, countries.name as country_name,
           array_to_string(list_transform(e.evidence, lambda x: x.source_key || ': ' || x.sentence), ' | ')
               as notes
    from (select * from strikes union all select * from lone_attacks) e
    left join acled_actors on acled_actors.actor_key = e.actor_key
    left join weapons on weapons.weapon_key = e.weapon_key
    left join countries on countries.country = e.country
    where e.date_key is not null
)
"""


def export_events(warehouse: Path | str, out: Path | str, fmt: str = "csv", grain: str = "attack") -> int:
    """Write the warehouse's events to `out`; returns the number of rows. `grain` (csv, parquet):
    one row per attack or per strike; `acled` is always one row per location event."""
    if fmt not in EVENT_FORMATS:
        raise KabarError(f"unknown event format {fmt!r}; choose one of {', '.join(EVENT_FORMATS)}")
    if grain not in GRAINS:
        raise KabarError(f"unknown grain {grain!r}; choose one of {', '.join(GRAINS)}")
    if fmt == "acled":
        query = EVENTS_SQL + f"select {ACLED_COLUMNS} from events order by date_key, event_id"
        return _copy(warehouse, out, query, "csv", with_codes=True)
    return _copy(warehouse, out, f"select * from w.marts.{GRAINS[grain]} order by date_key nulls last", fmt)


def export_marts_claims(warehouse: Path | str, out: Path | str, fmt: str = "csv") -> int:
    """Write the warehouse's claims (marts.fct_claims) to `out` as CSV or Parquet."""
    if fmt not in CLAIM_FORMATS:
        raise KabarError(f"unknown claim format {fmt!r}; choose one of {', '.join(CLAIM_FORMATS)}")
    return _copy(warehouse, out, "select * from w.marts.fct_claims order by article_ref, sentence_idx, claim_id", fmt)


def _copy(warehouse: Path | str, out: Path | str, query: str, fmt: str, with_codes: bool = False) -> int:
    warehouse, out = Path(warehouse), Path(out)
    if not warehouse.is_file():
        raise KabarError(f"warehouse {warehouse} does not exist: run `kabar run` (or `kabar publish`) first")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    con = duckdb.connect()
    try:
        con.execute(f"attach '{_quoted(warehouse)}' as w (read_only)")
        if with_codes:
            _register_acled_codes(con)
        # flat files hold no lists or structs: those columns become JSON text in CSV
        rows = con.execute(f"select count(*) from ({query})").fetchone()[0]
        options = "format parquet" if fmt == "parquet" else "format csv, header true"
        source = query if fmt == "parquet" else _lists_as_json(con, query)
        con.execute(f"copy ({source}) to '{_quoted(tmp)}' ({options})")
    except duckdb.Error as exc:
        tmp.unlink(missing_ok=True)
        raise KabarError(f"export from {warehouse} failed: {exc}") from exc
    finally:
        con.close()
    tmp.replace(out)
    return rows


def _lists_as_json(con: duckdb.DuckDBPyConnection, query: str) -> str:
    """`query` with its list and struct columns turned into JSON text (CSV cells are flat)."""
    described = con.execute(f"describe {query}").fetchall()
    cols = []
    for name, dtype, *_ in described:
        quoted = '"' + name.replace('"', '""') + '"'
        nested = dtype.endswith("[]") or dtype.startswith(("STRUCT", "MAP"))
        cols.append(f"to_json({quoted})::varchar as {quoted}" if nested else quoted)
    return f"select {', '.join(cols)} from ({query})"


def _register_acled_codes(con: duckdb.DuckDBPyConnection) -> None:
    import pandas as pd

    con.register("acled_actor_codes", pd.DataFrame(
        [{"actor_key": r["key"], "acled_actor": r.get("acled_actor")} for r in codes("actors")]))
    con.register("acled_weapon_codes", pd.DataFrame(
        [{"weapon_key": r["key"], "acled_sub_event_type": r.get("acled_sub_event_type")} for r in codes("weapons")]))
    con.register("acled_country_codes", pd.DataFrame(
        [{"country": r["key"], "iso3": r["iso3"], "iso_numeric": r.get("iso_numeric"), "name": r["name"]}
         for r in codes("countries")]))


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
