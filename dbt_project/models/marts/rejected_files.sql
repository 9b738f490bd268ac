-- Files in the raw folder that are not loaded now, and why.
select
    source_file,
    reason,
    content_sha256,
    size_bytes,
    event_at as seen_at
from {{ ref('int_file_events_ranked') }}
where recency_rank = 1 and event_kind = 'rejected'
