"""Pure text logic: page segmentation, entity and temporal extraction (no Dagster, no DuckDB)."""
