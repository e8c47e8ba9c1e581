"""A small, valid set of marts tables written with SQL (the shape of brief/MARTS.md).

The quality and publish tests build on it (`write_marts`), injecting one fault at a time,
so they run without dbt. The tests here only pin the fixture's own shape.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from kabar.nlp.claim import MEASURES

MART_TABLES = ("dim_article", "dim_source", "dim_place", "dim_date", "dim_actor", "dim_weapon", "dim_measure",
               "fct_claims", "fct_attacks", "fct_strikes", "mart_daily_measures", "mart_attacks_vs_reference")

_CLAIMS = """
-- claim_id, article_id, place_key, date_key, actor, weapon, measure, qualifier, value, basis, attack, strike
select * from (values
  ('c1', 'a1', 'city:703448', date '2024-03-09', 'RU', 'missile', 'killed',      'exact',    5,  'explicit', 'A1', 's1'),
  ('c2', 'a1', 'city:703448', date '2024-03-09', 'RU', 'missile', 'injured',     'at_least', 12, 'relative', 'A1', 's1'),
  ('c3', 'a2', 'city:703448', date '2024-03-09', 'RU', 'missile', 'killed',      'about',    6,  'explicit', 'A1', 's1'),
  ('c4', 'a3', 'city:698740', date '2024-05-01', 'RU', 'drone',   'launched',    'exact',    30, 'explicit', 'A2', 's2'),
  ('c5', 'a3', 'city:698740', date '2024-05-01', 'RU', 'drone',   'intercepted', 'exact',    25, 'explicit', 'A2', 's2'),
  ('c6', 'a3', 'country:RU',  null,              'UA', 'drone',   'hit',         'more_than', 3, 'unknown',  'A3', null)
) t(claim_id, article_id, place_key, date_key, actor_key, weapon_key, measure_key, qualifier, value, date_basis,
    attack_id, strike_id)
