"""No manager text in aic_dash/ingest: its French words live in aic_dash/labels/ingest.py (FACTS §5).

Every string literal of the ingest modules, docstrings aside, is read with `ast`; a literal that holds
« or », or that reads like a French sentence, fails the test unless it is data listed below.
"""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

INGEST = ROOT / "aic_dash" / "ingest"
ACCENTED = re.compile(r"[àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ]")
# Words a French sentence cannot do without, and that no column name, regex or query of ingest/ holds.
FRENCH_WORDS = re.compile(r"\b(?:est|sont|pas|n'est|d'un|d'une|du|les|une|des|ou|ni|vous|votre)\b")
# Data, not manager text: column labels of the démarches-simplifiées exports and what the platform is told.
ALLOWED = {
    "Dernière mise à jour du dossier le",  # labels.FILE_UPDATED: a column of the DS export
    "Votre organisation est-elle une association ou une administration ?",  # labels.ORG: a DS form field
    "aic-dash (tableau de bord de l'Accélérateur d'initiatives citoyennes)",  # ds_api.USER_AGENT: HTTP header
}


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _looks_french(text: str) -> bool:
    if "«" in text or "»" in text:
        return True
    if len(text) <= 30 or " " not in text:
        return False
    return bool(ACCENTED.search(text) or FRENCH_WORDS.search(text))


def _french_literals() -> list[str]:
    found = []
    for path in sorted(INGEST.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skip:
                continue
            if node.value not in ALLOWED and _looks_french(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_ingest_holds_no_french_sentence():
    found = _french_literals()
    assert not found, "French text to move into aic_dash/labels/ingest.py:\n" + "\n".join(found)


def test_the_check_sees_a_sentence_and_lets_data_through():
    assert _looks_french("le fichier est vide. Téléchargez à nouveau l'export.")
    assert _looks_french("« ")
    assert not _looks_french("Déposé le")
    assert not _looks_french(r"^(?:note\s*)?(?:c|crit|critere)\s*(?:n|no)?\s*\d|^\d{1,2}(?:\s|$)")


def test_every_allowed_string_is_still_in_ingest():
    """An entry left in ALLOWED after its string went would let a sentence in under its cover."""
    sources = "".join(path.read_text(encoding="utf-8") for path in INGEST.rglob("*.py"))
    assert [text for text in ALLOWED if repr(text) not in sources and f'"{text}"' not in sources] == []
