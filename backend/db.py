"""Database configuration and migration state, shared by the app, the CLI and the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.connection import get_connection
from tortoise.migrations.executor import MigrationExecutor

from backend.settings import Settings

APPS: dict[str, dict[str, Any]] = {
    "accounts": {
        "models": ["backend.accounts.models"],
        "migrations": "backend.accounts.migrations",
        "default_connection": "default",
    },
    "catalogue": {
        "models": ["backend.catalogue.models"],
        "migrations": "backend.catalogue.migrations",
        "default_connection": "default",
    },
    "appointments": {
        "models": ["backend.appointments.models"],
        "migrations": "backend.appointments.migrations",
        "default_connection": "default",
    },
    "service_requests": {
        "models": ["backend.service_requests.models"],
        "migrations": "backend.service_requests.migrations",
        "default_connection": "default",
    },
    # Web push and the in-app notification centre: the top-level `notifications` package.
    "notifications": {
        "models": ["notifications.models"],
        "migrations": "notifications.migrations",
        "default_connection": "default",
    },
}


class UnmigratedDatabaseError(RuntimeError):
    """The database lacks migrations the code needs; serving it would fail in odd places."""


# Connections per process: every request holds one per query (or per transaction), and with 50
# requests in flight a small pool is the queue (bench/availability.py measured it). The URL's own
# `maxsize` wins.
POOL_SIZE = 20


async def _reset_connection(connection: Any) -> None:
    """What a connection needs before it goes back to the pool: only a rollback of anything
    left open. asyncpg's default reset also clears LISTEN, cursors, advisory locks and SET,
    none of which the app uses, at the cost of a round trip per query."""
    if connection.is_in_transaction():
        await connection.execute("ROLLBACK")


def _is_postgres(database_url: str) -> bool:
    return database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))


def pool_size(database_url: str) -> int:
    """Connections per process: the URL's `maxsize`, else POOL_SIZE."""
    if not _is_postgres(database_url):
        return POOL_SIZE
    return int(expand_db_url(database_url)["credentials"].get("maxsize", POOL_SIZE))


def _connection(database_url: str) -> str | dict[str, Any]:
    if not _is_postgres(database_url):
        return database_url
    config = expand_db_url(database_url)
    config["credentials"]["maxsize"] = pool_size(database_url)
    config["credentials"]["reset"] = _reset_connection
    return config


def tortoise_config(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite://"):
        path = database_url.removeprefix("sqlite://")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    return {
        "connections": {"default": _connection(database_url)},
        "apps": APPS,
        "use_tz": True,
        "timezone": "UTC",
    }


def _cli_config() -> dict[str, Any]:
    return tortoise_config(Settings.from_env().database_url)


# Read by `tortoise makemigrations` / `tortoise migrate` through [tool.tortoise] in pyproject.toml.
TORTOISE_ORM = _cli_config()


async def init_db(database_url: str) -> None:
    # The global fallback makes the connection visible to every task: uvicorn runs the lifespan
    # and the requests in different tasks, and Tortoise's context is otherwise per task.
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_db() -> None:
    await Tortoise.close_connections()


async def pending_migrations() -> list[str]:
    executor = MigrationExecutor(get_connection("default"), APPS)
    plan = await executor.plan()
    return [
        f"{step.migration.app_label}.{step.migration.name}" for step in plan if not step.backward
    ]


async def migrate() -> list[str]:
    """Apply every pending migration; returns the names applied."""
    executor = MigrationExecutor(get_connection("default"), APPS)
    pending = await pending_migrations()
    await executor.migrate()
    return pending


async def ensure_migrated() -> None:
    pending = await pending_migrations()
    if pending:
        raise UnmigratedDatabaseError(
            "The database is not migrated (pending: "
            + ", ".join(pending)
            + "). Run `python -m backend migrate` first."
        )
