"""The juror's side: opening an evaluation, declaring a conflict of interest, scoring, submitting."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import (
    Connection,
    Engine,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.errors import AicError
from aic_dash.store import audit
from aic_dash.store.db import upgrade
from aic_dash.store.evaluations.common import (
    DECLARED,
    DRAFT,
    SCORED,
    SOURCE_APP,
    SUBMITTED,
    SUBMITTED_ACTION,
    Evaluation,
    StaleEvaluation,
    _assigned,
    _closed_error,
    _dossier_round,
    _evaluation_row,
    _is_closed,
    _not_assigned,
    _now,
    _stale,
    check_score,
)
from aic_dash.store.schema import (
    jury_evaluation,
    jury_evaluation_score,
)


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
