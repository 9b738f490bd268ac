"""The raw folder's freshness: a warning when no new page arrived for DATELINE_FRESHNESS_HOURS (scrapers die
silently). It runs with every build, and hourly on the `raw_folder_freshness` schedule (off by default, like
the sensor: switch it on in the UI's *Automation*), so a folder that stopped changing still gets checked."""

from datetime import UTC, datetime

import dagster as dg

from orchestration.assets.raw import raw_documents
from orchestration.resources import WarehouseResource


def freshness_result(newest: datetime | None, now: datetime, max_hours: float) -> dg.AssetCheckResult:
    """Pass when the newest page loaded is at most max_hours old; otherwise a warning that says since when."""
    if newest is None:
        return dg.AssetCheckResult(
            passed=False,
            severity=dg.AssetCheckSeverity.WARN,
            description="no page has been loaded from the raw folder yet",
            metadata={"max_hours": max_hours},
        )
    hours = (now - newest).total_seconds() / 3600
    return dg.AssetCheckResult(
        passed=hours <= max_hours,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"the newest page arrived {hours:.1f} h ago"
            + (
                ""
                if hours <= max_hours
                else f": no new page for more than {max_hours:g} h (is the scraper running?)"
            )
        ),
        metadata={
            "newest_page_loaded_at": dg.MetadataValue.timestamp(newest.replace(tzinfo=UTC)),
            "hours_since": round(hours, 2),
            "max_hours": max_hours,
        },
    )


@dg.asset_check(
    asset=raw_documents,
    name="raw_folder_is_fresh",
    description="Warns when no new page (a new file or a new version of one) has arrived in the raw folder for "
    "DATELINE_FRESHNESS_HOURS (default 24): a scraper that stopped does not say so.",
)
def raw_folder_is_fresh(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        newest = con.execute("select max(loaded_at) from raw.documents where not is_deleted").fetchall()[0][0]
    return freshness_result(newest, datetime.now(UTC).replace(tzinfo=None), warehouse.freshness_hours)


raw_folder_freshness_job = dg.define_asset_job(
    "raw_folder_freshness",
    selection=dg.AssetSelection.checks(raw_folder_is_fresh),
    description="Only the raw folder's freshness check (no build).",
)

raw_folder_freshness_schedule = dg.ScheduleDefinition(
    job=raw_folder_freshness_job,
    cron_schedule="0 * * * *",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Hourly: is the raw folder still receiving pages?",
)
