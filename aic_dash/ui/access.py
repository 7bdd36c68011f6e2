"""Who looks at the dashboard and what they may open: the login, « no access » and « access denied »
pages, the navigation of each role, the sidebar identity, and the Administration page's pieces.

Shared deployment: Streamlit's `[auth]` OpenID Connect settings are in `.streamlit/secrets.toml`; nobody
sees a page with data before `st.login`, and the role of the signed-in e-mail (table `app_user`) decides
the pages. Without `[auth]`: local single-user mode, every page, said so in the sidebar.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.errors import StreamlitAPIException

from aic_dash import labels as L
from aic_dash.errors import AicError
from aic_dash.store import access
from aic_dash.store.audit import audit_log
from aic_dash.store.db import safe_url
from aic_dash.ui import data

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    """A page of the app: its key (the file's stem, also its URL path), file and menu icon."""

    key: str
    path: str
    icon: str


PAGES = (
    PageSpec("pipeline", "pages/pipeline.py", ":material/filter_alt:"),
    PageSpec("cohorts", "pages/cohorts.py", ":material/compare_arrows:"),
    PageSpec("dossiers", "pages/dossiers.py", ":material/folder_open:"),
    PageSpec("jury", "pages/jury.py", ":material/gavel:"),
    PageSpec("laureates", "pages/laureates.py", ":material/workspace_premium:"),
    PageSpec("followup", "pages/followup.py", ":material/flag:"),
    PageSpec("import", "pages/import.py", ":material/upload_file:"),
    PageSpec("admin", "pages/admin.py", ":material/admin_panel_settings:"),
    PageSpec("evaluations", "pages/evaluations.py", ":material/rate_review:"),
)
DEFAULT_PAGE = "pipeline"
_EVERY_PAGE = frozenset(p.key for p in PAGES)
# A lecteur sees aggregates and laureate summaries: no dossier, no juror, no personal data, no edit.
# A juror sees only the dossiers assigned to them; managers watch jurors from the Jury page.
ROLE_PAGES = {
    "lecteur": frozenset({"pipeline", "cohorts", "laureates"}),
    "gestionnaire": _EVERY_PAGE - {"admin", "evaluations"},
    "admin": _EVERY_PAGE - {"evaluations"},
    "jure": frozenset({"evaluations"}),
}
LOCAL_ROLE = "admin"


@dataclass(frozen=True)
class Viewer:
    """Who is looking: `state` is "local" (no login configured), "anonymous" (not signed in),
    "unknown" (signed in, no role), "ok" (signed in with `role`) or "error" (database unreachable)."""

    state: str
    email: str | None = None
    role: str | None = None
    message: str = ""

    @property
    def pages(self) -> frozenset[str]:
        """The keys of the pages this viewer may open."""
        if self.state in ("local", "ok") and self.role:
            return ROLE_PAGES.get(self.role, frozenset())
        return frozenset()


def auth_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section (a shared deployment)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitAPIException):  # no secrets file at all
        return False


# Streamlit's `server.address` values that serve this machine only.
LOOPBACK_ADDRESSES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def local_exposure(address: str | None, client_ip: object) -> str | None:
    """Why local mode must not serve this run (French), or None when it is loopback only.

    `address` is Streamlit's server.address (unset or empty: every interface); `client_ip` is
    st.context.ip_address (None when the browser is on this machine).
    """
    address = (address or "").strip()
    if address and address not in LOOPBACK_ADDRESSES and not _is_loopback_ip(address):
        return L.ACCESS["local_exposed_address"].format(address=address)
    if isinstance(client_ip, str) and client_ip and not _is_loopback_ip(client_ip):
        return L.ACCESS["local_exposed_client"].format(ip=client_ip)
    return None  # unset address (every interface): browsers of other machines are refused just above


