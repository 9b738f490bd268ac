-- Current documents: the latest version of every file still in the raw folder.
{{
    config(
        materialized='incremental',
        unique_key='source_file',
        incremental_strategy='delete+insert',
        post_hook="delete from {{ this }} where document_id not in (select document_id from {{ ref('int_file_versions_ranked') }} where is_latest and not is_deleted)"
    )
}}

with latest as (
    select *
    from {{ ref('int_file_versions_ranked') }}
    where
        is_latest
        and not is_deleted
        {% if is_incremental() %}
            and document_id not in (select t.document_id from {{ this }} as t)
        {% endif %}
)

select
    latest.document_id,
    latest.source_file,
    latest.content_sha256,
    latest.text,
    segments.page_date,
    coalesce(segments.page_kind, 'unsegmented') as page_kind,
    segments.section,
    latest.encoding,
    latest.size_bytes,
    latest.version_number,
    latest.loaded_at
from latest
left join {{ ref('stg_raw__page_segments') }} as segments
    on latest.content_sha256 = segments.content_sha256
