"""Benchmark: the Pipeline page on 100 000 dossiers against a bare page showing the same dossiers.

    .venv/bin/python bench/bench_dashboard.py [--rows 100000] [--repeat 3] [--db URL]

Without --db, the demo export of `--rows` dossiers (`demo.build_demo_export`) is imported through
`import_export` into a temporary SQLite file first (the import time is printed too). Both pages run in
Streamlit's AppTest, in this process, after one warm-up run each on the same database (imports and
Streamlit's own start-up are then paid for both alike); the caches are cleared before every timed
first run.

- baseline: a page that only loads the dossiers (`queries.load_dossiers`) and shows them in st.dataframe;
- Pipeline, first run: app.py opening on the Pipeline page, caches empty;
- Pipeline, filter change: the same session after choosing a track, then a season (caches warm).

Targets (issue 3): first run ≤ 2 × baseline; a filter change ≤ 0.5 s. Medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

APP = str(ROOT / "app.py")
TARGET_FIRST_RUN_RATIO = 2.0
TARGET_FILTER_CHANGE_S = 0.5
BASELINE_PAGE = """
import streamlit as st
from aic_dash.config import database_url
from aic_dash.store.db import get_engine
from aic_dash.store.queries import load_dossiers

st.dataframe(load_dossiers(get_engine(database_url())))
"""
TIMEOUT_S = 600


def _build_database(rows: int) -> str:
    from aic_dash.config import load_settings
    from aic_dash.demo.dossiers import build_demo_export
    from aic_dash.store.db import get_engine
    from aic_dash.store.imports import import_export

    folder = Path(tempfile.mkdtemp(prefix="aic-bench-dashboard-"))
    url = f"sqlite:///{folder / 'aic.sqlite'}"
    start = time.perf_counter()
    data = build_demo_export(rows)
    built = time.perf_counter() - start
    start = time.perf_counter()
    result = import_export(get_engine(url), load_settings(), data, "demo-export-aic.csv")
    if not result.ok:
        raise SystemExit(result.error)
    imported = time.perf_counter() - start
    print(f"Base : {result.rows} dossiers dans {url}")
    print(f"       export fabriqué en {built:.1f} s, importé en {imported:.1f} s")
    return url


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _check(at) -> None:
    if at.exception:
        raise SystemExit(f"La page a levé une exception : {at.exception[0].value}")


def baseline_run() -> float:
    from streamlit.testing.v1 import AppTest

    _clear_caches()
    at = AppTest.from_string(BASELINE_PAGE, default_timeout=TIMEOUT_S)
    elapsed = _timed(at.run)
    _check(at)
    return elapsed


def pipeline_runs() -> tuple[float, list[float]]:
    """(first run, [filter change to a track, then to a season]) of one session."""
    from streamlit.testing.v1 import AppTest

    _clear_caches()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    first = _timed(at.run)
    _check(at)
    if len(at.get("plotly_chart")) != 4:
        raise SystemExit("La page Pipeline n'a pas ses quatre graphiques.")
    changes = [
        _timed(at.selectbox(key="filter_track").set_value("DINUM").run),
        _timed(at.selectbox(key="filter_season").set_value("2023").run),
    ]
    _check(at)
    return first, changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", help="a database already filled (skips the import)")
    args = parser.parse_args(argv)

    import streamlit.config
    import streamlit.logger

    # AppTest outside a server warns on every cache call: keep the output to the figures.
    streamlit.config.set_option("logger.level", "error")
    streamlit.logger.set_log_level("error")
    url = args.db or _build_database(args.rows)
    os.environ["AIC_DASH_DATABASE_URL"] = url

    # Warm-up: imports (plotly, pyarrow…) and Streamlit's first-run costs, for both pages alike.
    baseline_run()
    pipeline_runs()

    baselines, firsts, changes = [], [], []
    for _ in range(args.repeat):
        baselines.append(baseline_run())
        first, change = pipeline_runs()
        firsts.append(first)
        changes += change
    baseline = statistics.median(baselines)
    first = statistics.median(firsts)
    change = statistics.median(changes)
    worst_change = max(changes)
    ratio = first / baseline

    print(f"Référence (load_dossiers + st.dataframe)   : {baseline:6.2f} s  (médiane de {args.repeat})")
    print(f"Pipeline, premier affichage                 : {first:6.2f} s  = {ratio:.2f} × la référence")
    print(
        f"Pipeline, changement de filtre              : {change:6.2f} s  (médiane de {len(changes)}, "
        f"pire {worst_change:.2f} s)"
    )
    ok_first = ratio <= TARGET_FIRST_RUN_RATIO
    ok_change = worst_change <= TARGET_FILTER_CHANGE_S
    print(
        f"Objectifs : premier affichage ≤ {TARGET_FIRST_RUN_RATIO:g} × référence "
        f"{'atteint' if ok_first else 'MANQUÉ'} ; changement de filtre ≤ {TARGET_FILTER_CHANGE_S:g} s "
        f"{'atteint' if ok_change else 'MANQUÉ'}"
    )
    return 0 if ok_first and ok_change else 1


if __name__ == "__main__":
    sys.exit(main())
