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
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
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


def test_ui_imports_no_command_line_and_no_demo_module():
    for path in (PACKAGE / "ui").glob("*.py"):
        for name in _imports(path):
            assert not name.startswith(("aic_dash.cli", "aic_dash.demo")), (path.name, name)


def test_no_module_left_at_the_top_that_belongs_to_a_package():
    """The top of the package holds only what every layer shares; features live in their packages."""
    top = {path.stem for path in PACKAGE.glob("*.py")}
    assert top <= {
        "__init__",
        "__main__",
        "config",
        "codes",
        "errors",
        "format",
        "text",
        "progress",
        "output",
        "argparse_fr",
        "settings_file",
    }, sorted(top)


def test_charts_and_reports_and_store_import_no_ui_and_no_cli():
    for package in ("charts", "reports", "store", "ingest", "programme", "publish"):
        for path in (PACKAGE / package).rglob("*.py"):
            for name in _imports(path):
                assert not name.startswith(("aic_dash.ui", "aic_dash.cli", "streamlit")), (path, name)


def test_ingest_reads_files_and_imports_neither_the_store_nor_what_is_produced():
    """Input is not output: the files a manager downloads (reports, templates, publications) import the
    readers' column definitions, never the other way round."""
    for path in (PACKAGE / "ingest").rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith(
                ("aic_dash.reports", "aic_dash.publish", "aic_dash.store", "aic_dash.charts", "aic_dash.demo")
            ), (path.name, name)


def _graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (at the top or inside a function).

    `from package import module` is an edge to the module, not to the package's `__init__`."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, path in modules.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(known(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    edges.add(known(f"{node.module}.{alias.name}"))
        graph[name] = {e for e in edges if e and e not in (name, "aic_dash")}
    return graph


def test_no_import_cycle_between_modules():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError(" -> ".join([*path, node, nxt]))
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
