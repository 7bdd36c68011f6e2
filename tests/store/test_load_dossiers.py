"""`queries.load_dossiers` gives the same frame on every database: on PostgreSQL it reads through COPY
and Arrow (`_copied_frame`), elsewhere through Python values; both must agree to the dtype, whatever
the text holds (quotes, line breaks, empty text, `\\N`, accents) and wherever values are missing."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select, update

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


def _mark_and_frame(engine):
    version = queries.last_import_id(engine)
    return version, queries.import_mark(engine, version), queries.load_dossiers(engine, columns=COLUMNS)


def test_after_an_import_only_what_it_changed_is_read_and_the_frame_is_the_full_read(db_url, settings):
    """`refresh_dossiers`: the frame read before an import, brought up to date from the dossiers it
    created or changed, is exactly what reading every dossier gives, on every database."""
    engine = get_engine(db_url)
    first = (FIXTURES / "exports" / "ds_standard.csv").read_bytes()
    assert import_export(engine, settings, first, "ds_standard.csv").ok
    version, mark, before = _mark_and_frame(engine)
    later = import_export(
        engine, settings, (FIXTURES / "exports" / "ds_later.csv").read_bytes(), "ds_later.csv"
    )
    assert later.ok and later.created + later.updated > 0
    assert len(queries.load_dossiers(engine, columns=COLUMNS, changed_after=version)) == (
        later.created + later.updated
    )
    refreshed = queries.refresh_dossiers(engine, before, version, mark, COLUMNS)
    after = queries.load_dossiers(engine, columns=COLUMNS)
    assert refreshed is not None
    pd.testing.assert_frame_equal(refreshed, after)
    assert not refreshed.equals(before)

    # An import that changes nothing: the same frame, nothing read again.
    version, mark, _ = _mark_and_frame(engine)
    assert import_export(engine, settings, first, "ds_standard.csv").ok
    assert queries.refresh_dossiers(engine, after, version, mark, COLUMNS) is after


def test_a_frame_from_another_history_or_with_rows_gone_is_read_again_whole(db_url, settings, tmp_path):
    """None (read every dossier) when the database is not the one the frame was read from, although its
    import ids are the same, or when its count of dossiers differs."""
    engine = get_engine(db_url)
    data = (FIXTURES / "exports" / "ds_standard.csv").read_bytes()
    assert import_export(engine, settings, data, "ds_standard.csv").ok
    version, mark, frame = _mark_and_frame(engine)
    other = get_engine(f"sqlite:///{tmp_path / 'other.sqlite'}")
    assert import_export(other, settings, data, "ds_standard.csv").ok
    assert queries.last_import_id(other) == version  # the same ids, another history
    assert queries.refresh_dossiers(other, frame, version, mark, COLUMNS) is None
    assert queries.refresh_dossiers(engine, frame.iloc[1:], version, mark, COLUMNS) is None
    assert queries.refresh_dossiers(engine, frame, version, mark, COLUMNS) is frame


def test_a_yes_no_column_gets_the_dtype_and_the_values_a_full_read_gives(db_url, settings):
    """Eligibility is yes / no / not decided: bool when every dossier has it, else object. An import
    that clears it on one dossier, then one that sets it again, leave the frame a full read would give
    (never a missing value cast to « no »)."""
    engine = get_engine(db_url)
    d = S.dossier
    assert import_export(
        engine, settings, (FIXTURES / "exports" / "ds_standard.csv").read_bytes(), "a.csv"
    ).ok
    with engine.begin() as conn:
        conn.execute(update(d).values(eligible=True))
    version, mark, before = _mark_and_frame(engine)
    assert before["eligible"].dtype == bool
    later = (FIXTURES / "exports" / "ds_later.csv").read_bytes()
    assert import_export(engine, settings, later, "ds_later.csv").ok
    newest = queries.last_import_id(engine)
    with engine.begin() as conn:  # what an import writes when the export no longer says
        conn.execute(update(d).values(eligible=True))
        first_changed = conn.scalar(select(func.min(d.c.number)).where(d.c.last_import_id == newest))
        conn.execute(update(d).where(d.c.number == first_changed).values(eligible=None))
    refreshed = queries.refresh_dossiers(engine, before, version, mark, COLUMNS)
    after = queries.load_dossiers(engine, columns=COLUMNS)
    assert after["eligible"].dtype == object and after["eligible"].isna().sum() == 1
    assert refreshed is not None
    pd.testing.assert_frame_equal(refreshed, after)

    # Set again on that dossier by a later import: bool again, as a full read gives.
    version, mark = newest, queries.import_mark(engine, newest)
    assert import_export(
        engine, settings, (FIXTURES / "exports" / "ds_standard.csv").read_bytes(), "b.csv"
    ).ok
    with engine.begin() as conn:
        conn.execute(
            update(d)
            .where(d.c.number == first_changed)
            .values(eligible=True, last_import_id=d.c.last_import_id + 1)
        )
    again = queries.refresh_dossiers(engine, refreshed, version, mark, COLUMNS)
    assert again is not None
    pd.testing.assert_frame_equal(again, queries.load_dossiers(engine, columns=COLUMNS))
    assert again["eligible"].dtype == bool
