"""Open data of a season: `report opendata` (SCDL Subventions) and `report opendata-laureates`, written only
when frictionless validates them, refused with a French message naming what to fill in otherwise."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

import pytest
from frictionless import Resource, Schema, system

from aic_dash.cli.main import main
from aic_dash.errors import AicError
from aic_dash.publish.opendata import LAUREATES_SCHEMA, subsidies_schema_path
from aic_dash.store.db import get_engine
from aic_dash.store.followup import laureate_history, load_followup
from aic_dash.store.publication import (
    PublicationFields,
    read_publication_fields,
    save_publication_fields,
)
from aic_dash.store.queries import Filters
from tests.conftest import ROOT
from tests.publish.season import (
    FAKE_SIRETS,
    build_demo_db,
    copy_db,
    leaked,
    personal_values,
    season_funding,
    settings_file,
)

SHARED_SCHEMA = subsidies_schema_path()


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory, settings) -> str:
    return build_demo_db(tmp_path_factory.mktemp("opendata"), settings)


@pytest.fixture
def url(demo_url, tmp_path) -> str:
    return copy_db(demo_url, tmp_path)


def _complete(url: str, season: str, skip: str | None = None) -> None:
    """Fill, as a manager would in the app, an RNA and the convention dates of every laureate."""
    engine = get_engine(url)
    followup = load_followup(engine, Filters(season=season))
    for i, row in enumerate(followup.laureates.itertuples(index=False)):
        if row.name == skip:
            continue
        before = read_publication_fields(engine, int(row.id))
        after = PublicationFields(
            None,
            f"W{990000000 + i}",
            {t: date(2022, 4, 1) for t in before.conventions},
            before.organisation or f"Association {row.name}",
        )
        save_publication_fields(engine, int(row.id), before, after, "gestionnaire@exemple.example")


def _validate(path, schema_path) -> list:
    with system.use_context(trusted=True):
        report = Resource(path=str(path), schema=Schema.from_descriptor(str(schema_path))).validate()
    return report.flatten(["rowNumber", "fieldName", "type"])


def test_opendata_is_valid_scdl_and_sums_to_the_seasons_funding(url, tmp_path, capsys):
    _complete(url, "2022")
    out = tmp_path / "subventions-2022.csv"
    config = settings_file(tmp_path)
    assert (
        main(["report", "opendata", "--season", "2022", "--db", url, "--config", str(config), "-o", str(out)])
        == 0
    )
    assert "validées" in capsys.readouterr().err
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    assert _validate(out, SHARED_SCHEMA) == []
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    names = [f["name"] for f in json.loads(SHARED_SCHEMA.read_text(encoding="utf-8"))["fields"]]
    assert list(rows[0]) == names
    assert sum(float(r["montant"]) for r in rows) == season_funding(url, "2022") == 560000
    assert {r["notificationUE"] for r in rows} == {"non"}
    assert {r["idAttribuant"] for r in rows} == {"11000000000018", "11000000000026"}
    assert all(r["dateConvention"] == "2022-04-01" for r in rows)
    assert "Infoclimat" in {r["objet"].split("« ")[1].split(" »")[0] for r in rows}
    assert leaked(data.decode("utf-8"), personal_values(url)) == []


def test_a_missing_convention_date_and_identifier_is_named_and_no_file_is_written(url, tmp_path, capsys):
    _complete(url, "2022", skip="Vikidia")
    out = tmp_path / "subventions-2022.csv"
    config = settings_file(tmp_path)
    assert (
        main(["report", "opendata", "--season", "2022", "--db", url, "--config", str(config), "-o", str(out)])
        == 2
    )
    err = capsys.readouterr().err
    assert not out.exists()
    assert "« Vikidia » (saison 2022, tranche 1) : date de la convention de subvention manquante" in err
    assert "ni SIRET ni numéro RNA du bénéficiaire" in err
    assert "« Suivi des lauréats »" in err
    assert "Infoclimat" not in err  # complete laureates are not listed
    assert "Traceback" not in err


def test_the_granting_bodys_siret_is_refused_with_its_key_when_missing(url, tmp_path, capsys):
    _complete(url, "2022")
    out = tmp_path / "subventions-2022.csv"
    config = settings_file(tmp_path, sirets=None)
    assert (
        main(["report", "opendata", "--season", "2022", "--db", url, "--config", str(config), "-o", str(out)])
        == 2
    )
    err = capsys.readouterr().err
    assert "granting_bodies.DINUM.siret" in err and str(config) in err
    assert not out.exists()


def test_laureates_open_data_is_valid_against_its_own_schema(url, tmp_path, capsys):
    out = tmp_path / "laureats-2022.csv"
    assert main(["report", "opendata-laureates", "--season", "2022", "--db", url, "-o", str(out)]) == 0
    assert _validate(out, LAUREATES_SCHEMA) == []
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 9
    infoclimat = next(r for r in rows if r["projet"] == "Infoclimat")
    assert infoclimat["commune"] == "Aurillac"
    assert infoclimat["debut_accompagnement"] == "2022-04-14"
    assert infoclimat["fin_accompagnement"] == "2023-04-13"
    assert "Environnement" in infoclimat["thematiques"]
    assert leaked(out.read_text(encoding="utf-8"), personal_values(url)) == []


def test_identifiers_typed_in_the_app_are_checked_and_audited(url):
    engine = get_engine(url)
    laureate_id = int(load_followup(engine, Filters(season="2022")).laureates["id"].iloc[0])
    before = read_publication_fields(engine, laureate_id)
    with pytest.raises(AicError, match="SIRET « 1234 » illisible"):
        save_publication_fields(engine, laureate_id, before, replace(before, siret="1234"), "moi")
    changes = save_publication_fields(
        engine, laureate_id, before, replace(before, siret="110 000 000 00018"), "moi"
    )
    assert changes.updated == 1
    assert read_publication_fields(engine, laureate_id).siret == "11000000000018"
    history = laureate_history(engine, laureate_id)
    assert history.iloc[0]["acted_by"] == "moi" and "11000000000018" in history.iloc[0]["detail"]
    # A colleague's page still shows the old value: their save is a conflict, nothing changes.
    with pytest.raises(AicError, match="modifié entre-temps"):
        save_publication_fields(engine, laureate_id, before, replace(before, siret="11000000000026"), "autre")
    assert read_publication_fields(engine, laureate_id).siret == "11000000000018"


def test_publications_refuse_filters_they_do_not_take(url, capsys):
    assert main(["report", "opendata", "--season", "2022", "--track", "DINUM", "--db", url]) == 2
    assert "retirez --track" in capsys.readouterr().err
    assert main(["report", "opendata", "--db", url]) == 2
    assert "Précisez la saison" in capsys.readouterr().err


def test_the_followup_page_saves_the_open_data_fields(url, monkeypatch):

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    engine = get_engine(url)
    laureates = load_followup(engine, Filters(season="2022")).laureates
    vikidia = int(laureates.loc[laureates["name"] == "Vikidia", "id"].iloc[0])
    page = str(ROOT / "pages" / "followup.py")
    at = AppTest.from_file(page, default_timeout=60)
    at.session_state["followup_laureate"] = vikidia
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.text_input(key=f"opendata-{vikidia}-rna").input("w 123 456 789")
    at.date_input(key=f"opendata-{vikidia}-convention-1").set_value(date(2022, 4, 1))
    next(b for b in at.button if b.label == "Enregistrer").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Enregistré : 2 valeur(s) modifiée(s)." in [s.value for s in at.success]
    saved = read_publication_fields(engine, vikidia)
    assert saved.rna == "W123456789" and saved.conventions == {1: date(2022, 4, 1)}
    # A SIRET that is not one is refused with the reason, and nothing changes.
    at.text_input(key=f"opendata-{vikidia}-siret").input("1234")
    next(b for b in at.button if b.label == "Enregistrer").click().run()
    assert any("SIRET « 1234 » illisible" in e.value for e in at.error)
    assert read_publication_fields(engine, vikidia).siret is None


def test_the_beneficiarys_identifiers_come_from_the_export_when_it_has_them(tmp_path, settings):
    """A procedure filed with a SIRET exports « Établissement SIRET » / « Association RNA »: no typing."""
    from aic_dash.demo.dossiers import build_demo_export
    from aic_dash.demo.followup import seed_followup
    from aic_dash.publish.opendata import subsidy_rows
    from aic_dash.publish.season import load_season
    from aic_dash.store.imports import import_export

    rows = list(csv.reader(io.StringIO(build_demo_export(None, 2023).decode("utf-8"))))
    project = rows[0].index("Nom du projet")
    rows[0] += ["Établissement SIRET", "Association RNA"]
    for row in rows[1:]:
        row += ["110 000 000 00034", "W 123 456 789"] if row[project] == "Infoclimat" else ["", ""]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    engine = get_engine(f"sqlite:///{tmp_path / 'siret.sqlite'}")
    assert import_export(engine, settings, out.getvalue().encode("utf-8"), "export-siret.csv").ok
    seed_followup(engine, settings)
    pub = load_season(engine, settings, "2022", date(2023, 1, 1))
    infoclimat = pub.laureates.set_index("project").loc["Infoclimat"]
    assert (infoclimat["siret"], infoclimat["rna"]) == ("11000000000034", "W123456789")
    granted = replace(settings, granting_bodies=settings_file_bodies())
    lines, problems = subsidy_rows(pub, granted)
    row = next(r for r in lines if "Infoclimat" in r["objet"])
    assert (row["idBeneficiaire"], row["rnaBeneficiaire"]) == ("11000000000034", "W123456789")
    assert not any("« Infoclimat »" in p and "SIRET" in p for p in problems)
    assert any("« Vikidia »" in p and "ni SIRET ni numéro RNA" in p for p in problems)


def settings_file_bodies():
    from aic_dash.config import GrantingBody

    return {track: GrantingBody(f"Attribuant {track}", siret) for track, siret in FAKE_SIRETS.items()}


def test_open_data_fields_and_subsidies_on_sqlite_and_postgresql(engine, settings):
    from aic_dash.demo.dossiers import build_demo_export
    from aic_dash.demo.followup import seed_followup
    from aic_dash.publish.opendata import subsidy_rows
    from aic_dash.publish.season import load_season
    from aic_dash.store.imports import import_export

    assert import_export(engine, settings, build_demo_export(None, 2023), "demo.csv").ok
    seed_followup(engine, settings)
    laureates = load_followup(engine, Filters(season="2022")).laureates
    infoclimat = int(laureates.loc[laureates["name"] == "Infoclimat", "id"].iloc[0])
    before = read_publication_fields(engine, infoclimat)
    after = replace(before, rna="W123456789", conventions={1: date(2022, 4, 1)})
    assert save_publication_fields(engine, infoclimat, before, after, "moi").updated == 2
    pub = load_season(engine, settings, "2022", date(2023, 1, 1))
    rows, problems = subsidy_rows(pub, replace(settings, granting_bodies=settings_file_bodies()))
    assert sum(r["montant"] for r in rows) == 560000
    mine = next(r for r in rows if "« Infoclimat »" in r["objet"])
    assert mine["rnaBeneficiaire"] == "W123456789" and str(mine["dateConvention"])[:10] == "2022-04-01"
    assert not any(p.startswith("« Infoclimat »") for p in problems)
