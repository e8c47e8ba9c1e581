"""The gate's row tier, judged as a whole (a run-scope suite: the frame is the run's own figures).

The row tier (expectations/claim_checks.yaml) holds back single implausible claims and lets the
rest through. Two things about it fail the whole publish:
  - the current claims were not checked by it with the current checks and thresholds (dbt was run
    directly after new claims were extracted): an unchecked claim could reach the marts;
  - it held back more than held_back_max_share of the run's new claims (claims of articles
    extracted since the last publish), once held_back_min_count or more are held back: then the
    extractor, not one article, is broken.
"""

from kabar.quality import always, between

TABLE = "row_tier"
SCOPE = "run"
KEY = ["check_run_id"]
FRAME = """
select $check_run_id::varchar as check_run_id,
       $claims_checked_ok::boolean as claims_checked_ok,
       $new_claims::bigint as new_claims,
       $new_held_back::bigint as new_held_back,
       $held_back_share::double as held_back_share,
       $held_back_share_judged::double as held_back_share_judged
"""


def expectations(t, facts):
    held, new = facts.get("new_held_back", 0), facts.get("new_claims", 0)
    return [
        *always("claims_checked_ok", "the row tier checked the current claims with the current checks and "
                                     "thresholds (kabar build runs it before dbt)"),
        *between("held_back_share_judged", 0, t.held_back_max_share,
                 f"held back {held} of the run's {new} new claims: at most held_back_max_share "
                 f"({t.held_back_max_share:.0%}) may be, once held_back_min_count ({t.held_back_min_count}) "
                 "or more are held back"),
    ]
