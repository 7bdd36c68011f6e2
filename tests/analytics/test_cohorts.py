"""Cohorts: free-text budgets and team sizes, multiple-choice answers, rates per round and track."""

from __future__ import annotations

import pandas as pd
import pytest

from aic_dash.analytics import cohorts
from tests.samples import SAMPLE


@pytest.mark.parametrize(
    ("text", "euros"),
    [
        ("45 000 €", 45_000),
        ("45\u00a0000 euros", 45_000),
        ("45\u202f000€", 45_000),
        ("112000€", 112_000),
        ("environ 120k€", 120_000),
        ("120 K€", 120_000),
        ("1,2 M€", 1_200_000),
        ("1.5 million d'euros", 1_500_000),
        ("1.500.000", 1_500_000),
        ("12 500,50 €", 12_500.5),
        ("0", 0),
        ("Aucun budget (bénévolat)", 0),
        ("", None),
        ("NC", None),
        (None, None),
    ],
)
def test_parse_amount(text, euros):
    assert cohorts.parse_amount(text) == (pytest.approx(euros) if euros is not None else None)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("12", 12),
        ("environ 40", 40),
        ("une dizaine", 10),
        ("une vingtaine de bénévoles", 20),
        ("3 bénévoles et 1 salariée", 4),
        ("2 + 5", 7),
        ("environ 200 contributeurs en ligne", 200),
        ("1 000", 1000),
        ("", None),
        ("beaucoup", None),
    ],
)
def test_parse_count(text, people):
    assert cohorts.parse_count(text) == people


def test_split_choices_on_the_ds_separator():
    answers = pd.Series(["Par un mail, Par LinkedIn", "", None, "Par LinkedIn"], index=[1, 2, 3, 4])
    split = cohorts.split_choices(answers)
    assert split.tolist() == ["Par un mail", "Par LinkedIn", "Par LinkedIn"]
    assert split.index.tolist() == [1, 1, 4]


def test_heard_of_call_shares_among_those_who_answered():
    heard = pd.Series({1: "Par un mail, Par LinkedIn", 2: "Par LinkedIn", 4: "", 6: "Par un mail"})
    out = cohorts.heard_of_call(SAMPLE, heard)
    dinum_2023 = out[(out["round"] == "2023-1") & (out.track == "DINUM")].set_index("channel")
    assert dinum_2023["applicants"].to_dict() == {"Par LinkedIn": 2, "Par un mail": 1}
    assert dinum_2023.loc["Par LinkedIn", "share"] == pytest.approx(1.0)  # both who answered


def test_cohort_summary_rates_and_medians():
    values = pd.DataFrame(
        {"budget": [1000.0, 3000.0, 5000.0], "contributors": [2.0, 4.0, None]}, index=[1, 2, 4]
    )
    summary = cohorts.cohort_summary(SAMPLE, values).set_index(["round", "track"])
    row = summary.loc[("2023-1", "DINUM")]
    assert (row["applications"], row["reviewed"], row["eligible"], row["shortlisted"]) == (3, 2, 2, 1)
    assert row["eligibility_rate"] == pytest.approx(1.0)
    assert row["shortlist_rate"] == pytest.approx(0.5)
    assert row["median_budget"] == 3000.0 and row["median_contributors"] == 3.0
    assert ("2022", None) not in summary.index  # no track: left out of the per-track comparison


def test_org_mix_shares_add_up_per_cohort():
    frame = SAMPLE.assign(
        org_type=[
            "association",
            "administration",
            "association",
            "partenariat",
            None,
            "association",
            "association",
        ]
    )
    mix = cohorts.org_mix(frame)
    assert mix.groupby(["round", "track"])["share"].sum().round(6).eq(1).all()
    assert "inconnu" in set(mix["org_type"])


def test_box_stats_quartiles_and_whiskers_leave_zeros_and_outliers_out():
    values = pd.DataFrame(
        {"round": "2023-1", "track": "DINUM", "value": [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 1000.0]}
    )
    stats = cohorts.box_stats(values).iloc[0]
    assert stats["n"] == 6
    assert (stats["q1"], stats["median"], stats["q3"]) == (22.5, 35.0, 47.5)
    assert (stats["lower"], stats["upper"]) == (10.0, 50.0)  # 1000 lies beyond 1.5 × IQR


def test_heard_of_call_counts_a_channel_once_per_dossier():
    heard = pd.Series({2: "Par un mail, Par un mail"})
    out = cohorts.heard_of_call(SAMPLE, heard)
    assert out["applicants"].tolist() == [1]
