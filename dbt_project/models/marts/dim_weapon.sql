with

weapons as (

    select * from {{ ref('weapons') }}

)

select
    cast(weapon_key as varchar) as weapon_key,
    cast(name as varchar) as name

from weapons
