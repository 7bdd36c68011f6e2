"""A stand-in for the démarches-simplifiées GraphQL API, served on 127.0.0.1 by the sync tests.

It answers the three queries the sync sends (`aicDemarche`, `aicDossiers`, `aicDeletedDossiers`) with
schema-shaped JSON: Relay pages (`first`, `after`, `pageInfo { hasNextPage endCursor }`), the
`updatedSince` / `deletedSince` filters, 401 for a wrong token, and faults queued by a test (429 with
Retry-After, a 5xx, a GraphQL `errors` answer, a dropped connection). Every request is logged, so a
test can check what was asked. Nothing here reaches the internet.

`export_dossiers()` turns the rows of a CSV export fixture into the API's dossier nodes, the way the
platform gives the same dossiers: state codes, ISO 8601 dates with offset, yes/no answers as
CheckboxChamp booleans, multiple choices as lists, attachments as file lists.
"""

from __future__ import annotations

import base64
import csv
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DEMARCHE = 12345
TOKEN = "jeton-de-test-7c41e0b9d2a64f"  # fictitious; the tests check it never shows

STATES = {
    "En construction": "en_construction",
    "En instruction": "en_instruction",
    "Accepté": "accepte",
    "Refusé": "refuse",
    "Classé sans suite": "sans_suite",
}
FIXED = (
    "ID",
    "Email",
    "FranceConnect ?",
    "Civilité",
    "Nom",
    "Prénom",
    "Dépôt pour un tiers",
    "Nom du mandataire",
    "Prénom du mandataire",
    "À archiver",
    "État du dossier",
    "Dernière mise à jour le",
    "Dernière mise à jour du dossier le",
    "Déposé le",
    "Passé en instruction le",
    "Traité le",
    "Motivation de la décision",
    "Instructeurs",
    "Groupe instructeur",
)
ANNOTATIONS = ("Éligible", "Liste restreinte")
# The API type of each form field of the AIC form (others are text).
TYPES = {
    "Votre organisation est-elle une association ou une administration ?": "MultipleDropDownListChamp",
    "Votre projet": "DropDownListChamp",
    "Décrivez votre projet en quelques lignes": "TextareaChamp",
    "Nombre de contributeurs et contributrices mobilisé.e.s dans le cadre du projet (approximativement)": (
        "IntegerNumberChamp"
    ),
    "Numéro de téléphone": "PhoneChamp",
    "Adresse électronique": "EmailChamp",
    "Souhaitez-vous ajouter un.e 2ème référent.e ?": "CheckboxChamp",
    "Annexes": "PieceJustificativeChamp",
    "Comment avez-vous appris l’existence de notre appel à candidatures ?": "MultipleDropDownListChamp",
    "Souhaitez-vous recevoir des informations de l’AIC ?": "CheckboxChamp",
    "Éligible": "CheckboxChamp",
    "Liste restreinte": "CheckboxChamp",
}
# A section title of the form: the API lists it among the champs (as a TextChamp), the export does not.
# Titled like the field that follows it, so that a sync keeping it would lose every dossier's track.
SECTION = {"id": 999, "label": "Votre projet", "before": "Votre projet"}


def typed_id(kind: str, number: int) -> str:
    return base64.b64encode(f"{kind}-{number}".encode()).decode()


def api_datetime(text: str) -> str | None:
    """`2023-04-28 11:52:07 +0200` (CSV export) -> `2023-04-28T11:52:07+02:00` (API)."""
    if not text:
        return None
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z").isoformat()


def now_iso() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def _champ(stable: int, label: str, value: str) -> dict:
    kind = TYPES.get(label, "TextChamp")
    champ = {"id": typed_id("Champ", stable), "__typename": kind, "label": label, "stringValue": value}
    if kind == "CheckboxChamp":
        # Unanswered: no text value (the export cell is empty); `value` is a non-null Boolean.
        champ["checked"] = value == "Oui"
        champ["stringValue"] = None if value == "" else ("true" if value == "Oui" else "false")
    elif kind == "MultipleDropDownListChamp":
        champ["values"] = value.split(", ") if value else []
    elif kind == "PieceJustificativeChamp":
        champ["files"] = [{"filename": name} for name in value.split(", ")] if value else []
    return champ


