-- one row per current claim: its keys to every dimension, the attack and strike it feeds, how
-- its date is known (docs blocks `attack_night`, `date_matching`)
with

claims as (

    select * from {{ ref('int_claims__events') }}

),

places as (

    select * from {{ ref('int_places') }}

)

select
    claims.claim_id,
    claims.article_id,
    claims.article_ref,
    claims.source_key,
    claims.story_key,
    claims.attack_id,
    claims.strike_id,
    coalesce(claims.place_key, 'unknown') as place_key,
    claims.date_key,
    claims.stated_date,
    claims.date_basis,
    cast(claims.time_precision as integer) as time_precision,
    cast(coalesce(places.geo_precision, 3) as integer) as geo_precision,
    claims.scope,
    claims.actor_key,
    claims.target_country,
    claims.weapon_key,
    claims.measure_key,
    claims.category,
    claims.qualifier,
    cast(claims.value as bigint) as value,
    claims.reporter,
    claims.published_date,
    claims.matched_claim_id,
    claims.evidence,
    claims.evidence_span,
    claims.place_text,
    claims.country,
    claims.sentence_idx,
    claims.extractor_version

from claims
left join places
    on claims.place_key = places.place_key
