"""When an asset follows its inputs on its own (declarative automation), and when it does not.

Every asset after raw_documents follows an update of what it reads (the UI materialising the raw tables
alone, a subset run), like `AutomationCondition.eager()`, except updates made by the build job: a build
already ran each step and model that its changes reach, and left the others alone on purpose (a build with
one new page re-creates no staging view and no mart it cannot change; orchestration/dbt_changes.py). Plain
eager took those left alone for outdated and launched a second run after every build: a few seconds of
process start-up for nothing, on the same two cores as the next build.
"""

from __future__ import annotations

import dagster as dg

BUILD_RUN_TAG = "dateline/build"  # on every run of the build job (orchestration/definitions.py)


def follows_updates_outside_builds() -> dg.AutomationCondition:
    updated_outside_a_build = dg.AutomationCondition.any_deps_match(
        dg.AutomationCondition.newly_updated()
        & ~dg.AutomationCondition.executed_with_tags(tag_keys={BUILD_RUN_TAG})
    )
    return (
        dg.AutomationCondition.in_latest_time_window()
        & (dg.AutomationCondition.newly_missing() | updated_outside_a_build).since_last_handled()
        & ~dg.AutomationCondition.any_deps_missing()
        & ~dg.AutomationCondition.any_deps_in_progress()
        & ~dg.AutomationCondition.in_progress()
    ).with_label("eager, except after a build")
