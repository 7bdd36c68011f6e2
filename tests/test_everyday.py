"""Everyday commands, as a new manager runs them from the README: none corrupts, rolls back or crashes.

Each test is named after what the manager did. Store-level tests run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from aic_dash.cli import main as cli
from aic_dash.cli import report as cli_report
from aic_dash.config import load_settings
from aic_dash.errors import ConfigError
from aic_dash.reports.formats import FORMATS, render, render_workbook
from aic_dash.reports.registry import REPORTS, build_report
from aic_dash.store import origin
from aic_dash.store.db import get_engine
from aic_dash.store.queries import Filters, import_history, load_dossiers
from tests.conftest import EXPORTS, ROOT
from tests.db_state import dump as snapshot

APP = str(ROOT / "app.py")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "aic_dash", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def imported(url: str, *names: str) -> None:
    for name in names:
        done = run_cli("import", str(EXPORTS / name), "--db", url)
        assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    assert cli.main(["demo", "--db", f"sqlite:///{path}"]) == 0
    get_engine(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def demo_copy(demo_file, tmp_path) -> str:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    return f"sqlite:///{copy}"


# --- 1. Demo data never mixed with real data ---------------------------------------------------


def test_demo_without_db_writes_its_own_file_not_the_managers_database(tmp_path, monkeypatch):
    own, demo = tmp_path / "aic.sqlite", tmp_path / "demo.sqlite"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", f"sqlite:///{own}")
    monkeypatch.setenv("AIC_DASH_DEMO_DATABASE_URL", f"sqlite:///{demo}")
    done = run_cli("demo", "--applications", "40")
    assert done.returncode == 0, done.stderr
    assert "fictives" in done.stdout
    assert demo.exists() and not own.exists()
    assert origin.holds_demo(get_engine(f"sqlite:///{demo}"))


def test_demo_on_a_database_with_real_imports_is_refused_and_changes_nothing(db_url):
    imported(db_url, "ds_standard.csv")
    engine = get_engine(db_url)
    before = snapshot(engine)
    done = run_cli("demo", "--db", db_url)
    assert done.returncode == 2
    assert "contient vos propres imports" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(engine) == before


def test_importing_a_real_export_into_the_demo_database_is_refused(demo_copy):
    engine = get_engine(demo_copy)
    dossiers = load_dossiers(engine)
    done = run_cli("import", str(EXPORTS / "ds_standard.csv"), "--db", demo_copy)
    assert done.returncode == 2
    assert "données de démonstration" in done.stderr and "ds_standard.csv" in done.stderr
    pd.testing.assert_frame_equal(load_dossiers(engine), dossiers)
    assert import_history(engine)["outcome"].iloc[0] == "rejete"  # listed, as every refused file


def test_demo_run_twice_does_not_add_a_second_demo(demo_copy):
    engine = get_engine(demo_copy)
    before = snapshot(engine)
    assert cli.main(["demo", "--db", demo_copy]) == 0
    assert snapshot(engine) == before


def test_make_run_flow_demo_first_then_the_first_upload_shows_the_managers_own_data(
    demo_copy, tmp_path, monkeypatch
):
    """No database chosen: the app shows the demo with a banner; the first upload goes to the
    manager's own file, and from then on the app shows that file, without the banner."""
    from streamlit.testing.v1 import AppTest

    from aic_dash import config

    own = tmp_path / "aic.sqlite"
    monkeypatch.delenv("AIC_DASH_DATABASE_URL", raising=False)
    monkeypatch.setenv("AIC_DASH_DEMO_DATABASE_URL", demo_copy)
    monkeypatch.setattr(config, "DEFAULT_DATABASE_URL", f"sqlite:///{own}")
    demo_dossiers = load_dossiers(get_engine(demo_copy))

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert any("Données de démonstration" in w.value for w in at.warning)

    at.switch_page("pages/import.py").run()
    data = (EXPORTS / "ds_standard.csv").read_bytes()
    at.file_uploader(key="import_files").set_value(("ds_standard.csv", data, "text/csv")).run()
    assert not at.exception
    assert any("6 créé(s)" in re.sub(r"\\(.)", r"\1", s.value) for s in at.success)
    assert len(load_dossiers(get_engine(f"sqlite:///{own}"))) == 6
    pd.testing.assert_frame_equal(load_dossiers(get_engine(demo_copy)), demo_dossiers)

    at.switch_page("pages/pipeline.py").run()
    assert not any("Données de démonstration" in w.value for w in at.warning)
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Candidatures"] == "6"


# --- 2. An older export never rolls decisions back ---------------------------------------------


