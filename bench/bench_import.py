"""Benchmark (not a test): what a manager waits for on the command line, whole processes, on a 100 000-dossier
standard CSV export into a fresh SQLite database.

Every figure is a whole process (start-up, imports of modules, reading, writing), timed from outside with its
peak RSS from os.wait4, next to a baseline measured in the same run:
  - `python -m aic_dash import FILE` (first import)  vs `python -c "pandas.read_csv(FILE, dtype=str)"`;
  - the same import again (unchanged file)          vs the first import;
  - `python -m aic_dash --help`                      vs `python -c "import pandas"`;
  - peak memory of the first import                  vs peak memory of read_csv.
Each is run `--repeat` times (default 3) and the median kept, since the machine may be shared.

Usage: python bench/bench_import.py [--applications N] [--repeat N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS bytes) of one whole process; fails loudly if the process fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode() if process.stderr else ""
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{error[-3000:]}")
    return elapsed, usage.ru_maxrss * 1024


def median_of(repeat: int, make: callable) -> tuple[float, int]:
    """Median time and largest peak of `repeat` runs of the command `make()` returns (called before each)."""
    runs = [run(make()) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def fresh(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="folder to keep the generated export and database in")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from aic_dash.demo.dossiers import build_demo_export

    folder = Path(args.keep or tempfile.mkdtemp(prefix="aic-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    export = folder / "export.csv"
    started = time.perf_counter()
    if not export.exists():
        export.write_bytes(build_demo_export(args.applications, seed=7))
    print(
        f"export : {args.applications} dossiers, {export.stat().st_size / 1e6:.0f} Mo "
        f"(prêt en {time.perf_counter() - started:.1f} s) ; charge {os.getloadavg()[0]:.1f} ; "
        f"médiane de {args.repeat} exécution(s)"
    )
    python = sys.executable
    db_path = folder / "bench.sqlite"
    db = f"sqlite:///{db_path}"
    importing = [python, "-m", "aic_dash", "import", str(export), "--db", db]

    read = median_of(
        args.repeat, lambda: [python, "-c", f"import pandas; pandas.read_csv({str(export)!r}, dtype=str)"]
    )

    def first_import() -> list[str]:
        fresh(db_path)
        return importing

    first = median_of(args.repeat, first_import)
    again = median_of(args.repeat, lambda: importing)
    bare = median_of(args.repeat, lambda: [python, "-c", "import pandas"])
    helped = median_of(args.repeat, lambda: [python, "-m", "aic_dash", "--help"])

    rows = [
        ("python -m aic_dash import (100k)", first, "pandas.read_csv(dtype=str)", read, 2.5),
        ("ré-import du même fichier", again, "premier import", first, 0.3),
        ("python -m aic_dash --help", helped, 'python -c "import pandas"', bare, 1.0),
    ]
    print(f"{'mesure':<36} {'s':>7}  {'référence':<30} {'s':>7}  {'ratio':>6}  cible")
    for name, (seconds, _), base_name, (base_seconds, _), target in rows:
        ratio = seconds / base_seconds
        print(f"{name:<36} {seconds:7.2f}  {base_name:<30} {base_seconds:7.2f}  {ratio:6.2f}  <= {target}")
    peak_ratio = first[1] / read[1]
    print(
        f"{'pic mémoire de l import':<36} {first[1] / 2**20:6.0f}M  {'pic de read_csv':<30} "
        f"{read[1] / 2**20:6.0f}M  {peak_ratio:6.2f}  <= 1.0"
    )


if __name__ == "__main__":
    main()
