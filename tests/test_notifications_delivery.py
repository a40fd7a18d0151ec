"""Delivery end to end on SQLite and PostgreSQL: the outbox written in the domain's
transaction, the worker sending with pywebpush to a real push receiver (which decrypts and
checks every push), and what the worker does with 201, 410, 429, 500 and a hanging service."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from tortoise.transactions import in_transaction

from backend.accounts.models import User
from notifications import config as push_config
from notifications.config import PushConfig
from notifications.models import (
    InAppNotification,
    NotificationJob,
    NotificationPreference,
    PushSubscription,
    PushTracking,
)
from notifications.outbox import (
    MAX_PAYLOAD_BYTES,
    LocalizedMessage,
    OutboxError,
    PayloadTooLarge,
    enqueue_for_tracking_token,
    enqueue_for_user,
)
from notifications.sender import Outcome, PushSender, classify, parse_retry_after
from notifications.vapid import current_key, forget_cached_key
from notifications.worker import Worker
from tests.conftest import QueryCounter
from tests.helpers import make_user
from tests.test_notifications_receiver import HANG, Device, PushReceiver

TEST_CONFIG = PushConfig(
    vapid_subject="mailto:push-tests@example.fi",
    concurrency=20,
    timeout_seconds=1.0,
    max_attempts=3,
    backoff_seconds=60.0,
    backoff_max_seconds=600.0,
    lease_seconds=2.0,
    poll_seconds=30.0,
    allow_loopback_http=True,
)
MESSAGE = LocalizedMessage(
    title={"fi": "Tila muuttui", "sv": "Status ändrades", "en": "Status changed"},
    body={"fi": "Pyyntösi on käsittelyssä.", "sv": "Din begäran behandlas.", "en": "In progress."},
    url="/requests/123",
    tag="request-123",
    topic="request-123",
    urgency="high",
    ttl=3600,
)


@pytest.fixture
def push_settings() -> Iterator[PushConfig]:
    previous = push_config.configure(TEST_CONFIG)
    forget_cached_key()
    try:
        yield TEST_CONFIG
    finally:
        push_config.configure(previous)
        forget_cached_key()


@pytest.fixture
async def receiver(database_url: str, push_settings: PushConfig) -> AsyncIterator[PushReceiver]:
    """A push receiver, and an outbox emptied of other tests' jobs."""
    await NotificationJob.all().delete()
    await PushSubscription.all().delete()
    found = PushReceiver()
    await found.start()
    try:
        yield found
    finally:
        await found.stop()


async def subscribe(
    device: Device, user: User | None = None, *, language: str = "fi", token: str | None = None
) -> PushSubscription:
    key = await current_key(push_config.current())
    device.expected_vapid_key = key.public_key
    made = await PushSubscription.create(
        endpoint=device.endpoint,
        p256dh=device.p256dh,
        auth=device.auth,
        user_id=user.id if user else None,
        language=language,
        vapid_public_key=key.public_key,
    )
    if token is not None:
        from notifications.interface import hash_tracking_token

        await PushTracking.create(subscription=made, token_hash=hash_tracking_token(token))
    return made


async def citizen(language: str = "fi") -> User:
    user = await make_user("Push Citizen")
    user.language = language
    await user.save(update_fields=["language"])
    return user


def key() -> str:
    return f"event-{uuid.uuid4()}"


async def make_due(**filters: object) -> None:
    await NotificationJob.filter(**filters).update(next_attempt_at=datetime.now(UTC))


async def job_of(device: Device) -> NotificationJob:
    return await NotificationJob.get(subscription__endpoint=device.endpoint)


