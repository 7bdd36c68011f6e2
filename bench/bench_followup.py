"""Benchmark: what the « Suivi des lauréats » page computes at every run, against reading its tables.

    .venv/bin/python bench/bench_followup.py [--laureates 500] [--milestones 20] [--repeat 5]

A throwaway SQLite database gets `--laureates` laureates (seasons, tracks, one 12-month period each,
`--milestones` milestones, one indicator with 4 measurements, one funding tranche), from a fixed seed.
The baseline is the bare read of the seven follow-up tables (`SELECT *` into DataFrames); the measured
variants are `load_followup` (the same reads plus date conversions) and the page's whole computation
(load, portfolio, laureates report, cohort progress, status counts, late list, timeline figure).
Ratios are against the baseline measured in the same run; variants take turns (round robin) so that a
busy machine slows them alike. The page re-runs this at every interaction, so the ratio says how much
the follow-up views add to reading the data.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE = "SELECT * of the 7 tables (baseline)"
TABLES = ("laureate", "support_period", "milestone", "indicator", "indicator_measurement", "funding",
          "partner_administration")  # fmt: skip
STATUSES = ("a_venir", "en_cours", "atteint", "atteint", "en_retard", "abandonne")
STRANDS = ("consolidate", "partnerships", "expertise")


def fill(engine, laureates: int, milestones: int, seed: int = 2023) -> None:
    from aic_dash.store import followup as F
    from aic_dash.store.db import upgrade

    rng = random.Random(seed)
    upgrade(engine)
    stamp = datetime(2024, 3, 1, 12)
    with engine.begin() as conn:
        for i in range(laureates):
            season = rng.choice(("2022", "2023"))
            laureate_id = F.add_laureate(
                conn, name=f"Projet {i:05d}", season=season, round=season if season == "2022" else "2023-1",
                track=rng.choice(("DINUM", "DITP")), organisation=f"Association {i}", town="Paris",
            )  # fmt: skip
            start = date(int(season), 4, 1) + timedelta(days=rng.randrange(0, 200))
            conn.execute(
                F.support_period.insert().values(
                    laureate_id=laureate_id, renewal=0, start_date=start, end_date=F.support_end(start),
                    status="accompagnement",
                )
            )  # fmt: skip
            conn.execute(
                F.milestone.insert(),
                [
                    {
                        "laureate_id": laureate_id,
                        "title": f"Jalon {k}",
                        "strand": rng.choice(STRANDS),
                        "due_date": start + timedelta(days=30 * (k % 12) + 15),
                        "status": rng.choice(STATUSES),
                        "note": None,
                        "updated_at": stamp - timedelta(days=rng.randrange(0, 120)),
                        "acted_by": "bench",
                    }
                    for k in range(milestones)
                ],
            )
            indicator_id = F.add_indicator(conn, laureate_id, "Personnes touchées", "personnes", 100, 400)
            conn.execute(
                F.indicator_measurement.insert(),
                [
                    {"indicator_id": indicator_id, "measured_on": start + timedelta(days=90 * q),
                     "value": 100 + 40 * q, "updated_at": stamp, "acted_by": "bench"}
                    for q in range(1, 5)
                ],
            )  # fmt: skip
            F.add_funding(conn, laureate_id, 1, 80_000, start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laureates", type=int, default=500)
    parser.add_argument("--milestones", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import pandas as pd
    from sqlalchemy import text

    from aic_dash.analytics import followup as A
    from aic_dash.charts import followup as followup_charts
    from aic_dash.charts.style import track_styles
    from aic_dash.reports.followup import laureates_frame, portfolio_of, progress_frame
    from aic_dash.store.db import get_engine
    from aic_dash.store.followup import load_followup

    folder = tempfile.mkdtemp(prefix="aic-bench-followup-")
    engine = get_engine(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
    started = time.perf_counter()
    fill(engine, args.laureates, args.milestones)
    elapsed = time.perf_counter() - started
    print(f"{args.laureates} lauréats × {args.milestones} jalons écrits en {elapsed:.1f} s", file=sys.stderr)
    today = date(2023, 10, 1)
    tracks = track_styles([("DINUM", "Volet DINUM"), ("DITP", "Volet DITP")])

    def baseline() -> None:
        with engine.connect() as conn:
            for table in TABLES:
                pd.DataFrame(conn.execute(text(f"SELECT * FROM {table}")).all())

    def page() -> None:
        data = load_followup(engine)
        folio = portfolio_of(data, today)
        laureates_frame(data, folio)
        progress_frame(folio)
        A.status_counts(data.milestones, today)
        A.late_list(data.milestones, folio, today)
        followup_charts.timeline_figure(data.periods, data.laureates, tracks, today).to_json()

    variants = {BASELINE: baseline, "load_followup": lambda: load_followup(engine), "page computation": page}
    for run in variants.values():  # warm up: imports, first connection, schema check
        run()
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.repeat):
        for name, run in variants.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    base = statistics.median(times[BASELINE])
    print(f"{'variant':<40} {'median s':>10} {'ratio':>8}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<40} {median:>10.3f} {median / base:>8.1f}")


if __name__ == "__main__":
    main()
