-- the claim ids listed by fct_strikes are exactly the claims of fct_claims, each listed once
with listed as (
    {%- for m in var('casualty_measures') + var('munition_measures') %}
    select strike_id, unnest({{ m }}_claim_ids) as claim_id from {{ ref('fct_strikes') }}
    {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
),
counted as (
    select claim_id, count(*) as n_listed, any_value(strike_id) as strike_id from listed group by claim_id
)
select coalesce(c.claim_id, l.claim_id) as claim_id
from {{ ref('fct_claims') }} as c
full outer join counted as l on c.claim_id = l.claim_id
where c.claim_id is null or l.claim_id is null or l.n_listed <> 1 or l.strike_id <> c.strike_id
