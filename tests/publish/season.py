"""The demo season built through the ordinary import paths, for the publication tests.

One laureate's application (Infoclimat) describes its project with HTML, markdown, an e-mail address
and a phone number, as an applicant may type them: the booklet must print the markup literally and
leave the contacts out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from aic_dash.config import DATA_DIR, DEFAULT_SETTINGS
from aic_dash.demo.dossiers import build_demo_export
from aic_dash.demo.followup import seed_followup
from aic_dash.demo.jury import build_demo_grid
from aic_dash.programme import form
from aic_dash.store.db import get_engine
from aic_dash.store.imports import import_export
from aic_dash.store.jury import import_jury_grid
from aic_dash.store.queries import load_field_values

ORIGINAL = (
    "Des passionnés de météo partagent depuis une vingtaine d'années les relevés de leurs stations et des "
    "données climatologiques en accès libre, pour mieux comprendre le climat local."
)
HOSTILE = (
    "Des passionnés de météo <b>partagent</b> leurs **relevés** <script>alert(1)</script> "
    "[carte](https://exemple.example) # Titre — écrivez à meteo.contact@infoclimat.example "
    "ou au 06 12 34 56 78."
)
LITERALS = (
    "<b>partagent</b>",
    "**relevés**",
    "<script>alert(1)</script>",
    "[carte](https://exemple.example)",
)
FAKE_SIRETS = {"DINUM": "11000000000018", "DITP": "11000000000026"}


def build_demo_db(folder: Path, settings) -> str:
    """A SQLite file holding the demo export (with the hostile description), jury grid and follow-up."""
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    engine = get_engine(url)
    data = build_demo_export(None, 2023)
    assert ORIGINAL.encode() in data
    result = import_export(engine, settings, data.replace(ORIGINAL.encode(), HOSTILE.encode()), "demo.csv")
    assert result.ok, result.error
    assert import_jury_grid(engine, settings, build_demo_grid(engine, 2023), "grille.csv").ok
    seed_followup(engine, settings)
    engine.dispose()  # the last connection closed checkpoints the WAL: the file alone holds everything
    return url


def copy_db(url: str, folder: Path) -> str:
    """A private copy of a SQLite database, for a test that changes it."""
    source = Path(url.removeprefix("sqlite:///"))
    target = folder / "copie.sqlite"
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
    return f"sqlite:///{target}"


def settings_file(folder: Path, sirets: dict[str, str] | None = FAKE_SIRETS) -> Path:
    """The shipped settings with the granting bodies' SIRETs filled (or left empty with None)."""
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        "programme_page: programme_page.md", f"programme_page: {DATA_DIR / 'programme_page.md'}"
    )
    for track, siret in (sirets or {}).items():
        marker = f"  {track}:\n    name:"
        start = text.index(marker)
        at = text.index("    siret:", start)
        end = text.index("\n", at)
        text = text[:at] + f'    siret: "{siret}"' + text[end:]
    path = folder / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def personal_values(url: str) -> set[str]:
    """E-mails, phone numbers and « Prénom Nom » of every referent of the demo dossiers."""
    labels = (form.EMAIL_LABEL, form.PHONE_LABEL, form.FIRST_NAME_LABEL, form.LAST_NAME_LABEL, "Email")
    values: set[str] = set()
    engine = get_engine(url)
    for take_last in (False, True):
        frame = load_field_values(engine, labels, last=take_last)
        for row in frame.itertuples(index=False):
            email, phone, first, last, account = row
            values |= {v for v in (email, phone, account) if isinstance(v, str) and v.strip()}
            if isinstance(first, str) and isinstance(last, str) and first.strip() and last.strip():
                values.add(f"{first} {last}")
    assert len(values) > 100  # the demo has hundreds of referents
    return values


def leaked(text: str, personal: set[str]) -> list[str]:
    """The personal values found in a publication's text (phone numbers spaced or dotted)."""
    flat = " ".join(text.split())
    return sorted(v for v in personal if v in flat or v.replace(" ", ".") in flat)


def season_funding(url: str, season: str) -> float:
    from aic_dash.store.followup import load_followup
    from aic_dash.store.queries import Filters

    followup = load_followup(get_engine(url), Filters(season=season))
    return float(pd.to_numeric(followup.funding["amount"]).sum())
