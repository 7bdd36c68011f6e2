"""Laureate follow-up analytics on hand-made cases, with a fixed `today`."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from aic_dash.analytics import followup as A

TODAY = date(2024, 5, 15)


def milestones(*rows) -> pd.DataFrame:
    """(laureate_id, due_date, status[, updated_at]) -> a milestones frame like the store's."""
    records = []
    for i, row in enumerate(rows, start=1):
        laureate_id, due, status, *rest = row
        updated = rest[0] if rest else "2024-05-01 10:00"
        records.append(
            {
                "id": i,
                "laureate_id": laureate_id,
                "title": f"Jalon {i}",
                "strand": "partnerships",
                "due_date": pd.Timestamp(due),
                "milestone_status": status,
                "note": None,
                "updated_at": pd.Timestamp(updated, tz="Europe/Paris"),
                "acted_by": "local",
            }
        )
    columns = [
        "id",
        "laureate_id",
        "title",
        "strand",
        "due_date",
        "milestone_status",
        "note",
        "updated_at",
        "acted_by",
    ]
    return pd.DataFrame(records, columns=columns)


def periods(*rows) -> pd.DataFrame:
    """(laureate_id, renewal, start, status) -> periods of 12 months."""
    records = [
        {
            "id": i,
            "laureate_id": laureate_id,
            "renewal": renewal,
            "start_date": pd.Timestamp(start),
            "end_date": pd.Timestamp(start) + pd.DateOffset(months=12),
            "support_status": status,
        }
        for i, (laureate_id, renewal, start, status) in enumerate(rows, start=1)
    ]
    return pd.DataFrame(
        records, columns=["id", "laureate_id", "renewal", "start_date", "end_date", "support_status"]
    )


def laureates(*rows) -> pd.DataFrame:
    """(id, name, season, track)."""
    return pd.DataFrame(
        [
            {
                "id": i,
                "name": name,
                "season": season,
                "round": season,
                "track": track,
                "organisation": None,
                "town": None,
                "dossier_number": None,
            }
            for i, name, season, track in rows
        ]
    )


# --- Lateness -------------------------------------------------------------------------------------------


def test_a_milestone_past_due_and_not_reached_is_late_whatever_its_status():
    frame = milestones(
        (1, "2024-05-14", "a_venir"),  # due yesterday, « à venir »: late
        (1, "2024-05-14", "en_cours"),  # due yesterday, « en cours »: late
        (1, "2024-05-14", "atteint"),  # reached: never late
        (1, "2024-05-15", "en_cours"),  # due today: still on time
        (1, "2024-09-01", "en_retard"),  # marked late by the manager before its due date: late
        (1, "2024-01-01", "abandonne"),  # abandoned: out of the roadmap, never late
    )
    assert A.late_milestones(frame, TODAY).tolist() == [True, True, False, False, True, False]
    assert A.milestone_status(frame, TODAY).tolist() == [
        "en_retard", "en_retard", "atteint", "en_cours", "en_retard", "abandonne",
    ]  # fmt: skip


def test_the_same_milestone_is_on_time_before_its_due_date_and_late_after():
    frame = milestones((1, "2024-06-30", "en_cours"))
    assert not A.late_milestones(frame, date(2024, 6, 30)).iloc[0]
    assert A.late_milestones(frame, date(2024, 7, 1)).iloc[0]


# --- Progress -------------------------------------------------------------------------------------------


def test_roadmap_progress_is_the_share_of_milestones_reached_abandoned_ones_left_out():
    frame = milestones(
        (1, "2024-01-01", "atteint"),
        (1, "2024-03-01", "atteint"),
        (1, "2024-04-01", "en_cours"),  # late
        (1, "2024-09-01", "a_venir"),
        (1, "2024-02-01", "abandonne"),
        (2, "2024-02-01", "abandonne"),  # a roadmap with nothing left: no progress share
    )
    progress = A.roadmap_progress(frame, TODAY)
    assert progress.loc[1, "milestones_total"] == 4
    assert progress.loc[1, "milestones_reached"] == 2
    assert progress.loc[1, "milestones_late"] == 1
    assert progress.loc[1, "progress"] == pytest.approx(0.5)
    assert pd.isna(progress.loc[2, "progress"])


def test_months_elapsed_counts_whole_months_and_stops_at_twelve():
    start = date(2023, 7, 1)
    assert A.months_elapsed(start, date(2023, 6, 30)) == 0
    assert A.months_elapsed(start, date(2023, 7, 31)) == 0
    assert A.months_elapsed(start, date(2023, 8, 1)) == 1
    assert A.months_elapsed(start, date(2024, 5, 15)) == 10
    assert A.months_elapsed(start, date(2026, 1, 1)) == 12


