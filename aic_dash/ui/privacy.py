"""Personal data in the app: the retention panel of the Administration page (period, what a purge would
erase, the purge itself) and the notices of an erased or platform-deleted dossier."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from aic_dash import labels as L
from aic_dash.config import Settings
from aic_dash.errors import AicError
from aic_dash.store import retention
from aic_dash.ui import data


def retention_panel(engine, settings: Settings, by: str) -> None:
    """The retention period of the settings, the dry run of the purge, and the purge behind a check."""
    st.subheader(L.PRIVACY["heading"])
    months = settings.retention_months
    st.markdown(L.PRIVACY["retention"].format(months=months, file=settings.source.name))
    done = st.session_state.pop("privacy_purge_done", None)
    if done:
        st.success(done, icon=":material/check:")
    try:
        plan = retention.purge(engine, months, by, dry_run=True)
    except (AicError, SQLAlchemyError) as exc:
        st.error(str(exc) if isinstance(exc, AicError) else type(exc).__name__, icon=":material/error:")
        return
    if plan.laureates_kept:
        st.caption(L.PRIVACY["laureates_kept"].format(count=plan.laureates_kept, months=months))
    if not plan.total:
        st.info(L.PRIVACY["nothing"], icon=":material/verified_user:")
        return
    lines = [
        L.PRIVACY["preview"].format(
            total=plan.total, cutoff=f"{plan.cutoff:%d/%m/%Y}", oldest=f"{plan.oldest:%d/%m/%Y}"
        )
    ]
    lines += [L.PRIVACY["season_row"].format(season=s, count=n) for s, n in sorted(plan.per_season.items())]
    st.markdown("\n".join(lines))
    with st.form("privacy_purge", border=True):
        sure = st.checkbox(L.PRIVACY["confirm"], key="privacy_purge_sure")
        submitted = st.form_submit_button(L.PRIVACY["button"], type="primary", icon=":material/delete:")
    if submitted and sure:
        try:
            result = retention.purge(engine, months, by)
        except (AicError, SQLAlchemyError) as exc:
            st.error(str(exc) if isinstance(exc, AicError) else type(exc).__name__, icon=":material/error:")
            return
        data.clear()  # cached fields of every session: the erased values must not show again
        st.session_state["privacy_purge_done"] = result.summary()
        st.rerun()


def dossier_notice(number: int) -> None:
    """Say so when this dossier was deleted on démarches-simplifiées or its personal data erased."""
    try:
        notice = retention.erasure_of(data.engine(), number)
    except SQLAlchemyError:
        return
    if notice is None:
        return
    reason, erased_at = notice
    if reason == retention.DELETED_ON_DS:
        st.warning(L.PRIVACY["deleted_on_ds"], icon=":material/delete_forever:")
    else:
        st.info(L.PRIVACY["erased"].format(day=f"{erased_at:%d/%m/%Y}"), icon=":material/verified_user:")
