"""Publishing a season from the app: the « Livret de la saison » (PDF) and the open data downloads on the
Lauréats page, and each laureate's « Données ouvertes » fields on the « Suivi des lauréats » page.

A publication is made when its button is clicked (a PDF takes a second or two), through
`aic_dash.publish.build_publication` — the same code as `python -m aic_dash report booklet|opendata…`;
when the open data is incomplete, the French message naming each laureate shows instead of a file.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from aic_dash.errors import AicError
from aic_dash.publish import BOOKLET, MEDIA_TYPES, OPENDATA, OPENDATA_LAUREATES, build_publication, file_name
from aic_dash.store.publication import PublicationFields, read_publication_fields, save_publication_fields
from aic_dash.ui import data
from aic_dash.ui.page import current_user

READY_KEY = "publish_ready"
BUTTONS = {
    BOOKLET: ("Livret de la saison", ":material/picture_as_pdf:"),
    OPENDATA: ("Données ouvertes des subventions", ":material/account_balance:"),
    OPENDATA_LAUREATES: ("Données ouvertes des lauréats", ":material/table_view:"),
}
HELP = {
    BOOKLET: "Le livret PDF publiable de la saison : chiffres, critères, une demi-page par lauréat. "
    "Sans aucune donnée personnelle.",
    OPENDATA: "Une ligne par subvention au format national SCDL Subventions (CSV), vérifiée avant d'être "
    "proposée.",
    OPENDATA_LAUREATES: "Les lauréats de la saison et leur accompagnement (CSV), vérifiés avant d'être "
    "proposés.",
}


def _prepare(name: str, season: str, today: date, with_jury_scores: bool) -> None:
    key = (name, season, with_jury_scores)
    try:
        made, done = build_publication(name, data.engine(), data.settings(), season, today, with_jury_scores)
    except AicError as exc:
        st.session_state[READY_KEY] = {"key": key, "error": str(exc)}
        return
    st.session_state[READY_KEY] = {"key": key, "data": made, "done": done}


def season_publications(season: str, today: date) -> None:
    """Three buttons that make the season's publications, then the download of the one made (or why not)."""
    st.markdown("#### Publier la saison")
    with_scores = st.checkbox(
        "inclure les notes du jury",
        value=False,
        key="publish_jury_scores",
        help="Dans le livret, les moyennes de chaque lauréat par critère (jamais celles des autres projets).",
    )
    with st.container(horizontal=True, gap="small"):
        for name, (label, icon) in BUTTONS.items():
            st.button(
                label,
                icon=icon,
                key=f"publish-{name}",
                help=HELP[name],
                on_click=_prepare,
                args=(name, season, today, with_scores and name == BOOKLET),
            )
    ready = st.session_state.get(READY_KEY)
    if not ready or ready["key"][1] != season:
        return
    name = ready["key"][0]
    if "error" in ready:
        st.error(ready["error"], icon=":material/error:")
        return
    st.success(f"{ready['done']}.", icon=":material/check_circle:")
    st.download_button(
        f"Télécharger {file_name(name, season)}",
        data=ready["data"],
        file_name=file_name(name, season),
        mime=MEDIA_TYPES[name],
        key=f"publish-download-{name}",
        on_click="ignore",
        icon=":material/download:",
        type="primary",
    )


def _key(laureate_id: int, what: str) -> str:
    return f"opendata-{laureate_id}-{what}"


def _save(laureate_id: int) -> None:
    """The form's callback: save what the manager typed against what the form was shown with."""
    state = st.session_state
    engine = data.engine()
    shown = state[_key(laureate_id, "shown")]
    after = PublicationFields(
        state.get(_key(laureate_id, "siret")) or None,
        state.get(_key(laureate_id, "rna")) or None,
        {t: state.get(_key(laureate_id, f"convention-{t}")) for t in shown.conventions},
        state.get(_key(laureate_id, "organisation")) or None,
    )
    try:
        changes = save_publication_fields(engine, laureate_id, shown, after, current_user())
    except AicError as exc:
        state[_key(laureate_id, "flash")] = ("error", str(exc))
    else:
        message = (
            ("success", f"Enregistré : {changes.updated} valeur(s) modifiée(s).")
            if changes.any
            else ("info", "Rien n'a changé.")
        )
        state[_key(laureate_id, "flash")] = message
    state.pop(_key(laureate_id, "shown"), None)


def open_data_fields(laureate_id: int) -> None:
    """The laureate's « Données ouvertes » fields (beneficiary, SIRET or RNA, convention dates), editable."""
    state = st.session_state
    snapshot = _key(laureate_id, "shown")
    # What the form shows, kept until it is saved: a colleague's change in between is caught as a conflict.
    if snapshot not in state:
        shown = read_publication_fields(data.engine(), laureate_id)
        state[snapshot] = shown
        state[_key(laureate_id, "organisation")] = shown.organisation or ""
        state[_key(laureate_id, "siret")] = shown.siret or ""
        state[_key(laureate_id, "rna")] = shown.rna or ""
        for tranche, day in shown.conventions.items():
            state[_key(laureate_id, f"convention-{tranche}")] = day
    shown = state[snapshot]
    flash = state.pop(_key(laureate_id, "flash"), None)
    with st.expander("Données ouvertes (subventions)", expanded=flash is not None):
        st.caption(
            "Ce que la publication des subventions (format SCDL) demande et que l'export n'a pas : "
            "le nom du bénéficiaire, son SIRET ou son numéro RNA, et la date de chaque convention."
        )
        if flash is not None:
            kind, text = flash
            getattr(st, kind)(text, icon=":material/error:" if kind == "error" else ":material/check_circle:")
        with st.form(_key(laureate_id, "form"), border=False):
            st.text_input("Structure porteuse (bénéficiaire)", key=_key(laureate_id, "organisation"))
            left, right = st.columns(2)
            left.text_input("SIRET (14 chiffres)", key=_key(laureate_id, "siret"))
            right.text_input("Numéro RNA (W et 9 chiffres)", key=_key(laureate_id, "rna"))
            for tranche in shown.conventions:
                st.date_input(
                    f"Date de la convention — tranche {tranche}",
                    format="DD/MM/YYYY",
                    key=_key(laureate_id, f"convention-{tranche}"),
                )
            if not shown.conventions:
                st.caption(
                    "Aucun financement enregistré : importez d'abord le fichier de suivi des financements."
                )
            st.form_submit_button("Enregistrer", icon=":material/save:", on_click=_save, args=(laureate_id,))
