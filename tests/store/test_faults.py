"""An import killed half-way (SIGKILL, as by the OOM killer or a power cut of the process) leaves the
database as it was; running the same import again then completes. On SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from aic_dash.demo.dossiers import build_demo_export
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_path
from aic_dash.store.queries import import_history, load_dossiers
from tests.conftest import EXPORTS
from tests.db_state import dump, import_process, wait_until_writing

# Large enough that writing takes a while (about 17 MB of CSV), small enough for a test.
BIG = 10_000


@pytest.fixture(scope="module")
def big_export(tmp_path_factory):
    path = tmp_path_factory.mktemp("faults") / "export-10000.csv"
    path.write_bytes(build_demo_export(BIG, seed=5))
    return path


def test_killed_import_leaves_the_database_as_before_and_can_run_again(db_url, settings, big_export):
    engine = get_engine(db_url)
    assert import_path(engine, settings, str(EXPORTS / "ds_standard.csv")).ok
    before = dump(engine, skip={"alembic_version"})  # the import history too: no half-done run

    process = import_process(big_export, db_url)
    wait_until_writing(process, engine)
    process.kill()
    process.wait(timeout=30)
    assert process.returncode == -9

    assert dump(engine, skip={"alembic_version"}) == before
    again = import_process(big_export, db_url)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert f"{BIG} créé(s)" in out and "Traceback" not in err
    assert len(load_dossiers(engine, columns=("number",))) == BIG + 6
    assert import_history(engine)["outcome"].tolist() == ["importe", "importe"]
