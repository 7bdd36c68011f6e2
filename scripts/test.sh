#!/usr/bin/env bash
# Install everything the tests need, start PostgreSQL on loopback, run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-packages.sh
scripts/setup.sh requirements-dev.txt
pgdir=$(mktemp -d /tmp/aic-pg.XXXXXX)
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
scripts/postgres.sh start "$pgdir" "$port"
trap 'scripts/postgres.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
export AIC_DASH_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/aic_test"
export AIC_DASH_REQUIRE_PG=1 AIC_DASH_REQUIRE_BROWSER=1
.venv/bin/python -m pytest "$@"
