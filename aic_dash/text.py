"""Text helpers shared by every layer (ingest, analytics, store): standard library only."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "\u00a0": " "})
_SPACES = re.compile(r"\s+")


def normalize_label(label: object) -> str:
    """Fold case, accents, apostrophes and spaces so `L’AIC ` and `l'aic` compare equal."""
    text = str(label).translate(_APOSTROPHES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip().casefold()
