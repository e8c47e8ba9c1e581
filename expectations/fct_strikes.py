"""marts.fct_strikes: one strike (an attack at one place); per measure low <= best <= high, munitions
consistent on bounds, and every strike belongs to an attack and a place."""

from kabar.nlp.claim import MEASURES, MUNITION_MEASURES
from kabar.quality import always, codes, counts, dates, keys, not_after, not_null, ordered

TABLE = "fct_strikes"
KEY = ["strike_id"]
_COMPLETE = " and ".join(
    f"(({m}_low is null) = ({m}_best is null) and ({m}_best is null) = ({m}_high is null))" for m in MEASURES)
FRAME = f"""
select s.*,
       (select max(coalesce(c.published_date + $after_published_days::integer, $latest_date::date))
          from marts.fct_claims c where c.strike_id = s.strike_id) as date_limit,
       exists (select 1 from marts.fct_claims c where c.strike_id = s.strike_id) as has_claims,
       exists (select 1 from marts.fct_attacks a where a.attack_id = s.attack_id) as attack_exists,
       exists (select 1 from marts.dim_place p where p.place_key = s.place_key) as place_exists,
       coalesce({_COMPLETE}, false) as estimates_complete
from marts.fct_strikes s
"""


def expectations(t, facts):
    out = [
        *keys("strike_id"),
        *not_null("attack_id", "place_key", "actor_key", "weapon_key", "geo_precision", "time_precision"),
        *codes(t, "actor_key", "actors"),
        *codes(t, "weapon_key", "weapons"),
        *codes(t, "geo_precision", "geo_precisions"),
        *codes(t, "time_precision", "time_precisions"),
        *dates(t, "date_key"),
        *not_after(t, "date_key", "date_limit", "the latest published date of its articles"),
        *counts(t, "n_claims", "n_articles", "n_sources", minimum=1),
        *ordered("n_sources", "n_articles", t.mostly_counts, "copies of one story count once"),
        *always("has_claims", "every strike rests on claims in fct_claims"),
        *always("attack_exists", "every strike belongs to an attack in fct_attacks"),
        *always("place_exists", "place_key is in dim_place"),
        *always("estimates_complete", "per measure, low, best and high are all known or all null"),
    ]
    for m in MEASURES:
        out += [*counts(t, f"{m}_low", f"{m}_best", f"{m}_high", f"{m}_sources"),
                *ordered(f"{m}_low", f"{m}_best", t.mostly_counts),
                *ordered(f"{m}_best", f"{m}_high", t.mostly_counts)]
    for m in MUNITION_MEASURES:
        if m != "launched":
            out += ordered(f"{m}_low", "launched_high", 1.0, f"no more {m} than the most any source says launched")
    return out
