"""Two imports at once into the same database, from two processes, on SQLite and on PostgreSQL.

Both complete — the second waits for the first (SQLite: BEGIN IMMEDIATE and its busy timeout;
PostgreSQL: an advisory lock per import transaction) — or one is refused with a French message;
no update is lost and the database ends with the latest state of every dossier, whatever the order.
"""

from __future__ import annotations

import sqlite3

import pytest

from aic_dash.demo.dossiers import build_demo_export
from aic_dash.store import db, import_runs
from aic_dash.store.db import get_engine, upgrade
from aic_dash.store.imports import import_export, import_path
from aic_dash.store.queries import import_history, load_dossiers
from tests.conftest import EXPORTS
from tests.db_state import dump, import_process, wait_until_writing

BIG = 10_000
FIXTURE_NUMBERS = list(range(11000001, 11000008))
BUSY = "la base est occupée par un autre import"


@pytest.fixture(scope="module")
def big_export(tmp_path_factory):
    path = tmp_path_factory.mktemp("concurrency") / "export-10000.csv"
    path.write_bytes(build_demo_export(BIG, seed=9))
    return path


def _finish(process) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    assert "Traceback" not in err, err
    return process.returncode, out, err


def _assert_latest_fixture_states(engine) -> None:
    """ds_later.csv's states won over ds_standard.csv's; 11000006, absent from it, was kept."""
    d = load_dossiers(engine).set_index("number")
    assert d.loc[11000001, "state"] == "en_instruction"
    assert d.loc[11000002, "stage"] == "laureat"
    assert d.loc[11000006, "stage"] == "sans_suite"
    assert d.loc[11000007, "state"] == "en_construction"


def test_second_import_waits_for_the_one_writing(db_url, settings, big_export):
    engine = get_engine(db_url)
    assert import_path(engine, settings, str(EXPORTS / "ds_standard.csv")).ok
    first = import_process(big_export, db_url)
    wait_until_writing(first, engine)
    second = import_process(EXPORTS / "ds_later.csv", db_url)

    code, out, err = _finish(first)
    assert code == 0, err
    assert f"{BIG} créé(s)" in out
    code, out, err = _finish(second)
    if code != 0:  # allowed: refused after the busy timeout, with the French message; then retried
        assert BUSY in err or "La base de données est occupée" in err, err
        code, out, err = _finish(import_process(EXPORTS / "ds_later.csv", db_url))
    assert code == 0, err
    assert "1 créé(s), 2 mis à jour" in out

    numbers = set(load_dossiers(engine, columns=("number",))["number"])
    assert len(numbers) == BIG + 7 and set(FIXTURE_NUMBERS) <= numbers
    _assert_latest_fixture_states(engine)
    assert set(import_history(engine)["outcome"]) == {"importe"}


def test_two_first_imports_at_once_on_a_new_database(db_url):
    """Both processes create the schema at the same moment; each waits for the other, none fails."""
    older = import_process(EXPORTS / "ds_standard.csv", db_url)
    newer = import_process(EXPORTS / "ds_later.csv", db_url)
    for process in (older, newer):
        code, _, err = _finish(process)
        assert code == 0, err
    engine = get_engine(db_url)
    assert load_dossiers(engine)["number"].tolist() == FIXTURE_NUMBERS
    _assert_latest_fixture_states(engine)  # whichever ran last


def test_an_older_export_does_not_roll_dossiers_back(engine, settings):
    assert import_path(engine, settings, str(EXPORTS / "ds_later.csv")).ok
    result = import_path(engine, settings, str(EXPORTS / "ds_standard.csv"))
    assert result.ok, result.error
    assert (result.created, result.updated, result.unchanged, result.ignored) == (1, 0, 3, 2)
    assert "2 ignoré(s) : plus ancien(s) que la base" in result.summary()
    assert "2 ignoré(s) : plus ancien(s) que la base" in import_history(engine)["message"].iloc[0]
    _assert_latest_fixture_states(engine)


def test_sqlite_import_refused_when_the_base_stays_busy(tmp_path, settings, monkeypatch):
    """Past the busy timeout an import gives up with a French message and changes nothing."""
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_S", 1)
    monkeypatch.setattr(import_runs, "SQLITE_BUSY_TIMEOUT_S", 1)
    path = tmp_path / "aic.sqlite"
    engine = get_engine(f"sqlite:///{path}")
    upgrade(engine)
    assert import_path(engine, settings, str(EXPORTS / "ds_standard.csv")).ok
    before = dump(engine)
    other = sqlite3.connect(path, isolation_level=None)  # another writer holding the base
    other.execute("BEGIN IMMEDIATE")
    try:
        data = (EXPORTS / "ds_later.csv").read_bytes()
        result = import_export(engine, settings, data, "ds_later.csv")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not result.ok
    assert result.error.startswith("Fichier « ds_later.csv » : ") and BUSY in result.error
    assert "1 secondes" in result.error and "Réessayez" in result.error
    assert dump(engine) == before
    assert import_export(engine, settings, data, "ds_later.csv").ok
