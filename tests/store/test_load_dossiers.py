"""`queries.load_dossiers` gives the same frame on every database: on PostgreSQL it reads through COPY
and Arrow (`_copied_frame`), elsewhere through Python values; both must agree to the dtype, whatever
the text holds (quotes, line breaks, empty text, `\\N`, accents) and wherever values are missing."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select, update

from aic_dash.store import queries
from aic_dash.store import schema as S
from aic_dash.store.db import get_engine, result_frame
from aic_dash.store.imports import import_export
from aic_dash.ui.data import COLUMNS
from tests.conftest import FIXTURES

AWKWARD = ['Le « commun » "cité", ; virgule', "deux\nlignes", "", "\\N", "NULL", "  Œuvre—ß  "]


def _by_python_values(engine, filters) -> pd.DataFrame:
    stmt = filters.apply(select(*(S.dossier.c[c] for c in COLUMNS))).order_by(S.dossier.c.number)
    with engine.connect() as conn:
        return queries._localize(result_frame(conn.execute(stmt), list(COLUMNS)), queries._DATES)


def test_every_database_reads_the_same_dossiers_as_python_values_would(db_url, settings, monkeypatch):
    engine = get_engine(db_url)
    data = (FIXTURES / "exports" / "ds_standard.csv").read_bytes()
    assert import_export(engine, settings, data, "ds_standard.csv").ok
    d = S.dossier
    with engine.begin() as conn:
        numbers = [int(n) for n in conn.scalars(select(d.c.number).order_by(d.c.number))]
        assert len(numbers) >= len(AWKWARD)
        for number, text in zip(numbers, AWKWARD):
            conn.execute(update(d).where(d.c.number == number).values(project=text, group_label=text))
        conn.execute(update(d).where(d.c.number == numbers[0]).values(eligible=None, processed_at=None))
    copied = []
    original = queries._copied_frame
    monkeypatch.setattr(queries, "_copied_frame", lambda *a: copied.append(frame := original(*a)) or frame)
    for filters in (queries.Filters(), queries.Filters(track="DINUM"), queries.Filters(season="2023")):
        pd.testing.assert_frame_equal(
            queries.load_dossiers(engine, filters, COLUMNS), _by_python_values(engine, filters)
        )
    if db_url.startswith("postgresql"):
        assert copied[0] is not None  # the COPY path was taken, not the fallback
        assert copied[0]["project"].tolist()[: len(AWKWARD)] == AWKWARD
    else:
        assert copied == [None, None, None]


def test_an_empty_result_reads_the_same_on_every_database(db_url, settings):
    engine = get_engine(db_url)
    data = (FIXTURES / "exports" / "ds_standard.csv").read_bytes()
    assert import_export(engine, settings, data, "ds_standard.csv").ok
    nobody = queries.Filters(season="1900")
    pd.testing.assert_frame_equal(
        queries.load_dossiers(engine, nobody, COLUMNS), _by_python_values(engine, nobody)
    )
