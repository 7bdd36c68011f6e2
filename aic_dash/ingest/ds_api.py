"""The démarches-simplifiées GraphQL API: fetch a démarche's dossiers, shaped as an export table.

`DsClient` pages through `demarche(number){ dossiers(first, after, updatedSince) }` with Relay cursors,
waits when the platform throttles (HTTP 429), retries timeouts and 5xx a bounded number of times, and
turns every other failure into a `DsApiError` whose French message says what to check. The token is
sent in the `Authorization` header only: it never appears in a message, a log line or an exception.

`dossiers_table` turns the API's dossier nodes into the `RawTable` a CSV export of the same dossiers
would give (export column labels, export value forms), so that `parse_dossiers` derives the same stage,
track, season and round whatever the source. No database here.
"""

from __future__ import annotations

import base64
import binascii
import http.client
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pandas as pd

from aic_dash import labels as L
from aic_dash.errors import AicError
from aic_dash.ingest import labels as DS
from aic_dash.ingest.ds_access import (  # noqa: F401 (re-exported for the API's callers)
    DEFAULT_ENDPOINT,
    ENDPOINT_ENV,
    TOKEN_ENV,
    token_problem,
)
from aic_dash.ingest.readers import RawTable

# The platform serves at most 100 dossiers a page, and advises fewer when champs are asked for.
PAGE_SIZE = 50
DELETED_PAGE_SIZE = 100
TIMEOUT_S = 60.0
MAX_RETRIES = 4  # timeouts, dropped connections, 5xx: then give up
MAX_THROTTLE_WAITS = 20  # HTTP 429 answers survived for one request
MAX_WAIT_S = 15 * 60  # a longer Retry-After ends the sync: the manager relaunches later
DEFAULT_THROTTLE_WAIT_S = 60.0
USER_AGENT = "aic-dash (tableau de bord de l'Accélérateur d'initiatives citoyennes)"

log = logging.getLogger("aic_dash.sync")

# Section titles and explanations are form furniture, not fields: exports leave them out.
NOT_FIELDS = {"HeaderSectionChampDescriptor", "ExplicationChampDescriptor"}

CHAMP_FRAGMENT = """
fragment AicChamp on Champ {
  id
  __typename
  label
  stringValue
  ... on CheckboxChamp { checked: value }
  ... on MultipleDropDownListChamp { values }
  ... on PieceJustificativeChamp { files { filename } }
  ... on DateChamp { date }
  ... on DatetimeChamp { datetime }
}
"""
# Yes/no fields and checkboxes both come back as CheckboxChamp (the API has no YesNoChamp type).
DOSSIERS_QUERY = (
    """
query aicDossiers($demarche: Int!, $first: Int!, $after: String, $updatedSince: ISO8601DateTime) {
  demarche(number: $demarche) {
    number
    dossiers(first: $first, after: $after, updatedSince: $updatedSince) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number
        state
        archived
        dateDepot
        datePassageEnInstruction
        dateTraitement
        dateDerniereModification
        motivation
        usager { email }
        instructeurs { email }
        groupeInstructeur { label }
        champs { ...AicChamp }
        annotations { ...AicChamp }
      }
    }
  }
}
"""
    + CHAMP_FRAGMENT
)
DEMARCHE_QUERY = """
query aicDemarche($demarche: Int!) {
  demarche(number: $demarche) {
    number
    title
    revisions {
      champDescriptors { __typename id label }
      annotationDescriptors { __typename id label }
    }
  }
}
"""
DELETED_QUERY = """
query aicDeletedDossiers($demarche: Int!, $first: Int!, $after: String, $deletedSince: ISO8601DateTime) {
  demarche(number: $demarche) {
    deletedDossiers(first: $first, after: $after, deletedSince: $deletedSince) {
      pageInfo { hasNextPage endCursor }
      nodes { number dateSupression state reason }
    }
  }
}
"""

TOKEN_HELP = L.INGEST_DS_API["token_help"]


