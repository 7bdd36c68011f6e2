"""Every export form a manager has reads into the same dossiers; bad files get a French message."""

from __future__ import annotations

import pandas as pd
import pytest

from aic_dash.config import load_settings
from aic_dash.errors import ImportRejected
from aic_dash.ingest.dossiers import derive_stage, parse_dossiers
from aic_dash.ingest.labels import column_letter, normalize_label
from aic_dash.ingest.readers import read_table
from tests.conftest import BAD, EXPORTS

NUMBERS = [11000001, 11000002, 11000003, 11000004, 11000005, 11000006]
GOOD = [
    "ds_standard.csv",
    "ds_excel_fr.csv",
    "ds_bom.csv",
    "ds_tab.tsv",
    "ds_export.xlsx",
    "ds_export_resaved_excel.xlsx",
    "ds_export.ods",
    "ds_legacy.csv",
    "ds_custom_template.csv",
]


def parse(name: str, settings):
    return parse_dossiers(read_table((EXPORTS / name).read_bytes()), settings)


def test_labels_compare_after_normalisation():
    assert normalize_label("Comment avez-vous appris l’existence ") == normalize_label(
        "comment  avez-vous appris l'existence"
    )
    assert normalize_label("État du dossier") == normalize_label("ETAT DU DOSSIER")
    assert column_letter(0) == "A" and column_letter(25) == "Z" and column_letter(27) == "AB"


@pytest.mark.parametrize("name", GOOD)
def test_every_form_gives_the_same_dossiers(name, settings):
    reference = parse("ds_standard.csv", settings).dossiers
    parsed = parse(name, settings).dossiers
    assert parsed["number"].tolist() == NUMBERS
    columns = ["state", "stage", "track", "season", "round", "project"]
    if name != "ds_custom_template.csv":  # the custom template left the organisation question out
        columns.append("org_type")
    pd.testing.assert_frame_equal(parsed[columns], reference[columns])
    # Excel re-saves drop the seconds: compare to the minute.
    minutes = parsed["deposited_at"].dt.floor("min")
    assert minutes.tolist() == reference["deposited_at"].dt.floor("min").tolist()


def test_derived_fields_of_the_standard_export(settings):
    d = parse("ds_standard.csv", settings).dossiers.set_index("number")
    assert d.loc[11000001, "stage"] == "depose"
    assert d.loc[11000002, "stage"] == "liste_restreinte"
    assert d.loc[11000003, "stage"] == "laureat"
    assert d.loc[11000004, "stage"] == "non_eligible"
    assert d.loc[11000005, "stage"] == "non_retenu"
    assert d.loc[11000006, "stage"] == "sans_suite"
    assert d.loc[11000002, "org_type"] == "partenariat"
    assert d.loc[11000005, "org_type"] == "administration"
    assert d.loc[11000003, "track"] == "DINUM" and d.loc[11000002, "track"] == "DITP"
    assert d.loc[11000006, "round"] == "2023-2" and d.loc[11000001, "round"] == "2023-1"
    deposited = d.loc[11000005, "deposited_at"].tz_convert("Europe/Paris")
    assert deposited == pd.Timestamp("2023-04-28 11:52:07", tz="Europe/Paris")


def test_repeated_labels_are_kept_in_order(settings):
    parsed = parse("ds_standard.csv", settings)
    assert parsed.headers.count("Nom") >= 2
    raw = parsed.dossiers.loc[0, "raw"].split("\x1f")
    assert len(raw) == len(parsed.headers)


def test_round_windows_and_outside(settings):
    table = read_table((EXPORTS / "ds_standard.csv").read_bytes())
    i = table.headers.index("Déposé le")
    frame = table.frame.copy()
    frame.loc[0, i] = "2023-05-02 12:00:00 +0200"  # closing minute of round 1
    frame.loc[1, i] = "2023-05-02 12:00:01 +0200"  # just after: round 2
    frame.loc[2, i] = "2024-01-10 09:00:00 +0100"  # no round
    table.frame = frame
    parsed = parse_dossiers(table, settings)
    rounds = parsed.dossiers["round"]
    assert rounds[0] == "2023-1" and rounds[1] == "2023-2" and pd.isna(rounds[2])
    assert parsed.outside_rounds == 1
    assert "hors de toute sélection" in parsed.warnings[0]


def test_stage_rules_first_match_wins():
    state = pd.Series(["sans_suite", "accepte", "refuse", "refuse", "en_instruction", "en_instruction"])
    eligible = pd.Series([False, False, False, True, True, pd.NA], dtype="boolean")
    shortlisted = pd.Series([True, True, True, True, True, pd.NA], dtype="boolean")
    assert derive_stage(state, eligible, shortlisted).tolist() == [
        "sans_suite",
        "laureat",
        "non_eligible",
        "non_retenu",
        "liste_restreinte",
        "en_instruction",
    ]


def test_custom_template_needs_its_mapping(tmp_path):
    import yaml

    from aic_dash.config import DEFAULT_SETTINGS

    data = yaml.safe_load(DEFAULT_SETTINGS.read_text(encoding="utf-8"))
    data["column_mapping"] = {}
    data["programme_page"] = str(DEFAULT_SETTINGS.parent / "programme_page.md")
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        parse("ds_custom_template.csv", load_settings(path))
    assert "« ID »" in str(err.value) and "column_mapping" in str(err.value)


BAD_CASES = {
    "empty.csv": (None, None, "vide"),
    "header_only.csv": (None, None, "aucun dossier"),
    "binary_junk.csv": (None, None, "ni un fichier texte"),
    "html_page.xlsx": (None, None, "page web"),
    "truncated.xlsx": (None, None, "incomplet ou abîmé"),
    "zip_bomb.xlsx": (None, None, "limite de 200 Mo"),
    "missing_required.csv": (1, None, "« Déposé le »"),
    "unknown_state.csv": (4, "État du dossier", "En attente"),
    "bad_date.csv": (3, "Déposé le", "31/02/2023 25:00"),
    "non_numeric_id.csv": (5, "ID", "AB-12"),
    "duplicate_id_conflict.csv": (8, "ID", "11000001"),
    "wrong_sheet.xlsx": (1, None, "Feuil1"),
    "not_ds.csv": (1, None, "ne ressemble pas"),
    "latin1_undecodable.csv": (4, "Nom du projet", "0x81"),
    "old_xls.xls": (None, None, ".xlsx"),
}


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_files_are_rejected_with_row_and_column(name, settings):
    row, column, words = BAD_CASES[name]
    with pytest.raises(ImportRejected) as err:
        parse_dossiers(read_table((BAD / name).read_bytes()), settings)
    assert err.value.row == row
    if column:
        assert err.value.column.startswith(column)
    assert words in str(err.value)
