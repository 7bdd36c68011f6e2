"""Jurors scoring in the app (SQLite and PostgreSQL): assignments, conflicts, drafts, submission, the
optimistic lock, closing, the same aggregation as grids, the grid export, the audit, and eight jurors
submitting at once on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from aic_dash.demo.dossiers import build_demo_export
from aic_dash.errors import AicError
from aic_dash.reports.jury import REPORTS
from aic_dash.store import evaluations as E
from aic_dash.store import schema as S
from aic_dash.store.audit import audit_log
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from aic_dash.store.jury import import_jury_grid, load_scores
from aic_dash.store.queries import Filters

ROUND, TRACK = "2023-2", "DINUM"
ALICE, BRUNO = "alice.juree@example.org", "bruno.jure@example.org"
MANAGER = "claire@numerique.gouv.fr"


@pytest.fixture
def demo(engine, settings):
    result = import_export(engine, settings, build_demo_export(200, 2023), "demo.csv")
    assert result.ok, result.error
    return engine


def full(settings, value=4.0) -> dict[int, float]:
    return {c.number: value for c in settings.programme.criteria}


def score_and_submit(engine, settings, juror, dossier, value=4.0) -> int:
    version = E.declare(engine, juror, dossier, conflict=False)
    version = E.save_draft(engine, settings, juror, dossier, version, full(settings, value))
    return E.submit(engine, settings, juror, dossier, version)


def test_assign_takes_every_shortlisted_dossier_of_the_round_and_track(demo, settings):
    numbers = E.before_jury(demo, ROUND, TRACK)
    assert len(numbers) == 4
    result = E.assign(demo, ROUND, TRACK, ALICE.upper(), None, MANAGER)
    assert result.added == numbers and result.already == []
    again = E.assign(demo, ROUND, TRACK, ALICE, numbers[:2], MANAGER)
    assert again.added == [] and again.already == numbers[:2]
    mine = E.assignments(demo, ALICE)
    assert mine["dossier"].tolist() == numbers
    assert set(mine["progress"]) == {E.TO_DO}
    assert E.assignments(demo, BRUNO).empty


def test_a_dossier_of_another_round_or_unknown_is_refused(demo, settings):
    other = E.before_jury(demo, "2023-1", TRACK)[0]
    with pytest.raises(AicError, match=f"{other}.*2023-1"):
        E.assign(demo, ROUND, TRACK, ALICE, [other], MANAGER)
    with pytest.raises(AicError, match="99999999 inconnu"):
        E.assign(demo, ROUND, TRACK, ALICE, [99999999], MANAGER)
    with pytest.raises(AicError, match="n'est pas une adresse e-mail"):
        E.assign(demo, ROUND, TRACK, "Alice", None, MANAGER)
    assert E.assignments(demo).empty


def test_submitted_scores_feed_the_same_ranking_as_grids_drafts_do_not(demo, settings):
    first, second, *_ = E.before_jury(demo, ROUND, TRACK)
    E.assign(demo, ROUND, TRACK, ALICE, None, MANAGER)
    E.assign(demo, ROUND, TRACK, BRUNO, None, MANAGER)
    score_and_submit(demo, settings, ALICE, first, 4.5)
    version = E.declare(demo, BRUNO, first, conflict=False)
    E.save_draft(demo, settings, BRUNO, first, version, {1: 1.0, 2: "2,5"})  # a draft: not counted yet
    scores = load_scores(demo, settings, Filters(round=ROUND))
    mine = scores[scores["juror"] == ALICE]
    assert set(mine["source"]) == {E.SOURCE_APP}
    assert mine["score"].tolist() == [4.5] * 5
    assert BRUNO not in set(scores["juror"])
    ranking = REPORTS["ranking"](demo, Filters(round=ROUND, track=TRACK)).set_index("dossier")
    assert ranking.loc[first, "n_jurors"] == 1
    assert ranking.loc[first, "weighted_score"] == pytest.approx(4.5)
    assert ranking.loc[first, "rank"] == 1
    # A grid and the app mixed: a grid juror on the second dossier, Bruno's conflict on it.
    grid = (
        "Dossier,Juré·e,Critère 1,Critère 2,Critère 3,Critère 4,Critère 5,Conflit d'intérêts\n"
        f"{second},Denise Grille,3,3,3,3,3,Non\n"
    ).encode()
    assert import_jury_grid(demo, settings, grid, "grille.csv").ok
    E.declare(demo, BRUNO, second, conflict=True, reason="J'ai conseillé ce projet.")
    scores = load_scores(demo, settings, Filters(round=ROUND))
    assert set(scores["source"]) == {E.SOURCE_APP, "grille"}
    conflicted = scores[(scores["dossier"] == second) & (scores["juror"] == BRUNO)]
    assert conflicted["conflict"].all() and conflicted["score"].isna().all()
    ranking = REPORTS["ranking"](demo, Filters(round=ROUND, track=TRACK)).set_index("dossier")
    assert ranking.loc[second, "n_jurors"] == 1  # the conflicted juror does not count
    criteria = REPORTS["criteria"](demo, Filters(round=ROUND, track=TRACK)).set_index("criterion")
    assert criteria.loc[1, "n_scores"] == 2 and criteria.loc[1, "mean"] == pytest.approx(3.75)


def test_out_of_scale_scores_are_refused_by_the_store_and_by_the_database(demo, settings):
    dossier = E.before_jury(demo, ROUND, TRACK)[0]
    E.assign(demo, ROUND, TRACK, ALICE, [dossier], MANAGER)
    version = E.declare(demo, ALICE, dossier, conflict=False)
    for bad in (5.5, -1, 2.3, "beaucoup"):
        with pytest.raises(AicError, match=r"entre 0 et 5, par pas de 0\.5"):
            E.save_draft(demo, settings, ALICE, dossier, version, {1: bad})
    with pytest.raises(AicError, match="Critère n° 9 inconnu"):
        E.save_draft(demo, settings, ALICE, dossier, version, {9: 3})
    row = dict(dossier_number=dossier, juror=ALICE, criterion=1, score=7.0, source="application",
               scale_min=0.0, scale_max=5.0, updated_at=E._now())  # fmt: skip
    with pytest.raises(IntegrityError), demo.begin() as conn:
        conn.execute(insert(S.jury_evaluation_score).values(**row))
    assert E.open_evaluation(demo, ALICE, dossier).scores == {}


def test_a_juror_not_assigned_cannot_open_nor_score_the_dossier(demo, settings):
    dossier = E.before_jury(demo, ROUND, TRACK)[0]
    E.assign(demo, ROUND, TRACK, ALICE, [dossier], MANAGER)
    with pytest.raises(E.NotAssigned, match=f"{dossier} ne vous est pas attribué"):
        E.open_evaluation(demo, BRUNO, dossier)
    with pytest.raises(E.NotAssigned):
        E.declare(demo, BRUNO, dossier, conflict=False)
    with pytest.raises(E.NotAssigned):
        E.save_draft(demo, settings, BRUNO, dossier, 1, {1: 3})


def test_a_conflict_blocks_scoring_and_later_assignment(demo, settings):
    dossier = E.before_jury(demo, ROUND, TRACK)[0]
    E.assign(demo, ROUND, TRACK, ALICE, [dossier], MANAGER)
    with pytest.raises(AicError, match="raison"):
        E.declare(demo, ALICE, dossier, conflict=True, reason=" ")
    version = E.declare(demo, ALICE, dossier, conflict=True, reason="Ancienne collègue du porteur.")
    assert E.open_evaluation(demo, ALICE, dossier).progress == E.CONFLICT
    with pytest.raises(E.StaleEvaluation):
        E.save_draft(demo, settings, ALICE, dossier, version, {1: 3})
    E.unassign(demo, ROUND, TRACK, ALICE, [dossier], MANAGER)
    with pytest.raises(AicError, match="conflit d'intérêts sur le\\(s\\) dossier\\(s\\) n° " + str(dossier)):
        E.assign(demo, ROUND, TRACK, ALICE, [dossier], MANAGER)


def test_submitted_is_locked_until_a_manager_reopens_and_a_stale_save_is_refused(demo, settings):
    dossier = E.before_jury(demo, ROUND, TRACK)[0]
    E.assign(demo, ROUND, TRACK, ALICE, [dossier], MANAGER)
    opened = E.declare(demo, ALICE, dossier, conflict=False)
    version = E.save_draft(demo, settings, ALICE, dossier, opened, {1: 2})
    with pytest.raises(E.StaleEvaluation, match="modifié entre-temps"):  # a second tab, still at `opened`
        E.save_draft(demo, settings, ALICE, dossier, opened, {1: 5})
    with pytest.raises(AicError, match="notez d'abord le\\(s\\) critère\\(s\\) 2, 3, 4, 5"):
        E.submit(demo, settings, ALICE, dossier, version)
    version = E.save_draft(
        demo, settings, ALICE, dossier, version, full(settings, 3.0), {2: "Solide."}, "Bien"
    )
    submitted = E.submit(demo, settings, ALICE, dossier, version)
    with pytest.raises(E.StaleEvaluation, match="soumis entre-temps"):
        E.save_draft(demo, settings, ALICE, dossier, submitted, {1: 1})
    assert E.reopen(demo, ALICE, [dossier], MANAGER) == [dossier]
    with pytest.raises(E.StaleEvaluation, match="rouvert par l'équipe AIC"):
        E.save_draft(demo, settings, ALICE, dossier, submitted, {1: 1})  # the page still shows « soumis »
    now = E.open_evaluation(demo, ALICE, dossier)
    assert (now.evaluation_status, now.scores[1], now.comments, now.comment) == (
        E.DRAFT,
        3.0,
        {2: "Solide."},
        "Bien",
    )
    E.submit(demo, settings, ALICE, dossier, now.version)
    with pytest.raises(AicError, match="déjà soumis"):
        E.unassign(demo, ROUND, TRACK, ALICE, [dossier], MANAGER)


def test_closing_the_round_freezes_it_and_an_open_form_gets_a_message(demo, settings):
    dossier = E.before_jury(demo, ROUND, TRACK)[0]
    E.assign(demo, ROUND, TRACK, ALICE, [dossier], MANAGER)
    version = E.declare(demo, ALICE, dossier, conflict=False)
    assert E.close_round(demo, ROUND, MANAGER) == 1
    with pytest.raises(E.RoundClosed, match="clôturée"):
        E.save_draft(demo, settings, ALICE, dossier, version, {1: 4})
    with pytest.raises(E.RoundClosed):
        E.assign(demo, ROUND, TRACK, BRUNO, None, MANAGER)
    assert not E.open_evaluation(demo, ALICE, dossier).editable
    assert E.reopen_round(demo, ROUND, MANAGER)
    with pytest.raises(E.StaleEvaluation):  # the form opened before the close is out of date
        E.save_draft(demo, settings, ALICE, dossier, version, {1: 4})
    fresh = E.open_evaluation(demo, ALICE, dossier)
    assert E.save_draft(demo, settings, ALICE, dossier, fresh.version, {1: 4}) == fresh.version + 1


def test_every_step_is_in_the_audit_with_who(demo, settings):
    dossier = E.before_jury(demo, ROUND, TRACK)[0]
    E.assign(demo, ROUND, TRACK, ALICE, [dossier], MANAGER)
    score_and_submit(demo, settings, ALICE, dossier)
    E.reopen(demo, ALICE, [dossier], MANAGER)
    E.close_round(demo, ROUND, MANAGER)
    log = audit_log(demo)
    steps = log.sort_values("id")[["action", "acted_by"]].values.tolist()
    assert steps == [
        [E.ASSIGNED, MANAGER],
        [E.DECLARED, ALICE],
        [E.SCORED, ALICE],
        [E.SUBMITTED_ACTION, ALICE],
        [E.REOPENED, MANAGER],
        [E.CLOSED, MANAGER],
    ]
    scored = log.loc[log["action"] == E.SCORED, "detail"].iloc[0]
    assert '"1": {"après": 4.0, "avant": null}' in scored


def test_status_counts_per_juror_and_per_dossier_with_who_is_late(demo, settings):
    from datetime import date

    numbers = E.before_jury(demo, ROUND, TRACK)
    E.assign(demo, ROUND, TRACK, ALICE, None, MANAGER, due_on=date(2023, 11, 30))
    E.assign(demo, ROUND, TRACK, BRUNO, numbers[:2], MANAGER)
    score_and_submit(demo, settings, ALICE, numbers[0])
    E.declare(demo, ALICE, numbers[1], conflict=True, reason="Membre du bureau.")
    version = E.declare(demo, ALICE, numbers[2], conflict=False)
    E.save_draft(demo, settings, ALICE, numbers[2], version, {1: 3})
    per_juror, per_dossier = E.progress(E.assignments(demo, filters=Filters(round=ROUND)), date(2023, 12, 1))
    alice = per_juror.set_index("juror").loc[ALICE]
    assert alice[["assigned", "scored", "submitted", "conflicts", "late"]].tolist() == [4, 2, 1, 1, 2]
    bruno = per_juror.set_index("juror").loc[BRUNO]
    assert bruno[["assigned", "submitted", "late"]].tolist() == [2, 0, 0]  # no deadline given
    first = per_dossier.set_index("dossier").loc[numbers[0]]
    assert first[["assigned", "submitted"]].tolist() == [2, 1]


def test_the_grid_export_reimports_to_the_same_scores(demo, settings, tmp_path):
    first, second, *_ = E.before_jury(demo, ROUND, TRACK)
    E.assign(demo, ROUND, TRACK, ALICE, None, MANAGER)
    version = E.declare(demo, ALICE, first, conflict=False)
    version = E.save_draft(demo, settings, ALICE, first, version, {1: 3.5, 2: 4, 3: 2, 4: 5, 5: 0},
                           {3: "Fragile"}, "Prometteur")  # fmt: skip
    E.submit(demo, settings, ALICE, first, version)
    E.declare(demo, ALICE, second, conflict=True, reason="Cofondatrice")
    data = E.export_grid(demo, settings, Filters(round=ROUND))
    lines = data.decode().splitlines()
    assert lines[0] == "Dossier,Projet,Volet,Juré·e,Critère 1,Critère 2,Critère 3,Critère 4,Critère 5," \
        "Conflit d'intérêts,Commentaire"  # fmt: skip
    assert lines[1].endswith(f'DINUM,{ALICE},"3,5",4,2,5,0,Non,Prometteur ; C3 : Fragile')
    archive = get_engine(f"sqlite:///{tmp_path / 'archive.sqlite'}")
    assert import_export(archive, settings, build_demo_export(200, 2023), "demo.csv").ok
    assert import_jury_grid(archive, settings, data, "archive.csv").ok
    cols = ["dossier", "criterion", "score", "conflict"]
    before = load_scores(demo, settings)[cols]
    after = load_scores(archive, settings)[cols]
    assert after.equals(before)


def test_eight_jurors_submitting_at_once_on_postgresql_lose_nothing(pg_url, settings):
    engine = get_engine(pg_url)
    assert import_export(engine, settings, build_demo_export(200, 2023), "demo.csv").ok
    numbers = E.before_jury(engine, ROUND, TRACK)
    jurors = [f"jure{i}@example.org" for i in range(8)]
    for juror in jurors:
        E.assign(engine, ROUND, TRACK, juror, None, MANAGER)
    start = threading.Barrier(len(jurors))
    errors: list[BaseException] = []

    def work(i: int, juror: str) -> None:
        try:
            start.wait(timeout=30)
            for n in numbers:  # every juror on the same dossiers at the same moment
                version = E.declare(engine, juror, n, conflict=False)
                for criterion in (1, 2, 3, 4, 5):
                    value = ((i + criterion + n) % 11) / 2
                    version = E.save_draft(engine, settings, juror, n, version, {criterion: value})
                E.submit(engine, settings, juror, n, version)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i, j)) for i, j in enumerate(jurors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    scores = load_scores(engine, settings, Filters(round=ROUND, track=TRACK))
    assert len(scores) == len(jurors) * len(numbers) * 5
    for i, juror in enumerate(jurors):
        mine = scores[scores["juror"] == juror]
        expected = [((i + c + n) % 11) / 2 for n in numbers for c in (1, 2, 3, 4, 5)]
        assert mine.sort_values(["dossier", "criterion"])["score"].tolist() == expected
    with engine.connect() as conn:
        submitted = conn.scalar(
            select(func.count())
            .select_from(S.jury_evaluation)
            .where(S.jury_evaluation.c.evaluation_status == E.SUBMITTED)
        )
        audited = conn.scalar(select(func.count()).select_from(S.audit).where(S.audit.c.action == E.SCORED))
    assert submitted == len(jurors) * len(numbers)
    assert audited == len(jurors) * len(numbers) * 5


def test_status_without_any_deadline_has_nobody_late(demo, settings):
    E.assign(demo, ROUND, TRACK, ALICE, None, MANAGER)
    per_juror, _ = E.progress(E.assignments(demo))
    assert per_juror[["juror", "assigned", "late"]].values.tolist() == [[ALICE, 4, 0]]


def test_the_jury_command_assigns_reports_closes_and_exports(db_url, demo, settings, capsys, tmp_path):
    from aic_dash.cli.main import main

    db = ["--db", db_url, "--user", MANAGER]
    numbers = E.before_jury(demo, ROUND, TRACK)
    assert main(["jury", "assign", "--round", ROUND, "--track", TRACK, "--juror", ALICE, *db]) == 0
    out = capsys.readouterr()
    assert out.out == f"{ALICE} : 4 dossier(s) attribué(s) (inscrit au journal d'audit).\n"
    assert f"users set {ALICE} jure" in out.err  # she cannot sign in yet
    two = f"{numbers[0]},{numbers[1]}"
    assert (
        main(
            [
                "jury",
                "assign",
                "--round",
                ROUND,
                "--juror",
                BRUNO,
                "--dossiers",
                two,
                "--due",
                "2023-11-30",
                *db,
            ]
        )
        == 0
    )
    assert main(["jury", "assign", "--round", ROUND, "--juror", BRUNO, "--dossiers", "12a", *db]) == 2
    assert "« 12a » n'est pas un numéro de dossier" in capsys.readouterr().err
    assert main(["jury", "assign", "--round", ROUND, "--juror", BRUNO, "--due", "30/11/2023", *db]) == 2
    assert "n'est pas une date AAAA-MM-JJ" in capsys.readouterr().err
    score_and_submit(demo, settings, ALICE, numbers[0], 3.5)
    assert main(["jury", "status", "--round", ROUND, "--db", db_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Sélection {ROUND} : évaluation ouverte."
    alice = next(line for line in lines if line.startswith(ALICE)).split()
    assert alice == [ALICE, "4", "1", "1", "0", "0"]
    assert lines[-1] == f"En retard : {BRUNO}"  # his deadline is long past
    assert (
        main(["jury", "unassign", "--round", ROUND, "--juror", ALICE, "--dossiers", str(numbers[0]), *db])
        == 2
    )
    assert "déjà soumis" in capsys.readouterr().err
    assert main(["jury", "close", "--round", ROUND, *db]) == 0
    assert (
        capsys.readouterr().out
        == f"Évaluation de la sélection {ROUND} clôturée : 1 évaluation(s) figée(s).\n"
    )
    assert main(["jury", "reopen", "--round", ROUND, "--juror", ALICE, *db]) == 2
    assert "clôturée" in capsys.readouterr().err
    assert main(["jury", "reopen", "--round", ROUND, *db]) == 0
    assert main(["jury", "reopen", "--round", ROUND, "--juror", ALICE, *db]) == 0
    assert f"1 évaluation(s) rouverte(s) : {numbers[0]}" in capsys.readouterr().out
    assert main(["jury", "status", "--round", "2099", "--db", db_url]) == 2
    assert "Sélection « 2099 » inconnue" in capsys.readouterr().err
    score_and_submit(demo, settings, BRUNO, numbers[1], 2.0)
    archive = tmp_path / "archive.csv"
    assert main(["jury", "export-grid", "--round", ROUND, "--db", db_url, "-o", str(archive)]) == 0
    assert "1 notation(s) écrite(s)" in capsys.readouterr().err
    assert archive.read_text(encoding="utf-8").splitlines()[1].startswith(f"{numbers[1]},")
