"""The programme page and the dashboard settings become typed objects; mistakes get French messages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from aic_dash.config import DEFAULT_SETTINGS, database_url, load_settings
from aic_dash.errors import ConfigError

PARIS = ZoneInfo("Europe/Paris")


def test_programme_page_gives_the_five_criteria(settings):
    criteria = settings.programme.criteria
    assert [c.number for c in criteria] == [1, 2, 3, 4, 5]
    assert criteria[1].name == "L’impact"
    assert criteria[3].name == "Le portage"
    assert "co-gouvernance" in criteria[4].description
    assert settings.programme.apply_url.startswith("https://www.demarches-simplifiees.fr/")
    assert settings.programme.call_open is False
    assert "Transparence" in settings.programme.values
    assert "Une association" in settings.programme.eligibility
    assert "liste restreinte" in settings.programme.steps


def test_seasons_rounds_and_tracks(settings):
    assert [s.id for s in settings.seasons] == ["2022", "2023"]
    assert [r.id for r in settings.rounds] == ["2022", "2023-1", "2023-2"]
    first, second = settings.season("2023").rounds
    assert first.closes == datetime(2023, 5, 2, 12, 0, tzinfo=PARIS)
    assert second.opens == first.closes
    assert second.closes == datetime(2023, 9, 8, 12, 0, tzinfo=PARIS)
    assert settings.season("2022").rounds[0].closes == datetime(2022, 1, 26, 23, 59, 59, tzinfo=PARIS)
    assert [t.id for t in settings.tracks] == ["DINUM", "DITP"]
    assert settings.capacity_for("2023", "DINUM") == 5
    assert settings.capacity_for("2023", "DITP") is None
    assert settings.scoring.max == 5 and settings.scoring.step == 0.5
    assert settings.scoring.weight(3) == 1.0
    assert settings.annotations.eligible == "Éligible"


def _write(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(DEFAULT_SETTINGS.read_text(encoding="utf-8"))
    change(data)
    data["programme_page"] = str(DEFAULT_SETTINGS.parent / "programme_page.md")
    path = tmp_path / "settings.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_unknown_key_is_named_with_the_file(tmp_path):
    path = _write(tmp_path, lambda d: d.update(saisons=[]))
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert "saisons" in str(err.value) and str(path) in str(err.value)
    assert "clés attendues" in str(err.value)


def test_unknown_key_inside_a_round(tmp_path):
    path = _write(tmp_path, lambda d: d["seasons"][0]["rounds"][0].update(close="2022-01-01"))
    with pytest.raises(ConfigError, match=r"clé inconnue « close » dans « seasons\[0\]\.rounds\[0\] »"):
        load_settings(path)


def test_bad_date_and_reversed_round(tmp_path):
    path = _write(tmp_path, lambda d: d["seasons"][0]["rounds"][0].update(closes="demain"))
    with pytest.raises(ConfigError, match="date et heure"):
        load_settings(path)
    path = _write(tmp_path, lambda d: d["seasons"][0]["rounds"][0].update(closes="2021-01-01 00:00:00"))
    with pytest.raises(ConfigError, match="se clôt avant de s'ouvrir"):
        load_settings(path)


def test_weight_for_unknown_criterion(tmp_path):
    path = _write(tmp_path, lambda d: d["scoring"].update(weights={9: 2}))
    with pytest.raises(ConfigError, match="critère 9"):
        load_settings(path)


def test_broken_yaml_names_the_line(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("seasons:\n  - id: 2022\n   label: x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\(ligne 3\) n'est pas un YAML valide"):
        load_settings(path)


def test_database_url_precedence(monkeypatch):
    monkeypatch.delenv("AIC_DASH_DATABASE_URL", raising=False)
    assert database_url().startswith("sqlite:///") and database_url().endswith("data/aic.sqlite")
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", "sqlite:////tmp/env.sqlite")
    assert database_url() == "sqlite:////tmp/env.sqlite"
    assert database_url("sqlite:////tmp/flag.sqlite") == "sqlite:////tmp/flag.sqlite"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("timezone"), "la clé « timezone » manque ; elle donne un fuseau horaire"),
        (lambda d: d["seasons"][0]["rounds"][0].pop("opens"), "« seasons[0].rounds[0].opens » manque"),
        (lambda d: d.update(seasons=[]), "« seasons » doit être une liste non vide"),
        (lambda d: d["seasons"][0].update(rounds=[]), "la saison « 2022 » n'a aucune sélection"),
        (lambda d: d.update(tracks="DINUM"), "« tracks » doit être une liste"),
        (lambda d: d.update(retention_months=True), "« retention_months » vaut « True »"),
        (lambda d: d.update(scoring={"min": "zéro"}), "« scoring » attend des nombres"),
        (
            lambda d: d.update(scoring={"maxi": 3}),
            "clé inconnue « maxi » dans « scoring » ; clés attendues : max, min",
        ),
        (
            lambda d: d.update(granting_bodies={"DINUM": {"nom": "x"}}),
            "« granting_bodies.DINUM » ; clés attendues : name",
        ),
        (
            lambda d: d.update(capacity={"2023": {"FOO": 3}}),
            "« FOO » dans « capacity.2023 » ; clés attendues : DINUM, DITP",
        ),
    ],
)
def test_every_wrong_setting_names_its_key_in_french(tmp_path, change, message):
    path = _write(tmp_path, change)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert message in str(err.value) and str(path) in str(err.value)


def test_an_unquoted_numeric_id_is_read_as_text(tmp_path):
    path = _write(tmp_path, lambda d: d["seasons"][0].update(id=2022))
    assert load_settings(path).seasons[0].id == "2022"
