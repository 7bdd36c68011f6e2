"""Submissions over time and time to decision."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from aic_dash.analytics import timing
from tests.samples import SAMPLE, dossiers


def test_cumulative_submissions_per_track_and_day():
    curve = timing.cumulative_submissions(SAMPLE, ["DINUM", "DITP"])
    dinum = curve[curve.track == "DINUM"]
    assert dinum["applications"].tolist() == [1, 4]  # 2022-01-10, then three on 2023-03-01
    assert dinum["day"].dt.strftime("%Y-%m-%d").tolist() == ["2022-01-10", "2023-03-01"]
    assert curve[curve.track == "DITP"]["applications"].tolist() == [2]
    assert timing.cumulative_submissions(SAMPLE.iloc[:0], ["DINUM"]).empty


def test_decision_times_median_and_90th_percentile_in_days():
    start = "2023-01-01 00:00"
    decided = [
        (
            i,
            "refuse",
            "non_retenu",
            "DINUM",
            "2023",
            "2023-1",
            None,
            None,
            start,
            f"2023-01-{1 + d:02d} 00:00",
        )
        for i, d in enumerate([2, 4, 6, 8, 10, 12, 14, 16, 18, 20], start=1)
    ]
    waiting = (99, "en_instruction", "en_instruction", "DITP", "2023", "2023-1", None, None, start, None)
    frame = dossiers([*decided, waiting])
    times = timing.decision_times(frame, ["DINUM", "DITP"]).set_index("track")
    assert times.loc["DINUM", "decided"] == 10
    assert times.loc["DINUM", "median_days"] == pytest.approx(11)
    assert times.loc["DINUM", "p90_days"] == pytest.approx(18.2)
    assert times.loc["DITP", "decided"] == 0 and math.isnan(times.loc["DITP", "median_days"])
    assert times.loc["total", "decided"] == 10


def test_decision_days_across_a_time_change_count_real_days():
    frame = dossiers(
        [
            (
                1,
                "accepte",
                "laureat",
                "DINUM",
                "2023",
                "2023-1",
                True,
                True,
                "2023-03-20 12:00",
                "2023-03-30 12:00",
            )
        ]
    )
    # Paris changes to summer time on 26 March: the delay is still 10 days minus one hour.
    assert timing.decision_days(frame).iloc[0] == pytest.approx(10 - 1 / 24)
    assert isinstance(frame["deposited_at"].dtype, pd.DatetimeTZDtype)