class DsApiError(AicError):
    """The API could not be read; the message says what to check and never holds the token."""


def check_endpoint(endpoint: str) -> str:
    """The endpoint URL, or a French error: https is required except on the local machine."""
    parts = urlsplit(endpoint.strip())
    loopback = parts.hostname in {"127.0.0.1", "::1", "localhost"}
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise DsApiError(L.INGEST_DS_API["bad_endpoint"].format(endpoint=endpoint, example=DEFAULT_ENDPOINT))
    if parts.scheme != "https" and not loopback:
        raise DsApiError(L.INGEST_DS_API["not_https"].format(endpoint=endpoint))
    return endpoint.strip()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect would resend the token to another address: stop and say so instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise DsApiError(L.INGEST_DS_API["redirect"].format(code=code, url=newurl))


@dataclass
class Page:
    nodes: list[dict]
    has_next: bool
    end_cursor: str | None


@dataclass
class DsClient:
    """One token, one endpoint; counts requests, pages, bytes and the time spent waiting."""

    endpoint: str
    token: str = field(repr=False)
    sleep: Callable[[float], None] = time.sleep
    timeout: float = TIMEOUT_S
    max_retries: int = MAX_RETRIES
    requests: int = 0
    bytes_received: int = 0
    waits: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.endpoint = check_endpoint(self.endpoint)
        problem = token_problem(self.token)
        if problem:
            raise DsApiError(problem)
        self.token = self.token.strip()
        self._opener = urllib.request.build_opener(_NoRedirect)

    # -- transport -------------------------------------------------------------------------------

    def _redact(self, text: str) -> str:
        return text.replace(self.token, "***") if self.token else text

    def _wait(self, seconds: float, why: str) -> None:
        self.waits.append(seconds)
        log.warning(L.INGEST_DS_API["retry"].format(why=why, seconds=seconds))
        self.sleep(seconds)

    def _post(self, body: bytes) -> bytes:
        """POST once; returns the body of a 200 answer or raises urllib/http errors."""
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            },
        )
        self.requests += 1
        with self._opener.open(request, timeout=self.timeout) as response:
            data = response.read()
        self.bytes_received += len(data)
        return data

    def query(self, document: str, variables: dict, operation: str) -> dict:
        """Run one GraphQL query and return its `data`; polite on 429, bounded retries on 5xx."""
        body = json.dumps({"query": document, "variables": variables, "operationName": operation}).encode()
        failures = 0
        throttled = 0
        while True:
            try:
                raw = self._post(body)
                break
            except urllib.error.HTTPError as exc:
                status, headers = exc.code, exc.headers
                detail = _read_quietly(exc)
                exc.close()
                if status == 429:
                    throttled += 1
                    wait = throttle_wait(headers)
                    if throttled > MAX_THROTTLE_WAITS or wait > MAX_WAIT_S:
                        asked = (
                            L.INGEST_DS_API["throttle_wait"].format(minutes=wait / 60)
                            if wait > MAX_WAIT_S
                            else L.INGEST_DS_API["throttle_refused"].format(count=throttled)
                        )
                        raise DsApiError(L.INGEST_DS_API["throttled"].format(asked=asked)) from None
                    self._wait(wait, L.INGEST_DS_API["throttle_reason"])
                    continue
                if status == 401:
                    raise DsApiError(L.INGEST_DS_API["unauthorized"].format(token_help=TOKEN_HELP)) from None
                if status == 403:
                    raise DsApiError(L.INGEST_DS_API["forbidden"].format(token_help=TOKEN_HELP)) from None
                if status >= 500 or status == 408:
                    failures += 1
                    if failures > self.max_retries:
                        raise DsApiError(
                            L.INGEST_DS_API["unavailable"].format(status=status, failures=failures)
                        ) from None
                    retry_after = _seconds(headers.get("Retry-After")) if headers else None
                    self._wait(retry_after or backoff(failures), f"HTTP {status}")
                    continue
                errors = _graphql_errors(detail)
                if errors:
                    raise self._errors_message(errors, variables) from None
                raise DsApiError(
                    L.INGEST_DS_API["http_status"].format(status=status, endpoint=self.endpoint)
                ) from None
            except DsApiError:
                raise
            except (OSError, http.client.HTTPException) as exc:  # timeouts, refused or dropped connections
                failures += 1
                reason = _transport_reason(exc)
                if failures > self.max_retries:
                    raise DsApiError(
                        L.INGEST_DS_API["unreachable"].format(
                            endpoint=self.endpoint, reason=reason, failures=failures
                        )
                    ) from None
                self._wait(backoff(failures), reason)
        try:
            answer = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise DsApiError(L.INGEST_DS_API["not_json"].format(endpoint=self.endpoint)) from None
        if not isinstance(answer, dict):
            raise DsApiError(L.INGEST_DS_API["unexpected"].format(endpoint=self.endpoint))
        if answer.get("errors"):
            raise self._errors_message(answer["errors"], variables)
        data = answer.get("data") or {}
        if data.get("demarche") is None:
            raise DsApiError(L.INGEST_DS_API["no_demarche"].format(number=variables.get("demarche")))
        return data

    def _errors_message(self, errors: list, variables: dict) -> DsApiError:
        first = errors[0] if isinstance(errors[0], dict) else {"message": str(errors[0])}
        text = self._redact(str(first.get("message", "")))[:300]
        code = str((first.get("extensions") or {}).get("code", "")).lower()
        number = variables.get("demarche")
        if code in {"unauthorized", "forbidden"} or "permission" in text.lower():
            return DsApiError(
                L.INGEST_DS_API["access_refused"].format(number=number, text=text, token_help=TOKEN_HELP)
            )
        if code == "not_found" or "not found" in text.lower():
            return DsApiError(L.INGEST_DS_API["not_found"].format(number=number, text=text))
        return DsApiError(L.INGEST_DS_API["api_error"].format(text=text, number=number))

    # -- queries ---------------------------------------------------------------------------------

    def demarche(self, number: int) -> dict:
        """number, title and revisions' champ/annotation descriptors of a démarche."""
        return self.query(DEMARCHE_QUERY, {"demarche": number}, "aicDemarche")["demarche"]

    def dossier_pages(
        self, number: int, updated_since: datetime | None = None, first: int = PAGE_SIZE
    ) -> Iterator[Page]:
        """Every page of dossiers (updated since a moment, if given), following the cursors."""
        since = {} if updated_since is None else {"updatedSince": iso(updated_since)}
        return self._pages(DOSSIERS_QUERY, "aicDossiers", "dossiers", number, first, since)

    def deleted_dossiers(self, number: int, deleted_since: datetime | None = None) -> list[dict]:
        """Dossiers deleted on the platform (since a moment, if given): number, dateSupression, state."""
        since = {} if deleted_since is None else {"deletedSince": iso(deleted_since)}
        pages = self._pages(
            DELETED_QUERY, "aicDeletedDossiers", "deletedDossiers", number, DELETED_PAGE_SIZE, since
        )
        return [node for page in pages for node in page.nodes]

    def _pages(
        self, document: str, operation: str, key: str, number: int, first: int, since: dict
    ) -> Iterator[Page]:
        """Every page of the démarche's connection `key`, `first` nodes a page, following the cursors.

        A page announcing a next one without a new cursor to reach it (none, or the one just used) stops
        with an error: never a loop, never pages silently left out.
        """
        after = None
        while True:
            variables = {"demarche": number, "first": first, "after": after, **since}
            data = self.query(document, variables, operation)
            page = _page(data["demarche"].get(key))
            yield page
            if not page.has_next:
                return
            if not page.end_cursor or page.end_cursor == after:
                raise DsApiError(L.INGEST_DS_API["no_cursor"])
            after = page.end_cursor