async def test_a_committed_change_is_pushed_encrypted_in_the_users_language(
    receiver: PushReceiver,
) -> None:
    user = await citizen("sv")
    phone, laptop = receiver.device(), receiver.device()
    await subscribe(phone, user)
    await subscribe(laptop, user)
    dedupe = key()
    async with in_transaction():
        queued = await enqueue_for_user(user.id, "request_status", MESSAGE, dedupe)
    assert (queued.subscriptions, queued.in_app) == (2, True)
    assert await Worker(TEST_CONFIG).drain() == 2
    assert receiver.problems == []
    for device in (phone, laptop):
        [delivery] = receiver.delivered(device)
        assert delivery.payload == {
            "kind": "request_status",
            "lang": "sv",
            "key": dedupe,
            "title": "Status ändrades",
            "body": "Din begäran behandlas.",
            "url": "/requests/123",
            "tag": "request-123",
        }
        assert 3590 <= delivery.ttl <= 3600
        assert (delivery.urgency, delivery.topic) == ("high", "request-123")
        assert delivery.claims["sub"] == "mailto:push-tests@example.fi"
        job = await job_of(device)
        assert (job.status, job.attempts, job.sent_at is not None) == ("sent", 1, True)
    subscription = await PushSubscription.get(endpoint=phone.endpoint)
    assert subscription.last_success_at is not None
    [in_app] = await InAppNotification.filter(user_id=user.id)
    assert (in_app.title, in_app.url, in_app.read_at) == ("Status ändrades", "/requests/123", None)


async def test_a_rolled_back_change_notifies_nobody(receiver: PushReceiver) -> None:
    user = await citizen()
    await subscribe(receiver.device(), user)

    async def change_that_fails() -> None:
        async with in_transaction():
            await enqueue_for_user(user.id, "request_status", MESSAGE, key())
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        await change_that_fails()
    assert await NotificationJob.filter(subscription__user_id=user.id).count() == 0
    assert await InAppNotification.filter(user_id=user.id).count() == 0
    assert await Worker(TEST_CONFIG).drain() == 0


async def test_one_event_is_one_job_per_subscription(receiver: PushReceiver) -> None:
    user = await citizen()
    device = receiver.device()
    await subscribe(device, user)
    dedupe = key()
    for _ in range(3):  # a retried request repeats the event
        async with in_transaction():
            await enqueue_for_user(user.id, "booking_confirmation", MESSAGE, dedupe)
    assert await NotificationJob.filter(subscription__user_id=user.id).count() == 1
    assert await InAppNotification.filter(user_id=user.id).count() == 1
    await Worker(TEST_CONFIG).drain()
    assert len(receiver.delivered(device)) == 1


async def test_preferences_mute_pushes_but_the_centre_still_gets_them(
    receiver: PushReceiver,
) -> None:
    user = await citizen()
    await subscribe(receiver.device(), user)
    await NotificationPreference.create(user=user, kind="reminder", enabled=False)
    queued = await enqueue_for_user(user.id, "reminder", MESSAGE, key())
    assert (queued.subscriptions, queued.in_app) == (0, True)
    queued = await enqueue_for_user(user.id, "request_status", MESSAGE, key())
    assert queued.subscriptions == 1


async def test_a_tracking_token_reaches_anonymous_subscriptions_in_their_language(
    receiver: PushReceiver,
) -> None:
    device, stranger = receiver.device(), receiver.device()
    await subscribe(device, language="en", token="t" * 43)
    await subscribe(stranger, language="fi", token="u" * 43)
    async with in_transaction():
        queued = await enqueue_for_tracking_token("t" * 43, "request_status", MESSAGE, key())
    assert (queued.subscriptions, queued.in_app) == (1, False)
    await Worker(TEST_CONFIG).drain()
    [delivery] = receiver.delivered(device)
    assert delivery.payload["title"] == "Status changed"
    assert receiver.delivered(stranger) == []


@pytest.mark.parametrize("status", [410, 404])
async def test_a_gone_subscription_is_deleted(receiver: PushReceiver, status: int) -> None:
    user = await citizen()
    device, other = receiver.device(script=[status]), receiver.device()
    await subscribe(device, user)
    await subscribe(other, user)
    await enqueue_for_user(user.id, "request_status", MESSAGE, key())
    assert await Worker(TEST_CONFIG).drain() == 1
    assert device.requests == 1
    assert not await PushSubscription.filter(endpoint=device.endpoint).exists()
    assert await NotificationJob.filter(subscription__endpoint=device.endpoint).count() == 0
    assert len(receiver.delivered(other)) == 1  # the user's other device is not affected
    assert (await job_of(other)).status == "sent"


