"""A démarches-simplifiées export table -> one validated row per dossier with its derived fields."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.errors import ImportRejected
from aic_dash.ingest import labels as DS
from aic_dash.ingest.dates import map_distinct, parse_datetimes
from aic_dash.ingest.labels import column_letter, normalize_label
from aic_dash.ingest.readers import RawTable, batch_column

# Separates the raw values of one dossier in storage; cells never hold it (control characters are cleaned).
FIELD_SEP = "\x1f"
DATE_COLUMNS = {
    DS.DEPOSITED: "deposited_at",
    DS.INSTRUCTED: "instructed_at",
    DS.PROCESSED: "processed_at",
    DS.UPDATED: "ds_updated_at",
}
STAGES = (
    "depose",
    "en_instruction",
    "non_eligible",
    "liste_restreinte",
    "laureat",
    "non_retenu",
    "sans_suite",
)
DOSSIER_COLUMNS = (
    "number",
    "state",
    "stage",
    "track",
    "season",
    "round",
    "org_type",
    "project",
    "group_label",
    "eligible",
    "shortlisted",
    *DATE_COLUMNS.values(),
    "raw",
)


@dataclass
class ParsedExport:
    """Dossiers (one row each, columns DOSSIER_COLUMNS) and the headers their `raw` values follow."""

    dossiers: pd.DataFrame
    headers: list[str]
    outside_rounds: int = 0
    duplicates_dropped: int = 0
    warnings: list[str] = field(default_factory=list)


class Columns:
    """Find columns by normalised label (after the custom-template mapping), never by position."""

    def __init__(self, headers: list[str], mapping: dict[str, str]) -> None:
        norm_map = {normalize_label(k): v for k, v in mapping.items()}
        self.headers = [norm_map.get(normalize_label(h), h) for h in headers]
        self.positions: dict[str, list[int]] = {}
        for i, h in enumerate(self.headers):
            self.positions.setdefault(normalize_label(h), []).append(i)

    def find(self, label: str, last: bool = False) -> int | None:
        for name in DS.ALIASES.get(label, (label,)):
            hits = self.positions.get(normalize_label(name))
            if hits:
                return hits[-1] if last else hits[0]
        return None

    def describe(self, index: int) -> str:
        return f"{self.headers[index]} ({column_letter(index)})"


_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"


def _join(columns: list) -> pa.Array:
    """Each row's cells joined by FIELD_SEP (vectorised in Arrow: str.cat is far slower)."""
    return pc.binary_join_element_wise(*columns, pa.scalar(FIELD_SEP, pa.large_string()))


def _clean_and_join(columns: list, known_clean: bool) -> tuple[list, pa.Array]:
    """Join each row's cells; a cell holding a control character (the separator among them) is cleaned.

    Line breaks and tabs stay. The check runs on the joined text, in Arrow, so a clean export costs
    one pass.
    """
    joined = _join(columns)
    if known_clean:
        return columns, joined
    dirty = pc.not_equal(pc.count_substring(joined, FIELD_SEP), len(columns) - 1)
    dirty = pc.or_(dirty, pc.match_substring_regex(joined, "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1e]"))
    if pc.any(dirty).as_py():
        columns = [pc.replace_substring_regex(c, _CONTROL, " ") for c in columns]
        joined = _join(columns)
    return columns, joined


