"""Reports read back by independent readers: pandas for the CSVs, openpyxl and python-calamine for XLSX.

Store-touching tests run on SQLite and PostgreSQL (the `engine` fixture).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.escape import unescape

from aic_dash import labels
from aic_dash.errors import AicError
from aic_dash.programme.form import PERSONAL_LABELS
from aic_dash.reports.formats import FORMATS, render, render_workbook, season_title
from aic_dash.reports.registry import (
    PERSONAL_COLUMNS,
    PERSONAL_DATA_ACTION,
    REPORTS,
    build_report,
    build_season_report,
)
from aic_dash.store.audit import audit_log, current_user, record
from aic_dash.store.imports import import_path
from aic_dash.store.queries import Filters, load_fields
from tests.conftest import EXPORTS
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

PARIS = "Europe/Paris"
# Control characters do not survive an import (it cleans them), so these go through render() directly.
HOSTILE_TEXTS = (*HOSTILE_PROJECTS, "\tfoo", "\rfoo", "\nfoo", "\x00foo", "＋1", "－1", "＠SUM(A1)")


# --- fixtures and helpers -------------------------------------------------------------------------


@pytest.fixture
def store(engine, settings):
    """The two fixture exports imported: 7 dossiers of season 2023."""
    for name in ("ds_standard.csv", "ds_later.csv"):
        assert import_path(engine, settings, str(EXPORTS / name)).ok
    return engine


def neutralized(value: str) -> str:
    return "'" + value


def paris_wall_clock(series: pd.Series) -> list:
    return [None if pd.isna(t) else t.tz_convert(PARIS).tz_localize(None).to_pydatetime() for t in series]


def same_instant(a, b) -> bool:
    if a is None or b is None or a == "":
        return (a in (None, "")) and (b in (None, ""))
    return abs(a - b) < dt.timedelta(milliseconds=1)


# --- csv ------------------------------------------------------------------------------------------


def test_csv_reads_back_as_the_source_frame(store):
    frame = build_report("applications", store)
    data = render(frame, "csv")
    assert not data.startswith(BOM) and b"\r\n" not in data
    back = read_csv_back(data)
    assert back.columns.tolist() == frame.columns.tolist()
    assert back["dossier"].astype("int64").tolist() == frame["dossier"].tolist()
    for column in ("season", "round", "track", "stage", "state", "project", "org_type"):
        assert back[column].tolist() == frame[column].tolist(), column
    for column in ("deposited_at", "instructed_at", "processed_at"):
        parsed = pd.to_datetime(back[column], format="ISO8601", utc=True).dt.tz_convert(PARIS)
        pd.testing.assert_series_equal(parsed, frame[column], check_dtype=False, check_names=False)
    assert "2023-04-28T11:52:07+02:00" in back["deposited_at"].tolist()
    assert "2023-03-10T09:31:02+01:00" in back["deposited_at"].tolist()  # winter offset too


def test_pipeline_csv_keeps_codes_and_counts(store):
    frame = build_report("pipeline", store)
    back = pd.read_csv(io.BytesIO(render(frame, "csv")), dtype={"season": "str"})
    assert back["applications"].tolist() == frame["applications"].tolist()
    assert set(back["stage"]) <= set(labels.STAGES)


# --- excel-csv ------------------------------------------------------------------------------------


def test_excel_csv_is_french_excel_shaped(store):
    frame = build_report("applications", store)
    data = render(frame, "excel-csv")
    assert data.startswith(BOM)
    assert data.count(b"\n") == data.count(b"\r\n")
    header = data[len(BOM) :].split(b"\r\n")[0].decode("utf-8")
    assert header.split(";") == [labels.COLUMNS[c] for c in frame.columns]
    back = read_excel_csv_back(data)
    assert back["Dossier"].tolist() == frame["dossier"].tolist()
    assert back["Étape"].tolist() == frame["stage"].map(labels.STAGES).tolist()
    assert back["État"].tolist() == frame["state"].map(labels.STATES).tolist()
    assert back["Organisation"].tolist() == frame["org_type"].map(labels.ORG_TYPES).tolist()
    assert back["Volet"].tolist() == frame["track"].tolist()  # DINUM / DITP stay as they are
    assert set(back["Sélection"]) == {"Première sélection 2023", "Seconde sélection 2023"}
    assert back["Projet"].tolist() == frame["project"].tolist()
    deposited = pd.to_datetime(back["Déposé le"], format="%d/%m/%Y %H:%M")
    expected = frame["deposited_at"].dt.tz_convert(PARIS).dt.tz_localize(None).dt.floor("min")
    assert deposited.tolist() == expected.tolist()
    processed = pd.to_datetime(back["Traité le"], format="%d/%m/%Y %H:%M")
    assert processed.isna().tolist() == frame["processed_at"].isna().tolist()
    assert "28/04/2023 11:52" in back["Déposé le"].tolist()


def test_decimal_comma_booleans_and_date_only_columns():
    frame = pd.DataFrame(
        {
            "project": ["Fontaines", "Vélo-école"],
            "amount": [-1250.5, 3.25],
            "eligible": [True, False],
            "due": [dt.date(2023, 5, 2), None],  # Python dates
            "start": pd.to_datetime(["2023-09-01", None]),  # naive midnights: dates too
        }
    )
    data = render(frame, "excel-csv")
    lines = data[len(BOM) :].decode("utf-8").split("\r\n")
    assert lines[1] == "Fontaines;-1250,5;Oui;02/05/2023;01/09/2023"
    assert lines[2] == "Vélo-école;3,25;Non;;"
    back = read_excel_csv_back(data)
    assert back["amount"].tolist() == [-1250.5, 3.25]
    assert back["amount"].dtype == "float64"

    sheet = openpyxl.load_workbook(io.BytesIO(render(frame, "xlsx")))["Rapport"]
    assert [sheet["B2"].value, sheet["C2"].value, sheet["C3"].value] == [-1250.5, True, False]
    for cell, expected in ((sheet["D2"], dt.datetime(2023, 5, 2)), (sheet["E2"], dt.datetime(2023, 9, 1))):
        assert cell.is_date and cell.value == expected and cell.number_format == "dd/mm/yyyy"


# --- xlsx -----------------------------------------------------------------------------------------


def test_xlsx_reads_back_typed_with_openpyxl_and_calamine(store):
    frame = build_report("applications", store)
    data = render(frame, "xlsx")
    headers = [labels.COLUMNS[c] for c in frame.columns]
    expected_dates = {
        c: paris_wall_clock(frame[c]) for c in ("deposited_at", "instructed_at", "processed_at")
    }
    for reader in (xlsx_sheets_openpyxl, xlsx_sheets_calamine):
        sheets = reader(data)
        assert list(sheets) == [labels.ABOUT_SHEET, "Candidatures"]
        header, *rows = sheets["Candidatures"]
        assert header == headers
        assert len(rows) == len(frame)
        by_column = dict(zip(frame.columns, zip(*rows)))
        assert [int(v) for v in by_column["dossier"]] == frame["dossier"].tolist()
        assert all(isinstance(v, int | float) for v in by_column["dossier"])
        assert list(by_column["project"]) == frame["project"].tolist()
        assert list(by_column["stage"]) == frame["stage"].map(labels.STAGES).tolist()
        for column, expected in expected_dates.items():
            got = list(by_column[column])
            assert all(v is None or v == "" or isinstance(v, dt.datetime) for v in got), column
            assert all(same_instant(a, b) for a, b in zip(got, expected)), column


def test_xlsx_layout_bold_frozen_header_autofilter_widths(store):
    frame = build_report("applications", store)
    book = openpyxl.load_workbook(io.BytesIO(render(frame, "xlsx")))
    sheet = book["Candidatures"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:K{len(frame) + 1}"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet["B2"].data_type == "s"  # the season is an id, not a number
    assert sheet["A2"].data_type == "n" and sheet["I2"].is_date
    assert sheet["I2"].number_format == "dd/mm/yyyy hh:mm"
    project_width = sheet.column_dimensions["G"].width
    assert sheet.column_dimensions["B"].width < project_width <= 61


def test_xlsx_about_sheet_states_report_filters_date_and_imports(store):
    frame = build_report("applications", store, Filters(season="2023", round="2023-1"))
    for reader in (xlsx_sheets_openpyxl, xlsx_sheets_calamine):
        about = reader(render(frame, "xlsx"))[labels.ABOUT_SHEET]
        cells = {row[0]: row[1:] for row in about if row and row[0]}
        assert cells[labels.ABOUT_REPORT][0] == "Candidatures"
        assert cells[labels.ABOUT_FILTERS][0] == (
            "Saison : 2023 ; sélection : Première sélection 2023 ; volet : tous"
        )
        generated = cells[labels.ABOUT_GENERATED_AT][0]
        assert isinstance(generated, dt.datetime)
        assert abs(generated - dt.datetime.now()) < dt.timedelta(hours=3)  # Paris wall clock, naive
        assert cells[labels.ABOUT_PERSONAL_DATA][0] == labels.ABOUT_PERSONAL_NO
        files = [row[0] for row in about if row and row[0] in ("ds_standard.csv", "ds_later.csv")]
        assert files == ["ds_standard.csv", "ds_later.csv"]
        import_row = next(row for row in about if row and row[0] == "ds_standard.csv")
        assert isinstance(import_row[1], dt.datetime) and int(import_row[3]) == 6


def test_xlsx_of_an_empty_report_opens(engine):
    data = render(build_report("applications", engine), "xlsx")
    for reader in (xlsx_sheets_openpyxl, xlsx_sheets_calamine):
        header, *rows = reader(data)["Candidatures"]
        assert header[0] == "Dossier" and rows == []


# --- formula injection ----------------------------------------------------------------------------


def test_hostile_project_names_are_neutralized_in_every_format(engine, settings, tmp_path):
    export = write_export(tmp_path / "hostile.csv", with_hostile_projects)
    assert import_path(engine, settings, str(export)).ok
    frame = build_report("applications", engine)
    stored = frame["project"].tolist()
    assert set(stored) <= set(HOSTILE_PROJECTS)
    expected = [neutralized(p) if p[0] in "=+-@＝" else p for p in stored]
    assert sum(e.startswith("'") for e in expected) == 5

    assert read_csv_back(render(frame, "csv"))["project"].tolist() == expected
    assert read_excel_csv_back(render(frame, "excel-csv"))["Projet"].tolist() == expected
    data = render(frame, "xlsx")
    for reader in (xlsx_sheets_openpyxl, xlsx_sheets_calamine):
        rows = reader(data)["Candidatures"][1:]
        assert [row[6] for row in rows] == expected
    assert_no_formula(data)


def assert_no_formula(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
    for sheet in openpyxl.load_workbook(io.BytesIO(data)).worksheets:
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_every_trigger_character_is_neutralized_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "project": list(HOSTILE_TEXTS),
            "amount": [-2.0 - i for i in range(len(HOSTILE_TEXTS))],
            "dossier": range(1, len(HOSTILE_TEXTS) + 1),
        }
    )
    expected = [neutralized(t) if t[0] != "<" else t for t in HOSTILE_TEXTS]
    amounts = frame["amount"].tolist()

    back = pd.read_csv(io.BytesIO(render(frame, "csv")), keep_default_na=False)
    assert back["project"].tolist() == [e.replace("\r", "\n") for e in expected]  # LF, as the file
    assert back["amount"].tolist() == amounts and back["amount"].dtype == "float64"

    back = read_excel_csv_back(render(frame, "excel-csv"))
    assert back["Projet"].tolist() == expected
    # Whole amounts read as amounts (« -2 », not « -2,0 »), still numbers.
    assert back["amount"].tolist() == amounts and pd.api.types.is_numeric_dtype(back["amount"])

    data = render(frame, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Rapport"]
    # openpyxl leaves Excel's _xHHHH_ escapes of control characters undecoded: decode them here.
    texts = [unescape(sheet.cell(r, 1).value) for r in range(2, len(frame) + 2)]
    assert texts == expected
    assert all(sheet.cell(r, 1).data_type == "s" for r in range(2, len(frame) + 2))
    assert [sheet.cell(r, 2).value for r in range(2, len(frame) + 2)] == amounts
    assert all(sheet.cell(r, 2).data_type == "n" for r in range(2, len(frame) + 2))
    rows = xlsx_sheets_calamine(data)["Rapport"][1:]
    assert [row[0] for row in rows] == expected
    assert [row[1] for row in rows] == amounts
    assert_no_formula(data)


def test_hostile_about_sheet_and_headers_are_neutralized():
    frame = pd.DataFrame({"=cmd|' /C calc'!A0": ["x"]})
    frame.attrs = {"report": "applications", "imports": [], "filters": {"season": "=1+1"}}
    data = render(frame, "xlsx")
    sheets = xlsx_sheets_calamine(data)
    assert sheets["Candidatures"][0] == ["'=cmd|' /C calc'!A0"]
    filters = next(row[1] for row in sheets[labels.ABOUT_SHEET] if row[0] == labels.ABOUT_FILTERS)
    assert filters.startswith("Saison : =1+1")  # mid-text: harmless
    assert read_csv_back(render(frame, "excel-csv")).columns.tolist() == ["'=cmd|' /C calc'!A0"]
    assert_no_formula(data)


# --- personal data and audit ----------------------------------------------------------------------


def personal_values(engine) -> set[str]:
    """Values of the export's personal fields (names, e-mails, phones) that could identify someone."""
    fields = load_fields(engine)
    values = fields.loc[fields["label"].isin(PERSONAL_LABELS), "value"]
    return {v for v in values if len(v) > 3 and v not in ("false", "true")}