def section_champ() -> dict:
    return {"id": typed_id("Champ", SECTION["id"]), "__typename": "TextChamp", "label": SECTION["label"]} | {
        "stringValue": ""
    }


def export_dossiers(path: Path) -> list[dict]:
    """The dossiers of a CSV export fixture, as the API's `dossiers.nodes` would give them."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    headers, body = rows[0], rows[1:]
    first_field = len(FIXED)
    first_note = headers.index(ANNOTATIONS[0])  # private annotations run from `Éligible` to the end
    nodes = []
    for row in body:
        cell = dict(zip(headers[:first_field], row[:first_field]))
        champs = []
        for offset, (label, value) in enumerate(
            zip(headers[first_field:first_note], row[first_field:first_note])
        ):
            if label == SECTION["before"]:
                champs.append(section_champ())
            champs.append(_champ(1000 + offset, label, value))
        notes = [
            _champ(2000 + offset, label, value)
            for offset, (label, value) in enumerate(zip(headers[first_note:], row[first_note:]))
        ]
        nodes.append(
            {
                "number": int(cell["ID"]),
                "state": STATES[cell["État du dossier"]],
                "archived": cell["À archiver"] == "true",
                "dateDepot": api_datetime(cell["Déposé le"]),
                "datePassageEnInstruction": api_datetime(cell["Passé en instruction le"]),
                "dateTraitement": api_datetime(cell["Traité le"]),
                "dateDerniereModification": api_datetime(cell["Dernière mise à jour le"]),
                "motivation": cell["Motivation de la décision"] or None,
                "usager": {"email": cell["Email"]},
                "instructeurs": [{"email": e} for e in cell["Instructeurs"].split()],
                "groupeInstructeur": {"label": cell["Groupe instructeur"]},
                "champs": champs,
                "annotations": notes,
            }
        )
    return nodes


@lru_cache(maxsize=1024)
def _stable(champ_id: str) -> str:
    return base64.b64decode(champ_id).decode().split("-", 1)[1]


def descriptors(nodes: list[dict]) -> dict:
    """One revision's descriptors: the section title typed as such, every other champ as itself."""
    seen: dict[str, dict] = {}
    for node in nodes:
        for group in ("champs", "annotations"):
            for champ in node[group]:
                stable = _stable(champ["id"])
                kind = (
                    "HeaderSectionChampDescriptor"
                    if int(stable) == SECTION["id"]
                    else champ["__typename"].replace("Champ", "ChampDescriptor")
                )
                seen.setdefault(
                    group + stable, {"__typename": kind, "id": typed_id("TypeDeChamp", int(stable))}
                )
                seen[group + stable]["label"] = champ["label"]
                seen[group + stable]["group"] = group
    champ_descriptors = [
        {k: v for k, v in d.items() if k != "group"} for d in seen.values() if d["group"] == "champs"
    ]
    note_descriptors = [
        {k: v for k, v in d.items() if k != "group"} for d in seen.values() if d["group"] == "annotations"
    ]
    return {"champDescriptors": champ_descriptors, "annotationDescriptors": note_descriptors}


@dataclass
class Fault:
    """An answer to give instead of the normal one. status None drops the connection unanswered."""

    status: int | None
    operation: str = "aicDossiers"
    page: int | None = None  # 1-based page of that operation; None: any
    times: int | None = 1  # None: every time
    headers: dict = field(default_factory=dict)
    body: dict | None = None


def _cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    return int(base64.b64decode(cursor).decode().split(":", 1)[1])


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


