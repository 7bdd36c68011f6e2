"""Benchmark: the `applications` report in XLSX against `DataFrame.to_excel(engine="openpyxl")`.

    .venv/bin/python bench/bench_reports.py [--rows 100000] [--repeat 3] [--db URL]

Each variant runs in its own child process, so that its peak memory is its own: the parent waits
for the child with os.wait4(), whose rusage gives that child's peak resident set size (ru_maxrss),
interpreter, pandas and the frame included. The child also reports its own ru_maxrss just before
writing, so the memory the writer adds is visible. Times cover the writing only (the frame is built
first, the same way in every child). Ratios are against the baseline measured in the same run;
variants take turns (round robin) so that a busy machine slows them alike.

The frame is the applications report's shape (same columns and dtypes, aware Europe/Paris datetimes,
1 in 1 000 project names hostile), made from a fixed seed; with --db it is `build_report` on that
database instead. The baseline writes the same frame with its datetimes made naive first, since
openpyxl refuses time-zone-aware datetimes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.0
TARGET_PEAK_MB = 1024
BASELINE = "openpyxl to_excel (baseline)"
VARIANTS = {
    BASELINE: "baseline",
    "reports.render xlsx": "xlsx",
    "xlsxwriter to_excel": "xlsxwriter",
    "reports.render csv": "csv",
    "reports.render excel-csv": "excel-csv",
}
WORDS = (
    "jardins partagés carte participative fontaines répar café vélo école solidaire bibliothèque "
    "numérique communs sentiers accessibles données ouvertes habitants quartier mairie association "
    "tiers-lieu compost collectif énergie citoyenne mobilité inclusive santé alimentation locale"
).split()


def synthetic_applications(rows: int, seed: int = 2023):
    """A frame shaped like `applications_report` (columns, dtypes, attrs), from a fixed seed."""
    import numpy as np
    import pandas as pd

    from aic_dash.labels import ORG_TYPES, STAGES, STATES

    rng = np.random.default_rng(seed)
    words = np.array(WORDS)
    lengths = rng.integers(2, 8, rows)
    picks = rng.integers(0, len(words), (rows, 8))
    projects = [" ".join(words[p[:n]]).capitalize() for p, n in zip(picks, lengths)]
    for i in range(0, rows, 1000):  # some hostile names, as in real life they are rare
        projects[i] = '=HYPERLINK("http://exemple.invalid","clic")'
    deposited = pd.Timestamp("2023-01-02", tz="Europe/Paris") + pd.to_timedelta(
        rng.integers(0, 250 * 86400, rows), unit="s"
    )
    instructed = deposited + pd.to_timedelta(rng.integers(1, 40 * 86400, rows), unit="s")
    processed = instructed + pd.to_timedelta(rng.integers(1, 60 * 86400, rows), unit="s")
    season = rng.choice(["2022", "2023"], rows)
    frame = pd.DataFrame(
        {
            "dossier": np.arange(10_000_000, 10_000_000 + rows, dtype="int64"),
            "season": pd.array(season, dtype="str"),
            "round": pd.array(
                np.where(season == "2022", "2022", rng.choice(["2023-1", "2023-2"], rows)), dtype="str"
            ),
            "track": pd.array(rng.choice(["DINUM", "DITP"], rows), dtype="str"),
            "stage": pd.array(rng.choice(list(STAGES), rows), dtype="str"),
            "state": pd.array(rng.choice(list(STATES), rows), dtype="str"),
            "project": pd.array(projects, dtype="str"),
            "org_type": pd.array(rng.choice(list(ORG_TYPES), rows), dtype="str"),
            "deposited_at": deposited,
            "instructed_at": pd.Series(instructed).where(rng.random(rows) < 0.8),
            "processed_at": pd.Series(processed).where(rng.random(rows) < 0.6),
        }
    )
    frame.attrs = {
        "report": "applications",
        "filters": {"season": None, "round": None, "track": None},
        "generated_at": pd.Timestamp.now().floor("s").to_pydatetime(),
        "round_labels": {"2022": "Sélection 2022", "2023-1": "Première sélection 2023"},
        "imports": [
            {
                "file_name": f"export-{i}.csv",
                "started_at": pd.Timestamp("2023-09-01").to_pydatetime(),
                "source": "fichier",
                "rows": rows // 10,
                "created": rows // 10,
                "updated": 0,
            }
            for i in range(10)
        ],
        "personal_data": False,
    }
    return frame


def _frame(rows: int, db: str | None):
    if db:
        from aic_dash.reports.registry import build_report
        from aic_dash.store.db import get_engine

        return build_report("applications", get_engine(db))
    return synthetic_applications(rows)


def child(variant: str, rows: int, db: str | None) -> None:
    import gc

    frame = _frame(rows, db)
    if variant in ("baseline", "xlsxwriter"):
        naive = frame.assign(
            **{c: frame[c].dt.tz_localize(None) for c in frame.columns if str(frame[c].dtype).endswith("]")}
        )
        engine = "openpyxl" if variant == "baseline" else "xlsxwriter"

        def run() -> bytes:
            buffer = io.BytesIO()
            naive.to_excel(buffer, index=False, engine=engine)
            return buffer.getvalue()

    else:
        from aic_dash.reports.formats import render

        def run() -> bytes:
            return render(frame, variant)

    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    data = run()
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "bytes": len(data), "rows": len(frame), "rss_before_kb": before}))


def measure(variant: str, rows: int, db: str | None) -> dict:
    cmd = [sys.executable, __file__, "--child", variant, "--rows", str(rows)] + (["--db", db] if db else [])
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{variant}: le processus enfant a échoué (code {proc.returncode})")
    result = json.loads(out)
    result["peak_kb"] = usage.ru_maxrss  # kilobytes on Linux
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", help="build the applications report from this database instead")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows, args.db)
        return 0

    # Round robin, so that a busy machine slows every variant alike.
    by_variant: dict[str, list[dict]] = {name: [] for name in VARIANTS}
    for _ in range(args.repeat):
        for name, variant in VARIANTS.items():
            by_variant[name].append(measure(variant, args.rows, args.db))
    results = {}
    for name, runs in by_variant.items():
        results[name] = {
            "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_mb": max(r["peak_kb"] for r in runs) / 1024,
            "before_mb": max(r["rss_before_kb"] for r in runs) / 1024,
            "size_mb": runs[0]["bytes"] / 1e6,
            "rows": runs[0]["rows"],
        }
    base = results[BASELINE]["seconds"]
    print(f"applications report, {results[BASELINE]['rows']} rows, median of {args.repeat} run(s) each")
    columns = {"seconds": 8, "ratio": 6, "peak RSS MB": 12, "(before write)": 15, "file MB": 8}
    print(f"{'variant':<30} " + " ".join(f"{c:>{w}}" for c, w in columns.items()))
    for name, r in results.items():
        print(
            f"{name:<30} {r['seconds']:>8.2f} {r['seconds'] / base:>6.2f} {r['peak_mb']:>12.0f} "
            f"{r['before_mb']:>15.0f} {r['size_mb']:>8.1f}"
        )
    ours = results["reports.render xlsx"]
    ok = ours["seconds"] / base <= TARGET_RATIO and ours["peak_mb"] <= TARGET_PEAK_MB
    print(
        f"target: xlsx ratio ≤ {TARGET_RATIO:g} and peak ≤ {TARGET_PEAK_MB} MB -> "
        f"{'met' if ok else 'NOT met'} (ratio {ours['seconds'] / base:.2f}, peak {ours['peak_mb']:.0f} MB)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
