"""Read the store into DataFrames (datetimes as aware Europe/Paris)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, func, select

from aic_dash import labels as L
from aic_dash.ingest.dossiers import DATE_COLUMNS, DOSSIER_COLUMNS, FIELD_SEP
from aic_dash.ingest.labels import normalize_label
from aic_dash.store import schema as S
from aic_dash.store.db import has_schema, result_frame

TIMEZONE = "Europe/Paris"
# The stored columns of a dossier but its raw export values (large): what lists and pages read.
DOSSIER_LIST_COLUMNS = tuple(c for c in DOSSIER_COLUMNS if c != "raw")
_DATES = tuple(DATE_COLUMNS.values())


@dataclass(frozen=True)
class Filters:
    """The shared filters of the dashboard and the CLI; None means all."""

    season: str | None = None
    round: str | None = None
    track: str | None = None

    def apply(self, stmt, table=S.dossier):
        for name in ("season", "round", "track"):
            value = getattr(self, name)
            if value:
                stmt = stmt.where(table.c[name] == value)
        return stmt


def _known_values(engine: Engine) -> dict[str, set[str]]:
    if not has_schema(engine):
        return {"season": set(), "round": set(), "track": set()}
    with engine.connect() as conn:
        return {
            name: set(
                conn.scalars(select(S.dossier.c[name]).where(S.dossier.c[name].is_not(None)).distinct())
            )
            for name in ("season", "round", "track")
        }


def check_filters(
    engine: Engine, settings, season: str | None, round: str | None, track: str | None
) -> Filters:
    """The filters typed on the command line, as codes (« dinum » → DINUM), or AicError naming the
    values that exist (those of the settings and of the database): an unknown season, round or track
    would otherwise give an empty report that looks like a real one."""
    from aic_dash.errors import AicError

    known = _known_values(engine)
    known["season"] |= {s.id for s in settings.seasons}
    known["round"] |= {r.id for r in settings.rounds}
    known["track"] |= {t.id for t in settings.tracks}
    chosen: dict[str, str | None] = {}
    for name, value in (("season", season), ("round", round), ("track", track)):
        if value is None or not str(value).strip():
            chosen[name] = None
            continue
        by_fold = {k.casefold(): k for k in known[name]}
        code = by_fold.get(str(value).strip().casefold())
        if code is None:
            words = L.STORE_FILTER_WORDS[name]
            raise AicError(
                L.STORE_QUERIES["unknown_filter"].format(
                    unknown=words["unknown"].format(value=value),
                    existing=words["existing"],
                    values=", ".join(sorted(known[name])) or words["none"],
                )
            )
        chosen[name] = code
    if chosen["season"] and chosen["round"]:
        season_of = {r.id: s.id for s in settings.seasons for r in s.rounds}
        if season_of.get(chosen["round"], chosen["season"]) != chosen["season"]:
            raise AicError(
                L.STORE_QUERIES["round_of_other_season"].format(
                    round=chosen["round"], round_season=season_of[chosen["round"]], season=chosen["season"]
                )
            )
    return Filters(chosen["season"], chosen["round"], chosen["track"])


def _localize(frame: pd.DataFrame, columns) -> pd.DataFrame:
    return frame.assign(
        **{
            c: pd.to_datetime(frame[c]).dt.tz_localize("UTC").dt.tz_convert(TIMEZONE)
            for c in columns
            if c in frame
        }
    )


def _copied_frame(conn, stmt, columns: list[str]) -> pd.DataFrame | None:
    """The rows of `stmt` through PostgreSQL's COPY, read by Arrow, with the frame `result_frame` would
    give; None elsewhere (SQLite) or when a column is wholly empty or an integer is missing (pandas' own
    guess from Python values then decides the dtype, as it always has).

    100 000 dossiers as Python values were ~170 MB at once for a 24 MB frame: the Streamlit server's
    memory peak right after an import, when every session reloads them."""
    if conn.dialect.name != "postgresql":
        return None
    import pyarrow as pa
    from pyarrow import csv

    arrow = {int: pa.int64(), str: pa.string(), bool: pa.bool_(), datetime: pa.timestamp("us")}
    try:
        types = {c.name: c.type.python_type for c in stmt.selected_columns}
    except NotImplementedError:
        return None
    if any(types[c] not in arrow for c in columns):
        return None
    column_types = {c: arrow[types[c]] for c in columns}
    sql = stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    data = io.BytesIO()
    with conn.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                data.write(block)
    if not data.tell():  # no row: the Python path gives the empty frame its usual dtypes
        return None
    data.seek(0)
    table = csv.read_csv(
        data,
        read_options=csv.ReadOptions(column_names=columns),
        parse_options=csv.ParseOptions(newlines_in_values=True),
        convert_options=csv.ConvertOptions(
            column_types=column_types,
            null_values=[""],  # COPY writes NULL unquoted and empty, an empty text as ""
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
            true_values=["t"],
            false_values=["f"],
        ),
    )
    del data
    if table.num_rows == 0 or any(
        table[c].null_count == table.num_rows or (types[c] is int and table[c].null_count) for c in columns
    ):
        return None
    return table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=float("nan"))}.get)


def load_dossiers(
    engine: Engine,
    filters: Filters = Filters(),
    columns: tuple[str, ...] = DOSSIER_LIST_COLUMNS,
    changed_after: int | None = None,
) -> pd.DataFrame:
    """Dossiers matching the filters, without their raw fields, ordered by number; with `changed_after`,
    only those an import after that one created or changed."""
    if not has_schema(engine):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    stmt = filters.apply(select(*(S.dossier.c[c] for c in columns))).order_by(S.dossier.c.number)
    if changed_after is not None:
        stmt = stmt.where(S.dossier.c.last_import_id > changed_after)
    with engine.connect() as conn:
        frame = _copied_frame(conn, stmt, list(columns))
        if frame is None:
            frame = result_frame(conn.execute(stmt), list(columns))
    return _localize(frame, _DATES)


def import_mark(engine: Engine, import_id: int) -> tuple | None:
    """What tells one import of this database's history from any other (when it started, its file)."""
    r = S.import_run.c
    with engine.connect() as conn:
        row = conn.execute(select(r.started_at, r.file_name, r.sha256).where(r.id == import_id)).first()
    return None if row is None else tuple(row)


