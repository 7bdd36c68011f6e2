"""Live sync from the démarches-simplifiées API: where each démarche's last sync got to, deleted dossiers.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("demarche", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("updated_since", sa.DateTime, nullable=False),
        sa.Column("synced_at", sa.DateTime, nullable=False),
        sa.Column("last_run_id", sa.Integer, sa.ForeignKey("import_run.id"), nullable=False),
        sa.Column("endpoint", sa.String(500), nullable=False),
    )
    op.create_table(
        "sync_deleted_dossier",
        sa.Column("demarche", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("number", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("deleted_at", sa.DateTime),
        sa.Column("state", sa.String(20)),
        sa.Column("reason", sa.String(100)),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("import_run.id"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sync_deleted_dossier")
    op.drop_table("sync_state")
