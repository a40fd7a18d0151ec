"""The delivery worker: claims due jobs from the outbox, sends them, records what happened.

Run it as its own process (`python -m backend worker`, the Procfile's `worker`) or inside the
web process (`start_in_process()` from the app's lifespan). Several workers share the work:

- Claiming: on PostgreSQL, `SELECT … FOR UPDATE SKIP LOCKED` picks due jobs no other worker is
  claiming, and they are marked `sending` with a lease (`next_attempt_at` = now + lease) in the
  same transaction. On SQLite (one process) a conditional UPDATE claims them: it re-checks
  that each job is still due, so a job is never claimed twice.
- Batches: a worker claims as many due jobs as it has free slots (`PUSH_CONCURRENCY`), and while
  pushes are in flight it claims again once a quarter of its slots are free, so that a claim's
  statements are shared by many pushes even when answers trickle in one by one. A claimed job
  is sent at once, never queued behind others: its lease starts when its push does.
- At least once: a worker killed mid-send leaves its jobs `sending`; when their lease ends
  another worker (or the restarted one) takes them again. The lease is longer than a push can
  take (PushConfig checks it), so a living worker never loses its jobs to another.
- Never twice after an acknowledgement: a job is marked `sent` as soon as the push service
  acknowledged it (acknowledgements are written in small groups, one UPDATE each), and `sent`
  jobs are never claimed again. Only a crash between the acknowledgement and that UPDATE
  (milliseconds) can repeat a push, which at-least-once delivery allows.
- Waking: an `asyncio.Event` set by enqueues in this process, PostgreSQL `LISTEN` (asyncpg
  `add_listener`) for enqueues in any process, the next job's due time (reminders, retries),
  and a slow fallback poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import secrets
import signal
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.connection import connections
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from notifications import config as push_config
from notifications import wakeup
from notifications.config import PushConfig
from notifications.models import NotificationJob, PushSubscription
from notifications.outbox import encode_payload
from notifications.sender import Outcome, PushSender, PushTarget, SendResult
from notifications.vapid import VapidKeyPair, current_key, key_for

log = logging.getLogger("asiointi.notifications")

CLAIMABLE = ("pending", "sending")
# When nothing was claimed although a job looked due (another worker holds it), wait at
# least this long before looking again.
MIN_WAIT_SECONDS = 0.05
# A busy worker claims again when a quarter of its slots are free.
CLAIM_BATCH_DIVISOR = 4


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    claim_token: str
    attempts: int
    kind: str
    payload: dict[str, Any]
    topic: str | None
    urgency: str
    ttl: int
    due_at: datetime
    subscription_id: int
    target: PushTarget
    vapid_public_key: str


def backoff(config: PushConfig, attempts: int, retry_after: float | None) -> float:
    """Seconds before the next attempt: exponential with jitter, never sooner than the push
    service asked (`Retry-After`)."""
    exponential = min(config.backoff_max_seconds, config.backoff_seconds * 2.0 ** (attempts - 1))
    delay: float = exponential * random.uniform(0.8, 1.2)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


class _AckWriter:
    """Group commit of acknowledgements: sends waiting to be recorded as `sent` are written
    together, one UPDATE per group, while the previous group is being written."""

    def __init__(self) -> None:
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._lock = asyncio.Lock()

    async def sent(self, job_id: int, subscription_id: int) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((job_id, subscription_id, done))
        async with self._lock:
            if not done.done():
                group, self._waiting = self._waiting, []
                try:
                    await self._write(group)
                except BaseException as error:
                    for _, _, future in group:
                        if not future.done():
                            future.set_exception(error)
                    raise
                for _, _, future in group:
                    if not future.done():
                        future.set_result(None)
        await done

    @staticmethod
    async def _write(group: list[tuple[int, int, asyncio.Future[None]]]) -> None:
        now = utcnow()
        jobs = [j for j, _, _ in group]
        subscriptions = sorted({s for _, s, _ in group})
        await (
            NotificationJob.filter(id__in=jobs)
            .exclude(status="sent")
            .update(status="sent", sent_at=now, last_error="", claim_token=None)
        )
        await PushSubscription.filter(id__in=subscriptions).update(
            last_success_at=now, failure_count=0
        )


class Worker:
    def __init__(self, config: PushConfig | None = None, *, name: str | None = None) -> None:
        self.config = config or push_config.current()
        self.name = name or f"worker-{secrets.token_hex(3)}"
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._slot_freed = asyncio.Event()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._keys: dict[str, VapidKeyPair] = {}
        self._acks = _AckWriter()
        self._sender: PushSender | None = None
        self.sent = 0  # pushes acknowledged by this worker (for logs and tests)
        # While pushes are in flight, claim when this many slots are free.
        self._batch = max(1, self.config.concurrency // CLAIM_BATCH_DIVISOR)

    # -- claiming ---------------------------------------------------------------------------

    def _due(self, now: datetime) -> Q:
        return Q(status__in=CLAIMABLE, next_attempt_at__lte=now)

    async def claim(self, limit: int) -> list[ClaimedJob]:
        """Marks up to `limit` due jobs `sending` for this worker and returns them."""
        if limit <= 0:
            return []
        now = utcnow()
        token = secrets.token_hex(16)
        lease_until = now + timedelta(seconds=self.config.lease_seconds)
        claim = {
            "status": "sending",
            "claim_token": token,
            "attempts": F("attempts") + 1,
            "next_attempt_at": lease_until,
        }
        if wakeup.is_postgres():
            async with in_transaction():
                rows = (
                    await NotificationJob.filter(self._due(now))
                    .order_by("next_attempt_at", "id")
                    .limit(limit)
                    .select_for_update(skip_locked=True)
                    .only("id")
                )
                if not rows:
                    return []
                await NotificationJob.filter(id__in=[r.id for r in rows]).update(**claim)
        else:
            ids = (
                await NotificationJob.filter(self._due(now))
                .order_by("next_attempt_at", "id")
                .limit(limit)
                .values_list("id", flat=True)
            )
            if not ids:
                return []
            # The WHERE re-checks that each is still due: a job another worker claimed
            # meanwhile has a lease in the future and is left alone.
            await NotificationJob.filter(self._due(now), id__in=list(ids)).update(**claim)
        # Plain rows, not model instances: building a job and its subscription per push was a
        # few per cent of the worker's CPU in a profile of a fan-out (bench/notifications.py).
        claimed: list[dict[str, Any]] = await NotificationJob.filter(claim_token=token).values(
            "id",
            "attempts",
            "kind",
            "payload",
            "topic",
            "urgency",
            "ttl",
            "due_at",
            "subscription_id",
            "subscription__endpoint",
            "subscription__p256dh",
            "subscription__auth",
            "subscription__vapid_public_key",
        )
        return [
            ClaimedJob(
                id=r["id"],
                claim_token=token,
                attempts=r["attempts"],
                kind=r["kind"],
                payload=r["payload"],
                topic=r["topic"],
                urgency=r["urgency"],
                ttl=r["ttl"],
                due_at=r["due_at"],
                subscription_id=r["subscription_id"],
                target=PushTarget(
                    endpoint=r["subscription__endpoint"],
                    p256dh=r["subscription__p256dh"],
                    auth=r["subscription__auth"],
                ),
                vapid_public_key=r["subscription__vapid_public_key"],
            )
            for r in claimed
        ]

    async def next_due_in(self) -> float | None:
        """Seconds until the next job is due (0 when one is), None when there is none."""
        first = (
            await NotificationJob.filter(status__in=CLAIMABLE)
            .order_by("next_attempt_at")
            .first()
            .values_list("next_attempt_at", flat=True)
        )
        if first is None:
            return None
        due: datetime = first  # type: ignore[assignment]
        return max(0.0, (due - utcnow()).total_seconds())

    # -- sending and recording ---------------------------------------------------------------

    async def _key(self, public_key: str) -> VapidKeyPair:
        found = self._keys.get(public_key)
        if found is None:
            found = await key_for(public_key, self.config)
            if found is None:  # a key nobody knows anymore: the current one is the best bet
                found = await current_key(self.config)
            self._keys[public_key] = found
        return found

    async def process(self, job: ClaimedJob) -> SendResult:
        """Sends one claimed job and records the outcome."""
        assert self._sender is not None
        now = utcnow()
        age = max(0, int((now - job.due_at).total_seconds()))
        if job.ttl > 0 and age > job.ttl:
            result = SendResult(Outcome.REJECTED, error="expired before delivery (TTL)")
        else:
            result = await self._sender.send(
                job.target,
                encode_payload(job.payload),
                key=await self._key(job.vapid_public_key),
                ttl=max(0, job.ttl - age) if job.ttl > 0 else 0,
                urgency=job.urgency,
                topic=job.topic,
            )
        await self.record(job, result)
        return result

    async def record(self, job: ClaimedJob, result: SendResult) -> None:
        if result.outcome is Outcome.SENT:
            await self._acks.sent(job.id, job.subscription_id)
            self.sent += 1
            return
        if result.outcome is Outcome.GONE:
            log.info("push subscription gone (%s); deleting it", result.status)
            await PushSubscription.filter(id=job.subscription_id).delete()  # and its jobs
            return
        mine = NotificationJob.filter(id=job.id, status="sending", claim_token=job.claim_token)
        error = result.error[:500]
        if result.outcome is Outcome.RETRY and job.attempts < self.config.max_attempts:
            delay = backoff(self.config, job.attempts, result.retry_after)
            await mine.update(
                status="pending",
                next_attempt_at=utcnow() + timedelta(seconds=delay),
                last_error=error,
                claim_token=None,
            )
            self._wake.set()  # the loop recomputes when the next job is due
        else:
            log.warning("push job %s is dead after %s attempts: %s", job.id, job.attempts, error)
            await mine.update(status="dead", last_error=error, claim_token=None)
        await PushSubscription.filter(id=job.subscription_id).update(
            failure_count=F("failure_count") + 1
        )

    async def _guarded(self, job: ClaimedJob) -> None:
        try:
            await self.process(job)
        except asyncio.CancelledError:
            raise
        except Exception:  # the job stays `sending` and is taken again after its lease
            log.exception("push job %s failed unexpectedly", job.id)

    # -- the loop ----------------------------------------------------------------------------

    def _spawn(self, job: ClaimedJob) -> None:
        task = asyncio.create_task(self._guarded(job), name=f"push-job-{job.id}")
        self._in_flight.add(task)

        def done(t: asyncio.Task[None]) -> None:
            self._in_flight.discard(t)
            self._slot_freed.set()

        task.add_done_callback(done)

    async def _wait(self, seconds: float | None, *events: asyncio.Event) -> None:
        waiters = [asyncio.ensure_future(e.wait()) for e in (*events, self._stopping)]
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()

    async def _listen(self) -> None:
        """PostgreSQL LISTEN on its own connection; reconnects when it drops."""
        import asyncpg

        client: Any = connections.get("default")
        delay = 1.0
        while not self._stopping.is_set():
            connection = None
            try:
                connection = await asyncpg.connect(
                    host=client.host,
                    port=client.port,
                    user=client.user,
                    password=client.password,
                    database=client.database,
                    timeout=10,
                )
                lost = asyncio.Event()
                connection.add_termination_listener(lambda _c, lost=lost: lost.set())
                await connection.add_listener(wakeup.CHANNEL, lambda *_: self._wake.set())
                self._wake.set()  # catch up on anything sent while not listening
                delay = 1.0
                await self._wait(None, lost)
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("LISTEN failed (%s); polling until it is back", error)
                await self._wait(delay)
                delay = min(delay * 2, 60.0)
            finally:
                if connection is not None and not connection.is_closed():
                    with contextlib.suppress(Exception):
                        await connection.close(timeout=2)

    async def run(self) -> None:
        """Delivers until `stop()`; in-flight pushes finish (or are cancelled) on the way out."""
        wakeup.register(self._wake)
        listener = asyncio.create_task(self._listen()) if wakeup.is_postgres() else None
        log.info("%s delivering web push", self.name)
        try:
            async with PushSender(self.config) as sender:
                self._sender = sender
                try:
                    await self._loop()
                    if self._in_flight:  # let pushes under way finish (they time out anyway)
                        await asyncio.wait(self._in_flight, timeout=self.config.timeout_seconds + 2)
                finally:
                    # Whatever is left stays `sending` and is taken again after its lease.
                    leftovers = list(self._in_flight)
                    for task in leftovers:
                        task.cancel()
                    await asyncio.gather(*leftovers, return_exceptions=True)
        finally:
            if listener is not None:
                listener.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await listener
            wakeup.unregister(self._wake)
            self._sender = None

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            free = self.config.concurrency - len(self._in_flight)
            try:
                jobs = await self.claim(free)
            except Exception:
                log.exception("claiming push jobs failed; trying again shortly")
                await self._wait(min(5.0, self.config.poll_seconds))
                continue
            for job in jobs:
                self._spawn(job)
            if len(jobs) == free:
                # More may be due: claim again once a batch's worth of slots is free (claiming
                # each freed slot alone would cost a claim's statements per push).
                while (
                    self.config.concurrency - len(self._in_flight) < self._batch
                    and not self._stopping.is_set()
                ):
                    self._slot_freed.clear()
                    await self._wait(self.config.poll_seconds, self._slot_freed)
                continue
            try:
                due_in = await self.next_due_in()
            except Exception:
                log.exception("reading the next due job failed")
                due_in = None
            timeout = self.config.poll_seconds
            if due_in is not None:
                timeout = min(timeout, max(due_in, MIN_WAIT_SECONDS))
            await self._wait(timeout, self._wake)

    def stop(self) -> None:
        self._stopping.set()

    async def drain(self) -> int:
        """Delivers every job that is due now and returns how many pushes were acknowledged
        (for tests and one-off runs: no waiting for later jobs)."""
        before = self.sent
        async with PushSender(self.config) as sender:
            self._sender = sender
            try:
                while jobs := await self.claim(self.config.concurrency):
                    await asyncio.gather(*(self._guarded(j) for j in jobs))
            finally:
                self._sender = None
        return self.sent - before


_in_process: tuple[Worker, asyncio.Task[None]] | None = None


def start_in_process(config: PushConfig | None = None) -> Worker:
    """Starts a worker in this event loop (the web process's lifespan); `stop_in_process()`
    ends it. Tortoise must already be initialised."""
    global _in_process
    if _in_process is not None:
        return _in_process[0]
    worker = Worker(config, name="in-process")
    task = asyncio.create_task(worker.run(), name="notifications-worker")
    _in_process = (worker, task)
    return worker


async def stop_in_process() -> None:
    global _in_process
    if _in_process is None:
        return
    worker, task = _in_process
    _in_process = None
    worker.stop()
    try:
        await asyncio.wait_for(task, timeout=worker.config.timeout_seconds + 5)
    except TimeoutError:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def run_forever(config: PushConfig | None = None) -> None:
    """The `python -m backend worker` process: runs until SIGTERM/SIGINT."""
    worker = Worker(config)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        # Event loops without signal support (Windows) raise this; Ctrl+C still ends the process.
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, worker.stop)
    await current_key(worker.config)  # the key exists before the first push
    await worker.run()
