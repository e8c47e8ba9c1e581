-- one row per claim: the attack it belongs to and, for a local or casualty claim, the strike
-- (attack × place) — docs blocks `attack_grouping` and `strike_places`
with

claims as (

    select
        *,
        coalesce(cast(date_key as varchar), 'undated:' || story_key) as night_token

    from {{ ref('int_claims__dated') }}

),

night_weapons as (

    -- each side's munition attacks of a night by weapon class, the most reported first
    select
        actor_key,
        target_country,
        night_token,
        weapon_key,
        row_number() over (
            partition by actor_key, target_country, night_token
            order by count(*) desc, weapon_key desc
        ) as weapon_rank

    from claims
    where category = 'munition' and weapon_key <> 'unknown'
    group by actor_key, target_country, night_token, weapon_key

),

attacked as (

    -- a casualty claim that names no weapon joins the night's most reported attack of its side
    select
        claims.*,
        case
            when claims.category = 'munition' or claims.weapon_key <> 'unknown' then claims.weapon_key
            else coalesce(night_weapons.weapon_key, 'unknown')
        end as attack_weapon_key

    from claims
    left join night_weapons
        on claims.actor_key = night_weapons.actor_key
        and claims.target_country = night_weapons.target_country
        and claims.night_token = night_weapons.night_token
        and night_weapons.weapon_rank = 1

),

keyed as (

    select
        *,
        concat_ws('|', actor_key, target_country, night_token, attack_weapon_key) as attack_key

    from attacked

),

attack_towns as (

    -- the towns (and city districts) each attack names, per oblast
    select
        attack_key,
        admin_area,
        min(place_key) as town_key,
        count(distinct place_key) as n_towns

    from keyed
    where place_precision in ('city', 'district')
    group by attack_key, admin_area

),

placed as (

    select
        keyed.*,
        case
            -- a national munition tally belongs to the attack, not to a place
            when keyed.scope = 'national' and keyed.category = 'munition' then null
            -- "wilayah Odesa" beside the one town of that oblast the attack names: that town
            when keyed.place_precision = 'admin_area' and attack_towns.n_towns = 1 then attack_towns.town_key
            when keyed.scope = 'local' then keyed.place_key
            when keyed.country is not null then 'country:' || keyed.country
            when keyed.target_country in ('UA', 'RU') then 'country:' || keyed.target_country
            else 'unknown'
        end as strike_place_key

    from keyed
    left join attack_towns
        on keyed.attack_key = attack_towns.attack_key
        and keyed.place_name = attack_towns.admin_area
        and keyed.place_precision = 'admin_area'

)

select
    * exclude (night_token),
    substr(md5(attack_key), 1, 16) as attack_id,
    case when strike_place_key is not null then attack_key || '|' || strike_place_key end as strike_key,
    case
        when strike_place_key is not null then substr(md5(attack_key || '|' || strike_place_key), 1, 16)
    end as strike_id

from placed
