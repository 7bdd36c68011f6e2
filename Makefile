.PHONY: run test lint bench
run:  ## install and open the dashboard on the embedded SQLite database with demo data
	bash scripts/run.sh
test:  ## install and run every test (SQLite, PostgreSQL, real browser)
	bash scripts/test.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
bench:
	.venv/bin/python bench/run_all.py