@pytest.mark.parametrize("retry_after", ["120", "http-date"])
async def test_429_is_retried_no_sooner_than_retry_after(
    receiver: PushReceiver, retry_after: str
) -> None:
    if retry_after == "http-date":  # RFC 9110 allows a date too
        retry_after = format_datetime(datetime.now(UTC) + timedelta(seconds=121), usegmt=True)
    user = await citizen()
    device = receiver.device(script=[(429, {"Retry-After": retry_after}), 201])
    await subscribe(device, user)
    await enqueue_for_user(user.id, "request_status", MESSAGE, key())
    before = datetime.now(UTC)
    worker = Worker(TEST_CONFIG)
    assert await worker.drain() == 0
    job = await job_of(device)
    assert (job.status, job.attempts) == ("pending", 1)
    assert job.last_error.startswith("429")
    assert job.next_attempt_at >= before + timedelta(seconds=119)
    assert job.next_attempt_at <= before + timedelta(seconds=150)  # not the 60 s backoff x 1.2
    assert await worker.drain() == 0  # not due yet
    await make_due(id=job.id)
    assert await worker.drain() == 1
    job = await job_of(device)
    assert (job.status, job.attempts, job.last_error) == ("sent", 2, "")


async def test_500_is_retried_with_backoff_until_the_job_is_dead(receiver: PushReceiver) -> None:
    user = await citizen()
    device = receiver.device(script=[500])
    await subscribe(device, user)
    await enqueue_for_user(user.id, "request_status", MESSAGE, key())
    worker = Worker(TEST_CONFIG)
    for attempt in range(1, TEST_CONFIG.max_attempts + 1):
        await make_due(subscription__endpoint=device.endpoint, status="pending")
        started = datetime.now(UTC)
        await worker.drain()
        job = await job_of(device)
        assert job.attempts == attempt
        if job.status == "pending":  # 60 s, 120 s, … give or take a fifth
            delay = (job.next_attempt_at - started).total_seconds()
            assert 0.8 * 60 * 2 ** (attempt - 1) <= delay <= 1.2 * 60 * 2 ** (attempt - 1) + 1
    assert (job.status, job.last_error[:3]) == ("dead", "500")
    assert device.requests == TEST_CONFIG.max_attempts
    subscription = await PushSubscription.get(endpoint=device.endpoint)
    assert subscription.failure_count == TEST_CONFIG.max_attempts


async def test_a_hanging_push_service_times_out_and_is_retried(receiver: PushReceiver) -> None:
    user = await citizen()
    device = receiver.device(script=[HANG, 201])
    await subscribe(device, user)
    await enqueue_for_user(user.id, "request_status", MESSAGE, key())
    worker = Worker(TEST_CONFIG)
    started = asyncio.get_running_loop().time()
    await worker.drain()
    assert asyncio.get_running_loop().time() - started < TEST_CONFIG.timeout_seconds + 1.5
    job = await job_of(device)
    assert (job.status, job.last_error) == ("pending", "timeout")
    await make_due(id=job.id)
    assert await worker.drain() == 1


async def test_429_without_retry_after_backs_off(receiver: PushReceiver) -> None:
    user = await citizen()
    device = receiver.device(script=[429, 201])
    await subscribe(device, user)
    await enqueue_for_user(user.id, "request_status", MESSAGE, key())
    started = datetime.now(UTC)
    await Worker(TEST_CONFIG).drain()
    job = await job_of(device)
    assert (job.status, job.attempts, job.last_error[:3]) == ("pending", 1, "429")
    assert 0.8 * 60 <= (job.next_attempt_at - started).total_seconds() <= 1.2 * 60 + 1


async def test_an_unreachable_push_service_is_retried(receiver: PushReceiver) -> None:
    user = await citizen()
    with socket.socket() as closed:  # a port nobody listens on: connection refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    device = receiver.device()
    device.endpoint = f"http://127.0.0.1:{port}/push/{device.name}"
    await subscribe(device, user)
    await enqueue_for_user(user.id, "request_status", MESSAGE, key())
    assert await Worker(TEST_CONFIG).drain() == 0
    job = await job_of(device)
    assert (job.status, job.attempts) == ("pending", 1)
    assert job.last_error.startswith("network:"), job.last_error
    assert (await PushSubscription.get(endpoint=device.endpoint)).failure_count == 1


async def test_a_rejected_push_is_dead_at_once(receiver: PushReceiver) -> None:
    user = await citizen()
    device = receiver.device(script=[403])
    await subscribe(device, user)
    await enqueue_for_user(user.id, "request_status", MESSAGE, key())
    await Worker(TEST_CONFIG).drain()
    job = await job_of(device)
    assert (job.status, job.attempts) == ("dead", 1)


