{#- The marts that hold rows per current document (articles, headlines, entity_mentions, timeline) process only
    the documents they do not hold yet. delete+insert by source_file replaces the rows of a file's older version,
    and the post-hook drops the rows of documents that left the documents mart (files deleted from raw/). -#}

{% macro per_document_mart_config() %}
    {{ config(
        materialized='incremental',
        unique_key='source_file',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="delete from {{ this }} where document_id not in (select document_id from {{ ref('documents') }})"
    ) }}
{% endmacro %}

{% macro documents_not_yet_processed() %}
    select * from {{ ref('documents') }}
    {% if is_incremental() %}
        where document_id not in (select t.document_id from {{ this }} as t)
    {% endif %}
{% endmacro %}
