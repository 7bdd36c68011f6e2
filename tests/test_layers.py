"""The layers of the package, read from its imports (../shared/STYLE.md): data flows one way."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "aic_dash"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_analytics_imports_neither_ingest_nor_store_nor_ui_nor_streamlit():
    for path in (PACKAGE / "analytics").glob("*.py"):
        for name in _imports(path):
            assert not name.startswith(("aic_dash.ingest", "aic_dash.store", "aic_dash.ui", "streamlit")), (
                path.name,
                name,
            )


def test_streamlit_only_in_app_pages_and_ui():
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        assert not any(n.split(".")[0] == "streamlit" for n in _imports(path)), path


def test_ui_imports_no_command_line_module():
    for path in (PACKAGE / "ui").glob("*.py"):
        assert not any(n.endswith("_cli") or n == "aic_dash.cli" for n in _imports(path)), path
