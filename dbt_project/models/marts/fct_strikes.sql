-- one row per reconciled strike event; per measure the low / best / high of int_strikes__measures
{%- set measures = var('casualty_measures') + var('munition_measures') %}
with

strikes as (

    select * from {{ ref('int_strikes') }}

),

strike_measures as (

    select * from {{ ref('int_strikes__measures') }}

),

pivoted as (

    select
        strike_id,
        {%- for m in measures %}
        max(low) filter (where measure_key = '{{ m }}') as {{ m }}_low,
        max(best) filter (where measure_key = '{{ m }}') as {{ m }}_best,
        max(high) filter (where measure_key = '{{ m }}') as {{ m }}_high,
        cast(coalesce(max(n_articles) filter (where measure_key = '{{ m }}'), 0) as integer) as {{ m }}_articles,
        cast(coalesce(max(n_sources) filter (where measure_key = '{{ m }}'), 0) as integer) as {{ m }}_sources,
        coalesce(any_value(claim_ids) filter (where measure_key = '{{ m }}'), cast([] as varchar[])) as {{ m }}_claim_ids
        {%- if not loop.last %},{% endif %}
        {%- endfor %}

    from strike_measures
    group by strike_id

)

select
    strikes.strike_id,
    strikes.category,
    strikes.actor_key,
    strikes.weapon_key,
    coalesce(strikes.place_key, 'unknown') as place_key,
    strikes.country,
    strikes.event_date,
    strikes.event_date_basis,
    strikes.strike_area,
    strikes.place_keys,
    strikes.n_claims,
    strikes.n_articles,
    strikes.n_sources,
    strikes.article_ids,
    {%- for m in measures %}
    pivoted.{{ m }}_low,
    pivoted.{{ m }}_best,
    pivoted.{{ m }}_high,
    pivoted.{{ m }}_articles,
    pivoted.{{ m }}_sources,
    pivoted.{{ m }}_claim_ids
    {%- if not loop.last %},{% endif %}
    {%- endfor %}

from strikes
inner join pivoted
    on strikes.strike_id = pivoted.strike_id
