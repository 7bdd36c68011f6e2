"""A new database gets its schema at once from store/schema.py (`create_fresh`), an existing one through
the migrations: both must give the same tables, to the constraint, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re

from sqlalchemy import inspect, text

from aic_dash.store import db
from aic_dash.store.db import create_fresh, get_engine, head_revision, migrate


def _squeeze(sql: str | None) -> str | None:
    return None if sql is None else re.sub(r"\s+", " ", sql).strip().strip("()").lower()


def snapshot(engine) -> dict:
    """Everything the database says about its tables, in a form two databases can be compared on."""
    found = inspect(engine)
    tables = {}
    for name in sorted(found.get_table_names()):
        tables[name] = {
            # by name: a column added by a later migration comes last, where the schema may list it earlier
            "columns": sorted(
                (c["name"], str(c["type"]).upper(), c["nullable"], _squeeze(c.get("default")))
                for c in found.get_columns(name)
            ),
            "primary key": found.get_pk_constraint(name)["constrained_columns"],
            "foreign keys": sorted(
                (fk["constrained_columns"], fk["referred_table"], fk["referred_columns"])
                for fk in found.get_foreign_keys(name)
            ),
            "indexes": sorted(
                (i["name"] or "", tuple(i["column_names"]), bool(i["unique"]))
                for i in found.get_indexes(name)
            ),
            "unique": sorted(
                (u["name"] or "", tuple(u["column_names"])) for u in found.get_unique_constraints(name)
            ),
            "checks": sorted(
                (c["name"] or "", _squeeze(c["sqltext"])) for c in found.get_check_constraints(name)
            ),
        }
    return tables


def _empty(engine) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        else:
            for name in inspect(conn).get_table_names():
                conn.execute(text(f'DROP TABLE "{name}"'))


def test_a_new_database_has_the_schema_the_migrations_build(db_url):
    engine = get_engine(db_url)
    with engine.begin() as conn:
        migrate(conn)
    migrated = snapshot(engine)
    engine.dispose()
    _empty(engine)
    with engine.begin() as conn:
        assert create_fresh(conn) is True
    created = snapshot(engine)
    assert len(created) > 20 and "dossier" in created
    for name in sorted(set(migrated) | set(created)):
        assert created.get(name) == migrated.get(name), name
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()


def test_fresh_creation_leaves_a_database_with_tables_alone(db_url):
    engine = get_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE something_else (id INTEGER PRIMARY KEY)"))
    with engine.begin() as conn:
        assert create_fresh(conn) is False
    assert inspect(engine).get_table_names() == ["something_else"]


def test_upgrade_of_a_new_database_runs_no_migration(sqlite_url, monkeypatch):
    called = []
    monkeypatch.setattr(db, "migrate", lambda conn: called.append(conn))
    engine = get_engine(sqlite_url)
    db.upgrade(engine)
    assert called == []
    assert "dossier" in inspect(engine).get_table_names()
