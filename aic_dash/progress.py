"""Progress of a long command, shared by the command line and the app.

Importers report `(step, fraction of that step)`; `overall` turns it into the fraction of the whole import
that the app's st.progress bar and the terminal's bar both show. `TerminalProgress` is the command line's
display (rich: description, bar, percentage, elapsed and remaining time) on stderr, and stays silent when
stderr is not a terminal (a script or a log file gets the summary lines only).
"""

from __future__ import annotations

import sys

from aic_dash import labels as L

# Share of a whole import taken by each step the importers report (their names: labels.STORE_PROGRESS).
IMPORT_STEPS = {
    L.STORE_PROGRESS["reading"]: (0.0, 0.2),
    L.STORE_PROGRESS["checking"]: (0.2, 0.4),
    L.STORE_PROGRESS["writing"]: (0.4, 1.0),
}


def overall(step: str, fraction: float, steps: dict[str, tuple[float, float]] = IMPORT_STEPS) -> float:
    """The fraction of the whole run done when `step` is `fraction` done (unknown steps: their own)."""
    low, high = steps.get(step, (0.0, 1.0))
    return low + (high - low) * max(0.0, min(1.0, fraction))


class TerminalProgress:
    """A progress bar on stderr for one file, one sync or one report: call it with (step, fraction)."""

    def __init__(self, name: str, steps: dict[str, tuple[float, float]] | None = IMPORT_STEPS) -> None:
        self.name, self.steps = name, steps
        self._bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("écoulé"),
                TimeElapsedColumn(),
                TextColumn("reste"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(name, total=1.0)

    def __call__(self, step: str, fraction: float) -> None:
        if self._bar is not None:
            done = overall(step, fraction, self.steps) if self.steps is not None else fraction
            self._bar.update(self._task, completed=done, description=f"{self.name} : {step}")

    def done(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
