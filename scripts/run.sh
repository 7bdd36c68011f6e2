#!/usr/bin/env bash
# Install, build the demo database (data/demo.sqlite, fictitious) until the manager's own data/aic.sqlite
# holds an import, open the dashboard (it shows the demo, with a banner, until then).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
if [ -z "${AIC_DASH_DATABASE_URL:-}" ] && [ ! -f data/aic.sqlite ] && [ ! -f data/demo.sqlite ]; then
  .venv/bin/python -m aic_dash demo
fi
if [ -z "${AIC_DASH_DATABASE_URL:-}" ] && [ -f data/aic.sqlite ]; then
  # Today's copy beside the database when the last one is older than a day; the last 7 are kept.
  .venv/bin/python -m aic_dash backup --daily || echo "Copie quotidienne non faite : le tableau de bord démarre quand même." >&2
fi
exec .venv/bin/streamlit run app.py "$@"
