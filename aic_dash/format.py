"""French number and date formatting for everything a manager reads (tiles, tables, chart labels).

Thousands are separated by a no-break space and decimals by a comma (`1 234`, `12,5`); dates read
day/month/year (`28/04/2023`). Missing values read as an en dash.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

THOUSANDS = "\u00a0"  # no-break space: a number never breaks across lines
DECIMAL = ","
MISSING = "–"
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# The same conventions for plotly (`layout.separators`: decimal then thousands) and st.column_config.
PLOTLY_SEPARATORS = DECIMAL + THOUSANDS
COLUMN_DATE_FORMAT = "DD/MM/YYYY"
COLUMN_DATETIME_FORMAT = "DD/MM/YYYY HH:mm"


def _missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def plain_text(value: object) -> str:
    """Text a manager reads from a cell that may be empty: pandas gives a missing text as NaN (truthy, and
    « nan » once formatted), the database as None; both read as nothing."""
    return "" if _missing(value) else str(value)


def fr_number(value: float | int | None, decimals: int = 0) -> str:
    """1234.5 -> `1 234,5` (decimals=1); None or NaN -> `–`."""
    if _missing(value) or (isinstance(value, float) and math.isinf(value)):
        return MISSING
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,d}"
    return text.replace(",", "\x00").replace(".", DECIMAL).replace("\x00", THOUSANDS)


def fr_int(value: float | int | None) -> str:
    """1234 -> `1 234`."""
    return fr_number(value, 0)


def fr_signed(value: float | int | None, decimals: int = 0) -> str:
    """Signed change for a tile delta: `+12`, `-3`, `0`."""
    if _missing(value):
        return MISSING
    text = fr_number(abs(value), decimals)
    if round(float(value), decimals) > 0:
        return "+" + text
    if round(float(value), decimals) < 0:
        return "-" + text
    return text


def fr_percent(ratio: float | None, decimals: int = 0) -> str:
    """0.425 -> `43 %` (no-break space before the sign, as in French)."""
    if _missing(ratio):
        return MISSING
    return f"{fr_number(float(ratio) * 100, decimals)}{THOUSANDS}%"


def fr_points(change: float | None, decimals: int = 0) -> str:
    """A change of a rate, in percentage points: 0.05 -> `+5 pts`."""
    if _missing(change):
        return MISSING
    return f"{fr_signed(float(change) * 100, decimals)}{THOUSANDS}pts"


def fr_euros(amount: float | None) -> str:
    """45000 -> `45 000 €`."""
    if _missing(amount):
        return MISSING
    return f"{fr_int(amount)}{THOUSANDS}€"


def fr_days(days: float | None) -> str:
    """12.4 -> `12 jours`, 1 -> `1 jour`."""
    if _missing(days):
        return MISSING
    n = round(float(days))
    return f"{fr_int(n)} jour{'s' if abs(n) > 1 else ''}"


def fr_date(moment: date | datetime | pd.Timestamp | None) -> str:
    """A date or an aware datetime (read in its own zone) -> `28/04/2023`."""
    if _missing(moment):
        return MISSING
    return moment.strftime(DATE_FORMAT)


def fr_datetime(moment: datetime | pd.Timestamp | None) -> str:
    """-> `28/04/2023 11:52`."""
    if _missing(moment):
        return MISSING
    return moment.strftime(DATETIME_FORMAT)


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def fr_month(moment: date | datetime | pd.Timestamp | None) -> str:
    """-> `mai 2023`."""
    if _missing(moment):
        return MISSING
    return f"{MONTHS[moment.month - 1]} {moment.year}"
