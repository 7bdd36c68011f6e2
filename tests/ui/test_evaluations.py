"""« Mes évaluations » and the Jury page's assignment panel in AppTest, on the demo database (whose demo
jurors have submitted, draft and conflicted evaluations)."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from aic_dash import labels as L
from aic_dash.config import load_settings
from aic_dash.demo.jury import APP_JURORS
from aic_dash.store import access
from aic_dash.store import evaluations as E
from aic_dash.store.db import get_engine
from aic_dash.store.queries import Filters
from tests.conftest import AUTH, ROOT

MARGAUX, YANIS, LUCIE = (email for email, _, _ in APP_JURORS)
ROUND = "2023-2"


@pytest.fixture
def engine(demo_db, tmp_path, monkeypatch):
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", url)
    return get_engine(url)


def juror_page(email: str, dossier: int | str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "evaluations.py"), default_timeout=60)
    at.secrets.update(AUTH)
    at.user = {"is_logged_in": True, "email": email}
    if dossier is not None:
        at.query_params["dossier"] = str(dossier)
    return run(at)


def run(thing) -> AppTest:
    """Run the app (an AppTest, or a widget just changed: its .run() reruns its app)."""
    at = thing.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    kinds = ("title", "subheader", "markdown", "error", "warning", "info", "success", "caption", "text")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def of(engine, juror: str, progress: str) -> list[int]:
    frame = E.assignments(engine, juror)
    return frame.loc[frame["progress"] == progress, "dossier"].tolist()


def test_a_juror_sees_their_dossiers_with_progress_and_nothing_else(engine):
    at = juror_page(YANIS)
    assert at.title[0].value == "Mes évaluations"
    listed = at.dataframe[0].value
    assert len(listed) == 12
    assert listed["progress"].value_counts().to_dict() == {
        "À faire": 9, "Brouillon": 1, "Soumis": 1, "Conflit d'intérêts": 1,
    }  # fmt: skip
    assert "2 dossier(s) soumis ou en conflit sur 12." in texts(at)
    expected = [f"{p} (n° {n})" for n, p in zip(listed["dossier"], listed["project"])]
    assert at.selectbox(key="evaluation_pick").options == expected


def test_a_juror_declares_no_conflict_scores_on_the_scale_and_submits(engine):
    settings = load_settings()
    dossier = of(engine, YANIS, E.TO_DO)[0]
    at = juror_page(YANIS, dossier)
    shown = texts(at)
    assert f"Dossier n° {dossier}" in shown
    assert "@" not in shown  # no e-mail of the applicant or of a referent
    assert "Référent" not in [e.label for e in at.expander]
    assert not at.segmented_control  # nothing to score before the declaration
    at.radio(key=f"ev_{dossier}_declaration").set_value("none")
    run(at.button[0].click())
    assert E.open_evaluation(engine, YANIS, dossier).progress == E.IN_DRAFT
    controls = at.segmented_control
    assert len(controls) == 5
    assert controls[0].options == ["0", "0,5", "1", "1,5", "2", "2,5", "3", "3,5", "4", "4,5", "5"]
    for criterion in settings.programme.criteria:
        assert criterion.name in texts(at)
    submit = next(b for b in at.button if b.label == L.EVALUATIONS["submit"])
    assert submit.disabled
    for i, control in enumerate(controls):
        run(control.set_value(1.5 + i / 2))  # each change is saved as a draft at once
        assert E.open_evaluation(engine, YANIS, dossier).scores[i + 1] == 1.5 + i / 2
    run(at.text_input(key=f"ev_{dossier}_n2").input("Impact bien mesuré"))
    run(at.text_area(key=f"ev_{dossier}_comment").input("Bon dossier"))
    stored = E.open_evaluation(engine, YANIS, dossier)
    assert (stored.comments, stored.comment, stored.evaluation_status) == (
        {2: "Impact bien mesuré"},
        "Bon dossier",
        E.DRAFT,
    )
    submit = next(b for b in at.button if b.label == L.EVALUATIONS["submit"])
    assert not submit.disabled
    run(submit.click())
    assert E.open_evaluation(engine, YANIS, dossier).evaluation_status == E.SUBMITTED
    assert "Notes soumises le" in texts(at)
    assert all(c.disabled for c in at.segmented_control)
    assert L.EVALUATIONS["submit"] not in [b.label for b in at.button]


def test_a_dossier_not_assigned_is_refused_even_by_url(engine):
    theirs = E.assignments(engine, LUCIE)["dossier"].tolist()[0]
    at = juror_page(YANIS, theirs)
    assert f"Le dossier n° {theirs} ne vous est pas attribué" in at.error[0].value
    assert not at.expander and not at.segmented_control and not at.radio
    assert f"Dossier n° {theirs}" not in texts(at)
    access.set_role(engine, "personne@jury.example.org", "jure", "tests")
    at = juror_page("personne@jury.example.org")
    assert L.EVALUATIONS["none"] in texts(at)
    assert not at.dataframe


def test_a_conflicted_dossier_cannot_be_scored(engine):
    dossier = of(engine, YANIS, E.CONFLICT)[0]
    at = juror_page(YANIS, dossier)
    assert "Vous avez déclaré un conflit d'intérêts" in at.info[0].value
    assert "A accompagné la structure en 2022." in at.info[0].value
    assert not at.segmented_control and not at.radio


def test_a_submitted_dossier_is_locked(engine):
    dossier = of(engine, MARGAUX, E.DONE)[0]
    at = juror_page(MARGAUX, dossier)
    assert "Notes soumises le" in at.success[0].value
    assert len(at.segmented_control) == 5 and all(c.disabled for c in at.segmented_control)
    assert all(c.value is not None for c in at.segmented_control)


def test_a_draft_closed_meanwhile_is_not_overwritten_and_says_so(engine):
    dossier = of(engine, YANIS, E.IN_DRAFT)[0]
    at = juror_page(YANIS, dossier)
    before = E.open_evaluation(engine, YANIS, dossier).scores
    E.close_round(engine, ROUND, "manager@numerique.gouv.fr")
    run(at.segmented_control[4].set_value(5.0))
    assert "L'évaluation de la sélection « 2023-2 » est clôturée" in at.error[0].value
    assert E.open_evaluation(engine, YANIS, dossier).scores == before
    assert all(c.disabled for c in at.segmented_control)


def test_a_draft_reopened_in_another_tab_is_reloaded_not_overwritten(engine):
    settings = load_settings()
    dossier = of(engine, YANIS, E.IN_DRAFT)[0]
    at = juror_page(YANIS, dossier)
    stored = E.open_evaluation(engine, YANIS, dossier)
    E.save_draft(engine, settings, YANIS, dossier, stored.version, {1: 0.5})  # another tab
    run(at.segmented_control[1].set_value(4.5))
    assert "modifié entre-temps" in at.error[0].value
    now = E.open_evaluation(engine, YANIS, dossier)
    assert now.scores[1] == 0.5 and now.scores.get(2) == stored.scores.get(2)
    assert at.segmented_control[0].value == 0.5  # the form shows the stored state


# --- The manager's side: the Jury page's panel ---------------------------------------------------


def jury_page() -> AppTest:
    return run(AppTest.from_file(str(ROOT / "pages" / "jury.py"), default_timeout=60))


def test_the_manager_assigns_follows_progress_and_closes_the_round(engine):
    at = jury_page()
    assert at.expander[0].label == L.JURY_ASSIGN["heading"]
    assert at.selectbox(key="jury_assign_round").value == ROUND
    panel = at.expander[0]
    per_juror = panel.dataframe[0].value.set_index("juror")
    assert "dossier" in panel.dataframe[1].value.columns
    assert per_juror.loc[YANIS, ["assigned", "submitted", "conflicts"]].tolist() == [12, 1, 1]
    assert per_juror.loc[YANIS, "late"] == 10  # the demo's deadline is long past
    at.text_input(key="jury_assign_juror").input("nouveau.jure@jury.example.org")
    at.multiselect(key="jury_assign_dossiers").select(E.before_jury(engine, ROUND, "DINUM")[0])
    run(next(b for b in at.button if b.label == L.JURY_ASSIGN["assign"]).click())
    assert "nouveau.jure@jury.example.org : 1 dossier(s) attribué(s)" in at.success[0].value
    assert "n'a pas encore accès" in at.success[0].value
    assert E.assignments(engine, "nouveau.jure@jury.example.org")["dossier"].tolist() == [
        E.before_jury(engine, ROUND, "DINUM")[0]
    ]
    conflicted = of(engine, YANIS, E.CONFLICT)[0]
    at.text_input(key="jury_assign_juror").input(YANIS)
    at.multiselect(key="jury_assign_dossiers").set_value([conflicted])
    run(next(b for b in at.button if b.label == L.JURY_ASSIGN["assign"]).click())
    assert "a déclaré un conflit d'intérêts" in at.error[0].value
    run(at.button(key="jury_assign_close").click())
    assert "Évaluation clôturée" in at.success[0].value
    assert ROUND in E.closed_rounds(engine)
    assert any("clôturée le" in i.value for i in at.info)


def test_the_panel_shows_what_another_manager_or_the_command_line_changed_at_the_next_run(engine):
    """The panel's reads are shared between sessions: a change made elsewhere (another server, the
    CLI) must show at the next run all the same — an assignment, then only a due date."""
    from datetime import date

    at = jury_page()
    per_juror = at.expander[0].dataframe[0].value.set_index("juror")
    assert "autre.jure@jury.example.org" not in per_juror.index
    first, second = E.before_jury(engine, ROUND, "DINUM")[:2]
    E.assign(engine, ROUND, "DINUM", "autre.jure@jury.example.org", [first, second], "cli")
    per_juror = run(at).expander[0].dataframe[0].value.set_index("juror")
    assert per_juror.loc["autre.jure@jury.example.org", ["assigned", "late"]].tolist() == [2, 0]
    E.assign(engine, ROUND, "DINUM", "autre.jure@jury.example.org", [first], "cli", due_on=date(2020, 1, 1))
    per_juror = run(at).expander[0].dataframe[0].value.set_index("juror")
    assert per_juror.loc["autre.jure@jury.example.org", ["assigned", "late"]].tolist() == [2, 1]
    E.unassign(engine, ROUND, "DINUM", "autre.jure@jury.example.org", [second], "cli")
    per_juror = run(at).expander[0].dataframe[0].value.set_index("juror")
    assert per_juror.loc["autre.jure@jury.example.org", "assigned"] == 1


def test_the_manager_reopens_a_submitted_evaluation_and_it_leaves_the_ranking(engine):
    settings = load_settings()
    dossier = of(engine, MARGAUX, E.DONE)[0]
    at = jury_page()
    at.selectbox(key="jury_assign_reopen").set_value((MARGAUX, dossier))
    run(at.button(key="jury_assign_reopen_go").click())
    assert f"dossier n° {dossier}" in at.success[0].value
    assert E.open_evaluation(engine, MARGAUX, dossier).evaluation_status == E.DRAFT
    reviews, _ = E.review_frames(engine, Filters(round=ROUND))
    assert dossier not in reviews.loc[reviews["juror"] == MARGAUX, "dossier"].tolist()
    assert len(settings.programme.criteria) == 5
