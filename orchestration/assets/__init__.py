"""Dagster assets: thin shells around the ingestion, segmentation and dbt steps."""
