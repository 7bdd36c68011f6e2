"""What one warm run of each page costs the Streamlit server, in CPU: the cost twenty sessions queue for.

    .venv/bin/python bench/page_cpu.py --db sqlite:////tmp/big.sqlite [--runs 20] [--pages pipeline,jury]
        [--floor]

Starts `streamlit run app.py` on the database given (build one with
`python -m aic_dash demo --applications 100000 --db sqlite:////tmp/big.sqlite`), opens one WebSocket session
as a browser would (load_sessions.py's protocol client), warms each page, then reruns it `--runs` times and
prints, per page, the server's CPU per run (user + system of its process, /proc) and the wall time a run took,
with each page's CPU as a ratio of the lightest page's of the same run (the baseline: what any run costs).
With --floor, the baseline is `bench/floor_app.py` instead, measured in the same run: the Pipeline's
elements drawn by Streamlit with nothing computed, the part of a run no change to the dashboard removes.
With SPY=1 and py-spy installed, the server is also sampled (`py-spy record --format raw`) into
`/tmp/page_cpu.<page>.txt` for each page, to read where the CPU goes.

Any exception or error box on a page counts as an error: exit status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_sessions as ls  # (same folder)

DEFAULT_PAGES = ["pipeline", "cohorts", "dossiers", "jury", "laureates", "followup"]


async def measure(base: str, pid: int, pages: list[str], runs: int) -> tuple[dict, list[str]]:
    results, errors = {}, []
    await ls._load_page(base)
    async with ls._connect(base) as ws:
        first = await ls._rerun(ws, "")
        known = first.pages
        for name in pages:
            page_hash = known.get("" if name == "pipeline" else name)  # the default page: no path
            if page_hash is None:
                errors.append(f"{name} : page inconnue ({', '.join(sorted(known))})")
                continue
            for _ in range(3):  # warm: caches filled, modules imported
                run = await ls._rerun(ws, "", page_hash, name)
                errors += [f"{name} : {e}" for e in run.errors]
            spy = None
            if os.environ.get("SPY"):
                spy = subprocess.Popen(
                    ["py-spy", "record", "--pid", str(pid), "--format", "raw", "--rate", "250",
                     "--nonblocking", "-o", f"/tmp/page_cpu.{name}.txt"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                time.sleep(1)
            cpu0, walls = ls.cpu_seconds(pid), []
            for _ in range(runs):
                run = await ls._rerun(ws, "", page_hash, name)
                errors += [f"{name} : {e}" for e in run.errors]
                walls.append(run.seconds)
            cpu = (ls.cpu_seconds(pid) - cpu0) / runs
            if spy is not None:
                spy.send_signal(2)
                spy.wait(timeout=30)
            results[name] = (cpu, sorted(walls)[len(walls) // 2])
    return results, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pages", default=",".join(DEFAULT_PAGES))
    parser.add_argument(
        "--floor", action="store_true",
        help="mesurer aussi bench/floor_app.py (les éléments du Pipeline, rien de calculé) : la référence",
    )  # fmt: skip
    args = parser.parse_args(argv)
    pages = [p for p in args.pages.split(",") if p]
    print(f"Charge au départ : {ls.load_average()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "streamlit.log"
        with ls.streamlit_server(args.db, log) as (base, process):
            results, errors = asyncio.run(measure(base, process.pid, pages, args.runs))
            errors += ls.server_errors(log)
            rss = ls.memory_mb(process.pid)
        if args.floor:
            floor_log = Path(tmp) / "floor.log"
            with ls.streamlit_server(args.db, floor_log, "bench/floor_app.py") as (base, process):
                floor, floor_errors = asyncio.run(measure(base, process.pid, ["pipeline"], args.runs))
            errors += floor_errors + ls.server_errors(floor_log)
            results = {"plancher": floor["pipeline"], **results} if "pipeline" in floor else results
    if results:
        base_name = "plancher" if "plancher" in results else min(results, key=lambda n: results[n][0])
        lightest = results[base_name][0]
        print(f"\n{'page':<12} {'CPU serveur / exécution':>24} {'durée médiane':>14} {'ratio':>7}")
        for name, (cpu, wall) in results.items():
            print(f"{name:<12} {cpu * 1000:>21.1f} ms {wall * 1000:>11.0f} ms {cpu / lightest:>6.1f}×")
        against = (
            "le plancher : les éléments du Pipeline dans Streamlit, rien de calculé (bench/floor_app.py)"
            if base_name == "plancher"
            else "la page la plus légère de ce passage"
        )
        print(f"(ratio : contre {against} ; mémoire du serveur {rss[0]:.0f} Mo)")
    for error in errors:
        print(f"ERREUR {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
