-- the claims the latest pass of the row tier held back (docs block `held_back_claims`)
with

passes as (

    select * from {{ source('audit', 'claim_checks') }}

),

held_back as (

    select * from {{ source('audit', 'held_back_claims') }}

),

latest_pass as (

    select run_id, checked_at
    from passes
    order by checked_at desc, run_id desc
    limit 1

),

renamed as (

    select
        held_back.run_id as check_run_id,
        held_back.claim_id,
        held_back.article_id,
        held_back.check_name,
        held_back.reason,
        held_back.extractor_version,
        held_back.checks_version,
        latest_pass.checked_at

    from held_back
    inner join latest_pass
        on held_back.run_id = latest_pass.run_id

)

select * from renamed
