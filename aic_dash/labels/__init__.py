"""Every word a manager reads for a code, one module per feature (FACTS §5).

Each feature module declares its own part of the shared dicts under the same names (COLUMNS,
AUDIT_ACTIONS, REPORT_TITLES, PAGE_TITLES, VALUE_LABELS); this module composes them once, without updating
any in place, and is what the rest of the package reads (`from aic_dash import labels as L`).
"""

from __future__ import annotations

from aic_dash.labels import access, common, dashboard, evaluations, followup, jury, privacy
from aic_dash.labels.access import (
    ACCESS,
    ACCESS_AUDIT_ACTIONS,
    JOURNAL_COLUMNS,
    ROLE_HELP,
    ROLE_NAMES,
    USER_COLUMNS,
)
from aic_dash.labels.cli import (
    CLI,
    CLI_BACKUP,
    CLI_DEMO,
    CLI_IMPORT,
    CLI_JURY,
    CLI_METAVARS,
    CLI_OPTIONS,
    CLI_PUBLISH,
    CLI_PUBLISH_EXAMPLES,
    CLI_PURGE,
    CLI_REPORT,
    CLI_SYNC,
    CLI_USERS,
)
from aic_dash.labels.common import (
    ABOUT_FILTERS,
    ABOUT_GENERATED_AT,
    ABOUT_IMPORT_COLUMNS,
    ABOUT_IMPORTS,
    ABOUT_NO_IMPORT,
    ABOUT_PERSONAL_DATA,
    ABOUT_PERSONAL_NO,
    ABOUT_PERSONAL_YES,
    ABOUT_REPORT,
    ABOUT_ROWS,
    ABOUT_SHEET,
    ABOUT_SHEETS,
    ABOUT_TIMEZONE,
    BOOLEANS,
    CHANGES,
    FILTER_ALL,
    FILTER_NAMES,
    FORMAT_LABELS,
    ORG_TYPES,
    OUTCOMES,
    SEASON_REPORT_TITLE,
    STAGE_ORDER,
    STAGES,
    STATES,
)
from aic_dash.labels.dashboard import (
    ALL_ROUNDS,
    ALL_SEASONS,
    ALL_TRACKS,
    APP_TITLE,
    CHARTS,
    FILTER_LABELS,
    FUNNEL_STEPS,
    KPI_HELP,
    KPIS,
    MESSAGES,
    NO_ROUND,
    NO_TRACK,
    ORG_TYPES_CHART,
    TEXTS,
    TOTAL,
)
from aic_dash.labels.evaluations import EVALUATION_PROGRESS, EVALUATIONS, JURY_ASSIGN, JURY_ASSIGN_COLUMNS
from aic_dash.labels.followup import (
    FOLLOWUP_AUDIT_ACTIONS,
    FOLLOWUP_CHARTS,
    FOLLOWUP_HEADERS,
    FOLLOWUP_HISTORY,
    FOLLOWUP_KINDS,
    FOLLOWUP_MESSAGES,
    FOLLOWUP_STORE,
    FOLLOWUP_TEMPLATE,
    FOLLOWUP_UI,
    MILESTONE_STATUSES,
    STRANDS,
    SUPPORT_STATUSES,
)
from aic_dash.labels.ingest import (
    INGEST_DOSSIERS,
    INGEST_DS_ACCESS,
    INGEST_DS_API,
    INGEST_FOLLOWUP,
    INGEST_JURY,
    INGEST_QUOTED,
    INGEST_READERS,
)
from aic_dash.labels.jury import JURY, JURY_COLUMNS
from aic_dash.labels.privacy import PRIVACY
from aic_dash.labels.settings import (
    ANNOTATION_DEFAULTS,
    PROGRAMME_TYPE_OTHER,
    PROGRAMME_TYPES,
    SETTINGS_ERRORS,
    SETTINGS_EXPECTED,
    SETTINGS_EXPECTED_OTHER,
    SETTINGS_KEYS,
    SETTINGS_ROOT,
    SETTINGS_VALUE_ERRORS,
)
from aic_dash.labels.store import (
    STORE_ACCESS,
    STORE_BACKUP,
    STORE_DB,
    STORE_EVALUATIONS,
    STORE_EVALUATIONS_GRID,
    STORE_FILTER_WORDS,
    STORE_IMPORT_RUNS,
    STORE_IMPORTS,
    STORE_JURY,
    STORE_ORIGIN,
    STORE_PROGRESS,
    STORE_PUBLICATION,
    STORE_PUBLICATION_FIELDS,
    STORE_QUERIES,
    STORE_RETENTION,
    STORE_SYNC,
)
from aic_dash.labels.sync import SYNC

_COLUMNS = {**common.COLUMNS, **dashboard.COLUMNS, **followup.COLUMNS}
COLUMNS = {**_COLUMNS, **{k: v for k, v in jury.JURY_COLUMNS.items() if k not in _COLUMNS}}
AUDIT_ACTIONS = {
    **common.AUDIT_ACTIONS,
    **followup.AUDIT_ACTIONS,
    **access.AUDIT_ACTIONS,
    **evaluations.AUDIT_ACTIONS,
    **privacy.AUDIT_ACTIONS,
}
REPORT_TITLES = {**common.REPORT_TITLES, **followup.REPORT_TITLES, **jury.REPORT_TITLES}
PAGE_TITLES = {
    **dashboard.PAGE_TITLES,
    **followup.PAGE_TITLES,
    **jury.PAGE_TITLES,
    **access.PAGE_TITLES,
    **evaluations.PAGE_TITLES,
}
VALUE_LABELS = {**common.VALUE_LABELS, **followup.VALUE_LABELS}
