"""`python -m aic_dash users list|set|remove` as an administrator runs it: French lines on stdout, French
refusals on stderr with exit code 2, the rows of `app_user` and the audit trail (aic_dash/cli/users.py).

Each test runs on SQLite and on PostgreSQL (`db_url` / `engine` fixtures).
"""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import inspect

from aic_dash.cli.main import main
from aic_dash.store import access
from tests.conftest import ROOT
from tests.db_state import audit_rows


def test_users_command_lists_sets_and_removes(db_url, engine, capsys):
    assert main(["users", "list", "--db", db_url]) == 0
    assert "Personne n'a encore accès" in capsys.readouterr().err
    assert main(["users", "set", "Ada@Numerique.gouv.fr", "admin", "--db", db_url, "--user", "moi"]) == 0
    assert capsys.readouterr().out == (
        "ada@numerique.gouv.fr : accès ouvert avec le rôle admin (inscrit au journal d'audit).\n"
    )
    assert main(["users", "set", "lea@numerique.gouv.fr", "lecteur", "--db", db_url]) == 0
    assert main(["users", "set", "lea@numerique.gouv.fr", "gestionnaire", "--db", db_url]) == 0
    assert capsys.readouterr().out.endswith(
        "lea@numerique.gouv.fr : rôle lecteur remplacé par gestionnaire (inscrit au journal d'audit).\n"
    )
    assert main(["users", "list", "--db", db_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["e-mail", "rôle", "depuis", "le", "ajouté", "par"]
    assert [line.split()[:2] for line in lines[1:]] == [
        ["ada@numerique.gouv.fr", "admin"],
        ["lea@numerique.gouv.fr", "gestionnaire"],
    ]
    assert lines[1].split()[-1] == "moi"

    assert main(["users", "set", "lea@numerique.gouv.fr", "chef", "--db", db_url]) == 2
    assert "Rôle « chef » inconnu" in capsys.readouterr().err
    assert main(["users", "remove", "ada@numerique.gouv.fr", "--db", db_url]) == 2
    assert "dernier administrateur" in capsys.readouterr().err
    assert main(["users", "remove", "zoe@numerique.gouv.fr", "--db", db_url]) == 2
    assert "rien à retirer" in capsys.readouterr().err
    assert main(["users", "remove", "lea@numerique.gouv.fr", "--db", db_url, "--user", "moi"]) == 0
    assert access.get_role(engine, "lea@numerique.gouv.fr") is None
    assert [r["user"] for r in audit_rows(engine, access.ROLE_REMOVED)] == ["moi"]


def test_giving_the_same_role_again_changes_nothing_and_writes_no_audit_row(db_url, engine, capsys):
    assert main(["users", "set", "ada@numerique.gouv.fr", "admin", "--db", db_url, "--user", "moi"]) == 0
    capsys.readouterr()
    assert main(["users", "set", " ADA@numerique.gouv.fr ", "admin", "--db", db_url, "--user", "moi"]) == 0
    assert capsys.readouterr().out == "ada@numerique.gouv.fr avait déjà le rôle admin : rien n'a changé.\n"
    assert audit_rows(engine, access.ROLE_SET) == [
        {"user": "moi", "target": "utilisateur:ada@numerique.gouv.fr", "role": "admin", "previous": None}
    ]


def test_each_role_can_be_given_and_the_list_shows_the_date_and_author(db_url, engine, capsys):
    people = {
        "ada@numerique.gouv.fr": "admin",
        "gaspard@numerique.gouv.fr": "gestionnaire",
        "jules@jury.example.org": "jure",
        "lea@numerique.gouv.fr": "lecteur",
    }
    for email, role in people.items():
        assert main(["users", "set", email, role, "--db", db_url, "--user", "moi"]) == 0
    assert {r.email: r.role for r in access.list_users(engine).itertuples()} == people
    capsys.readouterr()
    assert main(["users", "list", "--db", db_url]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert sorted((r[0], r[1]) for r in rows) == sorted(people.items())
    for row in rows:
        day, hour = row[2], row[3]
        assert len(day) == 10 and day[2] == day[5] == "/" and hour[2] == ":"  # 05/03/2024 14:30
        assert row[4] == "moi"


def test_a_wrong_email_is_refused_in_french_and_no_one_gets_access(db_url, engine, capsys):
    assert main(["users", "set", "pas-une-adresse", "admin", "--db", db_url]) == 2
    err = capsys.readouterr().err
    assert err == (
        "Erreur : « pas-une-adresse » n'est pas une adresse e-mail "
        "(exemple : prenom.nom@numerique.gouv.fr).\n"
    )
    assert access.list_users(engine).empty
    assert "audit" not in inspect(engine).get_table_names()  # refused before anything was written


def test_an_unknown_role_names_the_roles_that_exist(db_url, capsys):
    assert main(["users", "set", "lea@numerique.gouv.fr", "chef", "--db", db_url]) == 2
    assert capsys.readouterr().err == (
        "Erreur : Rôle « chef » inconnu. Rôles possibles : lecteur, gestionnaire, admin, jure.\n"
    )


def test_listing_an_empty_database_says_how_to_give_the_first_role(tmp_path):
    path = tmp_path / "aic.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "aic_dash", "users", "list", "--db", f"sqlite:///{path}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr == (
        "Personne n'a encore accès. Donnez un rôle : python -m aic_dash users set EMAIL admin\n"
    )


def test_removing_as_a_subprocess_exits_2_in_french_without_traceback(tmp_path):
    url = f"sqlite:///{tmp_path / 'aic.sqlite'}"
    done = subprocess.run(
        [sys.executable, "-m", "aic_dash", "users", "remove", "zoe@numerique.gouv.fr", "--db", url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Erreur : « zoe@numerique.gouv.fr » n'a pas accès au tableau de bord")
    assert "python -m aic_dash users list" in done.stderr and "Traceback" not in done.stderr
