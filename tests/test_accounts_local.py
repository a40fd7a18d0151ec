"""Local accounts: sign-in, sessions and their cookies, throttling, CSRF, `me` and profile."""

from __future__ import annotations

import os
import secrets
from dataclasses import replace

import httpx
import pytest

from backend.accounts.demo import DEMO_USERS
from backend.accounts.models import Session, User
from backend.app import create_app
from backend.settings import Settings
from tests.conftest import SITE
from tests.helpers import gql_data

CITIZEN, STAFF, ADMIN = DEMO_USERS
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ME = "{ me { isStaff isAdmin user { id name email language roles { role scopeType scopeId } } } }"


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post("/auth/login", json={"email": email, "password": password})


async def test_sign_in_sets_a_safe_cookie_and_me_answers(site: httpx.AsyncClient) -> None:
    assert (await gql_data(site, ME))["me"] is None
    response = await sign_in(site, CITIZEN.email, CITIZEN.password)
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("asiointi_session=")
    for flag in ("HttpOnly", "Secure", "SameSite=lax", "Path=/"):
        assert flag.lower() in cookie.lower(), cookie
    me = (await gql_data(site, ME))["me"]
    assert me["user"]["name"] == CITIZEN.name
    assert (me["isStaff"], me["isAdmin"], me["user"]["roles"]) == (False, False, [])
    token = site.cookies["asiointi_session"]
    assert await Session.all().count() >= 1
    assert not await Session.filter(id=token).exists()  # only its digest is kept


async def test_cookie_is_not_secure_over_plain_http_to_this_machine(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "http://127.0.0.1/auth/login", json={"email": CITIZEN.email, "password": CITIZEN.password}
    )
    assert response.status_code == 200
    assert "secure" not in response.headers["set-cookie"].lower()


async def test_sign_in_rotates_the_session_and_sign_out_ends_it(
    site: httpx.AsyncClient,
) -> None:
    await sign_in(site, CITIZEN.email, CITIZEN.password)
    first = site.cookies["asiointi_session"]
    await sign_in(site, STAFF.email, STAFF.password)
    second = site.cookies["asiointi_session"]
    assert first != second
    # The first token no longer works, even when replayed.
    assert (await gql_data(site, ME, headers={"Cookie": f"asiointi_session={first}"}))["me"] is None
    assert (await gql_data(site, ME))["me"]["user"]["name"] == STAFF.name
    out = await site.post("/auth/logout", json={})
    assert out.status_code == 200
    assert "asiointi_session" not in site.cookies
    # Server-side: the old cookie is worthless now.
    again = await gql_data(site, ME, headers={"Cookie": f"asiointi_session={second}"})
    assert again["me"] is None


