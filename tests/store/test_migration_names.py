"""Migrations 0011+ rename columns (one name per concept): rows written under the old names survive the
upgrade under the new ones, and the downgrade gives them back under the old ones.

The database is migrated through `store.db.get_engine`, as the app does: on SQLite that engine enforces
the foreign keys, so a migration that copies a table (batch mode) must not cascade-delete its children.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from aic_dash.store import schema as S
from aic_dash.store.db import MIGRATIONS, get_engine, head_revision

FIRST = "0010"  # the revision the rows below are written for
AT = datetime(2025, 3, 1, 9, 30)
DAY = date(2025, 3, 1)

# Rows as written by the code at revision 0010, parents first (the column names of then).
ROWS = [
    ("import_run", {"id": 1, "started_at": AT, "source": "fichier", "kind": "dossiers", "file_name": "a.csv",
                    "outcome": "importe", "user_name": "camille"}),
    ("export_layout", {"id": 1, "digest": "d" * 64, "headers": "[]"}),
    ("dossier", {"number": 7, "state": "accepte", "stage": "laureat", "deposited_at": AT, "layout_id": 1,
                 "raw": "", "content_hash": 1, "first_import_id": 1, "last_import_id": 1}),
    ("dossier_change", {"id": 1, "import_id": 1, "number": 7, "change": "cree", "stage": "laureat"}),
    ("audit", {"id": 1, "at": AT, "user_name": "ada", "action": "export_donnees_personnelles"}),
    ("jury_review", {"dossier": 7, "juror_key": "ada", "juror": "Ada", "conflict": False, "import_id": 1}),
    ("jury_score", {"dossier": 7, "juror_key": "ada", "criterion": 1, "score": 4.0}),
    ("laureate", {"id": 1, "name": "Projet", "source": "dossier", "dossier_number": 7, "created_at": AT}),
    ("support_period", {"id": 1, "laureate_id": 1, "renewal": 0, "start_date": DAY, "end_date": DAY,
                        "status": "diagnostic"}),
    ("milestone", {"id": 1, "laureate_id": 1, "title": "Jalon", "strand": "consolidate", "due_date": DAY,
                   "status": "atteint", "updated_at": AT, "updated_by": "camille"}),
    ("indicator", {"id": 1, "laureate_id": 1, "name": "Usagers"}),
    ("indicator_measurement", {"id": 1, "indicator_id": 1, "measured_on": DAY, "value": 3.0, "updated_at": AT,
                               "updated_by": "camille"}),
    ("sync_deleted_dossier", {"demarche": 1, "number": 7, "import_id": 1}),
    ("app_user", {"email": "ada@example.gouv.fr", "role": "admin", "added_at": AT,
                  "added_by": "AIC_DASH_ADMINS"}),
    ("personal_data_erasure", {"number": 7, "erased_at": AT, "reason": "conservation", "erased_by": "ada"}),
    ("jury_assignment", {"dossier": 7, "juror": "ada@example.gouv.fr", "assigned_at": AT,
                         "assigned_by": "bo"}),
    ("jury_evaluation", {"dossier": 7, "juror": "ada@example.gouv.fr", "conflict": False, "state": "soumis",
                         "version": 1, "updated_at": AT}),
    ("jury_evaluation_score", {"dossier": 7, "juror": "ada@example.gouv.fr", "criterion": 1, "score": 4.0,
                               "source": "application", "scale_min": 0.0, "scale_max": 5.0,
                               "updated_at": AT}),
    ("jury_round_closed", {"round": "S1-R1", "closed_at": AT, "closed_by": "bo"}),
]  # fmt: skip

# Per migration, (table, old name) -> new name.
RENAMES = {
    "0011": {
        ("jury_review", "dossier"): "dossier_number",
        ("jury_score", "dossier"): "dossier_number",
        ("jury_assignment", "dossier"): "dossier_number",
        ("jury_evaluation", "dossier"): "dossier_number",
        ("jury_evaluation_score", "dossier"): "dossier_number",
        ("dossier_change", "number"): "dossier_number",
        ("sync_deleted_dossier", "number"): "dossier_number",
        ("personal_data_erasure", "number"): "dossier_number",
    },
    "0012": {
        ("import_run", "user_name"): "acted_by",
        ("audit", "user_name"): "acted_by",
        ("milestone", "updated_by"): "acted_by",
        ("indicator_measurement", "updated_by"): "acted_by",
        ("app_user", "added_by"): "acted_by",
        ("personal_data_erasure", "erased_by"): "acted_by",
        ("jury_assignment", "assigned_by"): "acted_by",
        ("jury_round_closed", "closed_by"): "acted_by",
    },
    "0013": {
        ("support_period", "status"): "support_status",
        ("milestone", "status"): "milestone_status",
        ("jury_evaluation", "state"): "evaluation_status",
    },
}


def _rows_at(revision: str) -> list[tuple[str, dict]]:
    """ROWS under the column names of `revision` (every rename up to it applied)."""
    out = []
    for table, row in ROWS:
        for at in sorted(RENAMES):
            if at <= revision:
                row = {RENAMES[at].get((table, k), k): v for k, v in row.items()}
        out.append((table, row))
    return out


def _config(conn) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def _migrate(engine, action, revision: str) -> None:
    with engine.begin() as conn:
        action(_config(conn), revision)


def _read(engine, table: str, columns: list[str]) -> dict:
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT {', '.join(columns)} FROM {table}")).mappings().all()
    assert len(rows) == 1, (table, rows)
    return dict(rows[0])


def _normalised(values: dict) -> dict:
    """SQLite gives dates and date-times back as text through raw SQL: compare them as text."""
    return {k: str(v) if isinstance(v, date) else v for k, v in values.items()}


@pytest.mark.parametrize("before", [FIRST, "0011", "0012"])
def test_rows_written_before_the_renames_keep_their_values_under_the_new_names(db_url, before):
    assert max(RENAMES) <= head_revision()
    engine = get_engine(db_url)
    try:
        _migrate(engine, command.upgrade, before)
        written = _rows_at(before)
        with engine.begin() as conn:
            for table, row in written:
                names = ", ".join(row)
                conn.execute(
                    text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + k for k in row)})"), row
                )

        _migrate(engine, command.upgrade, "head")
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
        for table, row in _rows_at(head_revision()):
            assert _normalised(_read(engine, table, list(row))) == _normalised(row), table
            # The live schema names the same columns as the migrated database.
            assert {c["name"] for c in inspect(engine).get_columns(table)} == set(
                S.metadata.tables[table].c.keys()
            )

        with engine.connect() as conn:
            checks = {c["name"] for c in inspect(conn).get_check_constraints("jury_evaluation")}
        assert "ck_jury_evaluation_status" in checks and "ck_jury_evaluation_state" not in checks

        _migrate(engine, command.downgrade, before)
        for table, row in written:
            assert _normalised(_read(engine, table, list(row))) == _normalised(row), table
    finally:
        engine.dispose()
