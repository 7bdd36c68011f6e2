"""Laureate follow-up in the store: laureates, support periods, roadmap milestones, impact indicators and
their measurements, funding and partner administrations.

Three ways in, each in one transaction: `import_followup` (a filled template), `save_milestones` /
`save_measurements` (edits from the app) and the `add_*` helpers (the demo seed, insert-if-missing).
Every change made by an import or an edit leaves one row in the audit trail (who, when, what).

What lives where (callers import this package, `from aic_dash.store import followup as F`):

- `common`: the support length, the import kind, the clock, the audit target, one audit row per change;
- `read`: `load_followup` (every table of the laureates in view) and `laureate_history`;
- `add`: `sync_laureates` (a laureate for each dossier at the `laureat` stage) and the `add_*` helpers;
- `edit`: `save_milestones` and `save_measurements`, conflicts refused, one audit row per change;
- `imports`: `import_followup` and `import_followup_path`, all or nothing, through the import history.

The French words they say are in `aic_dash.labels.followup`.
"""

from aic_dash.store.followup.add import (
    add_funding,
    add_indicator,
    add_laureate,
    add_measurement,
    add_milestone,
    add_partner,
    add_period,
    find_laureate,
    sync_laureates,
)
from aic_dash.store.followup.common import IMPORT_KIND, SUPPORT_MONTHS, audit_target, support_end
from aic_dash.store.followup.edit import Changes, save_measurements, save_milestones
from aic_dash.store.followup.imports import FollowupImportResult, import_followup, import_followup_path
from aic_dash.store.followup.read import FollowupData, laureate_history, link_laureates, load_followup
from aic_dash.store.schema import (
    funding,
    indicator,
    indicator_measurement,
    laureate,
    milestone,
    partner_administration,
    support_period,
)

__all__ = [
    "IMPORT_KIND",
    "SUPPORT_MONTHS",
    "Changes",
    "FollowupData",
    "FollowupImportResult",
    "add_funding",
    "add_indicator",
    "add_laureate",
    "add_measurement",
    "add_milestone",
    "add_partner",
    "add_period",
    "audit_target",
    "find_laureate",
    "funding",
    "import_followup",
    "import_followup_path",
    "indicator",
    "indicator_measurement",
    "laureate",
    "laureate_history",
    "link_laureates",
    "load_followup",
    "milestone",
    "partner_administration",
    "save_measurements",
    "save_milestones",
    "support_end",
    "support_period",
    "sync_laureates",
]
