"""Read a spreadsheet-like file (CSV variants, XLSX, ODS) into a table of strings; no database here.

The reader detects the format from the bytes (never from the file name), the text encoding (UTF-8 with or
without BOM, else Windows-1252, never an encoding that accepts any byte) and the separator, and says what it
found. Every cell comes back as a string; spreadsheet datetimes as ISO text in naive local time.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from aic_dash import labels as L
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
    ((b"\xff\xfe", b"\xfe\xff"), L.INGEST_READERS["utf16"]),
    ((b"%PDF",), L.INGEST_READERS["pdf"]),
    ((b"\x89PNG", b"\xff\xd8\xff", b"GIF8"), L.INGEST_READERS["image"]),
    ((b"\x1f\x8b",), L.INGEST_READERS["gzip"]),
)


def file_too_big(size: int) -> ImportRejected:
    """The rejection of a file over MAX_FILE_BYTES (same words from the CLI and the dashboard)."""
    return ImportRejected(
        L.INGEST_READERS["too_big"].format(size=fr_number(size / 1024 / 1024, 1), limit=MAX_FILE_MB)
    )


class RawTable:
    """Headers as in the file (duplicates kept) and the rows as a frame with columns 0..n-1 of str.

    A CSV's rows come as Arrow record batches (one per block of the file); the frame is made from them
    when first asked for, without copying. `take_batches` hands the batches over instead, so that a
    reader of the rows can free them one by one (the dossier import does, to stay within the file's size).
    """

    def __init__(
        self,
        headers: list[str],
        frame: pd.DataFrame | None,
        format: str,
        encoding: str | None = None,
        separator: str | None = None,
        sheet: str | None = None,
        sheets: tuple[str, ...] = (),
        clean: bool = False,
        *,
        batches: list[pa.RecordBatch] | None = None,
    ) -> None:
        self.headers = headers
        self._frame = frame
        self._batches = batches
        self.format = format
        self.encoding = encoding
        self.separator = separator
        self.sheet = sheet
        self.sheets = sheets
        # False when the source may hold control characters; then the parser cleans them cell by cell.
        self.clean = clean

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            batches = self._batches or []
            width = batches[0].num_columns if batches else len(self.headers)
            self._frame = pd.DataFrame(
                {i: pd.array(batch_column(batches, i), dtype="str") for i in range(width)}
            )
        return self._frame

    @frame.setter
    def frame(self, frame: pd.DataFrame) -> None:
        self._frame, self._batches = frame, None

    def take_batches(self, keep: bool = False) -> list[pa.RecordBatch] | None:
        """The rows as record batches, handed over (the table holds no rows afterwards) unless `keep`;
        None when the rows are a frame (a spreadsheet, an API sync, or a frame already made or set)."""
        if self._frame is not None or self._batches is None:
            return None
        batches = list(self._batches)
        if not keep:
            self._batches = []
        return batches

    def describe(self) -> str:
        if self.format == "csv":
            separator = L.INGEST_READERS["separators"].get(self.separator or "", self.separator)
            return L.INGEST_READERS["described_csv"].format(encoding=self.encoding, separator=separator)
        return L.INGEST_READERS["described_sheet"].format(format=self.format.upper(), sheet=self.sheet)


def batch_column(batches: list[pa.RecordBatch], i: int) -> pa.ChunkedArray:
    """Column i of record batches, as one chunked array of large strings (no copy)."""
    return pa.chunked_array([b.column(i) for b in batches], pa.large_string())


class RowSink(Protocol):
    """Takes a CSV's rows as they are read (`read_table(..., rows=)`); `start` begins each reading of
    the file (a second one when UTF-8 failed and Windows-1252 is tried), with the headers and whether
    the file holds no control character."""

    def start(self, headers: list[str], clean: bool) -> None: ...

    def add(self, batch: pa.RecordBatch) -> None: ...


class _Source:
    """The bytes of a file, held in memory (an upload) or read from disk in slices (a path): a file on
    disk is never held whole, except to name the place of an error."""

    STEP = 1 << 22

    def __init__(self, data: bytes | None = None, path: str | None = None) -> None:
        self.data, self.path = data, path

    def head(self, size: int) -> bytes:
        if self.data is not None:
            return bytes(self.data[:size])
        with open(self.path, "rb") as handle:
            return handle.read(size)

    def slices(self) -> Iterator[bytes]:
        if self.data is not None:
            view = memoryview(self.data)
            for start in range(0, len(self.data), self.STEP):
                yield bytes(view[start : start + self.STEP])
            return
        with open(self.path, "rb") as handle:
            while part := handle.read(self.STEP):
                yield part

    def whole(self) -> bytes:
        if self.data is not None:
            return self.data
        with open(self.path, "rb") as handle:
            return handle.read()

    def stream(self, skip: int) -> pa.NativeFile:
        if self.data is not None:
            return pa.BufferReader(pa.py_buffer(memoryview(self.data)[skip:]))
        handle = pa.OSFile(self.path)
        handle.seek(skip)
        return handle


def sniff_format(data: bytes) -> str:
    """'xlsx', 'ods', 'csv' — or reject with what the file looks like and what to do."""
    return _sniff(_Source(data))


def _blank(source: _Source) -> bool:
    """Nothing but spaces and line breaks (after a BOM), judged a slice at a time: no copy of the file."""
    for n, part in enumerate(source.slices()):
        if (part.removeprefix(b"\xef\xbb\xbf") if n == 0 else part).strip():
            return False
    return True


def _sniff(source: _Source) -> str:
    head = source.head(2048)
    if _blank(source):
        raise ImportRejected(L.INGEST_READERS["empty"])
    for magics, message in _OTHER_KINDS:
        if head.startswith(magics):
            raise ImportRejected(message)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(source.whole())
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ImportRejected(L.INGEST_READERS["xls"])
    lowered = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")):
        raise ImportRejected(L.INGEST_READERS["html"])
    if b"\x00" in head:
        raise ImportRejected(L.INGEST_READERS["binary"])
    return "csv"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            if total > MAX_ARCHIVE_BYTES or total > MAX_ARCHIVE_RATIO * max(len(data), 1) + 10_000_000:
                raise ImportRejected(
                    L.INGEST_READERS["archive_too_big"].format(
                        size=fr_int(total / 1024 / 1024), limit=MAX_ARCHIVE_BYTES // 1024 // 1024
                    )
                )
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and archive.read("mimetype").startswith(
                b"application/vnd.oasis.opendocument.spreadsheet"
            ):
                return "ods"
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise ImportRejected(L.INGEST_READERS["damaged_archive"]) from None
    raise ImportRejected(L.INGEST_READERS["zip_not_workbook"])


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
        L.INGEST_READERS["undecodable"].format(byte=data[offset], reason=reason),
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


def _parse_csv(
    source: _Source, encoding: str, skip: int = 0, rows: RowSink | None = None, clean: bool = False
) -> tuple[list[str], list[pa.RecordBatch], str]:
    """Parse the bytes (after `skip` bytes) with one encoding (strict); UnicodeDecodeError propagates.

    The record batches are kept, or given to `rows` one by one as they are read (then none is kept).

    Arrow's streaming CSV reader does the work, a block of the file at a time: faster than its
    multi-threaded reader or pandas' C parser on a large export, and the file is never held whole. The
    csv module only re-reads a malformed file to name the faulty row.
    """
    # The header line ends at LF, CRLF or a lone CR (old Mac « CSV (Macintosh) »), as for Arrow.
    first = (source.head(skip + 65536)[skip:].splitlines() or [b""])[0].decode(encoding)
    sep = _separator(first)
    headers = next(csv.reader([first], delimiter=sep), [])
    if not any(h.strip() for h in headers):
        raise ImportRejected(L.INGEST_READERS["empty_header_line"], row=1)
    names = [f"c{i}" for i in range(len(headers))]
    stream = source.stream(skip)
    sizes, batches = _CellSizes(), []
    if rows is not None:
        rows.start(headers, clean)
    try:
        reader = pa_csv.open_csv(
            stream,
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
        for batch in reader:
            if batch.num_rows:
                sizes.add(batch)
                if rows is None:
                    batches.append(batch)
                else:
                    rows.add(batch)
                del batch
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "utf8" in str(exc) or "UTF-8" in str(exc):
            raise UnicodeDecodeError(encoding, b"", 0, 1, "invalid") from None
        data = source.whole()
        _name_malformed_line(memoryview(data)[skip:], encoding, sep, len(headers))
        raise ImportRejected(L.INGEST_READERS["ragged"]) from None
    finally:
        stream.close()
    sizes.check(headers)
    return headers, batches, sep


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
                    L.INGEST_READERS["header_not_on_first_line"].format(row=row, cells=len(record)), row=row
                )
            raise ImportRejected(
                L.INGEST_READERS["row_width"].format(cells=len(record), width=width),
                row=row,
            )
    except csv.Error:
        raise ImportRejected(L.INGEST_READERS["open_quote"], row=row + 1) from None


def _check_size(rows: int, columns: list, headers: list[str]) -> None:
    """Reject over MAX_ROWS rows or a cell over MAX_CELL_CHARS characters (columns: Arrow string arrays)."""
    if rows > MAX_ROWS:
        raise ImportRejected(
            L.INGEST_READERS["too_many_rows"].format(rows=fr_int(rows), limit=fr_int(MAX_ROWS))
        )
    for i, column in enumerate(columns):
        if not rows or pc.max(pc.binary_length(column)).as_py() <= MAX_CELL_CHARS:
            continue  # bytes bound the characters: only a long cell needs counting
        lengths = pc.utf8_length(column)
        over = pc.index(pc.greater(lengths, MAX_CELL_CHARS), True).as_py()
        if over >= 0:
            raise _too_long(i, over, lengths[over].as_py(), headers)


def _too_long(i: int, row: int, length: int, headers: list[str]) -> ImportRejected:
    label = headers[i] if i < len(headers) else ""
    return ImportRejected(
        L.INGEST_READERS["cell_too_long"].format(length=fr_int(length), limit=fr_int(MAX_CELL_CHARS)),
        row=row + 2,
        column=f"{label} ({column_letter(i)})" if label else column_letter(i),
    )


class _CellSizes:
    """`_check_size` a record batch at a time: rows counted, each column's first over-long cell."""

    def __init__(self) -> None:
        self.rows = 0
        self.first: dict[int, tuple[int, int]] = {}  # column -> (row index, characters)

    def add(self, batch: pa.RecordBatch) -> None:
        for i, column in enumerate(batch.columns):
            if i in self.first or pc.max(pc.binary_length(column)).as_py() <= MAX_CELL_CHARS:
                continue  # bytes bound the characters: only a long cell needs counting
            lengths = pc.utf8_length(column)
            over = pc.index(pc.greater(lengths, MAX_CELL_CHARS), True).as_py()
            if over >= 0:
                self.first[i] = (self.rows + over, lengths[over].as_py())
        self.rows += batch.num_rows

    def check(self, headers: list[str]) -> None:
        """As `_check_size` on the whole file: too many rows first, then the leftmost column's cell."""
        _check_size(self.rows, [], headers)
        if self.first:
            i = min(self.first)
            raise _too_long(i, *self.first[i], headers)


# Control characters other than tab, line feed and carriage return.
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32)])


