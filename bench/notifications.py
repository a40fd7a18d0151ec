"""Benchmark for issue 6: web push delivery, on PostgreSQL (the figures' engine) and SQLite.

    .venv/bin/python -m bench.notifications [--engines postgres,sqlite] [--fan-out 10000]
                                            [--changes 200]

1. Encryption ceiling, in this process, no network and no database: what the worker does to
   each push before its POST (pywebpush's RFC 8291 encryption with a fresh ECDH key and salt,
   and the VAPID header: signed once per push service and reused, as `PushSender` does), beside
   the same with a VAPID signature per push (what `webpush_async` does when it is given the key).
2. Fan-out: one event (`enqueue_for_tracking_hash`: a report that N anonymous devices follow)
   becomes N jobs in one transaction; the worker sends them to a push receiver in its own
   process (aiohttp on 127.0.0.1, answering 201; it decrypts and checks a sample of every 50th
   device). On PostgreSQL the worker runs as its own process (`python -m backend worker`, as in
   production); on SQLite in this process (the embedded default: the web process's worker).
   Measured: notifications per second from the enqueue's COMMIT to the last receipt, and the CPU
   time per push of the worker's process and of the receiver. Goal: >= 1,000/s.
3. Latency: sequential status changes of a service request through the service layer
   (`backend.service_requests.service.change_status`, an admin moving it between in_handling and
   resolved with a note), the reporter having one subscription; the receiver decrypts each push
   and notes its arrival time (same machine clock). p50/p95 from the change's COMMIT (noted
   when the service's `in_transaction()` block has committed) to the arrival, with the worker
   as its own process and in this process (the default deployment's in-process worker); from
   the call of `change_status` beside it. Goal: p95 <= 1 s.

Each engine gets a fresh database (PostgreSQL: asiointi_bench_<random>, dropped afterwards).
A worker process on SQLite is not measured: it has no NOTIFY (it polls), and its writes contend
with the other process's for the file (a deferred transaction of the enqueuing process can fail
with "database is locked" when the worker commits meanwhile).

The receiver process: `.venv/bin/python -m bench.notifications receiver --port N`.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from bench.search_units import ROOT, Result, backend, cpu_seconds, database, free_port

GOAL_RATE = 1000.0
GOAL_P95_S = 1.0
SAMPLE_EVERY = 50
CEILING_PUSHES = 3000


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Device:
    name: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def secret(self) -> list[str]:
        scalar = self.private_key.private_numbers().private_value.to_bytes(32, "big")
        return [b64url(scalar), self.auth]


def new_device() -> Device:
    return Device(secrets.token_hex(8), ec.generate_private_key(ec.SECP256R1()), os.urandom(16))


# -- the receiver process --------------------------------------------------------------------


def run_receiver(port: int) -> None:
    """A push service on 127.0.0.1: answers 201 to every POST /push/<name>, notes when each
    arrived, and checks (VAPID header, decryption) the pushes of the devices whose keys were
    given to POST /keys. GET /stats tells what arrived; GET /wait?count=N answers once N have."""
    import http_ece
    from aiohttp import web

    from tests.test_notifications_receiver import verify_vapid

    keys: dict[str, tuple[ec.EllipticCurvePrivateKey, bytes, str]] = {}
    arrivals: list[tuple[str, float]] = []
    payloads: dict[str, list[Any]] = {}
    problems: list[str] = []
    reached = asyncio.Condition()
    origin = f"http://127.0.0.1:{port}"

    async def push(request: web.Request) -> web.Response:
        body = await request.read()
        now = time.time()
        name = request.match_info["name"]
        arrivals.append((name, now))
        found = keys.get(name)
        if found is not None:
            private_key, auth_secret, vapid_key = found
            try:
                verify_vapid(
                    request.headers.get("Authorization", ""), f"{origin}/push/{name}", vapid_key
                )
                plain = http_ece.decrypt(
                    body, private_key=private_key, auth_secret=auth_secret, version="aes128gcm"
                )
                payloads.setdefault(name, []).append(json.loads(plain))
            except Exception as error:
                problems.append(f"{type(error).__name__}: {error}")
        async with reached:
            reached.notify_all()
        return web.Response(status=201)

    async def add_keys(request: web.Request) -> web.Response:
        given: dict[str, list[str]] = await request.json()
        for name, (scalar, auth, vapid_key) in given.items():
            private = ec.derive_private_key(int.from_bytes(unb64url(scalar), "big"), ec.SECP256R1())
            keys[name] = (private, unb64url(auth), vapid_key)
        return web.json_response({"keys": len(keys)})

    async def stats(_: web.Request) -> web.Response:
        return web.json_response({"arrivals": arrivals, "payloads": payloads, "problems": problems})

    async def wait(request: web.Request) -> web.Response:
        count = int(request.query["count"])
        timeout = float(request.query.get("timeout", "120"))
        with contextlib.suppress(TimeoutError):
            async with reached:
                await asyncio.wait_for(reached.wait_for(lambda: len(arrivals) >= count), timeout)
        return web.json_response({"count": len(arrivals)})

    async def reset(_: web.Request) -> web.Response:
        arrivals.clear()
        payloads.clear()
        problems.clear()
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/push/{name}", push)
    app.router.add_post("/keys", add_keys)
    app.router.add_get("/stats", stats)
    app.router.add_get("/wait", wait)
    app.router.add_post("/reset", reset)
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover
        pass
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


class Receiver:
    """The receiver process, seen from the benchmark."""

    def __init__(self, process: subprocess.Popen[bytes], origin: str) -> None:
        self.process = process
        self.origin = origin
        self.http = aiohttp.ClientSession(origin, timeout=aiohttp.ClientTimeout(total=300))

    def endpoint(self, device: Device) -> str:
        return f"{self.origin}/push/{device.name}"

    async def add_keys(self, devices: list[Device], vapid_key: str) -> None:
        body = {d.name: [*d.secret(), vapid_key] for d in devices}
        async with self.http.post("/keys", json=body) as response:
            response.raise_for_status()

    async def wait(self, count: int, seconds: float = 120) -> int:
        """How many arrived, once `count` have or after `seconds`."""
        params = {"count": str(count), "timeout": str(seconds)}
        async with self.http.get("/wait", params=params) as response:
            found: int = (await response.json())["count"]
            return found

    async def stats(self) -> dict[str, Any]:
        async with self.http.get("/stats") as response:
            found: dict[str, Any] = await response.json()
            return found

    async def reset(self) -> None:
        async with self.http.post("/reset") as response:
            response.raise_for_status()

    def cpu(self) -> float:
        return cpu_seconds(self.process.pid)


@contextlib.asynccontextmanager
async def receiver() -> AsyncIterator[Receiver]:
    port = free_port()
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, before measuring
        [sys.executable, "-m", "bench.notifications", "receiver", "--port", str(port)], cwd=ROOT
    )
    found = Receiver(process, f"http://127.0.0.1:{port}")
    try:
        for _ in range(200):
            with contextlib.suppress(aiohttp.ClientError):
                await found.stats()
                break
            await asyncio.sleep(0.05)
        else:
            raise RuntimeError("the receiver did not start")
        yield found
    finally:
        await found.http.close()
        process.terminate()
        process.wait(timeout=10)


@contextlib.asynccontextmanager
async def worker_process(url: str, **settings: str) -> AsyncIterator[subprocess.Popen[bytes]]:
    """`python -m backend worker` on the benchmark's database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VAPID_", "PUSH_"))}
    env.update(
        DATABASE_URL=url,
        LOG_LEVEL="WARNING",
        PUSH_ALLOW_LOOPBACK_HTTP="true",
        PUSH_POLL_SECONDS="30" if url.startswith("postgres") else "0.1",
        **settings,
    )
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, before measuring
        [sys.executable, "-m", "backend", "worker"], cwd=ROOT, env=env
    )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


