"""marts.mart_daily_measures: best totals per attack night x target country x measure."""

from kabar.quality import codes, counts, dates, matches, not_null, unique

TABLE = "mart_daily_measures"
KEY = ["date_key", "target_country", "measure_key"]


def expectations(t, facts):
    return [
        *not_null("date_key", "measure_key", "target_country"),
        *unique("date_key", "target_country", "measure_key"),  # the grain
        *codes(t, "measure_key", "measures"),
        *dates(t, "date_key"),
        *matches("target_country", r"^(?:[A-Z]{2}|unknown)$", "an ISO 3166-1 alpha-2 code, or 'unknown'"),
        *counts(t, "best_total", "low_total", "high_total", "n_attacks"),
    ]
