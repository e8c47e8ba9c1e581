with

source as (

    select * from {{ source('raw', 'article_sources') }}

),

renamed as (

    select
        article_id,
        source_path,
        record_ref,
        article_ref,
        format,
        {{ source_key('source') }} as source_key,
        url,
        title,
        published_at,
        encoding,
        first_seen_at,
        run_id

    from source

)

select * from renamed
