"""Jurors scoring in the dashboard: assignments, evaluations, scores per criterion, closed rounds.

Tables live on the shared `schema.metadata`; migration 0008 creates them. A manager assigns a juror (an
e-mail with the role `jure`) to dossiers of a round; the juror declares a conflict of interest or not,
which creates their evaluation of that dossier, then scores it criterion by criterion (a draft, saved on
every change) and submits it, which locks it until a manager reopens it. Closing a round freezes it.

Every write touches only one juror's rows and checks the evaluation's `version` (optimistic locking):
a juror whose dossier was reopened, closed or changed in another tab meanwhile gets `StaleEvaluation`,
never a silent overwrite. Submitted (and conflicted) evaluations feed `store.jury.load_scores`, the
loader of every aggregation, beside the imported grids, with the source « application ».
Every change leaves one audit row in the same transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    and_,
    delete,
    func,
    insert,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.errors import AicError
from aic_dash.ingest.jury import parse_score
from aic_dash.store import audit
from aic_dash.store import schema as S
from aic_dash.store.access import normalize_email
from aic_dash.store.db import has_schema, upgrade
from aic_dash.store.queries import Filters
from aic_dash.store.schema import (
    app_user,
    jury_assignment,
    jury_evaluation,
    jury_evaluation_score,
    jury_round_closed,
)

DRAFT = "brouillon"
SUBMITTED = "soumis"
SOURCE_APP = "application"
# A juror's progress on one dossier (labels.EVALUATION_PROGRESS gives the words).
TO_DO, IN_DRAFT, DONE, CONFLICT = "a_faire", "brouillon", "soumis", "conflit"
PROGRESS = (TO_DO, IN_DRAFT, DONE, CONFLICT)
# Audit action codes (labels.AUDIT_ACTIONS gives their French wording).
ASSIGNED = "jury_affectation"
UNASSIGNED = "jury_desaffectation"
DECLARED = "jury_declaration"
SCORED = "jury_note"
SUBMITTED_ACTION = "jury_soumission"
REOPENED = "jury_reouverture"
CLOSED = "jury_cloture"
ROUND_REOPENED = "jury_reouverture_selection"

ASSIGNMENT_COLUMNS = [
    "dossier", "project", "track", "round", "juror", "due_on", "progress", "scored", "version",
]  # fmt: skip


class NotAssigned(AicError):
    """The juror is not assigned to this dossier: they may not open it."""


class StaleEvaluation(AicError):
    """The evaluation changed since the juror opened it (reopened, closed, another tab): nothing saved."""


class RoundClosed(AicError):
    """The round's evaluation is closed: its scores are frozen."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # naive UTC, like every date-time in the store


@dataclass
class Evaluation:
    """One juror's evaluation of one dossier, as the form shows it. `version` 0: nothing declared yet."""

    dossier: int
    juror: str
    round: str | None
    closed: bool
    version: int = 0
    conflict: bool | None = None
    conflict_reason: str = ""
    comment: str = ""
    evaluation_status: str | None = None
    submitted_at: datetime | None = None
    scores: dict[int, float] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)

    @property
    def progress(self) -> str:
        if self.conflict:
            return CONFLICT
        if self.evaluation_status == SUBMITTED:
            return DONE
        return IN_DRAFT if self.version else TO_DO

    @property
    def editable(self) -> bool:
        return not self.closed and self.evaluation_status == DRAFT and not self.conflict


# --- Checks ----------------------------------------------------------------------------------------


