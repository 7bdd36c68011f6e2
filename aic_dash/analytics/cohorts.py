"""Seasons and rounds side by side: who applies, how they heard of the call, what they declare.

Pure pandas. A cohort is one round (a "sélection"); the frames carry `round` and `track` so that charts
can put rounds side by side per track.
"""

from __future__ import annotations

import re

import pandas as pd

from aic_dash.analytics.kpis import funnel_level
from aic_dash.text import normalize_label

ORG_TYPE_ORDER = ("association", "administration", "partenariat")

_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.]\d{3})*(?:[.,]\d+)?")
_MULTIPLIERS = (
    (re.compile(r"^\s*(?:k|mille\b)"), 1_000),
    (re.compile(r"^\s*(?:m€|meur|m\b|million|millions|md)"), 1_000_000),
)
_WORD_COUNTS = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
}
_NOTHING = ("aucun", "neant", "pas de budget", "benevolat")


def _to_float(token: str) -> float:
    digits = re.sub(r"[ \u00a0\u202f]", "", token)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        digits = digits.replace(".", "")  # 1.500.000: dots as thousands
    return float(digits.replace(",", "."))


def parse_amount(text: object) -> float | None:
    """A declared budget as written -> euros: `45 000 €`, `environ 120k€`, `1,2 M€`, `0` -> 0.

    Returns None when nothing readable is written (empty, "NC", "?").
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    norm = normalize_label(text)
    if not norm:
        return None
    match = _NUMBER.search(norm)
    if not match:
        return 0.0 if any(word in norm for word in _NOTHING) else None
    value = _to_float(match.group())
    rest = norm[match.end() :]
    for pattern, factor in _MULTIPLIERS:
        if pattern.match(rest):
            return value * factor
    return value


def parse_count(text: object) -> float | None:
    """A declared number of people -> a number: `12`, `environ 40`, `une dizaine`,
    `3 bénévoles et 1 salariée` (-> 4). None when nothing readable is written."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    norm = normalize_label(text)
    if not norm:
        return None
    numbers = [_to_float(m.group()) for m in _NUMBER.finditer(norm)]
    if numbers:
        # "3 bénévoles et 1 salariée", "2 + 5": the parts add up; otherwise the first figure counts.
        if len(numbers) > 1 and re.search(r"\d[^\d]*(?:\bet\b|\+)[^\d]*\d", norm):
            return float(sum(numbers))
        return numbers[0]
    for word, value in _WORD_COUNTS.items():
        if word in norm:
            return float(value)
    return 0.0 if "aucun" in norm else None


def split_choices(answers: pd.Series, separator: str = ", ") -> pd.Series:
    """Multiple-choice answers ("A, B") -> one row per chosen option, index repeated; blanks dropped."""
    parts = answers.fillna("").astype("str").str.split(separator, regex=False).explode().str.strip()
    return parts[parts != ""]


