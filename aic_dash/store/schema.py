"""The database schema (SQLAlchemy Core). Changes go through an Alembic migration in migrations/."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# All date-times are stored as naive UTC; the code converts to Europe/Paris for display.
season = Table(
    "season",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("label", String(200), nullable=False),
)

round_ = Table(
    "round",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("season_id", String(32), ForeignKey("season.id"), nullable=False),
    Column("label", String(200), nullable=False),
    Column("opens_at", DateTime, nullable=False),
    Column("closes_at", DateTime, nullable=False),
)

import_run = Table(
    "import_run",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("source", String(20), nullable=False),  # fichier | API
    Column("kind", String(20), nullable=False),  # dossiers | ...
    Column("file_name", String(500), nullable=False),
    Column("size_bytes", BigInteger),
    Column("sha256", String(64)),
    Column("detected", String(200)),
    Column("rows", Integer),
    Column("created", Integer),
    Column("updated", Integer),
    Column("unchanged", Integer),
    Column("ignored", Integer),  # rows older than the stored dossier, left alone
    Column("outside_rounds", Integer),
    Column("outcome", String(20), nullable=False),  # importe | rejete
    Column("message", Text),
    Column("user_name", String(200)),
    Column("settings_digest", String(64)),  # of the settings the import read (`Settings.digest`)
)

export_layout = Table(
    "export_layout",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("digest", String(64), nullable=False, unique=True),
    Column("headers", Text, nullable=False),  # JSON list of column labels, in file order
)

dossier = Table(
    "dossier",
    metadata,
    Column("number", BigInteger, primary_key=True, autoincrement=False),
    Column("state", String(20), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("track", String(20)),
    Column("season", String(32)),
    Column("round", String(32)),
    Column("org_type", String(20)),
    Column("project", Text),
    Column("group_label", String(200)),
    Column("eligible", Boolean),
    Column("shortlisted", Boolean),
    Column("deposited_at", DateTime, nullable=False),
    Column("instructed_at", DateTime),
    Column("processed_at", DateTime),
    Column("ds_updated_at", DateTime),
    Column("layout_id", Integer, ForeignKey("export_layout.id"), nullable=False),
    Column("raw", Text, nullable=False),  # the export's values, FIELD_SEP-joined, in layout order
    Column("content_hash", BigInteger, nullable=False),
    Column("first_import_id", Integer, ForeignKey("import_run.id"), nullable=False),
    Column("last_import_id", Integer, ForeignKey("import_run.id"), nullable=False),
    Index("ix_dossier_season_track", "season", "round", "track"),
)

dossier_change = Table(
    "dossier_change",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("import_run.id"), nullable=False),
    Column("number", BigInteger, nullable=False),
    Column("change", String(10), nullable=False),  # cree | modifie
    Column("previous_stage", String(20)),
    Column("stage", String(20), nullable=False),
    Index("ix_dossier_change_number", "number"),
)

# Who did what, when: exports with personal data, and (later issues) edits and role changes.
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("user_name", String(200), nullable=False),
    Column("action", String(50), nullable=False),
    Column("target", String(500)),
    Column("detail", Text),  # JSON object when written by aic_dash.store.audit.record
    Index("ix_audit_at", "at"),
)
