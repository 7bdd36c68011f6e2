"""Personal data erased: one row per dossier whose personal fields were erased (retention purge, or the
dossier deleted on démarches-simplifiées), so that a later import erases them again.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    op.create_table(
        "personal_data_erasure",
        sa.Column("number", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("erased_at", sa.DateTime, nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("erased_by", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("personal_data_erasure")
