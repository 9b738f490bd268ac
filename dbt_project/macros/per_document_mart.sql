{#- The marts that hold rows per current document (articles, headlines, entity_mentions, timeline) process only
    the documents whose rows they do not hold yet at the document's current `updated_at` for that mart: new
    documents, and documents whose reading or extraction was redone (a new extractor version, a changed text).
    delete+insert by source_file replaces the rows of a file's older version or older extraction, and the
    post-hook drops rows no current document has at that `updated_at` (files deleted from raw/, a
    re-extraction that found nothing). -#}

{#- When a document's row in a mart was last written: the latest of the document's load and of the per-page
    steps the mart reads (`stages`: read, entities, timexes). -#}
{% macro stage_updated_at(alias, stages) -%}
    greatest({{ alias }}.loaded_at
    {%- for stage in stages -%}
        , {{ alias }}.{{ {'read': 'read_at', 'entities': 'entities_extracted_at', 'timexes': 'timexes_extracted_at'}[stage] }}
    {%- endfor -%})
{%- endmacro %}

{% macro document_updated_at(alias) -%}
    {{ stage_updated_at(alias, ['read', 'entities', 'timexes']) }}
{%- endmacro %}

{#- The post-hook finds the (document, updated_at) pairs the mart holds that no current document has, then
    deletes their rows: three to four times faster than testing every row (a delete with nothing to delete
    then reads only the two key columns). -#}
{% macro per_document_mart_config(stages) %}
    {{ config(
        materialized='incremental',
        unique_key='source_file',
        incremental_strategy='delete+insert',
        post_hook="delete from {{ this }} where (document_id, updated_at) in (select (held.document_id, held.updated_at) from (select distinct document_id, updated_at from {{ this }}) as held anti join {{ ref('documents') }} as documents on documents.document_id = held.document_id and " ~ stage_updated_at('documents', stages) ~ " = held.updated_at)"
    ) }}
{% endmacro %}

{#- The documents this mart does not hold at their current `updated_at` for it (new, or redone). -#}
{% macro pending_documents(stages) -%}
    select documents.document_id
    from {{ ref('documents') }} as documents
    anti join (select distinct document_id, updated_at from {{ this }}) as processed
        on
            documents.document_id = processed.document_id
            and {{ stage_updated_at('documents', stages) }} = processed.updated_at
{%- endmacro %}

{% macro documents_to_process(stages) %}
    select
        documents.*,
        {{ stage_updated_at('documents', stages) }} as stage_updated_at
    from {{ ref('documents') }} as documents
    {% if is_incremental() %}
        -- by id (in_keys): a mart that reads the text then reads it for these documents only
        where {{ in_keys('documents.document_id', pending_documents(stages)) }}
    {% endif %}
{% endmacro %}
