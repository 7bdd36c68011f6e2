"""Live sync from the démarches-simplifiées API, against a stand-in server on loopback (no internet).

Store tests run on SQLite and PostgreSQL (`engine` fixture). The stand-in serves the 6 dossiers of
`ds_standard.csv`, two per page, so that a sync pages three times.
"""

from __future__ import annotations

import copy
import logging
from datetime import UTC, datetime

import pandas as pd
import pytest
from sqlalchemy import select, text
from streamlit.testing.v1 import AppTest

from aic_dash.ingest.ds_api import PAGE_SIZE, iso
from aic_dash.store.imports import import_path
from aic_dash.store.queries import (
    dossier_fields,
    import_changes,
    import_history,
    load_dossiers,
    load_field_values,
)
from aic_dash.store.schema import sync_deleted_dossier
from aic_dash.store.sync import OVERLAP, last_sync, sync_demarche
from tests.conftest import EXPORTS
from tests.ds_standin import DEMARCHE, TOKEN, StandIn, api_datetime, export_dossiers, now_iso

WRONG_TOKEN = "jeton-perime-0f3b9e27c85d14"
DATA_TABLES = ("export_layout", "dossier", "dossier_change", "sync_state", "sync_deleted_dossier")
DERIVED = [
    "number",
    "state",
    "stage",
    "track",
    "season",
    "round",
    "org_type",
    "project",
    "group_label",
    "eligible",
    "shortlisted",
    "deposited_at",
    "instructed_at",
    "processed_at",
    "ds_updated_at",
]
FIELDS = (
    "Nom du projet",
    "Votre organisation est-elle une association ou une administration ?",
    "Votre projet",
    "Décrivez votre projet en quelques lignes",
    "Nombre de contributeurs et contributrices mobilisé.e.s dans le cadre du projet (approximativement)",
    "Annexes",
    "Comment avez-vous appris l’existence de notre appel à candidatures ?",
    "Souhaitez-vous recevoir des informations de l’AIC ?",
    "Email",
    "État du dossier",
    "Déposé le",
)


class Waits:
    """Stands for time.sleep: records what the sync would have waited, without waiting."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@pytest.fixture
def standin():
    with StandIn(export_dossiers(EXPORTS / "ds_standard.csv"), page_cap=2) as server:
        yield server


def sync(engine, settings, server, **kwargs):
    kwargs.setdefault("sleep", Waits())
    return sync_demarche(engine, settings, DEMARCHE, server.url, kwargs.pop("token", TOKEN), **kwargs)


def dump(engine) -> dict[str, list]:
    with engine.connect() as conn:
        return {
            t: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {t}")).all()), key=repr)
            for t in DATA_TABLES
        }


def test_full_sync_stores_every_dossier_and_records_it(engine, settings, standin):
    result = sync(engine, settings, standin)
    assert result.ok, result.error
    assert (result.pages, result.rows, result.created, result.updated, result.unchanged) == (3, 6, 6, 0, 0)
    assert "6 créé(s)" in result.summary() and "synchronisation complète" in result.summary()
    asked = standin.requests()
    assert [r["variables"]["first"] for r in asked] == [PAGE_SIZE] * 3
    assert all("updatedSince" not in r["variables"] for r in asked)
    assert [r["variables"]["after"] is None for r in asked] == [True, False, False]

    dossiers = load_dossiers(engine).set_index("number")
    assert dossiers.index.tolist() == list(range(11000001, 11000007))
    assert dossiers.loc[11000003, "stage"] == "laureat"
    assert dossiers.loc[11000006, "round"] == "2023-2"
    run = import_history(engine).iloc[0]
    assert (run["source"], run["file_name"], run["outcome"]) == ("API", "API démarche 12345", "importe")
    assert (run["rows"], run["created"]) == (6, 6)
    assert "3 page(s)" in run["detected"]
    assert run["finished_at"] >= run["started_at"]


def test_section_titles_are_not_columns(engine, settings, standin):
    """The API lists a form's section titles among its champs; the export, and the sync, do not."""
    assert sync(engine, settings, standin).ok
    labels = [label for label, _ in dossier_fields(engine, 11000001)]
    assert labels.count("Votre projet") == 1
    assert load_dossiers(engine)["track"].tolist() == ["DINUM", "DITP", "DINUM", "DITP", "DINUM", "DITP"]


