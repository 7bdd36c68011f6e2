"""The manager's side: who scores which dossier (assign, unassign, due dates), reopening, closing a round."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from aic_dash import labels as L
from aic_dash.errors import AicError
from aic_dash.store import audit
from aic_dash.store import schema as S
from aic_dash.store.access import normalize_email
from aic_dash.store.db import result_frame, upgrade
from aic_dash.store.evaluations.common import (
    ASSIGNED,
    ASSIGNMENT_COLUMNS,
    CLOSED,
    DRAFT,
    REOPENED,
    ROUND_REOPENED,
    SUBMITTED,
    UNASSIGNED,
    _closed_error,
    _dossier_round,
    _evaluation_row,
    _has_tables,
    _is_closed,
    _now,
    _progress_case,
)
from aic_dash.store.queries import Filters
from aic_dash.store.schema import (
    app_user,
    jury_assignment,
    jury_evaluation,
    jury_evaluation_score,
    jury_round_closed,
)


def before_jury(engine: Engine, round_id: str, track: str | None) -> list[int]:
    """The dossiers of a round (and track) that go before the jury: shortlisted, or laureates."""
    d = S.dossier
    stmt = select(d.c.number).where(
        d.c.round == round_id, or_(d.c.shortlisted.is_(True), d.c.stage == "laureat")
    )
    if track:
        stmt = stmt.where(d.c.track == track)
    with engine.connect() as conn:
        return [int(n) for n in conn.scalars(stmt.order_by(d.c.number))]


def _check_dossiers(conn: Connection, numbers: list[int], round_id: str, track: str | None) -> None:
    d = S.dossier
    found = {
        int(n): (r, t)
        for n, r, t in conn.execute(select(d.c.number, d.c.round, d.c.track).where(d.c.number.in_(numbers)))
    }
    for n in numbers:
        if n not in found:
            raise AicError(L.STORE_EVALUATIONS["unknown_dossier"].format(dossier=n))
        r, t = found[n]
        if r != round_id or (track and t != track):
            none = L.STORE_EVALUATIONS["none"]
            wanted_track = L.STORE_EVALUATIONS["other_round_track"].format(track=track) if track else ""
            raise AicError(
                L.STORE_EVALUATIONS["other_round"].format(
                    dossier=n,
                    round=r or none,
                    track=t or none,
                    wanted_round=round_id,
                    wanted_track=wanted_track,
                )
            )


@dataclass
class AssignResult:
    juror: str
    added: list[int]
    already: list[int]
    removed: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """`alice@… : 3 dossier(s) attribué(s), 1 l'étai(en)t déjà` (no final full stop)."""
        if self.removed or not (self.added or self.already):
            return L.STORE_EVALUATIONS["removed"].format(juror=self.juror, count=len(self.removed))
        already = L.STORE_EVALUATIONS["already"].format(count=len(self.already)) if self.already else ""
        return L.STORE_EVALUATIONS["assigned"].format(
            juror=self.juror, count=len(self.added), already=already
        )


def assign(
    engine: Engine,
    round_id: str,
    track: str | None,
    juror: str,
    dossiers: Iterable[int] | None,
    by: str,
    due_on: date | None = None,
) -> AssignResult:
    """Assign `juror` to `dossiers` of the round (None: every dossier before the jury in it).

    Refused (AicError, nothing written) when a dossier is of another round or track, when the juror
    declared a conflict of interest on one of them, or when the round is closed."""
    juror = normalize_email(juror)
    upgrade(engine)
    numbers = sorted({int(n) for n in dossiers}) if dossiers else before_jury(engine, round_id, track)
    if not numbers:
        in_track = L.STORE_EVALUATIONS["no_shortlist_track"].format(track=track) if track else ""
        raise AicError(L.STORE_EVALUATIONS["no_shortlist"].format(round=round_id, track=in_track))
    a, e = jury_assignment, jury_evaluation
    with engine.begin() as conn:
        if _is_closed(conn, round_id):
            raise _closed_error(round_id)
        _check_dossiers(conn, numbers, round_id, track)
        conflicted = sorted(
            int(n)
            for n in conn.scalars(
                select(e.c.dossier_number).where(
                    e.c.juror == juror, e.c.conflict.is_(True), e.c.dossier_number.in_(numbers)
                )
            )
        )
        if conflicted:
            raise AicError(
                L.STORE_EVALUATIONS["conflicted"].format(
                    juror=juror, dossiers=", ".join(map(str, conflicted))
                )
            )
        already = {
            int(n)
            for n in conn.scalars(
                select(a.c.dossier_number).where(a.c.juror == juror, a.c.dossier_number.in_(numbers))
            )
        }
        added = [n for n in numbers if n not in already]
        now = _now()
        if added:
            conn.execute(
                insert(a),
                [
                    {
                        "dossier_number": n,
                        "juror": juror,
                        "assigned_at": now,
                        "acted_by": by[:200],
                        "due_on": due_on,
                    }
                    for n in added
                ],
            )
        if due_on is not None and already:
            conn.execute(
                update(a).where(a.c.juror == juror, a.c.dossier_number.in_(already)).values(due_on=due_on)
            )
        if added or (due_on is not None and already):
            audit.record(
                conn,
                by,
                ASSIGNED,
                f"jure:{juror}",
                {"round": round_id, "track": track, "dossiers": added, "due_on": due_on},
            )
    return AssignResult(juror, added, sorted(already))


def unassign(
    engine: Engine, round_id: str, track: str | None, juror: str, dossiers: Iterable[int] | None, by: str
) -> AssignResult:
    """Take dossiers of the round away from `juror` (None: all of theirs in it); their drafts go too.

    Refused when the juror already submitted one of them (reopen it first) or when the round is closed.
    A conflict declaration is kept: it is the juror's statement, and it keeps them off the dossier."""
    juror = normalize_email(juror)
    upgrade(engine)
    a, e, d = jury_assignment, jury_evaluation, S.dossier
    with engine.begin() as conn:
        if _is_closed(conn, round_id):
            raise _closed_error(round_id)
        stmt = (
            select(a.c.dossier_number)
            .join(d, d.c.number == a.c.dossier_number)
            .where(a.c.juror == juror, d.c.round == round_id)
        )
        if track:
            stmt = stmt.where(d.c.track == track)
        if dossiers:
            stmt = stmt.where(a.c.dossier_number.in_([int(n) for n in dossiers]))
        numbers = sorted(int(n) for n in conn.scalars(stmt))
        if not numbers:
            return AssignResult(juror, [], [], [])
        submitted = sorted(
            int(n)
            for n in conn.scalars(
                select(e.c.dossier_number).where(
                    e.c.juror == juror,
                    e.c.dossier_number.in_(numbers),
                    e.c.evaluation_status == SUBMITTED,
                    e.c.conflict.is_(False),
                )
            )
        )
        if submitted:
            raise AicError(
                L.STORE_EVALUATIONS["already_submitted"].format(
                    juror=juror, dossiers=", ".join(map(str, submitted))
                )
            )
        conn.execute(delete(a).where(a.c.juror == juror, a.c.dossier_number.in_(numbers)))
        drafts = select(e.c.dossier_number).where(
            e.c.juror == juror, e.c.dossier_number.in_(numbers), e.c.conflict.is_(False)
        )
        conn.execute(
            delete(jury_evaluation_score).where(
                jury_evaluation_score.c.juror == juror, jury_evaluation_score.c.dossier_number.in_(drafts)
            )
        )
        conn.execute(
            delete(e).where(e.c.juror == juror, e.c.dossier_number.in_(numbers), e.c.conflict.is_(False))
        )
        audit.record(
            conn, by, UNASSIGNED, f"jure:{juror}", {"round": round_id, "track": track, "dossiers": numbers}
        )
    return AssignResult(juror, [], [], numbers)


