{#- `<column> in (...)` for the keys `keys_sql` returns: written out as literals when there are at most `limit`
    of them (looked up with run_query when the node runs), else the query itself.
    Why: a build that adds a page takes in a handful of documents, and DuckDB reads a large column (a page's
    text) only for the rows a literal list selects; joined to a query instead, it reads that column for every
    row of the table (about a second per 100,000 pages) before the join drops them. A long list costs more
    than the join, so a build that takes in many documents (the first one, a re-extraction) keeps the join. -#}
{% macro in_keys(column, keys_sql, limit=1000) -%}
    {%- set keys = none -%}
    {%- if execute -%}
        {%- set found = run_query(
            "select distinct listed_key from (" ~ keys_sql ~ ") as listed (listed_key) where listed_key is not null limit " ~ (limit + 1)
        ) -%}
        {%- if found.rows | length <= limit -%}
            {%- set keys = found.columns[0].values() -%}
        {%- endif -%}
    {%- endif -%}
    {%- if keys is none -%}
        {{ column }} in ({{ keys_sql }})
    {%- elif keys | length == 0 -%}
        false
    {%- else -%}
        {{ column }} in (
        {%- for key in keys -%}
            '{{ key | replace("'", "''") }}'{{ ", " if not loop.last }}
        {%- endfor -%}
        )
    {%- endif -%}
{%- endmacro %}
