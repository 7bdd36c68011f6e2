"""What the scores give: progress counts, the evaluations as the jury loader reads them, the cache stamp,
the grid export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import (
    Engine,
    and_,
    func,
    or_,
    select,
)

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.store import schema as S
from aic_dash.store.db import result_frame
from aic_dash.store.evaluations.common import CONFLICT, DONE, SOURCE_APP, SUBMITTED, _has_tables
from aic_dash.store.queries import Filters
from aic_dash.store.schema import (
    jury_evaluation,
    jury_evaluation_score,
    jury_round_closed,
)


def progress(frame: pd.DataFrame, today: date | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per juror, per dossier) counts of `assignments(...)`: assigned, scored (at least one score),
    submitted, conflicts, late (past `due_on`, neither submitted nor conflicted). Pure pandas."""
    today = today or datetime.now(UTC).date()
    due = pd.to_datetime(frame["due_on"])
    open_ = ~frame["progress"].isin([DONE, CONFLICT])
    flags = frame.assign(
        assigned=1,
        scored=(frame["scored"] > 0).astype("int64"),
        submitted=(frame["progress"] == DONE).astype("int64"),
        conflicts=(frame["progress"] == CONFLICT).astype("int64"),
        late=(open_ & due.notna() & (due < pd.Timestamp(today))).astype("int64"),
    )
    counts = ["assigned", "scored", "submitted", "conflicts", "late"]
    per_juror = flags.groupby("juror", as_index=False)[counts].sum()
    per_dossier = flags.groupby(["dossier", "project", "track", "round"], as_index=False, dropna=False)[
        counts
    ].sum()
    return per_juror, per_dossier


def review_frames(engine: Engine, filters: Filters = Filters()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The app's evaluations as `store.jury.load_scores` reads grids: (reviews, scores).

    reviews: dossier, juror_key, juror, conflict, comment, source — submitted or conflicted ones only
    (a draft is not the juror's word yet); scores: dossier, juror_key, criterion, score."""
    reviews_columns = ["dossier", "juror_key", "juror", "conflict", "comment", "source"]
    scores_columns = ["dossier", "juror_key", "criterion", "score"]
    if not _has_tables(engine):
        return pd.DataFrame(columns=reviews_columns), pd.DataFrame(columns=scores_columns)
    e, s, d = jury_evaluation, jury_evaluation_score, S.dossier
    counted = or_(e.c.evaluation_status == SUBMITTED, e.c.conflict.is_(True))
    reviews_stmt = filters.apply(
        select(e.c.dossier_number, e.c.juror, e.c.conflict, e.c.comment, e.c.conflict_reason)
        .join(d, d.c.number == e.c.dossier_number)
        .where(counted)
    )
    scores_stmt = filters.apply(
        select(s.c.dossier_number, s.c.juror, s.c.criterion, s.c.score)
        .join(e, and_(e.c.dossier_number == s.c.dossier_number, e.c.juror == s.c.juror))
        .join(d, d.c.number == s.c.dossier_number)
        .where(counted)
    )
    with engine.connect() as conn:
        rows = conn.execute(reviews_stmt).all()
        scores = result_frame(conn.execute(scores_stmt), scores_columns)
    reviews = pd.DataFrame(
        [
            (n, j, j, bool(c), (reason if c else comment) or "", SOURCE_APP)
            for n, j, c, comment, reason in rows
        ],
        columns=reviews_columns,
    )
    return reviews, scores


def stamp(engine: Engine) -> tuple:
    """Changes whenever what `review_frames`, `assignments` or `closed_rounds` return may have changed
    (a cache key for the Jury page). Every change of the jury leaves an audit row in its transaction
    (assignments, due dates, conflicts, drafts, submissions, closing and reopening): the last audit id
    follows them all; the evaluations' own counts stay in the key for rows written by an import."""
    if not _has_tables(engine):
        return ()
    e = jury_evaluation
    with engine.connect() as conn:
        row = conn.execute(select(func.count(), func.max(e.c.updated_at), func.sum(e.c.version))).first()
        closed = conn.scalar(select(func.count()).select_from(jury_round_closed))
        last_audit = conn.scalar(select(func.max(S.audit.c.id)))
    return (*tuple(row), closed, last_audit)


def export_grid(engine: Engine, settings: Settings, filters: Filters = Filters()) -> bytes:
    """The app's submitted and conflicted evaluations as a jury grid (the import's format: CSV, UTF-8,
    decimal commas), one row per dossier and juror: a grid archive that `import` reads back."""
    reviews, scores = review_frames(engine, filters)
    criteria = [c.number for c in settings.programme.criteria]
    d = S.dossier
    with engine.connect() as conn:
        info = {
            int(n): (p or "", t or "")
            for n, p, t in conn.execute(select(d.c.number, d.c.project, d.c.track).where(d.c.number.in_(
                [int(x) for x in reviews["dossier"].unique()]
            )))
        } if len(reviews) else {}  # fmt: skip
        comments = {}
        if len(reviews):
            s = jury_evaluation_score
            for n, j, c, t in conn.execute(
                select(s.c.dossier_number, s.c.juror, s.c.criterion, s.c.comment).where(
                    s.c.comment.is_not(None),
                    s.c.dossier_number.in_([int(x) for x in reviews["dossier"].unique()]),
                )
            ):
                comments.setdefault((int(n), j), []).append(
                    L.STORE_EVALUATIONS_GRID["criterion_comment"].format(criterion=c, text=t)
                )
    by_review = {
        (int(n), j): dict(zip(g["criterion"].astype(int), g["score"].astype(float)))
        for (n, j), g in scores.groupby(["dossier", "juror_key"])
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    grid = L.STORE_EVALUATIONS_GRID
    writer.writerow(
        [
            grid["dossier"],
            grid["project"],
            grid["track"],
            grid["juror"],
            *(grid["criterion"].format(number=n) for n in criteria),
            grid["conflict"],
            grid["comment"],
        ]
    )
    for row in reviews.sort_values(["dossier", "juror"]).itertuples(index=False):
        key = (int(row.dossier), row.juror_key)
        given = by_review.get(key, {})
        cells = ["" if c not in given else f"{given[c]:g}".replace(".", ",") for c in criteria]
        text = " ; ".join([t for t in [row.comment, *comments.get(key, [])] if t])
        project, track = info.get(int(row.dossier), ("", ""))
        writer.writerow(
            [row.dossier, project, track, row.juror, *cells, L.BOOLEANS[bool(row.conflict)], text]
        )
    return buffer.getvalue().encode("utf-8")
