"""Publications of a season: the laureates' booklet (PDF) and the open data (SCDL Subventions, laureates).

No Streamlit here: the CLI (`aic_dash.cli.publish`) and the app (`aic_dash.ui.publish`) both call
`build_publication`, so a file downloaded from the Lauréats page is the one the command writes.
"""

from __future__ import annotations

from datetime import date

BOOKLET = "booklet"
OPENDATA = "opendata"
OPENDATA_LAUREATES = "opendata-laureates"
PUBLICATIONS = (BOOKLET, OPENDATA, OPENDATA_LAUREATES)
SUFFIXES = {BOOKLET: ".pdf", OPENDATA: ".csv", OPENDATA_LAUREATES: ".csv"}
MEDIA_TYPES = {BOOKLET: "application/pdf", OPENDATA: "text/csv", OPENDATA_LAUREATES: "text/csv"}
FILE_NAMES = {BOOKLET: "livret-{season}.pdf", OPENDATA: "subventions-{season}.csv",
              OPENDATA_LAUREATES: "laureats-{season}.csv"}  # fmt: skip


def file_name(name: str, season: str) -> str:
    return FILE_NAMES[name].format(season=season)


def build_publication(
    name: str, engine, settings, season: str, today: date, with_jury_scores: bool = False
) -> tuple[bytes, str]:
    """(file bytes, what was written, in French) of one publication of `season`.

    Raises AicError with a French message when it cannot be made (unknown season, no laureate,
    open data incomplete or invalid: nothing is returned then).
    """
    from aic_dash.errors import AicError
    from aic_dash.format import fr_euros
    from aic_dash.publish import booklet, opendata
    from aic_dash.publish.season import load_season

    pub = load_season(engine, settings, season, today)
    if name == BOOKLET:
        if pub.laureates.empty:
            raise AicError(f"Aucun lauréat pour la saison {season} : pas de livret à écrire.")
        scores = booklet.jury_means(engine, settings, pub) if with_jury_scores else {}
        data = booklet.render_pdf(booklet.booklet_html(pub, settings, scores))
        return data, f"Livret de la saison {season} ({len(pub.laureates)} lauréat(s)) écrit"
    if name == OPENDATA:
        data = opendata.subsidies_csv(pub, settings)
        total = fr_euros(float(pub.funding["amount"].sum()))
        return data, (
            f"{len(pub.funding)} subvention(s) de la saison {season} ({total}) au format SCDL "
            "Subventions, validées, écrites"
        )
    data = opendata.laureates_csv(pub, settings)
    return data, f"{len(pub.laureates)} lauréat(s) de la saison {season}, validés, écrits"
