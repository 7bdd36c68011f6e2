"""Streamlit pieces the pages are made of: cached reads and shared views, components, one module per page
feature. The only Streamlit code besides app.py and pages/; imports no cli and no demo module."""
