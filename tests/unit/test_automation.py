"""The automation condition of every asset after raw_documents: it follows updates made outside a build
(the UI materialising the raw tables alone), not those of the build job, which ran what its changes reach."""

from __future__ import annotations

import dagster as dg
import pytest

from orchestration.assets.automation import BUILD_RUN_TAG, follows_updates_outside_builds

# Dagster's condition tester selects with a beta parameter of its own
pytestmark = pytest.mark.filterwarnings("ignore::dagster.BetaWarning")


@dg.asset
def upstream() -> None:
    return None


@dg.asset(deps=[upstream], automation_condition=follows_updates_outside_builds())
def downstream() -> None:
    return None


def _requested(defs: dg.Definitions, instance: dg.DagsterInstance, cursor) -> tuple[set[str], object]:
    result = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=cursor)
    keys = {"upstream", "downstream"}
    return {key for key in keys if result.get_num_requested(dg.AssetKey(key))}, result.cursor


def test_follows_an_update_outside_a_build_but_not_one_by_the_build() -> None:
    defs = dg.Definitions(assets=[upstream, downstream])
    with dg.instance_for_test() as instance:
        both = dg.materialize([upstream, downstream], instance=instance)
        assert both.success
        requested, cursor = _requested(defs, instance, None)
        assert requested == set()  # first evaluation, nothing missing

        # The build job: it materialises upstream and leaves downstream alone (nothing it reads changed).
        assert dg.materialize([upstream], instance=instance, tags={BUILD_RUN_TAG: "true"}).success
        requested, cursor = _requested(defs, instance, cursor)
        assert requested == set()

        # The UI materialising the raw tables alone: what reads them follows.
        assert dg.materialize([upstream], instance=instance).success
        requested, cursor = _requested(defs, instance, cursor)
        assert requested == {"downstream"}
