-- every reconciled measure has low <= best <= high, all three set or all three null
{%- set measures = var('casualty_measures') + var('munition_measures') %}
select strike_id, '{{ measures | join(",") }}' as measures
from {{ ref('fct_strikes') }}
where false
{%- for m in measures %}
    or not (
        ({{ m }}_low is null and {{ m }}_best is null and {{ m }}_high is null and {{ m }}_articles = 0)
        or ({{ m }}_low <= {{ m }}_best and {{ m }}_best <= {{ m }}_high and {{ m }}_articles > 0
            and len({{ m }}_claim_ids) >= {{ m }}_articles)
    )
{%- endfor %}
