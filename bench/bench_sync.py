"""Benchmark (not a test): a full sync from the API stand-in against a file import of the same dossiers.

Builds a demo export of N dossiers, serves the same dossiers from the loopback stand-in of the API
(tests/ds_standin.py, 50 per page as the sync asks), and prints, measured in this same run:
  - file import of the export (import_path) into a fresh SQLite database: the baseline;
  - full sync of the démarche into another fresh database;
  - incremental sync right after (nothing changed on the "platform");
  - conversion only (API nodes -> export table -> parse_dossiers), no HTTP, no database.
The ratio to watch: full sync / file import (the API's paging and JSON cost on top of the import).

Usage: python bench/bench_sync.py [--applications N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=5_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from aic_dash.config import load_settings
    from aic_dash.demo.dossiers import build_demo_export
    from aic_dash.ingest.dossiers import parse_dossiers
    from aic_dash.ingest.ds_api import dossiers_table
    from aic_dash.store.db import get_engine, upgrade
    from aic_dash.store.imports import import_path
    from aic_dash.store.sync import sync_demarche
    from tests.ds_standin import DEMARCHE, TOKEN, StandIn, export_dossiers

    folder = Path(tempfile.mkdtemp(prefix="aic-bench-sync-"))
    export = folder / "export.csv"
    export.write_bytes(build_demo_export(args.applications, seed=7))
    settings = load_settings()
    nodes = export_dossiers(export)

    def fresh(name: str):
        engine = get_engine(f"sqlite:///{folder / name}")
        upgrade(engine)  # schema creation is not the import's cost
        return engine

    engine = fresh("file.sqlite")
    t = time.perf_counter()
    result = import_path(engine, settings, str(export))
    t_file = time.perf_counter() - t
    assert result.ok, result.error

    t = time.perf_counter()
    parsed = parse_dossiers(dossiers_table(nodes, settings.timezone), settings)
    t_convert = time.perf_counter() - t
    assert len(parsed.dossiers) == result.rows

    engine = fresh("api.sqlite")
    with StandIn(nodes) as server:
        t = time.perf_counter()
        full = sync_demarche(engine, settings, DEMARCHE, server.url, TOKEN)
        t_full = time.perf_counter() - t
        assert full.ok, full.error
        t = time.perf_counter()
        again = sync_demarche(engine, settings, DEMARCHE, server.url, TOKEN)
        t_again = time.perf_counter() - t
        assert again.ok, again.error

    print(f"{result.rows} dossiers, {full.pages} pages of 50, {full.bytes_received / 1e6:.1f} MB of JSON")
    print(f"file import (baseline)     {t_file:7.2f} s   1.00")
    print(f"full sync                  {t_full:7.2f} s   {t_full / t_file:5.2f} x file import")
    print(f"incremental, no change     {t_again:7.2f} s   {t_again / t_file:5.2f} x file import")
    print(f"conversion + parse only    {t_convert:7.2f} s   {t_convert / t_file:5.2f} x file import")


if __name__ == "__main__":
    main()