def test_no_personal_data_by_default_in_any_format_and_no_audit(store):
    secrets = personal_values(store)
    assert "ines.benyahia@paquerettes.example" in secrets and "01 99 00 22 03" in secrets
    frame = build_report("applications", store)
    assert not set(PERSONAL_COLUMNS) & set(frame.columns)
    for fmt in FORMATS:
        data = render(frame, fmt)
        text = data.decode("utf-8-sig") if fmt != "xlsx" else str(xlsx_sheets_calamine(data))
        assert not [s for s in secrets if s in text], fmt
    assert audit_log(store, PERSONAL_DATA_ACTION).empty


def test_personal_data_on_request_is_present_and_audited(store):
    frame = build_report(
        "applications", store, Filters(season="2023"), with_personal_data=True, user="alice.martin"
    )
    assert frame.columns.tolist()[-len(PERSONAL_COLUMNS) :] == list(PERSONAL_COLUMNS)
    row = frame.set_index("dossier").loc[11000002]
    assert row["applicant_email"] == "francois.lemaitre@mairie-paquerettes.example"
    assert (row["referent1_last_name"], row["referent1_first_name"]) == ("Lemaître", "François")
    assert row["referent1_phone"] == "01 99 00 22 02"
    assert (row["referent2_last_name"], row["referent2_email"]) == (
        "Benyahia",
        "ines.benyahia@paquerettes.example",
    )
    # The referent, not the applicant's own name (both are labelled `Nom` in the export).
    assert frame.set_index("dossier").loc[11000004, "referent1_last_name"] == "Crépeau"
    assert pd.isna(frame.set_index("dossier").loc[11000001, "referent2_email"])

    log = audit_log(store, PERSONAL_DATA_ACTION)
    assert len(log) == 1
    entry = log.iloc[0]
    assert (entry["acted_by"], entry["action"], entry["target"]) == (
        "alice.martin",
        PERSONAL_DATA_ACTION,
        "rapport:applications",
    )
    detail = json.loads(entry["detail"])
    assert detail["filters"] == {"season": "2023", "round": None, "track": None}
    assert detail["rows"] == len(frame)
    assert abs(entry["at"] - pd.Timestamp.now(tz=PARIS)) < pd.Timedelta(minutes=5)

    xlsx = render(frame, "xlsx")
    about = xlsx_sheets_calamine(xlsx)[labels.ABOUT_SHEET]
    assert [labels.ABOUT_PERSONAL_DATA, labels.ABOUT_PERSONAL_YES] in [row[:2] for row in about]
    assert labels.COLUMNS["referent2_email"] in xlsx_sheets_calamine(xlsx)["Candidatures"][0]
    assert "ines.benyahia@paquerettes.example" in render(frame, "excel-csv").decode("utf-8-sig")


