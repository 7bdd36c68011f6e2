"""Publications of a season: the laureates' booklet (PDF) and the open data (SCDL Subventions, laureates).

No Streamlit here: the CLI (`aic_dash.publish_cli`) and the app (`aic_dash.ui.publish`) call the same code.
"""
