"""`python -m aic_dash report …` run as a manager would, files read back by independent readers.

Each test runs on SQLite and on PostgreSQL (`db_url` / `engine` fixtures).
"""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from aic_dash import labels
from aic_dash.reports.formats import FORMATS
from aic_dash.reports.registry import PERSONAL_COLUMNS, PERSONAL_DATA_ACTION, REPORTS, build_report
from aic_dash.store.audit import audit_log
from aic_dash.store.imports import import_path
from tests.conftest import EXPORTS, ROOT
from tests.read_back import (
    BOM,
    HOSTILE_PROJECTS,
    read_csv_back,
    read_excel_csv_back,
    with_hostile_projects,
    write_export,
    xlsx_sheets_calamine,
    xlsx_sheets_openpyxl,
)


def run_cli(*args: str, db: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "aic_dash", *args, "--db", db],
        capture_output=True,
        cwd=ROOT,
        timeout=180,
    )


def imported(engine, settings, *files) -> None:
    for path in files:
        assert import_path(engine, settings, str(path)).ok


def read_back(data: bytes, fmt: str, sheet: str) -> pd.DataFrame:
    """The table of a report file, whatever its format (headers as written)."""
    if fmt == "csv":
        return read_csv_back(data)
    if fmt == "excel-csv":
        return read_excel_csv_back(data)
    header, *rows = xlsx_sheets_calamine(data)[sheet]
    return pd.DataFrame(rows, columns=header)


def test_core_reports_in_every_format(db_url, engine, settings, tmp_path):
    """pipeline and applications through the CLI (every registered report: see test_reports)."""
    imported(engine, settings, EXPORTS / "ds_standard.csv", EXPORTS / "ds_later.csv")
    for name in ("pipeline", "applications"):
        source = build_report(name, engine, with_personal_data=False)
        for fmt in FORMATS:
            out = tmp_path / f"{name}-{fmt}"
            done = run_cli("report", name, "--format", fmt, "-o", str(out), db=db_url)
            assert done.returncode == 0, done.stderr.decode()
            assert f"{len(source)} ligne(s) écrite(s) dans {out}" in done.stderr.decode()
            data = out.read_bytes()
            assert data.startswith(BOM) == (fmt == "excel-csv")
            back = read_back(data, fmt, labels.REPORT_TITLES[name])
            assert len(back) == len(source), (name, fmt)
            expected = source.columns.tolist()
            if fmt != "csv":
                expected = [labels.COLUMNS[c] for c in expected]
            assert back.columns.tolist() == expected, (name, fmt)
            first = back.columns[0]
            values = [int(v) if name == "applications" else str(v) for v in back[first]]
            assert values == source.iloc[:, 0].tolist(), (name, fmt)


def test_default_format_is_csv_on_standard_output(db_url, engine, settings):
    imported(engine, settings, EXPORTS / "ds_standard.csv")
    done = run_cli("report", "pipeline", "--round", "2023-2", db=db_url)
    assert done.returncode == 0
    assert done.stdout.decode().splitlines() == [
        "season,round,track,stage,applications",
        "2023,2023-2,DITP,sans_suite,1",
    ]


def test_xlsx_piped_to_standard_output(db_url, engine, settings):
    imported(engine, settings, EXPORTS / "ds_standard.csv")
    done = run_cli("report", "applications", "--format", "xlsx", db=db_url)
    assert done.returncode == 0
    assert done.stdout.startswith(b"PK")
    rows = xlsx_sheets_openpyxl(done.stdout)["Candidatures"]
    assert len(rows) == 7


def test_hostile_names_neutralized_from_the_command_line(db_url, engine, settings, tmp_path):
    imported(engine, settings, write_export(tmp_path / "hostile.csv", with_hostile_projects))
    for fmt in FORMATS:
        out = tmp_path / f"out-{fmt}"
        assert run_cli("report", "applications", "--format", fmt, "-o", str(out), db=db_url).returncode == 0
        back = read_back(out.read_bytes(), fmt, "Candidatures")
        projects = back["project" if fmt == "csv" else "Projet"].tolist()
        formula_like = [p for p in projects if p.lstrip("'")[:1] in "=+-@＝"]
        assert len(formula_like) == 5 and all(p.startswith("'") for p in formula_like), fmt
        assert {p.lstrip("'") for p in projects} <= set(HOSTILE_PROJECTS)


def test_season_report_workbook(db_url, engine, settings, tmp_path):
    imported(engine, settings, EXPORTS / "ds_standard.csv", EXPORTS / "ds_later.csv")
    out = tmp_path / "saison-2023.xlsx"
    done = run_cli("report", "season", "--season", "2023", "-o", str(out), db=db_url)
    assert done.returncode == 0, done.stderr.decode()
    assert f"Rapport de la saison 2023 ({len(REPORTS)} rapport(s)" in done.stderr.decode()
    sheets = xlsx_sheets_openpyxl(out.read_bytes())
    assert list(sheets) == [labels.ABOUT_SHEET, *(labels.REPORT_TITLES.get(n, n) for n in REPORTS)]
    assert len(sheets["Candidatures"]) == 1 + 7


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "season"), "Précisez la saison"),
        (("report", "season", "--season", "2023", "--format", "csv"), "--format xlsx"),
        (("report", "pipeline", "--with-personal-data"), "retirez --with-personal-data"),
        (("report", "pipeline", "-o", "/nonexistent/dossier/x.csv"), "Impossible d'écrire"),
    ],
)
def test_mistakes_are_explained_in_french(sqlite_url, args, message):
    done = run_cli(*args, db=sqlite_url)  # said before the database matters: SQLite is enough
    assert done.returncode == 2
    assert message in done.stderr.decode() and "Traceback" not in done.stderr.decode()


def test_personal_data_only_on_request_and_audited(db_url, engine, settings, tmp_path):
    imported(engine, settings, EXPORTS / "ds_standard.csv")
    plain = tmp_path / "plain.csv"
    assert (
        run_cli("report", "applications", "--format", "excel-csv", "-o", str(plain), db=db_url).returncode
        == 0
    )
    assert "@" not in plain.read_bytes().decode("utf-8-sig")
    assert audit_log(engine, PERSONAL_DATA_ACTION).empty

    out = tmp_path / "contacts.xlsx"
    done = run_cli(
        "report",
        "applications",
        "--format",
        "xlsx",
        "--with-personal-data",
        "--user",
        "alice.martin",
        "--season",
        "2023",
        "-o",
        str(out),
        db=db_url,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert "journal d'audit" in done.stderr.decode() and "alice.martin" in done.stderr.decode()
    header = xlsx_sheets_calamine(out.read_bytes())["Candidatures"][0]
    assert header[-len(PERSONAL_COLUMNS) :] == [labels.COLUMNS[c] for c in PERSONAL_COLUMNS]
    log = audit_log(engine, PERSONAL_DATA_ACTION)
    assert log[["acted_by", "action", "target"]].values.tolist() == [
        ["alice.martin", PERSONAL_DATA_ACTION, "rapport:applications"]
    ]
    assert '"season": "2023"' in log["detail"][0]
