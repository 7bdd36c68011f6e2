"""Import history: rows ignored as older than the store, and the digest of the settings an import read
(a file imported again under the same settings is then known to change nothing).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    with op.batch_alter_table("import_run") as batch:
        batch.add_column(sa.Column("ignored", sa.Integer))
        batch.add_column(sa.Column("settings_digest", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("import_run") as batch:
        batch.drop_column("settings_digest")
        batch.drop_column("ignored")
