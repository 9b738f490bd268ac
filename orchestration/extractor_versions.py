"""The version of every per-document extractor: bump one when a change to its code can change its output.

Each version is both the Dagster `code_version` of the step's asset (the UI then shows the asset, and what
depends on it, as stale) and the `extractor_version` column of the rows the step writes. A build
re-extracts exactly the pages whose rows carry another version (or none: rows written before versions
existed), batch by batch, so a killed build keeps the batches it finished (orchestration/steps.py).

- page reader: orchestration/text/page_reader.py and what it calls (html_reader, segmentation, bylines,
  dates, timestamps): raw.page_segments, raw.segmented_headlines, raw.segmented_articles.
- entities: orchestration/text/entities/ (the spaCy model included): raw.entity_mentions,
  raw.entity_documents.
- timexes: orchestration/text/timex/: raw.timexes, raw.timex_documents.

The entity and timex steps work on the text the reader gives them: they also re-run on a page whose text
changed when it was read again (its `text_sha256`), whatever their own version.
"""

READER_VERSION = "1"
ENTITIES_VERSION = "1"
TIMEXES_VERSION = "1"

# what a cluster's workers must run too (orchestration/parallel.py checks them before the first page)
EXTRACTOR_VERSIONS = {"reader": READER_VERSION, "entities": ENTITIES_VERSION, "timexes": TIMEXES_VERSION}
