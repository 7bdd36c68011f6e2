"""The database schema (SQLAlchemy Core): every table of the store, grouped by feature.

The feature modules (store/jury.py, store/followup.py…) import their tables from here. Changes go through
an Alembic migration in migrations/ (a migration repeats the tables it needs; it never imports this module).

Naming: a table's own key is named without the table's name (`season.id`, `dossier.number`); a column
referring to another table's key says which (`round.season_id`, `jury_review.dossier_number`). Who did
something is `acted_by` in every table (`audit.current_user` says who that is).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


# --- Columns many tables share (each call a new Column: a column belongs to one table). -------------


def _id() -> Column:
    """The table's own key, numbered by the database."""
    return Column("id", Integer, primary_key=True, autoincrement=True)


def _dossier_key(*foreign: ForeignKey) -> Column:
    """`dossier_number` as the table's key, or part of it (a dossier's number is never generated)."""
    return Column("dossier_number", BigInteger, *foreign, primary_key=True, autoincrement=False)


def _import_id() -> Column:
    """The import run that wrote the row."""
    return Column("import_id", Integer, ForeignKey("import_run.id"), nullable=False)


def _laureate_id() -> Column:
    return Column("laureate_id", Integer, ForeignKey("laureate.id"), nullable=False)


def _acted_by() -> Column:
    """Who did it (see `audit.current_user`)."""
    return Column("acted_by", String(200), nullable=False)


def _stamped() -> tuple[Column, Column]:
    """When a row was last written, and by whom."""
    return Column("updated_at", DateTime, nullable=False), _acted_by()


def _deleted_with(parent: str, juror: str) -> ForeignKeyConstraint:
    """A score row's (dossier, juror) in `parent`, deleted with it."""
    return ForeignKeyConstraint(
        ["dossier_number", juror], [f"{parent}.dossier_number", f"{parent}.{juror}"], ondelete="CASCADE"
    )


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
    _id(),
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
    Column("acted_by", String(200)),
    Column("settings_digest", String(64)),  # of the settings the import read (`Settings.digest`)
)

export_layout = Table(
    "export_layout",
    metadata,
    _id(),
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
    _id(),
    _import_id(),
    Column("dossier_number", BigInteger, nullable=False),
    Column("change", String(10), nullable=False),  # cree | modifie
    Column("previous_stage", String(20)),
    Column("stage", String(20), nullable=False),
    Index("ix_dossier_change_dossier_number", "dossier_number"),
)

# Who did what, when: exports with personal data, and (later issues) edits and role changes.
audit = Table(
    "audit",
    metadata,
    _id(),
    Column("at", DateTime, nullable=False),
    _acted_by(),
    Column("action", String(50), nullable=False),
    Column("target", String(500)),
    Column("detail", Text),  # JSON object when written by aic_dash.store.audit.record
    Index("ix_audit_at", "at"),
)


# --- Jury grids imported from a file (store/jury.py; migration 0003). -----------------------------

jury_review = Table(
    "jury_review",
    metadata,
    _dossier_key(ForeignKey("dossier.number")),
    Column("juror_key", String(200), primary_key=True),  # the name, normalised (case, accents, spaces)
    Column("juror", String(200), nullable=False),  # the name as written in the grid
    Column("conflict", Boolean, nullable=False),
    Column("comment", Text),
    _import_id(),
    Index("ix_jury_review_juror", "juror_key"),
)

jury_score = Table(
    "jury_score",
    metadata,
    _dossier_key(),
    Column("juror_key", String(200), primary_key=True),
    Column("criterion", Integer, primary_key=True, autoincrement=False),
    Column("score", Float, nullable=False),
    _deleted_with("jury_review", "juror_key"),
)


# --- Follow-up of the laureates (store/followup.py; migration 0004). ------------------------------

# A laureate: a dossier that reached the `laureat` stage, or a laureate from the public record (no dossier).
laureate = Table(
    "laureate",
    metadata,
    _id(),
    Column("name", String(300), nullable=False),
    Column("season", String(32)),
    Column("round", String(32)),
    Column("track", String(20)),
    Column("organisation", String(300)),
    Column("town", String(200)),
    Column("themes", String(300)),  # theme codes joined with ","
    Column("seed_grant", Boolean),
    Column("phase2", Boolean),
    Column("source", String(20), nullable=False),  # dossier | public
    Column("dossier_number", BigInteger, ForeignKey("dossier.number"), unique=True),
    Column("created_at", DateTime, nullable=False),
    # The beneficiary's identifiers for the open data, filled in the app when the export has none.
    Column("siret", String(14)),
    Column("rna", String(10)),
    UniqueConstraint("season", "name", name="uq_laureate_season_name"),
)