def test_personal_data_user_defaults_to_the_system_user(store):
    build_report("applications", store, with_personal_data=True)
    assert audit_log(store, PERSONAL_DATA_ACTION)["acted_by"].tolist() == [current_user()]


def test_personal_data_on_a_report_without_any_is_refused(store):
    with pytest.raises(AicError, match="pipeline"):
        build_report("pipeline", store, with_personal_data=True)
    assert audit_log(store, PERSONAL_DATA_ACTION).empty


def test_audit_record_joins_the_callers_transaction(store):
    with store.begin() as conn:
        record(conn, "bob", "modification", "dossier:11000001", {"champ": "Étape"})
    with pytest.raises(RuntimeError), store.begin() as conn:
        record(conn, "bob", "modification", "dossier:11000002", "texte libre")
        raise RuntimeError("rollback")
    log = audit_log(store, "modification")
    assert log["target"].tolist() == ["dossier:11000001"]
    assert json.loads(log["detail"][0]) == {"champ": "Étape"}


# --- season report --------------------------------------------------------------------------------


def test_season_workbook_has_every_registered_report(engine, settings, tmp_path, monkeypatch):
    def move_first_to_2022(row, header):
        if row[0] == "11000001":
            row[0] = "11000099"
            row[header.index("Déposé le")] = "2022-01-10 10:00:00 +0100"
        return row

    assert import_path(
        engine, settings, str(write_export(tmp_path / "two_seasons.csv", move_first_to_2022))
    ).ok
    monkeypatch.setitem(REPORTS, "rounds", lambda engine, filters: pd.DataFrame({"round": [filters.season]}))
    frames = build_season_report(engine, "2023")
    assert [f.attrs["report"] for f in frames] == list(REPORTS)
    data = render_workbook(frames, season_title("2023"))
    for reader in (xlsx_sheets_openpyxl, xlsx_sheets_calamine):
        sheets = reader(data)
        titles = [labels.REPORT_TITLES.get(name, name) for name in REPORTS]
        assert list(sheets) == [labels.ABOUT_SHEET, *titles]
        assert titles[:2] == ["Candidatures par étape", "Candidatures"] and titles[-1] == "rounds"
        assert sheets[labels.ABOUT_SHEET][0][0] == "Rapport de la saison 2023"
        dossiers = [int(row[0]) for row in sheets["Candidatures"][1:]]
        assert dossiers == list(range(11000002, 11000007))  # the 2022 dossier is left out
        assert {row[0] for row in sheets["Candidatures par étape"][1:]} == {"2023"}
    assert audit_log(engine, PERSONAL_DATA_ACTION).empty


