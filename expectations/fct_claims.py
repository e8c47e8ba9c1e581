"""marts.fct_claims: one row per claim; counts, codes, dates and keys to every dimension.

Dates: an event is not before the invasion, not after the reporting article's published date
(+ event_after_published_days; the run date when the article has none) and not in the future.
"""

from kabar.quality import always, codes, counts, dates, keys, not_after, not_null, row_count_at_least

TABLE = "fct_claims"
KEY = ["claim_id"]
FRAME = """
select c.*,
       coalesce((select max(a.published_date) from marts.dim_article a where a.article_id = c.article_id)
                  + $after_published_days::integer,
                $latest_date::date) as event_date_limit,
       exists (select 1 from marts.dim_article a where a.article_id = c.article_id) as article_exists,
       exists (select 1 from marts.dim_source s where s.source_key = c.source_key) as source_exists,
       exists (select 1 from marts.dim_place p where p.place_key = c.place_key) as place_exists,
       exists (select 1 from marts.dim_actor x where x.actor_key = c.actor_key) as actor_exists,
       exists (select 1 from marts.dim_weapon w where w.weapon_key = c.weapon_key) as weapon_exists,
       exists (select 1 from marts.dim_measure m where m.measure_key = c.measure_key) as measure_exists,
       c.date_key is null or exists (select 1 from marts.dim_date d where d.date_key = c.date_key) as date_exists,
       c.strike_id is null or exists (select 1 from marts.fct_strikes s where s.strike_id = c.strike_id)
         as strike_exists,
       exists (select 1 from marts.fct_attacks a where a.attack_id = c.attack_id) as attack_exists
from marts.fct_claims c
"""


def expectations(t, facts):
    processed = facts.get("articles_processed", 0)
    return [
        *keys("claim_id"),
        *not_null("article_id", "article_ref", "source_key", "place_key", "actor_key", "weapon_key",
                  "measure_key", "qualifier", "value", "date_basis", "attack_id", "story_key",
                  "time_precision", "geo_precision"),
        *counts(t, "value"),
        *codes(t, "measure_key", "measures"),
        *codes(t, "qualifier", "qualifiers"),
        *codes(t, "weapon_key", "weapons"),
        *codes(t, "actor_key", "actors"),
        *codes(t, "date_basis", "date_bases"),
        *dates(t, "date_key"),
        *not_after(t, "date_key", "event_date_limit",
                   "the article's published date, or the run date when unknown"),
        *dates(t, "published_date"),
        *always("article_exists", "every claim's article is in dim_article"),
        *always("source_exists", "source_key is in dim_source"),
        *always("place_exists", "place_key is in dim_place"),
        *always("actor_exists", "actor_key is in dim_actor"),
        *always("weapon_exists", "weapon_key is in dim_weapon"),
        *always("measure_exists", "measure_key is in dim_measure"),
        *always("date_exists", "date_key is in dim_date"),
        *always("strike_exists", "strike_id is in fct_strikes (or null: a national tally)"),
        *always("attack_exists", "every claim is counted in an attack of fct_attacks"),
        *codes(t, "time_precision", "time_precisions"),
        *codes(t, "geo_precision", "geo_precisions"),
        *codes(t, "scope", ("local", "national")),
        *row_count_at_least(t.min_claims_when_processed if processed else 0,
                            f"claims were found ({processed} articles processed)"),
    ]
