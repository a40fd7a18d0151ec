"""Waking delivery workers when jobs arrive.

On PostgreSQL, `signal()` runs `pg_notify` on the caller's connection: inside the caller's
transaction it is delivered at COMMIT (and never after a rollback), to every worker process
LISTENing on `CHANNEL`. On SQLite there is one process, and workers in it wait on an
`asyncio.Event` that `signal()` sets (a worker's claim waits for the caller's transaction: Tortoise
serializes SQLite transactions with every other query of the process).
"""

from __future__ import annotations

import asyncio

from tortoise.connection import connections

CHANNEL = "asiointi_notifications"

_events: set[asyncio.Event] = set()


def register(event: asyncio.Event) -> None:
    _events.add(event)


def unregister(event: asyncio.Event) -> None:
    _events.discard(event)


def wake_local() -> None:
    for event in list(_events):
        event.set()


def is_postgres() -> bool:
    dialect: str = connections.get("default").capabilities.dialect
    return dialect == "postgres"


async def signal() -> None:
    """Tells workers that jobs are due (at commit, when called inside a transaction)."""
    client = connections.get("default")
    if client.capabilities.dialect == "postgres":
        await client.execute_query("SELECT pg_notify($1, '')", [CHANNEL])
    else:
        wake_local()
