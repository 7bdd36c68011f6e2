"""Where a database's data comes from: the demo, or a manager's own imports — never both.

The demo's imports are recorded with source `DEMO_SOURCE`; any other successful import is the
manager's own data. A file is never imported into a database that holds the demo, and the demo is never
written into a database that holds anything else (aic_dash.cli.main `demo`, aic_dash.store.dispatch).
"""

from __future__ import annotations

from sqlalchemy import Engine, select, update

from aic_dash import labels as L
from aic_dash.codes import IMPORTED
from aic_dash.codes import SOURCE_DEMO as DEMO_SOURCE
from aic_dash.store import schema as S
from aic_dash.store.db import has_schema


def import_sources(engine: Engine) -> set[str]:
    """The sources ("fichier", "API", "demo") of the successful imports held by the database."""
    if not has_schema(engine):
        return set()
    with engine.connect() as conn:
        return set(
            conn.scalars(select(S.import_run.c.source).where(S.import_run.c.outcome == IMPORTED).distinct())
        )


def holds_demo(engine: Engine) -> bool:
    return DEMO_SOURCE in import_sources(engine)


def holds_own_data(engine: Engine) -> bool:
    return bool(import_sources(engine) - {DEMO_SOURCE})


def mark_demo(engine: Engine, import_ids: list[int]) -> None:
    """Record the demo's other imports (its jury grid) as demo too."""
    with engine.begin() as conn:
        conn.execute(update(S.import_run).where(S.import_run.c.id.in_(import_ids)).values(source=DEMO_SOURCE))


def demo_refusal(file_name: str, url: str) -> str:
    return L.STORE_ORIGIN["demo_refusal"].format(file_name=file_name, url=url)
