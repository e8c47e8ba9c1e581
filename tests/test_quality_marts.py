"""A small, valid set of marts tables written with SQL (the shape of brief/MARTS.md).

The quality and publish tests build on it (`write_marts`), injecting one fault at a time,
so they run without dbt. The tests here only pin the fixture's own shape.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from kabar.nlp.claim import MEASURES

MART_TABLES = ("dim_article", "dim_source", "dim_place", "dim_date", "dim_actor", "dim_weapon", "dim_measure",
               "fct_claims", "fct_strikes", "mart_daily_measures")

_CLAIMS = """
-- claim_id, article_id, place_key, date_key, actor, weapon, measure, qualifier, value, basis, strike
select * from (values
  ('c1', 'a1', '703448', date '2024-03-09', 'RU', 'missile', 'killed',      'exact',    5,  'explicit',  's1'),
  ('c2', 'a1', '703448', date '2024-03-09', 'RU', 'missile', 'injured',     'at_least', 12, 'relative',  's1'),
  ('c3', 'a2', '703448', date '2024-03-09', 'RU', 'missile', 'killed',      'about',    6,  'explicit',  's1'),
  ('c4', 'a3', '698740', date '2024-05-01', 'RU', 'drone',   'launched',    'exact',    30, 'explicit',  's2'),
  ('c5', 'a3', '698740', date '2024-05-01', 'RU', 'drone',   'intercepted', 'exact',    25, 'explicit',  's2'),
  ('c6', 'a3', 'unknown', null,             'UA', 'drone',   'hit',         'more_than', 3, 'unknown',   's3')
) t(claim_id, article_id, place_key, date_key, actor_key, weapon_key, measure_key, qualifier, value, date_basis,
    strike_id)
"""


def _strike_measure_columns() -> str:
    parts = []
    for m in MEASURES:
        f = f"filter (where c.measure_key = '{m}')"
        parts.append(
            f"min(c.value) {f} as {m}_low, quantile_disc(c.value, 0.5) {f} as {m}_best, max(c.value) {f} as {m}_high, "
            f"count(distinct c.article_id) {f}::integer as {m}_articles, "
            f"count(distinct c.source_key) {f}::integer as {m}_sources, "
            f"coalesce(list(c.claim_id order by c.claim_id) {f}, []::varchar[]) as {m}_claim_ids")
    return ",\n       ".join(parts)


def write_marts(path: Path | str) -> Path:
    """Create (or replace) a valid marts schema in the DuckDB file at `path`."""
    path = Path(path)
    con = duckdb.connect(str(path))
    try:
        con.execute("drop schema if exists marts cascade; create schema marts")
        con.execute("""
        create table marts.dim_source as select * from (values
          ('detik.com', 'detik.com', 1), ('kompas.com', 'kompas.com', 1), ('unknown', 'unknown', 1)
        ) t(source_key, source_name, n_articles);

        create table marts.dim_article as select
          article_key, article_ref, title, url, source_key, published_at::timestamptz as published_at,
          published_at::date as published_date, timestamptz '2024-06-01 10:00:00+00' as ingested_at, n_claims
        from (values
          ('a1', 'detik-001', 'Serangan rudal di Kyiv', 'https://detik.com/1', 'detik.com', '2024-03-10 08:00:00+07', 2),
          ('a2', 'kompas-001', 'Rudal hantam Kyiv', 'https://kompas.com/1', 'kompas.com', '2024-03-10 09:30:00+07', 1),
          ('a3', 'feed-17', 'Drone di Odesa', null, 'unknown', null, 3)
        ) t(article_key, article_ref, title, url, source_key, published_at, n_claims);

        create table marts.dim_place as select * from (values
          ('703448', 703448::bigint, 'Kyiv', 'Kyiv City', 'UA', 50.45::double, 30.52::double, 'city'),
          ('698740', 698740::bigint, 'Odesa', 'Odesa Oblast', 'UA', 46.48, 30.73, 'city'),
          ('unknown', null, 'unknown', null, null, null, null, 'unknown')
        ) t(place_key, geonameid, name, admin_area, country, latitude, longitude, precision);

        create table marts.dim_actor as select * from (values
          ('RU', 'Russia'), ('UA', 'Ukraine'), ('unknown', 'unknown')) t(actor_key, name);
        create table marts.dim_weapon as select * from (values
          ('drone', 'Drone'), ('missile', 'Missile'), ('unknown', 'unknown')) t(weapon_key, name);
        create table marts.dim_measure as select * from (values
          ('killed', 'casualty', 'people killed'), ('injured', 'casualty', 'people injured'),
          ('launched', 'munition', 'munitions launched'), ('intercepted', 'munition', 'munitions intercepted'),
          ('hit', 'munition', 'munitions that hit'), ('lost', 'munition', 'munitions lost')
        ) t(measure_key, category, description);
        """)
        con.execute(f"""
        create table marts.fct_claims as
        select c.claim_id, c.article_id, a.article_ref, a.source_key, c.place_key, c.date_key, c.actor_key,
               c.weapon_key, c.measure_key, c.qualifier, c.value::bigint as value, null::varchar as reporter,
               c.date_basis, a.published_date, 'kalimat ' || c.claim_id as evidence, c.strike_id
        from ({_CLAIMS}) c join marts.dim_article a on a.article_key = c.article_id
        """)
        con.execute(f"""
        create table marts.fct_strikes as
        select c.strike_id,
               case when bool_or(m.category = 'casualty') then 'casualty' else 'munition' end as category,
               any_value(c.actor_key) as actor_key, any_value(c.weapon_key) as weapon_key,
               any_value(c.place_key) as place_key, any_value(p.country) as country,
               any_value(c.date_key) as event_date,
               count(*)::integer as n_claims, count(distinct c.article_id)::integer as n_articles,
               count(distinct c.source_key)::integer as n_sources,
               {_strike_measure_columns()}
        from marts.fct_claims c
        join marts.dim_measure m using (measure_key)
        join marts.dim_place p using (place_key)
        group by c.strike_id
        """)
        con.execute(f"""
        create table marts.mart_daily_measures as
        {" union all ".join(
            f"select event_date as date_key, coalesce(country, 'unknown') as country, '{m}' as measure_key, sum({m}_best)::bigint as best_total, "
            f"count(*)::integer as n_strikes from marts.fct_strikes "
            f"where event_date is not null and {m}_best is not null group by all"
            for m in MEASURES)}
        """)
        con.execute("""
        create table marts.dim_date as
        select d::date as date_key, year(d) as year, quarter(d) as quarter, month(d) as month,
               monthname(d) as month_name, weekofyear(d) as iso_week, isodow(d) as weekday,
               dayname(d) as weekday_name, isodow(d) >= 6 as is_weekend,
               (d::date - date '2022-02-24')::integer as days_since_invasion
        from generate_series(date '2022-02-24',
                             (select greatest(max(date_key), (select max(published_date) from marts.dim_article))
                                from marts.fct_claims),
                             interval 1 day) s(d)
        """)
    finally:
        con.close()
    return path


def test_fixture_writes_every_mart_with_the_contract_keys(tmp_path):
    db = write_marts(tmp_path / "work.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
        assert tables == set(MART_TABLES)
        strike = con.execute("select launched_best, intercepted_best, killed_best from marts.fct_strikes "
                             "where strike_id = 's2'").fetchone()
        assert strike == (30, 25, None)
        assert con.execute("select min(date_key) from marts.dim_date").fetchone()[0].isoformat() == "2022-02-24"
    finally:
        con.close()
