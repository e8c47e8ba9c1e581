with

source as (

    select * from {{ source('nlp', 'processed') }}

),

current_versions as (

    {{ current_extractor_versions() }}

),

renamed as (

    select
        source.article_id,
        source.extractor_version,
        source.model_version,
        source.processed_at,
        source.n_sentences,
        source.n_claims,
        current_versions.article_id is not null as is_current

    from source
    left join current_versions
        on source.article_id = current_versions.article_id
        and source.extractor_version = current_versions.extractor_version

)

select * from renamed
