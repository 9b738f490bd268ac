-- One row per article found on a current document.
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
    documents.document_id || ':a' || (articles.article_index + 1) as article_id,
    documents.document_id,
    documents.source_file,
    articles.title,
    articles.section,
    documents.page_date,
    articles.published_date,
    array_to_string(articles.paragraphs, chr(10) || chr(10)) as body,
    len(articles.paragraphs) as paragraph_count,
    articles.paragraphs,
    articles.photo_captions,
    articles.photo_credits,
    articles.byline,
    articles.dateline_place,
    documents.loaded_at
from documents
inner join {{ ref('stg_raw__articles') }} as articles
    on documents.content_sha256 = articles.content_sha256