def refresh_dossiers(
    engine: Engine, frame: pd.DataFrame, since: int, mark: tuple | None, columns: tuple[str, ...]
) -> pd.DataFrame | None:
    """`frame`, every dossier as `load_dossiers` read them when import `since` (its `import_mark`) was the
    latest, brought up to date by reading only the dossiers later imports created or changed (each import
    sets `last_import_id` on what it writes; nothing else changes these columns): the frame a full read
    gives, dtypes included. None when that cannot be trusted: read them all again. That is when the
    database's history is not the one `frame` was read from (a restored or rebuilt file), when the count
    differs (a dossier gone, an import committed meanwhile) or when a value would not keep its type.

    After an import the app reads a few hundred dossiers instead of 100 000 (0.6 s on SQLite)."""
    if mark is None or import_mark(engine, since) != mark:
        return None
    fresh = load_dossiers(engine, columns=columns, changed_after=since)
    with engine.connect() as conn:
        total = conn.scalar(select(func.count()).select_from(S.dossier))
    if list(fresh.columns) != list(frame.columns):
        return None
    merged, flags = frame, [c for c in frame.columns if _is_flag(frame[c]) and _is_flag(fresh[c])]
    if len(fresh):
        try:
            cast = fresh.astype({c: t for c, t in frame.dtypes.items() if c not in flags})
        except (TypeError, ValueError):
            return None
        if not cast.isna().equals(fresh.isna()):
            return None  # a value the cast would change (a missing one made a value, or the reverse)
        kept = frame[~frame["number"].isin(fresh["number"])]
        merged = pd.concat([kept, cast], ignore_index=True).sort_values("number", ignore_index=True)
        # Yes / no / missing columns: bool when no value is missing, else object, as a full read infers.
        merged = merged.astype({c: object if merged[c].isna().any() else bool for c in flags})
    kept_types = {c: t for c, t in frame.dtypes.items() if c not in flags}
    if len(merged) != total or any(merged[c].dtype != t for c, t in kept_types.items()):
        return None
    return merged


def _is_flag(column: pd.Series) -> bool:
    """A yes / no column as read: bool, or object holding only True, False and missing values."""
    if column.dtype == bool:
        return True
    return column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) in ("boolean", "empty")


def load_fields(engine: Engine, numbers: list[int] | None = None) -> pd.DataFrame:
    """Long frame (number, position, label, value) of the raw export fields of some dossiers."""
    stmt = select(S.dossier.c.number, S.dossier.c.raw, S.export_layout.c.headers).join(
        S.export_layout, S.export_layout.c.id == S.dossier.c.layout_id
    )
    if numbers is not None:
        stmt = stmt.where(S.dossier.c.number.in_(numbers))
    rows = []
    with engine.connect() as conn:
        for number, raw, headers in conn.execute(stmt):
            labels = json.loads(headers)
            for position, (label, value) in enumerate(zip(labels, raw.split(FIELD_SEP))):
                rows.append((number, position, label, value))
    return pd.DataFrame(rows, columns=["number", "position", "label", "value"])


