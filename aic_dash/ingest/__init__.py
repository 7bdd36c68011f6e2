"""Reading what comes in: export files (CSV, XLSX, ODS), jury grids, follow-up files, the API client of
démarches-simplifiées. No database here: frames, and French errors naming file, row and column."""
