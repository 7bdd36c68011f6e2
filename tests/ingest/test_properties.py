"""Properties of the readers and of the import (Hypothesis).

- Whatever the bytes, reading and checking them ends in a table of dossiers or in the project's own
  ImportRejected with a French message — never another exception.
- Any valid export (small DS-shaped CSV: ids, states, dates, accents, quotes, line breaks in cells,
  the separators and encodings managers produce) imported twice leaves the database as after once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from sqlalchemy import text

from aic_dash.config import load_settings
from aic_dash.errors import ImportRejected
from aic_dash.ingest.dossiers import parse_dossiers
from aic_dash.ingest.readers import read_table
from aic_dash.store.db import upgrade
from aic_dash.store.imports import import_export
from aic_dash.store.queries import load_dossiers
from tests.conftest import BAD, EXPORTS
from tests.db_state import dump

PARIS = ZoneInfo("Europe/Paris")
SETTINGS = load_settings()
SEEDS = [
    (EXPORTS / name).read_bytes()
    for name in ("ds_standard.csv", "ds_excel_fr.csv", "ds_bom.csv", "ds_export.xlsx", "ds_export.ods")
]
SEEDS.append((BAD / "latin1_undecodable.csv").read_bytes())
SYNTAX = [b'"', b",", b";", b"\t", b"\n", b"\r", b"\x00", b"\xef\xbb\xbf"]


# --- any bytes ---------------------------------------------------------------------------------


@st.composite
def damaged(draw) -> bytes:
    """A real export with a few bytes flipped, cut, inserted or duplicated."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        op = draw(st.sampled_from(["flip", "cut", "insert", "truncate", "repeat"]))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16) | st.sampled_from(SYNTAX))
        elif op == "truncate":
            del data[at:]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 200))] * draw(st.integers(1, 5))
    return bytes(data)


def texty() -> st.SearchStrategy[bytes]:
    """Short text in the encodings and separators of real files, built from label-like pieces."""
    pieces = st.sampled_from(
        ["ID", "État du dossier", "Déposé le", '"', '""', ",", ";", "\t", "\n", "\r\n", "Accepté", "12", "-5"]
        + ["2023-04-28 11:52:07 +0200", "28/04/2023 11:52", "\ufeff", "Oui", "é", "’", "=1+1", " "]
    )
    text_ = st.lists(pieces | st.text(max_size=6), max_size=40).map("".join)
    return st.tuples(text_, st.sampled_from(["utf-8", "cp1252", "utf-16", "latin-1"])).map(
        lambda t: t[0].encode(t[1], errors="replace")
    )


@examples(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048) | damaged() | texty())
def test_any_bytes_give_dossiers_or_a_french_refusal(data):
    try:
        parsed = parse_dossiers(read_table(data), SETTINGS)
    except ImportRejected as exc:
        message = str(exc.with_file("x.csv"))
        assert message.startswith("Fichier « x.csv »") and len(message) > 30
        return
    assert len(parsed.dossiers) > 0
    assert parsed.dossiers["number"].is_unique


# --- valid exports imported twice ------------------------------------------------------------

STATES = {
    "En construction": "en_construction",
    "En instruction": "en_instruction",
    "Accepté": "accepte",
    "Refusé": "refuse",
    "Classé sans suite": "sans_suite",
}
HEADER = [
    "ID",
    "État du dossier",
    "Dernière mise à jour le",
    "Déposé le",
    "Groupe instructeur",
    "Nom du projet",
    "Décrivez votre projet en quelques lignes",
    "Nom",
    "Nom",
    "Éligible",
    "Liste restreinte",
]
# (separator, encoding, date format) of DS's CSV, Excel re-saves in France, a TSV, a BOM.
DIALECTS = [
    (",", "utf-8", "ds"),
    (";", "cp1252", "excel"),
    ("\t", "utf-8", "ds"),
    (",", "utf-8-sig", "excel"),
]
SPECIAL = list("\n\r\"',;\t=+-@ éèàçÉœ’«»€") + ["\r\n", '""', '=HYPERLINK("x")']


def cell(codec: str) -> st.SearchStrategy[str]:
    chars = st.characters(codec=codec, exclude_categories=("Cc", "Cs"))
    return st.lists(st.text(chars, max_size=8) | st.sampled_from(SPECIAL), max_size=6).map("".join)


CELLS = {codec: cell(codec) for codec in ("utf-8", "cp1252")}


def csv_lines(rows: list[list[str]], sep: str, end: str) -> str:
    """CSV as DS and Excel write it: a cell holding the separator, a quote, CR or LF is quoted.

    (Python's csv module leaves a lone CR unquoted when the line ending is LF.)
    """

    def quoted(value: str) -> str:
        special = any(c in value for c in (sep, '"', "\r", "\n"))
        return '"' + value.replace('"', '""') + '"' if special else value

    return "".join(sep.join(map(quoted, row)) + end for row in rows)


def moment(value: datetime, fmt: str) -> str:
    local = value.astimezone(PARIS)
    return local.strftime("%Y-%m-%d %H:%M:%S %z" if fmt == "ds" else "%d/%m/%Y %H:%M")


@st.composite
def exports(draw) -> tuple[bytes, dict[int, str]]:
    """A valid export (bytes) and the state code expected for each dossier number."""
    sep, encoding, fmt = draw(st.sampled_from(DIALECTS))
    cells = CELLS["cp1252" if encoding == "cp1252" else "utf-8"]
    numbers = draw(st.lists(st.integers(1, 10**18 - 1), min_size=1, max_size=8, unique=True))
    rows, expected = [], {}
    for number in numbers:
        state = draw(st.sampled_from(list(STATES)))
        deposited = draw(st.datetimes(datetime(2021, 12, 1), datetime(2024, 1, 31), timezones=st.just(UTC)))
        updated = deposited + timedelta(minutes=draw(st.integers(0, 60 * 24 * 200)))
        padded = draw(st.sampled_from([str(number), f" {number} "]))
        rows.append(
            [
                padded,
                state,
                moment(updated, fmt),
                moment(deposited, fmt),
                draw(st.sampled_from(["DINUM", "DITP", ""])),
                *(draw(cells) for _ in range(4)),
                draw(st.sampled_from(["", "Oui", "Non"])),
                draw(st.sampled_from(["", "Oui", "Non"])),
            ]
        )
        expected[number] = STATES[state]
    text_ = csv_lines([HEADER, *rows], sep, "\r\n" if fmt == "excel" else "\n")
    return text_.encode(encoding), expected


def _empty(engine) -> None:
    upgrade(engine)
    with engine.begin() as conn:
        for table in ("dossier_change", "dossier", "export_layout", "import_run", "round", "season"):
            conn.execute(text(f"DELETE FROM {table}"))


# The database is emptied before each example, so one database per backend serves them all.
@examples(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(export=exports())
def test_valid_export_imported_twice_is_imported_once(engine, export):
    data, expected = export
    _empty(engine)
    first = import_export(engine, SETTINGS, data, "export.csv")
    assert first.ok, first.error
    assert first.created == len(expected)
    stored = load_dossiers(engine).set_index("number")["state"].to_dict()
    assert stored == expected
    once = dump(engine)
    again = import_export(engine, SETTINGS, data, "export.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(expected))
    assert dump(engine) == once
