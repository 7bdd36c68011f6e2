"""A dossier's fields grouped as in the form; searching the list."""

from __future__ import annotations

import csv

from aic_dash.analytics.dossier_detail import OTHER_SECTION, PLATFORM_SECTION, group_fields
from aic_dash.analytics.dossiers import search_dossiers
from tests.conftest import EXPORTS
from tests.samples import SAMPLE

STANDARD = EXPORTS / "ds_standard.csv"


def _fields(row: int) -> list[tuple[str, str]]:
    with STANDARD.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return list(zip(rows[0], rows[row]))


def test_fields_are_grouped_as_in_the_form_repeated_labels_included():
    groups = dict(group_fields(_fields(5)))
    assert next(iter(groups)) == PLATFORM_SECTION
    assert [f.label for f in groups[PLATFORM_SECTION]][:3] == ["ID", "Email", "FranceConnect ?"]
    assert "Nom du projet" in [f.label for f in groups["Le projet"]]
    # The first « Nom » after the form starts belongs to referent 1, the next one to referent 2.
    first = [f.label for f in groups["Référent·e 1"]]
    second = [f.label for f in groups["Référent·e 2"]]
    assert first[:2] == ["Nom", "Prénom"] and "Nom" in second and "Annexes" in second
    assert [f.label for f in groups[OTHER_SECTION]] == ["Éligible", "Liste restreinte"]
    every = [f for fields in groups.values() for f in fields]
    assert len(every) == len(_fields(5))


def test_personal_fields_are_flagged():
    groups = dict(group_fields(_fields(5)))
    personal = {f.label for fields in groups.values() for f in fields if f.personal}
    assert {"Email", "Nom", "Prénom", "Numéro de téléphone", "Adresse électronique"} <= personal
    assert not any(f.personal for f in groups["Le projet"])


def test_search_by_number_or_words_of_the_project_ignoring_accents_and_case():
    assert search_dossiers(SAMPLE, "PROJET 3")["number"].tolist() == [3]
    assert search_dossiers(SAMPLE, "6")["number"].tolist() == [6]
    assert len(search_dossiers(SAMPLE, "  ")) == len(SAMPLE)
    assert search_dossiers(SAMPLE, "", ["laureat"])["number"].tolist() == [4, 7]
