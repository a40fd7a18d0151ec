"""API keys through GraphQL: made, used, rotated and revoked by admins, refused to everyone
else, stored only as hashes, and written to the audit log."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from strawberry import relay

from backend.accounts import api_keys
from backend.accounts.demo import DEMO_USERS
from backend.accounts.errors import AccountsError
from backend.accounts.models import ApiKey, AuditEvent, User
from backend.accounts.principal import Principal
from backend.accounts.service import principal_for
from backend.app import create_app
from backend.settings import Settings
from tests.conftest import SITE
from tests.helpers import gql, gql_data

CITIZEN, STAFF, ADMIN = DEMO_USERS

CREATE = """mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
    apiKey { id name prefix scopes revokedAt createdBy { name } } secret
    errors { code field message } } }"""
ROTATE = """mutation($id: ID!) { rotateApiKey(input: {id: $id}) {
    apiKey { id prefix } secret errors { code field } } }"""
REVOKE = """mutation($id: ID!) { revokeApiKey(input: {id: $id}) {
    apiKey { id revokedAt } errors { code field } } }"""
KEYS = """query($all: Boolean!) { apiKeys(first: 100, includeRevoked: $all) {
    totalCount edges { node { id name prefix scopes lastUsedAt revokedAt } } } }"""
CALLER = "{ caller { via scopes apiKeyId } }"


async def signed_in(settings: Settings, email: str, password: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(settings, manage_db=False)),
        base_url=SITE,
        headers={"Origin": SITE},
    )
    response = await client.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return client


@pytest.fixture
async def admin(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    client = await signed_in(settings, ADMIN.email, ADMIN.password)
    yield client
    await client.aclose()


@pytest.fixture
async def citizen(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    client = await signed_in(settings, CITIZEN.email, CITIZEN.password)
    yield client
    await client.aclose()


@pytest.fixture
async def staff(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    client = await signed_in(settings, STAFF.email, STAFF.password)
    yield client
    await client.aclose()


async def create(
    admin: httpx.AsyncClient, scopes: list[str], name: str | None = None
) -> dict[str, Any]:
    name = name or f"Partner {secrets.token_hex(3)}"
    data = await gql_data(admin, CREATE, {"input": {"name": name, "scopes": scopes}})
    payload: dict[str, Any] = data["createApiKey"]
    assert payload["errors"] == [], payload
    return payload


def secret_of(key: str) -> str:
    """The secret part of `asi_<prefix>_<secret>` (the secret itself may hold underscores)."""
    return key.split("_", 2)[2]


def key_uuid(global_id: str) -> str:
    return relay.GlobalID.from_id(global_id).node_id


async def caller(client: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await client.post("/graphql", json={"query": CALLER}, headers=headers)


async def test_a_key_is_shown_once_and_stored_as_a_hash(
    admin: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    payload = await create(admin, ["open311:write", "gdpr:read", "open311:write"], "Palaute Oy")
    secret = payload["secret"]
    prefix = payload["apiKey"]["prefix"]
    assert secret.startswith(f"asi_{prefix}_")
    assert len(prefix) == 12
    assert len(base64.urlsafe_b64decode(secret_of(secret) + "=")) == 32
    assert payload["apiKey"]["scopes"] == ["gdpr:read", "open311:write"]
    assert payload["apiKey"]["createdBy"] == {"name": ADMIN.name}
    row = await ApiKey.get(id=key_uuid(payload["apiKey"]["id"]))
    secret_part = secret_of(secret)
    assert row.secret_hash == hashlib.sha256(secret_part.encode()).hexdigest()
    stored = " ".join(str(v) for v in (row.name, row.prefix, row.secret_hash, row.scopes))
    assert secret_part not in stored
    # Listed without any secret: the type has no such field.
    listed = await gql(admin, "{ apiKeys { edges { node { secret } } } }")
    assert "Cannot query field 'secret'" in listed["errors"][0]["message"]

    # The key works from both headers, with its scopes, and its use is noted.
    for headers in ({"X-Api-Key": secret}, {"Authorization": f"Bearer {secret}"}):
        response = await caller(client, headers)
        assert response.status_code == 200, response.text
        assert response.json()["data"]["caller"] == {
            "via": "API_KEY",
            "scopes": ["gdpr:read", "open311:write"],
            "apiKeyId": payload["apiKey"]["id"],
        }
    await row.refresh_from_db()
    assert row.last_used_at is not None


async def test_rotation_replaces_the_secret_at_once(
    admin: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    made = await create(admin, ["open311:write"])
    old = made["secret"]
    assert (await caller(client, {"X-Api-Key": old})).status_code == 200
    rotated = (await gql_data(admin, ROTATE, {"id": made["apiKey"]["id"]}))["rotateApiKey"]
    assert rotated["errors"] == []
    new = rotated["secret"]
    assert new != old
    assert rotated["apiKey"]["prefix"] == made["apiKey"]["prefix"]
    refused = await caller(client, {"X-Api-Key": old})
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    accepted = await caller(client, {"Authorization": f"Bearer {new}"})
    assert accepted.status_code == 200
    assert accepted.json()["data"]["caller"]["via"] == "API_KEY"


async def test_revocation_is_final(admin: httpx.AsyncClient, client: httpx.AsyncClient) -> None:
    made = await create(admin, ["catalogue:write"])
    key_id = made["apiKey"]["id"]
    assert (await caller(client, {"X-Api-Key": made["secret"]})).status_code == 200
    revoked = (await gql_data(admin, REVOKE, {"id": key_id}))["revokeApiKey"]
    assert revoked["errors"] == []
    assert revoked["apiKey"]["revokedAt"] is not None
    response = await caller(client, {"X-Api-Key": made["secret"]})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    again = (await gql_data(admin, REVOKE, {"id": key_id}))["revokeApiKey"]
    assert again["errors"] == [{"code": "ALREADY_REVOKED", "field": "id"}]
    rotate = (await gql_data(admin, ROTATE, {"id": key_id}))["rotateApiKey"]
    assert rotate == {
        "apiKey": None,
        "secret": None,
        "errors": [{"code": "ALREADY_REVOKED", "field": "id"}],
    }
    assert (await caller(client, {"X-Api-Key": made["secret"]})).status_code == 401
    live = (await gql_data(admin, KEYS, {"all": False}))["apiKeys"]["edges"]
    everything = (await gql_data(admin, KEYS, {"all": True}))["apiKeys"]["edges"]
    assert key_id not in [e["node"]["id"] for e in live]
    assert key_id in [e["node"]["id"] for e in everything]


async def test_unknown_ids_are_not_found(admin: httpx.AsyncClient) -> None:
    for key_id in (str(relay.GlobalID("ApiKey", "00000000-0000-0000-0000-000000000000")), "x"):
        body = (await gql_data(admin, REVOKE, {"id": key_id}))["revokeApiKey"]
        assert body["errors"] == [{"code": "NOT_FOUND", "field": "id"}]


@pytest.mark.parametrize(
    ("name", "scopes", "error"),
    [
        ("Partner", ["open311:write", "root"], {"code": "UNKNOWN_SCOPE", "field": "scopes"}),
        ("Partner", ["staff"], {"code": "UNKNOWN_SCOPE", "field": "scopes"}),
        ("  ", ["open311:write"], {"code": "INVALID_INPUT", "field": "name"}),
        ("x" * 201, ["open311:write"], {"code": "INVALID_INPUT", "field": "name"}),
    ],
    ids=["unknown scope", "token-only scope", "blank name", "long name"],
)
async def test_bad_input_creates_nothing(
    admin: httpx.AsyncClient, name: str, scopes: list[str], error: dict[str, str]
) -> None:
    before = await ApiKey.all().count()
    body = await gql_data(admin, CREATE, {"input": {"name": name, "scopes": scopes}}, lang="en")
    payload = body["createApiKey"]
    assert payload["apiKey"] is None
    assert payload["secret"] is None
    assert {"code": payload["errors"][0]["code"], "field": payload["errors"][0]["field"]} == error
    assert await ApiKey.all().count() == before
    if error["code"] == "UNKNOWN_SCOPE":
        assert payload["errors"][0]["message"] == (
            f"Unknown scope, or one an API key cannot hold: {scopes[-1]}."
        )


async def test_non_admins_are_refused_and_nothing_changes(
    admin: httpx.AsyncClient,
    citizen: httpx.AsyncClient,
    staff: httpx.AsyncClient,
    client: httpx.AsyncClient,
) -> None:
    target = await create(admin, ["open311:write"])
    every_scope = await create(admin, [s.name for s in api_keys.SCOPES.values() if s.api_keys])
    as_key = {"X-Api-Key": every_scope["secret"]}
    before = await ApiKey.all().count()
    audit_before = await AuditEvent.all().count()
    callers: list[tuple[httpx.AsyncClient, dict[str, str], str]] = [
        (client, {}, "UNAUTHENTICATED"),
        (citizen, {}, "FORBIDDEN"),
        (staff, {}, "FORBIDDEN"),
        (client, as_key, "FORBIDDEN"),
    ]
    for who, headers, code in callers:
        made = await gql_data(
            who, CREATE, {"input": {"name": "Mine", "scopes": []}}, headers=headers
        )
        assert made["createApiKey"]["errors"][0]["code"] == code
        assert made["createApiKey"]["secret"] is None
        for operation, name in ((ROTATE, "rotateApiKey"), (REVOKE, "revokeApiKey")):
            body = await gql_data(who, operation, {"id": target["apiKey"]["id"]}, headers=headers)
            assert body[name]["errors"][0]["code"] == code
        listed = await gql(who, KEYS, {"all": True}, headers=headers)
        assert listed["data"] is None
        assert listed["errors"][0]["extensions"]["code"] == code
        node = await gql_data(
            who,
            "query($id: ID!) { node(id: $id) { id } }",
            {"id": target["apiKey"]["id"]},
            headers=headers,
        )
        assert node["node"] is None
    assert await ApiKey.all().count() == before
    assert await AuditEvent.all().count() == audit_before
    # The target key still works with its first secret.
    assert (await caller(client, {"X-Api-Key": target["secret"]})).status_code == 200
    found = await gql_data(
        admin,
        "query($id: ID!) { node(id: $id) { ... on ApiKey { name } } }",
        {"id": target["apiKey"]["id"]},
    )
    assert found["node"]["name"] == (await ApiKey.get(id=key_uuid(target["apiKey"]["id"]))).name


async def test_every_change_is_audited_without_the_secret(admin: httpx.AsyncClient) -> None:
    made = await create(admin, ["gdpr:read"], "Audited Partner")
    key_id = key_uuid(made["apiKey"]["id"])
    rotated = (await gql_data(admin, ROTATE, {"id": made["apiKey"]["id"]}))["rotateApiKey"]
    await gql_data(admin, REVOKE, {"id": made["apiKey"]["id"]})
    events = await AuditEvent.filter(target_type="api_key", target_id=key_id).order_by("id")
    assert [e.action for e in events] == ["api_key.create", "api_key.rotate", "api_key.revoke"]
    admin_user = await User.get(login_email=ADMIN.email)
    assert {e.actor_user_id for e in events} == {admin_user.id}  # type: ignore[attr-defined]
    assert events[0].details == {"name": "Audited Partner", "scopes": ["gdpr:read"]}
    for event in events:
        text = str(event.details)
        assert secret_of(made["secret"]) not in text
        assert secret_of(rotated["secret"]) not in text
        assert event.request_id not in ("", "-")


async def test_scopes_are_listed_from_one_registry(client: httpx.AsyncClient) -> None:
    data = await gql_data(client, "{ apiScopes { name forApiKeys } }")
    assert {s["name"]: s["forApiKeys"] for s in data["apiScopes"]} == {
        name: scope.api_keys for name, scope in api_keys.SCOPES.items()
    }
    assert {"open311:write", "gdpr:read", "gdpr:delete", "staff"} <= set(api_keys.SCOPES)


@pytest.mark.parametrize(
    "credential",
    [
        "asi_short_x",
        "asi_0123456789ab_" + "A" * 43,  # well-formed, unknown
        "asi_0123456789ab_" + "A" * 42 + "!",
        "asi_",
    ],
)
async def test_unknown_or_malformed_keys_are_refused(
    client: httpx.AsyncClient, credential: str
) -> None:
    response = await caller(client, {"X-Api-Key": credential})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"


async def test_a_wrong_secret_for_a_real_prefix_is_refused(
    admin: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    made = await create(admin, ["open311:write"])
    prefix = made["apiKey"]["prefix"]
    forged = f"asi_{prefix}_{secrets.token_urlsafe(32)}"
    assert (await caller(client, {"X-Api-Key": forged})).status_code == 401


def open311_request(query: bytes = b"", form: bytes | None = None, **headers: str) -> Request:
    raw_headers = [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
    if form is not None:
        raw_headers.append((b"content-type", b"application/x-www-form-urlencoded"))
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": form or b"", "more_body": False}

    scope = {
        "type": "http",
        "method": "POST" if form is not None else "GET",
        "path": "/open311/v2/requests.json",
        "query_string": query,
        "headers": raw_headers,
    }
    return Request(scope, receive)


async def test_open311_api_key_parameter_helper(admin: httpx.AsyncClient) -> None:
    made = await create(admin, ["open311:write"])
    secret = made["secret"]
    by_query = await api_keys.principal_from_api_key_param(
        open311_request(query=f"api_key={secret}".encode())
    )
    by_form = await api_keys.principal_from_api_key_param(
        open311_request(form=f"api_key={secret}&service_code=1".encode())
    )
    for principal in (by_query, by_form):
        assert principal is not None
        assert principal.via == "api_key"
        assert principal.scopes == frozenset({"open311:write"})
        assert principal.api_key_id == key_uuid(made["apiKey"]["id"])
    assert await api_keys.principal_from_api_key_param(open311_request()) is None
    with pytest.raises(api_keys.InvalidApiKey):
        await api_keys.principal_from_api_key_param(open311_request(query=b"api_key=asi_nope"))
    await gql_data(admin, REVOKE, {"id": made["apiKey"]["id"]})
    with pytest.raises(api_keys.InvalidApiKey):
        await api_keys.principal_from_api_key_param(
            open311_request(query=f"api_key={secret}".encode())
        )


async def test_open311_paths_take_the_key_from_the_query(
    admin: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    """The gate reads `api_key` on /open311/ (so it is counted per key); a bad one is refused."""
    made = await create(admin, ["open311:write"])
    bad = await client.get("/open311/v2/services.json", params={"api_key": "asi_bad"})
    assert bad.status_code == 401
    good = await client.get("/open311/v2/services.json", params={"api_key": made["secret"]})
    assert good.status_code != 401
    elsewhere = await client.get("/graphql", params={"query": CALLER, "api_key": made["secret"]})
    assert elsewhere.json()["data"]["caller"]["via"] == "ANONYMOUS"


async def test_service_functions_refuse_non_admins() -> None:
    """The rules hold below GraphQL too."""
    citizen_user = await User.get(login_email=CITIZEN.email)
    for principal in (
        Principal(),
        await principal_for(citizen_user),
        Principal(via="api_key", scopes=frozenset(api_keys.SCOPES), api_key_id=None),
    ):
        with pytest.raises(AccountsError):
            await api_keys.create_api_key(principal, "x", [])
        with pytest.raises(AccountsError):
            await api_keys.list_api_keys(principal, True, 0, 10)


async def test_a_header_credential_wins_over_the_session_cookie(
    admin: httpx.AsyncClient, citizen: httpx.AsyncClient
) -> None:
    made = await create(admin, ["gdpr:read"])
    body = await gql_data(
        citizen, "{ me { user { name } } " + CALLER[1:], headers={"X-Api-Key": made["secret"]}
    )
    assert body["me"] is None
    assert body["caller"]["via"] == "API_KEY"
    assert (await gql_data(citizen, "{ me { user { name } } }"))["me"]["user"][
        "name"
    ] == CITIZEN.name
