"""marts.dim_article: one row per article; its source exists; published dates are plausible; no machine paths."""

from kabar.quality import always, counts, dates, keys, matches, not_null

TABLE = "dim_article"
KEY = ["article_id"]
FRAME = """
select a.*,
       exists (select 1 from marts.dim_source s where s.source_key = a.source_key) as source_exists
from marts.dim_article a
"""


def expectations(t, facts):
    return [
        *keys("article_id"),
        *not_null("article_ref", "source_key", "story_key"),
        *always("source_exists", "every article's source_key is in dim_source"),
        *dates(t, "published_date"),
        *counts(t, "n_claims", "n_attacks"),
        *matches("source_file", r"^[^/\\]+$", "a file name, never a path on the machine that ran the pipeline"),
    ]
