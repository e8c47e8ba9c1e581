-- one row per attack: attacker × target country × attack night × weapon class (docs block
-- `attack_grouping`); national tallies reconciled across outlets into low / best / high
{%- set munitions = var('munition_measures') %}
{%- set casualties = var('casualty_measures') %}
with

claims as (

    select * from {{ ref('int_claims__events') }}

),

places as (

    select * from {{ ref('int_places') }} where place_type = 'country'

),

attacks as (

    select
        attack_id,
        any_value(actor_key) as actor_key,
        any_value(target_country) as target_country,
        any_value(attack_weapon_key) as weapon_key,
        any_value(date_key) as date_key,
        min(time_precision) as time_precision,
        {{ best_date_basis('date_basis') }} as date_basis,
        cast(count(*) as integer) as n_claims,
        cast(count(distinct article_id) as integer) as n_articles,
        cast(count(distinct story_key) as integer) as n_sources,
        cast(count(distinct strike_id) as integer) as n_strikes,
        list(distinct source_key order by source_key) as sources,
        list(distinct article_id order by article_id) as article_ids,
        {{ evidence_list() }} as evidence

    from claims
    group by attack_id

),

national as (

    {{ pivot_measures('attack', munitions) }}

),

strike_events as (

    select distinct attack_id, strike_id from claims where strike_id is not null

),

by_places as (

    -- an attack's figure summed over its places: the casualties, and munitions no outlet tallies
    select
        strike_events.attack_id,
        measures.measure_key,
        sum(measures.low) as low,
        sum(measures.best) as best,
        sum(measures.high) as high,
        max(measures.n_sources) as n_sources

    from {{ ref('int_events__measures') }} as measures
    inner join strike_events
        on measures.event_id = strike_events.strike_id
    where measures.grain = 'strike'
    group by strike_events.attack_id, measures.measure_key

),

combined as (

select
    attacks.attack_id,
    attacks.actor_key,
    attacks.target_country,
    attacks.weapon_key,
    attacks.date_key,
    attacks.time_precision,
    attacks.date_basis,
    coalesce(places.place_key, 'unknown') as place_key,
    places.latitude,
    places.longitude,
    3 as geo_precision,
    {%- for m in munitions %}
    cast(coalesce(national.{{ m }}_low, {{ m }}_places.low) as bigint) as {{ m }}_low,
    cast(coalesce(national.{{ m }}_best, {{ m }}_places.best) as bigint) as {{ m }}_best,
    cast(coalesce(national.{{ m }}_high, {{ m }}_places.high) as bigint) as {{ m }}_high,
    cast(coalesce(nullif(national.{{ m }}_sources, 0), {{ m }}_places.n_sources, 0) as integer) as {{ m }}_sources,
    case
        when national.{{ m }}_low is not null then 'national'
        when {{ m }}_places.low is not null then 'places'
    end as {{ m }}_scope,
    {%- endfor %}
    {%- for m in casualties %}
    cast({{ m }}_places.low as bigint) as {{ m }}_low,
    cast({{ m }}_places.best as bigint) as {{ m }}_best,
    cast({{ m }}_places.high as bigint) as {{ m }}_high,
    {%- endfor %}
    attacks.n_strikes,
    attacks.n_claims,
    attacks.n_articles,
    attacks.n_sources,
    attacks.sources,
    attacks.article_ids,
    attacks.evidence

from attacks
left join national
    on attacks.attack_id = national.event_id
left join places
    on attacks.target_country = places.country
{%- for m in munitions + casualties %}
left join by_places as {{ m }}_places
    on attacks.attack_id = {{ m }}_places.attack_id and {{ m }}_places.measure_key = '{{ m }}'
{%- endfor %}

)

-- intercepted, hit and lost are parts of launched, whichever scope each figure comes from (a national
-- interception tally beside launched figures of its places); no launched figure: none is invented
select
    * replace (
        case when launched_low is not null
            then greatest(launched_low, intercepted_low, hit_low, lost_low) end as launched_low,
        case when launched_low is not null
            then least(greatest(launched_best, intercepted_low, hit_low, lost_low),
                       greatest(launched_high, intercepted_low, hit_low, lost_low)) end as launched_best,
        case when launched_low is not null
            then greatest(launched_high, intercepted_low, hit_low, lost_low) end as launched_high
    )

from combined