class ExportRows:
    """An export's rows as `parse_dossiers` reads them, taken a record batch at a time while the file is
    read (`read_table(path, rows=ExportRows(settings))`): each batch is joined (`_clean_and_join`) and
    let go, only the columns the derived fields come from are kept besides the joined text. The cells
    and their joined copy are then never held whole together.
    """

    HEAD = 20  # rows kept whole, to find a header row below title rows (`_header_row_below`)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.started = False

    def start(self, headers: list[str], clean: bool, width: int | None = None) -> None:
        cols = Columns(headers, self.settings.column_mapping)
        self.width = len(headers) if width is None else width
        self.clean = clean
        self.complete = all(cols.find(label) is not None for label in DS.REQUIRED)
        self.wanted = _wanted(cols, self.settings)
        self.unlabelled = [i for i, label in enumerate(headers) if not label.strip() and i < self.width]
        self.kept: dict[int, list] = {i: [] for i in self.wanted}
        self.as_read: dict[int, list] = {i: [] for i in self.unlabelled}
        self.raws: list = []
        self.positions: list = []
        self.head: list = []
        self.rows = 0
        self.started = True

    def add(self, batch: pa.RecordBatch) -> None:
        if self.rows < self.HEAD:
            self.head.append(batch.slice(0, self.HEAD - self.rows))
        if self.complete:  # else the export is refused before its rows are read: nothing to join
            self.add_columns(batch.columns)
        else:
            self.rows += batch.num_rows

    def add_columns(self, columns: list) -> None:
        rows = len(columns[0])
        for i in self.unlabelled:
            self.as_read[i].append(columns[i])
        columns, raw = _clean_and_join(columns, self.clean)
        keep = pc.fill_null(pc.not_equal(raw, FIELD_SEP * (self.width - 1)), True)  # not an empty row
        if pc.all(keep).as_py():
            self.positions.append(np.arange(self.rows, self.rows + rows))
        else:
            self.positions.append(self.rows + np.flatnonzero(keep.to_numpy(zero_copy_only=False)))
            raw, columns = raw.filter(keep), {i: columns[i].filter(keep) for i in self.wanted}
        for i in self.wanted:
            self.kept[i].append(columns[i])
        self.raws.append(raw)
        self.rows += rows
        if len(self.raws) % 16 == 0:  # the pool keeps freed blocks: give the batches' memory back
            pa.default_memory_pool().release_unused()

    def head_frame(self) -> pd.DataFrame:
        """The first rows, every column (a frame of str, as RawTable.frame)."""
        return pd.DataFrame({i: pd.array(batch_column(self.head, i), dtype="str") for i in range(self.width)})

    def result(self, index: pd.Index | None = None) -> tuple[pd.DataFrame, pd.Series, dict[int, pd.Series]]:
        """The wanted columns (cleaned), the joined raw values, empty rows left out; and the columns
        without a header as read. `index`: the rows' index (default: spreadsheet row minus 2)."""
        index = pd.RangeIndex(self.rows) if index is None else index
        rows = index[np.concatenate(self.positions)] if self.positions else index[:0]

        def series(chunks: list, on: pd.Index) -> pd.Series:
            return pd.Series(pd.array(pa.chunked_array(chunks, pa.large_string()), dtype="str"), index=on)

        frame = pd.DataFrame({i: series(self.kept[i], rows) for i in self.wanted}, index=rows)
        raw = series(self.raws, rows)
        unlabelled = {i: series(self.as_read[i], index) for i in self.unlabelled}
        self.kept, self.raws, self.as_read = {}, [], {}
        pa.default_memory_pool().release_unused()  # the batches' memory, for what comes next
        return frame, raw, unlabelled


def _table_rows(table: RawTable, settings: Settings) -> tuple[ExportRows, pd.Index | None]:
    """ExportRows of a table read whole (a spreadsheet, an API sync, a CSV read without `rows`)."""
    rows = ExportRows(settings)
    batches = table.take_batches(keep=True)
    if batches is not None:
        rows.start(table.headers, table.clean)
        for batch in batches:
            rows.add(batch)
        return rows, None
    frame = table.frame
    columns = [pa.array(frame[c], type=pa.large_string()) for c in frame.columns]
    rows.start(table.headers, table.clean, width=len(columns))
    if columns:
        rows.head = [
            pa.record_batch([c[: rows.HEAD] for c in columns], names=[f"c{i}" for i in range(len(columns))])
        ]
    if rows.complete:
        rows.add_columns(columns)
    return rows, frame.index


def _normalized(series: pd.Series) -> pd.Series:
    """normalize_label over a column, computed once per distinct value."""
    return map_distinct(series, normalize_label, "str")


def _first_bad(mask: pd.Series) -> int:
    """Spreadsheet row (header = 1) of the first True in mask."""
    return int(mask[mask].index[0]) + 2


def _header_row_below(head: pd.DataFrame, mapping: dict[str, str], look: int = 20) -> int | None:
    """Spreadsheet row of the export's header when title rows were added above it, else None."""
    for i, values in enumerate(head.head(look).itertuples(index=False)):
        cols = Columns([str(v) for v in values], mapping)
        if all(cols.find(label) is not None for label in DS.REQUIRED):
            return i + 2
    return None


def _check_unlabelled(unlabelled: dict[int, pd.Series]) -> None:
    """A column without a header is fine when empty (a spreadsheet's trailing column), not with values."""
    for i, values in unlabelled.items():
        filled = values.str.strip() != ""
        if filled.any():
            raise ImportRejected(
                L.INGEST_DOSSIERS["unlabelled_column"].format(row=_first_bad(filled)),
                row=1,
                column=column_letter(i),
            )