def test_incremental_sync_asks_only_for_what_changed(engine, settings, standin):
    assert sync(engine, settings, standin).ok
    state = last_sync(engine, DEMARCHE)
    assert state["updated_since"] <= datetime.now(UTC).replace(tzinfo=None) - OVERLAP

    # On the platform: dossier 2 accepted by the jury, a new dossier filed in the second round.
    standin.change(11000002, state="accepte", dateTraitement=now_iso())
    new = copy.deepcopy(standin.dossier(11000001))
    new.update(number=11000007, dateDepot=api_datetime("2023-08-01 10:00:00 +0200"))
    standin.dossiers.append(new)
    standin.change(11000007)

    result = sync(engine, settings, standin)
    assert result.ok, result.error
    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 1, 1, 0)
    assert result.updated_since is not None and "modifiés depuis le" in result.summary()
    since = standin.requests()[-1]["variables"]["updatedSince"]
    assert since == iso(state["updated_since"].replace(tzinfo=UTC))

    dossiers = load_dossiers(engine).set_index("number")
    assert len(dossiers) == 7
    assert dossiers.loc[11000002, "stage"] == "laureat"
    assert dossiers.loc[11000007, "round"] == "2023-2"
    changes = import_changes(engine, result.import_id).set_index("number")
    assert changes.loc[11000002, "previous_stage"] == "liste_restreinte"
    assert changes.loc[11000007, "change"] == "cree"

    # Right after, only the overlap window's dossiers come back, and nothing changes.
    nothing = sync(engine, settings, standin)
    assert nothing.ok and (nothing.rows, nothing.created, nothing.updated, nothing.unchanged) == (2, 0, 0, 2)

    everything = sync(engine, settings, standin, full=True)
    assert everything.ok and (everything.rows, everything.unchanged) == (7, 7)
    assert "updatedSince" not in standin.requests()[-1]["variables"]


def test_throttling_is_survived_resuming_from_the_same_page(engine, settings, standin):
    standin.fault(429, page=2, headers={"Retry-After": "7"})
    standin.fault(503, page=3)
    standin.fault(429, page=3, headers={"RateLimit-Reset": "12"})
    waits = Waits()
    result = sync(engine, settings, standin, sleep=waits)
    assert result.ok, result.error
    assert waits.seconds == [7, 1, 12]  # as Retry-After said, a short backoff, as RateLimit-Reset said
    assert result.rows == 6 and len(load_dossiers(engine)) == 6
    pages = [(r["page"], r["variables"]["after"], r["status"]) for r in standin.requests()]
    assert pages[1][2] == 429 and pages[2][:2] == pages[1][:2]  # page 2 asked again, same cursor
    assert [p[0] for p in pages] == [1, 2, 2, 3, 3, 3]


def test_a_platform_asking_to_wait_an_hour_ends_the_sync_at_once(engine, settings, standin):
    standin.fault(429, page=2, headers={"Retry-After": "3600"})
    waits = Waits()
    result = sync(engine, settings, standin, sleep=waits)
    assert not result.ok and "attendre 60 min" in result.error and "plus tard" in result.error
    assert waits.seconds == [] and load_dossiers(engine).empty


def test_a_redirect_is_not_followed_with_the_token(engine, settings, standin):
    standin.fault(301, operation="aicDemarche", headers={"Location": "http://127.0.0.1:9/api/v2/graphql"})
    result = sync(engine, settings, standin)
    assert not result.ok and "redirection" in result.error and "--endpoint" in result.error
    assert len(standin.log) == 1


def test_wrong_token_is_refused_without_leaking_it(engine, settings, standin, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    result = sync(engine, settings, standin, token=WRONG_TOKEN)
    assert not result.ok
    assert "HTTP 401" in result.error and "AIC_DASH_DS_TOKEN" in result.error
    assert "Jetons d'API" in result.error
    out, err = capsys.readouterr()
    for text_seen in (result.error, result.summary(), caplog.text, out, err):
        assert WRONG_TOKEN not in text_seen and TOKEN not in text_seen
    assert load_dossiers(engine).empty
    run = import_history(engine).iloc[0]
    assert (run["source"], run["outcome"]) == ("API", "rejete")
    assert WRONG_TOKEN not in run["message"]
    assert last_sync(engine, DEMARCHE) is None


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (403, None, "adresses IP"),
        (200, {"errors": [{"message": "Field 'dossiers' doesn't accept argument 'updatedSince'"}]}, "erreur"),
        (200, {"errors": [{"message": "An object of type Demarche was hidden due to permissions"}]}, "accès"),
    ],
)
def test_api_refusals_end_with_a_french_message(engine, settings, standin, status, body, expected):
    assert sync(engine, settings, standin).ok
    before = dump(engine)
    standin.fault(status, operation="aicDemarche", body=body)
    result = sync(engine, settings, standin, full=True)
    assert not result.ok
    assert expected in result.error
    assert result.error.startswith(f"Synchronisation de la démarche n° {DEMARCHE} : ")
    assert dump(engine) == before


def test_unknown_demarche_is_named(engine, settings, standin):
    result = sync_demarche(engine, settings, 999, standin.url, TOKEN, sleep=Waits())
    assert not result.ok and "Démarche n° 999 introuvable" in result.error


