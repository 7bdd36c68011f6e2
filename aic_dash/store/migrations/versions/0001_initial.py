"""Initial schema: seasons, rounds, import runs, export layouts, dossiers and their changes.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "season",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("label", sa.String(200), nullable=False),
    )
    op.create_table(
        "round",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("season_id", sa.String(32), sa.ForeignKey("season.id"), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("opens_at", sa.DateTime, nullable=False),
        sa.Column("closes_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "import_run",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("size_bytes", sa.BigInteger),
        sa.Column("sha256", sa.String(64)),
        sa.Column("detected", sa.String(200)),
        sa.Column("rows", sa.Integer),
        sa.Column("created", sa.Integer),
        sa.Column("updated", sa.Integer),
        sa.Column("unchanged", sa.Integer),
        sa.Column("outside_rounds", sa.Integer),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("user_name", sa.String(200)),
    )
    op.create_table(
        "export_layout",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("headers", sa.Text, nullable=False),
    )
    op.create_table(
        "dossier",
        sa.Column("number", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("track", sa.String(20)),
        sa.Column("season", sa.String(32)),
        sa.Column("round", sa.String(32)),
        sa.Column("org_type", sa.String(20)),
        sa.Column("project", sa.Text),
        sa.Column("group_label", sa.String(200)),
        sa.Column("eligible", sa.Boolean),
        sa.Column("shortlisted", sa.Boolean),
        sa.Column("deposited_at", sa.DateTime, nullable=False),
        sa.Column("instructed_at", sa.DateTime),
        sa.Column("processed_at", sa.DateTime),
        sa.Column("ds_updated_at", sa.DateTime),
        sa.Column("layout_id", sa.Integer, sa.ForeignKey("export_layout.id"), nullable=False),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("content_hash", sa.BigInteger, nullable=False),
        sa.Column("first_import_id", sa.Integer, sa.ForeignKey("import_run.id"), nullable=False),
        sa.Column("last_import_id", sa.Integer, sa.ForeignKey("import_run.id"), nullable=False),
    )
    op.create_index("ix_dossier_season_track", "dossier", ["season", "round", "track"])
    op.create_table(
        "dossier_change",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("import_run.id"), nullable=False),
        sa.Column("number", sa.BigInteger, nullable=False),
        sa.Column("change", sa.String(10), nullable=False),
        sa.Column("previous_stage", sa.String(20)),
        sa.Column("stage", sa.String(20), nullable=False),
    )
    op.create_index("ix_dossier_change_number", "dossier_change", ["number"])


def downgrade() -> None:
    for table in ("dossier_change", "dossier", "export_layout", "import_run", "round", "season"):
        op.drop_table(table)
