"""Follow-up files (roadmap milestones, impact-indicator measurements, funding) -> validated frames.

A manager fills a template in a spreadsheet; the file is recognised by its columns (`looks_like_followup`),
every cell is checked and the first bad one rejects the whole file with its row and column. The laureate
column is kept as written: the store resolves it against the laureates it knows. No database here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from aic_dash import labels as L
from aic_dash.errors import ImportRejected
from aic_dash.ingest.labels import normalize_label
from aic_dash.ingest.readers import RawTable, read_table, sniff_format


@dataclass(frozen=True)
class Column:
    """One column of a follow-up file: its key, the template header, other accepted headers."""

    key: str
    required: bool
    aliases: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return L.FOLLOWUP_HEADERS[self.key]


_LAUREATE = Column("laureate", True, ("Laureat", "Projet", "Nom du projet", "Dossier", "N° de dossier"))
_SEASON = Column("season", False)
_NOTE = Column("note", False, ("Commentaire", "Remarque"))

COLUMNS: dict[str, tuple[Column, ...]] = {
    "milestones": (
        _LAUREATE,
        _SEASON,
        Column("title", True, ("Titre", "Titre du jalon", "Jalon de la feuille de route")),
        Column("strand", True, ("Axe d'accompagnement",)),
        Column("due_date", True, ("Date d'échéance", "Échéance prévue")),
        Column("milestone_status", False, ("Statut du jalon", "État")),
        _NOTE,
    ),
    "measurements": (
        _LAUREATE,
        _SEASON,
        Column("indicator", True, ("Indicateur d'impact",)),
        Column("unit", False),
        Column("initial", False, ("Valeur de départ",)),
        Column("target", False, ("Valeur cible", "Objectif")),
        Column("measured_on", True, ("Date de mesure", "Mesuré le")),
        Column("value", True, ("Mesure", "Valeur mesurée")),
    ),
    "funding": (
        _LAUREATE,
        _SEASON,
        Column("amount", True, ("Montant (€)", "Montant en euros")),
        Column("granted_on", True, ("Date d'attribution", "Date de versement", "Attribué le")),
        Column("tranche", True, ("N° de tranche",)),
        _NOTE,
    ),
}
KINDS = tuple(COLUMNS)
TITLE_MAX = 500


def _accepted(column: Column) -> set[str]:
    return {normalize_label(h) for h in (column.header, *column.aliases)}


def _positions(headers: list[str], kind: str) -> dict[str, int]:
    """Key -> index of the first header that names it (after normalisation)."""
    found: dict[str, int] = {}
    normalised = [normalize_label(h) for h in headers]
    for column in COLUMNS[kind]:
        names = _accepted(column)
        index = next((i for i, h in enumerate(normalised) if h in names), None)
        if index is not None:
            found[column.key] = index
    return found


# The columns that tell a follow-up file's kind (the others may be missing: the parser then says which).
SIGNATURES = {
    "milestones": ("laureate", "title"),
    "measurements": ("laureate", "indicator"),
    "funding": ("laureate", "amount"),
}


def looks_like_followup(headers: list[str]) -> str | None:
    """`milestones` (a `Lauréat` and a `Jalon` column), `measurements` (`Lauréat`, `Indicateur`) or
    `funding` (`Lauréat`, `Montant`); None for any other file, a démarches-simplifiées export included."""
    for kind in KINDS:
        found = _positions(headers, kind)
        if all(key in found for key in SIGNATURES[kind]):
            return kind
    return None


def _first_line_headers(data: bytes) -> list[str]:
    head = data[:65536].lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("cp1252", errors="replace")
    separator = max((",", ";", "\t"), key=lambda s: len(next(csv.reader([text], delimiter=s), [])))
    return next(csv.reader([text], delimiter=separator), [])


def followup_kind_of(data: bytes) -> str | None:
    """The follow-up kind of a file, read from its header row; None for anything else.

    Cheap on a large démarches-simplifiées export (only the first line of a CSV is decoded; a
    workbook with a `Dossiers` sheet is not read further), so that the `import` command and the
    Import page can route each file before importing it.
    """
    try:
        kind = sniff_format(data)
        if kind == "csv":
            return looks_like_followup(_first_line_headers(data))
        from python_calamine import CalamineWorkbook

        if "Dossiers" in CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names:
            return None
        return looks_like_followup(read_table(data).headers)
    except ImportRejected:
        return None
    except Exception:  # an unreadable workbook: the importer will say what is wrong with it
        return None


def is_followup_path(path: str | Path) -> bool:
    """True when the file at `path` is a follow-up file (reads a CSV's first 64 KiB only)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
            if not head.startswith(b"PK"):
                return followup_kind_of(head) is not None
            return followup_kind_of(head + handle.read()) is not None
    except OSError:
        return False


@dataclass
class ParsedFollowup:
    """Checked rows of one follow-up file: `rows` has the kind's keys, plus `row` (spreadsheet row).

    `headers` maps each key to the header as written in the file, for messages.
    """

    kind: str
    rows: pd.DataFrame
    headers: dict[str, str]


# --- Cell parsers: each returns the value or raises ValueError with what is expected ------------------

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%y",
)


