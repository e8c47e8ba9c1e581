with

source as (

    select * from {{ source('raw', 'rejected_inputs') }}

),

renamed as (

    select
        source_path,
        record_ref,
        reason,
        reason_kind,
        bytes,
        content_sha256,
        quarantine_path,
        seen_at,
        run_id

    from source

)

select * from renamed