async def test_a_job_past_its_ttl_is_not_sent(receiver: PushReceiver) -> None:
    user = await citizen()
    device = receiver.device()
    await subscribe(device, user)
    stale = replace(MESSAGE, ttl=60)
    await enqueue_for_user(
        user.id, "request_status", stale, key(), due_at=datetime.now(UTC) - timedelta(minutes=5)
    )
    await Worker(TEST_CONFIG).drain()
    job = await job_of(device)
    assert (job.status, job.last_error) == ("dead", "expired before delivery (TTL)")
    assert device.requests == 0


async def test_a_job_left_sending_by_a_dead_worker_is_sent_after_its_lease(
    receiver: PushReceiver,
) -> None:
    user = await citizen()
    device = receiver.device()
    await subscribe(device, user)
    await enqueue_for_user(user.id, "request_status", MESSAGE, key())
    crashed = Worker(TEST_CONFIG)
    [claimed] = await crashed.claim(10)  # … and the process dies before sending
    job = await job_of(device)
    assert job.status == "sending"
    survivor = Worker(TEST_CONFIG)
    assert await survivor.drain() == 0  # the lease still holds
    await asyncio.sleep(TEST_CONFIG.lease_seconds + 0.1)
    assert await survivor.drain() == 1
    assert len(receiver.delivered(device)) == 1
    job = await job_of(device)
    assert (job.status, job.attempts) == ("sent", 2)
    # The dead worker's claim token no longer matches: its late failure report changes nothing.
    from notifications.sender import SendResult

    await crashed.record(claimed, SendResult(Outcome.RETRY, 500, error="late"))
    assert (await job_of(device)).status == "sent"


async def test_an_acknowledged_job_is_never_sent_again(receiver: PushReceiver) -> None:
    user = await citizen()
    device = receiver.device()
    await subscribe(device, user)
    await enqueue_for_user(user.id, "request_status", MESSAGE, key())
    worker = Worker(TEST_CONFIG)
    assert await worker.drain() == 1
    await make_due(subscription__endpoint=device.endpoint)
    assert await worker.drain() == 0
    assert device.requests == 1


async def test_payloads_over_4_kb_are_refused_at_enqueue(receiver: PushReceiver) -> None:
    user = await citizen()
    await subscribe(receiver.device(), user)
    long_url = "/r/" + "x" * 490
    big = replace(
        MESSAGE,
        title=dict.fromkeys(("fi", "sv", "en"), "ä" * 200),
        body=dict.fromkeys(("fi", "sv", "en"), "🔔" * 1000),  # 4 bytes each in UTF-8
        url=long_url,
        tag="t" * 100,
    )
    with pytest.raises(PayloadTooLarge):
        await enqueue_for_user(user.id, "request_status", big, key())
    assert MAX_PAYLOAD_BYTES == 3993
    for bad in (
        replace(MESSAGE, topic="not a topic!"),
        replace(MESSAGE, url="http://example.com"),
        replace(MESSAGE, ttl=-1),
        replace(MESSAGE, title={}),
        replace(MESSAGE, title={"de": "Hallo"}),
    ):
        with pytest.raises(OutboxError):
            await enqueue_for_user(user.id, "request_status", bad, key())
    with pytest.raises(OutboxError):
        await enqueue_for_user(user.id, "newsletter", MESSAGE, key())  # type: ignore[arg-type]
    assert await NotificationJob.filter(subscription__user_id=user.id).count() == 0


async def test_the_worker_wakes_at_once_on_enqueue_and_at_a_reminders_due_time(
    receiver: PushReceiver,
) -> None:
    user = await citizen()
    device = receiver.device()
    await subscribe(device, user)
    worker = Worker(TEST_CONFIG)  # polls only every 30 s
    running = asyncio.create_task(worker.run())
    try:
        await asyncio.sleep(0.3)  # idle, waiting
        loop = asyncio.get_running_loop()
        started = loop.time()
        async with in_transaction():
            await enqueue_for_user(user.id, "request_status", MESSAGE, key())
        await asyncio.wait_for(receiver.arrived.wait(), timeout=5)
        assert loop.time() - started < 1.0
        receiver.arrived.clear()
        due = datetime.now(UTC) + timedelta(seconds=1.5)
        await enqueue_for_user(user.id, "reminder", MESSAGE, key(), due_at=due)
        assert (
            await InAppNotification.filter(
                user_id=user.id, visible_at__lte=datetime.now(UTC)
            ).count()
            == 1
        )
        await asyncio.wait_for(receiver.arrived.wait(), timeout=5)
        assert datetime.now(UTC) >= due
        assert datetime.now(UTC) - due < timedelta(seconds=1)
    finally:
        worker.stop()
        await asyncio.wait_for(running, timeout=5)
    assert len(receiver.delivered(device)) == 2


