with

source as (

    select * from {{ source('nlp', 'sentences') }}

),

current_versions as (

    {{ current_extractor_versions() }}

),

renamed as (

    select
        source.article_id,
        source.sentence_idx,
        source.paragraph_idx,
        source.start_char,
        source.end_char,
        source.text as sentence_text,
        source.extractor_version

    from source
    inner join current_versions
        on source.article_id = current_versions.article_id
        and source.extractor_version = current_versions.extractor_version

)

select * from renamed
