"""Retention: `purge` erases the personal data of old dossiers everywhere (raw SQLite file included), the
reports without personal data do not move, a dry run and a second purge change nothing, the audit keeps
counts without values, a re-import does not bring the data back, and deleted dossiers of a sync go too.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from aic_dash import labels as L
from aic_dash.cli import main as cli
from aic_dash.config import load_settings
from aic_dash.demo.dossiers import build_demo_export
from aic_dash.reports import dossiers as report_dossiers
from aic_dash.reports import formats as report_formats
from aic_dash.reports import registry as reports
from aic_dash.store.audit import audit_log
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from aic_dash.store.queries import Filters, load_dossiers
from aic_dash.store.retention import PURGE_ACTION, deleted_on_ds, purge
from tests.conftest import EXPORTS, ROOT
from tests.ds_standin import DEMARCHE, TOKEN, StandIn, export_dossiers, now_iso

MONTHS = 24
DISTINCT = re.compile(r"@|\d{2} \d{2} \d{2}")  # e-mails and phone numbers: no other field holds them


@pytest.fixture
def demo(db_url, engine):
    """The demo: dossiers of 2022–2023, a jury, and the 13 laureates' support periods."""
    assert cli.main(["demo", "--db", db_url]) == 0
    return engine


def contacts(engine) -> pd.DataFrame:
    numbers = load_dossiers(engine, columns=("number",))["number"].tolist()
    return report_dossiers.dossier_contacts(engine, numbers).fillna("")


def values_of(frame: pd.DataFrame) -> set[str]:
    return {v for v in frame.to_numpy().ravel().tolist() if isinstance(v, str) and DISTINCT.search(v)}


def every_cell(engine) -> str:
    """Every value of every table, as one text (to look for a value anywhere in the database)."""
    cells = []
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                cells.extend(str(v) for v in row)
    return "\n".join(cells)


def reports_without_personal_data(engine) -> dict[str, bytes]:
    return {
        name: report_formats.render(reports.build_report(name, engine, Filters()), "csv")
        for name in sorted(reports.REPORTS)
    }


def stored(engine) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(text("SELECT number, raw, content_hash FROM dossier ORDER BY number")).all()


def laureate_moment(engine) -> datetime:
    """A `now` at which the laureate whose support ends last is still within the retention period."""
    with engine.connect() as conn:
        last_end = conn.scalar(text("SELECT MAX(end_date) FROM support_period"))
    return (
        datetime.combine(pd.Timestamp(last_end).date(), datetime.min.time())
        + pd.DateOffset(months=MONTHS)
        - timedelta(days=10)
    )


def test_purge_erases_personal_data_everywhere_except_recent_laureates_and_reports_stay(demo):
    engine = demo
    now = laureate_moment(engine)
    before = contacts(engine)
    before_reports = reports_without_personal_data(engine)
    assert values_of(before)  # the demo has e-mails and phones to erase
    with engine.connect() as conn:
        kept_numbers = set(
            conn.scalars(
                text(
                    "SELECT l.dossier_number FROM laureate l JOIN support_period p ON p.laureate_id = l.id "
                    "WHERE l.dossier_number IS NOT NULL GROUP BY l.dossier_number "
                    "HAVING MAX(p.end_date) >= :day"
                ),
                {"day": (pd.Timestamp(now) - pd.DateOffset(months=MONTHS)).date()},
            )
        )
    assert kept_numbers  # at least one laureate still in support within the period

    result = purge(engine, MONTHS, "ada.admin", now=now)

    after = contacts(engine)
    erased = after.drop(index=list(kept_numbers))
    assert (erased.fillna("") == "").all().all()  # names, e-mails, phones: all blank
    assert after.loc[list(kept_numbers)].equals(before.loc[list(kept_numbers)])
    gone = values_of(before.drop(index=list(kept_numbers))) - values_of(before.loc[list(kept_numbers)])
    everything = every_cell(engine)
    assert gone and not [v for v in gone if v in everything]
    assert reports_without_personal_data(engine) == before_reports
    assert result.erased == len(before) - len(kept_numbers) == result.total
    assert result.laureates_kept == len(kept_numbers)
    assert set(result.per_season) == {"2022", "2023"}

    [row] = audit_log(engine, PURGE_ACTION).to_dict("records")
    detail = json.loads(row["detail"])
    assert row["acted_by"] == "ada.admin"
    assert detail["dossiers"] == result.erased and detail["months"] == MONTHS
    assert detail["cutoff"] == result.cutoff.isoformat() and detail["per_season"] == result.per_season
    assert not [v for v in gone if v in row["detail"]]

    # A second purge finds nothing more and changes nothing.
    rows = stored(engine)
    again = purge(engine, MONTHS, "ada.admin", now=now)
    assert again.total == again.erased == 0
    assert stored(engine) == rows


