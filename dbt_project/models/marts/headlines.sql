-- Every headline on every current page, in page order.
{{
    config(
        materialized='incremental',
        unique_key='source_file',
        incremental_strategy='delete+insert',
        post_hook="delete from {{ this }} where document_id not in (select document_id from {{ ref('documents') }})"
    )
}}

with documents as (
    select * from {{ ref('documents') }}
    {% if is_incremental() %}
        where document_id not in (select t.document_id from {{ this }} as t)
    {% endif %}
)

select
    documents.document_id || ':h' || headlines.position as headline_id,
    documents.document_id,
    documents.source_file,
    headlines.position,
    headlines.text,
    headlines.summary,
    headlines.role,
    headlines.summary_truncated,
    case
        when headlines.article_index is not null
            then documents.document_id || ':a' || (headlines.article_index + 1)
    end as article_id,
    headlines.photo_caption,
    documents.page_date,
    documents.loaded_at
from documents
inner join {{ ref('stg_raw__headlines') }} as headlines
    on documents.content_sha256 = headlines.content_sha256
