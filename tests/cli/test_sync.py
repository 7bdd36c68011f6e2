"""`python -m aic_dash sync --demarche N` as a manager runs it, against the stand-in API on loopback: the
dossiers land in the database, the summary and every refusal are in French, exit code 0 or 2, and the
token never shows (aic_dash/cli/sync.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from aic_dash.cli.main import main
from aic_dash.store.db import get_engine
from aic_dash.store.queries import import_history, load_dossiers
from tests.conftest import EXPORTS, ROOT
from tests.ds_standin import DEMARCHE, TOKEN, StandIn, export_dossiers

WRONG_TOKEN = "jeton-perime-0f3b9e27c85d14"
NUMBERS = list(range(11000001, 11000007))  # the six dossiers of ds_standard.csv


@pytest.fixture
def standin():
    with StandIn(export_dossiers(EXPORTS / "ds_standard.csv"), page_cap=2) as server:
        yield server


@pytest.fixture
def token(monkeypatch):
    monkeypatch.delenv("AIC_DASH_DS_ENDPOINT", raising=False)
    monkeypatch.setenv("AIC_DASH_DS_TOKEN", TOKEN)
    return TOKEN


def run_cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AIC_DASH_DS_")}
    return subprocess.run(
        [sys.executable, "-m", "aic_dash", "sync", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, **env},
        timeout=180,
    )


def test_cli_sync_then_refusals(tmp_path, standin):
    db = f"sqlite:///{tmp_path / 'aic.sqlite'}"
    args = ("--demarche", str(DEMARCHE), "--endpoint", standin.url, "--db", db)
    done = run_cli(*args, env={"AIC_DASH_DS_TOKEN": TOKEN})
    assert done.returncode == 0, done.stderr
    assert "6 créé(s)" in done.stdout and "3 page(s)" in done.stdout

    again = run_cli(*args, env={"AIC_DASH_DS_TOKEN": TOKEN})
    assert again.returncode == 0 and "modifiés depuis le" in again.stdout

    refused = run_cli(*args, "--full", env={"AIC_DASH_DS_TOKEN": WRONG_TOKEN})
    assert refused.returncode == 2
    assert "HTTP 401" in refused.stderr and "Traceback" not in refused.stderr
    missing = run_cli(*args, env={})
    assert missing.returncode == 2 and "AIC_DASH_DS_TOKEN" in missing.stderr
    for run in (done, again, refused, missing):
        assert TOKEN not in run.stdout + run.stderr and WRONG_TOKEN not in run.stdout + run.stderr


def test_a_sync_stores_the_dossiers_under_the_named_user(tmp_path, standin, token, capsys):
    db = f"sqlite:///{tmp_path / 'aic.sqlite'}"
    args = ["sync", "--demarche", str(DEMARCHE), "--endpoint", standin.url, "--db", db, "--user", "lea"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "6 créé(s)" in out and token not in out
    engine = get_engine(db)
    assert sorted(load_dossiers(engine)["number"]) == NUMBERS
    run = import_history(engine).iloc[0]
    assert (run["acted_by"], run["source"], run["outcome"], run["created"]) == ("lea", "API", "importe", 6)
    assert str(DEMARCHE) in run["file_name"]
    # A second run asks only for what changed since the first, and creates nothing.
    assert main(args) == 0
    assert "0 créé(s)" in capsys.readouterr().out
    assert len(load_dossiers(engine)) == 6


def test_a_wrong_demarche_number_is_refused_in_french_before_any_request(tmp_path, standin, token, capsys):
    db = f"sqlite:///{tmp_path / 'aic.sqlite'}"
    assert main(["sync", "--demarche", "0", "--endpoint", standin.url, "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Erreur : Le numéro de démarche est un entier positif")
    assert standin.requests() == []


def test_a_token_with_a_space_is_refused_without_showing_it(tmp_path, standin, monkeypatch, capsys):
    monkeypatch.setenv("AIC_DASH_DS_TOKEN", "abc def")
    db = f"sqlite:///{tmp_path / 'aic.sqlite'}"
    assert main(["sync", "--demarche", str(DEMARCHE), "--endpoint", standin.url, "--db", db]) == 2
    err = capsys.readouterr().err
    assert "espaces ou des caractères invisibles" in err and "abc def" not in err
    assert standin.requests() == []


def test_the_demo_database_is_not_synchronised(tmp_path, standin, token, capsys):
    db = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    assert main(["demo", "--db", db]) == 0
    before = sorted(load_dossiers(get_engine(db))["number"])
    capsys.readouterr()
    assert main(["sync", "--demarche", str(DEMARCHE), "--endpoint", standin.url, "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and f"démarche n° {DEMARCHE}" in err
    assert sorted(load_dossiers(get_engine(db))["number"]) == before
    assert standin.requests() == []


def test_a_refused_token_exits_2_and_stores_nothing(tmp_path, standin, monkeypatch, capsys):
    monkeypatch.setenv("AIC_DASH_DS_TOKEN", WRONG_TOKEN)
    db = f"sqlite:///{tmp_path / 'aic.sqlite'}"
    assert main(["sync", "--demarche", str(DEMARCHE), "--endpoint", standin.url, "--db", db]) == 2
    captured = capsys.readouterr()
    assert "HTTP 401" in captured.err and WRONG_TOKEN not in captured.out + captured.err
    assert load_dossiers(get_engine(db)).empty
