"""Read a spreadsheet-like file (CSV variants, XLSX, ODS) into a table of strings; no database here.

The reader detects the format from the bytes (never from the file name), the text encoding (UTF-8 with or
without BOM, else Windows-1252, never an encoding that accepts any byte) and the separator, and says what it
found. Every cell comes back as a string; spreadsheet datetimes as ISO text in naive local time.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

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
    # False when the source may hold control characters; then the parser cleans them cell by cell.
    clean: bool = False

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


def _parse_csv(data: bytes | memoryview, encoding: str) -> tuple[list[str], pd.DataFrame, str]:
    """Parse bytes with one encoding (strict); UnicodeDecodeError propagates.

    Arrow's multi-threaded CSV reader does the work (several times faster than pandas' C parser on a
    large export); the pandas parser only re-reads a malformed file to name the faulty line.
    """
    first = bytes(data[:65536]).split(b"\n", 1)[0].rstrip(b"\r").decode(encoding)
    sep = _separator(first)
    headers = next(csv.reader([first], delimiter=sep), [])
    if not any(h.strip() for h in headers):
        raise ImportRejected("la première ligne, qui doit porter les en-têtes de colonnes, est vide.", row=1)
    names = [f"c{i}" for i in range(len(headers))]
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pa_csv.ReadOptions(
                column_names=names,
                skip_rows=1,
                encoding="utf8" if encoding == "utf-8" else encoding,
                block_size=1 << 20,
            ),
            parse_options=pa_csv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "utf8" in str(exc) or "UTF-8" in str(exc):
            raise UnicodeDecodeError(encoding, b"", 0, 1, "invalid") from None
        _name_malformed_line(data, encoding, sep, len(headers))
        raise ImportRejected(
            "une ligne n'a pas le même nombre de colonnes que l'en-tête. "
            "Vérifiez le séparateur et les guillemets, ou téléchargez de nouveau l'export."
        ) from None
    frame = pd.DataFrame({i: pd.array(table.column(i), dtype="str") for i in range(len(names))})
    return headers, frame, sep


def _name_malformed_line(data: bytes | memoryview, encoding: str, sep: str, width: int) -> None:
    try:
        pd.read_csv(
            io.BytesIO(data),
            encoding=encoding,
            sep=sep,
            header=None,
            skiprows=1,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            index_col=False,
            on_bad_lines="error",
        )
    except pd.errors.ParserError as exc:
        found = re.search(r"line (\d+), saw (\d+)", str(exc))
        if found:
            raise ImportRejected(
                f"cette ligne du fichier a {found.group(2)} colonnes alors que l'en-tête en a {width}. "
                "Vérifiez le séparateur et les guillemets (un retour à la ligne dans une cellule doit "
                "être entre guillemets), ou téléchargez de nouveau l'export.",
                row=int(found.group(1)),
            ) from None
    except (UnicodeDecodeError, ValueError):
        return


# Control characters other than tab, line feed and carriage return.
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32)])


def _has_control_bytes(data: bytes, step: int = 1 << 22) -> bool:
    """One C-speed pass, in slices so that no copy of the whole file is made."""
    view = memoryview(data)
    for start in range(0, len(data), step):
        part = bytes(view[start : start + step])
        if len(part.translate(None, _CONTROL_BYTES)) != len(part):
            return True
    return False


def read_csv_bytes(data: bytes) -> RawTable:
    """UTF-8 (with or without BOM), else Windows-1252 — each strict; else reject naming row and column."""
    if b"\x00" in data:
        raise ImportRejected(
            "le fichier contient des caractères binaires : ce n'est pas un CSV. "
            "Téléchargez l'export au format CSV, XLSX ou ODS."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            headers, frame, sep = _parse_csv(memoryview(data)[3:], "utf-8")
        except UnicodeDecodeError:
            raise _undecodable(data, _bad_offset(data, "utf-8"), "UTF-8") from None
        table = RawTable(headers, frame, "csv", "UTF-8 avec BOM", sep)
    else:
        table = _read_unmarked(data)
    # One C-speed pass over the bytes tells whether any cell needs cleaning.
    table.clean = not _has_control_bytes(data)
    return table


def _read_unmarked(data: bytes) -> RawTable:
    try:
        headers, frame, sep = _parse_csv(data, "utf-8")
        return RawTable(headers, frame, "csv", "UTF-8", sep)
    except UnicodeDecodeError:
        pass
    try:
        headers, frame, sep = _parse_csv(data, "cp1252")
    except UnicodeDecodeError:
        raise _undecodable(data, _bad_offset(data, "cp1252"), "UTF-8 ni Windows-1252") from None
    return RawTable(headers, frame, "csv", "Windows-1252", sep)


def _bad_offset(data: bytes, encoding: str) -> int:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


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
        return read_csv_bytes(data)
    return read_workbook(data, kind)