def _yes_no(series: pd.Series, cols: Columns, index: int) -> pd.Series:
    text = _normalized(series)
    out = pd.Series(pd.NA, index=series.index, dtype="boolean")
    out[text.isin(DS.YES)] = True
    out[text.isin(DS.NO)] = False
    bad = (text != "") & out.isna()
    if bad.any():
        row = _first_bad(bad)
        raise ImportRejected(
            L.INGEST_DOSSIERS["yes_no"].format(value=series[bad].iloc[0]),
            row=row,
            column=cols.describe(index),
        )
    return out


def _track(frame: pd.DataFrame, cols: Columns, settings: Settings) -> pd.Series:
    track = pd.Series(pd.NA, index=frame.index, dtype="str")
    answers = {normalize_label(a): t.id for t in settings.tracks for a in t.project_answers}
    groups = {normalize_label(g): t.id for t in settings.tracks for g in t.instructor_groups}
    groups.update({normalize_label(t.id): t.id for t in settings.tracks})
    i = cols.find(DS.GROUP)
    if i is not None:
        track = map_distinct(frame[i], lambda v: groups.get(normalize_label(v)), "str")
    i = cols.find(DS.TRACK)
    if i is not None:
        by_answer = map_distinct(frame[i], lambda v: answers.get(normalize_label(v)), "str")
        track = by_answer.where(by_answer.notna(), track)
    return track


def _org_type(frame: pd.DataFrame, cols: Columns) -> pd.Series:
    i = cols.find(DS.ORG)
    if i is None:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    text = _normalized(frame[i])
    assoc = text.str.contains("association", regex=False)
    admin = text.str.contains("administration", regex=False)
    out = pd.Series(pd.NA, index=frame.index, dtype="str")
    out[assoc & admin] = "partenariat"
    out[assoc & ~admin] = "association"
    out[admin & ~assoc] = "administration"
    return out


def _rounds(deposited: pd.Series, settings: Settings) -> tuple[pd.Series, pd.Series]:
    season = pd.Series(pd.NA, index=deposited.index, dtype="str")
    round_ = pd.Series(pd.NA, index=deposited.index, dtype="str")
    for r in settings.rounds:
        inside = (deposited >= pd.Timestamp(r.opens)) & (deposited <= pd.Timestamp(r.closes))
        inside &= round_.isna()
        season[inside] = r.season
        round_[inside] = r.id
    return season, round_


def derive_stage(state: pd.Series, eligible: pd.Series, shortlisted: pd.Series) -> pd.Series:
    """The issue's stage rules, first match wins."""
    stage = pd.Series("depose", index=state.index, dtype="str")
    rules = [
        (state == "sans_suite", "sans_suite"),
        (state == "accepte", "laureat"),
        (eligible.eq(False).fillna(False), "non_eligible"),
        (state == "refuse", "non_retenu"),
        (shortlisted.eq(True).fillna(False), "liste_restreinte"),
        (state == "en_instruction", "en_instruction"),
    ]
    decided = pd.Series(False, index=state.index)
    for mask, name in rules:
        hit = mask.astype(bool) & ~decided
        stage[hit] = name
        decided |= hit
    return stage


def _wanted(cols: Columns, settings: Settings) -> list[int]:
    """The columns the derived fields are read from (the others only go into `raw`)."""
    found = [
        cols.find(label) for label in (DS.ID, DS.STATE, *DATE_COLUMNS, DS.GROUP, DS.TRACK, DS.ORG, DS.PROJECT)
    ]
    found += [
        cols.find(settings.annotations.eligible, last=True),
        cols.find(settings.annotations.shortlist, last=True),
    ]
    return sorted({i for i in found if i is not None})


