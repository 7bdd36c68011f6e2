"""One import run for every kind of file: the lock, the history, the refusal (aic_dash.store.import_runs)."""

from __future__ import annotations

from pathlib import Path

from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_path
from aic_dash.store.queries import import_history
from tests.conftest import EXPORTS, FIXTURES
from tests.db_state import import_process

JURY = FIXTURES / "jury"


def _finish(process) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def test_two_jury_grids_and_an_export_imported_at_once_all_complete(db_url, settings):
    """Each takes the import lock: on PostgreSQL they queue instead of failing on a duplicate key."""
    engine = get_engine(db_url)
    assert import_path(engine, settings, str(EXPORTS / "ds_standard.csv")).ok
    files: list[Path] = [JURY / "grille_standard.csv", JURY / "grille_noms.csv", EXPORTS / "ds_later.csv"]
    processes = [import_process(path, db_url) for path in files]
    for path, process in zip(files, processes):
        code, out, err = _finish(process)
        assert code == 0, (path.name, out, err)
    history = import_history(engine)
    assert len(history) == 4
    assert set(history["outcome"]) == {"importe"}
    assert set(history["kind"]) == {"dossiers", "jury"}


def test_every_kind_of_run_is_listed_with_who_and_its_outcome(engine, settings):
    from aic_dash.store.dispatch import import_file

    for path in (EXPORTS / "ds_standard.csv", JURY / "grille_standard.csv", JURY / "bad" / "absent.csv"):
        import_file(engine, settings, str(path), user="camille")
    history = import_history(engine).iloc[::-1]
    assert list(history["kind"]) == ["dossiers", "jury", "dossiers"]
    assert list(history["outcome"]) == ["importe", "importe", "rejete"]
    assert set(history["acted_by"]) == {"camille"}
