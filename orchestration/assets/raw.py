"""Python assets: raw files -> raw tables, then segmentation, entities and timexes of what is new."""

from pathlib import Path

import dagster as dg
from pydantic import Field

from orchestration.assets.automation import follows_updates_outside_builds
from orchestration.extraction import entities_step, timexes_step
from orchestration.extractor_versions import ENTITIES_VERSION, READER_VERSION, TIMEXES_VERSION
from orchestration.ingestion import ingest_raw_folder
from orchestration.page_reading import reading_step
from orchestration.resources import WarehouseResource
from orchestration.steps import PerDocumentStep, mark_all_stale, run_pending


class IngestionConfig(dg.Config):
    rehash_all: bool = Field(
        default=False,
        description="Read and hash every file, not only those whose size or modification time changed: for "
        "edits that kept both (a copy with `cp -p`, `touch -r`, some sync tools). `make build REHASH=1`.",
    )


class ExtractionConfig(dg.Config):
    reextract_all: bool = Field(
        default=False,
        description="Re-extract every page with this step, not only the pages an older version of it "
        "extracted: the raw files are not read again. Resumable: a run killed halfway leaves the rest marked, "
        "and the next build finishes them. `make build REEXTRACT=<asset name>`.",
    )


def _run_step(
    context: dg.AssetExecutionContext,
    config: ExtractionConfig,
    warehouse: WarehouseResource,
    step: PerDocumentStep,
) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        if config.reextract_all:
            marked = mark_all_stale(con, step.done_table)
            context.log.info(f"{step.name}: {marked} pages marked for re-extraction")
        written = run_pending(con, step, warehouse.page_cluster(), context.log.info)
    return dg.MaterializeResult(
        metadata={"extractor_version": step.version, **{f"{name}_written": n for name, n in written.items()}}
    )


@dg.asset(
    group_name="ingestion",
    kinds={"python", "duckdb"},
    description="Every file under the raw folder, one row per version in raw.documents; "
    "undecodable files with their reason in raw.rejected_files.",
)
def raw_documents(
    context: dg.AssetExecutionContext, config: IngestionConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        report = ingest_raw_folder(
            con,
            Path(warehouse.raw_dir),
            context.run.run_id,
            log=context.log.info,
            max_file_bytes=warehouse.max_file_bytes,
            rehash_all=config.rehash_all,
        )
    for source_file, reason in report.rejected:
        context.log.warning(f"rejected {source_file}: {reason}")
    for folder, reason in report.unlisted:
        context.log.warning(f"could not list {folder}/ ({reason}): its pages keep their last loaded version")
    context.log.info(
        f"ingestion: {report.files_seen} files, {report.new_versions} new versions, "
        f"{report.unchanged} unchanged, {len(report.rejected)} rejected, {len(report.deleted)} deleted"
    )
    return dg.MaterializeResult(
        metadata={
            "raw_dir": dg.MetadataValue.path(warehouse.raw_dir),
            "files_seen": report.files_seen,
            "files_read": report.files_read,
            "new_versions": report.new_versions,
            "unchanged": report.unchanged,
            "rejected": len(report.rejected),
            "deleted": len(report.deleted),
            "unlisted_folders": len(report.unlisted),
            "rejected_files": dg.MetadataValue.md(
                "\n".join(f"- `{name}`: {reason}" for name, reason in report.rejected) or "none"
            ),
        }
    )


@dg.asset(
    deps=[raw_documents],
    code_version=READER_VERSION,
    automation_condition=follows_updates_outside_builds(),
    group_name="ingestion",
    kinds={"python", "duckdb"},
    description="Every page not read yet at this reader version, read into its structure "
    "(orchestration.text.page_reader): HTML through trafilatura and its metadata (its visible text kept for the other steps), text through the line "
    "segmenter; page date, kind and reason, headlines, the article (title, dek, authors, published/updated "
    "time and zone, body, captions) and boilerplate, in raw.page_segments, raw.segmented_headlines and "
    "raw.segmented_articles.",
)
def page_segments(
    context: dg.AssetExecutionContext, config: ExtractionConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    return _run_step(context, config, warehouse, reading_step())


@dg.asset(
    deps=[page_segments],
    code_version=ENTITIES_VERSION,
    automation_condition=follows_updates_outside_builds(),
    group_name="extraction",
    kinds={"python", "spacy", "duckdb"},
    description="Entity mentions (PERSON, ORG, GPE, LOC, FAC, NORP, EVENT) with offsets into each page's text "
    "(an HTML page's visible text) and canonical keys, for every read page not processed yet at this "
    "extractor version, in raw.entity_mentions.",
)
def extracted_entity_mentions(
    context: dg.AssetExecutionContext, config: ExtractionConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    return _run_step(context, config, warehouse, entities_step())


@dg.asset(
    deps=[page_segments],
    code_version=TIMEXES_VERSION,
    automation_condition=follows_updates_outside_builds(),
    group_name="extraction",
    kinds={"python", "duckdb"},
    description="Temporal expressions normalised to TIMEX3 and anchored on each page's published or page date, "
    "for every page not processed yet at this extractor version, in raw.timexes.",
)
def extracted_timexes(
    context: dg.AssetExecutionContext, config: ExtractionConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    return _run_step(context, config, warehouse, timexes_step())
