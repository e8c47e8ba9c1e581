"""marts.fct_strikes: one reconciled strike; per measure low <= best <= high; munitions consistent on bounds.

Munition consistency compares bounds, never best figures (sources disagree, and disagreement is
data): the fewest intercepted (intercepted_low) must not exceed the most launched, where the
launched figures give a most at all. "Lebih dari 140" launched has no upper bound, so it is never
contradicted by 144 intercepted; an exact or "hingga" launched figure is.
"""

from kabar.quality import always, codes, counts, dates, keys, not_after, not_null, ordered
from kabar.vocab import MEASURES

TABLE = "fct_strikes"
KEY = ["strike_id"]
_COMPLETE = " and ".join(
    f"(({m}_low is null) = ({m}_best is null) and ({m}_best is null) = ({m}_high is null))" for m in MEASURES)
FRAME = f"""
select s.*,
       (select max(coalesce(c.published_date + $after_published_days::integer, $latest_date::date))
          from marts.fct_claims c where c.strike_id = s.strike_id) as event_date_limit,
       exists (select 1 from marts.fct_claims c where c.strike_id = s.strike_id) as has_claims,
       coalesce({_COMPLETE}, false) as estimates_complete,
       case when exists (select 1 from marts.fct_claims c
                          where c.strike_id = s.strike_id and c.measure_key = 'launched'
                            and list_contains($upper_bounded_qualifiers, c.qualifier))
            then s.launched_high end as launched_upper_bound
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
        *ordered("n_sources", "n_articles", "an article has one source"),
        *ordered("n_articles", "n_claims", "every article adds a claim"),
        *always("has_claims", "every strike rests on claims in fct_claims"),
        *always("estimates_complete", "per measure, low, best and high are all known or all null"),
    ]
    for m in MEASURES:
        out += [
            *counts(t, f"{m}_low", f"{m}_best", f"{m}_high", f"{m}_articles", f"{m}_sources"),
            *ordered(f"{m}_low", f"{m}_best"),
            *ordered(f"{m}_best", f"{m}_high"),
        ]
    out += ordered("intercepted_low", "launched_upper_bound",
                   "no fewer intercepted than the most launched, where a launched figure bounds it from above")
    return out