def test_season_workbook_with_personal_data_audits_each_report_that_has_some(store):
    frames = build_season_report(store, "2023", with_personal_data=True, user="alice")
    assert [f.attrs["personal_data"] for f in frames] == [name == "applications" for name in REPORTS]
    assert audit_log(store, PERSONAL_DATA_ACTION)["target"].tolist() == ["rapport:applications"]


# --- labels ---------------------------------------------------------------------------------------


def test_every_report_column_has_a_french_header(store):
    for name in REPORTS:
        for personal in (False, True) if name == "applications" else (False,):
            frame = build_report(name, store, with_personal_data=personal, user="test")
            missing = [c for c in frame.columns if c not in labels.COLUMNS]
            assert not missing, f"{name}: ajoutez {missing} à labels.COLUMNS"


def test_every_registered_report_opens_in_every_format(store):
    for name in REPORTS:
        frame = build_report(name, store)
        title = labels.REPORT_TITLES.get(name, name)
        assert len(read_csv_back(render(frame, "csv"))) == len(frame), name
        assert len(read_excel_csv_back(render(frame, "excel-csv"))) == len(frame), name
        data = render(frame, "xlsx")
        for reader in (xlsx_sheets_openpyxl, xlsx_sheets_calamine):
            header, *rows = reader(data)[title]
            assert header == [labels.COLUMNS.get(c, c) for c in frame.columns] and len(rows) == len(frame), (
                name
            )


def test_unknown_format_and_report_say_what_exists(store):
    with pytest.raises(AicError, match="excel-csv"):
        render(build_report("pipeline", store), "ods")
    with pytest.raises(AicError, match="applications"):
        build_report("nope", store)


def test_a_page_table_without_context_keeps_its_index_and_claims_nothing():
    table = pd.DataFrame({"stage": ["laureat", "depose"], "applications": [3, 4]}).set_index("stage")
    back = read_excel_csv_back(render(table, "excel-csv"))
    assert back.values.tolist() == [["Lauréat", 3], ["Déposé", 4]]
    about = xlsx_sheets_calamine(render(table, "xlsx"))[labels.ABOUT_SHEET]
    firsts = [row[0] for row in about]
    assert labels.ABOUT_GENERATED_AT in firsts
    assert labels.ABOUT_FILTERS not in firsts and labels.ABOUT_IMPORTS not in firsts
