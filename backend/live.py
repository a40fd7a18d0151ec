"""Live updates: invalidation events for GraphQL subscriptions.

An event names a topic (`service_request:<id>`, `notifications:<user uuid>`) and carries nothing
else. A subscriber that hears one re-reads the state from the database with its own
authorization, so an event can never leak data and a spurious one is harmless (the subscription
sends nothing when what its caller sees did not change).

Events reach every web process: through one Redis pub/sub channel when `REDIS_URL` is set (one
listener task per process fans them out to the subscribers in it), within the process otherwise.
The app's lifespan starts the broker (`running`); without it (tests on an ASGI transport) events
stay in the process.

Publishing waits for the commit. Tortoise has no on-commit hook, so `changed()` called while a
`publishing()` scope is open (one per HTTP request, `PublishingMiddleware`) only notes the topic,
and the scope publishes when the request's work has returned: its transactions are closed by
then. Outside a scope `changed()` publishes at once, so callers outside requests call it after
their commit. A rolled-back change may still publish (a spurious event: nothing is sent).

Not published: an in-app notification that becomes visible later (a reminder, at its due time).
Notification subscriptions re-read every `REVALIDATE_SECONDS` anyway, which shows it then.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

import redis.asyncio as redis
from redis.exceptions import RedisError
from starlette.types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from backend.accounts.principal import Principal
    from backend.api.context import Context

log = logging.getLogger("asiointi.live")

T = TypeVar("T")
DEFAULT_CHANNEL = "asiointi:live"
# A subscription re-checks its caller's credential (a session signed out or revoked, a token
# expired, a key revoked ends it) at each event and at least this often.
REVALIDATE_SECONDS = 60.0
# How long the Redis listener waits before reconnecting, doubling up to the maximum.
RECONNECT_SECONDS = 0.5
MAX_RECONNECT_SECONDS = 10.0
MAX_TOPIC_LENGTH = 200


def service_request_topic(request_id: object) -> str:
    return f"service_request:{request_id}"


def notifications_topic(user_id: object) -> str:
    return f"notifications:{user_id}"


# ---------------------------------------------------------------- subscribers in this process


class Listener:
    """One subscriber's mailbox: a bounded queue of one that coalesces, since an event says only
    "look again" and many at once need one look."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()

    async def wait(self, seconds: float) -> bool:
        """True when an event arrived (or had arrived), False after `seconds` without one."""
        try:
            await asyncio.wait_for(self._event.wait(), seconds)
        except TimeoutError:
            return False
        self._event.clear()
        return True


class Hub:
    """Topic → listeners of this process. One per process, whichever broker runs, so that
    subscribers stay attached when the app's broker starts or stops."""

    def __init__(self) -> None:
        self._topics: dict[str, set[Listener]] = {}

    def add(self, listener: Listener, topics: Collection[str]) -> None:
        for topic in topics:
            self._topics.setdefault(topic, set()).add(listener)

    def remove(self, listener: Listener, topics: Collection[str]) -> None:
        for topic in topics:
            found = self._topics.get(topic)
            if found is not None:
                found.discard(listener)
                if not found:
                    del self._topics[topic]

    def deliver(self, topics: Collection[str]) -> None:
        for topic in topics:
            for listener in self._topics.get(topic, ()):
                listener.notify()

    def deliver_all(self) -> None:
        """Everyone looks again (events may have been lost while Redis was unreachable)."""
        for listeners in self._topics.values():
            for listener in listeners:
                listener.notify()

    def listeners(self, topic: str) -> int:
        return len(self._topics.get(topic, ()))


hub = Hub()


@contextlib.asynccontextmanager
async def listening(topics: Collection[str]) -> AsyncIterator[Listener]:
    listener = Listener()
    wanted = frozenset(topics)
    hub.add(listener, wanted)
    try:
        yield listener
    finally:
        hub.remove(listener, wanted)


# ---------------------------------------------------------------- brokers


class Broker(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def publish(self, topics: Collection[str]) -> None: ...


class InProcessBroker:
    """Events stay in this process (one web process, the embedded default)."""

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def publish(self, topics: Collection[str]) -> None:
        hub.deliver(topics)


class RedisBroker:
    """Events go through one Redis pub/sub channel, which every process listens to. A message is
    the topics of one publication, one per line. Each process's listener task reconnects after
    a failure (and then tells every local subscriber to look again); when publishing fails the
    process's own subscribers still hear the event."""

    def __init__(self, url: str, channel: str = DEFAULT_CHANNEL) -> None:
        self.url = url
        self.channel = channel
        self._redis = redis.from_url(url)
        self._task: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._listen(), name="live-redis-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._redis.aclose()

    async def publish(self, topics: Collection[str]) -> None:
        if not topics:
            return
        try:
            await self._redis.publish(self.channel, "\n".join(sorted(topics)))
        except (RedisError, OSError) as error:
            log.warning("live event not published", extra={"error": str(error)[:200]})
            hub.deliver(topics)

    async def _listen(self) -> None:
        delay = RECONNECT_SECONDS
        failed = False
        while True:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                self.connected.set()
                if failed:
                    log.info("live events: Redis reachable again")
                    hub.deliver_all()
                    failed = False
                delay = RECONNECT_SECONDS
                while True:
                    message = await pubsub.get_message(timeout=30.0)
                    if message is None or message.get("type") != "message":
                        continue
                    data = message.get("data")
                    text = data.decode() if isinstance(data, bytes) else str(data)
                    hub.deliver([t for t in text.split("\n") if t])
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as error:
                self.connected.clear()
                if not failed:
                    log.warning(
                        "live events: Redis unreachable, reconnecting",
                        extra={"error": str(error)[:200]},
                    )
                failed = True
            finally:
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_RECONNECT_SECONDS)


