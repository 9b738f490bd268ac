-- One row per canonical entity, aggregated over all its mentions.
-- Incremental: a build aggregates again only the entities whose mentions can have changed, so that adding a
-- page costs the same in a large warehouse as in a small one:
-- - those mentioned in a document written since the last dbt build (raw.dbt_build_state, as the marts' tests
--   read it: a document's updated_at is the latest of its steps, so every document the marts took in since
--   then is one of these);
-- - those whose number of mentions changed (mentions of deleted or re-extracted documents went away).
-- An entity left with no mention is written with a mention_count of 0, which the post-hook deletes (the
-- entities table is small; the mentions are not).
-- depends_on: {{ ref('documents') }}
{{
    config(
        materialized='incremental',
        unique_key='entity_id',
        incremental_strategy='delete+insert',
        post_hook="delete from {{ this }} where mention_count = 0"
    )
}}

with
{% if is_incremental() %}
    changed_documents as (
        select document_id
        from {{ ref('documents') }}
        where updated_at > (select coalesce(max(watermark), '-infinity'::timestamp) from raw.dbt_build_state)
    ),

    mention_counts as (
        select
            entity_id,
            count(*) as mention_count
        from {{ ref('entity_mentions') }}
        group by entity_id
    ),

    affected as (
        select mentions.entity_id
        from {{ ref('entity_mentions') }} as mentions
        semi join changed_documents on mentions.document_id = changed_documents.document_id
        union
        select coalesce(counted.entity_id, previous.entity_id) as entity_id
        from mention_counts as counted
        full outer join {{ this }} as previous on counted.entity_id = previous.entity_id
        where counted.mention_count is distinct from previous.mention_count
    ),
{% endif %}

mentions as (
    select * from {{ ref('entity_mentions') }}
    {% if is_incremental() %}
        where entity_id in (select affected.entity_id from affected)
    {% endif %}
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
    union all by name
    -- affected entities with no mention left: for the post-hook to delete
    select
        affected.entity_id,
        0 as mention_count,
        0 as document_count
    from affected
    anti join mentions on affected.entity_id = mentions.entity_id
{% endif %}