def parse_dossiers(table: RawTable, settings: Settings, rows: ExportRows | None = None) -> ParsedExport:
    """Validate an export table and derive number, state, dates, track, season, round and stage.

    `rows`: the ExportRows the table's rows went to as it was read (`read_table(..., rows=)`); not used
    when the reader did not call it (a spreadsheet).
    """
    index = None
    if rows is None or not rows.started:
        rows, index = _table_rows(table, settings)
    cols = Columns(table.headers, settings.column_mapping)
    missing = [label for label in DS.REQUIRED if cols.find(label) is None]
    if missing:
        header_row = _header_row_below(rows.head_frame(), settings.column_mapping)
        if header_row:
            raise ImportRejected(
                L.INGEST_DOSSIERS["header_below"].format(row=header_row),
                row=header_row,
            )
        names = ", ".join(L.INGEST_QUOTED.format(name=m) for m in missing)
        found = ", ".join(table.headers[:6])
        if table.sheet and normalize_label(table.sheet) != "dossiers":
            sheets = ", ".join(table.sheets)
            found += L.INGEST_DOSSIERS["no_dossiers_sheet"].format(sheets=sheets)
        raise ImportRejected(L.INGEST_DOSSIERS["missing_columns"].format(names=names, found=found), row=1)
    frame, raw, unlabelled = rows.result(index)
    _check_unlabelled(unlabelled)
    if frame.empty:
        raise ImportRejected(L.INGEST_DOSSIERS["no_dossier"])

    i_id = cols.find(DS.ID)
    ids = frame[i_id].str.strip()
    bad = ~ids.str.fullmatch(r"\d{1,18}")
    if bad.any():
        raise ImportRejected(
            L.INGEST_DOSSIERS["bad_number"].format(value=ids[bad].iloc[0]),
            row=_first_bad(bad),
            column=cols.describe(i_id),
        )
    number = ids.astype("int64")

    i_state = cols.find(DS.STATE)
    state = map_distinct(frame[i_state], lambda v: DS.STATES.get(normalize_label(v)), "str")
    bad = state.isna()
    if bad.any():
        raise ImportRejected(
            L.INGEST_DOSSIERS["bad_state"].format(value=frame[i_state][bad].iloc[0]),
            row=_first_bad(bad),
            column=cols.describe(i_state),
        )

    out = pd.DataFrame({"number": number, "state": state.astype("str")}, index=frame.index)
    for label, name in DATE_COLUMNS.items():
        i = cols.find(label)
        if i is None:
            out[name] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us, UTC]")
            continue
        parsed, bad = parse_datetimes(frame[i], str(settings.timezone))
        if bad.any():
            raise ImportRejected(
                L.INGEST_DOSSIERS["bad_date"].format(value=frame[i][bad].iloc[0]),
                row=_first_bad(bad),
                column=cols.describe(i),
            )
        out[name] = parsed
    no_deposit = out["deposited_at"].isna()
    if no_deposit.any():
        raise ImportRejected(
            L.INGEST_DOSSIERS["no_deposit"],
            row=_first_bad(no_deposit),
            column=cols.describe(cols.find(DS.DEPOSITED)),
        )

    na_bool = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    i = cols.find(settings.annotations.eligible, last=True)
    out["eligible"] = na_bool if i is None else _yes_no(frame[i], cols, i)
    i = cols.find(settings.annotations.shortlist, last=True)
    out["shortlisted"] = na_bool if i is None else _yes_no(frame[i], cols, i)
    out["stage"] = derive_stage(out["state"], out["eligible"], out["shortlisted"])
    out["track"] = _track(frame, cols, settings)
    out["org_type"] = _org_type(frame, cols)
    i = cols.find(DS.PROJECT)
    out["project"] = frame[i].str.strip() if i is not None else pd.Series("", index=frame.index)
    i = cols.find(DS.GROUP)
    out["group_label"] = frame[i].str.strip() if i is not None else pd.Series("", index=frame.index)
    out["season"], out["round"] = _rounds(out["deposited_at"], settings)
    out["raw"] = raw

    duplicated = out["number"].duplicated(keep=False)
    dropped = 0
    if duplicated.any():
        dups = out[duplicated]
        conflicting = dups.groupby("number")["raw"].nunique()
        conflicting = conflicting[conflicting > 1]
        if len(conflicting):
            num = int(conflicting.index[0])
            rows = [int(r) + 2 for r in dups.index[dups["number"] == num]]
            raise ImportRejected(
                L.INGEST_DOSSIERS["conflicting_duplicate"].format(number=num, rows=", ".join(map(str, rows))),
                row=rows[1],
                column=cols.describe(i_id),
            )
        before = len(out)
        out = out.drop_duplicates("number")
        dropped = before - len(out)

    warnings = []
    outside = int(out["round"].isna().sum())
    if outside:
        warnings.append(L.INGEST_DOSSIERS["outside_rounds"].format(count=outside))
    unknown_track = int(out["track"].isna().sum())
    if unknown_track:
        warnings.append(L.INGEST_DOSSIERS["unknown_track"].format(count=unknown_track))
    return ParsedExport(
        out[list(DOSSIER_COLUMNS)].reset_index(drop=True),
        cols.headers,
        outside,
        dropped,
        warnings,
    )