async def test_a_running_worker_retries_at_retry_after(receiver: PushReceiver) -> None:
    """The loop (not `drain`) sleeps until the retry is due and sends it then, not sooner."""
    user = await citizen()
    device = receiver.device(script=[(429, {"Retry-After": "1"}), (503, {}), 201])
    await subscribe(device, user)
    worker = Worker(replace(TEST_CONFIG, backoff_seconds=0.2))  # Retry-After wins over 0.2 s
    running = asyncio.create_task(worker.run())
    loop = asyncio.get_running_loop()
    try:
        await asyncio.sleep(0.2)
        await enqueue_for_user(user.id, "request_status", MESSAGE, key())
        times: list[float] = []  # when each request arrived
        async with asyncio.timeout(10):
            while len(times) < 3:
                receiver.arrived.clear()
                await receiver.arrived.wait()
                times += [loop.time()] * (device.requests - len(times))
        await asyncio.sleep(0.1)
    finally:
        worker.stop()
        await asyncio.wait_for(running, timeout=5)
    assert times[1] - times[0] >= 0.95  # Retry-After: 1
    assert times[2] - times[1] < 0.95  # the 503 had none: the backoff, 0.4 s ± a fifth
    assert device.requests == 3
    job = await job_of(device)
    assert (job.status, job.attempts) == ("sent", 3)


async def test_two_workers_share_the_work_and_send_each_job_once(
    receiver: PushReceiver, database_url: str, count_queries: QueryCounter
) -> None:
    user = await citizen()
    devices = [receiver.device() for _ in range(120)]
    for device in devices:
        await subscribe(device, user)
    config = replace(TEST_CONFIG, concurrency=10)
    workers = [Worker(config), Worker(config)]
    running = [asyncio.create_task(w.run()) for w in workers]
    try:
        await asyncio.sleep(0.2)
        async with in_transaction():
            await enqueue_for_user(user.id, "request_status", MESSAGE, key())
        async with asyncio.timeout(30):
            while True:
                receiver.arrived.clear()
                if len(receiver.deliveries) >= len(devices):
                    break
                await receiver.arrived.wait()
        await asyncio.sleep(0.3)  # anything sent twice would arrive by now
    finally:
        for w in workers:
            w.stop()
        await asyncio.gather(*running)
    assert receiver.problems == []
    assert sorted(d.name for d in receiver.deliveries) == sorted(d.name for d in devices)
    assert sum(w.sent for w in workers) == len(devices)
    assert all(w.sent > 0 for w in workers), [w.sent for w in workers]
    assert await NotificationJob.filter(subscription__user_id=user.id, status="sent").count() == 120
    if database_url.startswith("postgres"):
        assert any("FOR UPDATE SKIP LOCKED" in q for q in count_queries.queries)


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("30", now) == 30
    assert parse_retry_after("Sun, 01 Nov 2026 12:01:00 GMT", now) == 60
    assert parse_retry_after("yesterday", now) is None
    assert parse_retry_after(None, now) is None
    assert [classify(s).outcome for s in (201, 202, 404, 410, 408, 429, 500, 503, 400, 403)] == [
        Outcome.SENT,
        Outcome.SENT,
        Outcome.GONE,
        Outcome.GONE,
        Outcome.RETRY,
        Outcome.RETRY,
        Outcome.RETRY,
        Outcome.RETRY,
        Outcome.REJECTED,
        Outcome.REJECTED,
    ]


async def test_the_environments_proxy_is_honoured_only_when_one_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """aiohttp's `trust_env` looks up the proxy and ~/.netrc in a thread for every request
    (more CPU than the push's encryption): the sender turns it on only for a configured proxy."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    async with PushSender(TEST_CONFIG) as sender:
        assert sender._session is not None
        assert not sender._session.trust_env
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example.fi:3128")
    async with PushSender(TEST_CONFIG) as sender:
        assert sender._session is not None
        assert sender._session.trust_env