def _page(connection: dict | None) -> Page:
    if not isinstance(connection, dict):
        raise DsApiError(L.INGEST_DS_API["incomplete_page"])
    info = connection.get("pageInfo") or {}
    nodes = [n for n in connection.get("nodes") or [] if isinstance(n, dict)]
    return Page(nodes, bool(info.get("hasNextPage")), info.get("endCursor"))


def _read_quietly(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except (OSError, http.client.HTTPException):
        return b""


def _graphql_errors(body: bytes) -> list:
    try:
        answer = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError):
        return []
    errors = answer.get("errors") if isinstance(answer, dict) else None
    return errors if isinstance(errors, list) and errors else []


def _transport_reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc.reason, str):
        exc = exc.reason  # type: ignore[assignment]
    if isinstance(exc, TimeoutError | socket.timeout):
        return L.INGEST_DS_API["timeout"]
    if isinstance(exc, ConnectionRefusedError):
        return L.INGEST_DS_API["refused"]
    if isinstance(exc, ConnectionError | http.client.HTTPException):
        return L.INGEST_DS_API["dropped"]
    if isinstance(exc, socket.gaierror):
        return L.INGEST_DS_API["unknown_host"]
    return L.INGEST_DS_API["network"]


def backoff(failure: int) -> float:
    """Seconds to wait after the n-th consecutive failure: 1, 2, 4, 8… capped at 60."""
    return float(min(60, 2 ** (failure - 1)))


