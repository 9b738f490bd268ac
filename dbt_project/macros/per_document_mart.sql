{#- The marts that hold rows per current document (articles, headlines, entity_mentions, timeline) process only
    the documents they do not hold yet. delete+insert by source_file replaces the rows of a file's older version,
    and the post-hook drops the rows of documents that left the documents mart (files deleted from raw/). -#}

{#- on_schema_change: a mart that gained columns in a release passes 'append_new_columns', so that a warehouse
    built before it gets them on its next build; the check costs a build about 0.15 s a mart, so the others keep
    dbt's default. -#}
{% macro per_document_mart_config(on_schema_change='ignore') %}
    {{ config(
        materialized='incremental',
        unique_key='source_file',
        incremental_strategy='delete+insert',
        on_schema_change=on_schema_change,
        post_hook="delete from {{ this }} where document_id not in (select document_id from {{ ref('documents') }})"
    ) }}
{% endmacro %}

{% macro documents_not_yet_processed() %}
    select * from {{ ref('documents') }}
    {% if is_incremental() %}
        where document_id not in (select t.document_id from {{ this }} as t)
    {% endif %}
{% endmacro %}
