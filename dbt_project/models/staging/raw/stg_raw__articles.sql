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
        -- ingest stores the date in the source's own offset; older rows fall back to WIB
        coalesce(
            published_date,
            cast(timezone('{{ var("news_timezone") }}', published_at) as date)
        ) as published_date,
        length(text) as n_chars,
        ingested_at,
        run_id

    from source

)

select * from renamed