def test_dry_run_says_what_would_go_and_changes_nothing(demo, capsys):
    engine = demo
    rows = stored(engine)
    url = engine.url.render_as_string(hide_password=False)
    assert cli.main(["purge", "--older-than", str(MONTHS), "--dry-run", "--db", url]) == 0
    out = capsys.readouterr().out
    assert re.search(r"saison 2022 : \d+ dossier\(s\)", out) and re.search(r"saison 2023 : \d+", out)
    assert re.search(r"le plus ancien du \d\d/\d\d/2022", out)
    assert "rien n'a été effacé" in out
    assert stored(engine) == rows
    assert audit_log(engine, PURGE_ACTION).empty


def test_the_command_purges_with_the_settings_period_and_refuses_a_bad_one(demo, capsys):
    engine = demo
    url = engine.url.render_as_string(hide_password=False)
    assert cli.main(["purge", "--older-than", "0", "--db", url]) == 2
    assert "nombre entier de mois" in capsys.readouterr().err
    assert cli.main(["purge", "--user", "lea", "--db", url]) == 0  # retention_months: 24 of the settings
    out = capsys.readouterr().out
    assert "durée de conservation 24 mois" in out and "effacées de" in out
    assert (contacts(engine)["applicant_email"].fillna("") == "").all()  # 2022–2023, all past 24 months


def test_a_reimported_old_export_does_not_bring_the_data_back(db_url, engine, settings):
    export = build_demo_export(120, seed=11)
    assert import_export(engine, settings, export, "ancien.csv").ok
    before_reports = reports_without_personal_data(engine)
    assert purge(engine, MONTHS, "ada").erased == 120
    again = import_export(engine, settings, export, "ancien.csv")
    assert again.ok
    assert any("déjà été effacées" in w for w in again.warnings), again.warnings
    assert not values_of(contacts(engine))
    assert reports_without_personal_data(engine) == before_reports


def _sqlite_bytes(url: str) -> bytes:
    path = Path(make_url(url).database)
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_purged_values_are_not_left_anywhere_in_the_sqlite_files(sqlite_url, settings):
    engine = get_engine(sqlite_url)
    assert import_export(engine, settings, build_demo_export(200, seed=5), "demo.csv").ok
    # An update made before the purge leaves older copies in free pages and in the WAL.
    assert import_export(engine, settings, build_demo_export(200, seed=6), "demo-bis.csv").ok
    emails = sorted(v for v in values_of(contacts(engine)) if "@" in v)
    assert emails and all(e.encode() in _sqlite_bytes(sqlite_url) for e in emails[:5])

    result = purge(engine, MONTHS, "ada")
    assert result.erased and not result.warnings
    data = _sqlite_bytes(sqlite_url)
    left = [e for e in emails if e.encode() in data]
    assert not left, f"{len(left)} e-mail(s) encore dans le fichier, par exemple {left[0]}"
    first_import = {v for v in values_of(_contacts_of(build_demo_export(200, seed=5))) if "@" in v}
    assert not [e for e in first_import if e.encode() in data]  # the overwritten copies too


def _contacts_of(export: bytes) -> pd.DataFrame:
    """The contacts of an export, read through a throwaway in-memory database."""
    engine = get_engine("sqlite://")
    assert import_export(engine, load_settings(), export, "x.csv").ok
    frame = contacts(engine)
    engine.dispose()
    get_engine.cache_clear()
    return frame


def _notice(number: int) -> None:
    from aic_dash.ui.privacy import dossier_notice

    dossier_notice(number)


