{#- Fails on every row whose [start_column, end_column) is not inside its document's text, or whose
    text column is not exactly that slice (offsets are code points, substring() counts from 1). -#}
{% test matches_document_text(model, column_name, start_column='start_char', end_column='end_char') %}

    with model_rows as (
        select * from {{ model }}
    ),

    documents as (
        -- the texts of the documents under test only (in_keys: a join would read every document's text)
        select
            document_id,
            text
        from {{ ref('documents') }}
        where {{ in_keys('document_id', 'select document_id from ' ~ model) }}
    )

    select model_rows.*
    from model_rows
    left join documents
        on model_rows.document_id = documents.document_id
    where
        documents.document_id is null
        or model_rows.{{ start_column }} < 0
        or model_rows.{{ end_column }} <= model_rows.{{ start_column }}
        or model_rows.{{ end_column }} > length(documents.text)
        or substring(
            documents.text,
            model_rows.{{ start_column }} + 1,
            model_rows.{{ end_column }} - model_rows.{{ start_column }}
        ) != model_rows.{{ column_name }}

{% endtest %}