def assignments(engine: Engine, juror: str | None = None, filters: Filters = Filters()) -> pd.DataFrame:
    """Assignments (one juror's, or everyone's) with their progress: ASSIGNMENT_COLUMNS, by dossier."""
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in ASSIGNMENT_COLUMNS})
    if not _has_tables(engine):
        return empty
    a, e, s, d = jury_assignment, jury_evaluation, jury_evaluation_score, S.dossier
    scored = (
        select(s.c.dossier_number, s.c.juror, func.count().label("n"))
        .group_by(s.c.dossier_number, s.c.juror)
        .subquery()
    )
    stmt = (
        select(
            a.c.dossier_number,
            d.c.project,
            d.c.track,
            d.c.round,
            a.c.juror,
            a.c.due_on,
            _progress_case(),
            func.coalesce(scored.c.n, 0),
            func.coalesce(e.c.version, 0),
        )
        .join(d, d.c.number == a.c.dossier_number)
        .outerjoin(e, and_(e.c.dossier_number == a.c.dossier_number, e.c.juror == a.c.juror))
        .outerjoin(scored, and_(scored.c.dossier_number == a.c.dossier_number, scored.c.juror == a.c.juror))
        .order_by(a.c.juror, a.c.dossier_number)
    )
    if juror is not None:
        stmt = stmt.where(a.c.juror == str(juror).strip().lower())
    stmt = filters.apply(stmt)
    with engine.connect() as conn:
        frame = result_frame(conn.execute(stmt), ASSIGNMENT_COLUMNS)
    if frame.empty:
        return empty
    return frame.astype({"dossier": "int64", "scored": "int64", "version": "int64"})


