"""marts.dim_actor: the attacker codes (RU, UA) plus 'unknown'."""

from kabar.quality import codes, keys, not_null

TABLE = "dim_actor"
KEY = ["actor_key"]


def expectations(t, facts):
    return [*keys("actor_key"), *codes(t, "actor_key", "actors"), *not_null("name")]
