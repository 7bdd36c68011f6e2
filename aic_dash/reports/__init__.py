"""Reports: the registry (names, builders), the file formats (csv, excel-csv, xlsx) and one module per family.

The app and `python -m aic_dash report` both go through `registry`, so a file is the same from either.
"""
