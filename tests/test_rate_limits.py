"""Rate limits per IP address, per user and per API key: clear 429 answers with Retry-After,
separate budgets, exemptions, and counters shared by two app instances through a real Redis."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.accounts import api_keys
from backend.accounts.demo import DEMO_USERS
from backend.accounts.models import User
from backend.accounts.service import principal_for
from backend.app import create_app
from backend.settings import Settings
from tests.conftest import SITE

CITIZEN, STAFF, ADMIN = DEMO_USERS
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Long windows, so that a test cannot straddle the end of one (fixed windows start over then).
WINDOW = 3600
QUERY = {"query": "{ language }"}


def random_ip() -> str:
    """A fresh documentation address (2001:db8::/32): only a name for a counter, never dialled."""
    return str(ipaddress.IPv6Address((0x20010DB8 << 96) | secrets.randbits(64)))


@contextlib.asynccontextmanager
async def app_client(
    settings: Settings, ip: str = "127.0.0.1", **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(replace(settings, rate_limit_window=WINDOW, **overrides), manage_db=False)
    async with instance(app, ip) as client:
        yield client


@contextlib.asynccontextmanager
async def instance(app: Any, ip: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    async with httpx.AsyncClient(
        transport=transport, base_url=SITE, headers={"Origin": SITE}
    ) as client:
        yield client


async def new_key(scopes: list[str] | None = None) -> str:
    admin = await principal_for(await User.get(login_email=ADMIN.email))
    issued = await api_keys.create_api_key(
        admin, f"Rate test {secrets.token_hex(3)}", scopes or ["open311:write"]
    )
    return issued.secret


async def test_anonymous_callers_are_limited_per_ip(settings: Settings) -> None:
    async with app_client(settings, rate_limit_ip=3) as client:
        for _ in range(3):
            ok = await client.post("/graphql", json=QUERY)
            assert ok.status_code == 200
            assert ok.headers["ratelimit-policy"] == f"3;w={WINDOW}"
        refused = await client.post("/graphql?lang=en", json=QUERY)
        assert refused.status_code == 429
        retry_after = int(refused.headers["retry-after"])
        assert 0 < retry_after <= WINDOW
        assert refused.headers["ratelimit-limit"] == "3"
        assert refused.headers["ratelimit-remaining"] == "0"
        assert refused.headers["ratelimit-reset"] == str(retry_after)
        error = refused.json()["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert error["message"] == f"Too many requests. Try again in {retry_after} seconds."
        finnish = await client.post("/auth/logout", json={})
        assert finnish.status_code == 429
        assert finnish.json()["error"]["message"].startswith("Liian monta pyyntöä.")
        assert (await client.get("/healthz")).status_code == 200  # probes are never limited
    # Another address has its own budget.
    async with app_client(settings, ip="192.0.2.7", rate_limit_ip=3) as other:
        assert (await other.post("/graphql", json=QUERY)).status_code == 200


async def test_each_api_key_and_user_has_its_own_budget(settings: Settings) -> None:
    first, second = await new_key(), await new_key()
    app = create_app(
        replace(settings, rate_limit_window=WINDOW, rate_limit_ip=5, rate_limit_api_key=2),
        manage_db=False,
    )
    async with instance(app, "127.0.0.1") as client:
        for _ in range(2):
            assert (
                await client.post("/graphql", json=QUERY, headers={"X-Api-Key": first})
            ).is_success
        refused = await client.post("/graphql", json=QUERY, headers={"X-Api-Key": first})
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        bearer = {"Authorization": f"Bearer {first}"}  # the same key by the other header
        assert (await client.post("/graphql", json=QUERY, headers=bearer)).status_code == 429
        # Another key, and anonymous callers from the very same address, are unaffected.
        assert (await client.post("/graphql", json=QUERY, headers={"X-Api-Key": second})).is_success
        assert (await client.post("/graphql", json=QUERY)).is_success
        # A signed-in user counts as themself, not as their address.
        login = await client.post(
            "/auth/login", json={"email": CITIZEN.email, "password": CITIZEN.password}
        )
        assert login.status_code == 200
        for _ in range(6):
            assert (await client.post("/graphql", json=QUERY)).is_success


async def test_signed_in_users_are_limited_per_user(settings: Settings) -> None:
    app = create_app(
        replace(settings, rate_limit_window=WINDOW, rate_limit_user=2), manage_db=False
    )
    async with instance(app, random_ip()) as one, instance(app, random_ip()) as two:
        for client in (one, two):
            response = await client.post(
                "/auth/login", json={"email": STAFF.email, "password": STAFF.password}
            )
            assert response.status_code == 200
        assert (await one.post("/graphql", json=QUERY)).is_success
        assert (await two.post("/graphql", json=QUERY)).is_success
        # The same person from two addresses: one budget.
        assert (await one.post("/graphql", json=QUERY)).status_code == 429
        assert (await two.post("/graphql", json=QUERY)).status_code == 429


async def test_refused_credentials_count_against_the_address(settings: Settings) -> None:
    async with app_client(settings, rate_limit_ip=2) as client:
        guesses = [
            await client.post("/graphql", json=QUERY, headers={"X-Api-Key": "asi_guess"})
            for _ in range(3)
        ]
        assert [r.status_code for r in guesses] == [401, 401, 429]
        assert int(guesses[-1].headers["retry-after"]) > 0


async def test_zero_turns_a_limit_off(settings: Settings) -> None:
    async with app_client(settings, rate_limit_ip=0) as client:
        for _ in range(5):
            response = await client.post("/graphql", json=QUERY)
            assert response.status_code == 200
            assert "ratelimit-policy" not in response.headers


def test_defaults_leave_room_for_the_pwa_and_the_tests() -> None:
    defaults = Settings(database_url="sqlite://:memory:", debug=False, secret_key="x")
    assert (defaults.rate_limit_ip, defaults.rate_limit_window) == (600, 60)
    assert defaults.rate_limit_user >= defaults.rate_limit_ip
    assert defaults.rate_limit_api_key >= defaults.rate_limit_ip


async def test_limits_are_shared_through_redis(settings: Settings) -> None:
    """Two app instances (think: two processes) count together in Redis: per IP and per key."""
    shared = replace(
        settings,
        redis_url=REDIS_URL,
        rate_limit_window=WINDOW,
        rate_limit_ip=4,
        rate_limit_api_key=3,
    )
    ip, key = random_ip(), await new_key()
    apps = [create_app(shared, manage_db=False) for _ in range(2)]
    async with instance(apps[0], ip) as a, instance(apps[1], ip) as b:
        statuses = [
            (await (a, b)[i % 2].post("/graphql", json=QUERY)).status_code for i in range(4)
        ]
        assert statuses == [200, 200, 200, 200]
        assert (await a.post("/graphql", json=QUERY)).status_code == 429
        refused = await b.post("/graphql", json=QUERY)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        headers = {"X-Api-Key": key}
        keyed = [
            (await (b, a)[i % 2].post("/graphql", json=QUERY, headers=headers)).status_code
            for i in range(4)
        ]
        assert keyed == [200, 200, 200, 429]
    # A third instance on its own memory would not know; one on the same Redis does.
    async with app_client(shared, ip=ip) as c:
        assert (await c.post("/graphql", json=QUERY)).status_code == 429
    async with app_client(settings, ip=ip, rate_limit_ip=4) as memory:
        assert (await memory.post("/graphql", json=QUERY)).status_code == 200


async def test_an_unreachable_redis_lets_requests_through(settings: Settings) -> None:
    with socket_closed() as port:
        async with app_client(
            settings, redis_url=f"redis://127.0.0.1:{port}/15", rate_limit_ip=1
        ) as client:
            for _ in range(3):
                assert (await client.post("/graphql", json=QUERY)).status_code == 200


@contextlib.contextmanager
def socket_closed() -> Iterator[int]:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    yield port


async def test_only_the_pwas_own_files_skip_the_gate(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Asiointi</title>")
    (tmp_path / "assets" / "app-1234.js").write_text("console.log(1)")
    (tmp_path / "manifest.webmanifest").write_text("{}")
    async with app_client(settings, rate_limit_ip=1, pwa_dist=tmp_path) as client:
        assert (await client.post("/graphql", json=QUERY)).status_code == 200
        assert (await client.post("/graphql", json=QUERY)).status_code == 429
        for path in ("/assets/app-1234.js", "/manifest.webmanifest", "/index.html"):
            for _ in range(2):
                assert (await client.get(path)).status_code == 200, path
        # The PWA's routes, unknown paths and escapes from the folder are counted like the API.
        for path in ("/bookings", "/", "/assets/missing.js", "/../pyproject.toml", "/x%00y"):
            assert (await client.get(path)).status_code == 429, path
        # A file's name does not open the gate to other methods.
        assert (await client.post("/manifest.webmanifest")).status_code == 429


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
async def test_probes_are_exempt(settings: Settings, path: str) -> None:
    async with app_client(settings, rate_limit_ip=1) as client:
        for _ in range(3):
            assert (await client.get(path)).status_code != 429
