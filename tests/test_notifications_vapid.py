"""VAPID keys: from the environment or generated once (race-safe), rotation with history,
the database's invariants for notifications, and the package's narrow door into `backend`."""

from __future__ import annotations

import ast
import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from notifications import config as push_config
from notifications import vapid
from notifications.config import PushConfig
from notifications.models import (
    InAppNotification,
    NotificationJob,
    NotificationPreference,
    PushSubscription,
    VapidKey,
)
from notifications.outbox import LocalizedMessage, enqueue_for_user
from notifications.worker import Worker
from tests.helpers import make_user, rolled_back
from tests.test_notifications_receiver import PushReceiver

ROOT = Path(__file__).resolve().parent.parent
CONFIG = PushConfig(timeout_seconds=1.0, lease_seconds=2.0, allow_loopback_http=True)


@pytest.fixture
def push_settings() -> Iterator[PushConfig]:
    previous = push_config.configure(CONFIG)
    vapid.forget_cached_key()
    try:
        yield CONFIG
    finally:
        push_config.configure(previous)
        vapid.forget_cached_key()


@pytest.fixture
async def receiver(database_url: str, push_settings: PushConfig) -> AsyncIterator[PushReceiver]:
    await NotificationJob.all().delete()
    await PushSubscription.all().delete()
    found = PushReceiver()
    await found.start()
    try:
        yield found
    finally:
        await found.stop()


async def _retire_active() -> None:
    await VapidKey.filter(active=True).update(active=None, retired_at=datetime.now(UTC))
    vapid.forget_cached_key()


@pytest.mark.usefixtures("database_url", "push_settings")
async def test_processes_starting_together_end_with_one_key() -> None:
    await _retire_active()
    pairs = await asyncio.gather(*(vapid.ensure_key(CONFIG) for _ in range(8)))
    assert len({p.public_key for p in pairs}) == 1
    assert await VapidKey.filter(active=True).count() == 1
    assert pairs[0].source == "database"
    assert len(vapid.b64url_decode(pairs[0].public_key)) == 65


async def test_separate_processes_starting_together_end_with_one_key(
    database_url: str, tmp_path: Path
) -> None:
    """Real processes, each with its own connection: the UNIQUE flag decides."""
    script = tmp_path / "init_key.py"
    script.write_text(
        "import asyncio, sys\n"
        "from backend import db\n"
        "from notifications.config import PushConfig\n"
        "from notifications.vapid import ensure_key\n"
        "async def main():\n"
        "    await db.init_db(sys.argv[1])\n"
        "    try:\n"
        "        print((await ensure_key(PushConfig())).public_key)\n"
        "    finally:\n"
        "        await db.close_db()\n"
        "asyncio.run(main())\n"
    )
    await _retire_active()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAPID_")}
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            str(script),
            database_url,
            cwd=ROOT,
            env={**env, "PYTHONPATH": str(ROOT)},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(4)
    ]
    outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in processes)), 60)
    assert all(p.returncode == 0 for p in processes), [e.decode() for _, e in outputs]
    keys = {o.decode().strip() for o, _ in outputs}
    assert len(keys) == 1
    active: list[Any] = list(
        await VapidKey.filter(active=True).values_list("public_key", flat=True)
    )
    assert active == list(keys)
    vapid.forget_cached_key()


@pytest.mark.usefixtures("database_url", "push_settings")
async def test_keys_from_the_environment_win_and_are_checked() -> None:
    private, public = vapid.generate()
    pair = await vapid.ensure_key(replace(CONFIG, vapid_private_key=private))
    assert (pair.public_key, pair.source) == (public, "environment")
    assert (
        await vapid.ensure_key(replace(CONFIG, vapid_private_key=private, vapid_public_key=public))
    ).public_key == public
    _, other_public = vapid.generate()
    with pytest.raises(vapid.VapidConfigError, match="does not belong"):
        vapid.from_environment(
            replace(CONFIG, vapid_private_key=private, vapid_public_key=other_public)
        )
    with pytest.raises(vapid.VapidConfigError):
        vapid.from_environment(replace(CONFIG, vapid_private_key="not a key"))
    with pytest.raises(vapid.VapidConfigError):
        vapid.from_environment(replace(CONFIG, vapid_public_key=public))
    with pytest.raises(vapid.VapidConfigError, match="environment"):
        await vapid.rotate(replace(CONFIG, vapid_private_key=private))
    with pytest.raises(vapid.VapidConfigError):
        vapid.check_subject("push@example.fi")


