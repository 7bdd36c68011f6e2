"""Pipeline analytics on tiny hand-written dossier frames."""

from __future__ import annotations

import pandas as pd
import pytest

from aic_dash.analytics import kpis, pipeline
from aic_dash.store.queries import Filters
from tests.samples import PARIS, SAMPLE


def test_funnel_levels_nest_each_step_in_the_previous():
    assert kpis.funnel_level(SAMPLE).tolist() == [0, 2, 3, 4, 1, 2, 4]
    k = kpis.kpis(SAMPLE)
    assert (k.applications, k.reviewed, k.eligible, k.shortlisted, k.laureates) == (7, 6, 5, 3, 2)
    assert k.selection_rate == pytest.approx(2 / 5)


def test_selection_rate_without_eligible_is_none():
    assert kpis.kpis(SAMPLE.iloc[:1]).selection_rate is None


def test_changes_since_the_previous_import():
    created = SAMPLE["number"] == 1
    moved = pd.DataFrame(
        {"number": [3, 4], "change": "modifie", "previous_stage": ["en_instruction", "liste_restreinte"]}
    )
    _, change = kpis.kpis_with_changes(SAMPLE, created, moved, earlier_import=True)
    # 1 is new; 3 was only "en instruction" (eligible) before; 4 was shortlisted, not yet laureate.
    assert change["applications"] == 1
    assert change["shortlisted"] == 1
    assert change["laureates"] == 1
    assert change["eligible"] == 0
    assert change["selection_rate"] == pytest.approx(2 / 5 - 1 / 5)


def test_a_modified_dossier_keeps_what_its_previous_stage_allows():
    moved = pd.DataFrame({"number": [2], "change": "modifie", "previous_stage": ["depose"]})
    levels = kpis.previous_levels(SAMPLE, SAMPLE["number"] == 0, moved)
    # Dossier 2 (eligible, en instruction) could already be eligible while "Déposé": level 2 kept.
    assert levels.tolist() == kpis.funnel_level(SAMPLE).tolist()


def test_no_change_before_a_second_import():
    everything = pd.Series(True, index=SAMPLE.index)
    _, change = kpis.kpis_with_changes(SAMPLE, everything, SAMPLE.iloc[:0], earlier_import=False)
    assert change is None


def test_funnel_by_track_keeps_every_track():
    funnel = kpis.funnel_by_track(SAMPLE[SAMPLE.track == "DINUM"], ["DINUM", "DITP"])
    dinum = funnel[funnel.track == "DINUM"].set_index("step")["applications"]
    assert dinum.to_dict() == {
        "applications": 4,
        "reviewed": 3,
        "eligible": 3,
        "shortlisted": 1,
        "laureates": 1,
    }
    assert (funnel[funnel.track == "DITP"]["applications"] == 0).all()


def test_filters_in_memory_match_the_sql_filters():
    assert pipeline.apply_filters(SAMPLE, Filters(season="2022"))["number"].tolist() == [6, 7]
    assert pipeline.apply_filters(SAMPLE, Filters(track="DITP"))["number"].tolist() == [3, 5]
    assert len(pipeline.apply_filters(SAMPLE, Filters())) == 7


def test_stage_track_table_has_every_stage_tracks_and_totals():
    table = pipeline.stage_track_table(SAMPLE, ["DINUM", "DITP"])
    assert table.index.tolist() == [
        "depose", "en_instruction", "non_eligible", "liste_restreinte", "laureat", "non_retenu",
        "sans_suite", "total",
    ]  # fmt: skip
    assert table.columns.tolist() == ["DINUM", "DITP", "sans_volet", "total"]
    assert table.loc["laureat"].tolist() == [1, 0, 1, 2]
    assert table.loc["total", "total"] == 7
    assert pipeline.stage_track_table(SAMPLE.iloc[:0], ["DINUM"]).loc["total", "total"] == 0


def test_capacity_use_against_the_cap():
    caps = {("2023", "DINUM"): 5}
    use = pipeline.capacity_use(SAMPLE, ["2023"], ["DINUM", "DITP"], lambda s, t: caps.get((s, t)))
    assert use["laureates"].tolist() == [1, 0]
    assert use["capacity"].tolist()[0] == 5 and pd.isna(use["capacity"].iloc[1])
    assert use["share"].iloc[0] == pytest.approx(0.2)


def test_longest_waiting_lists_undecided_dossiers_oldest_first():
    now = pd.Timestamp("2023-03-11 10:00", tz=PARIS)
    waiting = pipeline.longest_waiting(SAMPLE, now, limit=2)
    assert waiting["number"].tolist() == [1, 2]
    assert waiting["waiting_days"].tolist() == [10.0, 10.0]
