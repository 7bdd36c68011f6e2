"""What several commands share: the database and settings options, the user option, printing a result."""

from __future__ import annotations

import argparse
import sys

from aic_dash import labels as L


def add_database_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help=L.CLI_OPTIONS["db"])
    p.add_argument("--config", help=L.CLI_OPTIONS["config"])


def print_result(result) -> None:
    """An import's one-line summary on standard output, or its French error on standard error."""
    if result.ok:
        print(result.summary())
    else:
        print(result.error, file=sys.stderr)
