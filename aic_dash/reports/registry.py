"""Reports: frames built from the store, written as CSV, French-Excel CSV or XLSX.

One code path for the app's download buttons and the command line: `build_report` gives the frame
(what it is about travels in `frame.attrs`), `render` turns it into bytes in the asked format, and
`render_workbook` puts several reports (a season report) in one XLSX file.

Every writer passes text through `neutralize_formula`, so no cell a manager opens can run a formula.

`frame.attrs` (set by build_report, optional for any other frame) feeds the spreadsheet formats:
`report` (name: sheet title), `filters` (dict season/round/track), `generated_at`, `round_labels`
(round id -> label), `imports` (list of dicts) and `personal_data` (bool). Missing keys are left out
of the « À propos » sheet rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict

import pandas as pd
import xlsxwriter
from sqlalchemy import Engine, MetaData, Table, inspect, select

from aic_dash import labels
from aic_dash.analytics.pipeline import stage_counts
from aic_dash.errors import AicError
from aic_dash.ingest.labels import normalize_label
from aic_dash.programme.form import EMAIL_LABEL, FIRST_NAME_LABEL, LAST_NAME_LABEL, PHONE_LABEL, ROLE_LABEL
from aic_dash.store import audit
from aic_dash.store import schema as S
from aic_dash.store.db import has_schema
from aic_dash.store.queries import TIMEZONE, Filters, import_history, load_dossiers, load_fields

# ---------------------------------------------------------------------------------------------------
# The reports


def pipeline_report(engine: Engine, filters: Filters) -> pd.DataFrame:
    """season, round, track, stage, applications."""
    return stage_counts(load_dossiers(engine, filters))


def applications_report(engine: Engine, filters: Filters) -> pd.DataFrame:
    """One row per dossier; no personal data."""
    d = load_dossiers(engine, filters)
    return pd.DataFrame(
        {
            "dossier": d["number"].astype("int64"),
            "season": d["season"],
            "round": d["round"],
            "track": d["track"],
            "stage": d["stage"],
            "state": d["state"],
            "project": d["project"],
            "org_type": d["org_type"],
            "deposited_at": d["deposited_at"],
            "instructed_at": d["instructed_at"],
            "processed_at": d["processed_at"],
        }
    )


REPORTS: dict[str, Callable[[Engine, Filters], pd.DataFrame]] = {
    "pipeline": pipeline_report,
    "applications": applications_report,
}


def _register_feature_reports() -> None:
    """The jury and follow-up features keep their report builders beside their analytics."""
    from aic_dash.reports.followup import REPORTS as FOLLOWUP_REPORTS
    from aic_dash.reports.jury import REPORTS as JURY_REPORTS

    REPORTS.update(JURY_REPORTS)
    REPORTS.update(FOLLOWUP_REPORTS)


_register_feature_reports()
FORMATS = ("csv", "excel-csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv",
    "excel-csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {"csv": ".csv", "excel-csv": ".csv", "xlsx": ".xlsx"}

# ---------------------------------------------------------------------------------------------------
# Personal data: only on request, and every request is written to the audit trail

PERSONAL_DATA_ACTION = "export_donnees_personnelles"
_APPLICANT_EMAIL = normalize_label("Email")  # DS fixed column: the e-mail of the filing account
_ROLE = normalize_label(ROLE_LABEL)  # closes each referent block of the form
_REFERENT_FIELDS = {
    normalize_label(LAST_NAME_LABEL): "last_name",
    normalize_label(FIRST_NAME_LABEL): "first_name",
    normalize_label(EMAIL_LABEL): "email",
    normalize_label(PHONE_LABEL): "phone",
}
PERSONAL_COLUMNS = ("applicant_email",) + tuple(
    f"referent{block}_{field}" for block in (1, 2) for field in _REFERENT_FIELDS.values()
)
_FIELDS_BATCH = 5000  # dossier numbers per query: below SQLite's bound-parameter limit


def dossier_contacts(engine: Engine, numbers: Sequence[int]) -> pd.DataFrame:
    """Applicant e-mail and the two referents' names, e-mails and phones, indexed by dossier number.

    Read in batches, each reduced to its contacts at once, so memory stays flat however many dossiers.
    """
    numbers = list(numbers)
    batches = (numbers[i : i + _FIELDS_BATCH] for i in range(0, len(numbers), _FIELDS_BATCH))
    found = [_contacts(load_fields(engine, batch)) for batch in batches]
    empty = pd.DataFrame(
        {c: pd.Series(dtype="str") for c in PERSONAL_COLUMNS}, index=pd.Index([], name="number")
    )
    return pd.concat([empty, *(f for f in found if len(f))]).astype("str").rename_axis("number")


def _contacts(fields: pd.DataFrame) -> pd.DataFrame:
    """Long raw fields (number, position, label, value) -> one row of PERSONAL_COLUMNS per dossier.

    Labels repeat in the export (`Nom` is the applicant's, then each referent's): a referent field is
    the last one of its label before the block's `Rôle et responsabilités dans le projet`.
    """
    if fields.empty:
        return fields.iloc[:0]
    norm = fields["label"].map({label: normalize_label(label) for label in fields["label"].unique()})
    fields = fields.assign(norm=norm, value=fields["value"].replace("", pd.NA))
    email = fields[fields["norm"] == _APPLICANT_EMAIL].drop_duplicates("number").set_index("number")
    roles = fields.loc[fields["norm"] == _ROLE, ["number", "position"]].sort_values(["number", "position"])
    roles = roles.assign(block=roles.groupby("number").cumcount() + 1)
    referents = pd.merge_asof(
        fields[fields["norm"].isin(_REFERENT_FIELDS)].sort_values("position"),
        roles.sort_values("position"),
        on="position",
        by="number",
        direction="forward",
    ).dropna(subset=["block"])
    referents = (
        referents.assign(
            column="referent"
            + referents["block"].astype("int64").astype("str")
            + "_"
            + referents["norm"].map(_REFERENT_FIELDS)
        )
        .sort_values("position")
        .drop_duplicates(["number", "column"], keep="last")
        .pivot(index="number", columns="column", values="value")
    )
    contacts = referents.join(email["value"].rename("applicant_email"), how="outer")
    return contacts.reindex(columns=list(PERSONAL_COLUMNS))


def _applications_personal_data(engine: Engine, frame: pd.DataFrame) -> pd.DataFrame:
    contacts = dossier_contacts(engine, frame["dossier"].tolist())
    return frame.join(contacts, on="dossier").reindex(columns=[*frame.columns, *PERSONAL_COLUMNS])


# Reports that can carry personal data -> the function that adds it.
PERSONAL_DATA: dict[str, Callable[[Engine, pd.DataFrame], pd.DataFrame]] = {
    "applications": _applications_personal_data,
}

# ---------------------------------------------------------------------------------------------------
# Building


def _paris_now() -> dt.datetime:
    """Now, as naive Paris wall-clock time to the second (what a spreadsheet can hold)."""
    return pd.Timestamp.now(tz=TIMEZONE).tz_localize(None).floor("s").to_pydatetime()


def _round_labels(engine: Engine) -> dict[str, str]:
    if not has_schema(engine):
        return {}
    with engine.connect() as conn:
        return dict(conn.execute(select(S.round_.c.id, S.round_.c.label)).all())


def _source_imports(engine: Engine, frame: pd.DataFrame, filters: Filters, report: str | None) -> set[int]:
    """Ids of the imports the report's rows come from: those that created or changed its dossiers (its
    `dossier` column, else the dossiers the filters keep), the jury grids that scored them, and for a
    follow-up report the follow-up files."""
    d, c = S.dossier, S.dossier_change
    where = [d.c[name] == value for name, value in asdict(filters).items() if value]
    with engine.connect() as conn:
        rows = conn.execute(select(d.c.number, d.c.first_import_id, d.c.last_import_id).where(*where)).all()
        changes = conn.execute(
            select(c.c.dossier_number, c.c.import_id).join(d, d.c.number == c.c.dossier_number).where(*where)
        ).all()
        reviews = []
        if inspect(conn).has_table("jury_review"):
            jury = Table("jury_review", MetaData(), autoload_with=conn)
            reviews = conn.execute(
                select(jury.c.dossier_number, jury.c.import_id)
                .join(d, d.c.number == jury.c.dossier_number)
                .where(*where)
            ).all()
        followup = []
        if report in FOLLOWUP_REPORT_NAMES:
            followup = conn.scalars(select(S.import_run.c.id).where(S.import_run.c.kind == "suivi")).all()
    numbers = set(frame["dossier"].dropna().astype("int64")) if "dossier" in frame.columns else None

    def kept(number: int) -> bool:
        return numbers is None or number in numbers

    ids = {i for n, first, last in rows if kept(n) for i in (first, last)}
    ids |= {i for n, i in changes if kept(n)} | {i for n, i in reviews if kept(n)}
    return ids | set(followup)


# Reports about laureates' follow-up: their rows come from the follow-up files too.
FOLLOWUP_REPORT_NAMES = frozenset({"laureates", "progress"})


def _imports(
    engine: Engine,
    frame: pd.DataFrame | None = None,
    filters: Filters = Filters(),
    report: str | None = None,
) -> list[dict]:
    """The successful imports the rows of `frame` come from, oldest first, for the « À propos » sheet
    (every successful import when no frame is given)."""
    runs = import_history(engine, limit=1_000_000)
    runs = runs[runs["outcome"] == "importe"]
    if frame is not None and len(runs):
        runs = runs[runs["id"].isin(_source_imports(engine, frame, filters, report))]
    return [
        {
            "file_name": r.file_name,
            "started_at": r.started_at.tz_localize(None).to_pydatetime(),
            "source": r.source,
            "rows": r.rows,
            "created": r.created,
            "updated": r.updated,
        }
        for r in runs.iloc[::-1].itertuples()
    ]


def build_report(
    name: str,
    engine: Engine,
    filters: Filters = Filters(),
    *,
    with_personal_data: bool = False,
    user: str | None = None,
) -> pd.DataFrame:
    """The report's frame (snake_case columns, codes, aware datetimes).

    `frame.attrs` says what it is (report, filters, date, imports) for the spreadsheet formats.
    With `with_personal_data`, contact columns are added and the export is recorded in the audit
    trail under `user` (default: the operating-system user).
    """
    if name not in REPORTS:
        raise AicError(f"Rapport « {name} » inconnu. Rapports disponibles : {', '.join(REPORTS)}.")
    if with_personal_data and name not in PERSONAL_DATA:
        raise AicError(
            f"Le rapport « {name} » ne contient pas de données personnelles : retirez l'option "
            f"« données personnelles ». Rapports qui en ont : {', '.join(PERSONAL_DATA)}."
        )
    frame = REPORTS[name](engine, filters)
    if with_personal_data:
        frame = PERSONAL_DATA[name](engine, frame)
        audit.record(
            engine,
            user,
            PERSONAL_DATA_ACTION,
            f"rapport:{name}",
            {
                "report": name,
                "filters": asdict(filters),
                "rows": len(frame),
                "columns": list(PERSONAL_COLUMNS),
            },
        )
    frame.attrs = {
        "report": name,
        "filters": asdict(filters),
        "generated_at": _paris_now(),
        "round_labels": _round_labels(engine),
        "imports": _imports(engine, frame, filters, name),
        "personal_data": with_personal_data,
    }
    return frame


def build_season_report(
    engine: Engine,
    season: str,
    filters: Filters | None = None,
    *,
    with_personal_data: bool = False,
    user: str | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> list[pd.DataFrame]:
    """Every registered report (REPORTS, at call time) for one season, in registry order.

    `with_personal_data` applies to the reports that can carry it (PERSONAL_DATA); each is audited.
    `progress(report name, fraction of the season report done)` is called before each report.
    """
    base = filters or Filters()
    filters = Filters(season, base.round, base.track)
    frames = []
    for i, name in enumerate(REPORTS):
        if progress:
            progress(name, i / len(REPORTS))
        personal = with_personal_data and name in PERSONAL_DATA
        frames.append(build_report(name, engine, filters, with_personal_data=personal, user=user))
    return frames


def file_name(name: str, fmt: str, filters: Filters = Filters()) -> str:
    """A download name such as `aic-applications-2023-excel.csv`."""
    parts = ["aic", name, *(v for v in (filters.season, filters.round, filters.track) if v)]
    if fmt == "excel-csv":
        parts.append("excel")
    return re.sub(r"[^\w.-]+", "_", "-".join(parts)) + EXTENSIONS[fmt]


# ---------------------------------------------------------------------------------------------------
# Safety: text that a spreadsheet would read as a formula

# OWASP "CSV injection" and ASVS 5.0 §1.2.10; full-width forms because some spreadsheets fold them.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\x00＝＋－＠")


def neutralize_formula(value: object) -> object:
    """A text starting like a formula gets a leading apostrophe; anything else is returned unchanged."""
    if isinstance(value, str) and value and value[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def _neutralize(series: pd.Series) -> pd.Series:
    return series.map(neutralize_formula, na_action="ignore")


# ---------------------------------------------------------------------------------------------------
# What a column holds, for the spreadsheet formats


def _kind(series: pd.Series) -> str:
    """datetime | date | bool | number | text."""
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        # pandas has no date dtype: a naive column of midnights holds dates; aware ones are events.
        present = series.dropna()
        if series.dt.tz is None and len(present) and (present == present.dt.normalize()).all():
            return "date"
        return "datetime"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    if pd.api.types.is_object_dtype(dtype):
        # Python objects: typed only when every value has the same type (datetime before date: subclass).
        types = set(series.dropna().map(type))
        for kind, kind_type in (("datetime", dt.datetime), ("date", dt.date), ("bool", bool)):
            if types and all(issubclass(t, kind_type) for t in types):
                return kind
    return "text"


def _wall_clock(series: pd.Series) -> pd.Series:
    """Datetimes as naive Paris wall-clock time (spreadsheets have no time zones)."""
    try:
        series = pd.to_datetime(series)
    except ValueError:  # Python datetimes with several UTC offsets
        series = pd.to_datetime(series, utc=True)
    if series.dt.tz is not None:
        series = series.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    return series


def french_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a manager reads it: codes as French words, round ids as their labels.

    Column names stay snake_case (see `french_headers`), dtypes stay as they are.
    """
    mappings = {c: m for c, m in labels.VALUE_LABELS.items() if c in frame.columns}
    rounds = frame.attrs.get("round_labels") or {}
    if "round" in frame.columns and rounds:
        mappings["round"] = rounds
    return frame.assign(**{c: frame[c].replace(m) for c, m in mappings.items()})


