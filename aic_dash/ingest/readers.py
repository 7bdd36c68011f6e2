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
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from aic_dash.errors import ImportRejected
from aic_dash.format import fr_int, fr_number
from aic_dash.ingest.labels import column_letter, normalize_label

# Uncompressed content a spreadsheet archive may hold; checked before anything is inflated.
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_RATIO = 200
# The one size limit of a file, from the CLI and from the dashboard: `server.maxUploadSize` in
# .streamlit/config.toml (Streamlit counts MiB) must equal MAX_FILE_MB. It holds the 100 000-dossier demo.
MAX_FILE_MB = 200
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
# About 1 000 times a season's applications; refused before the rows become a DataFrame.
MAX_ROWS = 200_000
# Three times Excel's own 32 767-character cell limit; a form answer is at most a few thousand.
MAX_CELL_CHARS = 100_000
# Files of another kind, recognised by their first bytes, and what to tell the manager.
_OTHER_KINDS = (
    (
        (b"\xff\xfe", b"\xfe\xff"),
        "le fichier est encodé en UTF-16 (« Texte Unicode » d'Excel), que le tableau de bord ne lit pas. "
        "Dans le tableur, enregistrez-le en « CSV UTF-8 », ou téléchargez de nouveau l'export.",
    ),
    ((b"%PDF",), "c'est un document PDF, pas un export. Téléchargez l'export en CSV, XLSX ou ODS."),
    (
        (b"\x89PNG", b"\xff\xd8\xff", b"GIF8"),
        "c'est une image, pas un export. Téléchargez l'export en CSV, XLSX ou ODS.",
    ),
    (
        (b"\x1f\x8b",),
        "c'est une archive compressée (gzip, .gz). Décompressez-la et déposez le fichier qu'elle contient.",
    ),
)


def file_too_big(size: int) -> ImportRejected:
    """The rejection of a file over MAX_FILE_BYTES (same words from the CLI and the dashboard)."""
    return ImportRejected(
        f"le fichier pèse {fr_number(size / 1024 / 1024, 1)} Mo, au-delà de la limite de {MAX_FILE_MB} Mo. "
        "Filtrez l'export sur démarches-simplifiées ou découpez-le."
    )


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
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise ImportRejected(
            "le fichier est vide. Téléchargez à nouveau l'export depuis démarches-simplifiées."
        )
    for magics, message in _OTHER_KINDS:
        if head.startswith(magics):
            raise ImportRejected(message)
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
                    f"le classeur se décompresse en {fr_int(total / 1024 / 1024)} Mo, au-delà de la limite "
                    f"de {MAX_ARCHIVE_BYTES // 1024 // 1024} Mo ; il n'a pas été ouvert. "
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


def _locate(data: bytes, offset: int) -> tuple[int, str | None]:
    """Spreadsheet row (header = 1) and column of the record holding a byte: quoted cells may span lines."""
    prefix = data[:offset].decode("latin-1")  # for locating the byte only, never for the import
    try:
        records = [r for r in csv.reader(io.StringIO(prefix, newline=""), delimiter=_separator(prefix)) if r]
    except csv.Error:
        return 1, None
    column = None
    if len(records) > 1 and records[-1]:
        index = len(records[-1]) - 1
        if index < len(records[0]):
            label = records[0][index].encode("latin-1").removeprefix(b"\xef\xbb\xbf")
            try:
                column = label.decode("utf-8")
            except UnicodeDecodeError:
                column = label.decode("cp1252", errors="replace")
    return max(len(records), 1), column


def _undecodable(data: bytes, offset: int, reason: str) -> ImportRejected:
    row, column = _locate(data, offset)
    return ImportRejected(
        f"un caractère illisible (octet 0x{data[offset]:02X}) {reason}. "
        "Enregistrez le fichier en « CSV UTF-8 » ou téléchargez de nouveau l'export.",
        row=row,
        column=column,
    )


def _mostly_utf8(data: bytes) -> bool:
    """True when the non-ASCII text is mostly valid UTF-8: a UTF-8 file with a few damaged bytes.

    Judged on the first 4 MiB, which hold the header and its accents: enough, and no copy of a big file.
    """
    text = data[: 1 << 22].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - bad > bad


def _separator(text: str) -> str:
    """The candidate that splits the header line (outside quotes) into the most fields."""
    first = re.split(r"\r\n?|\n", text, maxsplit=1)[0]
    best, best_count = ",", 0
    for sep in (",", ";", "\t"):
        try:
            count = len(next(csv.reader([first], delimiter=sep), []))
        except csv.Error:
            count = 0
        if count > best_count:
            best, best_count = sep, count
    return best


def _parse_csv(data: bytes | memoryview, encoding: str) -> tuple[list[str], pd.DataFrame, str]:
    """Parse bytes with one encoding (strict); UnicodeDecodeError propagates.

    Arrow's multi-threaded CSV reader does the work (several times faster than pandas' C parser on a
    large export); the csv module only re-reads a malformed file to name the faulty row.
    """
    # The header line ends at LF, CRLF or a lone CR (old Mac « CSV (Macintosh) »), as for Arrow.
    first = (bytes(data[:65536]).splitlines() or [b""])[0].decode(encoding)
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
    _check_size(table.num_rows, [table.column(i) for i in range(len(names))], headers)
    frame = pd.DataFrame({i: pd.array(table.column(i), dtype="str") for i in range(len(names))})
    return headers, frame, sep


