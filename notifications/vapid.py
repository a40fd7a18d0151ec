"""VAPID keys (RFC 8292): the server's identity towards push services.

Where the key comes from, in order:
1. `VAPID_PRIVATE_KEY` (and optionally `VAPID_PUBLIC_KEY`, checked against it) in the environment:
   the operator manages it; the database keeps nothing.
2. Else the active key in the database, generated at first start. Processes starting together
   race safely: each inserts with `ON CONFLICT DO NOTHING` against the UNIQUE `active` flag,
   then every one reads the single winner.

Rotating the database key: `python -m backend rotate-vapid-keys`. The old key is retired, not
deleted: subscriptions that browsers made with it keep receiving pushes signed with it (each
subscription records the key it was made with). Clients must re-subscribe to move to the new
key: the PWA compares `vapidPublicKey` (GraphQL) with its subscription's
`options.applicationServerKey` and, when they differ, unsubscribes, subscribes again with the
new key and calls `registerPushSubscription`. With keys from the environment, rotate by
changing the variables (browsers must re-subscribe likewise; the old key cannot sign anymore).
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid
from tortoise.transactions import in_transaction

from notifications.config import PushConfig
from notifications.models import VapidKey

# How long the active key is cached per process before it is read again.
CACHE_SECONDS = 60.0


class VapidConfigError(ValueError):
    """The VAPID variables of the environment are unusable; the message says why."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_key_of(private: ec.EllipticCurvePrivateKey) -> str:
    return b64url(
        private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


@dataclass(frozen=True)
class VapidKeyPair:
    public_key: str  # what browsers subscribe with (applicationServerKey)
    private_key: str  # base64url raw scalar
    source: str  # "environment" or "database"

    def signer(self) -> Vapid:
        return Vapid.from_string(self.private_key)


def generate() -> tuple[str, str]:
    """A fresh key pair: (private, public), base64url."""
    private = ec.generate_private_key(ec.SECP256R1())
    raw = private.private_numbers().private_value.to_bytes(32, "big")
    return b64url(raw), public_key_of(private)


def from_environment(config: PushConfig) -> VapidKeyPair | None:
    if not config.vapid_private_key:
        if config.vapid_public_key:
            raise VapidConfigError("VAPID_PUBLIC_KEY is set without VAPID_PRIVATE_KEY")
        return None
    try:
        signer = Vapid.from_string(config.vapid_private_key)
    except Exception as error:  # py_vapid raises whatever its parsers raise
        raise VapidConfigError(
            f"VAPID_PRIVATE_KEY is not a P-256 key (base64url raw or DER): {error}"
        ) from None
    private = signer.private_key
    if not isinstance(private, ec.EllipticCurvePrivateKey) or private.curve.name != "secp256r1":
        raise VapidConfigError("VAPID_PRIVATE_KEY must be a P-256 (prime256v1) key")
    public = public_key_of(private)
    if config.vapid_public_key and config.vapid_public_key.rstrip("=") != public:
        raise VapidConfigError("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY")
    raw = private.private_numbers().private_value.to_bytes(32, "big")
    return VapidKeyPair(public_key=public, private_key=b64url(raw), source="environment")


def check_subject(subject: str) -> str:
    if not (subject.startswith("mailto:") and "@" in subject) and not subject.startswith(
        "https://"
    ):
        raise VapidConfigError("VAPID_SUBJECT must be a mailto: address or an https: URL")
    return subject


def _pair(row: VapidKey) -> VapidKeyPair:
    return VapidKeyPair(public_key=row.public_key, private_key=row.private_key, source="database")


async def _insert_active_if_none() -> None:
    """Inserts a fresh active key unless one exists; a concurrent insert makes this a no-op
    (ON CONFLICT DO NOTHING on the UNIQUE `active`), never an error."""
    private, public = generate()
    await VapidKey.bulk_create(
        [VapidKey(public_key=public, private_key=private, active=True)], ignore_conflicts=True
    )


async def ensure_key(config: PushConfig) -> VapidKeyPair:
    """The key pushes are signed with now (generated and stored on first use)."""
    env = from_environment(config)
    if env is not None:
        return env
    row = await VapidKey.filter(active=True).first()
    if row is None:
        await _insert_active_if_none()
        row = await VapidKey.filter(active=True).first()
        if row is None:  # pragma: no cover - the insert or a concurrent one made it
            raise RuntimeError("no active VAPID key after inserting one")
    return _pair(row)


_cache: tuple[float, VapidKeyPair] | None = None


async def current_key(config: PushConfig) -> VapidKeyPair:
    """`ensure_key`, cached for a minute (rotation reaches every process within that)."""
    global _cache
    now = time.monotonic()
    if _cache is not None and now - _cache[0] < CACHE_SECONDS:
        return _cache[1]
    pair = await ensure_key(config)
    _cache = (now, pair)
    return pair


def forget_cached_key() -> None:
    global _cache
    _cache = None


async def key_for(public_key: str, config: PushConfig) -> VapidKeyPair | None:
    """The key pair a subscription was made with, active or retired; None when unknown."""
    env = from_environment(config)
    if env is not None and env.public_key == public_key:
        return env
    row = await VapidKey.filter(public_key=public_key).first()
    return _pair(row) if row else None


async def rotate(config: PushConfig) -> tuple[VapidKeyPair, VapidKeyPair | None]:
    """Retires the active database key and makes a new one: (new, retired)."""
    if from_environment(config) is not None:
        raise VapidConfigError(
            "the VAPID key comes from the environment (VAPID_PRIVATE_KEY): rotate it there"
        )
    private, public = generate()
    now = datetime.now(UTC)
    async with in_transaction():
        old = await VapidKey.filter(active=True).select_for_update().first()
        if old is not None:
            await VapidKey.filter(id=old.id).update(active=None, retired_at=now)
        row = await VapidKey.create(public_key=public, private_key=private, active=True)
    forget_cached_key()
    return _pair(row), (_pair(old) if old else None)
