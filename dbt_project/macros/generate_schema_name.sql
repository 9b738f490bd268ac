{#- Use the custom schema name as is (staging, intermediate, main) instead of dbt's <target>_<custom>,
    so that the marts are main.<table> as the table contract says. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
