with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

sources as (

    select
        source_key,
        mode(source_name) as source_name,
        cast(count(*) as integer) as n_articles

    from articles
    group by source_key

),

unknown_member as (

    select 'unknown' as source_key, 'unknown' as source_name, 0 as n_articles
    where not exists (select 1 from sources where source_key = 'unknown')

)

select * from sources
union all
select * from unknown_member
