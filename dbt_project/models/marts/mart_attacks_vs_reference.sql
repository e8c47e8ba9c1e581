-- per Russian attack night on Ukraine and weapon class: the news' reconciled figures beside the
-- Ukrainian Air Force's official tally (docs block `reference_attacks`); empty without a reference file
{%- set channels = var('reference_channels') %}
with

waves as (

    select * from {{ ref('stg_reference__attacks') }}
    where channel in ({% for c in channels %}'{{ c }}'{% if not loop.last %}, {% endif %}{% endfor %})

),

models as (

    select * from {{ ref('reference_weapon_models') }}

),

classified as (

    select
        waves.*,
        (select m.weapon_key from models as m where regexp_matches(waves.model, m.pattern) limit 1) as weapon_key

    from waves

),

official as (

    select
        night as date_key,
        weapon_key,
        cast(sum(launched) as bigint) as launched,
        cast(sum(destroyed) as bigint) as destroyed,
        cast(sum(not_reach_goal) as bigint) as not_reach_goal,
        cast(count(*) as integer) as n_waves

    from classified
    where weapon_key is not null
    group by night, weapon_key

),

attacks as (

    select * from {{ ref('fct_attacks') }}
    where actor_key = 'RU' and target_country = 'UA' and date_key is not null
        and weapon_key in ('drone', 'missile')

),

claims as (

    select * from {{ ref('int_claims__events') }}

),

matching_outlets as (

    -- outlets whose own figure is the official one
    select
        claims.attack_id,
        list(distinct claims.source_key order by claims.source_key)
            filter (where claims.measure_key = 'launched' and claims.value = official.launched) as launched_outlets,
        list(distinct claims.source_key order by claims.source_key)
            filter (where claims.measure_key = 'intercepted' and claims.value = official.destroyed)
            as intercepted_outlets

    from claims
    inner join attacks on claims.attack_id = attacks.attack_id
    inner join official on official.date_key = attacks.date_key and official.weapon_key = attacks.weapon_key
    group by claims.attack_id

)

select
    attacks.attack_id,
    attacks.date_key,
    attacks.weapon_key,
    attacks.time_precision,
    attacks.launched_best as news_launched_best,
    official.launched as official_launched,
    attacks.launched_best - official.launched as launched_difference,
    attacks.intercepted_best as news_intercepted_best,
    official.destroyed as official_destroyed,
    attacks.intercepted_best - official.destroyed as intercepted_difference,
    attacks.lost_best as news_lost_best,
    official.not_reach_goal as official_not_reach_goal,
    attacks.lost_best - official.not_reach_goal as lost_difference,
    official.launched is not null as in_reference,
    coalesce(matching_outlets.launched_outlets, []) as launched_matching_outlets,
    coalesce(matching_outlets.intercepted_outlets, []) as intercepted_matching_outlets,
    attacks.n_sources,
    attacks.sources

from attacks
left join official
    on attacks.date_key = official.date_key and attacks.weapon_key = official.weapon_key
left join matching_outlets
    on attacks.attack_id = matching_outlets.attack_id