def make_broker(redis_url: str | None, channel: str | None = None) -> Broker:
    """Redis when `redis_url` is set, else in-process. The channel comes from
    `LIVE_REDIS_CHANNEL` (default `asiointi:live`): deployments sharing a Redis set their own."""
    if not redis_url:
        return InProcessBroker()
    return RedisBroker(
        redis_url, channel or os.environ.get("LIVE_REDIS_CHANNEL") or DEFAULT_CHANNEL
    )


_broker: Broker = InProcessBroker()


def current_broker() -> Broker:
    return _broker


@contextlib.asynccontextmanager
async def running(broker: Broker) -> AsyncIterator[Broker]:
    """The process publishes through `broker` while the block runs (the app's lifespan)."""
    global _broker
    previous = _broker
    await broker.start()
    _broker = broker
    try:
        yield broker
    finally:
        _broker = previous
        await broker.stop()


# ---------------------------------------------------------------- publishing


@dataclass
class _Pending:
    topics: set[str] = field(default_factory=set)
    closed: bool = False


_pending: contextvars.ContextVar[_Pending | None] = contextvars.ContextVar(
    "live_pending", default=None
)


async def publish(topics: Collection[str]) -> None:
    """Publishes now; a failure is logged, never raised (the change itself is done)."""
    wanted = [t for t in topics if 0 < len(t) <= MAX_TOPIC_LENGTH and "\n" not in t]
    if not wanted:
        return
    try:
        await _broker.publish(wanted)
    except Exception as error:  # an event lost must not fail the request that made the change
        log.warning("live event not published", exc_info=error)


async def changed(*topics: str) -> None:
    """Tells subscribers of `topics` to look again: when the current `publishing()` scope ends,
    or at once outside one (call it after your commit then)."""
    pending = _pending.get()
    if pending is not None and not pending.closed:
        pending.topics.update(topics)
        return
    await publish(topics)


@contextlib.asynccontextmanager
async def publishing() -> AsyncIterator[None]:
    """Holds the events of the block until it ends (after its transactions have closed)."""
    outer = _pending.get()
    if outer is not None and not outer.closed:
        yield  # the outer scope publishes
        return
    pending = _Pending()
    token = _pending.set(pending)
    try:
        yield
    finally:
        pending.closed = True
        _pending.reset(token)
        await publish(pending.topics)


class PublishingMiddleware:
    """One `publishing()` scope per HTTP request: what the request changed is published when
    its handler has returned (streamed responses included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with publishing():
            await self.app(scope, receive, send)


# ---------------------------------------------------------------- subscribing


def _identity(principal: Principal) -> Hashable:
    user = principal.user
    return (principal.via, user.id if user is not None else None, principal.api_key_id)


async def watch(
    context: Context,
    topics_of: Callable[[Principal], Awaitable[Sequence[str]]],
    read: Callable[[Principal], Awaitable[T]],
    *,
    reread_on_tick: bool = False,
) -> AsyncIterator[T]:
    """What `read` gives now, then again after each burst of events on the topics (and every
    `REVALIDATE_SECONDS` with `reread_on_tick`). The caller is authenticated again at the
    start, at every event and every `REVALIDATE_SECONDS`: when their credential has gone or
    changed, the subscription ends with UNAUTHENTICATED. `read` raises to end it otherwise.
    Each start counts against the caller's rate limit, like a request."""
    from backend.accounts.errors import MESSAGES
    from backend.accounts.ratelimit_middleware import MESSAGES as LIMIT_MESSAGES
    from backend.api.errors import Refused

    language = context.language
    retry_after = await context.admit()
    if retry_after is not None:
        message = LIMIT_MESSAGES["rate_limited"][language].format(seconds=retry_after)
        raise Refused("RATE_LIMITED", message)

    async def authenticated(started_as: Hashable | None) -> Principal:
        fresh = await context.reauthenticate()
        if fresh is None or (started_as is not None and _identity(fresh) != started_as):
            raise Refused("UNAUTHENTICATED", MESSAGES["unauthenticated"][language])
        context.principal = fresh
        return fresh

    principal = await authenticated(None)
    identity = _identity(principal)
    # Listening before the first read, so that no change falls between the two.
    async with listening(await topics_of(principal)) as listener:
        yield await read(principal)
        while True:
            event = await listener.wait(REVALIDATE_SECONDS)
            principal = await authenticated(identity)
            if event or reread_on_tick:
                yield await read(principal)
