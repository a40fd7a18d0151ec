"""Sending one push with pywebpush's async API, and what its answer means.

One `PushSender` per worker holds one aiohttp session (connection reuse towards each push
service), a bound on pushes in flight, and explicit timeouts (pywebpush has none by default).
Each push carries `TTL`, `Urgency` and, when given, `Topic`; the VAPID `Authorization` header
(RFC 8292) is signed once per push service and key and reused for hours (its JWT lives 12 h).

Answers: 2xx sent; 404/410 the subscription is gone (delete it); 408, 429 and 5xx, timeouts and
network errors are worth retrying (honouring `Retry-After`); any other 4xx (400 bad request,
403 VAPID mismatch, 413 too large) will not improve by retrying.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Self
from urllib.parse import urlsplit
from urllib.request import getproxies

import aiohttp
from py_vapid import Vapid
from pywebpush import WebPushException, webpush_async

from notifications.config import PushConfig
from notifications.vapid import VapidKeyPair, check_subject

log = logging.getLogger("asiointi.notifications")

# The VAPID JWT's lifetime (RFC 8292 allows up to 24 h) and how long before its end a new one
# is signed.
JWT_SECONDS = 12 * 3600
JWT_RENEW_SECONDS = 3600
MAX_RETRY_AFTER_SECONDS = 24 * 3600


class Outcome(Enum):
    SENT = "sent"
    GONE = "gone"
    RETRY = "retry"
    REJECTED = "rejected"


@dataclass(frozen=True)
class PushTarget:
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    status: int | None = None
    retry_after: float | None = None
    error: str = ""


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a `Retry-After` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_SECONDS)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


def classify(status: int, retry_after: str | None = None) -> SendResult:
    if 200 <= status < 300:
        return SendResult(Outcome.SENT, status)
    if status in (404, 410):
        return SendResult(Outcome.GONE, status, error=f"{status}: subscription gone")
    if status in (408, 429) or status >= 500:
        return SendResult(
            Outcome.RETRY,
            status,
            parse_retry_after(retry_after),
            error=f"{status} from push service",
        )
    return SendResult(Outcome.REJECTED, status, error=f"{status} from push service")


def proxy_configured() -> bool:
    """Whether the environment names an HTTP(S) proxy (HTTPS_PROXY, HTTP_PROXY, …)."""
    return any(scheme in getproxies() for scheme in ("http", "https"))


def audience(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


class PushSender:
    """Use as `async with PushSender(config) as sender: await sender.send(...)`."""

    def __init__(self, config: PushConfig, session: aiohttp.ClientSession | None = None) -> None:
        self.config = config
        self.subject = check_subject(config.vapid_subject)
        self._session = session
        self._owns_session = session is None
        self._slots = asyncio.Semaphore(config.concurrency)
        self._signers: dict[str, Vapid] = {}
        self._headers: dict[tuple[str, str], tuple[float, dict[str, str]]] = {}

    async def __aenter__(self) -> Self:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=self.config.concurrency, ttl_dns_cache=300, enable_cleanup_closed=True
                ),
                timeout=aiohttp.ClientTimeout(
                    total=self.config.timeout_seconds,
                    sock_connect=min(5.0, self.config.timeout_seconds),
                ),
                # Push services are reached directly; an HTTP(S)_PROXY of the host still applies.
                # Only then: with `trust_env` aiohttp looks up the proxy and ~/.netrc in a
                # thread for every request, which costs more than the push's encryption.
                trust_env=proxy_configured(),
            )
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None and self._owns_session:
            await self._session.close()
        self._session = None

    def vapid_headers(self, key: VapidKeyPair, endpoint: str) -> dict[str, str]:
        """The signed VAPID header for this push service, reused until an hour before its
        JWT expires."""
        aud = audience(endpoint)
        now = time.time()
        cached = self._headers.get((key.public_key, aud))
        if cached is not None and cached[0] - now > JWT_RENEW_SECONDS:
            return cached[1]
        signer = self._signers.get(key.public_key)
        if signer is None:
            signer = self._signers[key.public_key] = key.signer()
        expires = int(now) + JWT_SECONDS
        headers: dict[str, str] = signer.sign({"sub": self.subject, "aud": aud, "exp": expires})
        self._headers[(key.public_key, aud)] = (float(expires), headers)
        return headers

    async def send(
        self,
        target: PushTarget,
        payload: bytes,
        *,
        key: VapidKeyPair,
        ttl: int,
        urgency: str = "normal",
        topic: str | None = None,
    ) -> SendResult:
        if self._session is None:
            raise RuntimeError("use PushSender as an async context manager")
        headers: dict[str, str | int | float] = {"Urgency": urgency}
        if topic:
            headers["Topic"] = topic
        subscription: dict[str, Any] = {
            "endpoint": target.endpoint,
            "keys": {"p256dh": target.p256dh, "auth": target.auth},
        }
        async with self._slots:
            try:
                headers.update(self.vapid_headers(key, target.endpoint))
                async with asyncio.timeout(self.config.timeout_seconds + 1):
                    response = await webpush_async(
                        subscription,
                        payload.decode(),
                        ttl=ttl,
                        timeout=self.config.timeout_seconds,
                        headers=headers,
                        aiohttp_session=self._session,
                    )
            except WebPushException as error:
                status = error.status_code
                if status is None:  # refused before sending: the subscription's keys
                    return SendResult(Outcome.REJECTED, error=str(error.message)[:500])
                return classify(int(status), error.retry_after)
            except TimeoutError:
                return SendResult(Outcome.RETRY, error="timeout")
            except (aiohttp.ClientError, OSError) as error:
                return SendResult(Outcome.RETRY, error=f"network: {error!r}"[:500])
            except ValueError as error:  # keys that are no P-256 point, bad base64
                return SendResult(Outcome.REJECTED, error=f"bad subscription: {error}"[:500])
        if isinstance(response, str):  # pragma: no cover - only with curl=True
            raise TypeError("webpush_async returned a curl command")
        return classify(response.status)
