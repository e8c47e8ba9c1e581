"""marts.fct_attacks: one attack per attacker x target country x night x weapon class.

Per measure low <= best <= high, all known or all null; munitions consistent on bounds (see
_events.py); every attack rests on claims.
"""

from _events import frame, measure_checks
from kabar.quality import always, codes, counts, dates, keys, not_after, not_null, ordered

TABLE = "fct_attacks"
KEY = ["attack_id"]
FRAME = frame("fct_attacks", "attack_id")


def expectations(t, facts):
    return [
        *keys("attack_id"),
        *not_null("actor_key", "target_country", "weapon_key", "time_precision", "date_basis", "place_key"),
        *codes(t, "actor_key", "actors"),
        *codes(t, "weapon_key", "weapons"),
        *codes(t, "time_precision", "time_precisions"),
        *codes(t, "date_basis", "date_bases"),
        *dates(t, "date_key"),
        *not_after(t, "date_key", "date_limit", "the latest published date of its articles"),
        *counts(t, "n_claims", "n_articles", "n_sources", minimum=1),
        *counts(t, "n_strikes"),
        *ordered("n_sources", "n_articles", "copies of one story count once"),
        *always("has_claims", "every attack rests on claims in fct_claims"),
        *always("place_exists", "place_key is in dim_place"),
        *always("estimates_complete", "per measure, low, best and high are all known or all null"),
        *measure_checks(t),
    ]
