"""Shared fixtures: a migrated database with the demo catalogue, on SQLite and on PostgreSQL.

Each session makes a fresh PostgreSQL database (`asiointi_test_<random>`) and drops it at the end.
Without a reachable PostgreSQL the PostgreSQL half is skipped, except under `CI=true`, where it
fails: CI must never pass without having run it.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import asyncpg
import httpx
import pytest
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from backend import db
from backend.accounts.demo import load_demo_users
from backend.app import create_app
from backend.appointments.demo import load_demo_appointments
from backend.catalogue.demo import load_demo
from backend.settings import Settings

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
# The demo's holiday closures are computed from this day, so that tests do not depend on today.
DEMO_TODAY = date(2026, 11, 1)
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_url(name: str) -> str:
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


async def create_postgres_database() -> str:
    name = f"asiointi_test_{secrets.token_hex(4)}"
    try:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        message = f"PostgreSQL at {POSTGRES_ADMIN_URL} is unreachable: {error}"
        if IN_CI:
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)", pytrace=False)
        pytest.skip(message)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return _postgres_url(name)


async def drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def make_settings(database_url: str) -> Settings:
    return replace(
        Settings.from_env(),
        database_url=database_url,
        debug=False,
        secret_key="test-secret",
        log_level="WARNING",
    )


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
async def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """A migrated database holding the demo catalogue; Tortoise is connected to it."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "asiointi.sqlite3"
        url = f"sqlite://{path}"
    else:
        url = await create_postgres_database()
    await db.init_db(url)
    try:
        await db.migrate()
        await load_demo(today=DEMO_TODAY)
        await load_demo_users()
        await load_demo_appointments()
        yield url
    finally:
        await Tortoise.close_connections()
        # Tortoise caches each model's INSERT statement per connection *name*, and both engines
        # use "default": without this the next engine would get the previous one's SQL dialect.
        EXECUTOR_CACHE.clear()
        if request.param == "postgres":
            await drop_postgres_database(url)


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


SITE = "https://asiointi.test"


@pytest.fixture
async def site(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client: HTTPS (so Secure cookies flow), our own Origin on every request."""
    app = create_app(settings, manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=SITE, headers={"Origin": SITE}) as c:
        yield c


class QueryCounter(logging.Handler):
    SQL_VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.queries: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().lstrip()
        if text.upper().startswith(self.SQL_VERBS):
            self.queries.append(text)


@pytest.fixture
def count_queries() -> Iterator[QueryCounter]:
    """Counts the SQL statements Tortoise sends (it logs each at DEBUG on `tortoise.db_client`)."""
    logger = logging.getLogger("tortoise.db_client")
    counter = QueryCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)
