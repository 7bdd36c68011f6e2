"""The command line, one module per command (`main` assembles them); no Streamlit here."""
