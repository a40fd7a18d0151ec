"""The worker as its own process (`python -m backend worker`, the Procfile's `worker`): woken
across processes (PostgreSQL NOTIFY), and killed with SIGKILL mid-send without losing the job."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from tortoise.transactions import in_transaction

from notifications import config as push_config
from notifications.models import NotificationJob, PushSubscription
from notifications.outbox import LocalizedMessage, enqueue_for_user
from notifications.vapid import current_key, forget_cached_key
from tests.helpers import make_user
from tests.test_notifications_receiver import HANG, PushReceiver

ROOT = Path(__file__).resolve().parent.parent
MESSAGE = LocalizedMessage(title={"fi": "Hei"}, body={"fi": "Tila muuttui"}, url="/requests/1")


@pytest.fixture
def push_settings() -> Iterator[None]:
    previous = push_config.configure(push_config.PushConfig(allow_loopback_http=True))
    forget_cached_key()
    try:
        yield
    finally:
        push_config.configure(previous)
        forget_cached_key()


@pytest.fixture
async def receiver(database_url: str, push_settings: None) -> AsyncIterator[PushReceiver]:
    await NotificationJob.all().delete()
    await PushSubscription.all().delete()
    found = PushReceiver()
    await found.start()
    try:
        yield found
    finally:
        await found.stop()


async def start_worker(
    database_url: str,
    *,
    settle: float = 2.5,
    stderr: int | IO[Any] = asyncio.subprocess.PIPE,
    **settings: str,
) -> asyncio.subprocess.Process:
    """`python -m backend worker` on the test's database, with short timeouts and lease (and
    `settings`, more PUSH_* variables); waits `settle` seconds for it to start listening.
    Its log goes to `stderr` (a pipe that `stop` reads, or a file)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VAPID_", "PUSH_"))}
    env.update(
        DATABASE_URL=database_url,
        PUSH_ALLOW_LOOPBACK_HTTP="true",
        PUSH_TIMEOUT_SECONDS="1",
        PUSH_LEASE_SECONDS="2",
        # SQLite has no NOTIFY: a worker in another process finds jobs by polling.
        PUSH_POLL_SECONDS="30" if database_url.startswith("postgres") else "0.3",
        LOG_LEVEL="WARNING",
    )
    env.update(settings)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "backend",
        "worker",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=stderr,
    )
    await asyncio.sleep(settle)  # started and listening
    return process


async def arrivals(receiver: PushReceiver, done: Callable[[], bool], seconds: float) -> None:
    async with asyncio.timeout(seconds):
        while True:
            receiver.arrived.clear()
            if done():
                return
            await receiver.arrived.wait()


async def stop(process: asyncio.subprocess.Process, sig: int = signal.SIGTERM) -> bytes:
    if process.returncode is None:
        process.send_signal(sig)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
    return stderr or b""


async def test_a_worker_process_is_woken_and_a_killed_one_loses_nothing(
    receiver: PushReceiver, database_url: str
) -> None:
    user = await make_user("Process")
    key = await current_key(push_config.current())
    devices = [receiver.device([HANG, 201], vapid_key=key.public_key)]
    devices += [receiver.device(vapid_key=key.public_key) for _ in range(3)]
    for device in devices:
        await PushSubscription.create(
            endpoint=device.endpoint,
            p256dh=device.p256dh,
            auth=device.auth,
            user=user,
            vapid_public_key=key.public_key,
        )
    first = await start_worker(database_url)
    try:
        loop = asyncio.get_running_loop()
        started = loop.time()
        async with in_transaction():
            await enqueue_for_user(user.id, "request_status", MESSAGE, "process-1")
        await asyncio.wait_for(receiver.arrived.wait(), timeout=10)
        assert loop.time() - started < 1.5  # NOTIFY (PostgreSQL) or the short poll (SQLite)
        await arrivals(receiver, lambda: len(receiver.deliveries) >= 3, 10)
        # The acknowledgements are written right after the push service's answers; a kill
        # before that would rightly send those again (at least once).
        for _ in range(100):
            sent = NotificationJob.filter(subscription__user_id=user.id, status="sent")
            if await sent.count() == 3:
                break
            await asyncio.sleep(0.05)
        assert devices[0].requests == 1  # hanging: the job is `sending`
        hanging = await NotificationJob.get(subscription__endpoint=devices[0].endpoint)
        assert hanging.status == "sending"
    finally:
        await stop(first, signal.SIGKILL)
    second = await start_worker(database_url)
    try:
        await arrivals(receiver, lambda: bool(receiver.delivered(devices[0])), 15)
    finally:
        stderr = await stop(second)
    assert second.returncode == 0, stderr.decode()
    assert receiver.problems == []
    assert [len(receiver.delivered(d)) for d in devices] == [1, 1, 1, 1]
    statuses: list[Any] = list(
        await NotificationJob.filter(subscription__user_id=user.id).values_list("status", flat=True)
    )
    assert statuses == ["sent"] * 4