def _is_loopback_ip(text: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(text.strip("[]")).is_loopback
    except ValueError:
        return False


def _local_exposed_page(message: str) -> Callable[[], None]:
    def exposed() -> None:
        st.title(L.ACCESS["local_exposed_title"])
        st.error(message, icon=":material/lan:")

    return exposed


def resolve() -> Viewer:
    """The viewer of this run, from `st.user` and the `app_user` table; never raises."""
    if not auth_configured():
        return Viewer("local", role=LOCAL_ROLE)
    user = st.user
    if not user.get("is_logged_in"):
        return Viewer("anonymous")
    try:
        if user.get("email_verified") is False:
            raise AicError("unverified e-mail")
        email = access.normalize_email(user.get("email"))
    except AicError:
        return Viewer("unknown")
    try:
        admins = access.admins_from_env(os.environ.get(access.ADMINS_ENV))
        role = access.bootstrap_role(data.engine(), email, admins)
    except (SQLAlchemyError, AicError) as exc:
        _LOG.warning("role lookup failed: %s", type(exc).__name__)
        return Viewer("error", email, message=f"{safe_url(data.url())} — {type(exc).__name__}")
    if role not in access.ROLES:
        return Viewer("unknown", email)
    return Viewer("ok", email, role)


def _role_name(viewer: Viewer) -> str:
    return L.ROLE_NAMES.get(viewer.role or "", viewer.role or "")


def _logout_button(key: str, sidebar: bool = False) -> None:
    where = st.sidebar if sidebar else st
    if where.button(L.ACCESS["logout"], icon=":material/logout:", key=key):
        st.logout()


def login_page() -> None:
    """What an anonymous visitor sees, whatever the URL: the login button and nothing else."""
    st.title(L.APP_TITLE)
    st.subheader(L.ACCESS["login_title"])
    st.markdown(L.ACCESS["login_intro"])
    if st.button(L.ACCESS["login_button"], type="primary", icon=":material/login:", key="login"):
        try:
            st.login()
        except StreamlitAPIException as exc:  # [auth] incomplete, or Authlib missing: the log says which
            _LOG.error("login impossible: %s", exc)
            st.error(L.ACCESS["login_broken"], icon=":material/error:")


def _no_access_page(viewer: Viewer) -> Callable[[], None]:
    def no_access() -> None:
        st.title(L.ACCESS["no_access_title"])
        if viewer.email:
            st.warning(L.ACCESS["no_access"].format(email=viewer.email), icon=":material/block:")
        else:
            st.warning(L.ACCESS["no_email"], icon=":material/block:")
        _logout_button("logout_no_access")

    return no_access


def _error_page(viewer: Viewer) -> Callable[[], None]:
    def database_error() -> None:
        st.title(L.APP_TITLE)
        st.error(L.MESSAGES["database_error"].format(url=viewer.message), icon=":material/error:")
        _logout_button("logout_error")

    return database_error


def _denied_page(viewer: Viewer, key: str) -> Callable[[], None]:
    def denied() -> None:
        show_denied(viewer, key)

    denied.__name__ = f"denied_{key}"
    return denied


def show_denied(viewer: Viewer, key: str | None) -> None:
    """The « Accès refusé » message for a page this viewer may not open."""
    st.title(L.ACCESS["denied_title"])
    page = L.PAGE_TITLES.get(key or "", key or "")
    st.error(
        L.ACCESS["denied"].format(role=_role_name(viewer) or "aucun", page=page), icon=":material/block:"
    )


def gate() -> Viewer:
    """Resolve the viewer; when they may see no page (not signed in, no role, database down, local mode
    served beyond loopback), show the login, « no access » or error page at every URL and stop there."""
    viewer = resolve()
    exposed = None
    if viewer.state == "local":
        exposed = local_exposure(st.get_option("server.address"), st.context.ip_address)
    if viewer.state in ("local", "ok") and not exposed:
        return viewer
    if exposed:
        only, title = _local_exposed_page(exposed), L.ACCESS["local_exposed_title"]
    elif viewer.state == "anonymous":
        only, title = login_page, L.ACCESS["login_title"]
    elif viewer.state == "unknown":
        only, title = _no_access_page(viewer), L.ACCESS["no_access_title"]
    else:
        only, title = _error_page(viewer), L.APP_TITLE
    pages = [st.Page(only, title=title, url_path="connexion", default=True)]
    # Every known URL leads to the same page (not to Streamlit's « page not found »).
    pages += [st.Page(only, title=title, url_path=p.key, visibility="hidden") for p in PAGES]
    st.navigation(pages, position="hidden").run()
    st.stop()
    return viewer  # not reached


def _landing(spec: PageSpec) -> Callable[[], None]:
    def landing() -> None:
        st.switch_page(spec.path, query_params=st.query_params.to_dict())

    landing.__name__ = f"landing_{spec.key}"
    return landing


def navigation(viewer: Viewer) -> list:
    """The pages for st.navigation: the allowed ones in the menu; the others, hidden, answer their URL
    with « Accès refusé » without running the page file."""
    allowed = viewer.pages
    pages = []
    first = next((p for p in PAGES if p.key in allowed), None)
    if first is not None and DEFAULT_PAGE not in allowed:  # a juror: the root URL leads to their page
        pages.append(st.Page(_landing(first), title=L.APP_TITLE, default=True, visibility="hidden"))
    for spec in PAGES:
        title = L.PAGE_TITLES.get(spec.key, spec.key)
        if spec.key in allowed:
            pages.append(st.Page(spec.path, title=title, icon=spec.icon, default=spec.key == DEFAULT_PAGE))
        else:
            pages.append(
                st.Page(_denied_page(viewer, spec.key), title=title, url_path=spec.key, visibility="hidden")
            )
    return pages


def check_page(key: str | None) -> None:
    """A page's own check (beside the navigation's): stop with « Accès refusé » unless allowed."""
    viewer = resolve()
    exposed = viewer.state == "local" and local_exposure(
        st.get_option("server.address"), st.context.ip_address
    )
    if exposed:
        _local_exposed_page(exposed)()
        st.stop()
    if viewer.state in ("local", "ok") and (key is None or key in viewer.pages):
        return
    show_denied(viewer, key)
    st.stop()


def sidebar_identity(viewer: Viewer) -> None:
    """Local mode said plainly; with a login, who is signed in, their role, and the logout button."""
    if viewer.state == "local":
        st.sidebar.info(L.ACCESS["local_mode"], icon=":material/lock_open:")
        return
    st.sidebar.caption(L.ACCESS["signed_in"].format(email=viewer.email, role=_role_name(viewer)))
    _logout_button("logout", sidebar=True)


# --- Administration page ---------------------------------------------------------------------------


def _admin_table(
    shown: pd.DataFrame, headers: dict[str, str], moment: str, moment_format: str, key: str
) -> None:
    """A table of the administration page: French `headers`, the `moment` column as a date-time."""
    st.dataframe(
        shown.rename(columns=headers),
        hide_index=True,
        width="stretch",
        column_config={headers[moment]: st.column_config.DatetimeColumn(format=moment_format)},
        key=key,
    )


def users_table(users: pd.DataFrame) -> None:
    """The users with access (`store.access.list_users`), roles in words."""
    if users.empty:
        st.info(L.ACCESS["no_users"], icon=":material/group_add:")
        return
    shown = users.assign(role=users["role"].map(L.ROLE_NAMES).fillna(users["role"]))
    _admin_table(shown, L.USER_COLUMNS, "added_at", "DD/MM/YYYY HH:mm", "admin_users")


def _role_label(role: str) -> str:
    return f"{L.ROLE_NAMES[role]} — {L.ROLE_HELP[role]}"


def role_form(engine, by: str) -> None:
    """Give an e-mail a role, or change it."""
    st.subheader(L.ACCESS["set_heading"])
    with st.form("admin_set_role", clear_on_submit=False, border=True):
        email = st.text_input(L.ACCESS["email"], placeholder=L.ACCESS["email_placeholder"], key="admin_email")
        role = st.selectbox(L.ACCESS["role"], access.ROLES, format_func=_role_label, key="admin_role")
        submitted = st.form_submit_button(L.ACCESS["set_button"], type="primary")
    if submitted:
        try:
            previous = access.set_role(engine, email, role, by)
        except AicError as exc:
            st.error(str(exc), icon=":material/error:")
            return
        message = "set_same" if previous == role else "set_done"
        st.success(
            L.ACCESS[message].format(email=access.normalize_email(email), role=L.ROLE_NAMES[role]),
            icon=":material/check:",
        )


def remove_form(engine, users: pd.DataFrame, by: str) -> None:
    """Take away someone's access."""
    if users.empty:
        return
    st.subheader(L.ACCESS["remove_heading"])
    with st.form("admin_remove", border=True):
        email = st.selectbox(
            L.ACCESS["remove_pick"],
            users["email"].tolist(),
            index=None,
            placeholder=L.ACCESS["remove_placeholder"],
            key="admin_remove_email",
        )
        submitted = st.form_submit_button(L.ACCESS["remove_button"])
    if submitted and email:
        try:
            access.remove_user(engine, email, by)
        except AicError as exc:
            st.error(str(exc), icon=":material/error:")
            return
        st.success(L.ACCESS["remove_done"].format(email=email), icon=":material/check:")


JOURNAL_ROWS = 200


def journal(engine) -> None:
    """The latest audit rows: who did what, when."""
    st.subheader(L.ACCESS["journal"])
    try:
        log = audit_log(engine, limit=JOURNAL_ROWS)
    except SQLAlchemyError:
        log = pd.DataFrame()
    if log.empty:
        st.info(L.ACCESS["no_journal"])
        return
    st.caption(L.ACCESS["journal_caption"].format(count=len(log)))
    shown = log.drop(columns=["id"]).assign(action=log["action"].map(L.AUDIT_ACTIONS).fillna(log["action"]))
    _admin_table(shown, L.JOURNAL_COLUMNS, "at", "DD/MM/YYYY HH:mm:ss", "admin_journal")
