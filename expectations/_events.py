"""What the suites of the two event tables (fct_attacks, fct_strikes) share: the frame's derived
columns and the per-measure checks. A helper module (leading underscore): not a suite itself.

Munition consistency compares bounds, never best figures (sources disagree, and disagreement is
data): the fewest intercepted, hit or lost must not exceed the most launched, where a launched
figure gives a most at all ("lebih dari 140" launched has no upper bound). Reconciliation raises
launched to what was intercepted, so this holds by construction and guards that rule.
"""

from kabar.quality import counts, ordered
from kabar.vocab import MEASURES, MUNITION_MEASURES

COMPLETE = " and ".join(
    f"(({m}_low is null) = ({m}_best is null) and ({m}_best is null) = ({m}_high is null))" for m in MEASURES)


def frame(table: str, key: str) -> str:
    """The table with its claims' date limit, claim existence, completeness and launched upper bound."""
    return f"""
select e.*,
       (select max(coalesce(c.published_date + $after_published_days::integer, $latest_date::date))
          from marts.fct_claims c where c.{key} = e.{key}) as date_limit,
       exists (select 1 from marts.fct_claims c where c.{key} = e.{key}) as has_claims,
       exists (select 1 from marts.dim_place p where p.place_key = e.place_key) as place_exists,
       coalesce({COMPLETE}, false) as estimates_complete,
       case when exists (select 1 from marts.fct_claims c
                          where c.{key} = e.{key} and c.measure_key = 'launched'
                            and list_contains($upper_bounded_qualifiers, c.qualifier))
            then e.launched_high end as launched_upper_bound
from marts.{table} e
"""


def measure_checks(t, measures=MEASURES) -> list:
    out = []
    for m in measures:
        out += [*counts(t, f"{m}_low", f"{m}_best", f"{m}_high"),
                *ordered(f"{m}_low", f"{m}_best"),
                *ordered(f"{m}_best", f"{m}_high")]
    for m in MUNITION_MEASURES:
        if m != "launched":
            out += ordered(f"{m}_low", "launched_upper_bound",
                           f"no fewer {m} than the most launched, where a launched figure bounds it from above")
    return out
