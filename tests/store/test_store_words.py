"""The store writes no French inline: what a manager reads comes from the labels (labels/store.py, and
labels/followup.py for the follow-up store).

Every string literal of aic_dash/store (migrations excepted: a migration stays self-contained) is read with
`ast`; outside docstrings, none may hold a French accented letter or « ». Data keys that must keep their
spelling (the démarches-simplifiées export's field names, stored values) are listed in DATA_KEYS.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

STORE = ROOT / "aic_dash" / "store"
FRENCH = re.compile(r"[àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»]")
# Strings that are data, not words for a manager (a field name of the démarches-simplifiées export, a
# stored code), and so must keep their spelling here; each says where it comes from. None so far.
DATA_KEYS: frozenset[str] = frozenset()


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def french_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and node.value not in DATA_KEYS
        and FRENCH.search(node.value)
    ]


def _modules() -> list[Path]:
    return sorted(p for p in STORE.rglob("*.py") if "migrations" not in p.relative_to(STORE).parts)


def test_the_store_modules_are_found():
    names = {p.relative_to(STORE).as_posix() for p in _modules()}
    assert {"backup.py", "imports.py", "sync.py", "followup/edit.py"} <= names
    assert not any(n.startswith("migrations/") for n in names)


def test_no_french_literal_in_the_store():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in _modules()
        for line, text in french_literals(path)
    ]
    assert not found, "French words belong in aic_dash/labels/store.py:\n" + "\n".join(found)