WORKER_PROCESS = "worker process"
IN_PROCESS = "in-process worker"


@contextlib.asynccontextmanager
async def running_worker(url: str, mode: str) -> AsyncIterator[int]:
    """A delivery worker, as its own process or in this one (the web process's default);
    yields the process id that runs it."""
    from notifications import worker as notifications_worker

    if mode == WORKER_PROCESS:
        async with worker_process(url) as process:
            await asyncio.sleep(2.0)  # started and listening
            yield process.pid
        return
    notifications_worker.start_in_process()
    try:
        await asyncio.sleep(0.2)
        yield os.getpid()
    finally:
        await notifications_worker.stop_in_process()


# -- 1. the encryption ceiling ----------------------------------------------------------------


def encryption_ceiling() -> list[tuple[str, float]]:
    """(what, pushes per second on one core) for the work done before each POST."""
    from pywebpush import WebPusher

    from notifications.config import PushConfig
    from notifications.sender import PushSender
    from notifications.vapid import VapidKeyPair, generate

    private_key, public_key = generate()
    key = VapidKeyPair(public_key=public_key, private_key=private_key, source="bench")
    sender = PushSender(PushConfig())
    devices = [new_device() for _ in range(100)]
    subscriptions = [
        {
            "endpoint": f"https://fcm.googleapis.com/fcm/send/{d.name}",
            "keys": {"p256dh": d.p256dh, "auth": d.auth},
        }
        for d in devices
    ]
    payload = json.dumps(
        {
            "kind": "request_status",
            "lang": "fi",
            "title": "Ilmoitus #12345: Käsittelyssä",
            "body": "Katuvalo ei pala\nKorjaus on tilattu urakoitsijalta.",
            "url": "/requests/U2VydmljZVJlcXVlc3Q6MTIz",
            "tag": "request-123",
        },
        ensure_ascii=False,
    )
    signer = key.signer()

    def encrypt(n: int) -> None:
        WebPusher(subscriptions[n % 100])._prepare_send_data(
            payload, {"Urgency": "normal"}, ttl=86400
        )

    def encrypt_cached_header(n: int) -> None:
        headers: dict[str, str] = {"Urgency": "normal"}
        headers.update(sender.vapid_headers(key, str(subscriptions[n % 100]["endpoint"])))
        WebPusher(subscriptions[n % 100])._prepare_send_data(payload, headers, ttl=86400)

    def encrypt_signed(n: int) -> None:
        headers: dict[str, str] = {"Urgency": "normal"}
        claims = {
            "sub": "mailto:asiointi@hel.fi",
            "aud": "https://fcm.googleapis.com",
            "exp": int(time.time()) + 43200,
        }
        headers.update(signer.sign(claims))
        WebPusher(subscriptions[n % 100])._prepare_send_data(payload, headers, ttl=86400)

    results = []
    for label, work in (
        ("encrypt only", encrypt),
        ("encrypt + VAPID header cached per push service (the worker)", encrypt_cached_header),
        ("encrypt + VAPID signature per push", encrypt_signed),
    ):
        for n in range(200):
            work(n)
        started = time.perf_counter()
        for n in range(CEILING_PUSHES):
            work(n)
        results.append((label, CEILING_PUSHES / (time.perf_counter() - started)))
    return results


