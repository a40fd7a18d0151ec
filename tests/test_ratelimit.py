"""The counters behind rate limits and throttling, in memory and in a real Redis."""

from __future__ import annotations

import os
import secrets

import pytest

from backend.accounts.ratelimit import Counter, Limit, MemoryCounter, RedisCounter

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(params=["memory", "redis"])
async def counter(request: pytest.FixtureRequest) -> object:
    if request.param == "memory":
        yield MemoryCounter()
        return
    redis_counter = RedisCounter(REDIS_URL)
    yield redis_counter
    await redis_counter.close()


async def test_counts_within_a_window_then_refuses(counter: Counter) -> None:
    key, limit = f"test:{secrets.token_hex(4)}", Limit(count=3, seconds=60)
    verdicts = [await counter.hit(key, limit) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert 0 < verdicts[-1].retry_after <= 60
    assert not (await counter.peek(key, limit)).allowed
    await counter.reset(key)
    assert (await counter.peek(key, limit)).allowed
    assert (await counter.hit(key, limit)).allowed


async def test_keys_are_independent(counter: Counter) -> None:
    limit = Limit(count=1, seconds=60)
    a, b = f"test:{secrets.token_hex(4)}", f"test:{secrets.token_hex(4)}"
    assert (await counter.hit(a, limit)).allowed
    assert not (await counter.hit(a, limit)).allowed
    assert (await counter.hit(b, limit)).allowed
