-- Loads and rejections of each file on one time line, latest first, so a later good version clears a rejection.
with events as (
    select
        source_file,
        loaded_at as event_at,
        'loaded' as event_kind,
        null as reason,
        content_sha256,
        size_bytes
    from {{ ref('stg_raw__documents') }}
    union all
    select
        source_file,
        seen_at as event_at,
        'rejected' as event_kind,
        reason,
        content_sha256,
        size_bytes
    from {{ ref('stg_raw__rejected_files') }}
)

select
    *,
    row_number() over (
        partition by source_file order by event_at desc, event_kind desc
    ) as recency_rank
from events
