"""Files the command line writes (reports, the booklet, open data, backups' names aside)."""

from __future__ import annotations

from pathlib import Path

from aic_dash.errors import AicError


def write_output(path: str, data: bytes, force: bool) -> None:
    """Write the whole file or nothing (a temporary file renamed into place); never overwrite an
    existing file unless `force`. Problems are AicError in French, naming the file."""
    target = Path(path)
    if target.is_dir():
        raise AicError(
            f"« {path} » est un dossier : donnez un nom de fichier, par exemple {target / 'x.csv'}."
        )
    if target.exists() and not force:
        raise AicError(f"« {path} » existe déjà : ajoutez --force pour le remplacer, ou changez de nom.")
    partial = target.with_name(f".{target.name}.partiel")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise AicError(
            f"Impossible d'écrire « {path} » ({exc.strerror}). Vérifiez le dossier et les droits."
        ) from None
