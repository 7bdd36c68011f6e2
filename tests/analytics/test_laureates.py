"""Laureate cards: season, support month, renewal date, town and organisation."""

from __future__ import annotations

from datetime import date

import pandas as pd

from aic_dash.analytics import laureates
from tests.samples import SAMPLE


def test_support_month_counts_whole_months_from_the_decision():
    start = date(2023, 6, 12)
    assert laureates.support_month(start, date(2023, 6, 1)) == 0
    assert laureates.support_month(start, date(2023, 6, 12)) == 1
    assert laureates.support_month(start, date(2023, 7, 11)) == 1
    assert laureates.support_month(start, date(2023, 7, 12)) == 2
    assert laureates.support_month(start, date(2024, 5, 30)) == 12
    assert laureates.support_month(start, date(2026, 1, 1)) == 12


def test_renewal_is_twelve_months_after_the_start():
    assert laureates.renewal_date(date(2023, 6, 12)) == date(2024, 6, 12)
    assert laureates.renewal_date(date(2024, 2, 29)) == date(2025, 2, 28)


def test_season_defaults_to_the_latest_with_laureates():
    assert laureates.laureate_season(SAMPLE, None) == "2023"
    assert laureates.laureate_season(SAMPLE, "2022") == "2022"
    assert laureates.laureate_season(SAMPLE.iloc[:3], None) is None


def test_cards_take_town_and_organisation_from_the_export_then_from_the_published_list():
    towns = pd.Series({4: "Cambrai"})
    known = {"projet 4": ("Association Projet", "Lille"), "projet 7": ("Asso 7", "Paris")}
    cards = laureates.laureate_cards(SAMPLE, "2023", date(2023, 7, 1), towns, None, known)
    card = cards.iloc[0]
    assert (card.number, card.town, card.organisation) == (4, "Cambrai", "Association Projet")
    # No support period recorded: the support runs 12 months from the decision (« Traité le »).
    assert (card.start, card.end, card.support_month) == (date(2023, 6, 12), date(2024, 6, 12), 1)
    assert card.in_support and card.support_status == "diagnostic" and not card.renewal_due
    later = laureates.laureate_cards(SAMPLE, "2023", date(2024, 7, 1))
    # Twelve months over and no renewal recorded: ended, not « renouvellement à décider ».
    assert later.iloc[0].support_status == "termine" and not later.iloc[0].renewal_due
    assert later.iloc[0].support_month == 12 and later.iloc[0].town is None
    assert laureates.laureate_cards(SAMPLE, "2021", date(2024, 1, 1)).empty
    # Before its decision, the laureate was not selected: no card.
    assert laureates.laureate_cards(SAMPLE, "2023", date(2023, 6, 11)).empty


def test_cards_read_the_recorded_support_periods_first():
    followup = pd.DataFrame(
        {"id": [1], "name": ["Projet 4"], "season": ["2023"], "track": ["DINUM"], "organisation": [None],
         "town": ["Lille"], "dossier_number": [4], "selected_on": [pd.Timestamp("2023-06-12")]}
    )  # fmt: skip
    periods = pd.DataFrame(
        {"laureate_id": [1, 1], "renewal": [0, 1],
         "start_date": pd.to_datetime(["2023-07-01", "2024-07-01"]),
         "end_date": pd.to_datetime(["2024-07-01", "2025-07-01"]),
         "support_status": ["accompagnement", "accompagnement"]}
    )  # fmt: skip

    def card(day):
        frame = laureates.laureate_cards(SAMPLE, "2023", day, laureates=followup, periods=periods)
        return frame.iloc[0]

    selected = card(date(2023, 6, 20))  # selected, support not started yet
    assert (selected.support_status, selected.support_month, selected.start) == (
        "a_venir",
        0,
        date(2023, 7, 1),
    )
    running = card(date(2024, 5, 15))
    # Ends within 60 days, but the renewal is already recorded: nothing to decide.
    assert (running.start, running.support_month, running.renewal_due) == (date(2023, 7, 1), 11, False)
    renewed = card(date(2024, 8, 15))  # the renewal is the period that matters now
    assert (renewed.start, renewed.end, renewed.renewal) == (date(2024, 7, 1), date(2025, 7, 1), 1)
    assert (renewed.support_month, renewed.support_status, renewed.town) == (2, "accompagnement", "Lille")
    over = card(date(2025, 9, 1))
    assert (over.support_status, over.in_support, over.support_month) == ("termine", False, 12)