def check_score(value: object, settings: Settings) -> float | None:
    """A score on the settings' scale (None: not scored); AicError naming the scale otherwise."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    try:
        return parse_score(text, settings.scoring)
    except ValueError:
        s = settings.scoring
        raise AicError(
            L.STORE_EVALUATIONS["bad_score"].format(text=text, min=s.min, max=s.max, step=s.step)
        ) from None


def _round_label(settings: Settings | None, round_id: str | None) -> str:
    if settings is not None:
        for r in settings.rounds:
            if r.id == round_id:
                return r.label
    return str(round_id or "")


def _is_closed(conn: Connection, round_id: str | None) -> bool:
    if not round_id:
        return False
    return (
        conn.scalar(select(jury_round_closed.c.round).where(jury_round_closed.c.round == round_id))
        is not None
    )


def _closed_error(round_id: str | None) -> RoundClosed:
    return RoundClosed(L.STORE_EVALUATIONS["round_closed"].format(round=round_id))


def _dossier_round(conn: Connection, dossier: int) -> str | None:
    return conn.scalar(select(S.dossier.c.round).where(S.dossier.c.number == dossier))


def _assigned(conn: Connection, juror: str, dossier: int) -> bool:
    a = jury_assignment
    return (
        conn.scalar(select(a.c.dossier_number).where(a.c.juror == juror, a.c.dossier_number == dossier))
        is not None
    )


def _not_assigned(dossier: int) -> NotAssigned:
    return NotAssigned(L.STORE_EVALUATIONS["not_assigned"].format(dossier=dossier))


def _stale(dossier: int, now: Mapping | None) -> StaleEvaluation:
    if now is not None and now["evaluation_status"] == SUBMITTED:
        why = L.STORE_EVALUATIONS["stale_submitted"]
    elif now is not None:
        why = L.STORE_EVALUATIONS["stale_changed"]
    else:
        why = L.STORE_EVALUATIONS["stale_deleted"]
    return StaleEvaluation(L.STORE_EVALUATIONS["stale"].format(dossier=dossier, why=why))


# --- Manager: assignments ----------------------------------------------------------------------------


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


# --- Juror: reading ------------------------------------------------------------------------------------


def _evaluation_row(conn: Connection, juror: str, dossier: int):
    e = jury_evaluation
    return conn.execute(select(e).where(e.c.juror == juror, e.c.dossier_number == dossier)).mappings().first()


def open_evaluation(engine: Engine, juror: str, dossier: int) -> Evaluation:
    """The juror's evaluation of the dossier; NotAssigned when it is not theirs."""
    juror = str(juror).strip().lower()
    upgrade(engine)
    s = jury_evaluation_score
    with engine.connect() as conn:
        if not _assigned(conn, juror, int(dossier)):
            raise _not_assigned(int(dossier))
        round_id = _dossier_round(conn, int(dossier))
        out = Evaluation(int(dossier), juror, round_id, _is_closed(conn, round_id))
        row = _evaluation_row(conn, juror, int(dossier))
        if row is None:
            return out
        out.version, out.conflict, out.evaluation_status = (
            int(row["version"]),
            bool(row["conflict"]),
            row["evaluation_status"],
        )
        out.conflict_reason, out.comment = row["conflict_reason"] or "", row["comment"] or ""
        out.submitted_at = row["submitted_at"]
        for criterion, score, comment in conn.execute(
            select(s.c.criterion, s.c.score, s.c.comment).where(
                s.c.juror == juror, s.c.dossier_number == int(dossier)
            )
        ):
            out.scores[int(criterion)] = float(score)
            if comment:
                out.comments[int(criterion)] = comment
    return out


def _progress_case(e=jury_evaluation):
    from sqlalchemy import case

    return case(
        (e.c.conflict.is_(True), CONFLICT),
        (e.c.evaluation_status == SUBMITTED, DONE),
        (e.c.evaluation_status == DRAFT, IN_DRAFT),
        else_=TO_DO,
    )


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
        frame = pd.DataFrame(conn.execute(stmt).all(), columns=ASSIGNMENT_COLUMNS)
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


# --- Juror: writing -------------------------------------------------------------------------------------


def _guard(conn: Connection, juror: str, dossier: int) -> str | None:
    """Assigned and round open, else raise; returns the round."""
    if not _assigned(conn, juror, dossier):
        raise _not_assigned(dossier)
    round_id = _dossier_round(conn, dossier)
    if _is_closed(conn, round_id):
        raise _closed_error(round_id)
    return round_id


def declare(engine: Engine, juror: str, dossier: int, conflict: bool, reason: str = "") -> int:
    """The juror's declaration before any score: no conflict (a draft opens) or a conflict of interest
    (with its reason; the dossier cannot be scored). Returns the evaluation's version."""
    juror, dossier, reason = str(juror).strip().lower(), int(dossier), (reason or "").strip()
    if conflict and not reason:
        raise AicError(L.STORE_EVALUATIONS["no_reason"])
    upgrade(engine)
    now = _now()
    try:
        with engine.begin() as conn:
            _guard(conn, juror, dossier)
            if _evaluation_row(conn, juror, dossier) is not None:
                raise StaleEvaluation(L.STORE_EVALUATIONS["declared"].format(dossier=dossier))
            conn.execute(
                insert(jury_evaluation).values(
                    dossier_number=dossier,
                    juror=juror,
                    conflict=bool(conflict),
                    conflict_reason=reason or None,
                    evaluation_status=SUBMITTED if conflict else DRAFT,
                    version=1,
                    updated_at=now,
                    submitted_at=now if conflict else None,
                )
            )
            audit.record(
                conn,
                juror,
                DECLARED,
                f"dossier:{dossier}",
                {"conflict": bool(conflict), "reason": reason or None},
            )
    except IntegrityError:  # two tabs declaring at the same instant: the other one won
        raise StaleEvaluation(L.STORE_EVALUATIONS["declared_same_instant"].format(dossier=dossier)) from None
    return 1


def _bump(conn: Connection, juror: str, dossier: int, version: int, **values) -> int:
    """Take the next version if the evaluation is still the draft at `version`; StaleEvaluation if not."""
    e = jury_evaluation
    result = conn.execute(
        update(e)
        .where(
            e.c.juror == juror,
            e.c.dossier_number == dossier,
            e.c.version == version,
            e.c.evaluation_status == DRAFT,
            e.c.conflict.is_(False),
        )
        .values(version=e.c.version + 1, updated_at=_now(), **values)
    )
    if result.rowcount != 1:
        raise _stale(dossier, _evaluation_row(conn, juror, dossier))
    return version + 1


