-- Every headline on every current page, in page order.
{{ per_document_mart_config(['read']) }}

with documents as (
    {{ documents_to_process(['read']) }}
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
    documents.loaded_at,
    headlines.extractor_version,
    documents.stage_updated_at as updated_at
from documents
inner join {{ ref('stg_raw__headlines') }} as headlines
    on documents.content_sha256 = headlines.content_sha256
