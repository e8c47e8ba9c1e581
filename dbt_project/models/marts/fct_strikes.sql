-- one row per strike: an attack at one place (docs block `strike_places`) with the local
-- casualties, interceptions and hits reconciled across outlets into low / best / high
{%- set measures = var('casualty_measures') + var('munition_measures') %}
with

claims as (

    select * from {{ ref('int_claims__events') }} where strike_id is not null

),

places as (

    select * from {{ ref('int_places') }}

),

strikes as (

    select
        strike_id,
        any_value(attack_id) as attack_id,
        any_value(strike_place_key) as place_key,
        any_value(actor_key) as actor_key,
        any_value(target_country) as target_country,
        any_value(attack_weapon_key) as weapon_key,
        any_value(date_key) as date_key,
        min(time_precision) as time_precision,
        {{ best_date_basis('date_basis') }} as date_basis,
        cast(count(*) as integer) as n_claims,
        cast(count(distinct article_id) as integer) as n_articles,
        cast(count(distinct story_key) as integer) as n_sources,
        list(distinct source_key order by source_key) as sources,
        list(distinct article_id order by article_id) as article_ids,
        {{ evidence_list() }} as evidence

    from claims
    group by strike_id

),

figures as (

    {{ pivot_measures('strike', measures) }}

)

select
    strikes.strike_id,
    strikes.attack_id,
    strikes.place_key,
    places.name as place_name,
    places.admin1,
    places.admin2,
    places.country,
    places.latitude,
    places.longitude,
    cast(coalesce(places.geo_precision, 3) as integer) as geo_precision,
    strikes.actor_key,
    strikes.target_country,
    strikes.weapon_key,
    strikes.date_key,
    strikes.time_precision,
    strikes.date_basis,
    {%- for m in measures %}
    figures.{{ m }}_low,
    figures.{{ m }}_best,
    figures.{{ m }}_high,
    figures.{{ m }}_sources,
    {%- endfor %}
    strikes.n_claims,
    strikes.n_articles,
    strikes.n_sources,
    strikes.sources,
    strikes.article_ids,
    strikes.evidence

from strikes
inner join figures
    on strikes.strike_id = figures.event_id
left join places
    on strikes.place_key = places.place_key
