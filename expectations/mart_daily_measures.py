"""marts.mart_daily_measures: best totals per date x country x measure."""

from kabar.quality import codes, counts, dates, matches, not_null, unique

TABLE = "mart_daily_measures"
KEY = ["date_key", "country", "measure_key"]


def expectations(t, facts):
    return [
        *not_null("date_key", "measure_key"),
        *unique("date_key", "country", "measure_key"),  # the grain; country may be null
        *codes(t, "measure_key", "measures"),
        *dates(t, "date_key"),
        *matches("country", r"^[A-Z]{2}$", "an ISO 3166-1 alpha-2 code"),
        *counts(t, "best_total", "n_strikes"),
    ]
