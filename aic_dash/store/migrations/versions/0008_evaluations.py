"""Jurors score in the dashboard: assignments, one evaluation per juror and dossier, scores per criterion,
closed rounds.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.create_table(
        "jury_assignment",
        sa.Column(
            "dossier", sa.BigInteger, sa.ForeignKey("dossier.number"), primary_key=True, autoincrement=False
        ),
        sa.Column("juror", sa.String(320), primary_key=True),
        sa.Column("assigned_at", sa.DateTime, nullable=False),
        sa.Column("assigned_by", sa.String(200), nullable=False),
        sa.Column("due_on", sa.Date),
    )
    op.create_index("ix_jury_assignment_juror", "jury_assignment", ["juror"])
    op.create_table(
        "jury_evaluation",
        sa.Column(
            "dossier", sa.BigInteger, sa.ForeignKey("dossier.number"), primary_key=True, autoincrement=False
        ),
        sa.Column("juror", sa.String(320), primary_key=True),
        sa.Column("conflict", sa.Boolean, nullable=False),
        sa.Column("conflict_reason", sa.Text),
        sa.Column("comment", sa.Text),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("submitted_at", sa.DateTime),
        sa.CheckConstraint("state IN ('brouillon', 'soumis')", name="ck_jury_evaluation_state"),
        sa.CheckConstraint("version >= 1", name="ck_jury_evaluation_version"),
    )
    op.create_index("ix_jury_evaluation_juror", "jury_evaluation", ["juror"])
    op.create_table(
        "jury_evaluation_score",
        sa.Column("dossier", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("juror", sa.String(320), primary_key=True),
        sa.Column("criterion", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("scale_min", sa.Float, nullable=False),
        sa.Column("scale_max", sa.Float, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.CheckConstraint(
            "score >= scale_min AND score <= scale_max", name="ck_jury_evaluation_score_scale"
        ),
        sa.ForeignKeyConstraint(
            ["dossier", "juror"],
            ["jury_evaluation.dossier", "jury_evaluation.juror"],
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "jury_round_closed",
        sa.Column("round", sa.String(32), primary_key=True),
        sa.Column("closed_at", sa.DateTime, nullable=False),
        sa.Column("closed_by", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("jury_round_closed")
    op.drop_table("jury_evaluation_score")
    op.drop_index("ix_jury_evaluation_juror", table_name="jury_evaluation")
    op.drop_table("jury_evaluation")
    op.drop_index("ix_jury_assignment_juror", table_name="jury_assignment")
    op.drop_table("jury_assignment")
