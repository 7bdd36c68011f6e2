"""The follow-up import templates a manager downloads (Suivi page, « Modèles d'import »): what the sheets
say, read back by independent readers (csv, openpyxl), and a filled template read by the follow-up import."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest

from aic_dash.ingest.followup import followup_kind_of, parse_followup
from aic_dash.ingest.readers import read_table
from aic_dash.reports.templates import TEMPLATE_FORMATS, template_bytes, template_headers

# What a manager reads at the top of each template (the optional « Saison » column is left out).
HEADERS = {
    "milestones": ["Lauréat", "Jalon", "Axe", "Échéance", "Statut", "Note"],
    "measurements": ["Lauréat", "Indicateur", "Unité", "Valeur initiale", "Cible", "Date", "Valeur"],
    "funding": ["Lauréat", "Montant", "Date", "Tranche", "Note"],
}
SHEETS = {"milestones": "Jalons", "measurements": "Mesures d'indicateur", "funding": "Financements"}
# One row as a manager types it, and what the follow-up import reads from it.
FILLED = {
    "milestones": (
        ["Pyronear", "Premier déploiement", "Consolider le projet", "31/03/2024", "Atteint", "Fait en mars"],
        {
            "laureate": "Pyronear",
            "season": None,
            "title": "Premier déploiement",
            "strand": "consolidate",
            "due_date": date(2024, 3, 31),
            "milestone_status": "atteint",
            "note": "Fait en mars",
        },
    ),
    "measurements": (
        ["Pyronear", "Départements couverts", "départements", "1", "10", "30/06/2024", "4,5"],
        {
            "laureate": "Pyronear",
            "season": None,
            "indicator": "Départements couverts",
            "unit": "départements",
            "initial": 1.0,
            "target": 10.0,
            "measured_on": date(2024, 6, 30),
            "value": 4.5,
        },
    ),
    "funding": (
        ["Pyronear", "80 000 €", "14/04/2022", "1", ""],
        {
            "laureate": "Pyronear",
            "season": None,
            "amount": 80000.0,
            "granted_on": date(2022, 4, 14),
            "tranche": 1,
            "note": None,
        },
    ),
}


def _read_back(data: bytes, kind: str) -> dict:
    parsed = parse_followup(read_table(data))
    assert parsed.kind == kind
    assert parsed.rows["row"].tolist() == [2]
    return parsed.rows.drop(columns="row").iloc[0].to_dict()


@pytest.mark.parametrize("kind", list(HEADERS))
def test_the_csv_template_is_one_header_row_for_excel_in_france(kind):
    data = template_bytes(kind, "csv")
    assert data.startswith("\ufeff".encode())  # UTF-8 with BOM: Excel opens the accents right
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n") and text.count("\r\n") == 1
    assert next(csv.reader(io.StringIO(text), delimiter=";")) == HEADERS[kind]
    assert template_headers(kind) == HEADERS[kind]


@pytest.mark.parametrize("kind", list(HEADERS))
def test_the_xlsx_template_has_its_headers_drop_down_lists_and_a_help_sheet(kind):
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(kind, "xlsx")))
    assert book.sheetnames == [SHEETS[kind], "Aide"]
    sheet = book[SHEETS[kind]]
    assert [c.value for c in sheet[1]] == HEADERS[kind]
    assert sheet.max_row == 1  # nothing to delete before filling it
    assert sheet.freeze_panes == "A2"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    if kind == "milestones":  # « Axe » and « Statut », from the first row under the header
        assert lists == {
            "C2:C1001": '"Consolider le projet,Partenariats avec les administrations,Nouvelles expertises"',
            "E2:E1001": '"À venir,En cours,Atteint,En retard,Abandonné"',
        }
    else:
        assert lists == {}
    help_rows = [[c.value for c in row] for row in book["Aide"].iter_rows()]
    assert help_rows[0] == ["Colonne", "Contenu attendu"]
    assert [row[0] for row in help_rows[1:]] == HEADERS[kind]
    assert all(row[1] for row in help_rows[1:])
    if kind == "milestones":
        described = dict(help_rows[1:])
        assert described["Axe"] == (
            "Axe d'accompagnement : Consolider le projet ; Partenariats avec les administrations ; "
            "Nouvelles expertises."
        )
        assert described["Statut"] == (
            "Facultatif (« À venir » si vide) : À venir ; En cours ; Atteint ; En retard ; Abandonné."
        )


@pytest.mark.parametrize("kind", list(HEADERS))
def test_a_filled_csv_template_is_read_by_the_follow_up_import(kind):
    cells, expected = FILLED[kind]
    data = template_bytes(kind, "csv") + (";".join(cells) + "\r\n").encode("utf-8")
    assert followup_kind_of(data) == kind
    assert _read_back(data, kind) == expected


@pytest.mark.parametrize("kind", list(HEADERS))
def test_a_filled_xlsx_template_is_read_by_the_follow_up_import(kind):
    cells, expected = FILLED[kind]
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(kind, "xlsx")))
    sheet = book[SHEETS[kind]]
    for column, (header, value) in enumerate(zip(HEADERS[kind], cells, strict=True), start=1):
        if header in ("Échéance", "Date"):  # a date typed in a spreadsheet is a date cell
            value = datetime.strptime(value, "%d/%m/%Y")
        sheet.cell(row=2, column=column, value=value or None)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert followup_kind_of(data) == kind
    assert _read_back(data, kind) == expected


def test_every_choice_of_the_drop_down_lists_is_read_by_the_import():
    book = openpyxl.load_workbook(io.BytesIO(template_bytes("milestones", "xlsx")))
    sheet = book["Jalons"]
    lists = [v.formula1.strip('"').split(",") for v in sheet.data_validations.dataValidation]
    strands, statuses = lists
    lines = [";".join(HEADERS["milestones"])]
    for i, status in enumerate(statuses):
        lines.append(f"Pyronear;Jalon {i};{strands[i % len(strands)]};31/03/2024;{status};")
    parsed = parse_followup(read_table(("\n".join(lines) + "\n").encode("utf-8")))
    assert parsed.rows["milestone_status"].tolist() == [
        "a_venir",
        "en_cours",
        "atteint",
        "en_retard",
        "abandonne",
    ]
    assert set(parsed.rows["strand"]) == {"consolidate", "partnerships", "expertise"}


def test_an_unknown_template_is_a_programming_error():
    assert TEMPLATE_FORMATS == ("csv", "xlsx")
    with pytest.raises(ValueError):
        template_bytes("milestones", "ods")
    with pytest.raises(ValueError):
        template_bytes("partners", "csv")