def _seconds(value: str | None) -> float | None:
    """Delta-seconds or an HTTP date (Retry-After) -> seconds from now; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return max(0.0, (moment - datetime.now(UTC)).total_seconds())
    if seconds > 1_000_000_000:  # an epoch timestamp rather than a delay
        seconds -= time.time()
    return max(0.0, seconds)


def throttle_wait(headers) -> float:
    """What a 429 answer asks: Retry-After, else RateLimit-Reset, else a minute."""
    if headers is not None:
        for name in ("Retry-After", "RateLimit-Reset", "X-RateLimit-Reset"):
            seconds = _seconds(headers.get(name))
            if seconds is not None:
                return seconds
    return DEFAULT_THROTTLE_WAIT_S


def iso(moment: datetime) -> str:
    """ISO 8601 with offset, as the API's ISO8601DateTime expects."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


# -- API nodes -> export table ---------------------------------------------------------------------

FIXED_HEADERS = (
    DS.ID,
    "Email",
    DS.ARCHIVED,
    DS.STATE,
    DS.UPDATED,
    DS.DEPOSITED,
    DS.INSTRUCTED,
    DS.PROCESSED,
    "Motivation de la décision",
    "Instructeurs",
    DS.GROUP,
)


# The API gives the state's code; the export its label (the parser reads both).
EXPORT_STATES = {
    "en_construction": "En construction",
    "en_instruction": "En instruction",
    "accepte": "Accepté",
    "refuse": "Refusé",
    "sans_suite": "Classé sans suite",
}


