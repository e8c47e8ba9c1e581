with

claims as (

    select * from {{ ref('int_claims__enriched') }}

)

select
    claim_id,
    article_id,
    article_ref,
    source_key,
    place_key,
    event_date as date_key,
    actor_key,
    weapon_key,
    measure_key,
    category,
    qualifier,
    value,
    reporter,
    date_basis,
    published_date,
    evidence,
    evidence_span,
    place_text,
    country,
    sentence_idx,
    extractor_version,
    strike_id

from claims
