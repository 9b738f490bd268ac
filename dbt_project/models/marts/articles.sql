-- One row per article found on a current document.
{{ per_document_mart_config(['read']) }}

with documents as (
    {{ documents_to_process(['read']) }}
)

select
    documents.document_id || ':a' || (articles.article_index + 1) as article_id,
    documents.document_id,
    documents.source_file,
    articles.title,
    articles.subtitle,
    articles.section,
    documents.page_date,
    articles.published_date,
    articles.published_date_source,
    articles.published_time,
    articles.published_timezone,
    articles.published_at_utc,
    articles.updated_date,
    articles.updated_at_utc,
    articles.authors,
    array_to_string(articles.paragraphs, chr(10) || chr(10)) as body,
    len(articles.paragraphs) as paragraph_count,
    articles.paragraphs,
    articles.photo_captions,
    articles.photo_credits,
    articles.byline,
    articles.dateline_place,
    documents.site_name,
    documents.categories,
    documents.loaded_at,
    articles.extractor_version,
    documents.stage_updated_at as updated_at
from documents
inner join {{ ref('stg_raw__articles') }} as articles
    on documents.content_sha256 = articles.content_sha256