@lru_cache(maxsize=8192)  # a form has a few dozen ids, repeated in every dossier
def stable_key(typed_id: object) -> str:
    """The stable part of a champ or descriptor id (`Champ-123` and `TypeDeChamp-123` -> `123`)."""
    text = str(typed_id)
    try:
        decoded = base64.b64decode(text + "=" * (-len(text) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return text
    kind, _, rest = decoded.partition("-")
    return rest if kind and rest else text


def not_field_keys(demarche: dict | None) -> set[str]:
    """Stable keys of the section titles and explanations of every revision of the form."""
    keys: set[str] = set()
    for revision in (demarche or {}).get("revisions") or []:
        for group in ("champDescriptors", "annotationDescriptors"):
            for descriptor in revision.get(group) or []:
                if descriptor.get("__typename") in NOT_FIELDS:
                    keys.add(stable_key(descriptor.get("id")))
    return keys


def export_datetime(value: object, timezone: ZoneInfo) -> str:
    """ISO 8601 from the API -> `2023-04-28 11:52:07 +0200` in programme time, as the CSV export."""
    if value in (None, ""):
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)  # the parser names the dossier and the column
    if moment.tzinfo is None:
        return str(value)
    return moment.astimezone(timezone).strftime("%Y-%m-%d %H:%M:%S %z")


def champ_text(champ: dict, timezone: ZoneInfo) -> str:
    """One champ's value as the export writes it: Oui/Non, choices and file names joined by ", "."""
    kind = champ.get("__typename")
    text = champ.get("stringValue")
    if kind == "CheckboxChamp":
        if text in (None, ""):
            return ""  # not answered
        checked = champ.get("checked")
        if checked is None:
            checked = str(text).strip().lower() in DS.YES
        return "Oui" if checked else "Non"
    if kind == "MultipleDropDownListChamp" and champ.get("values") is not None:
        return ", ".join(str(v) for v in champ["values"])
    if kind == "PieceJustificativeChamp" and champ.get("files") is not None:
        return ", ".join(str(f.get("filename", "")) for f in champ["files"] if isinstance(f, dict))
    if kind == "DatetimeChamp" and champ.get("datetime"):
        return export_datetime(champ["datetime"], timezone)
    if kind == "DateChamp" and champ.get("date"):
        return str(champ["date"])[:10]
    return "" if text is None else str(text)


@dataclass
class _Columns:
    """Champ columns keyed by stable id, in form order across every dossier's revision."""

    keys: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def add(self, champs: list[dict], skip: set[str]) -> None:
        previous = None
        for champ in champs:
            key = stable_key(champ.get("id", champ.get("label")))
            if key in skip:
                continue
            if key not in self.labels:
                at = self.keys.index(previous) + 1 if previous is not None else len(self.keys)
                self.keys.insert(at, key)
                self.labels[key] = str(champ.get("label", ""))
            previous = key


def dossiers_table(nodes: list[dict], timezone: ZoneInfo, demarche: dict | None = None) -> RawTable:
    """API dossier nodes -> the table an export of the same dossiers gives (labels, value forms).

    Headers: the export's fixed columns, then one per form field, then one per private annotation,
    labels repeated as the form repeats them. Sections and explanations (from the démarche's
    descriptors) are left out, as in the export.
    """
    skip = not_field_keys(demarche)
    fields, notes = _Columns(), _Columns()
    for node in nodes:
        fields.add(node.get("champs") or [], skip)
        notes.add(node.get("annotations") or [], skip)
    rows = []
    for node in nodes:
        group = node.get("groupeInstructeur") or {}
        usager = node.get("usager") or {}
        instructors = [str(i.get("email", "")) for i in node.get("instructeurs") or [] if isinstance(i, dict)]
        archived = node.get("archived")
        row = [
            str(node.get("number", "")),
            str(usager.get("email") or ""),
            "" if archived is None else ("true" if archived else "false"),
            EXPORT_STATES.get(str(node.get("state")), str(node.get("state") or "")),
            export_datetime(node.get("dateDerniereModification"), timezone),
            export_datetime(node.get("dateDepot"), timezone),
            export_datetime(node.get("datePassageEnInstruction"), timezone),
            export_datetime(node.get("dateTraitement"), timezone),
            str(node.get("motivation") or ""),
            " ".join(instructors),
            str(group.get("label") or ""),
        ]
        for columns, champs in ((fields, node.get("champs")), (notes, node.get("annotations"))):
            values = {stable_key(c.get("id", c.get("label"))): champ_text(c, timezone) for c in champs or []}
            row.extend(values.get(key, "") for key in columns.keys)
        rows.append(row)
    headers = [
        *FIXED_HEADERS,
        *(fields.labels[k] for k in fields.keys),
        *(notes.labels[k] for k in notes.keys),
    ]
    frame = pd.DataFrame(rows, columns=range(len(headers)), dtype=str)
    return RawTable(headers, frame, "api", sheet="API")
