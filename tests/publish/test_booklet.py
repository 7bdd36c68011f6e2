"""The season booklet (`report booklet`): what a reader of the PDF finds in it, read back with poppler-utils
(pdftotext, pdffonts, pdftoppm) as anyone would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from aic_dash.analytics.kpis import kpis
from aic_dash.cli.main import main
from aic_dash.store.db import get_engine
from aic_dash.store.followup import load_followup
from aic_dash.store.queries import Filters, load_dossiers
from tests.conftest import ROOT
from tests.publish.season import LITERALS, build_demo_db, copy_db, leaked, personal_values

POPPLER = ("pdftotext", "pdffonts", "pdftoppm", "pdfimages")


@pytest.fixture(scope="module", autouse=True)
def poppler() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} manque : lancez scripts/system-packages.sh (poppler-utils).")
        pytest.skip("poppler-utils absent (scripts/system-packages.sh l'installe)")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory, settings) -> str:
    return build_demo_db(tmp_path_factory.mktemp("booklet"), settings)


@pytest.fixture(scope="module")
def booklet(demo_url, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("livret") / "livret-2022.pdf"
    assert main(["report", "booklet", "--season", "2022", "--db", demo_url, "-o", str(out)]) == 0
    return out


def _text(pdf: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def _flat(pdf: Path) -> str:
    return " ".join(_text(pdf).split())


def test_booklet_holds_every_laureate_and_the_seasons_figures(booklet, demo_url):
    engine = get_engine(demo_url)
    flat = _flat(booklet)
    names = load_followup(engine, Filters(season="2022")).laureates["name"].tolist()
    assert len(names) == 9
    for name in names:
        assert name in flat, name
    figures = kpis(load_dossiers(engine, Filters(season="2022")))
    expected = [figures.applications, figures.eligible, figures.shortlisted, figures.laureates]
    assert expected[-1] == 9
    layout = _text(booklet, "-layout")
    total = re.search(r"Toute la saison((?:\s+\d+){4})", layout)
    assert total and [int(n) for n in total.group(1).split()] == expected
    assert "Saison 2022 (promo 1)" in flat
    assert "du 14/04/2022 au 13/04/2023" in flat  # support period, French dates
    assert "Infrastructure technique sécurisée" in flat  # a milestone reached, in the follow-up's words
    assert "La finalité d’intérêt général" in flat  # the five criteria, from the programme page
    assert "Les prochaines étapes" in flat and "notre foire aux questions" in flat


def test_booklet_shows_no_personal_data_and_applicant_text_literally(booklet, demo_url):
    text = _text(booklet)
    flat = " ".join(text.split())
    assert leaked(text, personal_values(demo_url)) == []
    compact = "".join(text.split())  # a long line may wrap anywhere
    for literal in LITERALS:
        assert "".join(literal.split()) in compact, literal
    # Contacts typed in the application's description are left out of a public document.
    assert "meteo.contact@infoclimat.example" not in flat and "06 12 34 56 78" not in flat
    assert "[adresse retirée]" in flat
    assert "Notes du jury" not in flat  # off unless the manager asks


def test_every_font_is_embedded(booklet):
    lines = subprocess.run(["pdffonts", str(booklet)], check=True, capture_output=True, text=True).stdout
    fonts = lines.splitlines()[2:]
    assert fonts, "aucune police"
    for line in fonts:
        # name, type (1 or 2 words), encoding, emb, sub, uni, object id, generation
        assert line.split()[-5] == "yes", line


def test_jury_scores_only_when_asked(demo_url, tmp_path):
    out = tmp_path / "livret-notes.pdf"
    assert (
        main(
            ["report", "booklet", "--season", "2022", "--db", demo_url, "-o", str(out), "--with-jury-scores"]
        )
        == 0
    )
    flat = _flat(out)
    assert "Notes du jury (moyennes du projet" in flat
    assert re.search(r"critère 1 : \d,\d", flat)


def test_a_page_rendered_for_the_eye(booklet, shots, capsys):
    """The figures page and the first laureates' page as PNG in the screenshots folder, to look at."""
    for page, name in ((2, "livret-chiffres"), (4, "livret-laureats")):
        prefix = shots / name
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "80",
                "-png",
                "-singlefile",
                "-f",
                str(page),
                "-l",
                str(page),
                str(booklet),
                str(prefix),
            ],
            check=True,
        )
        png = prefix.with_suffix(".png")
        assert png.stat().st_size > 20_000, png  # a page with text and the funnel, not a blank one
    with capsys.disabled():
        print(f"\nPages du livret rendues en PNG : {shots}")


def test_booklet_refuses_what_it_cannot_print(demo_url, tmp_path, capsys):
    assert (
        main(["report", "booklet", "--season", "2022", "--db", demo_url, "-o", str(tmp_path / "x.csv")]) == 2
    )
    assert "s'écrit dans un fichier .pdf" in capsys.readouterr().err
    assert (
        main(["report", "booklet", "--season", "1999", "--db", demo_url, "-o", str(tmp_path / "x.pdf")]) == 2
    )
    assert "Saison « 1999 » inconnue" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_the_laureates_page_makes_the_booklet_and_explains_missing_open_data(demo_url, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    app = str(ROOT / "app.py")
    monkeypatch.setenv("AIC_DASH_DATABASE_URL", copy_db(demo_url, tmp_path))
    at = AppTest.from_file(app, default_timeout=120)
    at.query_params["saison"] = "2022"
    at.run()
    at.switch_page("pages/laureates.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="publish-booklet").click().run()
    assert [s.value for s in at.success] == ["Livret de la saison 2022 (9 lauréat(s)) écrit."]
    download = at.get("download_button")
    assert [d.label for d in download] == ["Télécharger livret-2022.pdf"]
    # The shipped settings leave the granting bodies' SIRET to fill: the page says which key, no file.
    at.button(key="publish-opendata").click().run()
    assert any("granting_bodies.DINUM.siret" in e.value for e in at.error)
    assert not at.get("download_button")


def test_the_funnel_is_drawn_in_vector(booklet):
    images = subprocess.run(["pdfimages", "-list", str(booklet)], check=True, capture_output=True, text=True)
    assert len(images.stdout.splitlines()) == 2  # the header only: no raster image in the booklet
    assert "De la candidature à l'accompagnement" in _flat(booklet)
