"""marts.mart_attacks_vs_reference: one row per dated Russian attack night on Ukraine and weapon class;
the differences are the news minus the official figures."""

from kabar.quality import always, codes, counts, keys, not_null

TABLE = "mart_attacks_vs_reference"
KEY = ["attack_id"]
FRAME = """
select r.*,
       exists (select 1 from marts.fct_attacks a where a.attack_id = r.attack_id) as attack_exists,
       (launched_difference is not distinct from news_launched_best - official_launched) as difference_adds_up
from marts.mart_attacks_vs_reference r
"""


def expectations(t, facts):
    return [
        *keys("attack_id"),
        *not_null("date_key", "weapon_key", "in_reference"),
        *codes(t, "weapon_key", ("drone", "missile")),
        *counts(t, "official_launched", "official_destroyed", "official_not_reach_goal"),
        *always("attack_exists", "every row is an attack of fct_attacks"),
        *always("difference_adds_up", "launched_difference = news_launched_best - official_launched"),
    ]
