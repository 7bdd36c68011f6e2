"""Laureate follow-up in a real database (SQLite file and PostgreSQL server): the public laureates after
the seed, imports of filled templates and their rejections (nothing stored), edits from the app saved
with their audit rows."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select, text, update

from aic_dash.demo.followup import seed_followup
from aic_dash.errors import AicError
from aic_dash.ingest.followup import followup_kind_of, is_followup_path, looks_like_followup
from aic_dash.ingest.readers import read_table
from aic_dash.programme.laureates import PUBLIC_LAUREATES
from aic_dash.reports.followup import laureates_report_on, progress_report_on
from aic_dash.reports.formats import render
from aic_dash.reports.templates import template_bytes
from aic_dash.store import followup as F
from aic_dash.store import schema as S
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_path
from aic_dash.store.queries import Filters, import_history
from tests.conftest import EXPORTS, FIXTURES

FOLLOWUP = FIXTURES / "followup"
GOOD, BAD = FOLLOWUP / "good", FOLLOWUP / "bad"
SEED_DAY = date(2024, 10, 15)
TABLES = (
    "laureate",
    "support_period",
    "milestone",
    "indicator",
    "indicator_measurement",
    "funding",
    "partner_administration",
    "audit",
)


def dump(engine) -> dict[str, list]:
    """Every row of the follow-up tables and of the audit trail, for before/after comparisons."""
    with engine.connect() as conn:
        return {
            t: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {t}")).all()), key=repr) for t in TABLES
        }


@pytest.fixture
def seeded(engine, settings):
    """The six dossiers of ds_standard.csv (« Open Food Facts » is n° 11000003, accepted), then the seed."""
    assert import_path(engine, settings, str(EXPORTS / "ds_standard.csv")).ok
    seed_followup(engine, settings, today=SEED_DAY)
    return engine


def load(engine) -> F.FollowupData:
    return F.load_followup(engine)


def laureate_id(data: F.FollowupData, name: str) -> int:
    return int(data.laureates.loc[data.laureates["name"] == name, "id"].iloc[0])


def milestones_of(data: F.FollowupData, name: str) -> pd.DataFrame:
    return data.milestones[data.milestones["laureate_id"] == laureate_id(data, name)].set_index("title")


def audit_rows(engine) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(select(S.audit).order_by(S.audit.c.id)).all()
    frame = pd.DataFrame(rows, columns=[c.name for c in S.audit.columns])
    return frame.assign(detail=frame["detail"].map(json.loads))


# --- The seed -------------------------------------------------------------------------------------------


def test_public_laureates_are_present_after_the_seed_and_linked_to_their_dossier(seeded, settings):
    data = load(seeded)
    laureates = data.laureates.set_index("name")
    assert set(laureates.index) == {lau.name for lau in PUBLIC_LAUREATES}
    assert laureates.loc["Open Food Facts", "dossier_number"] == 11000003
    assert laureates["dossier_number"].notna().sum() == 1  # the fixture export holds one of them
    infoclimat = laureates.loc["Infoclimat"]
    assert (infoclimat["organisation"], infoclimat["town"], infoclimat["season"]) == (
        "Association Infoclimat", "Aurillac", "2022",
    )  # fmt: skip
    assert infoclimat["seed_grant"] and infoclimat["phase2"]
    assert infoclimat["themes"] == "environment,education,digital"

    # Support periods: 2022 from 14 April 2022; 2023 laureates from 1 July (May) or 1 November (September).
    periods = data.periods.merge(data.laureates[["id", "name"]], left_on="laureate_id", right_on="id")
    starts = dict(zip(periods["name"], periods["start_date"].dt.date))
    assert starts["Infoclimat"] == date(2022, 4, 14)
    assert starts["PrimTux"] == date(2023, 7, 1)
    assert starts["uMap"] == date(2023, 11, 1)
    assert (periods["end_date"] - periods["start_date"]).dt.days.between(365, 366).all()

    # Reported outcomes as reached milestones; seed grants of 80 k€ where the record says so.
    assert (milestones_of(data, "Infoclimat")["milestone_status"] == "atteint").sum() == 5
    grants = data.funding.merge(data.laureates[["id", "name"]], left_on="laureate_id", right_on="id")
    assert set(grants["name"]) == {lau.name for lau in PUBLIC_LAUREATES if lau.seed_grant}
    assert (grants["amount"] == 80_000).all()
    # Demo roadmaps of 2023 with late milestones, and an indicator with measurements.
    assert (milestones_of(data, "Pyronear")["milestone_status"] == "en_retard").sum() == 1
    assert len(data.measurements) >= 3

    before = dump(seeded)
    seed_followup(seeded, settings, today=SEED_DAY)
    assert dump(seeded) == before  # running the seed again changes nothing


def test_a_new_laureate_dossier_gets_its_laureate_and_a_first_support_period(seeded, settings):
    assert import_path(seeded, settings, str(EXPORTS / "ds_later.csv")).ok  # 11000002 accepted on 14/09/2023
    data = load(seeded)
    row = data.laureates[data.laureates["dossier_number"] == 11000002].iloc[0]
    assert row["source"] == "dossier" and row["season"] == "2023"
    period = data.periods[data.periods["laureate_id"] == row["id"]].iloc[0]
    assert period["start_date"].date() == date(2023, 9, 14)
    assert period["end_date"].date() == date(2024, 9, 14)
    assert period["support_status"] == "diagnostic"


# --- Imports ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["jalons.csv", "jalons_excel_fr.csv", "jalons.xlsx"])
def test_milestones_import_adds_updates_and_keeps(seeded, settings, name):
    result = F.import_followup(seeded, settings, (GOOD / name).read_bytes(), name, user="camille")
    assert result.ok, result.error
    assert (result.kind, result.rows, result.created, result.updated, result.unchanged) == (
        "milestones", 4, 2, 1, 1,
    )  # fmt: skip
    assert "jalons" in result.summary()
    data = load(seeded)
    off = milestones_of(data, "Open Food Facts").loc[
        "Convention d'échange de données avec une agence sanitaire"
    ]
    assert (
        off["milestone_status"] == "atteint"
        and off["note"] == "Signée le 12/02/2024, après deux mois de retard"
    )
    assert off["acted_by"] == "camille"
    kit = milestones_of(data, "PrimTux").loc["Kit de démarrage pour les écoles"]
    assert (kit["strand"], kit["milestone_status"], kit["due_date"].date()) == (
        "expertise",
        "en_cours",
        date(2024, 9, 30),
    )
    assert kit["note"] == 'Version « bêta » livrée, "retours" attendus,\nà relancer en septembre'
    assert milestones_of(data, "Pyronear").loc[
        "Convention de partage des images avec Météo-France", "milestone_status"
    ] == ("a_venir")
    kept = milestones_of(data, "uMap").loc["Diagnostic partagé et feuille de route validés"]
    assert kept["note"] == "Jalon fictif (démonstration)."  # an empty note cell keeps the stored note

    log = audit_rows(seeded)
    assert log["action"].tolist() == ["jalon_modifie", "jalon_cree", "jalon_cree"]
    assert set(log["acted_by"]) == {"camille"}
    assert log["detail"][0]["changes"]["milestone_status"] == ["en_cours", "atteint"]
    assert log["target"][0] == F.audit_target(laureate_id(data, "Open Food Facts"))
    run = import_history(seeded).iloc[0]
    assert (run["kind"], run["outcome"], run["created"], run["updated"]) == ("suivi", "importe", 2, 1)

    before = dump(seeded)
    again = F.import_followup(seeded, settings, (GOOD / name).read_bytes(), name, user="camille")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert dump(seeded) == before


@pytest.mark.parametrize("name", ["mesures.csv", "mesures.xlsx"])
def test_measurements_import_creates_the_indicator_and_updates_values(seeded, settings, name):
    result = F.import_followup(seeded, settings, (GOOD / name).read_bytes(), name)
    assert result.ok, result.error
    assert (result.created, result.updated, result.unchanged) == (3, 1, 0)
    data = load(seeded)
    indicators = data.indicators.set_index("name")
    fires = indicators.loc["Départs de feux détectés"]
    assert (fires["unit"], fires["initial"], fires["target"]) == ("alertes", 0, 50)
    values = data.measurements.merge(data.indicators[["id", "name"]], left_on="indicator_id", right_on="id")
    schools = values[values["name"] == "Écoles équipées"].set_index("measured_on")["value"]
    assert schools[pd.Timestamp("2024-07-01")] == 275 and schools[pd.Timestamp("2024-10-01")] == 290
    fire_values = values[values["name"] == "Départs de feux détectés"]["value"].tolist()
    assert fire_values == [4, 12.5]
    assert audit_rows(seeded)["action"].tolist() == [
        "mesure_modifiee", "mesure_creee", "indicateur_cree", "mesure_creee", "mesure_creee",
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["financements.csv", "financements.xlsx"])
def test_funding_import(seeded, settings, name):
    result = F.import_followup(seeded, settings, (GOOD / name).read_bytes(), name)
    assert result.ok, result.error
    assert (result.created, result.updated, result.unchanged) == (1, 0, 1)
    data = load(seeded)
    tranches = data.funding[data.funding["laureate_id"] == laureate_id(data, "Infoclimat")].set_index(
        "tranche"
    )
    assert tranches.loc[2, "amount"] == 60_000
    assert tranches.loc[2, "granted_on"].date() == date(2022, 9, 15)
    assert tranches["amount"].sum() == 140_000


REJECTIONS = [
    (
        "jalons_laureat_inconnu.csv",
        "ligne 3, colonne « Lauréat »",
        "« Projet inconnu » n'est pas un lauréat connu",
    ),
    ("jalons_date_impossible.csv", "ligne 4, colonne « Échéance »", "31/02/2024"),
    ("jalons_axe_inconnu.csv", "ligne 2, colonne « Axe »", "Partenariats avec les administrations"),
    ("jalons_statut_inconnu.csv", "ligne 3, colonne « Statut »", "Presque fini"),
    ("jalons_doublon.csv", "colonne « Lauréat »", "les lignes 2 et 4"),
    ("jalons_sans_echeance.csv", "Fichier « jalons_sans_echeance.csv »", "« Échéance »"),
    ("jalons_vides.csv", "Fichier « jalons_vides.csv »", "aucune ligne de jalons"),
    ("mesures_valeur_texte.csv", "ligne 3, colonne « Valeur »", "un nombre est attendu"),
    ("financements_montant_negatif.xlsx", "ligne 2, colonne « Montant »", "montant positif"),
    ("financements_tranche.csv", "ligne 2, colonne « Tranche »", "entier"),
]


@pytest.mark.parametrize(("name", "where", "what"), REJECTIONS, ids=[r[0] for r in REJECTIONS])
def test_a_bad_file_is_rejected_naming_row_and_column_and_nothing_is_stored(
    seeded, settings, name, where, what
):
    before = dump(seeded)
    result = F.import_followup(seeded, settings, (BAD / name).read_bytes(), name, user="camille")
    assert not result.ok
    assert result.error.startswith(f"Fichier « {name} »")
    assert where in result.error and what in result.error
    assert dump(seeded) == before
    run = import_history(seeded).iloc[0]
    assert (run["kind"], run["outcome"], run["message"]) == ("suivi", "rejete", result.error)


def test_templates_are_recognised_and_an_empty_one_is_refused_politely(seeded, settings):
    for kind in ("milestones", "measurements", "funding"):
        for fmt in ("csv", "xlsx"):
            data = template_bytes(kind, fmt)
            assert followup_kind_of(data) == kind
            assert looks_like_followup(read_table(data).headers) == kind
            result = F.import_followup(seeded, settings, data, f"modele.{fmt}")
            assert not result.ok and "aucune ligne" in result.error


def test_a_dossiers_export_is_not_a_follow_up_file():
    for path in (EXPORTS / "ds_standard.csv", EXPORTS / "ds_export.xlsx", EXPORTS / "ds_excel_fr.csv"):
        assert followup_kind_of(path.read_bytes()) is None
        assert not is_followup_path(path)
    for path in GOOD.iterdir():
        assert is_followup_path(path), path.name
    assert is_followup_path(BAD / "jalons_sans_echeance.csv")  # recognised, then refused with its reason
    assert not is_followup_path(FOLLOWUP / "absent.csv")


def test_a_missing_file_is_a_rejection(engine, settings):
    result = F.import_followup_path(engine, settings, FOLLOWUP / "absent.csv")
    assert not result.ok and "impossible de le lire" in result.error
    ok = F.import_followup_path(engine, settings, GOOD / "jalons.csv")
    assert not ok.ok and "ligne 2, colonne « Lauréat » : « 11000003 » n'est pas un lauréat connu" in ok.error


# --- Edits from the app ------------------------------------------------------------------------------


def editor_frame(data: F.FollowupData, name: str) -> pd.DataFrame:
    """The roadmap as the page shows it (dates as days)."""
    mine = milestones_of(data, name).reset_index()
    return mine.assign(due_date=mine["due_date"].dt.date)[
        ["id", "title", "strand", "due_date", "milestone_status", "note"]
    ]


def test_milestone_edits_are_saved_with_one_audit_row_each_and_survive_a_restart(seeded, db_url):
    data = load(seeded)
    lid = laureate_id(data, "Pyronear")
    before = editor_frame(data, "Pyronear")
    after = before.copy()
    late = after["title"] == "Expérimentation avec un service d'incendie et de secours"
    after.loc[late, "milestone_status"] = "atteint"
    after.loc[late, "note"] = "Convention signée avec le SDIS"
    after = after[after["milestone_status"] != "abandonne"]  # delete the abandoned one
    new = {"id": None, "title": "Démonstration au salon des maires", "strand": "partnerships",
           "due_date": date(2024, 11, 20), "milestone_status": "a_venir", "note": None}  # fmt: skip
    after = pd.concat([after, pd.DataFrame([new])], ignore_index=True)

    changes = F.save_milestones(seeded, lid, before, after, "camille@example.gouv.fr")
    assert (changes.created, changes.updated, changes.deleted) == (1, 1, 1)

    seeded.dispose()  # a restart: nothing kept in memory
    restarted = get_engine(db_url)
    roadmap = milestones_of(load(restarted), "Pyronear")
    assert (
        roadmap.loc["Expérimentation avec un service d'incendie et de secours", "milestone_status"]
        == "atteint"
    )
    assert roadmap.loc["Expérimentation avec un service d'incendie et de secours", "acted_by"] == (
        "camille@example.gouv.fr"
    )
    assert "Recrutement d'une personne responsable produit" not in roadmap.index
    assert roadmap.loc["Démonstration au salon des maires", "strand"] == "partnerships"

    log = audit_rows(restarted)
    assert log["action"].tolist() == ["jalon_modifie", "jalon_cree", "jalon_supprime"]
    assert set(log["acted_by"]) == {"camille@example.gouv.fr"}
    assert set(log["target"]) == {F.audit_target(lid)}
    assert log["detail"][0]["changes"] == {
        "milestone_status": ["en_retard", "atteint"],
        "note": ["Jalon fictif (démonstration).", "Convention signée avec le SDIS"],
    }
    history = F.laureate_history(restarted, lid)
    assert len(history) == 3 and str(history["at"].dt.tz) == "Europe/Paris"


def test_an_edit_on_a_milestone_changed_meanwhile_is_refused_and_saves_nothing(seeded):
    data = load(seeded)
    lid = laureate_id(data, "PrimTux")
    before = editor_frame(data, "PrimTux")
    # A colleague saves first.
    theirs = before.copy()
    theirs.loc[theirs["title"] == "Guide d'installation pour les enseignants", "milestone_status"] = "atteint"
    F.save_milestones(seeded, lid, before, theirs, "dominique")
    snapshot = dump(seeded)
    mine = before.copy()
    mine.loc[mine["title"] == "Déploiement pilote dans les écoles d'une académie", "milestone_status"] = (
        "en_cours"
    )
    mine.loc[mine["title"] == "Guide d'installation pour les enseignants", "milestone_status"] = "abandonne"
    with pytest.raises(AicError, match="modifié entre-temps par « dominique »"):
        F.save_milestones(seeded, lid, before, mine, "camille")
    assert dump(seeded) == snapshot  # not even the other, unconflicting change


def test_edits_of_different_fields_of_one_milestone_are_both_kept(seeded):
    data = load(seeded)
    lid = laureate_id(data, "PrimTux")
    before = editor_frame(data, "PrimTux")
    title = before["title"] == "Guide d'installation pour les enseignants"
    theirs = before.copy()
    theirs.loc[title, "milestone_status"] = "atteint"
    F.save_milestones(seeded, lid, before, theirs, "dominique")
    mine = before.copy()
    mine.loc[title, "note"] = "Relancer l'académie"
    assert F.save_milestones(seeded, lid, before, mine, "camille").updated == 1
    guide = milestones_of(load(seeded), "PrimTux").loc["Guide d'installation pour les enseignants"]
    assert (guide["milestone_status"], guide["note"], guide["acted_by"]) == (
        "atteint",
        "Relancer l'académie",
        "camille",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": " "}, "Ligne 2 du tableau des jalons : l'intitulé du jalon manque."),
        ({"strand": None}, "Ligne 2 du tableau des jalons : choisissez un axe"),
        ({"due_date": None}, "Ligne 2 du tableau des jalons : l'échéance manque."),
        ({"title": "Diagnostic partagé et feuille de route validés"}, "même intitulé que la ligne 1"),
    ],
)
def test_an_incomplete_edit_is_refused_with_its_line(seeded, change, message):
    data = load(seeded)
    before = editor_frame(data, "uMap")
    after = before.copy()
    for column, value in change.items():
        after[column] = after[column].astype("object")
        after.loc[1, column] = value
    snapshot = dump(seeded)
    with pytest.raises(AicError, match=message):
        F.save_milestones(seeded, laureate_id(data, "uMap"), before, after, "camille")
    assert dump(seeded) == snapshot


def test_measurement_edits_are_saved_with_their_audit_rows(seeded):
    data = load(seeded)
    indicator = data.indicators.set_index("name").loc["Écoles équipées"]
    mine = data.measurements[data.measurements["indicator_id"] == indicator["id"]]
    before = mine.assign(measured_on=mine["measured_on"].dt.date)[["id", "measured_on", "value"]].reset_index(
        drop=True
    )
    after = before.copy()
    after.loc[0, "value"] = 155.0
    after = pd.concat(
        [after.iloc[:-1], pd.DataFrame([{"id": None, "measured_on": date(2024, 10, 1), "value": 290.0}])],
        ignore_index=True,
    )
    changes = F.save_measurements(seeded, int(indicator["id"]), before, after, "local")
    assert (changes.created, changes.updated, changes.deleted) == (1, 1, 1)
    values = load(seeded).measurements
    values = values[values["indicator_id"] == indicator["id"]].set_index("measured_on")["value"]
    assert values[pd.Timestamp("2023-10-01")] == 155.0
    assert values[pd.Timestamp("2024-10-01")] == 290.0
    assert pd.Timestamp("2024-07-01") not in values.index
    log = audit_rows(seeded)
    assert log["action"].tolist() == ["mesure_modifiee", "mesure_creee", "mesure_supprimee"]
    assert log["detail"][0]["indicator"] == "Écoles équipées"


# --- Reports ---------------------------------------------------------------------------------------------


def test_laureates_and_progress_reports(seeded):
    day = date(2024, 5, 15)
    frame = laureates_report_on(seeded, Filters(), day)
    header = render(frame, "csv").decode().splitlines()[0]
    assert header.startswith(
        "season,round,track,laureate,organisation,town,dossier,support_start,support_end,renewal,support_status,"
    )
    for column in ("milestones_total", "milestones_reached", "milestones_late"):
        assert column in header
    assert len(frame) == len(PUBLIC_LAUREATES)
    off = frame.set_index("laureate").loc["Open Food Facts"]
    assert (off["support_start"], off["support_end"]) == (date(2023, 7, 1), date(2024, 7, 1))
    assert (off["support_status"], off["months_elapsed"], off["dossier"]) == ("accompagnement", 10, 11000003)
    assert (off["milestones_total"], off["milestones_reached"], off["milestones_late"]) == (4, 2, 2)
    assert off["renewal_due"] and off["at_risk"]
    assert frame.set_index("laureate").loc["Infoclimat", "support_status"] == "termine"
    assert frame.set_index("laureate").loc["Infoclimat", "funding_total"] == 80_000

    dinum = laureates_report_on(seeded, Filters(season="2023", track="DINUM"), day)
    assert set(dinum["laureate"]) == {"Open Food Facts", "PrimTux", "uMap", "Pyronear"}

    progress = progress_report_on(seeded, Filters(), day).set_index(["season", "track"])
    assert progress.loc[("2023", "DINUM"), "laureates"] == 4
    assert progress.loc[("2023", "DINUM"), "renewals_due"] == 2
    assert progress.loc[("2022", "DITP"), "in_support"] == 0
    excel = render(progress.reset_index(), "excel-csv").decode("utf-8-sig")
    assert excel.splitlines()[0].startswith("Saison;Volet;Lauréats;En accompagnement;Jalons;Jalons atteints")


def test_the_fixtures_are_what_make_fixtures_writes(tmp_path):
    """The generator is deterministic: the committed fixtures are its output."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_followup_fixtures", FOLLOWUP / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.HERE = Path(tmp_path)
    module.main()
    for folder in ("good", "bad"):
        for path in sorted((FOLLOWUP / folder).iterdir()):
            assert (tmp_path / folder / path.name).read_bytes() == path.read_bytes(), path.name


