"""Read a spreadsheet-like file (CSV variants, XLSX, ODS) into a table of strings; no database here.

The reader detects the format from the bytes (never from the file name), the text encoding (UTF-8 with or
without BOM, else Windows-1252, never an encoding that accepts any byte) and the separator, and says what it
found. Every cell comes back as a string; spreadsheet datetimes as ISO text in naive local time.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd

from aic_dash.errors import ImportRejected

# Uncompressed content a spreadsheet archive may hold; checked before anything is inflated.
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_RATIO = 200
MAX_FILE_BYTES = 300 * 1024 * 1024


@dataclass
class RawTable:
    """Headers as in the file (duplicates kept) and the rows as a frame with columns 0..n-1 of str."""

    headers: list[str]
    frame: pd.DataFrame
    format: str
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.format == "csv":
            names = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}
            return f"CSV, {self.encoding}, séparateur {names.get(self.separator or '', self.separator)}"
        return f"{self.format.upper()}, feuille « {self.sheet} »"


def sniff_format(data: bytes) -> str:
    """'xlsx', 'ods', 'csv' — or reject with what the file looks like and what to do."""
    head = data[:2048]
    if not data.strip():
        raise ImportRejected(
            "le fichier est vide. Téléchargez à nouveau l'export depuis démarches-simplifiées."
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ImportRejected(
            "c'est un classeur Excel 97-2003 (.xls), format que le tableau de bord ne lit pas. "
            "Ouvrez-le et enregistrez-le au format .xlsx, ou téléchargez l'export en XLSX ou CSV."
        )
    lowered = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        raise ImportRejected(
            "c'est une page web (HTML), pas un export : souvent la page de connexion enregistrée à la place "
            "du fichier. Reconnectez-vous à démarches-simplifiées et téléchargez de nouveau l'export."
        )
    if b"\x00" in head:
        raise ImportRejected(
            "ce n'est ni un fichier texte (CSV) ni un classeur XLSX ou ODS lisible. "
            "Téléchargez l'export au format CSV, XLSX ou ODS."
        )
    return "csv"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            if total > MAX_ARCHIVE_BYTES or total > MAX_ARCHIVE_RATIO * max(len(data), 1) + 10_000_000:
                raise ImportRejected(
                    f"le classeur se décompresse en {total / 1024 / 1024:,.0f} Mo, au-delà de la limite de "
                    f"{MAX_ARCHIVE_BYTES // 1024 // 1024} Mo ; il n'a pas été ouvert. "
                    "Exportez au format CSV, ou vérifiez l'origine du fichier."
                )
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and archive.read("mimetype").startswith(
                b"application/vnd.oasis.opendocument.spreadsheet"
            ):
                return "ods"
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise ImportRejected(
            "le classeur est incomplet ou abîmé (archive illisible), sans doute un téléchargement "
            "interrompu. Téléchargez de nouveau l'export."
        ) from None
    raise ImportRejected(
        "c'est une archive ZIP mais ni un classeur XLSX ni un ODS. Déposez l'export lui-même."
    )


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). UTF-8 (with or without BOM), else Windows-1252; else reject."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 avec BOM"
        except UnicodeDecodeError as exc:
            raise _undecodable(data, exc.start, "UTF-8") from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise _undecodable(data, exc.start, "UTF-8 ni Windows-1252") from None


def _undecodable(data: bytes, offset: int, tried: str) -> ImportRejected:
    # Spreadsheet row (header = 1) and column of the record holding the byte: quoted cells may span lines.
    prefix = data[:offset].decode("latin-1")  # for locating the byte only, never for the import
    records = list(csv.reader(io.StringIO(prefix), delimiter=_separator(prefix)))
    column = None
    if len(records) > 1 and records[-1]:
        index = len(records[-1]) - 1
        if index < len(records[0]):
            column = records[0][index].lstrip("\ufeff\xef\xbb\xbf")
    return ImportRejected(
        f"un caractère illisible (octet 0x{data[offset]:02X}) n'est ni en {tried} ; "
        "enregistrez le fichier en « CSV UTF-8 » ou téléchargez de nouveau l'export.",
        row=max(len(records), 1),
        column=column,
    )


def _separator(text: str) -> str:
    """The candidate that splits the header line (outside quotes) into the most fields."""
    first = text.split("\n", 1)[0]
    best, best_count = ",", 0
    for sep in (",", ";", "\t"):
        count = len(next(csv.reader([first], delimiter=sep), []))
        if count > best_count:
            best, best_count = sep, count
    return best


def read_csv_text(text: str, encoding: str) -> RawTable:
    sep = _separator(text)
    header_line = text.split("\n", 1)[0].rstrip("\r")
    headers = next(csv.reader([header_line], delimiter=sep), [])
    if not any(h.strip() for h in headers):
        raise ImportRejected("la première ligne, qui doit porter les en-têtes de colonnes, est vide.", row=1)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            skiprows=1,
            names=range(len(headers)),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            engine="c",
            index_col=False,
            on_bad_lines="error",
        )
    except pd.errors.ParserError as exc:
        raise ImportRejected(
            f"une ligne n'a pas le même nombre de colonnes que l'en-tête ({exc}). "
            "Vérifiez le séparateur et les guillemets, ou téléchargez de nouveau l'export."
        ) from None
    return RawTable(headers, frame, "csv", encoding, sep)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def read_workbook(data: bytes, kind: str) -> RawTable:
    """Sheet `Dossiers` if present, else the first sheet; cells as text."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        sheet = "Dossiers" if "Dossiers" in names else names[0]
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except ImportRejected:
        raise
    except Exception:
        raise ImportRejected(
            "le classeur est abîmé ou incomplet et n'a pas pu être lu. Téléchargez de nouveau l'export."
        ) from None
    while rows and not any(str(c).strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportRejected(f"la feuille « {sheet} » est vide.")
    headers = [_cell_text(c).strip() for c in rows[0]]
    width = len(headers)
    body = [[_cell_text(c) for c in (r + [""] * (width - len(r)))[:width]] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=range(width), dtype=str)
    return RawTable(headers, frame, kind, sheet=sheet, sheets=tuple(names))


def read_table(data: bytes) -> RawTable:
    """Detect and read any export form the managers have; raise ImportRejected with a French message."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected(
            f"le fichier pèse {len(data) / 1024 / 1024:,.0f} Mo, au-delà de la limite de "
            f"{MAX_FILE_BYTES // 1024 // 1024} Mo. Filtrez l'export ou découpez-le."
        )
    kind = sniff_format(data)
    if kind == "csv":
        text, encoding = decode_text(data)
        if "\x00" in text:
            raise ImportRejected(
                "le fichier contient des caractères binaires : ce n'est pas un CSV. "
                "Téléchargez l'export au format CSV, XLSX ou ODS."
            )
        return read_csv_text(text, encoding)
    return read_workbook(data, kind)
