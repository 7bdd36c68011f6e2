"""Jury grids (one row per dossier and juror, one column per criterion) -> validated long frames; no DB.

A grid comes as CSV, the Excel-French `;` CSV or XLSX (read by `readers.read_table`). Columns are found by
name, never by position: `Dossier`, `Juré`, one column per criterion — by its number (`1`, `C1`,
`Critère 1`, `1. Finalité d'intérêt général`) or by its name on the programme page (`L'impact`,
`Gouvernance partagée`) — and optionally `Conflit d'intérêts` and `Commentaire`. Scores may use a
decimal comma. Scores typed as DS private annotations are parsed here too (`annotation_scores`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from aic_dash import labels as L
from aic_dash.config import Criterion, Scoring, Settings
from aic_dash.errors import ImportRejected
from aic_dash.ingest import labels as DS
from aic_dash.ingest.labels import column_letter, normalize_label
from aic_dash.ingest.readers import RawTable

# Header keys (see `header_key`) of each column role.
DOSSIER_HEADERS = frozenset(
    {"dossier", "n dossier", "n de dossier", "no dossier", "numero de dossier", "numero", "id", "dossier id"}
)
JUROR_HEADERS = frozenset(
    {"jure", "jure e", "juree", "jures", "jury", "membre du jury", "evaluateur", "evaluatrice",
     "evaluateur rice", "evaluateur trice", "correcteur"}
)  # fmt: skip
CONFLICT_HEADERS = frozenset(
    {"conflit d interets", "conflit d interet", "conflit", "conflits d interets", "deport", "deporte"}
)
COMMENT_HEADERS = frozenset({"commentaire", "commentaires", "remarque", "remarques", "observations"})
# Columns a grid often carries for the reader's comfort; they are not read.
INFO_HEADERS = frozenset(
    {"projet", "nom du projet", "volet", "saison", "selection", "organisation", "porteur", "structure",
     "total", "note totale", "total pondere", "moyenne", "note finale", "note globale", "rang",
     "classement", "date", "avis", "decision", "e mail", "email", "ligne"}
)  # fmt: skip
CONFLICT_YES = DS.YES | {"x", "conflit"}
# `1`, `C1`, `Critère 1`, `Crit. 1`, `Critère n° 1`, `Note critère 1`, then possibly the criterion's name.
_NUMBERED = re.compile(r"^(?:note\s*)?(?:c|crit|critere)?\s*(?:n|no)?\s*(\d{1,2})(?:\s+(.*))?$")
_LOOKS_CRITERION = re.compile(
    r"^(?:note\s*)?(?:c|crit|critere)\s*(?:n|no)?\s*\d|^\d{1,2}(?:\s|$)|\bcritere\b"
)
_ARTICLES = ("la ", "le ", "l ", "les ", "une ", "un ", "des ")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")

# Columns of a parsed grid, one row per dossier, juror and criterion of the grid.
SCORE_COLUMNS = ("dossier", "juror", "criterion", "score", "conflict", "comment", "row")


def header_key(label: object) -> str:
    """`Conflit d’intérêts ` -> `conflit d interets`; `Juré·e` -> `jure e`; `C1` -> `c1`."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", normalize_label(label)).split())


def mapped(series: pd.Series, fn) -> pd.Series:
    """`series.map(fn)`, computing fn once per distinct value."""
    uniques = series.unique()
    return series.map(dict(zip(uniques, map(fn, uniques))))


def _strip_article(key: str) -> str:
    for article in _ARTICLES:
        if key.startswith(article):
            return key[len(article) :]
    return key


def criterion_for_header(label: object, criteria: Sequence[Criterion]) -> int | None:
    """The number of the criterion a header names (by number or by name), or None."""
    key = header_key(label)
    numbered = _NUMBERED.match(key)
    known = {c.number for c in criteria}
    if numbered and key not in {"n", "no"}:
        number = int(numbered.group(1))
        return number if number in known else None
    wanted = _strip_article(key)
    if not wanted:
        return None
    hits = set()
    for c in criteria:
        name = _strip_article(header_key(c.name))
        if name == wanted or name.startswith(wanted + " "):
            hits.add(c.number)
    return hits.pop() if len(hits) == 1 else None


def looks_like_jury_grid(headers: Iterable[object]) -> bool:
    """True when the headers hold a dossier column and a juror column: a DS export never has `Juré`."""
    keys = {header_key(h) for h in headers}
    return bool(keys & DOSSIER_HEADERS) and bool(keys & JUROR_HEADERS)


