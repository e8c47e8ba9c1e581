-- best totals per attack night, target country and measure over the dated attacks
{%- set measures = var('casualty_measures') + var('munition_measures') %}
with

attacks as (

    select * from {{ ref('fct_attacks') }} where date_key is not null

),

long as (

    {%- for m in measures %}
    select date_key, target_country, '{{ m }}' as measure_key, {{ m }}_low as low, {{ m }}_best as best,
           {{ m }}_high as high, attack_id, time_precision
    from attacks
    where {{ m }}_best is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select
    date_key,
    target_country,
    measure_key,
    cast(sum(best) as bigint) as best_total,
    cast(sum(low) as bigint) as low_total,
    cast(sum(high) as bigint) as high_total,
    cast(count(distinct attack_id) as integer) as n_attacks,
    cast(count(distinct attack_id) filter (where time_precision > 1) as integer) as n_attacks_dated_approximately

from long
group by date_key, target_country, measure_key
