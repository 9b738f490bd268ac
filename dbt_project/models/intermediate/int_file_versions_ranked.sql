-- Versions of each file in load order; the latest one is what the marts show (a tombstone hides the file).
select
    *,
    row_number() over (partition by source_file order by loaded_at) as version_number,
    row_number() over (partition by source_file order by loaded_at desc) = 1 as is_latest
from {{ ref('stg_raw__documents') }}
