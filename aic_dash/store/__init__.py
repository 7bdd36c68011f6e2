"""The store: schema.py (every table), db.py (engines, migrations), import_runs.py (the one way data enters),
a module per feature (dossiers, jury, follow-up, evaluations, access, audit, sync, retention), queries."""
