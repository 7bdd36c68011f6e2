"""Benchmark: jury scores on a large demo database, as ratios against baselines measured in the same run.

    .venv/bin/python bench/bench_jury.py [--applications 20000] [--repeat 3]

The database is the demo export with `--applications` dossiers and the demo jury grid over its
shortlisted dossiers, in a temporary SQLite file. Each line is the median time of `--repeat` runs and
its ratio to the baseline of its group:

- importing the grid (parse + one transaction) against parsing it only (`read_table` + `parse_jury_grid`);
- `load_scores` and the Jury page's analytics (ranking raw and normalised, juror statistics,
  agreement) against `load_dossiers`, the read every page already makes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from aic_dash.analytics import scores as A
    from aic_dash.config import load_settings
    from aic_dash.demo.dossiers import build_demo_export
    from aic_dash.demo.jury import build_demo_grid
    from aic_dash.ingest.jury import parse_jury_grid
    from aic_dash.ingest.readers import read_table
    from aic_dash.reports.jury import ranking_frame
    from aic_dash.store.db import get_engine
    from aic_dash.store.imports import import_export
    from aic_dash.store.jury import import_jury_grid, load_scores
    from aic_dash.store.queries import load_dossiers

    settings = load_settings()
    criteria = [c.number for c in settings.programme.criteria]
    with tempfile.TemporaryDirectory() as folder:
        engine = get_engine(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        result = import_export(engine, settings, build_demo_export(args.applications), "demo.csv")
        assert result.ok, result.error
        grid = build_demo_grid(engine)
        dossiers = load_dossiers(engine)
        rows = len(grid.splitlines()) - 1
        print(f"{len(dossiers):,} dossiers, grid of {rows:,} rows ({len(grid) / 1024:,.0f} KiB)")

        parse = timed(lambda: parse_jury_grid(read_table(grid), settings, dossiers["number"]), args.repeat)
        imported = timed(lambda: import_jury_grid(engine, settings, grid, "grille.csv"), args.repeat)

        read = timed(lambda: load_dossiers(engine), args.repeat)
        scores = load_scores(engine, settings)
        load = timed(lambda: load_scores(engine, settings), args.repeat)

        def page() -> None:
            ranking_frame(scores, dossiers, dossiers, settings)
            ranking_frame(scores, dossiers, dossiers, settings, normalised=True)
            A.juror_stats(scores, dossiers, criteria)
            A.agreement(scores, criteria)

        analytics = timed(page, args.repeat)
        engine.dispose()

    width = 46
    print(f"{'parse the grid (baseline)':<{width}} {parse * 1000:8.1f} ms   1.00×")
    print(
        f"{'import the grid (one transaction)':<{width}} {imported * 1000:8.1f} ms   {imported / parse:.2f}×"
    )
    print(f"{'load_dossiers (baseline)':<{width}} {read * 1000:8.1f} ms   1.00×")
    print(f"{'load_scores':<{width}} {load * 1000:8.1f} ms   {load / read:.2f}×")
    print(f"{'Jury page analytics':<{width}} {analytics * 1000:8.1f} ms   {analytics / read:.2f}×")


if __name__ == "__main__":
    main()