# --- Support periods and renewals -------------------------------------------------------------------


def test_a_renewal_starts_a_new_period_and_the_ended_one_reads_renewed():
    frame = periods((1, 0, "2023-05-01", "accompagnement"), (1, 1, "2024-05-01", "accompagnement"))
    before = A.current_periods(frame, date(2024, 4, 30)).loc[1]
    assert before["renewal"] == 0 and before["support_status"] == "accompagnement" and before["has_next"]
    after = A.current_periods(frame, TODAY).loc[1]
    assert after["renewal"] == 1 and after["months_elapsed"] == 0 and after["in_support"]


def test_a_period_past_its_end_without_renewal_reads_ended():
    frame = periods((1, 0, "2023-01-10", "accompagnement"))
    current = A.current_periods(frame, TODAY).loc[1]
    assert current["support_status"] == "termine"
    assert not current["in_support"]
    assert current["months_elapsed"] == 12


def test_renewals_due_are_those_ending_within_sixty_days_without_a_recorded_renewal():
    people = laureates(
        (1, "Ends in 47 days", "2023", "DINUM"),
        (2, "Ends in 61 days", "2023", "DINUM"),
        (3, "Ends in 47 days, renewed", "2023", "DITP"),
        (4, "Ended yesterday", "2023", "DITP"),
        (5, "Ended early", "2023", "DITP"),
    )
    frame = periods(
        (1, 0, "2023-07-01", "accompagnement"),  # ends 2024-07-01
        (2, 0, "2023-07-15", "accompagnement"),  # ends 2024-07-15
        (3, 0, "2023-07-01", "accompagnement"),
        (3, 1, "2024-07-01", "accompagnement"),
        (4, 0, "2023-05-15", "accompagnement"),  # ended 2024-05-15
        (5, 0, "2023-07-01", "termine"),  # stopped by the team before its end
    )
    folio = A.portfolio(people, frame, milestones(), TODAY)
    assert A.renewals_due(folio)["laureate"].tolist() == ["Ends in 47 days"]
    assert folio.set_index("laureate").loc["Ended yesterday", "support_status"] == "termine"
    assert not folio.set_index("laureate").loc["Ended early", "in_support"]


# --- At risk ----------------------------------------------------------------------------------------------


def test_at_risk_more_than_one_late_milestone_or_no_update_for_sixty_days():
    people = laureates(
        (1, "Two late", "2023", "DINUM"),
        (2, "One late, recent update", "2023", "DINUM"),
        (3, "On time, silent since February", "2023", "DITP"),
        (4, "No milestone yet, started in January", "2023", "DITP"),
        (5, "Two late, support over", "2022", "DITP"),
    )
    frame = periods(
        (1, 0, "2023-09-01", "accompagnement"),
        (2, 0, "2023-09-01", "accompagnement"),
        (3, 0, "2023-09-01", "accompagnement"),
        (4, 0, "2024-01-10", "diagnostic"),
        (5, 0, "2022-04-14", "accompagnement"),
    )
    roadmap = milestones(
        (1, "2024-03-01", "en_cours"),
        (1, "2024-04-01", "a_venir"),
        (2, "2024-03-01", "en_cours"),
        (2, "2024-09-01", "a_venir", "2024-05-10 09:00"),
        (3, "2024-09-01", "en_cours", "2024-02-01 09:00"),
        (5, "2022-09-01", "en_cours", "2022-06-01 09:00"),
        (5, "2022-10-01", "en_cours", "2022-06-01 09:00"),
    )
    folio = A.portfolio(people, frame, roadmap, TODAY).set_index("laureate")
    assert A.at_risk(folio.reset_index())["laureate"].tolist() == [
        "Two late",
        "No milestone yet, started in January",
        "On time, silent since February",
    ]
    assert folio.loc["Two late", "late_risk"] and not folio.loc["Two late", "stale_risk"]
    assert folio.loc["On time, silent since February", "stale_risk"]
    assert not folio.loc["One late, recent update", "at_risk"]
    # A finished support is history: its late milestones count in the cohort, not as a risk.
    assert not folio.loc["Two late, support over", "at_risk"]
    assert folio.loc["Two late, support over", "milestones_late"] == 2


