"""Laureate cards: season, support month, renewal date, town and organisation."""

from __future__ import annotations

from datetime import date

import pandas as pd
from test_analytics_pipeline import SAMPLE

from aic_dash.analytics import laureates


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
    assert (card.support_month, card.renewal, card.status) == (1, date(2024, 6, 12), "en_cours")
    later = laureates.laureate_cards(SAMPLE, "2023", date(2024, 7, 1))
    assert later.iloc[0].status == "a_renouveler" and later.iloc[0].town is None
    assert laureates.laureate_cards(SAMPLE, "2021", date(2024, 1, 1)).empty