def _name_malformed_line(data: bytes | memoryview, encoding: str, sep: str, width: int) -> None:
    """Reject naming the first row whose number of cells differs from the header's (rows too short too)."""
    text = bytes(data).decode(encoding, errors="replace")
    records = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    next(records, None)
    row = 1
    try:
        for record in records:
            if not record:
                continue  # a blank line is not a row (Arrow skips it too)
            row += 1
            if len(record) == width:
                continue
            if width == 1:
                raise ImportRejected(
                    f"la ligne 1 n'a qu'une colonne alors que la ligne {row} en a {len(record)} : les "
                    "en-têtes de colonnes doivent être sur la ligne 1. Supprimez les lignes de titre "
                    "au-dessus des en-têtes, ou téléchargez de nouveau l'export.",
                    row=row,
                )
            raise ImportRejected(
                f"cette ligne du fichier a {len(record)} colonnes alors que l'en-tête en a {width}. "
                "Vérifiez le séparateur et les guillemets (un retour à la ligne dans une cellule doit "
                "être entre guillemets), ou téléchargez de nouveau l'export.",
                row=row,
            )
    except csv.Error:
        raise ImportRejected(
            "un guillemet ouvert dans cette ligne n'est jamais refermé. Corrigez la cellule ou "
            "téléchargez de nouveau l'export.",
            row=row + 1,
        ) from None


def _check_size(rows: int, columns: list, headers: list[str]) -> None:
    """Reject over MAX_ROWS rows or a cell over MAX_CELL_CHARS characters (columns: Arrow string arrays)."""
    if rows > MAX_ROWS:
        raise ImportRejected(
            f"le fichier compte {fr_int(rows)} lignes, au-delà de la limite de {fr_int(MAX_ROWS)}. "
            "Supprimez les lignes vides en fin de feuille, ou filtrez l'export (par exemple par année)."
        )
    for i, column in enumerate(columns):
        if not rows or pc.max(pc.binary_length(column)).as_py() <= MAX_CELL_CHARS:
            continue  # bytes bound the characters: only a long cell needs counting
        lengths = pc.utf8_length(column)
        over = pc.index(pc.greater(lengths, MAX_CELL_CHARS), True).as_py()
        if over >= 0:
            label = headers[i] if i < len(headers) else ""
            raise ImportRejected(
                f"une cellule contient {fr_int(lengths[over].as_py())} caractères, au-delà de la limite de "
                f"{fr_int(MAX_CELL_CHARS)} par cellule : ce n'est pas une réponse au formulaire. "
                "Vérifiez cette cellule ou téléchargez de nouveau l'export.",
                row=over + 2,
                column=f"{label} ({column_letter(i)})" if label else column_letter(i),
            )


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
    nul = data.find(b"\x00")
    if nul >= 0:
        row, column = _locate(data, nul)
        raise ImportRejected(
            "le fichier contient un caractère binaire (octet 0x00) : il est abîmé ou ce n'est pas un CSV. "
            "Téléchargez de nouveau l'export au format CSV, XLSX ou ODS.",
            row=row,
            column=column,
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            headers, frame, sep = _parse_csv(memoryview(data)[3:], "utf-8")
        except UnicodeDecodeError:
            reason = "n'est pas valide en UTF-8, l'encodage annoncé par le fichier"
            raise _undecodable(data, _bad_offset(data, "utf-8"), reason) from None
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
    if _mostly_utf8(data):  # else Windows-1252 would turn every accent into « Ã© » without a word
        reason = "n'est pas valide en UTF-8, l'encodage du reste du fichier : il a sans doute été abîmé"
        raise _undecodable(data, _bad_offset(data, "utf-8"), reason) from None
    try:
        headers, frame, sep = _parse_csv(data, "cp1252")
    except UnicodeDecodeError:
        reason = "n'est valide ni en UTF-8 ni en Windows-1252"
        raise _undecodable(data, _bad_offset(data, "cp1252"), reason) from None
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
        if not names:
            raise ImportRejected("le classeur ne contient aucune feuille. Téléchargez de nouveau l'export.")
        # `Dossiers` whatever its case and spaces (a sheet renamed by hand), else the first sheet.
        sheet = next((n for n in names if normalize_label(n) == "dossiers"), names[0])
        content = book.get_sheet_by_name(sheet)
        _check_size(content.height - 1, [], [])  # the header row is not a dossier
        rows = content.to_python(skip_empty_area=False)
    except ImportRejected:
        raise
    except Exception:
        raise ImportRejected(
            "le classeur est abîmé ou incomplet et n'a pas pu être lu. Téléchargez de nouveau l'export."
        ) from None
    while rows and not any(str(c).strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportRejected(
            f"la feuille « {sheet} » est vide : ni en-têtes ni dossiers. Téléchargez de nouveau l'export."
        )
    headers = [_cell_text(c).strip() for c in rows[0]]
    width = len(headers)
    body = [[_cell_text(c) for c in (r + [""] * (width - len(r)))[:width]] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=range(width), dtype=str)
    _check_size(len(frame), [pa.array(frame[i], type=pa.large_string()) for i in range(width)], headers)
    return RawTable(headers, frame, kind, sheet=sheet, sheets=tuple(names))


def read_table(data: bytes) -> RawTable:
    """Detect and read any export form the managers have; raise ImportRejected with a French message."""
    if len(data) > MAX_FILE_BYTES:
        raise file_too_big(len(data))
    kind = sniff_format(data)
    if kind == "csv":
        return read_csv_bytes(data)
    return read_workbook(data, kind)
