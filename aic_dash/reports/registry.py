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

import re
from collections.abc import Callable
from dataclasses import asdict

import pandas as pd
from sqlalchemy import Engine, MetaData, Table, inspect, select

from aic_dash.errors import AicError
from aic_dash.reports import dossiers, followup, jury
from aic_dash.reports.dossiers import PERSONAL_COLUMNS, PERSONAL_DATA, PERSONAL_DATA_ACTION
from aic_dash.reports.formats import EXTENSIONS, paris_now
from aic_dash.store import audit
from aic_dash.store import schema as S
from aic_dash.store.db import has_schema
from aic_dash.store.queries import Filters, import_history

# Every report by name: the dossier reports, then the jury's and the follow-up's.
REPORTS: dict[str, Callable[[Engine, Filters], pd.DataFrame]] = {
    **dossiers.REPORTS,
    **jury.REPORTS,
    **followup.REPORTS,
}

# ---------------------------------------------------------------------------------------------------
# Building


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
        "generated_at": paris_now(),
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
