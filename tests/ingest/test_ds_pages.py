"""Paging the démarches-simplifiées API: both connections (dossiers, deleted dossiers) follow the cursors
the same way, and a page announcing a next one without a cursor to reach it stops with a clear error
instead of looping on the first page or silently leaving the next pages out."""

from __future__ import annotations

import pytest

from aic_dash import labels as L
from aic_dash.ingest.ds_api import DsApiError, DsClient

ENDPOINT = "https://www.demarches-simplifiees.fr/api/v2/graphql"
TOKEN = "jeton-de-test-7c41e0b9d2a64f"  # fictitious


class CannedClient(DsClient):
    """Answers each query with the next of the given pages (`pageInfo` as given) and keeps the variables."""

    def __init__(self, key: str, infos: list[dict]) -> None:
        super().__init__(ENDPOINT, TOKEN)
        self.key, self.infos, self.asked = key, list(infos), []

    def query(self, document: str, variables: dict, operation: str) -> dict:
        self.asked.append(dict(variables))
        if len(self.asked) > len(self.infos):
            raise AssertionError("asked for a page beyond the last one")
        node = {"number": len(self.asked)}
        return {"demarche": {self.key: {"nodes": [node], "pageInfo": self.infos[len(self.asked) - 1]}}}


def _dossiers(client: DsClient) -> list[dict]:
    return [node for page in client.dossier_pages(1234) for node in page.nodes]


def _deleted(client: DsClient) -> list[dict]:
    return client.deleted_dossiers(1234)


BOTH = [
    pytest.param("dossiers", _dossiers, id="dossiers"),
    pytest.param("deletedDossiers", _deleted, id="deleted"),
]


@pytest.mark.parametrize(("key", "read"), BOTH)
def test_pages_are_followed_by_their_cursors(key, read):
    client = CannedClient(
        key,
        [
            {"hasNextPage": True, "endCursor": "c1"},
            {"hasNextPage": True, "endCursor": "c2"},
            {"hasNextPage": False, "endCursor": None},
        ],
    )
    assert [n["number"] for n in read(client)] == [1, 2, 3]
    assert [v["after"] for v in client.asked] == [None, "c1", "c2"]


@pytest.mark.parametrize("cursor", [None, "", "missing"])
@pytest.mark.parametrize(("key", "read"), BOTH)
def test_a_next_page_without_a_cursor_stops_with_an_error(key, read, cursor):
    second = {"hasNextPage": True} if cursor == "missing" else {"hasNextPage": True, "endCursor": cursor}
    client = CannedClient(key, [{"hasNextPage": True, "endCursor": "c1"}, second])
    with pytest.raises(DsApiError) as raised:
        read(client)
    assert str(raised.value) == L.INGEST_DS_API["no_cursor"]
    assert len(client.asked) == 2  # neither the first page asked again nor the next pages dropped in silence


@pytest.mark.parametrize(("key", "read"), BOTH)
def test_a_next_page_with_the_same_cursor_stops_with_an_error(key, read):
    client = CannedClient(
        key, [{"hasNextPage": True, "endCursor": "c1"}, {"hasNextPage": True, "endCursor": "c1"}]
    )
    with pytest.raises(DsApiError, match="curseur"):
        read(client)
    assert len(client.asked) == 2
