"""Jury scores: one review per dossier and juror (conflict of interest, comment), one score per criterion.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "jury_review",
        sa.Column(
            "dossier", sa.BigInteger, sa.ForeignKey("dossier.number"), primary_key=True, autoincrement=False
        ),
        sa.Column("juror_key", sa.String(200), primary_key=True),
        sa.Column("juror", sa.String(200), nullable=False),
        sa.Column("conflict", sa.Boolean, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("import_run.id"), nullable=False),
    )
    op.create_index("ix_jury_review_juror", "jury_review", ["juror_key"])
    op.create_table(
        "jury_score",
        sa.Column("dossier", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("juror_key", sa.String(200), primary_key=True),
        sa.Column("criterion", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier", "juror_key"],
            ["jury_review.dossier", "jury_review.juror_key"],
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("jury_score")
    op.drop_index("ix_jury_review_juror", table_name="jury_review")
    op.drop_table("jury_review")