# -- 2. fan-out --------------------------------------------------------------------------------


async def subscribe(devices: list[Device], rx: Receiver, vapid_key: str, token_hash: str) -> None:
    from notifications.models import PushSubscription, PushTracking

    made = [
        PushSubscription(
            endpoint=rx.endpoint(d),
            p256dh=d.p256dh,
            auth=d.auth,
            language="fi",
            vapid_public_key=vapid_key,
        )
        for d in devices
    ]
    await PushSubscription.bulk_create(made, batch_size=1000)
    ids = await PushSubscription.filter(endpoint__in=[rx.endpoint(d) for d in devices]).values_list(
        "id", flat=True
    )
    await PushTracking.bulk_create(
        [PushTracking(subscription_id=i, token_hash=token_hash) for i in ids], batch_size=1000
    )


def event_message(n: int) -> Any:
    from notifications.outbox import LocalizedMessage

    return LocalizedMessage(
        title={"fi": f"Häiriötiedote {n}", "sv": f"Störning {n}", "en": f"Disruption {n}"},
        body={
            "fi": "Vesikatko Kalliossa klo 9-12.",
            "sv": "Vattenavbrott i Berghäll kl. 9-12.",
            "en": "Water outage in Kallio 9-12.",
        },
        url=f"/requests/{n}",
        tag=f"event-{n}",
        topic=f"event-{n}",
    )


@dataclass
class FanOut:
    mode: str
    count: int
    enqueue_s: float
    seconds: float  # commit to last receipt
    first_s: float  # commit to first receipt
    receipts: int
    sample_ok: int
    sample: int
    problems: list[str]
    worker_cpu_s: float
    receiver_cpu_s: float
    statuses: dict[str, int]

    @property
    def rate(self) -> float:
        return self.count / self.seconds


