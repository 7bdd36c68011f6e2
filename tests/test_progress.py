"""The progress display of long commands: in a terminal a bar with elapsed and remaining time, in a
script nothing but the summary line."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from aic_dash.progress import overall
from tests.conftest import EXPORTS, ROOT


def test_overall_fraction_runs_from_reading_to_writing():
    assert overall("lecture", 0.0) == 0.0
    assert overall("vérification", 1.0) == overall("écriture", 0.0) == 0.4
    assert overall("écriture", 1.0) == 1.0
    assert overall("écriture", 7.0) == 1.0  # a step reporting past its end stays at the end


def _import(db: str, terminal: bool) -> tuple[str, str]:
    args = [sys.executable, "-m", "aic_dash", "import", str(EXPORTS / "ds_standard.csv"), "--db", db]
    if not terminal:
        done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=120)
        return done.stdout, done.stderr
    main, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=secondary, cwd=ROOT, timeout=120, env=env)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return done.stdout.decode(), b"".join(chunks).decode(errors="replace")


def test_an_import_in_a_terminal_shows_a_bar_with_elapsed_and_remaining_time(tmp_path):
    out, err = _import(f"sqlite:///{tmp_path / 'a.sqlite'}", terminal=True)
    assert "6 créé(s)" in out
    assert "ds_standard.csv : écriture" in err and "écoulé" in err and "reste" in err and "100%" in err


def test_an_import_in_a_script_prints_the_summary_only(tmp_path):
    out, err = _import(f"sqlite:///{tmp_path / 'b.sqlite'}", terminal=False)
    assert "6 créé(s)" in out and err == ""
