"""Importing the same export again: recognised without reading it, unless anything could differ."""

from __future__ import annotations

import dataclasses

from aic_dash.store.imports import import_path
from aic_dash.store.queries import import_history, load_dossiers
from tests.conftest import EXPORTS
from tests.db_state import dump


def test_the_same_file_again_changes_nothing_and_says_so(engine, settings):
    path = str(EXPORTS / "ds_standard.csv")
    assert import_path(engine, settings, path).ok
    before = dump(engine)
    again = import_path(engine, settings, path)
    assert again.ok and (again.rows, again.created, again.updated, again.unchanged) == (6, 0, 0, 6)
    assert "fichier identique à l'import n° " in again.summary()
    assert dump(engine) == before
    history = import_history(engine)
    assert list(history["outcome"]) == ["importe", "importe"]
    assert history["sha256"].nunique() == 1


def test_the_same_file_after_another_import_takes_the_ordinary_path(engine, settings):
    first, later = str(EXPORTS / "ds_standard.csv"), str(EXPORTS / "ds_later.csv")
    for path in (first, later):
        assert import_path(engine, settings, path).ok
    again = import_path(engine, settings, first)
    assert "fichier identique" not in again.summary()
    assert again.ignored == 2  # read row by row: its two older rows are left alone
    assert load_dossiers(engine).set_index("number").loc[11000002, "stage"] == "laureat"


def test_the_same_file_under_other_settings_is_read_again(engine, settings):
    path = str(EXPORTS / "ds_standard.csv")
    assert import_path(engine, settings, path).ok
    renamed = dataclasses.replace(settings, column_mapping={**settings.column_mapping, "Autre": "Nom"})
    again = import_path(engine, renamed, path)
    assert again.ok and "fichier identique" not in again.summary()
