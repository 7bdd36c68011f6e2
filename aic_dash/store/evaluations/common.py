"""What every part of the jurors' scoring shares: states, progress codes, audit actions, errors, checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    inspect,
    select,
)

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.errors import AicError
from aic_dash.ingest.jury import parse_score
from aic_dash.store import schema as S
from aic_dash.store.db import has_schema
from aic_dash.store.schema import (
    jury_assignment,
    jury_evaluation,
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


def _evaluation_row(conn: Connection, juror: str, dossier: int):
    e = jury_evaluation
    return conn.execute(select(e).where(e.c.juror == juror, e.c.dossier_number == dossier)).mappings().first()


def _progress_case(e=jury_evaluation):
    from sqlalchemy import case

    return case(
        (e.c.conflict.is_(True), CONFLICT),
        (e.c.evaluation_status == SUBMITTED, DONE),
        (e.c.evaluation_status == DRAFT, IN_DRAFT),
        else_=TO_DO,
    )


def _has_tables(engine: Engine) -> bool:
    return has_schema(engine) and inspect(engine).has_table("jury_evaluation")
