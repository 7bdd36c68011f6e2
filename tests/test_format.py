"""French formatting of what a manager reads."""

from __future__ import annotations

from datetime import date

import pandas as pd

from aic_dash import format as F

NBSP = "\u00a0"


def test_numbers():
    assert F.fr_int(1234) == f"1{NBSP}234"
    assert F.fr_int(1_234_567) == f"1{NBSP}234{NBSP}567"
    assert F.fr_int(12) == "12"
    assert F.fr_number(1234.5, 1) == f"1{NBSP}234,5"
    assert F.fr_int(None) == F.fr_int(float("nan")) == F.MISSING


def test_signed_percent_points_euros_days():
    assert F.fr_signed(6) == "+6"
    assert F.fr_signed(-1234) == f"-1{NBSP}234"
    assert F.fr_signed(0) == "0"
    assert F.fr_percent(0.426) == f"43{NBSP}%"
    assert F.fr_percent(0.0654, 1) == f"6,5{NBSP}%"
    assert F.fr_points(0.004, 1) == f"+0,4{NBSP}pts"
    assert F.fr_euros(45000) == f"45{NBSP}000{NBSP}€"
    assert F.fr_days(12.4) == "12 jours"
    assert F.fr_days(1) == "1 jour"


def test_dates():
    moment = pd.Timestamp("2023-04-28 11:52:07", tz="Europe/Paris")
    assert F.fr_date(moment) == "28/04/2023"
    assert F.fr_datetime(moment) == "28/04/2023 11:52"
    assert F.fr_date(date(2023, 5, 2)) == "02/05/2023"
    assert F.fr_date(pd.NaT) == F.MISSING
    assert F.fr_month(moment) == "avril 2023"
