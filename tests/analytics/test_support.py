"""The support model (analytics/support.py) on hand-made laureates and periods, at chosen days."""

from __future__ import annotations

from datetime import date

import pandas as pd

from aic_dash.analytics import support as S


def laureates(*rows) -> pd.DataFrame:
    """(id, selected_on or None)."""
    return pd.DataFrame(
        {
            "id": [r[0] for r in rows],
            "selected_on": pd.to_datetime([r[1] for r in rows]).astype("datetime64[us]"),
        }
    )


def periods(*rows) -> pd.DataFrame:
    """(laureate_id, renewal, start, status[, end])."""
    records = []
    for laureate_id, renewal, start, status, *end in rows:
        stop = pd.Timestamp(end[0]) if end else pd.Timestamp(start) + pd.DateOffset(months=12)
        records.append((laureate_id, renewal, pd.Timestamp(start), stop, status))
    return pd.DataFrame(
        records, columns=["laureate_id", "renewal", "start_date", "end_date", "support_status"]
    )


PEOPLE = laureates(
    (1, "2023-06-12"),  # selected in June, recorded support from 1 July, renewed in 2024
    (2, "2023-06-12"),  # same, never renewed
    (3, "2023-10-16"),  # no period recorded: 12 months from the decision
    (4, None),  # a laureate of the public record: selected when its support starts
    (5, None),  # nothing known at all
)
PERIODS = periods(
    (1, 0, "2023-07-01", "accompagnement"),
    (1, 1, "2024-07-01", "accompagnement"),
    (2, 0, "2023-07-01", "accompagnement"),
    (4, 0, "2022-04-14", "accompagnement"),
)


def test_only_the_laureates_selected_by_the_day_are_listed():
    assert list(S.support_on(PEOPLE, PERIODS, date(2022, 1, 1)).index) == [5]
    assert list(S.support_on(PEOPLE, PERIODS, date(2023, 6, 11)).index) == [4, 5]
    assert list(S.support_on(PEOPLE, PERIODS, date(2023, 6, 12)).index) == [1, 2, 4, 5]
    assert list(S.support_on(PEOPLE, PERIODS, date(2023, 10, 16)).index) == [1, 2, 3, 4, 5]


def test_recorded_periods_come_first_and_the_decision_only_without_them():
    state = S.support_on(PEOPLE, PERIODS, date(2023, 11, 15))
    assert state.loc[1, "support_start"] == pd.Timestamp("2023-07-01")  # not the decision, 12/06
    assert bool(state.loc[1, "recorded"]) and not bool(state.loc[3, "recorded"])
    assert state.loc[3, "support_start"] == pd.Timestamp("2023-10-16")
    assert state.loc[3, "support_end"] == pd.Timestamp("2024-10-16")
    assert state.loc[1, "support_month"] == 5 and state.loc[1, "months_elapsed"] == 4
    unknown = state.loc[5]
    assert pd.isna(unknown["support_start"]) and not unknown["in_support"]


def test_before_its_start_a_selected_laureates_support_is_to_come():
    state = S.support_on(PEOPLE, PERIODS, date(2023, 6, 20)).loc[1]
    assert (state["support_status"], state["support_month"], bool(state["in_support"])) == (
        "a_venir",
        0,
        False,
    )


def test_a_renewed_laureate_shows_its_current_period_and_an_unrenewed_one_has_ended():
    state = S.support_on(PEOPLE, PERIODS, date(2024, 8, 15))
    renewed, ended = state.loc[1], state.loc[2]
    assert (renewed["renewal"], renewed["support_start"], renewed["support_month"]) == (
        1, pd.Timestamp("2024-07-01"), 2,
    )  # fmt: skip
    assert renewed["support_status"] == "accompagnement" and renewed["in_support"]
    assert (ended["support_status"], ended["support_month"], bool(ended["in_support"])) == (
        "termine",
        12,
        False,
    )
    assert not ended["renewal_due"]  # ended: nothing left to decide


def test_renewal_is_due_within_sixty_days_of_the_end_unless_a_renewal_is_recorded():
    state = S.support_on(PEOPLE, PERIODS, date(2024, 5, 15))  # both first periods end on 01/07/2024
    assert not state.loc[1, "renewal_due"] and state.loc[1, "has_next"]
    assert state.loc[2, "renewal_due"]
    assert not S.support_on(PEOPLE, PERIODS, date(2024, 4, 15)).loc[2, "renewal_due"]  # 77 days left


def test_a_support_stopped_early_or_ended_reads_ended_and_period_statuses_follow_the_day():
    stopped = periods((1, 0, "2023-07-01", "termine"))
    assert (
        S.support_on(laureates((1, "2023-06-12")), stopped, date(2023, 9, 1)).loc[1, "support_status"]
        == "termine"
    )
    day = date(2024, 8, 15)
    assert S.period_statuses(PERIODS, day).tolist() == ["renouvele", "accompagnement", "termine", "termine"]
    assert S.period_statuses(PERIODS, date(2023, 6, 20)).tolist() == [
        "a_venir",
        "a_venir",
        "a_venir",
        "termine",
    ]


def test_month_rules():
    start = date(2023, 6, 12)
    assert [S.support_month(start, d) for d in (date(2023, 6, 11), start, date(2023, 7, 12))] == [0, 1, 2]
    assert (
        S.months_completed(start, date(2024, 6, 11)) == 11 and S.support_month(start, date(2030, 1, 1)) == 12
    )
    assert S.period_end(date(2024, 2, 29)) == date(2025, 2, 28)
