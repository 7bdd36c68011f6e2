"""Access control: roles in the store (SQLite and PostgreSQL), the `users` command, the audit of imports,
and the app's role matrix page by page in AppTest.

AppTest has no OpenID Connect provider: a shared deployment is `at.secrets["auth"]`, and a signed-in
person is `at.user` (AppTest's own stand-in for `st.user`). tests/e2e/test_login.py logs in for real.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from aic_dash import labels as L
from aic_dash.cli.main import main
from aic_dash.demo.jury import APP_JURORS
from aic_dash.errors import AicError
from aic_dash.store import access
from aic_dash.store.audit import audit_log
from aic_dash.store.db import get_engine, upgrade
from aic_dash.store.dispatch import IMPORT_ACTION, import_bytes, import_file
from aic_dash.ui.access import PAGES, ROLE_PAGES
from tests.conftest import AUTH, EXPORTS, ROOT
from tests.db_state import audit_rows

APP = str(ROOT / "app.py")
PEOPLE = {
    "lecteur": "lea.lecteur@numerique.gouv.fr",
    "gestionnaire": "gaspard.gestion@numerique.gouv.fr",
    "admin": "ada.admin@numerique.gouv.fr",
    "jure": "jules.jure@jury.example.org",
}
UNKNOWN = "inconnu@exemple.fr"
TITLES = {p.key: L.PAGE_TITLES[p.key] for p in PAGES}


# --- Roles in the store ---------------------------------------------------------------------------


def test_a_role_is_given_changed_and_removed_each_time_in_the_audit(engine):
    assert access.get_role(engine, "Lea.Lecteur@Numerique.gouv.fr") is None
    assert access.set_role(engine, " Lea.Lecteur@Numerique.gouv.fr ", "lecteur", "ada") is None
    assert access.get_role(engine, "lea.lecteur@numerique.gouv.fr") == "lecteur"
    assert access.get_role(engine, "LEA.LECTEUR@NUMERIQUE.GOUV.FR") == "lecteur"
    assert access.set_role(engine, "lea.lecteur@numerique.gouv.fr", "gestionnaire", "ada") == "lecteur"
    # Giving the role someone already has changes nothing and is not an event.
    assert access.set_role(engine, "lea.lecteur@numerique.gouv.fr", "gestionnaire", "ada") == "gestionnaire"

    users = access.list_users(engine)
    assert users.to_dict("records")[0] | {"added_at": None} == {
        "email": "lea.lecteur@numerique.gouv.fr",
        "role": "gestionnaire",
        "added_at": None,
        "acted_by": "ada",
    }
    assert str(users["added_at"].dt.tz) == "Europe/Paris"

    assert access.remove_user(engine, "lea.lecteur@numerique.gouv.fr", "bob") is True
    assert access.get_role(engine, "lea.lecteur@numerique.gouv.fr") is None
    assert access.remove_user(engine, "lea.lecteur@numerique.gouv.fr", "bob") is False
    target = "utilisateur:lea.lecteur@numerique.gouv.fr"
    assert audit_rows(engine, access.ROLE_SET) == [
        {"user": "ada", "target": target, "role": "lecteur", "previous": None},
        {"user": "ada", "target": target, "role": "gestionnaire", "previous": "lecteur"},
    ]
    assert audit_rows(engine, access.ROLE_REMOVED) == [
        {"user": "bob", "target": target, "previous": "gestionnaire"}
    ]


@pytest.mark.parametrize(
    ("email", "role", "expected"),
    [
        ("pas-une-adresse", "lecteur", "n'est pas une adresse e-mail"),
        ("", "lecteur", "n'est pas une adresse e-mail"),
        ("chef@numerique.gouv.fr", "chef", "Rôles possibles : lecteur, gestionnaire, admin"),
    ],
)
def test_a_wrong_email_or_role_is_refused_in_french_and_nothing_is_written(engine, email, role, expected):
    upgrade(engine)
    with pytest.raises(AicError, match=expected):
        access.set_role(engine, email, role, "ada")
    assert access.list_users(engine).empty
    assert audit_log(engine).empty


def test_the_last_admin_can_be_neither_demoted_nor_removed(engine):
    access.set_role(engine, "ada@numerique.gouv.fr", "admin", "cli")
    with pytest.raises(AicError, match="dernier administrateur"):
        access.set_role(engine, "ada@numerique.gouv.fr", "lecteur", "ada")
    with pytest.raises(AicError, match="dernier administrateur"):
        access.remove_user(engine, "ada@numerique.gouv.fr", "ada")
    assert access.get_role(engine, "ada@numerique.gouv.fr") == "admin"
    # With a second admin, the first may go.
    access.set_role(engine, "bea@numerique.gouv.fr", "admin", "ada")
    assert access.remove_user(engine, "ada@numerique.gouv.fr", "bea")
    assert access.list_users(engine)["email"].tolist() == ["bea@numerique.gouv.fr"]


def test_aic_dash_admins_makes_an_admin_at_first_login_only(engine):
    admins = access.admins_from_env(" Ada@Numerique.gouv.fr,, pas-une-adresse ; bea@numerique.gouv.fr")
    assert admins == {"ada@numerique.gouv.fr", "bea@numerique.gouv.fr"}
    assert access.bootstrap_role(engine, "ada@numerique.gouv.fr", admins) == "admin"
    assert audit_rows(engine, access.ROLE_SET) == [
        {
            "user": access.BOOTSTRAP,
            "target": "utilisateur:ada@numerique.gouv.fr",
            "role": "admin",
            "previous": None,
        }
    ]
    assert access.bootstrap_role(engine, "zoe@numerique.gouv.fr", admins) is None
    # An admin who gave bea another role is not overruled at bea's next login.
    access.set_role(engine, "bea@numerique.gouv.fr", "lecteur", "ada@numerique.gouv.fr")
    assert access.bootstrap_role(engine, "bea@numerique.gouv.fr", admins) == "lecteur"


def test_looking_at_the_users_does_not_create_a_database(tmp_path):
    engine = get_engine(f"sqlite:///{tmp_path / 'absent.sqlite'}")
    assert access.list_users(engine).empty
    assert access.remove_user(engine, "ada@numerique.gouv.fr", "ada") is False
    assert not (tmp_path / "absent.sqlite").exists()


# --- Imports in the audit trail -----------------------------------------------------------------


def test_every_import_is_in_the_audit_trail_with_its_author_and_outcome(engine, settings, tmp_path):
    data = (EXPORTS / "ds_standard.csv").read_bytes()
    assert import_bytes(engine, settings, data, "ds_standard.csv", user="gaspard@numerique.gouv.fr").ok
    bad = tmp_path / "notes.csv"
    bad.write_bytes(b"a,b\n1,2\n")
    assert not import_file(engine, settings, str(bad), user="lea@numerique.gouv.fr").ok
    assert not import_file(engine, settings, str(tmp_path / "absent.csv"), user="lea@numerique.gouv.fr").ok
    rows = audit_rows(engine, IMPORT_ACTION)
    assert [(r["user"], r["target"], r["kind"], r["outcome"]) for r in rows] == [
        ("gaspard@numerique.gouv.fr", "fichier:ds_standard.csv", "dossiers", "importe"),
        ("lea@numerique.gouv.fr", "fichier:notes.csv", "dossiers", "rejete"),
        ("lea@numerique.gouv.fr", "fichier:absent.csv", "dossiers", "rejete"),
    ]
    assert rows[0]["created"] == 6 and rows[0]["import_id"] is not None
    assert "notes.csv" in rows[1]["message"]


# --- The app, role by role (AppTest) --------------------------------------------------------------


@pytest.fixture(scope="module")
def people_db(tmp_path_factory) -> Path:
    """The demo database with one person per role."""
    path = tmp_path_factory.mktemp("access") / "demo.sqlite"
    url = f"sqlite:///{path}"
    assert main(["demo", "--db", url]) == 0
    for role, email in PEOPLE.items():
        access.set_role(get_engine(url), email, role, "tests")
    get_engine(url).dispose()
    return path


@pytest.fixture
def app_url(people_db, tmp_path, monkeypatch) -> str:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(people_db, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    monkeypatch.delenv(access.ADMINS_ENV, raising=False)
    return url


def app_as(email: str | None, logged_in: bool = True) -> AppTest:
    """The app on a shared deployment, signed in as `email` (or not signed in)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets.update(AUTH)
    at.user = {"is_logged_in": logged_in, "email": email} if logged_in else {"is_logged_in": False}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def menu(at: AppTest) -> set[str]:
    """The page files in the navigation; a page not allowed has no file behind its URL."""
    return {Path(p["script_path"]).stem for p in at._registered_pages.values() if p.get("script_path")}


