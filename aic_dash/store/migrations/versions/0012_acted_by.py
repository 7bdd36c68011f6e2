"""One name for the person who acted: `acted_by` in every table that records who did something (it was
`user_name`, `updated_by`, `added_by`, `erased_by`, `assigned_by` or `closed_by`).

A column rename is native on both databases (`ALTER TABLE … RENAME COLUMN`), so batch mode never copies a
table here: the rows stay where they are.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"

# (table, old name, new name)
RENAMES = (
    ("import_run", "user_name", "acted_by"),
    ("audit", "user_name", "acted_by"),
    ("milestone", "updated_by", "acted_by"),
    ("indicator_measurement", "updated_by", "acted_by"),
    ("app_user", "added_by", "acted_by"),
    ("personal_data_erasure", "erased_by", "acted_by"),
    ("jury_assignment", "assigned_by", "acted_by"),
    ("jury_round_closed", "closed_by", "acted_by"),
)


def _rename(pairs) -> None:
    for table, old, new in pairs:
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.alter_column(old, new_column_name=new)


def upgrade() -> None:
    _rename(RENAMES)


def downgrade() -> None:
    _rename((table, new, old) for table, old, new in reversed(RENAMES))
