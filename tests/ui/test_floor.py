"""bench/floor_app.py stands for the Pipeline page in `bench/page_cpu.py --floor`: it must draw the same
elements as the real page (menu, sidebar, tiles, charts, tables, buttons), so that its cost per run stays
Streamlit's own cost of what the Pipeline shows."""

from __future__ import annotations

from collections import Counter

from streamlit.testing.v1 import AppTest

from aic_dash.config import load_settings
from aic_dash.store import origin
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from tests.conftest import EXPORTS, ROOT
from tests.ui.apptest import open_app

KINDS = ("metric", "plotly_chart", "dataframe", "download_button", "selectbox", "title", "warning", "html")


def _counts(at: AppTest) -> Counter:
    """How many elements of each kind the run drew (layout containers included)."""
    counts = Counter()

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            counts[getattr(child, "type", type(child).__name__)] += 1
            walk(child)

    walk(at._tree)
    return counts


def test_the_floor_app_draws_the_elements_of_the_pipeline_page(demo_url):
    floor = AppTest.from_file(str(ROOT / "bench" / "floor_app.py"), default_timeout=60).run()
    assert not floor.exception, [e.value for e in floor.exception]
    # The benches' database: the demo, imported again (bench/load_sessions.py): the tiles say what changed.
    data = (EXPORTS / "ds_standard.csv").read_bytes()
    engine = get_engine(demo_url)
    assert import_export(engine, load_settings(), data, "ds_standard.csv", source=origin.DEMO_SOURCE).ok
    real = open_app()
    assert _counts(floor) == _counts(real)
    assert all(_counts(real)[kind] for kind in KINDS), _counts(real)  # none compared as 0 == 0