def open_url(at: AppTest, key: str) -> AppTest:
    """Open a page by its URL path, as a shared link would (AppTest only switches to page files)."""
    found = [h for h, p in at._registered_pages.items() if p.get("url_pathname") == key]
    assert found, key
    at._page_hash = found[0]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [
        e.value for kind in ("title", "markdown", "error", "warning", "info", "caption") for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


def table(at: AppTest, column: str):
    """The first st.dataframe that has `column` (tables without selection carry no key in AppTest)."""
    found = [df.value for df in at.dataframe if column in df.value.columns]
    assert found, [list(df.value.columns) for df in at.dataframe]
    return found[0]


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def shows_no_data(at: AppTest) -> bool:
    return not (at.metric or at.dataframe or at.get("plotly_chart") or at.selectbox or at.download_button)


def page_as(email: str, key: str) -> AppTest:
    """One page file run on its own, signed in as `email` (AppTest drops button clicks on pages
    reached through st.navigation; the page's own role check still runs)."""
    at = AppTest.from_file(str(ROOT / "pages" / f"{key}.py"), default_timeout=60)
    at.secrets.update(AUTH)
    at.user = {"is_logged_in": True, "email": email}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("role", ["lecteur", "gestionnaire", "admin", "jure"])
def test_each_role_sees_exactly_its_pages_and_is_refused_the_others(app_url, role):
    at = app_as(PEOPLE[role])
    allowed = ROLE_PAGES[role]
    assert menu(at) == allowed
    assert [t.value for t in at.main.title] == ["Mes évaluations" if role == "jure" else "Pipeline"]
    sidebar = [c.value for c in at.sidebar.caption]
    assert any(PEOPLE[role] in c and L.ROLE_NAMES[role] in c for c in sidebar), sidebar
    assert [b.label for b in at.sidebar.button] == [L.ACCESS["logout"]]
    for spec in PAGES:
        if spec.key in allowed:
            at.switch_page(spec.path).run()
            assert not at.exception, (spec.key, [e.value for e in at.exception])
            assert at.main.title[0].value == TITLES[spec.key]
        else:
            open_url(at, spec.key)
            assert [t.value for t in at.main.title] == [L.ACCESS["denied_title"]]
            assert TITLES[spec.key] in at.main.error[0].value
            assert L.ROLE_NAMES[role] in at.main.error[0].value
            assert not (at.main.dataframe or at.main.metric or at.main.get("plotly_chart"))


@pytest.mark.parametrize("key", ["dossiers", "jury", "followup", "import", "admin"])
def test_a_page_file_checks_the_role_itself(app_url, key):
    """Run alone (not through app.py's navigation), a page still refuses a lecteur."""
    at = page_as(PEOPLE["lecteur"], key)
    assert [t.value for t in at.title] == [L.ACCESS["denied_title"]]
    assert not (at.dataframe or at.metric or at.file_uploader or at.text_input or at.get("plotly_chart"))


def test_the_gestionnaire_is_refused_the_administration_page_file(app_url):
    at = page_as(PEOPLE["gestionnaire"], "admin")
    assert [t.value for t in at.title] == [L.ACCESS["denied_title"]]
    assert not at.text_input


@pytest.mark.parametrize("key", [None, "dossiers", "admin", "import"])
def test_not_signed_in_every_url_shows_only_the_login_page(app_url, key):
    at = app_as(None, logged_in=False)
    if key:
        open_url(at, key)
    assert [t.value for t in at.title] == [L.APP_TITLE]
    assert [b.label for b in at.button] == [L.ACCESS["login_button"]]
    assert shows_no_data(at)
    assert not at.sidebar.selectbox and not at.sidebar.caption


def test_an_unknown_email_gets_the_no_access_page_and_can_log_out(app_url):
    at = app_as(UNKNOWN)
    assert [t.value for t in open_url(at, "dossiers").title] == [L.ACCESS["no_access_title"]]
    at = app_as(UNKNOWN)
    assert [t.value for t in at.title] == [L.ACCESS["no_access_title"]]
    assert UNKNOWN in at.warning[0].value and "administrateur" in at.warning[0].value
    assert shows_no_data(at)
    at.button(key="logout_no_access").click().run()
    assert at.user == {"is_logged_in": False}
    at.run()  # the browser comes back from the logout redirect
    assert [b.label for b in at.button] == [L.ACCESS["login_button"]]


def test_an_unverified_email_has_no_access(app_url):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets.update(AUTH)
    at.user = {"is_logged_in": True, "email": PEOPLE["admin"], "email_verified": False}
    at.run()
    assert [t.value for t in at.title] == [L.ACCESS["no_access_title"]]
    assert shows_no_data(at)


def test_aic_dash_admins_opens_a_fresh_deployment_to_its_first_admin(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    monkeypatch.setenv(access.ADMINS_ENV, "premiere.admin@numerique.gouv.fr")
    assert [t.value for t in app_as("quelquun@numerique.gouv.fr").title] == [L.ACCESS["no_access_title"]]
    at = app_as("Premiere.Admin@numerique.gouv.fr")
    assert menu(at) == ROLE_PAGES["admin"]
    assert access.get_role(get_engine(url), "premiere.admin@numerique.gouv.fr") == "admin"


def test_without_auth_settings_the_app_is_local_and_says_so(app_url):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["autre"] = {"cle": "valeur"}  # a secrets file without [auth]
    at.run()
    assert not at.exception
    assert menu(at) == ROLE_PAGES["admin"]
    assert at.sidebar.info[0].value.startswith("Mode local, sans connexion : ")
    assert not at.sidebar.button  # nobody to log out


def test_the_admin_gives_and_removes_roles_from_the_app_and_the_journal_shows_it(app_url):
    assert app_as(PEOPLE["admin"]).switch_page("pages/admin.py").run().title[0].value == "Administration"
    at = page_as(PEOPLE["admin"], "admin")
    demo_jurors = {email for email, _, _ in APP_JURORS}  # the demo's jurors who score in the app
    assert set(table(at, "Ajouté par")["Adresse e-mail"]) == set(PEOPLE.values()) | demo_jurors
    at.text_input(key="admin_email").input("Nouveau.Venu@numerique.gouv.fr")
    at.selectbox(key="admin_role").select("lecteur")
    button(at, L.ACCESS["set_button"]).click().run()
    assert not at.exception
    assert "nouveau.venu@numerique.gouv.fr" in at.success[0].value
    users = table(at, "Ajouté par")
    assert users.set_index("Adresse e-mail").loc["nouveau.venu@numerique.gouv.fr", "Rôle"] == "Lecteur"
    journal = table(at, "Action")
    assert journal.iloc[0][["Par", "Action", "Objet"]].tolist() == [
        PEOPLE["admin"],
        "Rôle attribué",
        "utilisateur:nouveau.venu@numerique.gouv.fr",
    ]
    # The new lecteur now gets in, with a lecteur's pages.
    assert menu(app_as("nouveau.venu@numerique.gouv.fr")) == ROLE_PAGES["lecteur"]

    at.selectbox(key="admin_remove_email").select("nouveau.venu@numerique.gouv.fr")
    button(at, L.ACCESS["remove_button"]).click().run()
    assert "n'a plus accès" in at.success[0].value
    assert "nouveau.venu@numerique.gouv.fr" not in set(table(at, "Ajouté par")["Adresse e-mail"])
    assert [t.value for t in app_as("nouveau.venu@numerique.gouv.fr").title] == [L.ACCESS["no_access_title"]]

    # A wrong address: a French message, nothing written.
    at.text_input(key="admin_email").input("pas une adresse")
    button(at, L.ACCESS["set_button"]).click().run()
    assert "n'est pas une adresse e-mail" in at.error[0].value


def test_an_import_from_the_app_is_audited_under_the_signed_in_email(tmp_path, monkeypatch):
    # A manager's own database (files are never imported into the demo's).
    app_url = f"sqlite:///{tmp_path / 'aic.sqlite'}"
    access.set_role(get_engine(app_url), PEOPLE["gestionnaire"], "gestionnaire", "tests")
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", app_url)
    monkeypatch.delenv(access.ADMINS_ENV, raising=False)
    at = app_as(PEOPLE["gestionnaire"])
    at.switch_page("pages/import.py").run()
    data = (EXPORTS / "ds_standard.csv").read_bytes()
    at.file_uploader(key="import_files").set_value(("ds_standard.csv", data, "text/csv")).run()
    assert not at.exception
    rows = audit_rows(get_engine(app_url), IMPORT_ACTION)
    assert [(r["user"], r["target"], r["outcome"]) for r in rows] == [
        (PEOPLE["gestionnaire"], "fichier:ds_standard.csv", "importe")
    ]


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_database_password_never_shows_when_the_database_is_down(tmp_path, monkeypatch, signed_in):
    secret = "Mot-De-Passe-Tres-Secret"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", f"postgresql+psycopg://aic:{secret}@127.0.0.1:9/aic")
    at = AppTest.from_file(APP, default_timeout=60)
    if signed_in:
        at.secrets.update(AUTH)
        at.user = {"is_logged_in": True, "email": PEOPLE["admin"]}
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "La base de données ne répond pas" in shown
    assert secret not in shown and "***" in shown


def test_the_documented_secrets_example_is_a_complete_auth_section():
    """secrets.toml.example, copied as docs/deploiement.md says, is what st.login needs."""
    import tomllib

    from streamlit.auth_util import generate_default_provider_section
    from streamlit.runtime.secrets import AttrDict

    example = tomllib.loads((ROOT / "secrets.toml.example").read_text(encoding="utf-8"))
    auth = example["auth"]
    assert {"redirect_uri", "cookie_secret"} <= set(auth)
    assert auth["redirect_uri"].endswith("/oauth2callback")
    provider = generate_default_provider_section(AttrDict(auth))
    assert {"client_id", "client_secret", "server_metadata_url", "client_kwargs"} <= set(provider)
    assert provider["server_metadata_url"].endswith("/.well-known/openid-configuration")
    assert "email" in provider["client_kwargs"]["scope"].split()
