"""How the dashboard reaches the démarches-simplifiées API: endpoint, token, and what is wrong with them.

Light on purpose (standard library only): the command line's help and the app's sync panel read it
without loading the API client (aic_dash.ingest.ds_api).
"""

from __future__ import annotations

import os

from aic_dash import labels as L

DEFAULT_ENDPOINT = "https://www.demarches-simplifiees.fr/api/v2/graphql"
TOKEN_ENV = "AIC_DASH_DS_TOKEN"
ENDPOINT_ENV = "AIC_DASH_DS_ENDPOINT"


def endpoint_for(explicit: str | None, settings: object | None = None) -> str:
    """--endpoint first, then AIC_DASH_DS_ENDPOINT, then the settings' `ds_endpoint`, then the platform."""
    return (
        explicit
        or os.environ.get(ENDPOINT_ENV)
        or (getattr(settings, "ds_endpoint", None) if settings is not None else None)
        or DEFAULT_ENDPOINT
    )


def token_problem(token: str | None) -> str | None:
    """Why the token cannot be used (French), or None."""
    if not token or not token.strip():
        return L.INGEST_DS_ACCESS["no_token"].format(env=TOKEN_ENV)
    if not token.strip().isascii() or any(c.isspace() or not c.isprintable() for c in token.strip()):
        return L.INGEST_DS_ACCESS["bad_token"]
    return None