async def fan_out(url: str, count: int, mode: str) -> FanOut:
    from tortoise.transactions import in_transaction

    from notifications import config as push_config
    from notifications.interface import hash_tracking_token
    from notifications.models import NotificationJob
    from notifications.outbox import enqueue_for_tracking_hash
    from notifications.vapid import current_key

    key = await current_key(push_config.current())
    async with receiver() as rx:
        warm_token, token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        warm_devices = [new_device() for _ in range(20)]
        devices = [new_device() for _ in range(count)]
        await subscribe(warm_devices, rx, key.public_key, hash_tracking_token(warm_token))
        await subscribe(devices, rx, key.public_key, hash_tracking_token(token))
        sample = devices[::SAMPLE_EVERY]
        await rx.add_keys(sample, key.public_key)
        async with running_worker(url, mode) as pid:
            # Warm-up: the worker is up, listening, connected to the receiver.
            await enqueue_for_tracking_hash(
                hash_tracking_token(warm_token), "request_status", event_message(0), "warm"
            )
            if await rx.wait(len(warm_devices), seconds=60) < len(warm_devices):
                raise RuntimeError("the worker did not deliver the warm-up")
            await rx.reset()
            cpu_worker, cpu_receiver = cpu_seconds(pid), rx.cpu()
            started = time.time()
            async with in_transaction():
                await enqueue_for_tracking_hash(
                    hash_tracking_token(token), "request_status", event_message(1), "fan-out"
                )
            committed = time.time()
            await rx.wait(count, seconds=300)
            await asyncio.sleep(0.5)  # anything sent twice
            cpu_worker = cpu_seconds(pid) - cpu_worker
            cpu_receiver = rx.cpu() - cpu_receiver
            stats = await rx.stats()
        statuses = Counter(
            await NotificationJob.filter(dedupe_key="fan-out").values_list("status", flat=True)
        )
    arrivals = [t for _, t in stats["arrivals"]]
    expected = event_message(1).payload("request_status", "fi")
    sample_ok = sum(stats["payloads"].get(d.name) == [expected] for d in sample)
    return FanOut(
        mode=mode,
        count=count,
        enqueue_s=committed - started,
        seconds=max(arrivals) - committed,
        first_s=min(arrivals) - committed,
        receipts=len(arrivals),
        sample_ok=sample_ok,
        sample=len(sample),
        problems=stats["problems"],
        worker_cpu_s=cpu_worker,
        receiver_cpu_s=cpu_receiver,
        statuses=dict(statuses),
    )


# -- 3. latency of a status change ------------------------------------------------------------


@dataclass
class Latency:
    mode: str
    from_commit: list[float]  # seconds from each change's COMMIT to the push's arrival
    from_call: list[float]  # from the call of change_status (context)
    missing: int
    problems: list[str]