def notice_of(url: str, number: int, monkeypatch) -> list[str]:
    """What the dossier detail says above the form of this dossier (deleted, erased, or nothing)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    at = AppTest.from_function(_notice, args=(number,), default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return [e.value for kind in ("warning", "info") for e in at.get(kind)]


def test_a_sync_erases_the_personal_data_of_dossiers_deleted_on_the_platform(
    db_url, engine, settings, monkeypatch
):
    from aic_dash.store.sync import sync_demarche

    with StandIn(export_dossiers(EXPORTS / "ds_standard.csv"), page_cap=2) as server:
        first = sync_demarche(engine, settings, DEMARCHE, server.url, TOKEN, sleep=lambda s: None)
        assert first.ok, first.error
        before = contacts(engine)
        assert before.loc[11000006, "applicant_email"]
        counts = reports_without_personal_data(engine)
        server.deleted.append(
            {"number": 11000006, "dateSupression": now_iso(), "state": "sans_suite", "reason": "user_request"}
        )
        result = sync_demarche(engine, settings, DEMARCHE, server.url, TOKEN, sleep=lambda s: None)
    assert result.ok and result.deleted == 1
    assert any("supprimé sur démarches-simplifiées" in w for w in result.warnings)
    after = contacts(engine)
    assert (after.loc[11000006].fillna("") == "").all()
    assert after.drop(index=11000006).equals(before.drop(index=11000006))
    assert before.loc[11000006, "applicant_email"] not in every_cell(engine)
    assert reports_without_personal_data(engine) == counts  # still counted, with its last stage
    assert deleted_on_ds(engine) == {11000006}
    assert notice_of(db_url, 11000006, monkeypatch) == [L.PRIVACY["deleted_on_ds"]]
    assert notice_of(db_url, 11000001, monkeypatch) == []


# --- The Administration page and the dossier notice (AppTest) ----------------------------------------


@pytest.fixture
def admin_app(tmp_path, monkeypatch):
    """The demo with one admin, as the app sees it on a shared deployment."""
    from aic_dash.store import access

    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    assert cli.main(["demo", "--db", url]) == 0
    access.set_role(get_engine(url), "ada.admin@numerique.gouv.fr", "admin", "tests")
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    return get_engine(url)


def _admin_page():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import AUTH

    at = AppTest.from_file(str(ROOT / "pages" / "admin.py"), default_timeout=60)
    at.secrets.update(AUTH)
    at.user = {"is_logged_in": True, "email": "ada.admin@numerique.gouv.fr"}
    return at


def test_the_admin_sees_the_period_and_what_would_go_then_purges_from_the_app(admin_app, monkeypatch):
    engine = admin_app
    at = _admin_page()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(m.value for m in at.markdown)
    assert "Durée de conservation : **24 mois**" in shown
    assert re.search(r"\*\*317 dossier\(s\)\*\*", shown) and "- saison 2022 : 187 dossier(s)" in shown
    assert values_of(contacts(engine))  # a preview changes nothing

    at.checkbox(key="privacy_purge_sure").check()
    next(b for b in at.button if b.label == "Effacer les données personnelles").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("effacées de 317 dossier(s)" in s.value for s in at.success)
    assert not values_of(contacts(engine))
    [row] = audit_log(engine, PURGE_ACTION).to_dict("records")
    assert row["acted_by"] == "ada.admin@numerique.gouv.fr"
    assert any(i.value.startswith("Aucune donnée personnelle à effacer") for i in at.info)
    url = engine.url.render_as_string(hide_password=False)
    [said] = notice_of(url, int(load_dossiers(engine)["number"].iloc[0]), monkeypatch)
    assert re.fullmatch(
        r"Données personnelles effacées le \d\d/\d\d/20\d\d : durée de conservation dépassée\.", said
    )


def test_without_the_check_nothing_is_erased(admin_app):
    at = _admin_page()
    at.run()
    next(b for b in at.button if b.label == "Effacer les données personnelles").click()
    at.run()
    assert not at.exception
    assert values_of(contacts(admin_app))
    assert audit_log(admin_app, PURGE_ACTION).empty


def test_after_a_purge_an_old_export_never_imported_comes_in_without_personal_data(engine, settings):
    assert import_export(engine, settings, build_demo_export(60, seed=4), "demo.csv").ok
    assert purge(engine, MONTHS, "ada").erased
    first = import_export(engine, settings, (EXPORTS / "ds_standard.csv").read_bytes(), "ds_standard.csv")
    assert first.ok, first.error
    assert any("date de la dernière purge" in w for w in first.warnings), first.warnings
    fixture = contacts(engine).loc[lambda f: f.index >= 11000001]
    laureates = set(load_dossiers(engine).query("stage == 'laureat'")["number"])
    assert not values_of(fixture.drop(index=list(laureates & set(fixture.index))))
    assert values_of(fixture.loc[list(laureates & set(fixture.index))])  # laureates keep theirs
    again = import_export(engine, settings, (EXPORTS / "ds_standard.csv").read_bytes(), "ds_standard.csv")
    assert again.ok and not values_of(contacts(engine).drop(index=list(laureates)))
