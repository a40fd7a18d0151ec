"""At least once, for real: a fan-out of 1,000 notifications while the delivery worker process
(`python -m backend worker`) is killed with SIGKILL again and again at random moments, with pushes
in flight, and restarted. Afterwards every job reached the push receiver (which checks the VAPID
header and decrypts every push) with its own payload, every job is `sent`, none is left
`pending`, `sending` or `dead`, and the pushes sent twice are only those a kill caught between
sending and recording (at most the worker's concurrency per kill).

On PostgreSQL (NOTIFY wakes the worker) and SQLite (one worker process at a time; it polls)."""

from __future__ import annotations

import asyncio
import os
import random
import signal
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tortoise.transactions import in_transaction

from notifications import config as push_config
from notifications.models import NotificationJob, PushSubscription
from notifications.outbox import LocalizedMessage, enqueue_for_user
from notifications.vapid import current_key
from tests.helpers import make_user
from tests.test_notifications_receiver import Device, PushReceiver
from tests.test_notifications_worker_process import push_settings as push_settings
from tests.test_notifications_worker_process import (
    receiver,  # noqa: F401 (a fixture)
    start_worker,
    stop,
)

USERS = 100
DEVICES_PER_USER = 10  # 1,000 jobs
KILLS = 6
CONCURRENCY = 50
RECEIVER_DELAY = 0.25  # seconds the push service takes to answer: kills land mid-send
WORKER = {
    "PUSH_CONCURRENCY": str(CONCURRENCY),
    # Short, so that the jobs of a killed worker are taken again soon; long enough that a push
    # on a busy machine does not time out (a timeout is retried: another duplicate).
    "PUSH_TIMEOUT_SECONDS": "2",
    "PUSH_LEASE_SECONDS": "4",
    # A push that times out on a busy machine is retried soon, not in 30 s.
    "PUSH_BACKOFF_SECONDS": "0.5",
    "PUSH_BACKOFF_MAX_SECONDS": "2",
    "PUSH_MAX_ATTEMPTS": "50",
}


def message(n: int) -> LocalizedMessage:
    return LocalizedMessage(
        title={"fi": f"Ilmoitus {n}", "sv": f"Ärende {n}", "en": f"Report {n}"},
        body={"fi": f"Tila muuttui ({n})", "sv": f"Status ändrades ({n})", "en": f"Changed ({n})"},
        url=f"/requests/{n}",
        tag=f"request-{n}",
        topic=f"request-{n}",
    )


async def test_a_fan_out_survives_repeated_sigkills_of_the_worker(
    receiver: PushReceiver,  # noqa: F811 (the fixture imported above)
    database_url: str,
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    receiver.delay = RECEIVER_DELAY
    key = await current_key(push_config.current())
    expected: dict[str, dict[str, Any]] = {}  # device name: the payload it must get
    devices: list[Device] = []
    users = []
    for n in range(USERS):
        user = await make_user(f"Fan-out {n}")
        users.append(user)
        mine = [receiver.device(vapid_key=key.public_key) for _ in range(DEVICES_PER_USER)]
        for device in mine:
            expected[device.name] = message(n).payload("request_status", "fi", f"fan-out:{n}")
        devices += mine
        await PushSubscription.bulk_create(
            [
                PushSubscription(
                    endpoint=d.endpoint,
                    p256dh=d.p256dh,
                    auth=d.auth,
                    user_id=user.id,
                    vapid_public_key=key.public_key,
                )
                for d in mine
            ]
        )
    async with in_transaction():  # one change that tells 100 people on their 1,000 devices
        for n, user in enumerate(users):
            await enqueue_for_user(user.id, "request_status", message(n), f"fan-out:{n}")
    total = len(devices)
    assert await NotificationJob.filter(status="pending").count() == total

    log = (tmp_path / "worker.log").open("ab")
    in_flight_at_kills: list[int] = []
    received_at_kills: list[int] = []
    try:
        for _ in range(KILLS):
            before = len(receiver.deliveries)
            worker = await start_worker(database_url, settle=0, stderr=log, **WORKER)
            try:
                # Once this worker is sending, a random moment later: SIGKILL.
                async with asyncio.timeout(30):
                    while len(receiver.deliveries) == before:
                        receiver.arrived.clear()
                        await receiver.arrived.wait()
                await asyncio.sleep(rng.uniform(0.05, 0.6))
                in_flight_at_kills.append(receiver.in_flight)
                received_at_kills.append(len(receiver.deliveries))
            finally:
                await stop(worker, signal.SIGKILL)
        assert await NotificationJob.filter(status="sent").count() < total  # kills came early
        last = await start_worker(database_url, settle=0, stderr=log, **WORKER)
        try:
            for _ in range(600):
                if await NotificationJob.filter(status="sent").count() == total:
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(0.3)  # a push sent twice would have arrived by now
        finally:
            await stop(last)
        assert last.returncode == 0
    finally:
        log.close()

    worker_log = (tmp_path / "worker.log").read_text(errors="replace")
    assert "Traceback" not in worker_log, worker_log[-3000:]
    assert receiver.problems == []
    received = Counter(d.name for d in receiver.deliveries)
    assert set(received) == set(expected), f"{len(set(expected) - set(received))} never arrived"
    for delivery in receiver.deliveries:
        assert delivery.payload == expected[delivery.name]
        assert delivery.status == 201
    statuses = Counter(await NotificationJob.all().values_list("status", flat=True))
    assert statuses == {"sent": total}, statuses
    duplicates = sum(received.values()) - total
    # Only a push in flight when its worker died (sent, its acknowledgement not yet recorded)
    # is sent again: at most a worker's concurrency per kill.
    assert duplicates <= KILLS * CONCURRENCY, duplicates
    assert sum(n > 0 for n in in_flight_at_kills) >= KILLS - 1, in_flight_at_kills  # mid-send
    record_property("duplicates", duplicates)
    record_property("in_flight_at_kills", in_flight_at_kills)
    print(
        f"\n{database_url.split(':')[0]}: {total} jobs, {KILLS} SIGKILLs (seed {seed}) with "
        f"{in_flight_at_kills} pushes in flight after {received_at_kills} receipts; "
        f"{sum(received.values())} receipts, {duplicates} duplicates "
        f"({sum(1 for c in received.values() if c > 1)} devices got one twice)"
    )