def cohort_summary(dossiers: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """Per round and track: applications, eligibility and shortlist rates, median budget and team.

    `values` is indexed by number with float columns budget and contributors (parsed). Rates:
    eligible / reviewed, shortlisted / eligible. Returns round, track, applications, reviewed,
    eligible, shortlisted, eligibility_rate, shortlist_rate, median_budget, median_contributors.
    """
    columns = [
        "round",
        "track",
        "applications",
        "reviewed",
        "eligible",
        "shortlisted",
        "eligibility_rate",
        "shortlist_rate",
        "median_budget",
        "median_contributors",
    ]
    frame = dossiers[dossiers["round"].notna() & dossiers["track"].notna()]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    level = funnel_level(frame)
    frame = frame.assign(
        reviewed=level >= 1,
        eligible=level >= 2,
        shortlisted=level >= 3,
        budget=frame["number"].map(values["budget"]) if len(values) else float("nan"),
        contributors=frame["number"].map(values["contributors"]) if len(values) else float("nan"),
    )
    grouped = frame.groupby(["round", "track"])
    out = grouped.agg(
        applications=("number", "size"),
        reviewed=("reviewed", "sum"),
        eligible=("eligible", "sum"),
        shortlisted=("shortlisted", "sum"),
        median_budget=("budget", "median"),
        median_contributors=("contributors", "median"),
    ).reset_index()
    out = out.assign(
        eligibility_rate=out["eligible"] / out["reviewed"].where(out["reviewed"] > 0),
        shortlist_rate=out["shortlisted"] / out["eligible"].where(out["eligible"] > 0),
    )
    return out[columns]


def org_mix(dossiers: pd.DataFrame) -> pd.DataFrame:
    """Per round and track, applications per organisation type and their share of the cohort."""
    frame = dossiers[dossiers["round"].notna() & dossiers["track"].notna()]
    frame = frame.assign(org_type=frame["org_type"].astype("object").fillna("inconnu"))
    counts = frame.groupby(["round", "track", "org_type"]).size().rename("applications").reset_index()
    totals = counts.groupby(["round", "track"])["applications"].transform("sum")
    return counts.assign(share=counts["applications"] / totals)


def heard_of_call(dossiers: pd.DataFrame, heard: pd.Series, separator: str = ", ") -> pd.DataFrame:
    """How applicants heard of the call, per round and track.

    `heard` holds the raw multiple-choice answers indexed by number. Returns round, track, channel,
    applicants (citing it) and share (of the cohort's applicants who answered). Distinct answers are
    few, so they are counted first and split once each.
    """
    columns = ["round", "track", "channel", "applicants", "share"]
    frame = dossiers[dossiers["round"].notna() & dossiers["track"].notna()][["number", "round", "track"]]
    answers = frame["number"].map(heard).astype("object").fillna("").astype("str").str.strip()
    combos = (
        frame.assign(answer=answers)[answers != ""]
        .groupby(["round", "track", "answer"], observed=True)
        .size()
        .rename("n")
        .reset_index()
    )
    if combos.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    answered = combos.groupby(["round", "track"])["n"].sum()
    chosen = {
        a: list(dict.fromkeys(split_choices(pd.Series([a]), separator))) for a in combos["answer"].unique()
    }
    long = combos.assign(channel=combos["answer"].map(chosen)).explode("channel").dropna(subset=["channel"])
    out = long.groupby(["round", "track", "channel"])["n"].sum().rename("applicants").reset_index()
    denominators = out.set_index(["round", "track"]).index.map(answered)
    return out.assign(share=out["applicants"] / denominators.to_numpy())[columns]


def declared_values(dossiers: pd.DataFrame, values: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per dossier with a readable declared value: number, round, track, value (float)."""
    frame = dossiers[dossiers["round"].notna() & dossiers["track"].notna()][["number", "round", "track"]]
    if values.empty or column not in values:
        return frame.assign(value=pd.Series(dtype="float64"))[0:0]
    frame = frame.assign(value=frame["number"].map(values[column]).astype("float64"))
    return frame[frame["value"].notna()].reset_index(drop=True)


def box_stats(values: pd.DataFrame) -> pd.DataFrame:
    """Box-plot figures of positive declared values per round and track (zeros say "no budget").

    From `declared_values`: returns round, track, n, q1, median, q3, lower and upper (whiskers at the
    furthest values within 1.5 × the interquartile range), so charts need not carry every value.
    """
    columns = ["round", "track", "n", "q1", "median", "q3", "lower", "upper"]
    positive = values[values["value"] > 0]
    rows = []
    for (round_, track), group in positive.groupby(["round", "track"]):
        v = group["value"]
        q1, median, q3 = (float(v.quantile(q)) for q in (0.25, 0.5, 0.75))
        spread = 1.5 * (q3 - q1)
        lower = float(v[v >= q1 - spread].min())
        upper = float(v[v <= q3 + spread].max())
        rows.append((round_, track, len(v), q1, median, q3, lower, upper))
    return pd.DataFrame(rows, columns=columns)
