"""Jury scores in the store: import a grid in one transaction, read scores (grids and DS annotations).

Tables live on the shared `schema.metadata`; migration 0003 creates them. A review is one juror's
scoring of one dossier (conflict of interest, comment); its scores are one row per criterion filled in.
Importing a grid again replaces each listed juror's reviews of the listed dossiers, nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    Engine,
    delete,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.errors import ImportRejected
from aic_dash.ingest.dossiers import FIELD_SEP
from aic_dash.ingest.jury import (
    SCORE_COLUMNS,
    ParsedGrid,
    annotation_labels,
    annotation_scores,
    mapped,
    parse_jury_grid,
)
from aic_dash.ingest.labels import normalize_label
from aic_dash.ingest.readers import read_table
from aic_dash.store import schema as S
from aic_dash.store.db import has_schema, upgrade
from aic_dash.store.import_runs import ImportResult, record_rejection, refuse_stored, run_base, running
from aic_dash.store.imports import bulk_insert
from aic_dash.store.queries import Filters
from aic_dash.store.schema import jury_review, jury_score

Progress = Callable[[str, float], None]
IMPORT_KIND = "jury"
SOURCE_GRID = "grille"
SOURCE_ANNOTATIONS = "annotations"

# What `load_scores` returns: one row per review and criterion of the programme (score NaN if not given).
LOADED_COLUMNS = ("dossier", "juror", "criterion", "score", "conflict", "comment", "source")


@dataclass
class JuryImportResult(ImportResult):
    """An ImportResult whose counts are reviews (one dossier scored by one juror), not dossiers."""

    jurors: int = 0

    def summary(self) -> str:
        if not self.ok:
            return self.error
        text = L.STORE_JURY["summary"].format(
            file_name=self.file_name,
            rows=self.rows,
            jurors=self.jurors,
            detected=self.detected,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )
        if self.warnings:
            text += " ; " + " ".join(self.warnings)
        return text


def _rejected(engine: Engine, base: dict, exc: ImportRejected, file_name: str) -> JuryImportResult:
    message = str(exc.with_file(file_name))
    run_id = record_rejection(engine, base, message)
    return JuryImportResult(file_name, False, base.get("detected", ""), error=message, import_id=run_id)


def _dossier_status(engine: Engine) -> pd.Series:
    """Every dossier in the store, by number: True when it went before the jury (shortlisted, laureate)."""
    d = S.dossier
    with engine.connect() as conn:
        rows = conn.execute(select(d.c.number, d.c.stage, d.c.shortlisted)).all()
    return pd.Series(
        [bool(shortlisted) or stage == "laureat" for _, stage, shortlisted in rows],
        index=[int(r[0]) for r in rows],
        dtype=bool,
    )


def _existing(conn, parsed: ParsedGrid, keys: pd.Series) -> dict[tuple[int, str], tuple]:
    """(dossier, juror_key) -> (conflict, comment, {criterion: score}) of the reviews the file replaces."""
    dossiers = [int(d) for d in parsed.scores["dossier"].unique()]
    wanted = set(zip(parsed.scores["dossier"].tolist(), keys.tolist()))
    found: dict[tuple[int, str], tuple] = {}
    r, s = jury_review, jury_score
    for juror_key in sorted(set(keys)):
        rows = conn.execute(
            select(r.c.dossier_number, r.c.conflict, r.c.comment).where(
                r.c.juror_key == juror_key, r.c.dossier_number.in_(dossiers)
            )
        ).all()
        scores = conn.execute(
            select(s.c.dossier_number, s.c.criterion, s.c.score).where(
                s.c.juror_key == juror_key, s.c.dossier_number.in_(dossiers)
            )
        ).all()
        by_dossier: dict[int, dict[int, float]] = {}
        for dossier, criterion, score in scores:
            by_dossier.setdefault(int(dossier), {})[int(criterion)] = float(score)
        for dossier, conflict, comment in rows:
            if (int(dossier), juror_key) in wanted:
                found[(int(dossier), juror_key)] = (
                    bool(conflict),
                    comment or "",
                    by_dossier.get(int(dossier), {}),
                )
    return found


def _write(conn, parsed: ParsedGrid, import_id: int) -> tuple[int, int, int]:
    """Replace the reviews of the file's (juror, dossier) pairs; return (created, updated, unchanged)."""
    scores = parsed.scores.assign(juror_key=mapped(parsed.scores["juror"], normalize_label))
    existing = _existing(conn, parsed, scores["juror_key"])
    reviews = scores.drop_duplicates(["dossier", "juror_key"])[
        ["dossier", "juror_key", "juror", "conflict", "comment"]
    ]
    given: dict[tuple[int, str], dict[int, float]] = {}
    for dossier, juror_key, criterion, score in zip(
        *(scores[c].tolist() for c in ("dossier", "juror_key", "criterion", "score"))
    ):
        mine = given.setdefault((int(dossier), juror_key), {})
        if pd.notna(score):
            mine[int(criterion)] = float(score)
    created = updated = unchanged = 0
    for dossier, juror_key, conflict, comment in zip(
        *(reviews[c].tolist() for c in ("dossier", "juror_key", "conflict", "comment"))
    ):
        key = (int(dossier), juror_key)
        if key not in existing:
            created += 1
        elif existing[key] == (bool(conflict), comment or "", given[key]):
            unchanged += 1
        else:
            updated += 1
    for juror_key, dossiers in reviews.groupby("juror_key")["dossier"]:
        numbers = [int(d) for d in dossiers]
        for table in (jury_score, jury_review):
            conn.execute(
                delete(table).where(table.c.juror_key == juror_key, table.c.dossier_number.in_(numbers))
            )
    bulk_insert(
        conn,
        jury_review,
        reviews.assign(comment=reviews["comment"].where(reviews["comment"] != "", None), import_id=import_id)
        .astype({"dossier": "int64", "conflict": bool})
        .rename(columns={"dossier": "dossier_number"}),
    )
    filled = scores[scores["score"].notna()][["dossier", "juror_key", "criterion", "score"]]
    if len(filled):
        bulk_insert(conn, jury_score, filled.rename(columns={"dossier": "dossier_number"}))
    return created, updated, unchanged


