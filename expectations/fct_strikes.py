"""marts.fct_strikes: one strike (an attack at one place); per measure low <= best <= high, munitions
consistent on bounds (see _events.py), and every strike belongs to an attack and a place."""

from _events import frame, measure_checks
from kabar.quality import always, codes, counts, dates, keys, not_after, not_null, ordered

TABLE = "fct_strikes"
KEY = ["strike_id"]
FRAME = frame("fct_strikes", "strike_id").replace(
    "from marts.fct_strikes e",
    ", exists (select 1 from marts.fct_attacks a where a.attack_id = e.attack_id) as attack_exists\n"
    "from marts.fct_strikes e")


def expectations(t, facts):
    return [
        *keys("strike_id"),
        *not_null("attack_id", "place_key", "actor_key", "weapon_key", "geo_precision", "time_precision"),
        *codes(t, "actor_key", "actors"),
        *codes(t, "weapon_key", "weapons"),
        *codes(t, "geo_precision", "geo_precisions"),
        *codes(t, "time_precision", "time_precisions"),
        *dates(t, "date_key"),
        *not_after(t, "date_key", "date_limit", "the latest published date of its articles"),
        *counts(t, "n_claims", "n_articles", "n_sources", minimum=1),
        *ordered("n_sources", "n_articles", "copies of one story count once"),
        *always("has_claims", "every strike rests on claims in fct_claims"),
        *always("attack_exists", "every strike belongs to an attack in fct_attacks"),
        *always("place_exists", "place_key is in dim_place"),
        *always("estimates_complete", "per measure, low, best and high are all known or all null"),
        *measure_checks(t),
    ]
