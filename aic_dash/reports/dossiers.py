"""The dossier reports: `pipeline` (stage counts) and `applications` (one row per dossier), and the personal
data a manager may add to them on request (every request is written to the audit trail)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
from sqlalchemy import Engine

from aic_dash.analytics.pipeline import stage_counts
from aic_dash.ingest.labels import normalize_label
from aic_dash.programme.form import EMAIL_LABEL, FIRST_NAME_LABEL, LAST_NAME_LABEL, PHONE_LABEL, ROLE_LABEL
from aic_dash.store.queries import Filters, load_dossiers, load_fields

# ---------------------------------------------------------------------------------------------------
# The reports


def pipeline_report(engine: Engine, filters: Filters) -> pd.DataFrame:
    """season, round, track, stage, applications."""
    return stage_counts(load_dossiers(engine, filters))


def applications_report(engine: Engine, filters: Filters) -> pd.DataFrame:
    """One row per dossier; no personal data."""
    d = load_dossiers(engine, filters)
    return pd.DataFrame(
        {
            "dossier": d["number"].astype("int64"),
            "season": d["season"],
            "round": d["round"],
            "track": d["track"],
            "stage": d["stage"],
            "state": d["state"],
            "project": d["project"],
            "org_type": d["org_type"],
            "deposited_at": d["deposited_at"],
            "instructed_at": d["instructed_at"],
            "processed_at": d["processed_at"],
        }
    )


REPORTS: dict[str, Callable[[Engine, Filters], pd.DataFrame]] = {
    "pipeline": pipeline_report,
    "applications": applications_report,
}


# ---------------------------------------------------------------------------------------------------
# Personal data: only on request, and every request is written to the audit trail

PERSONAL_DATA_ACTION = "export_donnees_personnelles"
_APPLICANT_EMAIL = normalize_label("Email")  # DS fixed column: the e-mail of the filing account
_ROLE = normalize_label(ROLE_LABEL)  # closes each referent block of the form
_REFERENT_FIELDS = {
    normalize_label(LAST_NAME_LABEL): "last_name",
    normalize_label(FIRST_NAME_LABEL): "first_name",
    normalize_label(EMAIL_LABEL): "email",
    normalize_label(PHONE_LABEL): "phone",
}
PERSONAL_COLUMNS = ("applicant_email",) + tuple(
    f"referent{block}_{field}" for block in (1, 2) for field in _REFERENT_FIELDS.values()
)
_FIELDS_BATCH = 5000  # dossier numbers per query: below SQLite's bound-parameter limit


def dossier_contacts(engine: Engine, numbers: Sequence[int]) -> pd.DataFrame:
    """Applicant e-mail and the two referents' names, e-mails and phones, indexed by dossier number.

    Read in batches, each reduced to its contacts at once, so memory stays flat however many dossiers.
    """
    numbers = list(numbers)
    batches = (numbers[i : i + _FIELDS_BATCH] for i in range(0, len(numbers), _FIELDS_BATCH))
    found = [_contacts(load_fields(engine, batch)) for batch in batches]
    empty = pd.DataFrame(
        {c: pd.Series(dtype="str") for c in PERSONAL_COLUMNS}, index=pd.Index([], name="number")
    )
    return pd.concat([empty, *(f for f in found if len(f))]).astype("str").rename_axis("number")


def _contacts(fields: pd.DataFrame) -> pd.DataFrame:
    """Long raw fields (number, position, label, value) -> one row of PERSONAL_COLUMNS per dossier.

    Labels repeat in the export (`Nom` is the applicant's, then each referent's): a referent field is
    the last one of its label before the block's `Rôle et responsabilités dans le projet`.
    """
    if fields.empty:
        return fields.iloc[:0]
    norm = fields["label"].map({label: normalize_label(label) for label in fields["label"].unique()})
    fields = fields.assign(norm=norm, value=fields["value"].replace("", pd.NA))
    email = fields[fields["norm"] == _APPLICANT_EMAIL].drop_duplicates("number").set_index("number")
    roles = fields.loc[fields["norm"] == _ROLE, ["number", "position"]].sort_values(["number", "position"])
    roles = roles.assign(block=roles.groupby("number").cumcount() + 1)
    referents = pd.merge_asof(
        fields[fields["norm"].isin(_REFERENT_FIELDS)].sort_values("position"),
        roles.sort_values("position"),
        on="position",
        by="number",
        direction="forward",
    ).dropna(subset=["block"])
    referents = (
        referents.assign(
            column="referent"
            + referents["block"].astype("int64").astype("str")
            + "_"
            + referents["norm"].map(_REFERENT_FIELDS)
        )
        .sort_values("position")
        .drop_duplicates(["number", "column"], keep="last")
        .pivot(index="number", columns="column", values="value")
    )
    contacts = referents.join(email["value"].rename("applicant_email"), how="outer")
    return contacts.reindex(columns=list(PERSONAL_COLUMNS))


def _applications_personal_data(engine: Engine, frame: pd.DataFrame) -> pd.DataFrame:
    contacts = dossier_contacts(engine, frame["dossier"].tolist())
    return frame.join(contacts, on="dossier").reindex(columns=[*frame.columns, *PERSONAL_COLUMNS])


# Reports that can carry personal data -> the function that adds it.
PERSONAL_DATA: dict[str, Callable[[Engine, pd.DataFrame], pd.DataFrame]] = {
    "applications": _applications_personal_data,
}
