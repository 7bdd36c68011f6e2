"""The benchmarks import the package lazily (inside functions, so that `--help` answers at once): a module
moved or renamed in the package breaks them only when they run. Every name they import from the package
must exist."""

from __future__ import annotations

import ast
import importlib

import pytest

from tests.conftest import ROOT

BENCH = sorted((ROOT / "bench").glob("*.py"))


def _package_imports(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "aic_dash":
            for alias in node.names:
                yield node.lineno, node.module, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "aic_dash":
                    yield node.lineno, alias.name, None


@pytest.mark.parametrize("path", BENCH, ids=lambda p: p.name)
def test_every_name_a_benchmark_imports_from_the_package_exists(path):
    missing = []
    for line, module, name in _package_imports(path):
        found = importlib.import_module(module)
        if name is not None and not hasattr(found, name):
            try:
                importlib.import_module(f"{module}.{name}")
            except ModuleNotFoundError:
                missing.append(f"{path.name}:{line} from {module} import {name}")
    assert not missing, missing


def test_the_benchmarks_do_import_the_package():
    assert sum(1 for path in BENCH for _ in _package_imports(path)) > 20
