-- One row per canonical entity, aggregated over all its mentions.
-- Aggregating is cheap in DuckDB; only entities whose row changed are written (`except` below), and
-- entities left with no mention (their documents deleted) are removed by the post-hook.
{{
    config(
        materialized='incremental',
        unique_key='entity_id',
        incremental_strategy='delete+insert',
        post_hook="delete from {{ this }} where entity_id not in (select entity_id from {{ ref('entity_mentions') }})"
    )
}}

with mentions as (
    select * from {{ ref('entity_mentions') }}
),

name_uses as (
    select
        entity_id,
        name_in_document,
        count(*) as uses
    from mentions
    group by entity_id, name_in_document
),

best_names as (
    -- The name most mentions resolve to; among equals the longest (the full form), then the first in
    -- sort order, so that a rebuild picks the same name.
    select
        entity_id,
        first(name_in_document order by uses desc, length(name_in_document) desc, name_in_document) as name
    from name_uses
    group by entity_id
),

aggregated as (
    select
        mentions.entity_id,
        best_names.name,
        any_value(mentions.label) as label,
        list(distinct mentions.text order by mentions.text) as aliases,
        count(*) as mention_count,
        count(distinct mentions.document_id) as document_count,
        min(mentions.document_date) as first_seen,
        max(mentions.document_date) as last_seen,
        -- the latest change among its mentions (this build's rows are the ones its tests check)
        max(mentions.updated_at) as updated_at
    from mentions
    inner join best_names on mentions.entity_id = best_names.entity_id
    group by mentions.entity_id, best_names.name
)

select * from aggregated
{% if is_incremental() %}
    except
    select * from {{ this }}
{% endif %}