def parse_date(text: str) -> date:
    value = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            moment = datetime.strptime(value, fmt)
        except ValueError:
            continue
        if moment.time() != datetime.min.time():
            continue  # a date column holds days; a time of day means another column was pasted
        return moment.date()
    raise ValueError(L.INGEST_FOLLOWUP["bad_date"])


_SPACES = re.compile(r"[\s\u00a0\u202f]")
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")


def parse_number(text: str) -> float:
    """`1 234,5`, `80 000 €`, `1.234,5`, `0.35`, `12 %` -> float."""
    value = _SPACES.sub("", text)
    value = value.removesuffix("€").removesuffix("%")
    if "," in value and "." in value:
        value = value.replace(".", "").replace(",", ".")
    else:
        value = value.replace(",", ".")
    if not _NUMBER.fullmatch(value):
        raise ValueError(L.INGEST_FOLLOWUP["bad_number"])
    return float(value)


def _choice(table: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    names = {normalize_label(code): code for code in table}
    names.update({normalize_label(label): code for code, label in table.items()})
    names.update({normalize_label(k): v for k, v in extra.items()})
    return names


_STRANDS = _choice(
    L.STRANDS,
    {
        "Consolider": "consolidate",
        "Consolidation": "consolidate",
        "Consolidation du projet": "consolidate",
        "Partenariats": "partnerships",
        "Partenariat": "partnerships",
        "Partenariats avec l'administration": "partnerships",
        "Expertise": "expertise",
        "Expertises": "expertise",
        "Nouvelle expertise": "expertise",
        "Apporter de nouvelles expertises": "expertise",
    },
)
_STATUSES = _choice(
    L.MILESTONE_STATUSES,
    {
        "A faire": "a_venir",
        "Prévu": "a_venir",
        "Atteinte": "atteint",
        "Fait": "atteint",
        "Abandon": "abandonne",
    },
)


def _parse_choice(text: str, names: dict[str, str], table: dict[str, str], message: str) -> str:
    """The code `text` names (a code, its label or a known variant), else a ValueError listing the labels."""
    found = names.get(normalize_label(text))
    if found is None:
        choices = ", ".join(L.INGEST_QUOTED.format(name=v) for v in table.values())
        raise ValueError(L.INGEST_FOLLOWUP[message].format(choices=choices))
    return found


def parse_strand(text: str) -> str:
    return _parse_choice(text, _STRANDS, L.STRANDS, "bad_strand")


def parse_status(text: str) -> str:
    return _parse_choice(text, _STATUSES, L.MILESTONE_STATUSES, "bad_status")


def parse_tranche(text: str) -> int:
    number = parse_number(text)
    if not number.is_integer() or number < 1:
        raise ValueError(L.INGEST_FOLLOWUP["bad_tranche"])
    return int(number)


def parse_amount(text: str) -> float:
    number = parse_number(text)
    if number <= 0:
        raise ValueError(L.INGEST_FOLLOWUP["bad_amount"])
    return number


def parse_text(text: str) -> str:
    value = " ".join(text.split())
    if len(value) > TITLE_MAX:
        raise ValueError(L.INGEST_FOLLOWUP["long_text"].format(max=TITLE_MAX))
    return value


_PARSERS = {
    "laureate": parse_text,
    "season": lambda t: t.strip(),
    "title": parse_text,
    "strand": parse_strand,
    "due_date": parse_date,
    "milestone_status": parse_status,
    "note": lambda t: t.strip(),
    "indicator": parse_text,
    "unit": parse_text,
    "initial": parse_number,
    "target": parse_number,
    "measured_on": parse_date,
    "value": parse_number,
    "amount": parse_amount,
    "granted_on": parse_date,
    "tranche": parse_tranche,
}
# An optional cell left empty (or a column left out) gives None: the store keeps what it has, and a new
# milestone starts with this status.
DEFAULT_STATUS = "a_venir"
# What makes a row unique in a file (and in the store).
ROW_KEYS = {
    "milestones": ("laureate", "season", "title"),
    "measurements": ("laureate", "season", "indicator", "measured_on"),
    "funding": ("laureate", "season", "tranche"),
}


def parse_followup(table: RawTable, kind: str | None = None) -> ParsedFollowup:
    """Check every cell of a follow-up file; raise ImportRejected naming the first bad row and column."""
    kind = kind or looks_like_followup(table.headers)
    if kind is None:
        raise _not_followup(table.headers)
    positions = _positions(table.headers, kind)
    missing = [c.header for c in COLUMNS[kind] if c.required and c.key not in positions]
    if missing:
        names = ", ".join(L.INGEST_QUOTED.format(name=m) for m in missing)
        raise ImportRejected(
            L.INGEST_FOLLOWUP["missing_columns"].format(names=names, kind=L.FOLLOWUP_KINDS[kind])
        )
    headers = {key: table.headers[i].strip() for key, i in positions.items()}
    frame = table.frame
    records = []
    for offset in range(len(frame)):
        cells = {key: str(frame.iat[offset, i]).strip() for key, i in positions.items()}
        if not any(cells.values()):
            continue  # spreadsheets keep blank rows at the end
        row = offset + 2  # the header is row 1
        record: dict[str, object] = {"row": row}
        for column in COLUMNS[kind]:
            text = cells.get(column.key, "")
            if not text:
                if column.required:
                    raise ImportRejected(
                        L.INGEST_FOLLOWUP["empty_cell"],
                        row=row,
                        column=headers[column.key],
                    )
                record[column.key] = None
                continue
            try:
                record[column.key] = _PARSERS[column.key](text)
            except ValueError as exc:
                raise ImportRejected(
                    L.INGEST_FOLLOWUP["unreadable_cell"].format(text=text[:80], reason=exc),
                    row=row,
                    column=headers[column.key],
                ) from None
        records.append(record)
    if not records:
        raise ImportRejected(L.INGEST_FOLLOWUP["no_rows"].format(kind=L.FOLLOWUP_KINDS[kind]))
    columns = ["row", *(c.key for c in COLUMNS[kind])]
    rows = pd.DataFrame(records, columns=columns, dtype=object).astype({"row": "int64"})
    _check_duplicates(rows, kind, headers)
    return ParsedFollowup(kind, rows, headers)


def _check_duplicates(rows: pd.DataFrame, kind: str, headers: dict[str, str]) -> None:
    keys = list(ROW_KEYS[kind])
    normalised = rows[keys].astype("str").map(normalize_label)
    repeated = normalised.duplicated(keep=False)
    if not repeated.any():
        return
    first = normalised[repeated].iloc[0]
    same = rows.loc[(normalised == first).all(axis=1), "row"].tolist()
    what = L.INGEST_FOLLOWUP["duplicate_what"][kind]
    raise ImportRejected(
        L.INGEST_FOLLOWUP["duplicate"].format(
            rows=L.INGEST_FOLLOWUP["rows_and"].join(map(str, same)), what=what
        ),
        column=headers["laureate"],
    )


def _not_followup(headers: list[str]) -> ImportRejected:
    best = max(KINDS, key=lambda k: len(_positions(headers, k)))
    expected = ", ".join(L.INGEST_QUOTED.format(name=c.header) for c in COLUMNS[best] if c.required)
    return ImportRejected(
        L.INGEST_FOLLOWUP["not_followup"].format(kind=L.FOLLOWUP_KINDS[best], expected=expected)
    )
