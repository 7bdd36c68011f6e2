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

The parts: `common` (codes, errors, checks), `assign` (the manager's side), `score` (the juror's
side), `results` (progress, the loader's frames, the stamp, the export).
"""

from aic_dash.store.evaluations.assign import (
    AssignResult,
    assign,
    assignments,
    before_jury,
    close_round,
    closed_rounds,
    juror_emails,
    reopen,
    reopen_round,
    unassign,
)
from aic_dash.store.evaluations.common import (
    ASSIGNED,
    ASSIGNMENT_COLUMNS,
    CLOSED,
    CONFLICT,
    DECLARED,
    DONE,
    DRAFT,
    IN_DRAFT,
    PROGRESS,
    REOPENED,
    ROUND_REOPENED,
    SCORED,
    SOURCE_APP,
    SUBMITTED,
    SUBMITTED_ACTION,
    TO_DO,
    UNASSIGNED,
    Evaluation,
    NotAssigned,
    RoundClosed,
    StaleEvaluation,
    _now,
    check_score,
)
from aic_dash.store.evaluations.results import (
    export_grid,
    progress,
    review_frames,
    stamp,
)
from aic_dash.store.evaluations.score import (
    declare,
    open_evaluation,
    save_draft,
    submit,
)

__all__ = [
    "ASSIGNED",
    "ASSIGNMENT_COLUMNS",
    "CLOSED",
    "CONFLICT",
    "DECLARED",
    "DONE",
    "DRAFT",
    "IN_DRAFT",
    "PROGRESS",
    "REOPENED",
    "ROUND_REOPENED",
    "SCORED",
    "SOURCE_APP",
    "SUBMITTED",
    "SUBMITTED_ACTION",
    "TO_DO",
    "UNASSIGNED",
    "AssignResult",
    "Evaluation",
    "NotAssigned",
    "RoundClosed",
    "StaleEvaluation",
    "_now",
    "assign",
    "assignments",
    "before_jury",
    "check_score",
    "close_round",
    "closed_rounds",
    "declare",
    "export_grid",
    "juror_emails",
    "open_evaluation",
    "progress",
    "reopen",
    "reopen_round",
    "review_frames",
    "save_draft",
    "stamp",
    "submit",
    "unassign",
]
