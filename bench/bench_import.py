"""Benchmark (not a test): import of a 100 000-dossier standard CSV export into a fresh SQLite database.

Prints, measured in this same run, each in its own process:
  - parse-only floor: pandas.read_csv(dtype=str) of the file;
  - first import (python -m aic_dash import path, in-process timing of import_path);
  - re-import of the unchanged file.
with wall time, peak RSS (ru_maxrss of the measuring process), and the ratios the issue sets as targets:
first import <= 2.5 x parse-only, re-import <= first import, peak memory <= 1 GB.

Usage: python bench/bench_import.py [--applications N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
kind, path, db = sys.argv[1], sys.argv[2], sys.argv[3]
import pandas as pd
if kind == "parse":
    t = time.perf_counter()
    frame = pd.read_csv(path, dtype=str)
    elapsed = time.perf_counter() - t
    rows = len(frame)
else:
    from aic_dash.config import load_settings
    from aic_dash.store.db import get_engine, upgrade
    from aic_dash.store.imports import import_path
    settings = load_settings()
    engine = get_engine(db)
    upgrade(engine)  # schema creation is not the import's cost
    t = time.perf_counter()
    result = import_path(engine, settings, path)
    elapsed = time.perf_counter() - t
    assert result.ok, result.error
    rows = result.rows
    extra = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
summary = {"seconds": elapsed, "peak_bytes": peak, "rows": rows}
print(json.dumps({**summary, **(extra if kind != "parse" else {})}))
"""


def measure(kind: str, path: Path, db: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path), db],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if out.returncode:
        raise SystemExit(f"{kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--keep", help="folder to keep the generated export and database in")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from aic_dash.demo import build_demo_export

    folder = Path(args.keep or tempfile.mkdtemp(prefix="aic-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    export = folder / "export.csv"
    t = time.perf_counter()
    export.write_bytes(build_demo_export(args.applications, seed=7))
    size = export.stat().st_size
    import pandas as pd

    columns = len(pd.read_csv(export, nrows=1, dtype=str).columns)
    print(
        f"export: {args.applications} dossiers, {columns} colonnes, {size / 1e6:.0f} Mo "
        f"(généré en {time.perf_counter() - t:.1f} s)"
    )
    db_path = folder / "bench.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db = f"sqlite:///{db_path}"
    parse = measure("parse", export, db)
    first = measure("import", export, db)
    again = measure("import", export, db)
    for name, m in (
        ("parse-only (read_csv dtype=str)", parse),
        ("first import", first),
        ("re-import", again),
    ):
        counts = (
            f" created={m['created']} updated={m['updated']} unchanged={m['unchanged']}"
            if "created" in m
            else ""
        )
        print(f"{name:<34} {m['seconds']:7.2f} s   peak RSS {m['peak_bytes'] / 2**20:7.0f} MiB{counts}")
    print(f"ratio first import / parse-only : {first['seconds'] / parse['seconds']:.2f}  (target <= 2.5)")
    print(f"ratio re-import / first import  : {again['seconds'] / first['seconds']:.2f}  (target <= 1)")
    peak = max(first["peak_bytes"], again["peak_bytes"]) / 1e9
    print(f"peak memory of the imports      : {peak:.2f} GB  (target <= 1 GB)")


if __name__ == "__main__":
    main()
