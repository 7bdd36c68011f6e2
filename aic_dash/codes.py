"""The code lists of the dashboard, one home each: what the database stores and reports write.

French wording for each code lives in aic_dash.labels; this module only says which codes exist.
Standard library only, so that the command line's help loads nothing heavy.
"""

from __future__ import annotations

# Who may open the shared dashboard (aic_dash.store.access).
ROLES = ("lecteur", "gestionnaire", "admin", "jure")
ADMIN = "admin"

# Where an import came from (import_run.source) and how it ended (import_run.outcome).
SOURCE_FILE = "fichier"
SOURCE_API = "API"
SOURCE_DEMO = "demo"
IMPORTED, REJECTED, RUNNING = "importe", "rejete", "en_cours"

# What a file holds (import_run.kind; `--kind` of `python -m aic_dash import`).
IMPORT_KINDS = ("dossiers", "jury", "suivi")
