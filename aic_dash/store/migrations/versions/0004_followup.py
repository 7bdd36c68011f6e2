"""Laureate follow-up: laureates, support periods, roadmap milestones, impact indicators and their
measurements, funding, partner administrations.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "laureate",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("season", sa.String(32)),
        sa.Column("round", sa.String(32)),
        sa.Column("track", sa.String(20)),
        sa.Column("organisation", sa.String(300)),
        sa.Column("town", sa.String(200)),
        sa.Column("themes", sa.String(300)),
        sa.Column("seed_grant", sa.Boolean),
        sa.Column("phase2", sa.Boolean),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("dossier_number", sa.BigInteger, sa.ForeignKey("dossier.number"), unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("season", "name", name="uq_laureate_season_name"),
    )
    op.create_table(
        "support_period",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("laureate_id", sa.Integer, sa.ForeignKey("laureate.id"), nullable=False),
        sa.Column("renewal", sa.Integer, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.UniqueConstraint("laureate_id", "renewal", name="uq_support_period_renewal"),
    )
    op.create_table(
        "milestone",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("laureate_id", sa.Integer, sa.ForeignKey("laureate.id"), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("strand", sa.String(20), nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_milestone_laureate", "milestone", ["laureate_id"])
    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("laureate_id", sa.Integer, sa.ForeignKey("laureate.id"), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("unit", sa.String(100)),
        sa.Column("initial", sa.Float),
        sa.Column("target", sa.Float),
        sa.Column("description", sa.Text),
        sa.UniqueConstraint("laureate_id", "name", name="uq_indicator_name"),
    )
    op.create_table(
        "indicator_measurement",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("indicator_id", sa.Integer, sa.ForeignKey("indicator.id"), nullable=False),
        sa.Column("measured_on", sa.Date, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("indicator_id", "measured_on", name="uq_measurement_date"),
    )
    op.create_table(
        "funding",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("laureate_id", sa.Integer, sa.ForeignKey("laureate.id"), nullable=False),
        sa.Column("tranche", sa.Integer, nullable=False),
        sa.Column("amount", sa.Float, nullable=False),
        sa.Column("granted_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text),
        sa.UniqueConstraint("laureate_id", "tranche", name="uq_funding_tranche"),
    )
    op.create_table(
        "partner_administration",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("laureate_id", sa.Integer, sa.ForeignKey("laureate.id"), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.UniqueConstraint("laureate_id", "name", name="uq_partner_name"),
    )


def downgrade() -> None:
    op.drop_index("ix_milestone_laureate", table_name="milestone")
    for table in (
        "partner_administration",
        "funding",
        "indicator_measurement",
        "indicator",
        "milestone",
        "support_period",
        "laureate",
    ):
        op.drop_table(table)