def sniff_headers(data: bytes) -> list[str] | None:
    """The header row of a file, read cheaply (first line of a CSV, first row of a workbook's sheet).

    None when the file cannot be read or is a DS export workbook (sheet `Dossiers`): the import
    command uses it to choose between a DS export and a jury grid without parsing a large file twice.
    """
    from aic_dash.ingest.readers import _separator, sniff_format

    try:
        kind = sniff_format(data)
    except ImportRejected:
        return None
    if kind == "csv":
        first = data[:65536].split(b"\n", 1)[0].rstrip(b"\r")
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = first.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
        return next(csv.reader([text], delimiter=_separator(text)), [])
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if "Dossiers" in book.sheet_names:
            return None
        for row in book.get_sheet_by_name(book.sheet_names[0]).iter_rows():
            return [str(c) for c in row]
    except Exception:  # a damaged workbook: the import itself will say so
        return None
    return None


@dataclass
class ParsedGrid:
    """A grid's scores, long (SCORE_COLUMNS; score NaN where the cell is empty), and what was found."""

    scores: pd.DataFrame
    criteria: tuple[int, ...]
    jurors: tuple[str, ...]
    reviews: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Layout:
    headers: list[str]
    dossier: int
    juror: int
    criteria: dict[int, int]  # criterion number -> column index
    conflict: int | None = None
    comment: int | None = None
    ignored: list[int] = field(default_factory=list)

    def describe(self, index: int) -> str:
        return f"{self.headers[index]} ({column_letter(index)})"


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(" ", "").replace("\u00a0", "")))


def _layout(table: RawTable, settings: Settings) -> _Layout:
    criteria = settings.programme.criteria
    names = ", ".join(f"{c.number}. {c.name}" for c in criteria)
    found: dict[str, int] = {}
    by_criterion: dict[int, int] = {}
    ignored: list[int] = []
    roles = (
        ("dossier", DOSSIER_HEADERS),
        ("juror", JUROR_HEADERS),
        ("conflict", CONFLICT_HEADERS),
        ("comment", COMMENT_HEADERS),
    )
    describe = _Layout(table.headers, 0, 0, {}).describe
    for i, header in enumerate(table.headers):
        key = header_key(header)
        if not key:
            if table.frame[i].str.strip().ne("").any():
                raise ImportRejected(
                    L.INGEST_JURY["unlabelled_column"],
                    row=1,
                    column=column_letter(i),
                )
            continue
        role = next((name for name, keys in roles if key in keys), None)
        if role is not None:
            if role in found:
                raise ImportRejected(
                    L.INGEST_JURY["same_role"].format(first=table.headers[found[role]], second=header),
                    row=1,
                    column=describe(i),
                )
            found[role] = i
            continue
        number = criterion_for_header(header, criteria)
        if number is not None:
            if number in by_criterion:
                raise ImportRejected(
                    L.INGEST_JURY["criterion_twice"].format(
                        number=number, first=table.headers[by_criterion[number]], second=header
                    ),
                    row=1,
                    column=describe(i),
                )
            by_criterion[number] = i
            continue
        if key in INFO_HEADERS:
            continue
        numbered = _NUMBERED.match(key)
        if numbered:
            raise ImportRejected(
                L.INGEST_JURY["unknown_criterion"].format(number=int(numbered.group(1)), names=names),
                row=1,
                column=describe(i),
            )
        values = table.frame[i].str.strip()
        filled = values[values != ""]
        numeric = len(filled) > 0 and filled.map(_is_number).mean() >= 0.5
        if _LOOKS_CRITERION.search(key) or numeric:
            raise ImportRejected(
                L.INGEST_JURY["not_a_criterion"].format(names=names),
                row=1,
                column=describe(i),
            )
        ignored.append(i)
    columns = (("dossier", L.INGEST_JURY["dossier_column"]), ("juror", L.INGEST_JURY["juror_column"]))
    missing = [what for role, what in columns if role not in found]
    if missing:
        shown = ", ".join(L.INGEST_QUOTED.format(name=h) for h in table.headers[:8])
        missing_names = ", ".join(L.INGEST_QUOTED.format(name=m) for m in missing)
        raise ImportRejected(
            L.INGEST_JURY["missing_columns"].format(missing=missing_names, shown=shown), row=1
        )
    if not by_criterion:
        raise ImportRejected(L.INGEST_JURY["no_criterion"].format(names=names), row=1)
    return _Layout(
        table.headers,
        found["dossier"],
        found["juror"],
        dict(sorted(by_criterion.items())),
        found.get("conflict"),
        found.get("comment"),
        ignored,
    )


