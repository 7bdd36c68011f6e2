"""One name for the dossier key: `dossier_number` in every table that refers to a dossier (the `dossier`
table's own key stays `number`).

A column rename is native on both databases (`ALTER TABLE … RENAME COLUMN`; SQLite ≥ 3.25 also rewrites
the foreign keys of the other tables that point at it), so batch mode never copies a table here: the
rows stay where they are.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"

# (table, old name, new name)
RENAMES = (
    ("jury_review", "dossier", "dossier_number"),
    ("jury_score", "dossier", "dossier_number"),
    ("jury_assignment", "dossier", "dossier_number"),
    ("jury_evaluation", "dossier", "dossier_number"),
    ("jury_evaluation_score", "dossier", "dossier_number"),
    ("dossier_change", "number", "dossier_number"),
    ("sync_deleted_dossier", "number", "dossier_number"),
    ("personal_data_erasure", "number", "dossier_number"),
)


def _rename(pairs) -> None:
    for table, old, new in pairs:
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.alter_column(old, new_column_name=new)


def upgrade() -> None:
    _rename(RENAMES)
    op.drop_index("ix_dossier_change_number", table_name="dossier_change")
    op.create_index("ix_dossier_change_dossier_number", "dossier_change", ["dossier_number"])


def downgrade() -> None:
    op.drop_index("ix_dossier_change_dossier_number", table_name="dossier_change")
    _rename((table, new, old) for table, old, new in reversed(RENAMES))
    op.create_index("ix_dossier_change_number", "dossier_change", ["number"])