def _scan(source: _Source) -> tuple[int, bool]:
    """The offset of the first NUL byte (-1: none) and whether any control character is there: one
    C-speed pass, in slices so that no copy of the whole file is made."""
    offset, nul, control = 0, -1, False
    for part in source.slices():
        if nul < 0 and (found := part.find(b"\x00")) >= 0:
            nul = offset + found
        control = control or len(part.translate(None, _CONTROL_BYTES)) != len(part)
        offset += len(part)
    return nul, control


def read_csv_bytes(data: bytes) -> RawTable:
    """UTF-8 (with or without BOM), else Windows-1252 — each strict; else reject naming row and column."""
    return _read_csv(_Source(data))


def _read_csv(source: _Source, rows: RowSink | None = None) -> RawTable:
    nul, control = _scan(source)
    if nul >= 0:
        data = source.whole()
        row, column = _locate(data, nul)
        raise ImportRejected(
            L.INGEST_READERS["nul_byte"],
            row=row,
            column=column,
        )
    if source.head(3) == b"\xef\xbb\xbf":
        try:
            headers, batches, sep = _parse_csv(source, "utf-8", 3, rows, not control)
        except UnicodeDecodeError:
            data = source.whole()
            reason = L.INGEST_READERS["not_utf8_as_marked"]
            raise _undecodable(data, _bad_offset(data, "utf-8"), reason) from None
        table = RawTable(headers, None, "csv", L.INGEST_READERS["utf8_bom"], sep, batches=batches)
    else:
        table = _read_unmarked(source, rows, not control)
    # The same pass over the bytes told whether any cell needs cleaning.
    table.clean = not control
    return table


