"""Plotly figures in the house style (DSFR palette, French numbers): one module per feature, no Streamlit."""
