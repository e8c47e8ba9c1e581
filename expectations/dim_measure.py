"""marts.dim_measure: the six measures, each in its category (casualty or munition)."""

from kabar.quality import always, codes, keys

TABLE = "dim_measure"
KEY = ["measure_key"]
FRAME = """
select m.*,
       coalesce(m.category = case when list_contains($casualty_measures, m.measure_key) then 'casualty'
                                  when list_contains($munition_measures, m.measure_key) then 'munition' end,
                false) as category_ok
from marts.dim_measure m
"""


def expectations(t, facts):
    return [
        *keys("measure_key"),
        *codes(t, "measure_key", "measures"),
        *codes(t, "category", "categories"),
        *always("category_ok", "killed and injured are casualties, the rest munitions"),
    ]
