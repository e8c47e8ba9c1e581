with

measures as (

    select * from {{ ref('measures') }}

)

select
    measure_key,
    category,
    description,
    sort_order

from measures