def test_a_measurement_counts_as_an_update():
    people = laureates((1, "Measured in May", "2023", "DINUM"))
    frame = periods((1, 0, "2023-09-01", "accompagnement"))
    roadmap = milestones((1, "2024-09-01", "en_cours", "2024-01-05 09:00"))
    indicators = pd.DataFrame(
        {"id": [7], "laureate_id": [1], "name": ["Écoles"], "initial": [1.0], "target": [2.0]}
    )
    measurements = pd.DataFrame(
        {
            "id": [1],
            "indicator_id": [7],
            "measured_on": [pd.Timestamp("2024-05-01")],
            "value": [1.5],
            "updated_at": [pd.Timestamp("2024-05-02 08:00", tz="Europe/Paris")],
        }
    )
    silent = A.portfolio(people, frame, roadmap, TODAY)
    measured = A.portfolio(people, frame, roadmap, TODAY, measurements, indicators)
    assert silent["stale_risk"].iloc[0]
    assert not measured["stale_risk"].iloc[0]
    assert measured["last_update"].iloc[0] == pd.Timestamp("2024-05-02")


# --- Cohorts ---------------------------------------------------------------------------------------------


def test_cohort_progress_per_season_and_track():
    people = laureates(
        (1, "A", "2023", "DINUM"),
        (2, "B", "2023", "DINUM"),
        (3, "C", "2023", "DITP"),
        (4, "D", "2022", "DINUM"),
    )
    frame = periods(
        (1, 0, "2023-07-01", "accompagnement"),
        (2, 0, "2023-07-01", "accompagnement"),
        (3, 0, "2023-11-01", "accompagnement"),
        (4, 0, "2022-04-14", "accompagnement"),
    )
    roadmap = milestones(
        (1, "2024-01-01", "atteint"),
        (1, "2024-02-01", "en_cours"),
        (1, "2024-03-01", "en_cours"),
        (2, "2024-04-01", "atteint"),
        (3, "2024-09-01", "a_venir"),
        (4, "2022-10-14", "atteint"),
    )
    cohort = A.cohort_progress(A.portfolio(people, frame, roadmap, TODAY)).set_index(["season", "track"])
    dinum = cohort.loc[("2023", "DINUM")]
    assert (dinum["laureates"], dinum["milestones_total"], dinum["milestones_reached"]) == (2, 4, 2)
    assert dinum["milestones_late"] == 2 and dinum["at_risk"] == 1 and dinum["renewals_due"] == 2
    assert dinum["progress"] == pytest.approx(0.5)
    assert cohort.loc[("2023", "DITP"), "progress"] == 0
    assert cohort.loc[("2022", "DINUM"), "in_support"] == 0
    assert list(cohort.index) == [("2022", "DINUM"), ("2023", "DINUM"), ("2023", "DITP")]


def test_empty_follow_up_gives_empty_views():
    folio = A.portfolio(laureates(), periods(), milestones(), TODAY)
    assert folio.empty and list(folio.columns) == A.PORTFOLIO_COLUMNS
    assert A.cohort_progress(folio).empty


def test_indicator_series_starts_with_the_initial_value_at_the_support_start():
    indicator = pd.Series(
        {"id": 7, "name": "Écoles équipées", "unit": "écoles", "initial": 120.0, "target": 300.0}
    )
    measurements = pd.DataFrame(
        {"indicator_id": [7, 7, 8], "measured_on": pd.to_datetime(["2024-01-01", "2023-10-01", "2024-01-01"]),
         "value": [190.0, 150.0, 9.0]}
    )  # fmt: skip
    points = A.indicator_series(indicator, measurements, date(2023, 7, 1))
    assert points["value"].tolist() == [120.0, 150.0, 190.0]
    assert points["kind"].tolist() == ["initial", "measure", "measure"]


# --- On a chosen day -------------------------------------------------------------------------------------


def test_on_a_past_day_a_milestone_counts_as_reached_only_from_the_day_it_was_reached():
    frame = milestones(
        (1, "2024-03-01", "atteint", "2024-04-10 09:00"),  # reached late, on 10/04/2024
        (1, "2024-06-01", "en_retard", "2024-01-05 09:00"),  # marked late before its due date
        (1, "2024-02-01", "abandonne"),
    )
    before = A.milestones_on(frame, date(2024, 3, 15))
    assert before["status_on"].tolist() == ["en_retard", "en_cours", "abandonne"]
    assert before["days_late"].tolist() == [14, 0, 0]
    after = A.milestones_on(frame, date(2024, 6, 2))
    assert after["status_on"].tolist() == ["atteint", "en_retard", "abandonne"]
    assert after["days_late"].tolist() == [0, 1, 0]
    progress = A.roadmap_progress(frame, date(2024, 3, 15)).loc[1]
    assert (progress["milestones_reached"], progress["milestones_late"]) == (0, 1)
    # The store's day it was reached (from the audit trail) wins over the last update.
    audited = frame.assign(reached_on=pd.to_datetime(["2024-03-01", None, None]))
    assert A.milestones_on(audited, date(2024, 3, 15))["reached"].tolist() == [True, False, False]
