#!/usr/bin/env bash
# Install, fill the embedded SQLite database with the demo data on first run, open the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
if [ -z "${AIC_DASH_DATABASE_URL:-}" ] && [ ! -f data/aic.sqlite ]; then
  .venv/bin/python -m aic_dash demo
fi
exec .venv/bin/streamlit run app.py "$@"