def _read_unmarked(source: _Source, rows: RowSink | None, clean: bool) -> RawTable:
    try:
        headers, batches, sep = _parse_csv(source, "utf-8", 0, rows, clean)
        return RawTable(headers, None, "csv", "UTF-8", sep, batches=batches)
    except UnicodeDecodeError:
        pass
    # Else Windows-1252 would turn every accent into « Ã© » without a word.
    if _mostly_utf8(source.head(1 << 22)):
        data = source.whole()
        reason = L.INGEST_READERS["not_utf8_as_the_rest"]
        raise _undecodable(data, _bad_offset(data, "utf-8"), reason) from None
    try:
        headers, batches, sep = _parse_csv(source, "cp1252", 0, rows, clean)
    except UnicodeDecodeError:
        data = source.whole()
        reason = L.INGEST_READERS["neither_encoding"]
        raise _undecodable(data, _bad_offset(data, "cp1252"), reason) from None
    return RawTable(headers, None, "csv", "Windows-1252", sep, batches=batches)


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
            raise ImportRejected(L.INGEST_READERS["no_sheet"])
        # `Dossiers` whatever its case and spaces (a sheet renamed by hand), else the first sheet.
        sheet = next((n for n in names if normalize_label(n) == "dossiers"), names[0])
        content = book.get_sheet_by_name(sheet)
        _check_size(content.height - 1, [], [])  # the header row is not a dossier
        rows = content.to_python(skip_empty_area=False)
    except ImportRejected:
        raise
    except Exception:
        raise ImportRejected(L.INGEST_READERS["unreadable_workbook"]) from None
    while rows and not any(str(c).strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportRejected(L.INGEST_READERS["empty_sheet"].format(sheet=sheet))
    headers = [_cell_text(c).strip() for c in rows[0]]
    width = len(headers)
    body = [[_cell_text(c) for c in (r + [""] * (width - len(r)))[:width]] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=range(width), dtype=str)
    _check_size(len(frame), [pa.array(frame[i], type=pa.large_string()) for i in range(width)], headers)
    return RawTable(headers, frame, kind, sheet=sheet, sheets=tuple(names))


def read_table(data: bytes | str | os.PathLike, rows: RowSink | None = None) -> RawTable:
    """Detect and read any export form the managers have; raise ImportRejected with a French message.

    `data` is the file's bytes or its path: a CSV on disk is read a block at a time, never held whole.
    With `rows`, a CSV's rows go to it a record batch at a time as they are read, and the table returned
    holds none (a spreadsheet's rows stay in its frame: `rows` is not called).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        size = os.path.getsize(data)
        if size > MAX_FILE_BYTES:
            raise file_too_big(size)
        source = _Source(path=os.fspath(data))
        kind = _sniff(source)
        if kind == "csv":
            return _read_csv(source, rows)
        return read_workbook(source.whole(), kind)
    if len(data) > MAX_FILE_BYTES:
        raise file_too_big(len(data))
    kind = sniff_format(data)
    if kind == "csv":
        return _read_csv(_Source(data), rows)
    return read_workbook(data, kind)
