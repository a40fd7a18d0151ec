"""Running a transaction again when PostgreSQL aborted it to break a deadlock or a
serialization failure. The aborted attempt changed nothing: invariants never depend on this,
only whether the caller gets an answer instead of an error does."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from asyncpg.exceptions import TransactionRollbackError

T = TypeVar("T")
ATTEMPTS = 5


async def retrying(work: Callable[[], Awaitable[T]]) -> T:
    """`work()` (which opens its own transaction), again after a short random pause when
    PostgreSQL rolled it back, at most ATTEMPTS times."""
    for attempt in range(ATTEMPTS):
        try:
            return await work()
        except TransactionRollbackError:
            if attempt == ATTEMPTS - 1:
                raise
            await asyncio.sleep(random.uniform(0, 0.02 * (attempt + 1)))
    raise AssertionError("unreachable")