# 12 months of support; each renewal adds a period (renewal 0 is the first one). `end_date` is exclusive.
support_period = Table(
    "support_period",
    metadata,
    _id(),
    _laureate_id(),
    Column("renewal", Integer, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("support_status", String(20), nullable=False),  # labels.SUPPORT_STATUSES
    UniqueConstraint("laureate_id", "renewal", name="uq_support_period_renewal"),
)

milestone = Table(
    "milestone",
    metadata,
    _id(),
    _laureate_id(),
    Column("title", String(500), nullable=False),
    Column("strand", String(20), nullable=False),  # labels.STRANDS
    Column("due_date", Date, nullable=False),
    Column("milestone_status", String(20), nullable=False),  # labels.MILESTONE_STATUSES
    Column("note", Text),
    *_stamped(),
    Index("ix_milestone_laureate", "laureate_id"),
)

indicator = Table(
    "indicator",
    metadata,
    _id(),
    _laureate_id(),
    Column("name", String(500), nullable=False),
    Column("unit", String(100)),
    Column("initial", Float),
    Column("target", Float),
    Column("description", Text),
    UniqueConstraint("laureate_id", "name", name="uq_indicator_name"),
)

indicator_measurement = Table(
    "indicator_measurement",
    metadata,
    _id(),
    Column("indicator_id", Integer, ForeignKey("indicator.id"), nullable=False),
    Column("measured_on", Date, nullable=False),
    Column("value", Float, nullable=False),
    *_stamped(),
    UniqueConstraint("indicator_id", "measured_on", name="uq_measurement_date"),
)

funding = Table(
    "funding",
    metadata,
    _id(),
    _laureate_id(),
    Column("tranche", Integer, nullable=False),
    Column("amount", Float, nullable=False),  # euros
    Column("granted_on", Date, nullable=False),
    Column("note", Text),
    Column("convention_date", Date),  # date of the grant agreement (open data)
    UniqueConstraint("laureate_id", "tranche", name="uq_funding_tranche"),
)

partner_administration = Table(
    "partner_administration",
    metadata,
    _id(),
    _laureate_id(),
    Column("name", String(300), nullable=False),
    UniqueConstraint("laureate_id", "name", name="uq_partner_name"),
)


# --- Synchronisation with the démarches-simplifiées API (store/sync.py; migration 0005). ----------

# Where each démarche's last successful sync got to (naive UTC, like every date-time in the store).
sync_state = Table(
    "sync_state",
    metadata,
    Column("demarche", BigInteger, primary_key=True, autoincrement=False),
    Column("updated_since", DateTime, nullable=False),  # the next sync asks for dossiers updated since
    Column("synced_at", DateTime, nullable=False),
    Column("last_run_id", Integer, ForeignKey("import_run.id"), nullable=False),
    Column("endpoint", String(500), nullable=False),
)

# Dossiers the platform reports as deleted; they stay in `dossier` (other tables may refer to them).
sync_deleted_dossier = Table(
    "sync_deleted_dossier",
    metadata,
    Column("demarche", BigInteger, primary_key=True, autoincrement=False),
    _dossier_key(),
    Column("deleted_at", DateTime),
    Column("state", String(20)),
    Column("reason", String(100)),
    _import_id(),
)


# --- Who may open the shared dashboard (store/access.py; migration 0006). -------------------------

app_user = Table(
    "app_user",
    metadata,
    Column("email", String(320), primary_key=True),  # lower-case
    Column("role", String(20), nullable=False),
    Column("added_at", DateTime, nullable=False),  # naive UTC, like every date-time in the store
    _acted_by(),
)


# --- Erasure of personal data (store/retention.py; migration 0009). -------------------------------

personal_data_erasure = Table(
    "personal_data_erasure",
    metadata,
    _dossier_key(),
    Column("erased_at", DateTime, nullable=False),  # naive UTC, like every date-time in the store
    Column("reason", String(20), nullable=False),  # RETENTION | DELETED_ON_DS
    _acted_by(),
)


# --- Jury evaluations typed in the app (store/evaluations.py; migration 0008). --------------------

jury_assignment = Table(
    "jury_assignment",
    metadata,
    _dossier_key(ForeignKey("dossier.number")),
    Column("juror", String(320), primary_key=True),  # e-mail, lower-case (as in app_user)
    Column("assigned_at", DateTime, nullable=False),
    _acted_by(),
    Column("due_on", Date),  # the day the juror should have submitted by; None: no deadline
    Index("ix_jury_assignment_juror", "juror"),
)

jury_evaluation = Table(
    "jury_evaluation",
    metadata,
    _dossier_key(ForeignKey("dossier.number")),
    Column("juror", String(320), primary_key=True),
    Column("conflict", Boolean, nullable=False),
    Column("conflict_reason", Text),
    Column("comment", Text),
    Column("evaluation_status", String(20), nullable=False),  # brouillon | soumis
    Column("version", Integer, nullable=False),  # +1 at every change: the optimistic lock
    Column("updated_at", DateTime, nullable=False),
    Column("submitted_at", DateTime),
    CheckConstraint("evaluation_status IN ('brouillon', 'soumis')", name="ck_jury_evaluation_status"),
    CheckConstraint("version >= 1", name="ck_jury_evaluation_version"),
    Index("ix_jury_evaluation_juror", "juror"),
)

jury_evaluation_score = Table(
    "jury_evaluation_score",
    metadata,
    _dossier_key(),
    Column("juror", String(320), primary_key=True),
    Column("criterion", Integer, primary_key=True, autoincrement=False),
    Column("score", Float, nullable=False),
    Column("comment", Text),
    Column("source", String(20), nullable=False),
    # The settings' scale when the score was given: the CHECK refuses a score outside it.
    Column("scale_min", Float, nullable=False),
    Column("scale_max", Float, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    CheckConstraint("score >= scale_min AND score <= scale_max", name="ck_jury_evaluation_score_scale"),
    _deleted_with("jury_evaluation", "juror"),
)

jury_round_closed = Table(
    "jury_round_closed",
    metadata,
    Column("round", String(32), primary_key=True),
    Column("closed_at", DateTime, nullable=False),
    _acted_by(),
)
