-- one row per current claim, with its article, its dimension keys and the strike it belongs to
-- (grouping rule: docs block `strike_grouping` in docs.md)
with

claims as (

    select * from {{ ref('stg_nlp__claims') }}

),

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

measures as (

    select * from {{ ref('measures') }}

),

keyed as (

    select
        claims.claim_id,
        claims.article_id,
        articles.article_ref,
        coalesce(articles.source_key, 'unknown') as source_key,
        articles.published_date,
        claims.sentence_idx,
        claims.measure as measure_key,
        measures.category,
        claims.value,
        claims.qualifier,
        coalesce(claims.attacker, 'unknown') as actor_key,
        coalesce(claims.weapon, 'unknown') as weapon_key,
        coalesce(claims.place_id, 'country:' || claims.country, 'unknown') as place_key,
        claims.place_text,
        claims.place_name,
        claims.place_precision,
        claims.admin_area,
        coalesce(
            claims.country,
            case when claims.place_id like 'country:%' then upper(substr(claims.place_id, 9)) end
        ) as country,
        claims.latitude,
        claims.longitude,
        claims.event_date,
        claims.date_basis,
        claims.reporter,
        claims.evidence,
        claims.evidence_span,
        claims.extractor_version

    from claims
    left join articles
        on claims.article_id = articles.article_id
    left join measures
        on claims.measure = measures.measure_key

),

located as (

    select
        *,
        -- where the strike happened, at the level claims from different articles are matched
        case
            when place_precision in ('city', 'district') and admin_area is not null
                then 'admin:' || coalesce(country, '??') || ':' || lower(admin_area)
            when place_precision = 'admin_area'
                then 'admin:' || coalesce(country, '??') || ':'
                    || lower(coalesce(admin_area, place_name, place_key))
            when place_precision = 'country' or place_key like 'country:%'
                then 'country:' || coalesce(country, '??')
            when place_key <> 'unknown'
                then 'place:' || place_key
            else 'unknown'
        end as strike_area,
        coalesce(event_date, published_date) as strike_date,
        case
            when event_date is not null then 'event'
            when published_date is not null then 'published'
            else 'undated'
        end as strike_date_basis

    from keyed

),

assigned as (

    select
        *,
        concat_ws('|',
            category, actor_key, weapon_key, strike_area,
            coalesce(cast(strike_date as varchar), 'undated:' || article_id)
        ) as strike_key

    from located

)

select
    *,
    substr(md5(strike_key), 1, 16) as strike_id

from assigned
