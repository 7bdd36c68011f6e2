"""Imports into a real database (SQLite file and PostgreSQL server): upsert, history, atomic rejection."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pandas as pd
import pytest
from sqlalchemy import select, text

from aic_dash.store import schema as S
from aic_dash.store.imports import import_path
from aic_dash.store.queries import Filters, dossier_fields, dossier_history, import_history, load_dossiers
from tests.conftest import BAD, EXPORTS, ROOT

DATA_TABLES = ("season", "round", "export_layout", "dossier", "dossier_change")


def dump(engine) -> dict[str, list]:
    """Every row of every data table, for before/after comparisons."""
    with engine.connect() as conn:
        return {
            t: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {t}")).all()), key=repr)
            for t in DATA_TABLES
        }


def test_import_then_reimport_changes_nothing(engine, settings):
    first = import_path(engine, settings, str(EXPORTS / "ds_standard.csv"))
    assert first.ok, first.error
    assert (first.rows, first.created, first.updated, first.unchanged) == (6, 6, 0, 0)
    before = dump(engine)
    again = import_path(engine, settings, str(EXPORTS / "ds_standard.csv"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert dump(engine) == before
    runs = import_history(engine)
    assert runs["outcome"].tolist() == ["importe", "importe"]
    assert runs["sha256"].nunique() == 1 and runs["detected"][0].startswith("CSV, UTF-8")


def test_later_export_updates_and_keeps_missing(engine, settings):
    import_path(engine, settings, str(EXPORTS / "ds_standard.csv"))
    later = import_path(engine, settings, str(EXPORTS / "ds_later.csv"))
    assert later.ok, later.error
    assert later.created == 1
    d = load_dossiers(engine).set_index("number")
    assert len(d) == 7
    assert d.loc[11000001, "state"] == "en_instruction"
    assert d.loc[11000002, "stage"] == "laureat"
    assert d.loc[11000006, "stage"] == "sans_suite"  # absent from the later export, kept
    history = dossier_history(engine, 11000002)
    assert history["change"].tolist() == ["modifie", "cree"]
    assert history["previous_stage"][0] == "liste_restreinte" and history["stage"][0] == "laureat"


def test_same_dossiers_from_csv_xlsx_and_ods(engine, settings):
    for name in ("ds_standard.csv", "ds_export.xlsx", "ds_export.ods", "ds_excel_fr.csv"):
        assert import_path(engine, settings, str(EXPORTS / name)).ok
    d = load_dossiers(engine)
    assert d["number"].tolist() == list(range(11000001, 11000007))


def test_raw_fields_are_kept_with_repeated_labels(engine, settings):
    import_path(engine, settings, str(EXPORTS / "ds_standard.csv"))
    fields = dossier_fields(engine, 11000005)
    labels = [label for label, _ in fields]
    assert labels.count("Nom") >= 2
    description = dict(fields)["Décrivez votre projet en quelques lignes"]
    assert "<script>" in description


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir()))
def test_rejected_file_leaves_the_database_as_it_was(engine, settings, name):
    import_path(engine, settings, str(EXPORTS / "ds_standard.csv"))
    before = dump(engine)
    result = import_path(engine, settings, str(BAD / name))
    assert not result.ok
    assert result.error.startswith(f"Fichier « {name} »")
    assert "Traceback" not in result.error
    assert dump(engine) == before
    last = import_history(engine).iloc[0]
    assert last["outcome"] == "rejete" and last["file_name"] == name and last["message"] == result.error


def test_failure_while_writing_rolls_back(engine, settings, monkeypatch):
    import_path(engine, settings, str(EXPORTS / "ds_standard.csv"))
    before = dump(engine)
    from aic_dash.store import imports

    def broken(conn, headers):
        conn.execute(text("INSERT INTO no_such_table VALUES (1)"))

    monkeypatch.setattr(imports, "_layout_id", broken)
    result = import_path(engine, settings, str(EXPORTS / "ds_later.csv"))
    assert not result.ok and "rien n'a été modifié" in result.error
    assert dump(engine) == before


def test_filters(engine, settings):
    import_path(engine, settings, str(EXPORTS / "ds_standard.csv"))
    assert len(load_dossiers(engine, Filters(track="DINUM"))) == 3
    assert load_dossiers(engine, Filters(round="2023-2"))["number"].tolist() == [11000006]
    with engine.connect() as conn:
        assert conn.scalar(select(S.round_.c.season_id).where(S.round_.c.id == "2023-2")) == "2023"


def run_cli(*args: str, db: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "aic_dash", *args, "--db", db],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_cli_round_trip_and_exit_codes(db_url):
    done = run_cli("import", str(EXPORTS / "ds_standard.csv"), str(BAD / "bad_date.csv"), db=db_url)
    assert done.returncode == 2
    assert "ds_standard.csv : 6 dossier(s) lu(s)" in done.stdout
    assert "Fichier « bad_date.csv », ligne 3" in done.stderr and "Traceback" not in done.stderr
    report = run_cli("report", "applications", db=db_url)
    assert report.returncode == 0, report.stderr
    rows = list(csv.DictReader(io.StringIO(report.stdout)))
    assert [int(r["dossier"]) for r in rows] == list(range(11000001, 11000007))
    source = pd.read_csv(EXPORTS / "ds_standard.csv", dtype=str, keep_default_na=False)
    assert [r["project"] for r in rows] == source["Nom du projet"].tolist()
    assert rows[4]["deposited_at"] == "2023-04-28T11:52:07+02:00"
    assert {"dossier", "season", "round", "track", "stage", "state", "project", "deposited_at"} <= set(
        rows[0]
    )
    pipeline = run_cli("report", "pipeline", "--track", "DITP", db=db_url)
    lines = pipeline.stdout.splitlines()
    assert lines[0] == "season,round,track,stage,applications"
    assert "2023,2023-1,DITP,non_eligible,1" in lines and all(",DITP," in x for x in lines[1:])
    ok = run_cli("import", str(EXPORTS / "ds_later.csv"), db=db_url)
    assert ok.returncode == 0 and "1 créé(s)" in ok.stdout


def test_cli_unreachable_database_says_so_in_french(tmp_path):
    done = run_cli("report", "pipeline", db="postgresql://aic:secret@127.0.0.1:1/none")
    assert done.returncode == 2
    assert "Base de données injoignable" in done.stderr
    assert "secret" not in done.stderr and "Traceback" not in done.stderr


def test_sqlite_reads_do_not_wait_for_a_writer_but_writers_queue(sqlite_url):
    """A manager opening a page during an import is not blocked; a second import waits its turn."""
    import threading
    import time

    from aic_dash.store.db import get_engine, upgrade

    engine = get_engine(sqlite_url)
    upgrade(engine)
    holding, released = threading.Event(), threading.Event()

    def writer() -> None:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO season (id, label) VALUES ('w1', 'écriture')"))
            holding.set()
            time.sleep(1.5)
        released.set()

    thread = threading.Thread(target=writer)
    thread.start()
    assert holding.wait(10)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM season")).scalar() == 0  # not committed yet
    assert not released.is_set()  # the read did not wait for the writer
    with engine.begin() as conn:
        assert released.is_set()  # the second writer got the lock only once the first committed
        conn.execute(text("INSERT INTO season (id, label) VALUES ('w2', 'après')"))
    thread.join()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM season")).scalar() == 2
