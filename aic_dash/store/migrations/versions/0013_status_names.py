"""One meaning per name: `support_period.status` becomes `support_status`, `milestone.status` becomes
`milestone_status` and `jury_evaluation.state` becomes `evaluation_status` (its check constraint
`ck_jury_evaluation_state` becomes `ck_jury_evaluation_status`). `dossier.state` (the platform's own state
of a dossier) and the `sync_state` table keep their names.

The two plain renames are native on both databases. A check constraint cannot be renamed on SQLite: there
the evaluation table is copied (batch mode). Dropping the old copy deletes its scores through their
ON DELETE CASCADE foreign key when the foreign keys are enforced (as `store.db.get_engine` does), so the
scores are read first and written back once the new table is in place.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"

# (table, old name, new name)
RENAMES = (
    ("support_period", "status", "support_status"),
    ("milestone", "status", "milestone_status"),
)
EVALUATION = "jury_evaluation"
SCORES = "jury_evaluation_score"
CHOICES = "IN ('brouillon', 'soumis')"


def _rename(pairs) -> None:
    for table, old, new in pairs:
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.alter_column(old, new_column_name=new)


def _evaluation(old: str, new: str, old_check: str, new_check: str) -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        op.alter_column(EVALUATION, old, new_column_name=new)
        op.execute(f"ALTER TABLE {EVALUATION} RENAME CONSTRAINT {old_check} TO {new_check}")
        return
    scores = sa.table(SCORES, *(sa.column(c["name"]) for c in sa.inspect(conn).get_columns(SCORES)))
    kept = [dict(r) for r in conn.execute(sa.select(scores)).mappings()]
    with op.batch_alter_table(EVALUATION, recreate="always") as batch:
        batch.drop_constraint(old_check, type_="check")
        batch.alter_column(old, new_column_name=new)
        batch.create_check_constraint(new_check, f"{new} {CHOICES}")
    present = conn.scalar(sa.select(sa.func.count()).select_from(scores))
    if kept and not present:
        conn.execute(sa.insert(scores), kept)


def upgrade() -> None:
    _rename(RENAMES)
    _evaluation("state", "evaluation_status", "ck_jury_evaluation_state", "ck_jury_evaluation_status")


def downgrade() -> None:
    _evaluation("evaluation_status", "state", "ck_jury_evaluation_status", "ck_jury_evaluation_state")
    _rename((table, new, old) for table, old, new in reversed(RENAMES))
