"""One support model: the « Lauréats » cards, the « Suivi des lauréats » page and the `laureates` report
tell the same story at any date, on the demo database (`python -m aic_dash demo`)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from aic_dash import labels as L
from aic_dash.reports.followup import laureates_report, laureates_report_on
from aic_dash.store import followup as F
from aic_dash.store import schema as S
from aic_dash.store.db import get_engine
from aic_dash.store.queries import Filters
from aic_dash.ui import followup as fu
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
LAUREATES = str(ROOT / "pages" / "laureates.py")
FOLLOWUP = str(ROOT / "pages" / "followup.py")
SEASON_2023 = ("Open Food Facts", "PrimTux", "uMap", "Pyronear")
RENEWAL_START = date(2024, 7, 1)  # Open Food Facts is renewed when its first 12 months end

# A season across the dates that matter (the 2023 decisions are on 12/06 and 16/10/2023).
BEFORE_SELECTION = date(2023, 3, 1)
AT_DECISION = date(2023, 6, 12)
MID_SUPPORT = date(2024, 1, 15)
AFTER_END = date(2024, 7, 15)  # PrimTux ended without renewal, Open Food Facts renewed
AFTER_RENEWAL = date(2025, 8, 1)  # the renewal is over too


@pytest.fixture(scope="module")
def season_db(tmp_path_factory) -> Path:
    """The demo database, with one renewal recorded (Open Food Facts, from 01/07/2024)."""
    from aic_dash.cli.main import main

    path = tmp_path_factory.mktemp("support") / "demo.sqlite"
    assert main(["demo", "--db", f"sqlite:///{path}"]) == 0
    engine = get_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        off = conn.scalar(select(S.laureate.c.id).where(S.laureate.c.name == "Open Food Facts"))
        assert F.add_period(conn, off, 1, RENEWAL_START, "accompagnement")
    engine.dispose()
    return path


@pytest.fixture
def db_url(season_db, tmp_path, monkeypatch) -> str:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(season_db, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    return url


def run(page: str, day: date | None, key: str, **state) -> AppTest:
    at = AppTest.from_file(page, default_timeout=60)
    for name, value in state.items():
        at.session_state[name] = value
    at.run()
    if day is not None:
        at.date_input(key=key).set_value(day).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ids(url: str) -> dict[str, int]:
    laureates = F.load_followup(get_engine(url)).laureates
    return dict(zip(laureates["name"], laureates["id"].astype(int)))


def cards(at: AppTest, names: dict[str, int]) -> dict[str, dict]:
    """Per laureate shown on the Lauréats page: its start, end, month, status line and warnings."""
    found = {}
    for name, laureate_id in names.items():
        try:
            card = at.get_by_key(f"laureate_card_{laureate_id}")
        except KeyError:
            continue
        captions = [c.value for c in card.get("caption")]
        dates = next(c for c in captions if c.startswith("Début : "))
        start, end = re.findall(r"\d\d/\d\d/\d{4}", dates)[:2]
        found[name] = {
            "start": start,
            "end": end,
            "month": card.get("progress")[0].proto.text,
            "status": captions[-1],
            "warnings": [w.value for w in card.get("warning")],
        }
    return found


def tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at: AppTest, columns: list[str]) -> pd.DataFrame | None:
    """The Suivi table with exactly these columns, None when its empty state is shown instead."""
    found = [df.value for df in at.dataframe if list(df.value.columns) == list(columns)]
    return found[0] if found else None


def rows(frame: pd.DataFrame | None) -> int:
    return 0 if frame is None else len(frame)


def check_followup_tiles_match_its_tables(at: AppTest, day: date) -> pd.DataFrame:
    folio = table(at, fu.PORTFOLIO_COLUMNS)
    shown = tiles(at)
    assert shown["Lauréats"] == str(len(folio))
    running = folio["support_status"].isin(
        [L.SUPPORT_STATUSES["diagnostic"], L.SUPPORT_STATUSES["accompagnement"]]
    )
    assert shown["En accompagnement"] == str(int(running.sum()))
    assert shown["Renouvellements dans les 60 jours"] == str(rows(table(at, fu.RENEWAL_COLUMNS)))
    assert shown["À surveiller"] == str(rows(table(at, fu.RISK_COLUMNS)))
    late = table(at, fu.LATE_COLUMNS)
    assert shown["Jalons en retard"] == str(rows(late))
    if late is not None:  # only milestones due before the day, each with days of delay
        assert (late["days_late"] > 0).all()
        assert (pd.to_datetime(late["due_date"]) < pd.Timestamp(day)).all()
    return folio.set_index("laureate")


def statuses(folio: pd.DataFrame, names=SEASON_2023) -> dict[str, str]:
    return {n: folio.loc[n, "support_status"] for n in names if n in folio.index}


# --- The Lauréats page and the `laureates` report ------------------------------------------------------


@pytest.mark.parametrize("day", [None, date(2023, 11, 15), AFTER_END])
def test_laureates_page_and_report_give_each_laureate_the_same_start_and_status(db_url, day):
    names = ids(db_url)
    for season in ("2022", "2023"):
        engine = get_engine(db_url)
        report = (
            laureates_report(engine, Filters(season=season))
            if day is None
            else laureates_report_on(engine, Filters(season=season), day)
        ).set_index("laureate")
        at = run(LAUREATES, day, "laureates_day", filter_season=season)
        shown = cards(at, names)
        assert set(shown) == set(report.index) and len(shown) > 0
        for name, card in shown.items():
            assert card["start"] == f"{report.loc[name, 'support_start']:%d/%m/%Y}", name
            assert card["status"].startswith(L.SUPPORT_STATUSES[report.loc[name, "support_status"]]), name
            assert card["month"] == f"Mois {report.loc[name, 'support_month']} / 12", name


def test_a_support_ended_without_renewal_reads_ended_not_renewal_to_decide(db_url):
    names = ids(db_url)
    at = run(LAUREATES, AFTER_END, "laureates_day", filter_season="2023")
    primtux = cards(at, names)["PrimTux"]
    assert primtux["status"] == "Terminé" and primtux["month"] == "Mois 12 / 12"
    assert not primtux["warnings"]
    assert "renouvellement à décider" not in " ".join(c.value for c in at.caption)
    report = laureates_report_on(get_engine(db_url), Filters(season="2023"), AFTER_END).set_index("laureate")
    assert report.loc["PrimTux", "support_status"] == "termine" and not report.loc["PrimTux", "renewal_due"]


# --- Five dates across the 2023 season, on both pages ---------------------------------------------------


def test_before_selection_the_2023_laureates_are_nowhere(db_url):
    at = run(LAUREATES, BEFORE_SELECTION, "laureates_day", filter_season="2023")
    assert not cards(at, ids(db_url))
    assert any("n'était encore sélectionné au 01/03/2023" in i.value for i in at.info)

    at = run(FOLLOWUP, BEFORE_SELECTION, "followup_day", filter_season="2023")
    assert any("n'était encore sélectionné au 01/03/2023" in i.value for i in at.info)
    assert not at.metric and not at.get("plotly_chart")

    at = run(FOLLOWUP, BEFORE_SELECTION, "followup_day")
    folio = check_followup_tiles_match_its_tables(at, BEFORE_SELECTION)
    assert not set(SEASON_2023) & set(folio.index)
    assert tiles(at)["Lauréats"] == "9" and tiles(at)["En accompagnement"] == "9"  # the 2022 season runs
    names = {t["layout"]["title"]["text"] for t in map(_spec, at.get("plotly_chart"))}
    assert L.FOLLOWUP_CHARTS["timeline"] in names
    timeline = next(
        s for s in map(_spec, at.get("plotly_chart")) if _title(s) == L.FOLLOWUP_CHARTS["timeline"]
    )
    bars = {y for trace in timeline["data"] for y in trace.get("y", [])}
    assert bars and not set(SEASON_2023) & bars


def test_at_decision_the_first_laureates_are_selected_and_their_support_is_to_come(db_url):
    names = ids(db_url)
    shown = cards(run(LAUREATES, AT_DECISION, "laureates_day", filter_season="2023"), names)
    assert set(shown) == {"Open Food Facts", "PrimTux"}
    assert {c["month"] for c in shown.values()} == {"Mois 0 / 12"}
    assert {c["status"] for c in shown.values()} == {"À venir : début le 01/07/2023"}

    at = run(FOLLOWUP, AT_DECISION, "followup_day")
    folio = check_followup_tiles_match_its_tables(at, AT_DECISION)
    assert statuses(folio) == {"Open Food Facts": "À venir", "PrimTux": "À venir"}
    assert tiles(at)["En accompagnement"] == "0"
    assert folio.loc["Open Food Facts", "progress"] == 0  # nothing reached before the support


def test_mid_support_progress_and_lateness_count_only_what_happened_by_then(db_url):
    names = ids(db_url)
    shown = cards(run(LAUREATES, MID_SUPPORT, "laureates_day", filter_season="2023"), names)
    assert set(shown) == set(SEASON_2023)
    assert shown["Open Food Facts"]["month"] == "Mois 7 / 12" and shown["uMap"]["month"] == "Mois 3 / 12"

    at = run(FOLLOWUP, MID_SUPPORT, "followup_day")
    folio = check_followup_tiles_match_its_tables(at, MID_SUPPORT)
    assert set(statuses(folio).values()) == {"Accompagnement"}
    assert {n: folio.loc[n, "support_month"] for n in SEASON_2023} == {
        n: int(c["month"].split()[1]) for n, c in shown.items()
    }
    # Open Food Facts' milestone reached on 01/05/2024 is not reached yet; uMap's due 01/10/2024 neither.
    assert folio.loc["Open Food Facts", "milestones_reached"] == 1
    assert folio.loc["uMap", "milestones_reached"] == 1
    late = table(at, fu.LATE_COLUMNS)
    # Pyronear's milestone due 01/03/2024 (marked late on 01/01/2024) is not late yet in January.
    assert late["laureate"].tolist() == ["Open Food Facts"]


def test_after_the_end_a_renewed_laureate_shows_its_current_period_and_the_other_has_ended(db_url):
    names = ids(db_url)
    shown = cards(run(LAUREATES, AFTER_END, "laureates_day", filter_season="2023"), names)
    off = shown["Open Food Facts"]
    assert (off["start"], off["end"], off["month"]) == ("01/07/2024", "01/07/2025", "Mois 1 / 12")
    assert off["status"] == "Accompagnement (renouvellement n° 1)"
    assert shown["PrimTux"]["status"] == "Terminé"

    at = run(FOLLOWUP, AFTER_END, "followup_day")
    folio = check_followup_tiles_match_its_tables(at, AFTER_END)
    assert statuses(folio) == {n: c["status"].split(" (")[0] for n, c in shown.items()}
    assert tiles(at)["En accompagnement"] == "3"  # Open Food Facts (renewed), uMap, Pyronear


def test_after_the_renewal_every_2023_support_has_ended(db_url):
    names = ids(db_url)
    shown = cards(run(LAUREATES, AFTER_RENEWAL, "laureates_day", filter_season="2023"), names)
    assert {c["status"] for n, c in shown.items() if n != "Open Food Facts"} == {"Terminé"}
    assert shown["Open Food Facts"]["status"] == "Terminé (renouvellement n° 1)"
    assert shown["Open Food Facts"]["start"] == "01/07/2024"
    assert not any(c["warnings"] for c in shown.values())

    at = run(FOLLOWUP, AFTER_RENEWAL, "followup_day")
    folio = check_followup_tiles_match_its_tables(at, AFTER_RENEWAL)
    assert set(statuses(folio).values()) == {"Terminé"}
    assert tiles(at)["En accompagnement"] == "0" and tiles(at)["Jalons en retard"] == "0"
    assert folio.loc["uMap", "milestones_reached"] == 3


# --- The day in the URL -----------------------------------------------------------------------------------


def test_the_day_is_in_the_url_and_kept_from_one_page_to_the_other(db_url):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"date": "2024-01-15", "saison": "2023"})
    at.run()
    at.switch_page("pages/laureates.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.date_input(key="laureates_day").value == MID_SUPPORT
    assert any("au 15/01/2024" in s.value for s in at.subheader)
    at.date_input(key="laureates_day").set_value(AFTER_END).run()
    assert at.query_params["date"] in ("2024-07-15", ["2024-07-15"])
    at.switch_page("pages/followup.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.date_input(key="followup_day").value == AFTER_END


# --- Follow-up history in words -----------------------------------------------------------------------------


def test_history_says_what_changed_in_words_not_json(db_url):
    engine = get_engine(db_url)
    pyronear = ids(db_url)["Pyronear"]
    data = F.load_followup(engine)
    mine = data.milestones[data.milestones["laureate_id"] == pyronear]
    before = mine[["id", "title", "strand", "due_date", "milestone_status", "note"]].reset_index(drop=True)
    after = before.copy()
    row = after["title"] == "Expérimentation avec un service d'incendie et de secours"
    after.loc[row, "note"] = "Convention signée avec le SDIS"
    after.loc[row, "milestone_status"] = "atteint"
    assert F.save_milestones(engine, pyronear, before, after, "camille@example.gouv.fr").updated == 1

    at = run(FOLLOWUP, None, "followup_day", followup_laureate=pyronear)
    log = next(
        df.value for df in at.dataframe if "detail" in df.value.columns and "action" in df.value.columns
    )
    detail = log["detail"].iloc[0]
    assert detail.startswith("Jalon « Expérimentation avec un service d'incendie et de secours » — ")
    assert 'Note : "Jalon fictif (démonstration)." → "Convention signée avec le SDIS"' in detail
    assert 'Statut : "En retard" → "Atteint"' in detail
    assert "{" not in detail and "changes" not in detail
    # Reached today: counted as reached from today on, not before.
    folio = check_followup_tiles_match_its_tables(at, date.today())
    assert folio.loc["Pyronear", "milestones_reached"] == 2


def test_history_detail_of_creations_and_imports():
    created = (
        '{"due_date": "2024-11-20", "id": 9, "note": null, "source": "app", "status": "a_venir", '
        '"strand": "partnerships", "title": "Démonstration au salon des maires"}'
    )
    assert fu.history_detail(created) == (
        'Jalon « Démonstration au salon des maires » — Échéance : "20/11/2024" ; '
        'Statut : "À venir" ; Axe : "Partenariats avec les administrations"'
    )
    # Since migration 0013 the audit detail names the column `milestone_status`; older rows say `status`.
    assert fu.history_detail(created.replace('"status"', '"milestone_status"')) == fu.history_detail(created)
    changed = '{"changes": {"milestone_status": ["en_cours", "atteint"]}, "title": "Jalon"}'
    assert fu.history_detail(changed) == 'Jalon « Jalon » — Statut : "En cours" → "Atteint"'
    imported = '{"changes": {"value": [150.0, 155.5]}, "id": 3, "indicator": "Écoles", "import_id": 12}'
    assert fu.history_detail(imported) == 'Indicateur « Écoles » — Valeur : "150" → "155,5" (import n° 12)'
    assert fu.history_detail("texte libre") == "texte libre"


def _spec(chart) -> dict:
    import json

    return json.loads(chart.proto.spec)


def _title(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def test_funding_counts_the_grants_made_by_the_day(db_url):
    infoclimat = ids(db_url)["Infoclimat"]
    before_grant = date(2022, 4, 1)  # selected on 14/03/2022, seed grant on 14/04/2022
    at = run(FOLLOWUP, before_grant, "followup_day", followup_laureate=infoclimat)
    assert tiles(at)["Financements accordés"] == "0\u00a0€"
    at.date_input(key="followup_day").set_value(date(2022, 5, 1)).run()
    assert tiles(at)["Financements accordés"] == "80\u00a0000\u00a0€"
    engine = get_engine(db_url)
    report = laureates_report_on(engine, Filters(season="2022"), before_grant).set_index("laureate")
    assert report.loc["Infoclimat", "funding_total"] == 0
    later = laureates_report_on(engine, Filters(season="2022"), date(2022, 5, 1)).set_index("laureate")
    assert later.loc["Infoclimat", "funding_total"] == 80_000