"""


def _measure_columns(measures, sources: bool = True) -> str:
    parts = []
    for m in measures:
        f = f"filter (where c.measure_key = '{m}')"
        parts.append(f"min(c.value) {f} as {m}_low, quantile_disc(c.value, 0.5) {f} as {m}_best, "
                     f"max(c.value) {f} as {m}_high"
                     + (f", count(distinct c.story_key) {f}::integer as {m}_sources" if sources else ""))
    return ",\n       ".join(parts)


_EVENT_SUPPORT = """count(*)::integer as n_claims, count(distinct c.article_id)::integer as n_articles,
       count(distinct c.story_key)::integer as n_sources, list(distinct c.source_key) as sources,
       list(distinct c.article_id) as article_ids,
       list(distinct {'source_key': c.source_key, 'article_ref': c.article_ref, 'sentence': c.evidence}) as evidence"""


def write_marts(path: Path | str) -> Path:
    """Create (or replace) a valid marts schema in the DuckDB file at `path`."""
    path = Path(path)
    con = duckdb.connect(str(path))
    try:
        con.execute("drop schema if exists marts cascade; create schema marts")
        _write_dimensions(con)
        _write_facts(con)
    finally:
        con.close()
    return path


def _write_dimensions(con) -> None:
    con.execute("""
    create table marts.dim_source as select * from (values
      ('detik.com', 'detik.com', 1), ('kompas.com', 'kompas.com', 1), ('unknown', 'unknown', 1)
    ) t(source_key, source_name, n_articles);

    create table marts.dim_article as select
      article_id, article_ref, article_id as story_key, 1 as n_story_articles, title, url, source_key,
      published_at::timestamptz as published_at, published_at::date as published_date,
      timestamptz '2024-06-01 10:00:00+00' as ingested_at, n_claims, 1 as n_attacks, 'json' as format,
      article_ref || '.json' as source_file, 1200 as n_chars
    from (values
      ('a1', 'detik-001', 'Serangan rudal di Kyiv', 'https://detik.com/1', 'detik.com', '2024-03-10 08:00:00+07', 2),
      ('a2', 'kompas-001', 'Rudal hantam Kyiv', 'https://kompas.com/1', 'kompas.com', '2024-03-10 09:30:00+07', 1),
      ('a3', 'feed-17', 'Drone di Odesa', null, 'unknown', null, 3)
    ) t(article_id, article_ref, title, url, source_key, published_at, n_claims);

    create table marts.dim_place as select * from (values
      ('city:703448', 'city', 'Kyiv', 'Kyiv City', null, 'UA', 'UKR', 50.45::double, 30.52::double, 1, 703448::bigint),
      ('city:698740', 'city', 'Odesa', 'Odesa Oblast', null, 'UA', 'UKR', 46.48, 30.73, 1, 698740),
      ('country:UA', 'country', 'Ukraine', null, null, 'UA', 'UKR', 49.0, 32.0, 3, null),
      ('country:RU', 'country', 'Russia', null, null, 'RU', 'RUS', 61.5, 105.3, 3, null),
      ('unknown', 'unknown', 'unknown', null, null, null, null, null, null, 3, null)
    ) t(place_key, place_type, name, admin1, admin2, country, iso3, latitude, longitude, geo_precision, geonameid);

    create table marts.dim_actor as select * from (values
      ('RU', 'Russia'), ('UA', 'Ukraine'), ('unknown', 'unknown')) t(actor_key, name);
    create table marts.dim_weapon as select * from (values
      ('drone', 'Drone'), ('missile', 'Missile'), ('unknown', 'unknown')) t(weapon_key, name);
    create table marts.dim_measure as select * from (values
      ('killed', 'casualty', 1, 'people killed'), ('injured', 'casualty', 2, 'people injured'),
      ('launched', 'munition', 3, 'munitions launched'), ('intercepted', 'munition', 4, 'munitions intercepted'),
      ('hit', 'munition', 5, 'munitions that hit'), ('lost', 'munition', 6, 'munitions lost')
    ) t(measure_key, category, sort_order, description);
    """)


def _write_facts(con) -> None:
    con.execute(f"""
    create table marts.fct_claims as
    select c.claim_id, c.article_id, a.article_ref, a.source_key, a.story_key, c.attack_id, c.strike_id, c.place_key,
           c.date_key, c.date_key as stated_date, c.date_basis,
           case when c.date_key is null then 3 else 1 end as time_precision, p.geo_precision,
           case when c.strike_id is null then 'national' else 'local' end as scope,
           c.actor_key, case c.actor_key when 'RU' then 'UA' else 'RU' end as target_country,
           c.weapon_key, c.measure_key, m.category, c.qualifier, c.value::bigint as value, null::varchar as reporter,
           a.published_date, null::varchar as matched_claim_id, 'kalimat ' || c.claim_id as evidence,
           c.value || ' ' || c.measure_key as evidence_span, p.name as place_text, p.country, 0 as sentence_idx,
           'claims-x' as extractor_version
    from ({_CLAIMS}) c join marts.dim_article a using (article_id) join marts.dim_place p using (place_key)
    join marts.dim_measure m using (measure_key)
    """)
    con.execute(f"""
    create table marts.fct_strikes as
    select c.strike_id, any_value(c.attack_id) as attack_id, any_value(c.place_key) as place_key,
           any_value(p.name) as place_name, any_value(p.admin1) as admin1, any_value(p.admin2) as admin2,
           any_value(p.country) as country, any_value(p.latitude) as latitude, any_value(p.longitude) as longitude,
           any_value(p.geo_precision) as geo_precision, any_value(c.actor_key) as actor_key,
           any_value(c.target_country) as target_country, any_value(c.weapon_key) as weapon_key,
           any_value(c.date_key) as date_key, min(c.time_precision) as time_precision,
           any_value(c.date_basis) as date_basis,
           {_measure_columns(MEASURES)},
           {_EVENT_SUPPORT}
    from marts.fct_claims c join marts.dim_place p using (place_key)
    where c.strike_id is not null
    group by c.strike_id
    """)
    con.execute(f"""
    create table marts.fct_attacks as
    select c.attack_id, any_value(c.actor_key) as actor_key, any_value(c.target_country) as target_country,
           any_value(c.weapon_key) as weapon_key, any_value(c.date_key) as date_key,
           min(c.time_precision) as time_precision, any_value(c.date_basis) as date_basis,
           'country:' || any_value(c.target_country) as place_key, any_value(p.latitude) as latitude,
           any_value(p.longitude) as longitude, 3 as geo_precision,
           {_measure_columns(MEASURES)},
           count(distinct c.strike_id)::integer as n_strikes,
           {_EVENT_SUPPORT}
    from marts.fct_claims c join marts.dim_place p on p.place_key = 'country:' || c.target_country
    group by c.attack_id
    """)
    con.execute(f"""
    create table marts.mart_daily_measures as
    {" union all ".join(
        f"select date_key, target_country, '{m}' as measure_key, sum({m}_best)::bigint as best_total, "
        f"sum({m}_low)::bigint as low_total, sum({m}_high)::bigint as high_total, count(*)::integer as n_attacks, "
        f"0 as n_attacks_dated_approximately from marts.fct_attacks "
        f"where date_key is not null and {m}_best is not null group by all"
        for m in MEASURES)}
    """)
    con.execute("""
    create table marts.mart_attacks_vs_reference as
    select attack_id, date_key, weapon_key, time_precision, launched_best as news_launched_best,
           null::bigint as official_launched, null::bigint as launched_difference,
           intercepted_best as news_intercepted_best, null::bigint as official_destroyed,
           null::bigint as intercepted_difference, lost_best as news_lost_best, null::bigint as official_not_reach_goal,
           null::bigint as lost_difference, false as in_reference, []::varchar[] as launched_matching_outlets,
           []::varchar[] as intercepted_matching_outlets, n_sources, sources
    from marts.fct_attacks where actor_key = 'RU' and date_key is not null
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
        assert con.execute("select count(*) from marts.fct_attacks").fetchone()[0] == 3
        assert con.execute("select min(date_key) from marts.dim_date").fetchone()[0].isoformat() == "2022-02-24"
    finally:
        con.close()