def save_draft(
    engine: Engine,
    settings: Settings,
    juror: str,
    dossier: int,
    version: int,
    scores: Mapping[int, object],
    comments: Mapping[int, str] | None = None,
    comment: str | None = None,
) -> int:
    """Save the juror's draft as the form shows it (criterion -> score or None, criterion comments,
    general comment); returns the new version. Only changed values are written and audited.

    Raises StaleEvaluation when `version` is not the stored one (nothing written), RoundClosed,
    NotAssigned, or AicError for a score outside the scale."""
    juror, dossier = str(juror).strip().lower(), int(dossier)
    known = {c.number for c in settings.programme.criteria}
    wanted: dict[int, float | None] = {}
    for criterion, value in scores.items():
        if int(criterion) not in known:
            raise AicError(
                L.STORE_EVALUATIONS["unknown_criterion"].format(criterion=criterion, known=sorted(known))
            )
        wanted[int(criterion)] = check_score(value, settings)
    notes = {int(c): (text or "").strip() for c, text in (comments or {}).items()}
    upgrade(engine)
    s = jury_evaluation_score
    with engine.begin() as conn:
        _guard(conn, juror, dossier)
        row = _evaluation_row(conn, juror, dossier)
        values = {}
        if comment is not None and (comment or "").strip() != ((row["comment"] if row else None) or ""):
            values["comment"] = (comment or "").strip() or None
        new_version = _bump(conn, juror, dossier, int(version), **values)
        stored = {
            int(c): (float(v), t or "")
            for c, v, t in conn.execute(
                select(s.c.criterion, s.c.score, s.c.comment).where(
                    s.c.juror == juror, s.c.dossier_number == dossier
                )
            )
        }
        changes = {}
        now = _now()
        for criterion in sorted(set(wanted) | set(notes)):
            old_score, old_note = stored.get(criterion, (None, ""))
            new_score = wanted.get(criterion, old_score)
            new_note = notes.get(criterion, old_note)
            if (new_score, new_note) == (old_score, old_note):
                continue
            changes[str(criterion)] = {
                L.STORE_EVALUATIONS["audit_before"]: old_score,
                L.STORE_EVALUATIONS["audit_after"]: new_score,
            }
            if new_note != old_note:
                changes[str(criterion)][L.STORE_EVALUATIONS["audit_comment"]] = new_note
            conn.execute(
                delete(s).where(s.c.juror == juror, s.c.dossier_number == dossier, s.c.criterion == criterion)
            )
            if new_score is not None:
                conn.execute(
                    insert(s).values(
                        dossier_number=dossier,
                        juror=juror,
                        criterion=criterion,
                        score=new_score,
                        comment=new_note or None,
                        source=SOURCE_APP,
                        scale_min=settings.scoring.min,
                        scale_max=settings.scoring.max,
                        updated_at=now,
                    )
                )
        if "comment" in values:
            changes[L.STORE_EVALUATIONS["audit_comment"]] = values["comment"]
        if changes:
            audit.record(
                conn, juror, SCORED, f"dossier:{dossier}", {"version": new_version, "changes": changes}
            )
    return new_version


def submit(engine: Engine, settings: Settings, juror: str, dossier: int, version: int) -> int:
    """Submit the draft: every criterion must be scored; locked afterwards. Returns the new version."""
    juror, dossier = str(juror).strip().lower(), int(dossier)
    upgrade(engine)
    s = jury_evaluation_score
    with engine.begin() as conn:
        _guard(conn, juror, dossier)
        given = set(
            conn.scalars(select(s.c.criterion).where(s.c.juror == juror, s.c.dossier_number == dossier))
        )
        missing = [c.number for c in settings.programme.criteria if c.number not in given]
        if missing:
            raise AicError(
                L.STORE_EVALUATIONS["missing_scores"].format(
                    dossier=dossier, criteria=", ".join(map(str, missing))
                )
            )
        new_version = _bump(
            conn, juror, dossier, int(version), evaluation_status=SUBMITTED, submitted_at=_now()
        )
        audit.record(conn, juror, SUBMITTED_ACTION, f"dossier:{dossier}", {"version": new_version})
    return new_version


# --- Manager: reopening, closing -------------------------------------------------------------------------


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


# --- Status, aggregation, export ------------------------------------------------------------------------


def _has_tables(engine: Engine) -> bool:
    return has_schema(engine) and inspect(engine).has_table("jury_evaluation")


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
        scores = pd.DataFrame(conn.execute(scores_stmt).all(), columns=scores_columns)
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


__all__ = [
    "NotAssigned",
    "RoundClosed",
    "StaleEvaluation",
    "assign",
    "assignments",
    "close_round",
    "declare",
    "export_grid",
    "open_evaluation",
    "reopen",
    "reopen_round",
    "review_frames",
    "save_draft",
    "submit",
    "unassign",
]