def import_jury_grid(
    engine: Engine,
    settings: Settings,
    data: bytes,
    file_name: str,
    user: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one jury grid (bytes) in one transaction. Never raises for bad input: see `.error`.

    A rejected file leaves the database as it was and is listed in the import history (kind "jury").
    """
    upgrade(engine)
    base = run_base(IMPORT_KIND, file_name, data, user=user)
    try:
        if progress:
            progress(L.STORE_PROGRESS["reading"], 0.0)
        table = read_table(data)
        base["detected"] = table.describe()
        if progress:
            progress(L.STORE_PROGRESS["checking"], 0.0)
        before_jury = _dossier_status(engine)
        if before_jury.empty:
            raise ImportRejected(L.STORE_JURY["no_dossier"])
        parsed = parse_jury_grid(table, settings, known_dossiers=before_jury.index)
    except ImportRejected as exc:
        return _rejected(engine, base, exc, file_name)

    warnings = list(parsed.warnings)
    scored = parsed.scores["dossier"].drop_duplicates()
    not_shortlisted = int((~scored.map(before_jury).astype(bool)).sum())
    if not_shortlisted:
        warnings.append(L.STORE_JURY["not_shortlisted"].format(count=not_shortlisted))
    result = JuryImportResult(file_name, True, base["detected"], rows=parsed.reviews, warnings=warnings)
    result.jurors = len({normalize_label(j) for j in parsed.jurors})
    try:
        with running(engine, base) as run:  # takes the import lock: grids and exports queue
            if progress:
                progress(L.STORE_PROGRESS["writing"], 0.0)
            created, updated, unchanged = _write(run.conn, parsed, run.id)
            run.finish(
                rows=parsed.reviews,
                created=created,
                updated=updated,
                unchanged=unchanged,
                message=" ".join(warnings) or None,
            )
            if progress:
                progress(L.STORE_PROGRESS["writing"], 1.0)
    except SQLAlchemyError as exc:
        return refuse_stored(engine, base, result, exc)
    result.created, result.updated, result.unchanged, result.import_id = created, updated, unchanged, run.id
    return result


# --- Reading ----------------------------------------------------------------------------------


def _has_jury_tables(engine: Engine) -> bool:
    from sqlalchemy import inspect

    return has_schema(engine) and inspect(engine).has_table("jury_score")


def _grid_scores(engine: Engine, filters: Filters) -> pd.DataFrame:
    r, s, d = jury_review, jury_score, S.dossier
    reviews_stmt = filters.apply(
        select(r.c.dossier_number, r.c.juror_key, r.c.juror, r.c.conflict, r.c.comment, r.c.import_id).join(
            d, d.c.number == r.c.dossier_number
        )
    )
    scores_stmt = filters.apply(
        select(s.c.dossier_number, s.c.juror_key, s.c.criterion, s.c.score).join(
            d, d.c.number == s.c.dossier_number
        )
    )
    with engine.connect() as conn:
        reviews = pd.DataFrame(
            conn.execute(reviews_stmt).all(),
            columns=["dossier", "juror_key", "juror", "conflict", "comment", "import_id"],
        )
        scores = pd.DataFrame(
            conn.execute(scores_stmt).all(), columns=["dossier", "juror_key", "criterion", "score"]
        )
    # One display name per juror: the spelling of their first import, whatever later grids wrote.
    names = reviews.sort_values(["import_id", "dossier"]).groupby("juror_key")["juror"].first()
    reviews = reviews.assign(juror=reviews["juror_key"].map(names), source=SOURCE_GRID)
    reviews = reviews.drop(columns="import_id")
    return reviews, scores


def _annotation_values(engine: Engine, settings: Settings, filters: Filters) -> pd.DataFrame:
    """Wide frame dossier, group_label, <criterion number>... of the score annotations in the raw exports."""
    labels = annotation_labels(settings)
    wanted = {normalize_label(label): number for number, label in labels.items()}
    columns = ["dossier", "group_label", *labels]
    with engine.connect() as conn:
        positions: dict[int, dict[int, int]] = {}
        for layout_id, headers in conn.execute(select(S.export_layout.c.id, S.export_layout.c.headers)):
            found = {}
            for i, header in enumerate(json.loads(headers)):
                number = wanted.get(normalize_label(header))
                if number is not None:
                    found[number] = i  # annotations come last in an export: the last column wins
            if found:
                positions[layout_id] = found
        if not positions:
            return pd.DataFrame(columns=columns)
        d = S.dossier
        stmt = filters.apply(
            select(d.c.number, d.c.group_label, d.c.layout_id, d.c.raw).where(d.c.layout_id.in_(positions))
        )
        rows = []
        for number, group, layout_id, raw in conn.execute(stmt):
            values = raw.split(FIELD_SEP)
            where = positions[layout_id]
            cells = [values[where[n]] if n in where and where[n] < len(values) else None for n in labels]
            if any(cells):
                rows.append([number, group, *cells])
    return pd.DataFrame(rows, columns=columns)


def annotation_score_frame(engine: Engine, settings: Settings, filters: Filters = Filters()) -> pd.DataFrame:
    """Scores typed as DS private annotations (`Note critère N`), one reviewer per instructing team."""
    values = _annotation_values(engine, settings, filters)
    frame, _bad = annotation_scores(values, settings)
    return frame


def load_scores(engine: Engine, settings: Settings, filters: Filters = Filters()) -> pd.DataFrame:
    """Every review of the dossiers matching the filters, long: LOADED_COLUMNS.

    One row per review (a dossier scored by a juror, from a grid or the DS annotations) and criterion
    of the programme; `score` is NaN where the juror gave none (not scored yet, or a conflict).
    """
    criteria = [c.number for c in settings.programme.criteria]
    empty = pd.DataFrame(
        {
            "dossier": pd.Series(dtype="int64"),
            "juror": pd.Series(dtype="str"),
            "criterion": pd.Series(dtype="int64"),
            "score": pd.Series(dtype="float64"),
            "conflict": pd.Series(dtype=bool),
            "comment": pd.Series(dtype="str"),
            "source": pd.Series(dtype="str"),
        }
    )
    if not _has_jury_tables(engine):
        return empty
    reviews, scores = _grid_scores(engine, filters)
    notes = annotation_score_frame(engine, settings, filters)
    if len(notes):
        notes = notes.assign(juror_key=notes["juror"].map(normalize_label), source=SOURCE_ANNOTATIONS)
        reviews = pd.concat(
            [
                reviews,
                notes.drop_duplicates(["dossier", "juror_key"])[
                    ["dossier", "juror_key", "juror", "conflict", "comment", "source"]
                ],
            ],
            ignore_index=True,
        )
        scores = pd.concat([scores, notes[["dossier", "juror_key", "criterion", "score"]]], ignore_index=True)
    from aic_dash.store.evaluations import review_frames  # scores typed in the app by the jurors

    app_reviews, app_scores = review_frames(engine, filters)
    if len(app_reviews):
        reviews = pd.concat([reviews, app_reviews], ignore_index=True)
        scores = pd.concat([scores, app_scores], ignore_index=True)
    if reviews.empty:
        return empty
    grid = reviews.merge(pd.DataFrame({"criterion": criteria}), how="cross")
    out = grid.merge(scores, on=["dossier", "juror_key", "criterion"], how="left")
    out = out.assign(
        dossier=out["dossier"].astype("int64"),
        criterion=out["criterion"].astype("int64"),
        score=out["score"].astype("float64"),
        conflict=out["conflict"].astype(bool),
        comment=out["comment"].fillna("").astype("str"),
        juror=out["juror"].astype("str"),
        source=out["source"].astype("str"),
    )
    return out.sort_values(["dossier", "juror", "criterion"], ignore_index=True)[list(LOADED_COLUMNS)]


__all__ = [
    "SCORE_COLUMNS",
    "JuryImportResult",
    "import_jury_grid",
    "jury_review",
    "jury_score",
    "load_scores",
]