async def test_rotation_keeps_old_subscriptions_working(receiver: PushReceiver) -> None:
    user = await make_user("Rotating")
    before = await vapid.current_key(CONFIG)
    old_device = receiver.device(vapid_key=before.public_key)
    await PushSubscription.create(
        endpoint=old_device.endpoint,
        p256dh=old_device.p256dh,
        auth=old_device.auth,
        user=user,
        vapid_public_key=before.public_key,
    )
    new, retired = await vapid.rotate(CONFIG)
    assert retired is not None
    assert retired.public_key == before.public_key
    assert (await vapid.current_key(CONFIG)).public_key == new.public_key != before.public_key
    old_row = await VapidKey.get(public_key=before.public_key)
    assert (old_row.active, old_row.retired_at is not None) == (None, True)
    new_device = receiver.device(vapid_key=new.public_key)
    await PushSubscription.create(
        endpoint=new_device.endpoint,
        p256dh=new_device.p256dh,
        auth=new_device.auth,
        user=user,
        vapid_public_key=new.public_key,
    )
    message = LocalizedMessage(title={"fi": "Hei"}, body={"fi": "Uusi avain"}, url="/")
    await enqueue_for_user(user.id, "request_status", message, "rotation")
    assert await Worker(CONFIG).drain() == 2
    assert receiver.problems == []  # each signed with the key its subscription was made with


@pytest.mark.usefixtures("database_url")
def test_rotate_command_prints_what_clients_must_do(database_url: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAPID_")}
    result = subprocess.run(
        [sys.executable, "-m", "backend", "rotate-vapid-keys"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "New VAPID public key: " in result.stdout
    assert "re-subscribe" in result.stdout


@pytest.mark.usefixtures("database_url")
async def test_the_database_holds_the_invariants() -> None:
    async with rolled_back():
        user = await make_user("Invariants")
        subscription = await PushSubscription.create(
            endpoint=f"https://fcm.googleapis.com/fcm/send/{uuid.uuid4()}",
            p256dh="x",
            auth="y",
            user=user,
            vapid_public_key="k",
        )
        cases: list[Callable[[], Awaitable[Any]]] = [
            lambda: PushSubscription.create(
                endpoint=subscription.endpoint, p256dh="a", auth="b", vapid_public_key="k"
            ),
            lambda: PushSubscription.create(
                endpoint="https://other", p256dh="a", auth="b", vapid_public_key="k", language="de"
            ),
            lambda: VapidKey.create(public_key=str(uuid.uuid4()), private_key="p", active=True),
            lambda: VapidKey.create(public_key=str(uuid.uuid4()), private_key="p", active=False),
            lambda: NotificationPreference.create(user=user, kind="spam"),
            lambda: InAppNotification.create(
                user=user,
                kind="reminder",
                dedupe_key="e1",
                title="t",
                body="b",
                url="/",
                visible_at=datetime.now(UTC),
            ),
            lambda: _job(subscription, dedupe_key="e1"),
            lambda: _job(subscription, dedupe_key="e2", status="lost"),
            lambda: _job(subscription, dedupe_key="e3", urgency="urgent"),
            lambda: _job(subscription, dedupe_key="e4", ttl=-5),
        ]
        await vapid.ensure_key(PushConfig())  # there is an active key
        await NotificationPreference.create(user=user, kind="reminder")
        await InAppNotification.create(
            user=user,
            kind="reminder",
            dedupe_key="e1",
            title="t",
            body="b",
            url="/",
            visible_at=datetime.now(UTC),
        )
        await _job(subscription, dedupe_key="e1")
        with pytest.raises(IntegrityError):
            async with in_transaction():
                await NotificationPreference.create(user=user, kind="reminder")
        for make in cases:
            with pytest.raises(IntegrityError):
                async with in_transaction():
                    await make()


async def _job(subscription: PushSubscription, **fields: Any) -> NotificationJob:
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "kind": "reminder",
        "payload": {},
        "ttl": 60,
        "due_at": now,
        "next_attempt_at": now,
        **fields,
    }
    return await NotificationJob.create(subscription=subscription, **values)


def test_only_the_interface_module_imports_backend() -> None:
    for path in sorted((ROOT / "notifications").rglob("*.py")):
        if path.name == "interface.py" or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "backend" or n.startswith("backend.") for n in names), path


def test_tracking_tokens_are_hashed_like_service_requests_hash_them() -> None:
    from backend.service_requests.service import hash_token
    from notifications.interface import hash_tracking_token

    assert hash_tracking_token("abc") == hash_token("abc")
