-- one row per current claim with its article, story, measure and place keys, and its scope
-- (docs blocks `place_key`, `claim_scope`): what a claim is, before it is dated and grouped
with

claims as (

    select * from {{ ref('stg_nlp__claims') }}

),

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

stories as (

    select * from {{ ref('int_articles__stories') }}

),

measures as (

    select * from {{ ref('measures') }}

),

qualifiers as (

    select * from {{ ref('qualifiers') }}

),

keyed as (

    select
        claims.claim_id,
        claims.article_id,
        articles.article_ref,
        articles.source_key,
        coalesce(stories.story_key, claims.article_id) as story_key,
        articles.published_date,
        claims.sentence_idx,
        claims.measure as measure_key,
        measures.category,
        claims.value,
        claims.qualifier,
        -- how reconciliation reads the figure: "lebih dari 10" allows 11 at the least
        claims.value + qualifiers.lower_offset as figure,
        qualifiers.reading,
        coalesce(claims.attacker, 'unknown') as actor_key,
        coalesce(claims.weapon, 'unknown') as weapon_key,
        coalesce(
            claims.country,
            case when claims.place_id like 'country:%' then upper(substr(claims.place_id, 9)) end
        ) as country,
        claims.place_id,
        claims.place_text,
        claims.place_name,
        claims.place_precision,
        claims.admin_area,
        claims.latitude,
        claims.longitude,
        claims.event_date as stated_date,
        claims.date_basis as stated_date_basis,
        claims.reporter,
        claims.evidence,
        claims.evidence_span,
        claims.extractor_version

    from claims
    left join articles
        on claims.article_id = articles.article_id
    left join stories
        on claims.article_id = stories.article_id
    left join measures
        on claims.measure = measures.measure_key
    left join qualifiers
        on claims.qualifier = qualifiers.qualifier

)

select
    *,
    {{ place_key('place_id', 'place_precision', 'country') }} as place_key,
    -- a named place below country level makes a local claim; a national or multi-region tally
    -- (no place, or only a country) a national one
    case
        when place_precision in ('city', 'district', 'admin_area') then 'local'
        else 'national'
    end as scope,
    -- the defending side: the country whose air defence counts, whichever place is named
    case actor_key
        when 'RU' then 'UA'
        when 'UA' then 'RU'
        else coalesce(country, 'unknown')
    end as target_country

from keyed