def test_importing_last_weeks_export_after_this_weeks_keeps_the_decisions(db_url):
    imported(db_url, "ds_later.csv")
    engine = get_engine(db_url)
    decided = load_dossiers(engine).set_index("number")[["stage", "state", "processed_at"]]
    done = run_cli("import", str(EXPORTS / "ds_standard.csv"), "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert "2 ignoré(s) : plus ancien(s) que la base" in done.stdout
    after = load_dossiers(engine).set_index("number")[["stage", "state", "processed_at"]]
    pd.testing.assert_frame_equal(after.loc[decided.index], decided)
    assert after.loc[11000002, "stage"] == "laureat"
    assert "2 ignoré(s)" in import_history(engine)["message"].iloc[0]


def test_an_older_export_without_the_update_column_does_not_roll_back_either(db_url):
    """Older export layouts have no « Dernière mise à jour le »: the latest event date orders them."""
    imported(db_url, "ds_later.csv")
    engine = get_engine(db_url)
    done = run_cli("import", str(EXPORTS / "ds_legacy.csv"), "--db", db_url)
    assert done.returncode == 0, done.stderr
    after = load_dossiers(engine).set_index("number")
    assert after.loc[11000002, "stage"] == "laureat"
    assert after.loc[11000001, "state"] == "en_instruction"
    assert "ignoré(s) : plus ancien(s) que la base" in done.stdout


# --- 3. Every report, in every format, at the start of a round --------------------------------


def _undecided_export(tmp_path: Path) -> Path:
    """ds_standard.csv cut to its dossiers not decided yet: « Traité le » empty everywhere."""
    text = (EXPORTS / "ds_standard.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    state = rows[0].index("État du dossier")
    kept = [rows[0], *(r for r in rows[1:] if r[state] in ("En construction", "En instruction"))]
    assert len(kept) == 1 + 2
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(kept)
    path = tmp_path / "debut-de-selection.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _readable(data: bytes, fmt: str) -> pd.DataFrame:
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        rows = list(book.worksheets[-1].values)
        return pd.DataFrame(rows[1:], columns=rows[0])
    text = data.decode("utf-8-sig")
    return pd.read_csv(io.StringIO(text), sep=";" if fmt == "excel-csv" else ",", dtype=str)


@pytest.mark.parametrize("situation", ["empty database", "empty filter", "nothing decided yet"])
def test_every_report_in_every_format_gives_a_valid_file(situation, db_url, tmp_path):
    if situation == "nothing decided yet":
        done = run_cli("import", str(_undecided_export(tmp_path)), "--db", db_url)
        assert done.returncode == 0, done.stderr
    if situation == "empty filter":
        imported(db_url, "ds_standard.csv")
    filters = Filters(season="2022") if situation == "empty filter" else Filters()
    engine = get_engine(db_url)
    for name in REPORTS:
        frame = build_report(name, engine, filters)
        for fmt in FORMATS:
            back = _readable(render(frame, fmt), fmt)
            assert len(back) == len(frame), (name, fmt)
            assert len(back.columns) == len(frame.columns), (name, fmt)
    workbook = render_workbook([build_report(n, engine, filters) for n in REPORTS], "Saison")
    assert openpyxl.load_workbook(io.BytesIO(workbook)).sheetnames[0] == "À propos"


def test_report_applications_at_the_start_of_a_round_from_the_command_line(sqlite_url, tmp_path):
    done = run_cli("import", str(_undecided_export(tmp_path)), "--db", sqlite_url)
    assert done.returncode == 0, done.stderr
    for fmt in FORMATS:
        done = run_cli(
            "report", "applications", "--format", fmt, "-o", str(tmp_path / fmt), "--db", sqlite_url
        )
        assert done.returncode == 0, done.stderr
        assert len(_readable((tmp_path / fmt).read_bytes(), fmt)) == 2


# --- 4. The output's extension decides the format ----------------------------------------------


def test_report_to_an_xlsx_file_without_format_writes_a_workbook(sqlite_url, tmp_path):
    imported(sqlite_url, "ds_standard.csv")
    target = tmp_path / "candidatures.xlsx"
    done = run_cli("report", "applications", "-o", str(target), "--db", sqlite_url)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["À propos", "Candidatures"]
    assert book["Candidatures"].max_row == 7


def test_a_format_contradicting_the_extension_is_refused(sqlite_url, tmp_path):
    done = run_cli(
        "report", "applications", "--format", "csv", "-o", str(tmp_path / "c.xlsx"), "--db", sqlite_url
    )
    assert done.returncode == 2 and "se contredisent" in done.stderr
    assert not (tmp_path / "c.xlsx").exists()
    done = run_cli("report", "applications", "-o", str(tmp_path / "c.ods"), "--db", sqlite_url)
    assert done.returncode == 2 and ".xlsx ou en .csv" in done.stderr


def test_an_existing_report_file_is_kept_unless_force(sqlite_url, tmp_path):
    target = tmp_path / "pipeline.csv"
    target.write_text("mon fichier\n")
    done = run_cli("report", "pipeline", "-o", str(target), "--db", sqlite_url)
    assert done.returncode == 2 and "--force" in done.stderr
    assert target.read_text() == "mon fichier\n"
    done = run_cli("report", "pipeline", "-o", str(target), "--force", "--db", sqlite_url)
    assert done.returncode == 0, done.stderr
    assert target.read_text().startswith("season,round,track,stage,applications")


# --- 5. Unknown filters are refused with the values that exist -----------------------------------


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--season", "2031", "Saisons : 2022, 2023."),
        ("--track", "Foo", "Volets : DINUM, DITP."),
        ("--round", "2023-3", "Sélections : 2022, 2023-1, 2023-2."),
    ],
)
def test_report_with_an_unknown_filter_is_refused(option, value, expected, sqlite_url):
    done = run_cli("report", "applications", option, value, "--db", sqlite_url)
    assert done.returncode == 2
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_report_season_of_an_unknown_season_writes_no_workbook(sqlite_url, tmp_path):
    done = run_cli("report", "season", "--season", "2031", "-o", str(tmp_path / "s.xlsx"), "--db", sqlite_url)
    assert done.returncode == 2 and "Saisons : 2022, 2023." in done.stderr
    assert not (tmp_path / "s.xlsx").exists()


