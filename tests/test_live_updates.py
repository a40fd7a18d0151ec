"""Live updates over GraphQL subscriptions (graphql-transport-ws), against a real uvicorn server:
a request's status and the notification centre, their authorization (at the start and at every
change), the WebSocket handshake's gate (credentials, Cross-Site WebSocket Hijacking), events
published only after the commit, and events crossing processes through Redis."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from tortoise.transactions import in_transaction
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin, Subprotocol

from backend import live
from backend.accounts.models import Session
from backend.accounts.service import principal_for
from backend.app import create_app
from backend.service_requests import service
from backend.settings import Settings
from notifications.outbox import LocalizedMessage, enqueue_for_user
from tests.helpers import free_port, rolled_back
from tests.test_service_requests_helpers import (
    CHANGE,
    World,
    make_world,
    raw_id,
    report,
    session_cookie,
)

ROOT = Path(__file__).resolve().parent.parent
PROTOCOL = Subprotocol("graphql-transport-ws")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

REQUEST_UPDATES = """subscription($id: ID!) { serviceRequestUpdated(id: $id) {
    id status contactEmail events { kind status publicNote } } }"""
BY_TOKEN_UPDATES = """subscription($token: String!) { serviceRequestByTokenUpdated(token: $token)
    { id status } }"""
NOTIFICATION_UPDATES = """subscription { myNotificationsUpdated {
    unreadCount latest { id title readAt } } }"""
CREATE = """mutation($input: CreateServiceRequestInput!) { createServiceRequest(input: $input) {
    serviceRequest { id } trackingToken errors { code } } }"""
MARK_ALL_READ = """mutation { markNotificationsRead(input: {all: true}) {
    marked unreadCount errors { code } } }"""


@contextlib.asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[str]:
    """The app on a real uvicorn server in this process (its lifespan runs: the live broker
    starts), sharing the tests' database connection."""
    port = free_port()
    app = create_app(settings, manage_db=False)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    deadline = time.monotonic() + 10
    while not server.started:
        if task.done() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        await asyncio.sleep(0.01)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


@contextlib.asynccontextmanager
async def serving_elsewhere(env: dict[str, str]) -> AsyncIterator[str]:
    """`python -m backend serve` in another process (its own broker), on the same database."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "backend", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    host = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        async with httpx.AsyncClient() as client:
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"http://{host}/readyz", timeout=1)).status_code == 200:
                        break
                if time.monotonic() > deadline or process.returncode is not None:
                    pytest.fail("the other server did not start")
                await asyncio.sleep(0.1)
        yield host
    finally:
        if process.returncode is None:
            process.terminate()
        await asyncio.wait_for(process.wait(), 10)


class Live:
    """A graphql-transport-ws client: messages are sorted by operation id as they come."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.inbox: dict[str, list[dict[str, Any]]] = defaultdict(list)

    @classmethod
    @contextlib.asynccontextmanager
    async def connect(
        cls,
        host: str,
        *,
        cookie: str | None = None,
        origin: str | None = "own",
        headers: dict[str, str] | None = None,
    ) -> AsyncIterator[Live]:
        extra = dict(headers or {})
        if cookie:
            extra["Cookie"] = cookie
        async with connect(
            f"ws://{host}/graphql",
            subprotocols=[PROTOCOL],
            origin=Origin(f"http://{host}" if origin == "own" else origin) if origin else None,
            additional_headers=extra,
            open_timeout=5,
        ) as ws:
            client = cls(ws)
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            ack = json.loads(await asyncio.wait_for(ws.recv(), 5))
            assert ack["type"] == "connection_ack", ack
            yield client

    async def subscribe(
        self, op_id: str, query: str, variables: dict[str, Any] | None = None
    ) -> None:
        message = {"id": op_id, "type": "subscribe", "payload": {"query": query}}
        if variables is not None:
            message["payload"] = {"query": query, "variables": variables}
        await self.ws.send(json.dumps(message))

    async def receive(self, op_id: str, within: float = 3.0) -> dict[str, Any]:
        """The operation's next message (`next`, `error` or `complete`)."""
        deadline = time.monotonic() + within
        while not self.inbox[op_id]:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"nothing for {op_id} within {within} s")
            try:
                raw = await asyncio.wait_for(self.ws.recv(), left)
            except TimeoutError:
                raise AssertionError(f"nothing for {op_id} within {within} s") from None
            message = json.loads(raw)
            if message["type"] == "ping":
                await self.ws.send(json.dumps({"type": "pong"}))
                continue
            self.inbox[message.get("id", "")].append(message)
        return self.inbox[op_id].pop(0)

    async def data(self, op_id: str, within: float = 3.0) -> dict[str, Any]:
        message = await self.receive(op_id, within)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message["payload"]
        data: dict[str, Any] = message["payload"]["data"]
        return data

    async def error_codes(self, op_id: str, within: float = 3.0) -> list[str]:
        """The codes of the error that ends the operation (and that it does end)."""
        message = await self.receive(op_id, within)
        if message["type"] == "error":
            errors = message["payload"]
        else:
            assert message["type"] == "next", message
            assert message["payload"].get("data") is None, message
            errors = message["payload"]["errors"]
            assert (await self.receive(op_id))["type"] == "complete"
        return [e.get("extensions", {}).get("code", "") for e in errors]

    async def quiet(self, op_id: str, within: float) -> None:
        with contextlib.suppress(AssertionError):
            message = await self.receive(op_id, within)
            raise pytest.fail(f"expected nothing for {op_id}, got {message}")


