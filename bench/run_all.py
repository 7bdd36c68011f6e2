"""Run every benchmark of this folder in turn (each prints its own figures and ratios), then the load
test (load_sessions.py: twenty sessions at once on 100 000 dossiers, several minutes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    failed = 0
    for script in [*sorted(HERE.glob("bench_*.py")), HERE / "load_sessions.py"]:
        print(f"\n=== {script.name}", flush=True)
        failed |= subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode
    sys.exit(1 if failed else 0)
