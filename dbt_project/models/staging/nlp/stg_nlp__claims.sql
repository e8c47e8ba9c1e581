-- claims of each article's current extractor version (macros/current_extractor_versions.sql),
-- except those the latest pass of the gate's row tier held back (stg_audit__held_back_claims)
with

source as (

    select * from {{ source('nlp', 'claims') }}

),

current_versions as (

    {{ current_extractor_versions() }}

),

held_back as (

    select distinct claim_id from {{ ref('stg_audit__held_back_claims') }}

),

renamed as (

    select
        source.claim_id,
        source.article_id,
        source.sentence_idx,
        source.measure,
        source.value,
        source.qualifier,
        source.weapon,
        source.attacker,
        nullif(trim(source.place_text), '') as place_text,
        nullif(trim(source.place_id), '') as place_id,
        source.place_name,
        source.place_precision,
        nullif(trim(source.admin_area), '') as admin_area,
        upper(nullif(trim(source.country), '')) as country,
        source.latitude,
        source.longitude,
        source.event_date,
        source.date_basis,
        source.reporter,
        source.evidence,
        source.evidence_span,
        source.extractor_version

    from source
    inner join current_versions
        on source.article_id = current_versions.article_id
        and source.extractor_version = current_versions.extractor_version
    where source.claim_id not in (select claim_id from held_back)

)

select * from renamed