@pytest.mark.parametrize(
    ("email", "password"),
    [(CITIZEN.email, "wrong password"), ("nobody@example.fi", "whatever-password")],
)
async def test_wrong_credentials_are_refused_alike(
    site: httpx.AsyncClient, email: str, password: str
) -> None:
    response = await site.post("/auth/login?lang=sv", json={"email": email, "password": password})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "BAD_CREDENTIALS"
    assert response.json()["error"]["message"] == "E-postadressen eller lösenordet är fel."
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"email": 1, "password": "x"}',
        b'{"email": "a@b.fi"}',
        b'{"email": "a@b.fi", "password": "' + b"x" * 5000 + b'"}',
    ],
)
async def test_malformed_sign_in_is_a_bad_request(site: httpx.AsyncClient, body: bytes) -> None:
    response = await site.post(
        "/auth/login", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_REQUEST"


async def test_repeated_failures_are_throttled_per_account(site: httpx.AsyncClient) -> None:
    email = "throttle-target@example.fi"
    for _ in range(5):
        assert (await sign_in(site, email, "guess")).status_code == 401
    throttled = await sign_in(site, email, "guess")
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0
    assert throttled.json()["error"]["code"] == "THROTTLED"
    # Another account from the same address is still allowed to try.
    assert (await sign_in(site, CITIZEN.email, CITIZEN.password)).status_code == 200


async def test_many_accounts_from_one_address_are_throttled(site: httpx.AsyncClient) -> None:
    for i in range(20):
        assert (await sign_in(site, f"spray-{i}@example.fi", "guess")).status_code == 401
    assert (await sign_in(site, "spray-last@example.fi", "guess")).status_code == 429
    # Even the right password waits: the address is the one being throttled.
    assert (await sign_in(site, CITIZEN.email, CITIZEN.password)).status_code == 429


async def test_throttling_is_shared_through_redis(settings: Settings) -> None:
    """Two app instances (think: two processes) with REDIS_URL count failures together."""
    shared = replace(settings, redis_url=REDIS_URL)
    email = f"redis-{secrets.token_hex(4)}@example.fi"
    clients = []
    # Redis outlives test runs: a fresh address keeps earlier runs' counts out of this one.
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    for _ in range(2):
        transport = httpx.ASGITransport(
            app=create_app(shared, manage_db=False), client=(address, 40000)
        )
        clients.append(httpx.AsyncClient(transport=transport, base_url=SITE))
    try:
        for i in range(5):
            assert (await sign_in(clients[i % 2], email, "guess")).status_code == 401
        assert (await sign_in(clients[0], email, "guess")).status_code == 429
        assert (await sign_in(clients[1], email, "guess")).status_code == 429
    finally:
        for c in clients:
            await c.aclose()


async def test_cookie_authenticated_writes_need_our_origin_and_json(
    site: httpx.AsyncClient,
) -> None:
    await sign_in(site, CITIZEN.email, CITIZEN.password)
    mutation = {"query": 'mutation { updateMyProfile(input: {name: "X"}) { errors { code } } }'}
    foreign = await site.post("/graphql", json=mutation, headers={"Origin": "https://evil.test"})
    assert foreign.status_code == 403
    assert foreign.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"
    no_origin = await site.post("/graphql", json=mutation, headers={"Origin": ""})
    assert no_origin.status_code == 403
    form = await site.post("/graphql", data={"query": mutation["query"]})
    assert form.status_code == 403
    logout_elsewhere = await site.post(
        "/auth/logout", json={}, headers={"Origin": "https://evil.test"}
    )
    assert logout_elsewhere.status_code == 403
    user = await User.get(login_email=CITIZEN.email)
    assert user.name == CITIZEN.name  # nothing changed
    ok = await site.post(
        "/graphql",
        json={"query": "mutation { updateMyProfile(input: {language: SV}) { errors { code } } }"},
    )
    assert ok.json() == {"data": {"updateMyProfile": {"errors": []}}}
    await (await User.get(login_email=CITIZEN.email)).update_from_dict({"language": "fi"}).save()


async def test_update_my_profile(site: httpx.AsyncClient) -> None:
    update = """mutation($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) {
        me { user { name language } } errors { code field message } } }"""
    anonymous = await gql_data(site, update, {"input": {"name": "Nobody"}})
    assert anonymous["updateMyProfile"]["errors"][0]["code"] == "UNAUTHENTICATED"
    await sign_in(site, CITIZEN.email, CITIZEN.password)
    too_long = await gql_data(site, update, {"input": {"name": "x" * 201}}, lang="en")
    assert too_long["updateMyProfile"]["errors"] == [
        {
            "code": "INVALID_INPUT",
            "field": "name",
            "message": "The name can be at most 200 characters.",
        }
    ]
    changed = await gql_data(site, update, {"input": {"name": " Aino A. ", "language": "EN"}})
    assert changed["updateMyProfile"] == {
        "me": {"user": {"name": "Aino A.", "language": "EN"}},
        "errors": [],
    }
    restored = await gql_data(site, update, {"input": {"name": CITIZEN.name, "language": "FI"}})
    assert restored["updateMyProfile"]["errors"] == []


async def test_personal_answers_are_never_stored_in_shared_caches(
    site: httpx.AsyncClient,
) -> None:
    anonymous = await site.post("/graphql", json={"query": "{ language }"})
    assert "no-store" not in anonymous.headers.get("cache-control", "")
    await sign_in(site, CITIZEN.email, CITIZEN.password)
    personal = await site.post("/graphql", json={"query": "{ me { user { name } } }"})
    assert personal.headers["cache-control"] == "private, no-store"
    fetched = await site.get("/graphql", params={"query": "{ me { user { name } } }"})
    assert fetched.headers["cache-control"] == "private, no-store"


async def test_public_answers_stay_cacheable_for_signed_in_people(
    site: httpx.AsyncClient,
) -> None:
    """The PWA keeps catalogue answers for offline use whoever is signed in."""
    await sign_in(site, CITIZEN.email, CITIZEN.password)
    catalogue = await site.get("/graphql", params={"query": "{ units(first: 1) { totalCount } }"})
    assert "no-store" not in catalogue.headers.get("cache-control", "")
    mixed = await site.get("/graphql", params={"query": "{ language me { user { name } } }"})
    assert mixed.headers["cache-control"] == "private, no-store"
