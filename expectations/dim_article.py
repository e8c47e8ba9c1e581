"""marts.dim_article: one row per article; its source exists; no publication date in the future; no machine paths.

An article may say it was published before the invasion (a wrong date in a feed, an old story):
its claims are held back by the row tier (published_before_invasion), while the article itself
is listed as the source gave it.
"""

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
        *dates(t, "published_date", since_invasion=False),
        *counts(t, "n_claims", "n_attacks"),
        *matches("source_file", r"^[^/\\]+$", "a file name, never a path on the machine that ran the pipeline"),
    ]
