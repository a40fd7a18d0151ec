"""Fixed-window counters for rate limits and login throttling: in Redis when `REDIS_URL` is set
(shared by every process), in this process's memory otherwise."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Protocol

import redis.asyncio as redis


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends; meaningful when not allowed


class Counter(Protocol):
    async def hit(self, key: str, limit: Limit) -> Verdict: ...
    async def peek(self, key: str, limit: Limit) -> Verdict: ...
    async def reset(self, key: str) -> None: ...


def _window(limit: Limit, now: float) -> tuple[int, int]:
    window = int(now // limit.seconds)
    retry_after = max(1, math.ceil((window + 1) * limit.seconds - now))
    return window, retry_after


class MemoryCounter:
    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, int]] = {}

    def _current(self, key: str, limit: Limit) -> tuple[int, int, int]:
        window, retry_after = _window(limit, time.time())
        seen_window, count = self._counts.get(key, (window, 0))
        return (count if seen_window == window else 0), window, retry_after

    async def hit(self, key: str, limit: Limit) -> Verdict:
        count, window, retry_after = self._current(key, limit)
        self._counts[key] = (window, count + 1)
        if len(self._counts) > 100_000:  # forget finished windows rather than grow forever
            self._counts = {k: v for k, v in self._counts.items() if v[0] >= window - 1}
        return Verdict(allowed=count + 1 <= limit.count, retry_after=retry_after)

    async def peek(self, key: str, limit: Limit) -> Verdict:
        count, _, retry_after = self._current(key, limit)
        return Verdict(allowed=count < limit.count, retry_after=retry_after)

    async def reset(self, key: str) -> None:
        self._counts.pop(key, None)


class RedisCounter:
    def __init__(self, url: str) -> None:
        self._redis = redis.from_url(url)

    def _key(self, key: str, limit: Limit) -> tuple[str, int]:
        window, retry_after = _window(limit, time.time())
        return f"asiointi:rl:{key}:{limit.seconds}:{window}", retry_after

    async def hit(self, key: str, limit: Limit) -> Verdict:
        redis_key, retry_after = self._key(key, limit)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(redis_key)
            pipe.expire(redis_key, limit.seconds + 1)
            count, _ = await pipe.execute()
        return Verdict(allowed=int(count) <= limit.count, retry_after=retry_after)

    async def peek(self, key: str, limit: Limit) -> Verdict:
        redis_key, retry_after = self._key(key, limit)
        count = int(await self._redis.get(redis_key) or 0)
        return Verdict(allowed=count < limit.count, retry_after=retry_after)

    async def reset(self, key: str) -> None:
        async for found in self._redis.scan_iter(match=f"asiointi:rl:{key}:*"):
            await self._redis.delete(found)

    async def close(self) -> None:
        await self._redis.aclose()


def make_counter(redis_url: str | None) -> Counter:
    return RedisCounter(redis_url) if redis_url else MemoryCounter()
