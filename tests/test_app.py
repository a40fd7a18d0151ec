"""The web app around GraphQL: probes, request ids, security and caching headers, the PWA files."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import Route

from backend.app import AsiointiGraphQL, create_app
from backend.db import POOL_SIZE, pool_size, tortoise_config
from backend.settings import Settings
from backend.web import PwaFiles, public_base_url


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    health = await client.get("/healthz")
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    ready = await client.get("/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ok", "database": "ok"})


async def test_request_id_is_kept_or_made(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = await client.get("/healthz", headers={"X-Request-Id": "bad id\n<script>"})
    assert made.headers["x-request-id"] != "bad id\n<script>"
    assert len(made.headers["x-request-id"]) == 32


async def test_security_headers(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ language }"})
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in response.headers
    secure = await client.get("https://testserver/healthz")
    assert secure.headers["strict-transport-security"].startswith("max-age=")


async def test_structured_log_line_carries_the_request_id(
    settings: Settings, capfd: pytest.CaptureFixture[str]
) -> None:
    app = create_app(replace(settings, log_level="INFO"), manage_db=False)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as test_client:
            await test_client.get("/healthz", headers={"X-Request-Id": "log-test-1"})
    finally:
        logging.getLogger().setLevel(settings.log_level)
    lines = [
        json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")
    ]
    access = [line for line in lines if line.get("request_id") == "log-test-1"]
    assert access, lines
    assert (access[-1]["path"], access[-1]["status"]) == ("/healthz", 200)


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Asiointi</title>")
    (tmp_path / "assets" / "app-3f2a1b.js").write_text("console.log(1)")
    (tmp_path / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    (tmp_path / "manifest.webmanifest").write_text("{}")
    return tmp_path


def test_pwa_files_have_the_right_caching(dist: Path) -> None:
    files = PwaFiles(dist)
    asset = files.response_for("/assets/app-3f2a1b.js")
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    for path in ("/", "/sw.js", "/manifest.webmanifest", "/units/abc", "/fi/services"):
        response = files.response_for(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-cache", path
    assert files.response_for("/sw.js").headers["service-worker-allowed"] == "/"
    assert files.response_for("/manifest.webmanifest").media_type == "application/manifest+json"
    assert files.response_for("/units/abc").media_type == "text/html"
    for missing in ("/assets/nope.js", "/favicon.ico", "/assets/../../x.js"):
        assert files.response_for(missing).status_code == 404, missing
    escaped = files.response_for("/../../etc/passwd")
    assert isinstance(escaped, FileResponse)
    assert Path(escaped.path) == dist / "index.html"


def test_unbuilt_pwa_says_how_to_build(tmp_path: Path) -> None:
    response = PwaFiles(tmp_path).response_for("/")
    assert response.status_code == 503
    assert b"npm run build" in bytes(response.body)


@pytest.mark.parametrize(
    ("url", "size"),
    [
        ("postgres://u@127.0.0.1:5432/db", POOL_SIZE),
        ("postgres://u@127.0.0.1:5432/db?maxsize=3", 3),
        ("sqlite:///tmp/x.sqlite3", POOL_SIZE),
    ],
)
def test_the_pool_size_comes_from_the_url(url: str, size: int) -> None:
    assert pool_size(url) == size
    connection = tortoise_config(url)["connections"]["default"]
    if url.startswith("postgres"):
        assert int(connection["credentials"]["maxsize"]) == size


async def test_operations_past_the_admission_limit_wait_their_turn(
    settings: Settings, database_url: str
) -> None:
    """With room for two operations at once (on PostgreSQL: two connections), twenty sent
    together all get their answer, and every place is given back."""
    narrow = replace(settings, database_url=_with_maxsize(database_url, 2))
    room = pool_size(narrow.database_url)
    assert room == (2 if database_url.startswith("postgres") else POOL_SIZE)
    app = create_app(narrow, manage_db=False)
    graphql = next(r.endpoint for r in app.routes if isinstance(r, Route) and r.path == "/graphql")
    assert isinstance(graphql, AsiointiGraphQL)
    assert graphql.admission._value == room
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://asiointi.test") as c:
        answers = await asyncio.gather(
            *(c.post("/graphql", json={"query": "{ serviceCategories { id } }"}) for _ in range(20))
        )
    assert [a.status_code for a in answers] == [200] * 20
    assert all(a.json()["data"]["serviceCategories"] for a in answers)
    assert graphql.admission._value == room


def _with_maxsize(url: str, size: int) -> str:
    if not url.startswith("postgres"):
        return url
    return f"{url}{'&' if '?' in url else '?'}maxsize={size}"


def test_links_that_leave_the_app_use_the_public_url(settings: Settings) -> None:
    request = Request(
        {
            "type": "http",
            "scheme": "http",
            "server": ("10.0.0.5", 8000),
            "path": "/",
            "headers": [(b"host", b"10.0.0.5:8000")],
        }
    )
    assert public_base_url(settings, request) == "http://10.0.0.5:8000"
    public = replace(settings, public_url="https://asiointi.hel.fi")
    assert public_base_url(public, request) == "https://asiointi.hel.fi"
    assert public_base_url(settings, None) == ""
