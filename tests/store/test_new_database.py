"""`db.new_database`: a command's first import into a SQLite file that does not exist yet builds it apart
(rollback journal, no WAL) and the database appears whole, in WAL mode, only when the command ends."""

from __future__ import annotations

import sqlite3

import pytest

from aic_dash.store import audit
from aic_dash.store.db import BuiltMeanwhile, new_database, upgrade


def _journal(path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]


def test_a_new_file_is_built_apart_and_appears_whole_in_wal_mode(tmp_path):
    target = tmp_path / "sub" / "aic.sqlite"
    with new_database(f"sqlite:///{target}") as engine:
        upgrade(engine)
        with engine.begin() as conn:
            audit.record(conn, "test", "import")
        assert not target.exists()  # nobody sees it while it is built
        building = list(target.parent.glob("aic.sqlite.building-*"))
        assert len(building) == 1 and _journal(building[0]) == "delete"
    assert target.exists() and _journal(target) == "wal"
    assert sorted(p.name for p in target.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "aic.sqlite"
    ]
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT acted_by, action FROM audit").fetchall() == [("test", "import")]


def test_an_exception_leaves_no_file(tmp_path):
    target = tmp_path / "aic.sqlite"
    with pytest.raises(KeyboardInterrupt), new_database(f"sqlite:///{target}") as engine:
        upgrade(engine)
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_database_made_meanwhile_by_another_process_is_kept_and_the_command_says_so(tmp_path):
    target = tmp_path / "aic.sqlite"
    with pytest.raises(BuiltMeanwhile, match="créée par l'application pendant cet import"):
        with new_database(f"sqlite:///{target}") as engine:
            upgrade(engine)
            target.write_bytes(b"theirs")
    assert target.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["aic.sqlite"]


def test_an_existing_file_is_written_in_place(tmp_path):
    target = tmp_path / "aic.sqlite"
    with new_database(f"sqlite:///{target}") as engine:
        upgrade(engine)
    with new_database(f"sqlite:///{target}") as engine:
        assert str(engine.url.database) == str(target)


def test_the_import_command_writes_into_a_database_the_app_made_meanwhile(tmp_path, monkeypatch, capsys):
    """The app (an upload) made the file while the command built its own: the command imports again
    into the app's database, says so, and succeeds."""
    from aic_dash.cli.main import main
    from aic_dash.store import db
    from aic_dash.store.queries import load_dossiers
    from tests.conftest import ROOT

    target = tmp_path / "aic.sqlite"
    url = f"sqlite:///{target}"
    link = db.os.link

    def app_first(source, destination):
        upgrade(db.get_engine(url))  # what the app does on its first upload
        return link(source, destination)

    monkeypatch.setattr(db.os, "link", app_first)
    code = main(["import", str(ROOT / "tests" / "fixtures" / "exports" / "ds_standard.csv"), "--db", url])
    assert code == 0
    assert "créée par l'application pendant cet import" in capsys.readouterr().err
    assert len(load_dossiers(db.get_engine(url))) > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".sqlite")] == ["aic.sqlite"]


def test_without_hard_links_the_new_file_is_renamed_into_place(tmp_path, monkeypatch):
    """Some network shares have no hard links: the database still appears whole, in WAL mode."""
    from aic_dash.store import db

    def no_links(source, destination):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(db.os, "link", no_links)
    target = tmp_path / "aic.sqlite"
    with new_database(f"sqlite:///{target}") as engine:
        upgrade(engine)
    assert _journal(target) == "wal"
    assert [p.name for p in tmp_path.iterdir() if ".building-" in p.name] == []
