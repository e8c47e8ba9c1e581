"""marts.fct_strikes: one reconciled strike; per measure low <= best <= high; intercepted <= launched.

intercepted <= launched compares the best estimates (intercepted_best <= launched_best) on
strikes where both are known; low <= best <= high holds for every measure.
"""

from kabar.nlp.claim import MEASURES
from kabar.quality import always, codes, counts, dates, keys, not_after, not_null, ordered

TABLE = "fct_strikes"
KEY = ["strike_id"]
_COMPLETE = " and ".join(
    f"(({m}_low is null) = ({m}_best is null) and ({m}_best is null) = ({m}_high is null))" for m in MEASURES)
FRAME = f"""
select s.*,
       (select max(coalesce(c.published_date + $after_published_days::integer, $latest_date::date))
          from marts.fct_claims c where c.strike_id = s.strike_id) as event_date_limit,
       exists (select 1 from marts.fct_claims c where c.strike_id = s.strike_id) as has_claims,
       coalesce({_COMPLETE}, false) as estimates_complete
from marts.fct_strikes s
"""


def expectations(t, facts):
    out = [
        *keys("strike_id"),
        *not_null("category", "actor_key", "weapon_key", "place_key"),
        *codes(t, "category", "categories"),
        *codes(t, "actor_key", "actors"),
        *codes(t, "weapon_key", "weapons"),
        *dates(t, "event_date"),
        *not_after(t, "event_date", "event_date_limit", "the latest published date of its articles"),
        *counts(t, "n_claims", "n_articles", "n_sources", minimum=1),
        *ordered("n_sources", "n_articles", t.mostly_counts, "an article has one source"),
        *ordered("n_articles", "n_claims", t.mostly_counts, "every article adds a claim"),
        *always("has_claims", "every strike rests on claims in fct_claims"),
        *always("estimates_complete", "per measure, low, best and high are all known or all null"),
    ]
    for m in MEASURES:
        out += [
            *counts(t, f"{m}_low", f"{m}_best", f"{m}_high", f"{m}_articles", f"{m}_sources"),
            *ordered(f"{m}_low", f"{m}_best", t.mostly_counts),
            *ordered(f"{m}_best", f"{m}_high", t.mostly_counts),
        ]
    out += ordered("intercepted_best", "launched_best", t.mostly_munitions,
                   "no more munitions intercepted than launched")
    return out
