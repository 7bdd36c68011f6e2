"""Pure pandas: frames in, frames out. No I/O, and no import of ingest, store or ui (tests/test_layers.py)."""
