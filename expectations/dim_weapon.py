"""marts.dim_weapon: the weapon codes (drone, missile) plus 'unknown'."""

from kabar.quality import codes, keys, not_null

TABLE = "dim_weapon"
KEY = ["weapon_key"]


def expectations(t, facts):
    return [*keys("weapon_key"), *codes(t, "weapon_key", "weapons"), *not_null("name")]