def test_interrupted_sync_leaves_the_database_as_it_was(engine, settings, standin):
    assert sync(engine, settings, standin).ok
    before, state = dump(engine), last_sync(engine, DEMARCHE)
    standin.change(11000001, state="en_instruction", datePassageEnInstruction=now_iso())
    standin.fault(None, page=3, times=None)  # the server hangs up on page 3, every time
    waits = Waits()
    result = sync(engine, settings, standin, full=True, sleep=waits)
    assert not result.ok
    assert "connexion interrompue" in result.error and "relancez" in result.error
    assert waits.seconds == [1, 2, 4, 8]  # bounded retries with backoff, then it gives up
    assert dump(engine) == before

    standin.faults.clear()
    again = sync(engine, settings, standin)  # starts again from the last successful sync
    assert again.ok, again.error
    assert again.updated_since == state["updated_since"].replace(tzinfo=UTC)
    assert load_dossiers(engine).set_index("number").loc[11000001, "state"] == "en_instruction"


def test_same_dossiers_give_the_same_rows_from_an_export_or_the_api(engine, settings, standin):
    synced = sync(engine, settings, standin)
    assert synced.ok, synced.error
    from_api = load_dossiers(engine)[DERIVED]
    fields_api = load_field_values(engine, FIELDS)
    notes_api = load_field_values(engine, ("Éligible", "Liste restreinte"), last=True)

    imported = import_path(engine, settings, str(EXPORTS / "ds_standard.csv"))
    assert imported.ok, imported.error
    assert imported.updated == 6  # every row rewritten from the file…
    changes = import_changes(engine, imported.import_id)
    assert (changes["previous_stage"] == changes["stage"]).all()  # …without any stage moving
    from_file = load_dossiers(engine)[DERIVED]
    pd.testing.assert_frame_equal(from_api, from_file)
    pd.testing.assert_frame_equal(fields_api, load_field_values(engine, FIELDS))
    pd.testing.assert_frame_equal(
        notes_api, load_field_values(engine, ("Éligible", "Liste restreinte"), last=True)
    )


def test_a_value_the_parser_refuses_names_the_dossier_and_the_field(engine, settings, standin):
    note = next(c for c in standin.dossier(11000003)["annotations"] if c["label"] == "Éligible")
    note.update({"__typename": "TextChamp", "stringValue": "À revoir"})  # a text annotation, not yes/no
    result = sync(engine, settings, standin)
    assert not result.ok
    assert result.error.startswith("Démarche n° 12345, dossier n° 11000003, champ « Éligible » : ")
    assert "« À revoir »" in result.error and "Fichier" not in result.error
    assert load_dossiers(engine).empty


def test_deleted_dossiers_are_reported_once_and_kept(engine, settings, standin):
    assert sync(engine, settings, standin).ok
    standin.deleted.append(
        {"number": 11000006, "dateSupression": now_iso(), "state": "sans_suite", "reason": "user_request"}
    )
    result = sync(engine, settings, standin)
    assert result.ok and result.deleted == 1
    assert any("11000006" in w and "restent" in w for w in result.warnings)
    assert 11000006 in load_dossiers(engine)["number"].tolist()
    with engine.connect() as conn:
        stored = conn.execute(select(sync_deleted_dossier)).mappings().all()
    assert [(r["dossier_number"], r["state"]) for r in stored] == [(11000006, "sans_suite")]
    assert sync(engine, settings, standin).deleted == 0  # already known


def test_plain_http_endpoint_elsewhere_is_refused_before_any_request(engine, settings):
    result = sync_demarche(engine, settings, DEMARCHE, "http://api.example.org/graphql", TOKEN)
    assert not result.ok and "https" in result.error and TOKEN not in result.error


def _panel(db_url: str) -> None:
    from aic_dash.config import load_settings
    from aic_dash.store.db import get_engine
    from aic_dash.ui.sync import sync_panel

    sync_panel(get_engine(db_url), load_settings())


def test_sync_panel_synchronises_on_click(tmp_path, standin, monkeypatch):
    monkeypatch.setenv("AIC_DASH_DS_TOKEN", TOKEN)
    monkeypatch.setenv("AIC_DASH_DS_ENDPOINT", standin.url)
    db_url = f"sqlite:///{tmp_path / 'aic.sqlite'}"
    at = AppTest.from_function(_panel, args=(db_url,), default_timeout=60).run()
    assert not at.exception
    assert not at.warning and at.button(key="sync_button").disabled
    at.number_input(key="sync_demarche").set_value(DEMARCHE).run()
    at.button(key="sync_button").click().run()
    assert not at.exception
    assert "6 créé(s)" in at.success[0].value.replace("\\", "")
    assert any("Dernière synchronisation réussie" in c.value for c in at.caption)
    assert TOKEN not in str(at)


def test_sync_panel_says_where_to_put_the_token(tmp_path, monkeypatch):
    monkeypatch.delenv("AIC_DASH_DS_TOKEN", raising=False)
    at = AppTest.from_function(_panel, args=(f"sqlite:///{tmp_path / 'aic.sqlite'}",)).run()
    assert "AIC\\_DASH\\_DS\\_TOKEN" in at.warning[0].value or "AIC_DASH_DS_TOKEN" in at.warning[0].value
    assert at.button(key="sync_button").disabled