def test_track_and_round_codes_ignore_case(sqlite_url):
    imported(sqlite_url, "ds_standard.csv")
    upper = run_cli("report", "applications", "--track", "DINUM", "--round", "2023-1", "--db", sqlite_url)
    lower = run_cli("report", "applications", "--track", "dinum", "--round", "2023-1", "--db", sqlite_url)
    assert upper.returncode == lower.returncode == 0, lower.stderr
    assert lower.stdout == upper.stdout and upper.stdout.count("\n") == 1 + 3


# --- Also seen -----------------------------------------------------------------------------------


def test_settings_with_an_impossible_date_name_the_key(tmp_path):
    text = (ROOT / "data" / "settings.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "settings.yaml"
    bad.write_text(text.replace("closes: 2023-05-02 12:00:00", "closes: 2023-13-45", 1), encoding="utf-8")
    shutil.copy(ROOT / "data" / "programme_page.md", tmp_path / "programme_page.md")
    with pytest.raises(ConfigError, match=r"seasons\[1\]\.rounds\[0\]\.closes"):
        load_settings(bad)


def test_demo_with_zero_applications_says_why_in_french(tmp_path):
    done = run_cli("demo", "--applications", "0", "--db", f"sqlite:///{tmp_path / 'd.sqlite'}")
    assert done.returncode == 2 and "au moins 13" in done.stderr and "Traceback" not in done.stderr


def test_report_with_a_missing_settings_file_is_refused(sqlite_url):
    done = run_cli("report", "pipeline", "--config", "/nulle/part.yaml", "--db", sqlite_url)
    assert done.returncode == 2 and "/nulle/part.yaml" in done.stderr


def test_importing_a_missing_path_or_a_folder_is_listed_in_the_history(db_url, tmp_path):
    done = run_cli("import", str(tmp_path / "absent.csv"), str(tmp_path), "--db", db_url)
    assert done.returncode == 2
    assert "introuvable" in done.stderr and "est un dossier" in done.stderr
    history = import_history(get_engine(db_url))
    assert list(history["outcome"]) == ["rejete", "rejete"]
    assert set(history["file_name"]) == {"absent.csv", tmp_path.name}


def test_the_command_line_speaks_french():
    done = run_cli("--help")
    assert done.returncode == 0
    assert "utilisation :" in done.stdout and "afficher cette aide et quitter" in done.stdout
    for english in ("usage:", "show this help message", "positional arguments"):
        assert english not in done.stdout
    done = run_cli("report", "applicatio")
    assert done.returncode == 2
    assert "choix « applicatio » inconnu" in done.stderr and "invalid choice" not in done.stderr
    done = run_cli("demo", "--applications", "beaucoup")
    assert "nombre entier" in done.stderr and "invalid int" not in done.stderr


def test_the_report_names_of_the_command_line_are_the_registry():
    assert set(cli_report.REPORT_NAMES) == set(REPORTS) and tuple(cli_report.FORMATS) == FORMATS
