"""marts.mart_daily_measures: best totals per date x country x measure."""

from kabar.quality import codes, counts, dates, matches, not_null, unique

TABLE = "mart_daily_measures"
KEY = ["date_key", "country", "measure_key"]


def expectations(t, facts):
    return [
        *not_null("date_key", "measure_key"),
        *unique("date_key", "country", "measure_key"),  # the grain
        *codes(t, "measure_key", "measures"),
        *dates(t, "date_key"),
        # dbt groups strikes with no known country under 'unknown' (see the model's docs)
        *not_null("country"),
        *matches("country", r"^(?:[A-Z]{2}|unknown)$", "an ISO 3166-1 alpha-2 code, or 'unknown'"),
        *counts(t, "best_total", "n_strikes"),
    ]
