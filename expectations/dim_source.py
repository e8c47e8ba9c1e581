"""marts.dim_source: one row per outlet, keyed by its lower-cased name ('unknown' when missing)."""

from kabar.quality import counts, keys, matches

TABLE = "dim_source"
KEY = ["source_key"]


def expectations(t, facts):
    return [
        *keys("source_key"),
        *matches("source_key", r"^[^A-Z]+$", "source keys are lower-cased"),
        *counts(t, "n_articles"),
    ]
