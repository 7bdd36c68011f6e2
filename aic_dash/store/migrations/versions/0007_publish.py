"""Open data of the grants: the beneficiary's SIRET and RNA on the laureate (when the export has none) and
the convention date of each funding record.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    with op.batch_alter_table("laureate") as batch:
        batch.add_column(sa.Column("siret", sa.String(14)))
        batch.add_column(sa.Column("rna", sa.String(10)))
    with op.batch_alter_table("funding") as batch:
        batch.add_column(sa.Column("convention_date", sa.Date))


def downgrade() -> None:
    with op.batch_alter_table("funding") as batch:
        batch.drop_column("convention_date")
    with op.batch_alter_table("laureate") as batch:
        batch.drop_column("rna")
        batch.drop_column("siret")