async def graphql(
    host: str, cookie: str | None, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    headers = {"Origin": f"http://{host}"}
    if cookie:
        headers["Cookie"] = cookie
    async with httpx.AsyncClient(base_url=f"http://{host}", timeout=30) as client:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


async def report_one(host: str, cookie: str | None, world: World) -> tuple[str, str | None]:
    """A new request's global id (and its tracking token when anonymous)."""
    found = await graphql(host, cookie, CREATE, {"input": report(world.cat(world.streetlight))})
    payload = found["createServiceRequest"]
    assert payload["errors"] == [], payload
    return payload["serviceRequest"]["id"], payload["trackingToken"]


async def change(host: str, cookie: str, request_id: str, status: str, note: str = "") -> None:
    found = await graphql(
        host, cookie, CHANGE, {"input": {"id": request_id, "status": status, "publicNote": note}}
    )
    assert found["changeServiceRequestStatus"]["errors"] == []


@pytest.fixture
async def world(settings: Settings) -> World:
    return await make_world()


@pytest.fixture
async def host(settings: Settings) -> AsyncIterator[str]:
    async with serving(settings) as found:
        yield found


async def test_the_reporter_sees_a_status_change_within_a_second(host: str, world: World) -> None:
    request_id, _ = await report_one(host, world.citizen, world)
    async with Live.connect(host, cookie=world.citizen) as reporter:
        await reporter.subscribe("r", REQUEST_UPDATES, {"id": request_id})
        first = (await reporter.data("r"))["serviceRequestUpdated"]
        assert (first["id"], first["status"]) == (request_id, "RECEIVED")
        assert first["contactEmail"] is None or isinstance(first["contactEmail"], str)
        started = time.monotonic()
        await change(host, world.handler, request_id, "IN_HANDLING", "Korjaamme pian.")
        updated = (await reporter.data("r", within=1.0))["serviceRequestUpdated"]
        assert time.monotonic() - started < 1.0
        assert updated["status"] == "IN_HANDLING"
        assert updated["events"][-1] == {
            "kind": "STATUS",
            "status": "IN_HANDLING",
            "publicNote": "Korjaamme pian.",
        }
        # An internal note changes nothing the reporter sees: nothing is sent.
        await graphql(
            host,
            world.handler,
            """mutation($id: ID!) { addInternalNote(input: {id: $id, note: "Soita urakoitsijalle"})
            { errors { code } } }""",
            {"id": request_id},
        )
        await reporter.quiet("r", within=1.0)
        topic = live.service_request_topic(raw_id(request_id))
        assert live.hub.listeners(topic) == 1
    # A closed connection leaves no listener behind.
    for _ in range(40):
        if not live.hub.listeners(topic):
            break
        await asyncio.sleep(0.05)
    assert live.hub.listeners(topic) == 0


async def test_the_notification_centre_updates_after_the_commit(host: str, world: World) -> None:
    request_id, _ = await report_one(host, world.citizen, world)
    async with Live.connect(host, cookie=world.citizen) as reporter:
        await reporter.subscribe("n", NOTIFICATION_UPDATES)
        first = (await reporter.data("n"))["myNotificationsUpdated"]
        # The in-app notification is written inside the status change's transaction: the event
        # must wait for its commit, or the re-read would find nothing new.
        await change(host, world.handler, request_id, "IN_HANDLING")
        updated = (await reporter.data("n", within=1.0))["myNotificationsUpdated"]
        assert updated["unreadCount"] == first["unreadCount"] + 1
        assert updated["latest"]["readAt"] is None
        assert updated["latest"] != first["latest"]
        marked = await graphql(host, world.citizen, MARK_ALL_READ)
        assert marked["markNotificationsRead"]["unreadCount"] == 0
        read = (await reporter.data("n", within=1.0))["myNotificationsUpdated"]
        assert read["unreadCount"] == 0
        assert read["latest"]["id"] == updated["latest"]["id"]
        assert read["latest"]["readAt"] is not None


async def test_a_stranger_sees_only_what_the_query_shows(host: str, world: World) -> None:
    request_id, _ = await report_one(host, world.citizen, world)
    async with (
        Live.connect(host, cookie=world.citizen2) as stranger,
        Live.connect(host) as anonymous,
    ):
        await stranger.subscribe("s", REQUEST_UPDATES, {"id": request_id})
        public = (await stranger.data("s"))["serviceRequestUpdated"]
        assert public["status"] == "RECEIVED"
        assert public["contactEmail"] is None
        await anonymous.subscribe("a", REQUEST_UPDATES, {"id": request_id})
        assert (await anonymous.data("a"))["serviceRequestUpdated"]["status"] == "RECEIVED"
        # Rejected requests are not public: the strangers' subscriptions end.
        await change(host, world.handler, request_id, "REJECTED", "Ei kaupungin aluetta.")
        assert await stranger.error_codes("s") == ["NOT_FOUND"]
        assert await anonymous.error_codes("a") == ["NOT_FOUND"]
        # And nobody but staff and the reporter can subscribe to it now.
        await stranger.subscribe("s2", REQUEST_UPDATES, {"id": request_id})
        assert await stranger.error_codes("s2") == ["NOT_FOUND"]
    async with Live.connect(host, cookie=world.citizen) as reporter:
        await reporter.subscribe("r", REQUEST_UPDATES, {"id": request_id})
        assert (await reporter.data("r"))["serviceRequestUpdated"]["status"] == "REJECTED"


async def test_an_anonymous_reporter_follows_by_tracking_token(host: str, world: World) -> None:
    request_id, token = await report_one(host, None, world)
    assert token is not None
    async with Live.connect(host) as device:
        await device.subscribe("t", BY_TOKEN_UPDATES, {"token": token})
        assert (await device.data("t"))["serviceRequestByTokenUpdated"]["id"] == request_id
        await change(host, world.handler, request_id, "IN_HANDLING")
        updated = (await device.data("t", within=1.0))["serviceRequestByTokenUpdated"]
        assert updated["status"] == "IN_HANDLING"
        await device.subscribe("x", BY_TOKEN_UPDATES, {"token": "x" * 43})
        assert await device.error_codes("x") == ["NOT_FOUND"]


async def test_signed_out_notifications_are_refused(host: str) -> None:
    async with Live.connect(host) as anonymous:
        await anonymous.subscribe("n", NOTIFICATION_UPDATES)
        assert await anonymous.error_codes("n") == ["UNAUTHENTICATED"]


async def test_ending_the_session_ends_the_subscription(
    host: str, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "REVALIDATE_SECONDS", 0.2)
    cookie = await session_cookie(world.citizen2_user)
    async with Live.connect(host, cookie=cookie) as person:
        await person.subscribe("n", NOTIFICATION_UPDATES)
        await person.data("n")
        await person.quiet("n", within=0.5)  # checked again, still signed in: nothing to say
        await Session.filter(user_id=world.citizen2_user.id).delete()  # signed out elsewhere
        assert await person.error_codes("n", within=2.0) == ["UNAUTHENTICATED"]


async def test_a_cross_site_handshake_is_refused(host: str, world: World) -> None:
    # With our session cookie from a foreign page: Cross-Site WebSocket Hijacking.
    with pytest.raises(InvalidStatus) as refused:
        async with Live.connect(host, cookie=world.citizen, origin="https://evil.example"):
            pass
    assert refused.value.response.status_code == 403
    assert b"CSRF_REJECTED" in refused.value.response.body
    # Without the cookie too (only our own origin and ALLOWED_ORIGINS may open one).
    with pytest.raises(InvalidStatus) as refused:
        async with Live.connect(host, origin="https://evil.example"):
            pass
    assert refused.value.response.status_code == 403
    # A cookie without any Origin is not a browser on our page either.
    with pytest.raises(InvalidStatus) as refused:
        async with Live.connect(host, cookie=world.citizen, origin=None):
            pass
    assert refused.value.response.status_code == 403
    # Our own page is let in.
    async with Live.connect(host, cookie=world.citizen) as own:
        await own.subscribe("n", NOTIFICATION_UPDATES)
        await own.data("n")


async def test_the_handshake_passes_the_api_gate(host: str, settings: Settings) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with Live.connect(host, headers={"Authorization": "Bearer asi_not-a-real-key"}):
            pass
    assert refused.value.response.status_code == 401
    assert b"INVALID_TOKEN" in refused.value.response.body


async def test_the_handshake_and_each_subscription_are_rate_limited(settings: Settings) -> None:
    limited = replace(settings, rate_limit_ip=3, rate_limit_window=3600)
    async with serving(limited) as host:
        # Each connection is a request, and each subscription another.
        async with Live.connect(host) as first:  # 1
            await first.subscribe("a", NOTIFICATION_UPDATES)  # 2
            assert await first.error_codes("a") == ["UNAUTHENTICATED"]
            await first.subscribe("b", NOTIFICATION_UPDATES)  # 3
            assert await first.error_codes("b") == ["UNAUTHENTICATED"]
            await first.subscribe("c", NOTIFICATION_UPDATES)  # 4: over the limit
            assert await first.error_codes("c") == ["RATE_LIMITED"]
        with pytest.raises(InvalidStatus) as refused:
            async with Live.connect(host):
                pass
        assert refused.value.response.status_code == 429
        assert refused.value.response.headers.get("Retry-After")


async def test_subscriptions_only_over_websocket_and_only_they(host: str, world: World) -> None:
    async with httpx.AsyncClient(base_url=f"http://{host}") as client:
        response = await client.post(
            "/graphql",
            json={"query": NOTIFICATION_UPDATES},
            headers={"Cookie": world.citizen, "Origin": f"http://{host}"},
        )
    # As strawberry refuses a mutation sent with GET.
    assert response.status_code == 400
    assert "subscriptions are not allowed" in response.text
    async with Live.connect(host) as anonymous:
        await anonymous.subscribe("q", "{ language }")
        message = await anonymous.receive("q")
        assert message["type"] in ("error", "next")
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert "not allowed" in errors[0]["message"]


async def test_at_most_ten_subscriptions_on_one_connection(host: str, world: World) -> None:
    request_id, _ = await report_one(host, world.citizen, world)
    async with Live.connect(host, cookie=world.citizen) as many:
        for n in range(10):
            await many.subscribe(f"s{n}", REQUEST_UPDATES, {"id": request_id})
            await many.data(f"s{n}")
        await many.subscribe("s10", REQUEST_UPDATES, {"id": request_id})
        refused = await many.receive("s10")
        assert refused["type"] == "error"
        assert "limit" in refused["payload"][0]["message"]


async def test_events_wait_for_the_commit(host: str, world: World) -> None:
    """A write whose transaction commits a while after the change: a subscriber told at the
    change (before the commit) would re-read the old state on PostgreSQL and miss it."""
    message = LocalizedMessage(
        title={"fi": "Hei", "sv": "Hej", "en": "Hello"}, body={"fi": "Uutta"}, url="/requests"
    )
    async with Live.connect(host, cookie=world.citizen) as reporter:
        await reporter.subscribe("n", NOTIFICATION_UPDATES)
        unread = (await reporter.data("n"))["myNotificationsUpdated"]["unreadCount"]
        async with live.publishing():  # as every HTTP request runs
            async with in_transaction():
                await enqueue_for_user(
                    world.citizen_user.id, "request_status", message, secrets.token_hex(8)
                )
                await asyncio.sleep(0.5)  # the rest of the request's work
            await asyncio.sleep(0.2)  # the end of the request
        updated = (await reporter.data("n", within=1.0))["myNotificationsUpdated"]
        assert updated["unreadCount"] == unread + 1
        assert updated["latest"]["title"] == "Hei"


async def test_a_rolled_back_change_sends_nothing(host: str, world: World) -> None:
    request_id, _ = await report_one(host, world.citizen, world)
    handler = await principal_for(world.handler_user)
    async with Live.connect(host, cookie=world.citizen) as reporter:
        await reporter.subscribe("r", REQUEST_UPDATES, {"id": request_id})
        await reporter.subscribe("n", NOTIFICATION_UPDATES)
        assert (await reporter.data("r"))["serviceRequestUpdated"]["status"] == "RECEIVED"
        unread = (await reporter.data("n"))["myNotificationsUpdated"]["unreadCount"]
        # As a request does it: the events wait for the end of the scope, after the rollback.
        async with live.publishing(), rolled_back():
            await service.change_status(
                handler, uuid.UUID(raw_id(request_id)), status="rejected", public_note="Ei."
            )
        await reporter.quiet("r", within=1.0)
        await reporter.quiet("n", within=0.1)
        await change(host, world.handler, request_id, "IN_HANDLING")
        assert (await reporter.data("r"))["serviceRequestUpdated"]["status"] == "IN_HANDLING"
        after = (await reporter.data("n"))["myNotificationsUpdated"]["unreadCount"]
        assert after == unread + 1  # the rolled-back notification never counted


async def test_redis_carries_events_between_processes(
    settings: Settings, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel = f"asiointi:test:live:{secrets.token_hex(6)}"
    monkeypatch.setenv("LIVE_REDIS_CHANNEL", channel)
    with_redis = replace(settings, redis_url=REDIS_URL)
    env = {
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": REDIS_URL,
        "LIVE_REDIS_CHANNEL": channel,
        "WORKER_IN_PROCESS": "false",
        "LOG_LEVEL": "WARNING",
    }
    async with serving(with_redis) as here, serving_elsewhere(env) as there:
        broker = live.current_broker()
        assert isinstance(broker, live.RedisBroker)
        await asyncio.wait_for(broker.connected.wait(), 5)
        request_id, _ = await report_one(here, world.citizen, world)
        async with (
            Live.connect(there, cookie=world.citizen) as far,
            Live.connect(here, cookie=world.citizen) as near,
        ):
            await far.subscribe("r", REQUEST_UPDATES, {"id": request_id})
            await near.subscribe("r", REQUEST_UPDATES, {"id": request_id})
            assert (await far.data("r"))["serviceRequestUpdated"]["status"] == "RECEIVED"
            assert (await near.data("r"))["serviceRequestUpdated"]["status"] == "RECEIVED"
            # A change made here reaches the subscriber in the other process, and back.
            await change(here, world.handler, request_id, "IN_HANDLING")
            assert (await far.data("r", 2.0))["serviceRequestUpdated"]["status"] == "IN_HANDLING"
            assert (await near.data("r", 2.0))["serviceRequestUpdated"]["status"] == "IN_HANDLING"
            await change(there, world.handler, request_id, "RESOLVED")
            assert (await near.data("r", 2.0))["serviceRequestUpdated"]["status"] == "RESOLVED"
            assert (await far.data("r", 2.0))["serviceRequestUpdated"]["status"] == "RESOLVED"
    assert isinstance(live.current_broker(), live.InProcessBroker)


async def test_without_redis_events_still_reach_this_process(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broker = live.RedisBroker("redis://127.0.0.1:1/0", f"asiointi:test:{secrets.token_hex(4)}")
    async with live.running(broker), live.listening(["t:1"]) as listener:
        await live.publish(["t:1"])
        assert await listener.wait(1.0)
        assert not broker.connected.is_set()
    assert "live event not published" in caplog.text
    assert isinstance(live.current_broker(), live.InProcessBroker)
