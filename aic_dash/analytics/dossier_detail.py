"""One dossier's export fields, grouped as the application form groups them. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass

from aic_dash.programme.form import FIXED_COLUMNS, FORM_SECTIONS, PERSONAL_LABELS
from aic_dash.text import normalize_label

PLATFORM_SECTION = "Dossier sur démarches-simplifiées"
OTHER_SECTION = "Annotations privées et autres champs"

_FIXED = {normalize_label(label) for label in FIXED_COLUMNS} | {
    normalize_label(label) for label in ("Archivé", "Dossier ID", "Numéro", "Etat du dossier")
}
_PERSONAL = {normalize_label(label) for label in PERSONAL_LABELS}
# The form in order, as (section, normalised label); labels repeat (Nom, Prénom, Annexes…).
_FORM = [(title, normalize_label(label)) for title, labels in FORM_SECTIONS for label in labels]


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    personal: bool


def group_fields(fields: list[tuple[str, str]]) -> list[tuple[str, list[Field]]]:
    """(label, value) pairs in export order -> [(section title, fields)] in form order.

    The platform's fixed columns come first (until the first form field); each later field takes the
    next matching label of the form, so a repeated `Nom` lands with the second referent; what the
    form does not know (private annotations, fields of other form revisions) goes last.
    """
    sections: dict[str, list[Field]] = {}
    cursor = 0
    in_fixed = True
    for label, value in fields:
        norm = normalize_label(label)
        field = Field(label, value, norm in _PERSONAL)
        if in_fixed and norm in _FIXED:
            sections.setdefault(PLATFORM_SECTION, []).append(field)
            continue
        in_fixed = False
        hit = next((i for i in range(cursor, len(_FORM)) if _FORM[i][1] == norm), None)
        if hit is None:
            sections.setdefault(OTHER_SECTION, []).append(field)
            continue
        cursor = hit + 1
        sections.setdefault(_FORM[hit][0], []).append(field)
    order = [PLATFORM_SECTION, *dict.fromkeys(title for title, _ in FORM_SECTIONS), OTHER_SECTION]
    return [(title, sections[title]) for title in order if title in sections]