def _scale_text(scoring: Scoring) -> str:
    def fr(value: float) -> str:
        return f"{value:g}".replace(".", ",")

    return L.INGEST_JURY["scale"].format(min=fr(scoring.min), max=fr(scoring.max), step=fr(scoring.step))


def parse_score(text: str, scoring: Scoring) -> float | None:
    """`3,5` -> 3.5; empty -> None. Raises ValueError when unreadable or outside the scale."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        return None
    if not _NUMBER.match(cleaned):
        raise ValueError(text)
    value = float(cleaned.replace(",", "."))
    steps = (value - scoring.min) / scoring.step
    if value < scoring.min - 1e-9 or value > scoring.max + 1e-9 or abs(steps - round(steps)) > 1e-6:
        raise ValueError(text)
    return value


def _parse_scores(column: pd.Series, scoring: Scoring, layout: _Layout, index: int) -> pd.Series:
    """One criterion column -> floats (NaN for empty); the first bad cell rejects the file."""
    uniques = column.unique()
    parsed: dict[str, float] = {}
    for text in uniques:
        try:
            value = parse_score(text, scoring)
        except ValueError:
            row = int(column.index[column == text][0]) + 2
            raise ImportRejected(
                L.INGEST_JURY["bad_score"].format(value=text, scale=_scale_text(scoring)),
                row=row,
                column=layout.describe(index),
            ) from None
        parsed[text] = float("nan") if value is None else value
    return column.map(parsed).astype("float64")


def _conflicts(column: pd.Series, layout: _Layout) -> pd.Series:
    keys = mapped(column, header_key)
    out = keys.isin(CONFLICT_YES)
    bad = (keys != "") & ~out & ~keys.isin(DS.NO)
    if bad.any():
        first = bad[bad].index[0]
        raise ImportRejected(
            L.INGEST_JURY["bad_conflict"].format(value=column[first]),
            row=int(first) + 2,
            column=layout.describe(layout.conflict),
        )
    return out


def _dossier_numbers(column: pd.Series, layout: _Layout) -> pd.Series:
    text = column.str.strip().str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    text = text.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)  # a number cell re-saved by a spreadsheet
    bad = ~text.str.fullmatch(r"\d{1,18}")
    if bad.any():
        first = bad[bad].index[0]
        raise ImportRejected(
            L.INGEST_JURY["bad_dossier"].format(value=column[first]),
            row=int(first) + 2,
            column=layout.describe(layout.dossier),
        )
    return text.astype("int64")


def parse_jury_grid(
    table: RawTable, settings: Settings, known_dossiers: Collection[int] | None = None
) -> ParsedGrid:
    """Validate a grid and return its scores, long; raise ImportRejected naming the row and column.

    With `known_dossiers`, a dossier number not in it rejects the file.
    """
    layout = _layout(table, settings)
    frame = table.frame.map(lambda v: v.strip()) if len(table.frame) else table.frame
    used = [layout.dossier, layout.juror, *layout.criteria.values()]
    used += [i for i in (layout.conflict, layout.comment) if i is not None]
    blank = frame[used].eq("").all(axis=1)
    frame = frame[~blank]
    if frame.empty:
        raise ImportRejected(L.INGEST_JURY["no_rows"])
    dossier = _dossier_numbers(frame[layout.dossier], layout)
    juror = frame[layout.juror].str.replace(r"\s+", " ", regex=True)
    no_juror = juror == ""
    if no_juror.any():
        first = no_juror[no_juror].index[0]
        raise ImportRejected(
            L.INGEST_JURY["no_juror"],
            row=int(first) + 2,
            column=layout.describe(layout.juror),
        )
    juror_key = mapped(juror, normalize_label)
    twice = pd.DataFrame({"d": dossier, "j": juror_key}).duplicated(keep="first")
    if twice.any():
        second = twice[twice].index[0]
        firsts = (dossier == dossier[second]) & (juror_key == juror_key[second])
        first_row = int(firsts[firsts].index[0]) + 2
        raise ImportRejected(
            L.INGEST_JURY["scored_twice"].format(
                number=dossier[second], juror=juror[second], first=first_row, second=int(second) + 2
            ),
            row=int(second) + 2,
            column=layout.describe(layout.dossier),
        )
    if known_dossiers is not None:
        unknown = ~dossier.isin(set(known_dossiers))
        if unknown.any():
            first = unknown[unknown].index[0]
            raise ImportRejected(
                L.INGEST_JURY["unknown_dossier"].format(number=dossier[first]),
                row=int(first) + 2,
                column=layout.describe(layout.dossier),
            )
    scores = {
        number: _parse_scores(frame[index], settings.scoring, layout, index)
        for number, index in layout.criteria.items()
    }
    conflict = (
        _conflicts(frame[layout.conflict], layout)
        if layout.conflict is not None
        else pd.Series(False, index=frame.index)
    )
    comment = frame[layout.comment] if layout.comment is not None else pd.Series("", index=frame.index)
    reviews = pd.DataFrame(
        {
            "dossier": dossier,
            "juror": juror,
            "conflict": conflict.astype(bool),
            "comment": comment.astype("str"),
            "row": (frame.index.to_series() + 2).astype("int64"),
        }
    )
    long = pd.concat(
        [reviews.assign(criterion=number, score=values) for number, values in scores.items()],
        ignore_index=True,
    )
    long = long[list(SCORE_COLUMNS)].astype({"criterion": "int64", "score": "float64"})

    warnings = []
    absent = [c.number for c in settings.programme.criteria if c.number not in layout.criteria]
    if absent:
        warnings.append(L.INGEST_JURY["absent_criteria"].format(numbers=", ".join(map(str, absent))))
    if layout.ignored:
        names = ", ".join(L.INGEST_QUOTED.format(name=table.headers[i]) for i in layout.ignored)
        warnings.append(L.INGEST_JURY["unknown_columns"].format(names=names))
    scored = reviews.assign(any_score=pd.DataFrame(scores).notna().any(axis=1))
    empty = int((~scored["any_score"] & ~scored["conflict"]).sum())
    if empty:
        warnings.append(L.INGEST_JURY["empty_rows"].format(count=empty))
    return ParsedGrid(
        long.sort_values(["dossier", "juror", "criterion"], ignore_index=True),
        tuple(layout.criteria),
        tuple(dict.fromkeys(juror)),
        len(reviews),
        warnings,
    )


# --- Scores typed as DS private annotations ---------------------------------------------------

# TODO(lead): move these labels into data/settings.yaml (e.g. `annotations.scores: {1: "Note critère 1"}`)
# when config.py accepts that key; until then a private annotation titled `Note critère N` holds the
# instructing team's score for criterion N.
ANNOTATION_SCORE_LABEL = "Note critère {number}"
ANNOTATION_REVIEWER = "Équipe d'instruction"


def annotation_labels(settings: Settings) -> dict[int, str]:
    """Criterion number -> the label of the private annotation that holds its score."""
    return {c.number: ANNOTATION_SCORE_LABEL.format(number=c.number) for c in settings.programme.criteria}


def annotation_reviewer(group_label: object) -> str:
    """The reviewer named after the instructing team: `Équipe d'instruction (DINUM)`."""
    group = "" if group_label is None or pd.isna(group_label) else str(group_label).strip()
    return f"{ANNOTATION_REVIEWER} ({group})" if group else ANNOTATION_REVIEWER


def annotation_scores(values: pd.DataFrame, settings: Settings) -> tuple[pd.DataFrame, int]:
    """Wide annotation values -> long scores (SCORE_COLUMNS) and the count of unreadable cells.

    `values` has columns dossier, group_label and one text column per criterion number. An unreadable or
    out-of-scale cell is left out (counted): the export it came from was already accepted.
    """
    rows = []
    bad = 0
    for number in (c.number for c in settings.programme.criteria):
        if number not in values:
            continue
        for dossier, group, text in zip(values["dossier"], values["group_label"], values[number]):
            if text is None or (not isinstance(text, str) and pd.isna(text)):
                continue
            try:
                score = parse_score(str(text), settings.scoring)
            except ValueError:
                bad += 1
                continue
            if score is not None:
                rows.append((int(dossier), annotation_reviewer(group), number, score, False, "", 0))
    frame = pd.DataFrame(rows, columns=list(SCORE_COLUMNS))
    return frame.astype({"dossier": "int64", "criterion": "int64", "score": "float64", "conflict": bool}), bad
