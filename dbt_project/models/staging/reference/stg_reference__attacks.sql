-- the official per-wave tallies of the Ukrainian Air Force (docs block `reference_attacks`), read
-- from the CSV that KABAR_REFERENCE_ATTACKS points at; no file configured: no rows
{%- set path = env_var('KABAR_REFERENCE_ATTACKS', '') %}
{%- if path %}
with

waves as (

    select * from read_csv('{{ path | replace("'", "''") }}', header = true, all_varchar = true)

)

select
    try_cast(substr(time_end, 1, 10) as date) as night,
    try_cast(substr(time_start, 1, 16) as timestamp) as started_at,
    try_cast(substr(time_end, 1, 16) as timestamp) as ended_at,
    model,
    target,
    split_part(source, '/', 1) as channel,
    source,
    cast(try_cast(launched as double) as bigint) as launched,
    cast(try_cast(destroyed as double) as bigint) as destroyed,
    cast(try_cast(not_reach_goal as double) as bigint) as not_reach_goal

from waves
where try_cast(substr(time_end, 1, 10) as date) is not null
{%- else %}
select
    cast(null as date) as night,
    cast(null as timestamp) as started_at,
    cast(null as timestamp) as ended_at,
    cast(null as varchar) as model,
    cast(null as varchar) as target,
    cast(null as varchar) as channel,
    cast(null as varchar) as source,
    cast(null as bigint) as launched,
    cast(null as bigint) as destroyed,
    cast(null as bigint) as not_reach_goal
where false
{%- endif %}
