"""marts.fct_attacks: one attack per attacker x target country x night x weapon class.

Per measure low <= best <= high, all known or all null; munitions are consistent on bounds
(what was intercepted, hit or lost never exceeds the most any source says was launched);
every attack rests on claims.
"""

from kabar.nlp.claim import MEASURES, MUNITION_MEASURES
from kabar.quality import always, codes, counts, dates, keys, not_after, not_null, ordered, unique

TABLE = "fct_attacks"
KEY = ["attack_id"]
_COMPLETE = " and ".join(
    f"(({m}_low is null) = ({m}_best is null) and ({m}_best is null) = ({m}_high is null))" for m in MEASURES)
FRAME = f"""
select a.*,
       (select max(coalesce(c.published_date + $after_published_days::integer, $latest_date::date))
          from marts.fct_claims c where c.attack_id = a.attack_id) as date_limit,
       exists (select 1 from marts.fct_claims c where c.attack_id = a.attack_id) as has_claims,
       exists (select 1 from marts.dim_place p where p.place_key = a.place_key) as place_exists,
       coalesce({_COMPLETE}, false) as estimates_complete
from marts.fct_attacks a
"""


def expectations(t, facts):
    out = [
        *keys("attack_id"),
        *unique("actor_key", "target_country", "date_key", "weapon_key"),   # the grain
        *not_null("actor_key", "target_country", "weapon_key", "time_precision", "date_basis", "place_key"),
        *codes(t, "actor_key", "actors"),
        *codes(t, "weapon_key", "weapons"),
        *codes(t, "time_precision", "time_precisions"),
        *codes(t, "date_basis", "date_bases"),
        *dates(t, "date_key"),
        *not_after(t, "date_key", "date_limit", "the latest published date of its articles"),
        *counts(t, "n_claims", "n_articles", "n_sources", minimum=1),
        *counts(t, "n_strikes"),
        *ordered("n_sources", "n_articles", t.mostly_counts, "copies of one story count once"),
        *always("has_claims", "every attack rests on claims in fct_claims"),
        *always("place_exists", "place_key is in dim_place"),
        *always("estimates_complete", "per measure, low, best and high are all known or all null"),
    ]
    for m in MEASURES:
        out += [*counts(t, f"{m}_low", f"{m}_best", f"{m}_high"),
                *ordered(f"{m}_low", f"{m}_best", t.mostly_counts),
                *ordered(f"{m}_best", f"{m}_high", t.mostly_counts)]
    for m in MUNITION_MEASURES:
        if m != "launched":
            out += ordered(f"{m}_low", "launched_high", 1.0, f"no more {m} than the most any source says launched")
    return out