# --- When things happened (views as of a past day) ------------------------------------------------------


def test_selection_day_and_the_day_a_milestone_was_reached_are_read_back(seeded):
    data = load(seeded)
    laureates = data.laureates.set_index("name")
    # Open Food Facts has its dossier (decided on 15/05/2023 in ds_standard.csv); Infoclimat has none here.
    assert laureates.loc["Open Food Facts", "selected_on"] == pd.Timestamp("2023-05-15")
    assert pd.isna(laureates.loc["Infoclimat", "selected_on"])
    # A seeded milestone (no audit row) was reached on its last update, the best date recorded.
    umap = milestones_of(data, "uMap")
    assert umap["reached_on"].tolist() == umap["updated_at"].dt.tz_localize(None).dt.normalize().tolist()

    lid = laureate_id(data, "Pyronear")
    before = editor_frame(data, "Pyronear")
    after = before.copy()
    title = "Statuts et gouvernance de l'association consolidés"
    after.loc[after["title"] == title, "milestone_status"] = "atteint"
    assert F.save_milestones(seeded, lid, before, after, "camille@example.gouv.fr").updated == 1
    # A later edit of another field does not move the day it was reached (read from the audit trail).
    again = editor_frame(load(seeded), "Pyronear")
    edited = again.copy()
    edited.loc[edited["title"] == title, "note"] = "Statuts déposés en préfecture"
    with seeded.begin() as conn:  # the first edit, as if made on 03/06/2024 at noon in Paris
        conn.execute(
            update(S.audit).where(S.audit.c.target == F.audit_target(lid)).values(at=datetime(2024, 6, 3, 10))
        )
    assert F.save_milestones(seeded, lid, again, edited, "camille@example.gouv.fr").updated == 1
    reached = milestones_of(load(seeded), "Pyronear").loc[title]
    assert reached["reached_on"] == pd.Timestamp("2024-06-03")
    assert reached["updated_at"].date() > date(2024, 6, 3)
    dropped = milestones_of(load(seeded), "Pyronear").loc["Recrutement d'une personne responsable produit"]
    assert pd.isna(dropped["reached_on"])


def test_a_milestone_reached_is_read_from_audit_rows_written_before_and_after_migration_0013():
    from aic_dash.store.followup_dates import _sets_reached

    for key in ("milestone_status", "status"):  # `status`: audit rows written before the rename
        assert _sets_reached("jalon_cree", {key: "atteint"})
        assert _sets_reached("jalon_modifie", {"changes": {key: ["en_cours", "atteint"]}})
        assert not _sets_reached("jalon_modifie", {"changes": {key: ["atteint", "en_cours"]}})