class StandIn:
    """The stand-in server; use as a context manager. `url` is its GraphQL endpoint."""

    def __init__(
        self,
        dossiers: list[dict],
        *,
        token: str = TOKEN,
        demarche: int = DEMARCHE,
        page_cap: int = 100,
        deleted: list[dict] | None = None,
        title: str = "Accélérateur d'initiatives citoyennes — candidatures",
    ) -> None:
        self.dossiers = dossiers
        self.token = token
        self.demarche = demarche
        self.page_cap = page_cap
        self.deleted = deleted or []
        self.title = title
        self.faults: list[Fault] = []
        self.log: list[dict] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- test helpers ----------------------------------------------------------------------------

    def fault(self, status: int | None, **kwargs) -> Fault:
        added = Fault(status, **kwargs)
        self.faults.append(added)
        return added

    def dossier(self, number: int) -> dict:
        return next(d for d in self.dossiers if d["number"] == number)

    def change(self, number: int, **changes) -> dict:
        """Change a dossier as the platform would: its dateDerniereModification becomes now."""
        node = self.dossier(number)
        node.update(changes, dateDerniereModification=now_iso())
        return node

    def annotate(self, number: int, label: str, answer: bool) -> None:
        node = self.dossier(number)
        for champ in node["annotations"]:
            if champ["label"] == label:
                champ.update(checked=answer, stringValue="true" if answer else "false")
        node["dateDerniereModification"] = now_iso()

    def requests(self, operation: str = "aicDossiers") -> list[dict]:
        return [entry for entry in self.log if entry["operation"] == operation]

    # -- server ----------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/v2/graphql"

    def __enter__(self) -> StandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                standin._handle(self)

            def log_message(self, *args) -> None:  # keep test output quiet
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    # -- answers ---------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length", 0))
        request = json.loads(handler.rfile.read(length) or b"{}")
        operation = request.get("operationName", "")
        variables = request.get("variables") or {}
        first = int(variables.get("first") or 100)
        size = min(first, self.page_cap)
        page = _offset(variables.get("after")) // max(size, 1) + 1
        entry = {"operation": operation, "variables": variables, "page": page, "status": 200}
        with self._lock:
            self.log.append(entry)
            fault = next(
                (
                    f
                    for f in self.faults
                    if f.operation == operation
                    and f.page in (None, page)
                    and (f.times is None or f.times > 0)
                ),
                None,
            )
            if fault is not None and fault.times is not None:
                fault.times -= 1
        if handler.headers.get("Authorization") != f"Bearer {self.token}":
            entry["status"] = 401
            return self._send(handler, 401, {"errors": [{"message": "Unauthorized"}]})
        if fault is not None:
            entry["status"] = fault.status
            if fault.status is None:
                handler.close_connection = True  # hang up without answering
                return None
            body = (
                fault.body if fault.body is not None else {"errors": [{"message": "Internal server error"}]}
            )
            return self._send(handler, fault.status, body, fault.headers)
        query = request.get("query", "")
        if "YesNoChamp" in query:
            error = "No such type YesNoChamp, so it can't be a fragment condition"
            return self._send(handler, 200, {"errors": [{"message": error}]})
        if first > 100:
            return self._send(
                handler, 200, {"errors": [{"message": "first: must be less than or equal to 100"}]}
            )
        if variables.get("demarche") != self.demarche:
            error = {"message": "Demarche not found", "extensions": {"code": "not_found"}}
            return self._send(handler, 200, {"data": {"demarche": None}, "errors": [error]})
        if operation == "aicDemarche":
            demarche = {
                "number": self.demarche,
                "title": self.title,
                "revisions": [descriptors(self.dossiers)],
            }
            return self._send(handler, 200, {"data": {"demarche": demarche}})
        if operation == "aicDossiers":
            since = variables.get("updatedSince")
            nodes = sorted(self.dossiers, key=lambda d: d["number"])
            if since:
                nodes = [d for d in nodes if _moment(d["dateDerniereModification"]) >= _moment(since)]
            connection = self._connection(nodes, variables, size)
            return self._send(
                handler, 200, {"data": {"demarche": {"number": self.demarche, "dossiers": connection}}}
            )
        if operation == "aicDeletedDossiers":
            since = variables.get("deletedSince")
            nodes = [d for d in self.deleted if not since or _moment(d["dateSupression"]) >= _moment(since)]
            connection = self._connection(nodes, variables, size)
            return self._send(handler, 200, {"data": {"demarche": {"deletedDossiers": connection}}})
        return self._send(handler, 200, {"errors": [{"message": f"Unknown operation {operation}"}]})

    @staticmethod
    def _connection(nodes: list[dict], variables: dict, size: int) -> dict:
        start = _offset(variables.get("after"))
        chunk = nodes[start : start + size]
        end = start + len(chunk)
        return {
            "pageInfo": {"hasNextPage": end < len(nodes), "endCursor": _cursor(end) if chunk else None},
            "nodes": chunk,
        }

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
