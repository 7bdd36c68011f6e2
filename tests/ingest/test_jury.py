"""Jury grids as managers send them (CSV, Excel-French CSV, XLSX, names instead of numbers), and the
grids that must be refused with a message naming the row and the column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from aic_dash.errors import ImportRejected
from aic_dash.ingest.jury import (
    annotation_scores,
    criterion_for_header,
    looks_like_jury_grid,
    parse_jury_grid,
    parse_score,
    sniff_headers,
)
from aic_dash.ingest.readers import read_table
from tests.conftest import EXPORTS, FIXTURES

JURY = FIXTURES / "jury"
KNOWN = {11000001, 11000002, 11000003, 11000004, 11000005, 11000006}
GOOD = ["grille_standard.csv", "grille_excel_fr.csv", "grille.xlsx", "grille_noms.csv"]


def parse(name: str, settings, known=KNOWN, folder: Path = JURY):
    return parse_jury_grid(read_table((folder / name).read_bytes()), settings, known_dossiers=known)


def reject(name: str, settings) -> str:
    with pytest.raises(ImportRejected) as caught:
        parse(name, settings, folder=JURY / "bad")
    return str(caught.value.with_file(name))


@pytest.mark.parametrize("name", GOOD)
def test_every_format_gives_the_same_scores(name, settings):
    reference = parse("grille_standard.csv", settings).scores
    grid = parse(name, settings)
    columns = ["dossier", "juror", "criterion", "score", "conflict"]
    pd.testing.assert_frame_equal(grid.scores[columns], reference[columns])
    assert grid.jurors == ("Alice Martin", "Bruno Petit", "Chloé Moreau")
    assert grid.reviews == 6
    assert grid.criteria == (1, 2, 3, 4, 5)


def test_decimal_commas_conflicts_and_comments_are_read(settings):
    scores = parse("grille_excel_fr.csv", settings).scores.set_index(["dossier", "juror", "criterion"])
    assert scores.loc[(11000002, "Alice Martin", 2), "score"] == 3.5  # `3,5` in a cp1252 `;` file
    assert scores.loc[(11000002, "Chloé Moreau", 1), "conflict"]
    assert pd.isna(scores.loc[(11000002, "Chloé Moreau", 1), "score"])
    assert scores.loc[(11000003, "Chloé Moreau", 1), "comment"] == 'Très bonne équipe, "gouvernance" ouverte.'
    assert scores.loc[(11000002, "Chloé Moreau", 1), "comment"].startswith(
        "Je siège au conseil d’administration"
    )


@pytest.mark.parametrize(
    ("header", "number"),
    [
        ("1", 1),
        ("C2", 2),
        ("c 3", 3),
        ("Critère 4", 4),
        ("CRITERE 5", 5),
        ("Critère n° 2", 2),
        ("Note critère 3", 3),
        ("1. Finalité d'intérêt général", 1),
        ("2 - L’impact", 2),
        ("L'impact", 2),
        ("Impact", 2),
        ("La maturité et la structuration du projet", 3),
        ("Maturité", 3),
        ("Portage", 4),
        ("Gouvernance partagée", 5),
        ("  finalité d’intérêt GÉNÉRAL ", 1),
        ("Critère 6", None),
        ("Innovation", None),
        ("Projet", None),
        ("La", None),
    ],
)
def test_criterion_headers_by_number_or_by_name(header, number, settings):
    assert criterion_for_header(header, settings.programme.criteria) == number


def test_a_grid_is_told_apart_from_a_ds_export():
    assert looks_like_jury_grid(["Dossier", "Juré", "C1"])
    assert looks_like_jury_grid(["N° de dossier", "Juré·e", "1. Finalité"])
    standard = read_table((EXPORTS / "ds_standard.csv").read_bytes())
    assert not looks_like_jury_grid(standard.headers)


@pytest.mark.parametrize("name", GOOD)
def test_headers_are_sniffed_cheaply_in_every_format(name):
    headers = sniff_headers((JURY / name).read_bytes())
    assert headers is not None and looks_like_jury_grid(headers)


def test_sniffing_a_ds_export_says_it_is_no_grid():
    assert sniff_headers((EXPORTS / "ds_export.xlsx").read_bytes()) is None  # sheet `Dossiers`
    assert not looks_like_jury_grid(sniff_headers((EXPORTS / "ds_excel_fr.csv").read_bytes()))
    assert sniff_headers(b"") is None


@pytest.mark.parametrize(
    ("text", "value"), [("4", 4.0), ("3,5", 3.5), (" 2.5 ", 2.5), ("0", 0.0), ("5", 5.0), ("", None)]
)
def test_scores_on_the_scale(text, value, settings):
    assert parse_score(text, settings.scoring) == value


@pytest.mark.parametrize("text", ["5,5", "-1", "3,25", "bien", "4/5", "NaN"])
def test_scores_off_the_scale(text, settings):
    with pytest.raises(ValueError):
        parse_score(text, settings.scoring)


@pytest.mark.parametrize(
    ("name", "where", "what"),
    [
        ("hors_bareme.csv", "ligne 3, colonne « Critère 2 (E) »", "note « 6 » invalide"),
        ("hors_pas.csv", "ligne 5, colonne « 3. Maturité (F) »", "note « 4,25 » invalide"),
        ("note_illisible.csv", "ligne 7, colonne « Critère 5 (H) »", "note « bien » invalide"),
        ("dossier_inconnu.csv", "ligne 4, colonne « Dossier (A) »", "11000099 n'est pas dans la base"),
        ("colonne_inconnue.csv", "ligne 1, colonne « Innovation (K) »", "ne correspond à aucun critère"),
        ("critere_6.csv", "ligne 1, colonne « Critère 6 (H) »", "pas de critère 6"),
        ("sans_jure.csv", "ligne 1", "« Juré » absente"),
        (
            "doublon.csv",
            "ligne 8, colonne « Dossier (A) »",
            "noté deux fois par « Bruno Petit » (lignes 6 et 8)",
        ),
        ("conflit_invalide.csv", "ligne 4, colonne « Conflit d'intérêts (I) »", "« Peut-être »"),
    ],
)
def test_bad_grids_are_refused_naming_row_and_column(name, where, what, settings):
    message = reject(name, settings)
    assert message.startswith(f"Fichier « {name} », {where} : ")
    assert what in message
    assert "Traceback" not in message


def test_out_of_scale_message_says_the_scale(settings):
    assert "entre 0 et 5, par pas de 0,5" in reject("hors_bareme.csv", settings)


def test_missing_criteria_and_unknown_text_columns_are_warnings(settings, tmp_path):
    grid = "Dossier,Juré,C1,C2,Remarques du président\n11000002,Alice Martin,4,3,RAS\n"
    parsed = parse_jury_grid(read_table(grid.encode()), settings, KNOWN)
    assert "critère(s) absent(s) de la grille : 3, 4, 5." in parsed.warnings
    assert any("« Remarques du président »" in w for w in parsed.warnings)


def test_blank_rows_are_skipped_and_unscored_rows_counted(settings):
    grid = "Dossier;Juré;C1\n11000002;Alice Martin;4\n;;\n11000003;Alice Martin;\n"
    parsed = parse_jury_grid(read_table(grid.encode()), settings, KNOWN)
    assert parsed.reviews == 2
    assert any("1 ligne(s) sans aucune note" in w for w in parsed.warnings)


def test_a_dossier_number_resaved_as_a_decimal_is_read(settings):
    grid = "Dossier,Juré,C1\n11000002.0,Alice Martin,4\n"
    assert parse_jury_grid(read_table(grid.encode()), settings, KNOWN).scores["dossier"].iloc[0] == 11000002


def test_annotation_scores_skip_unreadable_cells(settings):
    values = pd.DataFrame(
        {"dossier": [1, 2], "group_label": ["DINUM", ""], 1: ["4", "bien"], 2: ["3,5", ""], 3: [None, "9"]}
    )
    scores, bad = annotation_scores(values, settings)
    assert bad == 2
    assert scores[["dossier", "juror", "criterion", "score"]].values.tolist() == [
        [1, "Équipe d'instruction (DINUM)", 1, 4.0],
        [1, "Équipe d'instruction (DINUM)", 2, 3.5],
    ]


def test_a_grid_with_headers_only_says_there_is_nothing_to_import(settings):
    with pytest.raises(ImportRejected, match="aucune ligne de notes"):
        parse_jury_grid(read_table("Dossier;Juré;C1;C2\n;;;\n".encode()), settings, KNOWN)


def test_a_column_with_values_but_no_header_is_refused(settings):
    grid = "Dossier,Juré,C1,\n11000002,Alice Martin,4,oui\n"
    with pytest.raises(ImportRejected) as caught:
        parse_jury_grid(read_table(grid.encode()), settings, KNOWN)
    assert "colonne « D »" in str(caught.value)
