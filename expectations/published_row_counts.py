"""Published tables do not shrink against the last publish (a run-scope suite over the run's own figures).

Raw data is append-only, so a table of shrink_tables (thresholds.toml) that loses more than
max_shrink of its rows, and at least shrink_min_rows rows, against the last successful publish
means claims were lost or wrongly held back. No rows before the first publish.
"""

from kabar.quality import ordered

TABLE = "published_row_counts"
SCOPE = "run"
KEY = ["table_name"]
FRAME = """
select unnest($shrink_table_names::varchar[]) as table_name,
       unnest($shrink_rows_now::bigint[]) as rows_now,
       unnest($shrink_rows_before::bigint[]) as rows_before,
       unnest($shrink_rows_floor::bigint[]) as rows_floor
"""


def expectations(t, facts):
    return ordered("rows_floor", "rows_now",
                   f"a table keeps at least {1 - t.max_shrink:.0%} of the rows it had at the last publish "
                   f"(max_shrink {t.max_shrink}; losses under shrink_min_rows = {t.shrink_min_rows} rows allowed)")
