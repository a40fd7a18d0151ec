"""A push service for tests: an aiohttp server on 127.0.0.1 that receives what pywebpush sends,
checks the VAPID header (RFC 8292: the JWT's ES256 signature with the key in `k`, its `aud`,
`exp` and `sub`), the `TTL`, `Urgency` and `Topic` headers, decrypts the body (RFC 8291,
aes128gcm) with the subscription's private key made here, and answers as each test scripts it:
201, 410, 429 with Retry-After, 500, or never (a hang, until the sender's timeout).

Also the tests of the receiver itself (that it catches a forged header)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import http_ece
import pytest
from aiohttp import web
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

HANG = "hang"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class VapidError(AssertionError):
    pass


def verify_vapid(authorization: str, endpoint: str, expected_key: str | None) -> dict[str, Any]:
    """The claims of a valid `Authorization: vapid t=<jwt>,k=<key>` header; raises otherwise."""
    scheme, _, params = authorization.partition(" ")
    if scheme.lower() != "vapid":
        raise VapidError(f"scheme {scheme!r}")
    parts = dict(p.strip().split("=", 1) for p in params.split(","))
    token, key = parts["t"], parts["k"]
    if expected_key is not None and key != expected_key:
        raise VapidError("signed with another VAPID key")
    header_b64, claims_b64, signature_b64 = token.split(".")
    header = json.loads(unb64url(header_b64))
    if header.get("alg") != "ES256":
        raise VapidError(f"alg {header.get('alg')}")
    signature = unb64url(signature_b64)
    if len(signature) != 64:
        raise VapidError("signature length")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise VapidError("bad signature") from None
    claims: dict[str, Any] = json.loads(unb64url(claims_b64))
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(endpoint))
    if claims.get("aud") != origin:
        raise VapidError(f"aud {claims.get('aud')!r} is not {origin!r}")
    now = time.time()
    if not now < int(claims["exp"]) <= now + 24 * 3600:
        raise VapidError("exp out of range")
    sub = str(claims.get("sub", ""))
    if not (sub.startswith("mailto:") or sub.startswith("https://")):
        raise VapidError(f"sub {sub!r}")
    return claims


@dataclass
class Delivery:
    name: str
    payload: dict[str, Any]
    ttl: int
    urgency: str | None
    topic: str | None
    claims: dict[str, Any]
    status: int


@dataclass
class Device:
    """A browser's push subscription: its key pair and auth secret, made by the test."""

    name: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes
    # What to answer, in order; the last one repeats. An int, (status, headers) or HANG.
    script: list[Any] = field(default_factory=lambda: [201])
    expected_vapid_key: str | None = None
    requests: int = 0

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

    def subscription(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    def next_answer(self) -> Any:
        answer = self.script[min(self.requests, len(self.script) - 1)]
        self.requests += 1
        return answer


class PushReceiver:
    def __init__(self) -> None:
        self.devices: dict[str, Device] = {}
        self.deliveries: list[Delivery] = []
        self.problems: list[str] = []
        self.arrived = asyncio.Event()
        # A slow push service: seconds before each answer, after the push was received (a
        # sender killed meanwhile never hears that its push arrived).
        self.delay = 0.0
        self.in_flight = 0  # requests received and not answered yet
        self._release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.origin = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/push/{name}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.origin = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        self._release.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def device(self, script: list[Any] | None = None, vapid_key: str | None = None) -> Device:
        name = secrets.token_hex(8)
        device = Device(
            name=name,
            endpoint=f"{self.origin}/push/{name}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth_secret=os.urandom(16),
            script=script or [201],
            expected_vapid_key=vapid_key,
        )
        self.devices[name] = device
        return device

    def delivered(self, device: Device) -> list[Delivery]:
        return [d for d in self.deliveries if d.name == device.name and 200 <= d.status < 300]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.in_flight += 1
        try:
            return await self._answer(request)
        finally:
            self.in_flight -= 1

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        device = self.devices.get(request.match_info["name"])
        if device is None:
            return web.Response(status=404)
        body = await request.read()
        try:
            claims = verify_vapid(
                request.headers.get("Authorization", ""), device.endpoint, device.expected_vapid_key
            )
            if request.headers.get("Content-Encoding") != "aes128gcm":
                raise AssertionError("Content-Encoding is not aes128gcm")
            if len(body) > 4096:
                raise AssertionError(f"body of {len(body)} bytes")
            plain = http_ece.decrypt(
                body,
                private_key=device.private_key,
                auth_secret=device.auth_secret,
                version="aes128gcm",
            )
            payload = json.loads(plain)
            ttl = int(request.headers["TTL"])
        except Exception as error:
            self.problems.append(f"{type(error).__name__}: {error}")
            return web.Response(status=400, text=str(error))
        answer = device.next_answer()
        if answer == HANG:
            await self._release.wait()
            return web.Response(status=503)
        status, headers = answer if isinstance(answer, tuple) else (answer, {})
        self.deliveries.append(
            Delivery(
                name=device.name,
                payload=payload,
                ttl=ttl,
                urgency=request.headers.get("Urgency"),
                topic=request.headers.get("Topic"),
                claims=claims,
                status=status,
            )
        )
        self.arrived.set()
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        return web.Response(status=status, headers=headers)


@pytest.fixture
async def receiver() -> AsyncIterator[PushReceiver]:
    found = PushReceiver()
    await found.start()
    try:
        yield found
    finally:
        await found.stop()


# -- the receiver's own checks ----------------------------------------------------------------


async def _post(receiver: PushReceiver, device: Device, **kwargs: Any) -> int:
    from py_vapid import Vapid
    from pywebpush import WebPushException, webpush_async

    vapid = Vapid()
    vapid.generate_keys()
    device.expected_vapid_key = b64url(
        vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    async with aiohttp.ClientSession() as session:
        try:
            response = await webpush_async(
                device.subscription(),
                json.dumps({"hello": "maailma"}),
                vapid_private_key=kwargs.pop("signer", vapid),
                vapid_claims={"sub": "mailto:test@example.fi"},
                ttl=60,
                timeout=5,
                aiohttp_session=session,
                **kwargs,
            )
        except WebPushException as error:
            return int(error.status_code or 0)
    assert not isinstance(response, str)
    status: int = response.status
    return status


async def test_receiver_decrypts_and_checks_a_real_push(receiver: PushReceiver) -> None:
    device = receiver.device()
    status = await _post(receiver, device, headers={"Urgency": "high", "Topic": "t1"})
    assert status == 201, receiver.problems
    [delivery] = receiver.deliveries
    assert delivery.payload == {"hello": "maailma"}
    assert (delivery.ttl, delivery.urgency, delivery.topic) == (60, "high", "t1")
    assert delivery.claims["aud"] == receiver.origin


async def test_receiver_refuses_a_push_signed_with_another_key(receiver: PushReceiver) -> None:
    from py_vapid import Vapid

    device = receiver.device()
    other = Vapid()
    other.generate_keys()
    assert await _post(receiver, device, signer=other) == 400
    assert receiver.problems == ["VapidError: signed with another VAPID key"]
