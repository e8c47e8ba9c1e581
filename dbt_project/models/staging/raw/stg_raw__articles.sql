with

source as (

    select * from {{ source('raw', 'articles') }}

),

renamed as (

    select
        article_id,
        article_ref,
        source_path,
        format,
        {{ source_key('source') }} as source_key,
        coalesce(nullif(trim(source), ''), 'unknown') as source_name,
        url,
        title,
        published_at,
        -- computed once, by ingest, in the source's own offset: read, never recomputed
        published_date,
        length(text) as n_chars,
        language,
        ingested_at,
        run_id

    from source

)

select * from renamed