def french_headers(frame: pd.DataFrame) -> list[str]:
    """French column headers (labels.COLUMNS; a column without a label keeps its name)."""
    return [str(neutralize_formula(labels.COLUMNS.get(c, str(c)))) for c in frame.columns]


# ---------------------------------------------------------------------------------------------------
# CSV


def _iso(series: pd.Series) -> pd.Series:
    """Aware datetimes as ISO 8601 text with their offset (2023-04-28T11:52:07+02:00); NaT as ''."""
    local = series.dt.tz_localize(None)
    minutes = (local - series.dt.tz_convert("UTC").dt.tz_localize(None)) / pd.Timedelta(minutes=1)
    # Few distinct offsets: format each once (strftime's %z is slow on aware values).
    offsets = {
        m: f"{'-' if m < 0 else '+'}{int(abs(m)) // 60:02d}:{int(abs(m)) % 60:02d}"
        for m in minutes.dropna().unique()
    }
    if not offsets:  # no date at all (an empty database, a round where nothing is decided yet)
        return pd.Series("", index=series.index, dtype="str")
    return (local.dt.strftime("%Y-%m-%dT%H:%M:%S") + minutes.map(offsets)).fillna("")


_LINE_BREAK = re.compile(r"\r\n?")


def _csv_text(value: object) -> object:
    # Python's csv module quotes a value holding "\n" (the line ending) but not a lone "\r".
    value = neutralize_formula(value)
    return _LINE_BREAK.sub("\n", value) if isinstance(value, str) else value


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8, comma, LF, snake_case headers, codes as they are, ISO 8601 dates with offset.

    Line breaks inside a value are written as LF, the file's own line ending.
    """
    out = frame.assign(
        **{
            c: _iso(frame[c])
            if isinstance(frame[c].dtype, pd.DatetimeTZDtype)
            else frame[c].map(_csv_text, na_action="ignore")
            for c in frame.columns
            if isinstance(frame[c].dtype, pd.DatetimeTZDtype) or _kind(frame[c]) == "text"
        }
    )
    buffer = io.StringIO()
    out.to_csv(
        buffer, index=False, lineterminator="\n", header=[str(_csv_text(str(c))) for c in frame.columns]
    )
    return buffer.getvalue().encode("utf-8")


# Event times matter to the minute (a round closes at noon), so datetimes keep their time.
EXCEL_DATETIME = "%d/%m/%Y %H:%M"
EXCEL_DATE = "%d/%m/%Y"
DECIMALS = 2  # means, spreads, normalised scores: two decimals are all a jury reads


def _excel_csv_column(series: pd.Series) -> pd.Series:
    kind = _kind(series)
    if kind == "datetime":
        return _wall_clock(series).dt.strftime(EXCEL_DATETIME)
    if kind == "date":
        return pd.to_datetime(series).dt.strftime(EXCEL_DATE)
    if kind == "bool":
        return series.map(labels.BOOLEANS, na_action="ignore")
    if kind == "number":
        if pd.api.types.is_float_dtype(series):
            return series.map(_excel_number, na_action="ignore")
        return series
    return _neutralize(series)


def _excel_number(value: float) -> str:
    """80000.0 -> `80000`, 2.1666666666666665 -> `2,17`: no float noise in a French spreadsheet."""
    if not math.isfinite(value):
        return ""
    rounded = round(value, DECIMALS)
    if rounded == round(rounded):
        return str(int(rounded))
    return f"{rounded:.{DECIMALS}f}".rstrip("0").replace(".", ",")


def to_excel_csv(frame: pd.DataFrame) -> bytes:
    """For a double click in French Excel: UTF-8 with BOM, `;`, decimal comma, CRLF, French headers
    and words, datetimes `dd/mm/yyyy HH:MM` in Paris time, dates (see `_kind`) `dd/mm/yyyy`."""
    shown = french_frame(frame)
    out = pd.DataFrame({i: _excel_csv_column(shown.iloc[:, i]) for i in range(shown.shape[1])})
    out.columns = french_headers(frame)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, sep=";", decimal=",", lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------------------------------------------
# XLSX

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
XLSX_DATETIME = "dd/mm/yyyy hh:mm"
XLSX_DATE = "dd/mm/yyyy"
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def _xlsx_text(values: pd.Series) -> pd.Series:
    """Text as xlsxwriter's in-line strings need it.

    xlsxwriter escapes & < > and control characters, but writes a string that starts with `<r>` and
    ends with `</r>` as raw rich-text XML, so `<r>…</r>` in a project name would be markup: such values
    become one escaped text run, which Excel shows as the original text.
    """
    rich = values.str.startswith("<r>", na=False) & values.str.endswith("</r>", na=False)
    if not rich.any():
        return values
    escaped = values[rich].str.replace("&", "&amp;").str.replace("<", "&lt;").str.replace(">", "&gt;")
    return values.mask(rich, '<r><t xml:space="preserve">' + escaped + "</t></r>")


def _cell_text(value: object) -> str:
    """One text cell of the « À propos » sheet, made safe like the table cells."""
    return _xlsx_text(pd.Series([str(neutralize_formula(str(value)))], dtype="str")).iloc[0]


def _cells(values: pd.Series) -> list:
    """Python values with None for missing ones (no cell is written for None)."""
    return values.astype(object).where(values.notna(), None).tolist()


class _Styles:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.header = book.add_format({"bold": True, "bg_color": "#f6f6f6", "bottom": 1})
        self.datetime = book.add_format({"num_format": XLSX_DATETIME})
        self.date = book.add_format({"num_format": XLSX_DATE})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.bold = book.add_format({"bold": True})
        self.decimal = book.add_format({"num_format": "0.00"})


def _xlsx_column(series: pd.Series, styles: _Styles) -> tuple[str, list, object, int]:
    """(write method, cell values, cell format, width) of one column."""
    kind = _kind(series)
    if kind in ("datetime", "date"):
        serial = (_wall_clock(series) - _EXCEL_EPOCH) / pd.Timedelta(days=1)
        fmt = styles.datetime if kind == "datetime" else styles.date
        return "write_number", _cells(serial), fmt, 17 if kind == "datetime" else 11
    if kind == "bool":
        return "write_boolean", _cells(series), None, 6
    if kind == "number":
        numeric = pd.to_numeric(series).astype("float64")
        finite = numeric.where(numeric.abs() != float("inf"))
        longest = int(finite.abs().max()) if finite.notna().any() else 0
        fractional = pd.api.types.is_float_dtype(series) and bool((finite.dropna() % 1 != 0).any())
        if fractional:  # means and deviations: stored rounded, shown with two decimals
            return "write_number", _cells(finite.round(DECIMALS)), styles.decimal, len(f"{longest:,}") + 4
        return "write_number", _cells(finite), None, len(f"{longest:,}") + 3
    text = _neutralize(series.astype("str").where(series.notna())).astype("str")
    longest = int(text.str.len().max()) if text.notna().any() else 0
    return "write_string", _cells(_xlsx_text(text)), None, longest + 2


def _sheet_name(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip("' ")[:31] or labels.ABOUT_REPORT
    base, n = name, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def _write_table(sheet, frame: pd.DataFrame, styles: _Styles) -> None:
    """One report on one sheet: bold frozen header, autofilter, widths, typed cells, rows in order
    (constant_memory mode)."""
    shown = french_frame(frame)
    headers = french_headers(frame)
    columns = [_xlsx_column(shown.iloc[:, i], styles) for i in range(shown.shape[1])]
    for c, (header, (_, _, fmt, width)) in enumerate(zip(headers, columns)):
        sheet.set_column(c, c, min(max(width, len(header) + 2, _MIN_WIDTH), _MAX_WIDTH), fmt)
    sheet.freeze_panes(1, 0)
    if headers:
        sheet.autofilter(0, 0, max(len(shown), 1), len(headers) - 1)
    for c, header in enumerate(headers):
        sheet.write_string(0, c, header, styles.header)
    writers = [getattr(sheet, method) for method, _, _, _ in columns]
    formats = [fmt for _, _, fmt, _ in columns]
    for r, row in enumerate(zip(*(values for _, values, _, _ in columns)), start=1):
        for c, value in enumerate(row):
            if value is not None:
                writers[c](r, c, value, formats[c])


def _filters_text(filters: dict, rounds: dict) -> str:
    parts = []
    for key, name in labels.FILTER_NAMES.items():
        value = filters.get(key)
        shown = rounds.get(value, value) if key == "round" else value
        parts.append(f"{name} : {shown or labels.FILTER_ALL[key]}")
    text = " ; ".join(parts)
    return text[:1].upper() + text[1:]


def _write_about(
    sheet, frames: Sequence[pd.DataFrame], titles: list[str], title: str, styles: _Styles
) -> None:
    first = frames[0].attrs if frames else {}
    text = sheet.write_string
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 5, 16)
    text(0, 0, _cell_text(title), styles.title)
    row = 2
    if len(frames) == 1:
        text(row, 0, labels.ABOUT_REPORT, styles.bold)
        text(row, 1, _cell_text(titles[0]))
        row += 1
        text(row, 0, labels.ABOUT_ROWS, styles.bold)
        sheet.write_number(row, 1, len(frames[0]))
        row += 1
    else:
        text(row, 0, labels.ABOUT_SHEETS, styles.bold)
        for sheet_title, frame in zip(titles, frames):
            text(row, 1, _cell_text(sheet_title))
            sheet.write_number(row, 2, len(frame))
            row += 1
    if "filters" in first:  # frames that did not come from build_report say nothing they cannot know
        text(row, 0, labels.ABOUT_FILTERS, styles.bold)
        text(row, 1, _cell_text(_filters_text(first["filters"] or {}, first.get("round_labels") or {})))
        row += 1
    text(row, 0, labels.ABOUT_GENERATED_AT, styles.bold)
    sheet.write_datetime(row, 1, first.get("generated_at") or _paris_now(), styles.datetime)
    row += 1
    text(row, 0, labels.ABOUT_PERSONAL_DATA, styles.bold)
    personal = any(f.attrs.get("personal_data") for f in frames)
    text(row, 1, labels.ABOUT_PERSONAL_YES if personal else labels.ABOUT_PERSONAL_NO, styles.wrap)
    row += 1
    text(row, 0, labels.ABOUT_TIMEZONE)
    if "imports" not in first:
        return
    row += 2
    text(row, 0, labels.ABOUT_IMPORTS, styles.bold)
    row += 1
    if not first["imports"]:
        text(row, 0, labels.ABOUT_NO_IMPORT)
        return
    for c, header in enumerate(labels.ABOUT_IMPORT_COLUMNS):
        text(row, c, header, styles.header)
    for run in first["imports"]:
        row += 1
        text(row, 0, _cell_text(run["file_name"]))
        sheet.write_datetime(row, 1, run["started_at"], styles.datetime)
        text(row, 2, _cell_text(run["source"]))
        for c, key in enumerate(("rows", "created", "updated"), start=3):
            if run[key] is not None and not pd.isna(run[key]):
                sheet.write_number(row, c, run[key])


def _title(frame: pd.DataFrame) -> str:
    name = frame.attrs.get("report", "")
    return labels.REPORT_TITLES.get(name, name or labels.ABOUT_REPORT)


def render_workbook(frames: Sequence[pd.DataFrame], title: str | None = None) -> bytes:
    """An XLSX workbook: the « À propos » sheet, then one sheet per frame.

    Typed cells (numbers, dates as Paris wall-clock dates, booleans), text never written as a formula.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    styles = _Styles(book)
    titles = [_title(f) for f in frames]
    title = title or (titles[0] if len(frames) == 1 else labels.ABOUT_REPORT)
    book.set_properties(
        {"title": title, "author": "aic-dash", "company": "Accélérateur d'initiatives citoyennes"}
    )
    taken = {labels.ABOUT_SHEET.casefold()}
    about = book.add_worksheet(labels.ABOUT_SHEET)
    sheets = [book.add_worksheet(_sheet_name(t, taken)) for t in titles]
    _write_about(about, frames, titles, title, styles)
    for sheet, frame in zip(sheets, frames):
        _write_table(sheet, frame, styles)
    book.close()
    return buffer.getvalue()


def to_xlsx(frame: pd.DataFrame) -> bytes:
    """One report as an XLSX workbook (see `render_workbook`)."""
    return render_workbook([frame])


def season_title(season: str) -> str:
    return labels.SEASON_REPORT_TITLE.format(season=season)


WRITERS: dict[str, Callable[[pd.DataFrame], bytes]] = {
    "csv": to_csv,
    "excel-csv": to_excel_csv,
    "xlsx": to_xlsx,
}


def render(frame: pd.DataFrame, fmt: str) -> bytes:
    """The frame as the bytes of a file in `fmt` (one of FORMATS)."""
    if fmt not in WRITERS:
        raise AicError(f"Format « {fmt} » inconnu. Formats disponibles : {', '.join(FORMATS)}.")
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()  # a named index (a page's pivot table) is data: keep it as columns
    return WRITERS[fmt](frame)
