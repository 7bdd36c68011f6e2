"""The demo database: a synthetic export of the form, a jury grid, the follow-up of the public laureates.

Only `python -m aic_dash demo` (and tests, benchmarks) import this package; the app never does.
"""
