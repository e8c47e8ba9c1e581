with

actors as (

    select * from {{ ref('actors') }}

)

select
    cast(actor_key as varchar) as actor_key,
    cast(name as varchar) as name

from actors