def juror_emails(engine: Engine) -> list[str]:
    """Every e-mail with the role `jure`, and every juror already assigned, sorted."""

    if not _has_tables(engine):
        return []
    with engine.connect() as conn:
        found = set(conn.scalars(select(app_user.c.email).where(app_user.c.role == "jure")))
        found |= set(conn.scalars(select(jury_assignment.c.juror).distinct()))
    return sorted(found)


def reopen(engine: Engine, juror: str, dossiers: Iterable[int], by: str) -> list[int]:
    """Reopen the juror's submitted evaluations of `dossiers` (drafts again, scores kept); a conflict
    declaration is withdrawn (the juror declares again). Returns the dossiers reopened."""
    juror = normalize_email(juror)
    numbers = sorted({int(n) for n in dossiers})
    upgrade(engine)
    e = jury_evaluation
    done = []
    with engine.begin() as conn:
        for n in numbers:
            row = _evaluation_row(conn, juror, n)
            if row is None or (row["evaluation_status"] != SUBMITTED and not row["conflict"]):
                continue
            round_id = _dossier_round(conn, n)
            if _is_closed(conn, round_id):
                raise _closed_error(round_id)
            if row["conflict"]:
                conn.execute(delete(e).where(e.c.juror == juror, e.c.dossier_number == n))
            else:
                conn.execute(
                    update(e)
                    .where(e.c.juror == juror, e.c.dossier_number == n)
                    .values(
                        evaluation_status=DRAFT, submitted_at=None, version=e.c.version + 1, updated_at=_now()
                    )
                )
            audit.record(
                conn, by, REOPENED, f"dossier:{n}", {"juror": juror, "conflict": bool(row["conflict"])}
            )
            done.append(n)
    return done


def close_round(engine: Engine, round_id: str, by: str) -> int:
    """« Clôturer l'évaluation »: freeze the round's scores. Returns how many evaluations it froze.

    Every evaluation of the round takes a new version in the same transaction, so that a juror's save
    in flight fails with StaleEvaluation instead of landing after the close."""
    upgrade(engine)
    e, d = jury_evaluation, S.dossier
    with engine.begin() as conn:
        if _is_closed(conn, round_id):
            raise AicError(L.STORE_EVALUATIONS["already_closed"].format(round=round_id))
        conn.execute(insert(jury_round_closed).values(round=round_id, closed_at=_now(), acted_by=by[:200]))
        in_round = select(d.c.number).where(d.c.round == round_id)
        frozen = conn.execute(
            update(e).where(e.c.dossier_number.in_(in_round)).values(version=e.c.version + 1)
        ).rowcount
        audit.record(conn, by, CLOSED, f"selection:{round_id}", {"evaluations": frozen})
    return int(frozen)


def reopen_round(engine: Engine, round_id: str, by: str) -> bool:
    """Undo « Clôturer l'évaluation »; False when the round was not closed."""
    upgrade(engine)
    with engine.begin() as conn:
        gone = conn.execute(delete(jury_round_closed).where(jury_round_closed.c.round == round_id)).rowcount
        if gone:
            audit.record(conn, by, ROUND_REOPENED, f"selection:{round_id}", None)
    return bool(gone)


def closed_rounds(engine: Engine) -> dict[str, datetime]:
    if not _has_tables(engine):
        return {}
    with engine.connect() as conn:
        return dict(conn.execute(select(jury_round_closed.c.round, jury_round_closed.c.closed_at)).all())
