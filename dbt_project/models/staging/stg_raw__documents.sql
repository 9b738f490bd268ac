-- Every version of every file, with the ids the marts use.
select
    source_file,
    content_sha256,
    size_bytes,
    modified_ns,
    encoding,
    text,
    content_type,
    is_deleted,
    loaded_at,
    run_id,
    -- A document is one version of one file: the same bytes under two names are two documents.
    case
        when not is_deleted then left(md5(source_file || '|' || content_sha256), 16)
    end as document_id
from {{ source('raw', 'documents') }}