def dossier_fields(engine: Engine, number: int) -> list[tuple[str, str]]:
    """(label, value) pairs of one dossier, in export order (repeated labels kept)."""
    fields = load_fields(engine, [number])
    return list(zip(fields["label"], fields["value"]))


def dossier_history(engine: Engine, number: int) -> pd.DataFrame:
    """Imports that created or changed one dossier, newest first."""
    c, r = S.dossier_change, S.import_run
    stmt = (
        select(r.c.started_at, r.c.file_name, r.c.source, c.c.change, c.c.previous_stage, c.c.stage)
        .join(r, r.c.id == c.c.import_id)
        .where(c.c.dossier_number == number)
        .order_by(c.c.id.desc())
    )
    with engine.connect() as conn:
        frame = pd.DataFrame(
            conn.execute(stmt).all(),
            columns=["started_at", "file_name", "source", "change", "previous_stage", "stage"],
        )
    return _localize(frame, ["started_at"])


def import_history(engine: Engine, limit: int = 200) -> pd.DataFrame:
    """Import runs, newest first."""
    columns = [c.name for c in S.import_run.columns]
    if not has_schema(engine):
        return pd.DataFrame(columns=columns)
    stmt = select(S.import_run).order_by(S.import_run.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        frame = result_frame(conn.execute(stmt), columns)
    return _localize(frame, ["started_at", "finished_at"])


def last_import_id(engine: Engine) -> int | None:
    """Id of the latest import that stored dossiers (None before the first one): a data version."""
    return data_version(engine) if has_schema(engine) else None


def data_version(engine: Engine) -> int | None:
    """`last_import_id` in one query, without asking first whether the schema is there: raises
    SQLAlchemyError when it is not (the app asks at every run; `ui.data.status` then checks why)."""
    stmt = select(func.max(S.import_run.c.id)).where(S.import_run.c.outcome == "importe")
    with engine.connect() as conn:
        return conn.scalar(stmt)


def import_changes(engine: Engine, import_id: int, change: str | None = None) -> pd.DataFrame:
    """What one import did to dossiers: number, change (cree | modifie), previous_stage, stage.

    `change` keeps one kind only (the modified dossiers of a large first import are few).
    """
    c = S.dossier_change
    stmt = select(c.c.dossier_number, c.c.change, c.c.previous_stage, c.c.stage).where(
        c.c.import_id == import_id
    )
    if change:
        stmt = stmt.where(c.c.change == change)
    with engine.connect() as conn:
        return result_frame(conn.execute(stmt), ["number", "change", "previous_stage", "stage"])


def load_field_values(
    engine: Engine, labels: tuple[str, ...], last_labels: tuple[str, ...] = (), *, last: bool = False
) -> pd.DataFrame:
    """Wide frame indexed by number: one text column per asked label (matched after normalisation).

    The first column with a label of `labels` is read (the last one with `last=True`), and the last
    one for `last_labels` (private annotations come after the form, whose labels they may repeat). A
    dossier whose export has no such column gets None. One pass over the stored rows.
    """
    wanted = [(normalize_label(label), label, last) for label in labels]
    wanted += [(normalize_label(label), label, True) for label in last_labels]
    stmt = select(S.dossier.c.number, S.dossier.c.layout_id, S.dossier.c.raw)
    with engine.connect() as conn:
        positions: dict[int, list[int | None]] = {}
        for row in conn.execute(select(S.export_layout.c.id, S.export_layout.c.headers)):
            normalized = [normalize_label(h) for h in json.loads(row.headers)]
            found = []
            for key, _, take_last in wanted:
                hits = [i for i, h in enumerate(normalized) if h == key]
                found.append((hits[-1] if take_last else hits[0]) if hits else None)
            positions[row.id] = found
        numbers, rows = [], []
        for number, layout_id, raw in conn.execute(stmt):
            values = raw.split(FIELD_SEP)
            numbers.append(number)
            rows.append(
                [values[i] if i is not None and i < len(values) else None for i in positions[layout_id]]
            )
    columns = [label for _, label, _ in wanted]
    frame = pd.DataFrame(rows, columns=columns, index=pd.Index(numbers, name="number"))
    return frame.astype("object")