@contextlib.contextmanager
def commit_times(module: Any) -> Iterator[list[float]]:
    """Notes when each `async with in_transaction():` of `module` has committed (the service
    layer's own transactions), without changing what they do."""
    original = module.in_transaction
    commits: list[float] = []

    @contextlib.asynccontextmanager
    async def timed(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        async with original(*args, **kwargs) as connection:
            yield connection
        commits.append(time.time())

    module.in_transaction = timed
    try:
        yield commits
    finally:
        module.in_transaction = original


async def latency(url: str, changes: int, mode: str) -> Latency:
    from backend.accounts.models import User
    from backend.accounts.service import principal_for
    from backend.service_requests import service
    from backend.service_requests.models import RequestCategory
    from backend.service_requests.service import NewRequest, change_status, create_request
    from notifications import config as push_config
    from notifications.models import PushSubscription
    from notifications.vapid import current_key

    key = await current_key(push_config.current())
    async with receiver() as rx:
        email = f"{secrets.token_hex(6)}@example.fi"
        reporter = await User.create(name="Raportoija", email=email, login_email=email)
        device = new_device()
        await PushSubscription.create(
            endpoint=rx.endpoint(device),
            p256dh=device.p256dh,
            auth=device.auth,
            user=reporter,
            vapid_public_key=key.public_key,
        )
        await rx.add_keys([device], key.public_key)
        category = await RequestCategory.filter(active=True, location_required=False).first()
        assert category is not None, "load-demo makes the categories"
        created = await create_request(
            await principal_for(reporter),
            NewRequest(category=category.id, title="Katuvalo ei pala", description="Kalliossa"),
        )
        request_id = created.request.id
        admin = await principal_for(await User.get(login_email="admin@example.fi"))
        async with running_worker(url, mode):
            called: dict[str, float] = {}
            committed: dict[str, float] = {}
            status = "received"
            with commit_times(service) as commits:
                for n in range(changes + 5):  # the first 5 warm up
                    target = "resolved" if status == "in_handling" else "in_handling"
                    note = f"muutos {n}"
                    called[note] = time.time()
                    await change_status(admin, request_id, status=target, public_note=note)
                    assert len(commits) == n + 1, "one transaction per change_status"
                    committed[note] = commits[-1]
                    status = target
                    await asyncio.sleep(0.05)
            await rx.wait(changes + 5, seconds=60)
            stats = await rx.stats()
    arrived: dict[str, float] = {}
    for (_, at), payload in zip(stats["arrivals"], stats["payloads"][device.name], strict=True):
        note = str(payload["body"]).rsplit("\n", 1)[-1]
        arrived.setdefault(note, at)
    measured = [f"muutos {n}" for n in range(5, changes + 5)]
    return Latency(
        mode=mode,
        from_commit=[arrived[m] - committed[m] for m in measured if m in arrived],
        from_call=[arrived[m] - called[m] for m in measured if m in arrived],
        missing=sum(m not in arrived for m in measured),
        problems=stats["problems"],
    )


def pct(values: list[float], p: float) -> float:
    return Result(values, 1.0).percentile(p) if values else float("nan")


# -- main --------------------------------------------------------------------------------------


async def run_engine(engine: str, fan_out_count: int, changes: int) -> None:
    from backend import db
    from notifications import config as push_config
    from notifications.vapid import forget_cached_key

    async with database(engine) as url:
        backend(url, "migrate")
        backend(url, "load-demo")
        push_config.configure(push_config.PushConfig(allow_loopback_http=True))
        forget_cached_key()
        await db.init_db(url)
        try:
            # On SQLite the worker runs in the web process (the default deployment): a worker
            # process would poll, and its writes contend with the web process's for the file.
            fan_mode = WORKER_PROCESS if engine == "postgres" else IN_PROCESS
            result = await fan_out(url, fan_out_count, fan_mode)
            met = "met" if result.rate >= GOAL_RATE else "MISSED"
            print(
                f"{engine:9} {'fan-out of ' + str(result.count):20} {fan_mode:18} "
                f"{result.rate:6.0f} notifications/s ({result.seconds:.2f} s, first receipt "
                f"{result.first_s * 1000:.0f} ms)  >= {GOAL_RATE:.0f}/s {met}"
            )
            problems = f"; problems: {result.problems[:3]}" if result.problems else ""
            print(
                f"{'':30} {result.receipts} receipts ({result.receipts - result.count} "
                f"duplicates), jobs {result.statuses}, sample {result.sample_ok}/{result.sample} "
                f"decrypted and right{problems}; enqueue transaction {result.enqueue_s:.2f} s"
            )
            print(
                f"{'':30} CPU per push: worker {result.worker_cpu_s / result.count * 1e6:.0f} us, "
                f"receiver {result.receiver_cpu_s / result.count * 1e6:.0f} us"
            )
            modes = [WORKER_PROCESS, IN_PROCESS] if engine == "postgres" else [IN_PROCESS]
            for mode in modes:
                lat = await latency(url, changes, mode)
                p95 = pct(lat.from_commit, 95)
                met = "met" if p95 <= GOAL_P95_S and not lat.missing else "MISSED"
                notes = f", MISSING {lat.missing}" if lat.missing else ""
                notes += f", problems {lat.problems[:3]}" if lat.problems else ""
                print(
                    f"{engine:9} {'status change->push':20} {mode:18} "
                    f"p50 {pct(lat.from_commit, 50) * 1000:5.1f} ms  p95 {p95 * 1000:5.1f} ms  "
                    f"max {max(lat.from_commit, default=float('nan')) * 1000:5.1f} ms  "
                    f"p95 <= {GOAL_P95_S * 1000:.0f} ms {met}"
                )
                print(
                    f"{'':30} {len(lat.from_commit)} changes; from the call of change_status: "
                    f"p50 {pct(lat.from_call, 50) * 1000:.1f} ms, p95 "
                    f"{pct(lat.from_call, 95) * 1000:.1f} ms{notes}"
                )
        finally:
            await db.close_db()
            push_config.configure(None)


async def main(args: argparse.Namespace) -> None:
    print(f"Web push delivery on {os.cpu_count()} cores (worker, receiver and database share them)")
    print("1. Encryption ceiling, one core, no network:")
    for label, rate in encryption_ceiling():
        print(f"   {label:62} {rate:7.0f} pushes/s  {1e6 / rate:6.0f} us/push")
    print(
        f"2. Fan-out: one event to {args.fan_out} subscriptions, from its COMMIT to the last "
        "receipt (receiver in its own process)"
    )
    print(
        f"3. Latency: {args.changes} sequential status changes of a service request (the "
        "reporter has one subscription), from the change's commit to the receipt"
    )
    print(f"{'engine':9} {'measured':20} {'worker':18} figure")
    for engine in args.engines.split(","):
        await run_engine(engine, args.fan_out, args.changes)


def cli() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "receiver":
        parser = argparse.ArgumentParser(prog="bench.notifications receiver")
        parser.add_argument("receiver")
        parser.add_argument("--port", type=int, required=True)
        run_receiver(parser.parse_args().port)
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engines", default="postgres,sqlite")
    parser.add_argument("--fan-out", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=200)
    asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    cli()
