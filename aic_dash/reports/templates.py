"""Files a manager downloads to fill in: the follow-up import templates (milestones, measurements, funding).

The columns are the follow-up import's own (`aic_dash.ingest.followup.COLUMNS`), so that a filled template
is read back by that import; the words are in `labels` (headers, the « Aide » sheet). No database here.
"""

from __future__ import annotations

import csv
import io

from aic_dash import labels as L
from aic_dash.ingest.followup import COLUMNS, Column

TEMPLATE_FORMATS = ("csv", "xlsx")


def _template_columns(kind: str) -> list[Column]:
    """The template's columns, in order (the optional `Saison` column is left out: names are unique)."""
    return [c for c in COLUMNS[kind] if c.key != "season"]


def template_headers(kind: str) -> list[str]:
    """The template's headers, in order (the optional `Saison` column is left out: names are unique)."""
    return [c.header for c in _template_columns(kind)]


def template_bytes(kind: str, fmt: str) -> bytes:
    """An empty template to fill: `csv` (UTF-8 with BOM and `;`, for Excel in France) or `xlsx`.

    The XLSX template has drop-down lists for `Axe` and `Statut` and a second sheet « Aide »
    listing the accepted values.
    """
    if kind not in COLUMNS or fmt not in TEMPLATE_FORMATS:
        raise ValueError(f"unknown template {kind!r} / {fmt!r}")
    headers = template_headers(kind)
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(headers)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return _template_xlsx(kind, headers)


def template_help(key: str) -> str:
    """What a column of a template takes, as the « Aide » sheet says it."""
    words = L.FOLLOWUP_TEMPLATE
    separator = words["choices_separator"]
    return words["help"][key].format(
        strands=separator.join(L.STRANDS.values()), statuses=separator.join(L.MILESTONE_STATUSES.values())
    )


def _template_xlsx(kind: str, headers: list[str]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(L.FOLLOWUP_KINDS[kind].capitalize()[:31])
    bold = book.add_format({"bold": True, "bg_color": "#F6F6F6", "border": 1, "border_color": "#CECECE"})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    columns = _template_columns(kind)
    for i, column in enumerate(columns):
        sheet.write(0, i, headers[i], bold)
        sheet.set_column(i, i, 48 if column.key in ("title", "note", "laureate") else 18)
        if column.key in ("due_date", "measured_on", "granted_on"):
            sheet.set_column(i, i, 14, date_format)
        choices = {"strand": L.STRANDS, "milestone_status": L.MILESTONE_STATUSES}.get(column.key)
        if choices:
            sheet.data_validation(1, i, 1000, i, {"validate": "list", "source": list(choices.values())})
    sheet.freeze_panes(1, 0)
    help_sheet = book.add_worksheet(L.FOLLOWUP_TEMPLATE["help_sheet"])
    help_sheet.write_row(0, 0, list(L.FOLLOWUP_TEMPLATE["help_headers"]), bold)
    for i, column in enumerate(columns, start=1):
        help_sheet.write_row(i, 0, [column.header, template_help(column.key)])
    help_sheet.set_column(0, 0, 18)
    help_sheet.set_column(1, 1, 100)
    book.close()
    return buffer.getvalue()
