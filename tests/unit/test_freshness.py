"""The raw folder's freshness check: a warning, with since when, once no page arrived for too long."""

from datetime import datetime, timedelta

import dagster as dg

from orchestration.assets.checks import freshness_result

NOW = datetime(2026, 12, 1, 12, 0)


def test_a_recent_page_passes() -> None:
    result = freshness_result(NOW - timedelta(hours=3), NOW, max_hours=24)
    assert result.passed and result.severity == dg.AssetCheckSeverity.WARN
    assert result.description == "the newest page arrived 3.0 h ago"


def test_no_new_page_for_too_long_warns_and_says_since_when() -> None:
    result = freshness_result(NOW - timedelta(hours=30), NOW, max_hours=24)
    assert not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    assert "no new page for more than 24 h" in result.description
    assert result.metadata["hours_since"].value == 30.0


def test_an_empty_warehouse_warns() -> None:
    result = freshness_result(None, NOW, max_hours=24)
    assert not result.passed and "no page has been loaded" in result.description
