"""Rules of subscriptions, preferences, the in-app centre and the dead-letter queue (no
GraphQL here: notifications/schema.py is the thin face over these)."""

from __future__ import annotations

import binascii
import ipaddress
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from tortoise.transactions import in_transaction

from notifications import wakeup
from notifications.config import PushConfig
from notifications.errors import NotificationError, invalid
from notifications.interface import LANGUAGES, Principal, centre_changed, hash_tracking_token
from notifications.models import (
    KINDS,
    InAppNotification,
    NotificationJob,
    NotificationPreference,
    PushSubscription,
    PushTracking,
)
from notifications.vapid import b64url_decode, current_key

MAX_ENDPOINT_LENGTH = 1024
MAX_DEVICES_PER_USER = 20
MAX_MARK_IDS = 100
BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")
TRACKING_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


def utcnow() -> datetime:
    return datetime.now(UTC)


def _host_allowed(host: str, config: PushConfig) -> bool:
    if "*" in config.endpoint_hosts:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return host != "localhost" and "." in host
        return address.is_global
    return any(host == h or host.endswith("." + h) for h in config.endpoint_hosts)


def check_endpoint(endpoint: str, config: PushConfig) -> str:
    """An endpoint we are willing to POST to: https to a push service (by default the
    browsers' own), or http(s) to this machine when `PUSH_ALLOW_LOOPBACK_HTTP` is on."""
    error = invalid("bad_endpoint", "endpoint", max=MAX_ENDPOINT_LENGTH)
    if not endpoint or len(endpoint) > MAX_ENDPOINT_LENGTH or endpoint != endpoint.strip():
        raise error
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        _ = parts.port  # raises on a malformed port
    except ValueError:
        raise error from None
    if parts.username or parts.password or parts.fragment or not host:
        raise error
    if config.allow_loopback_http and host in LOOPBACK_HOSTS and parts.scheme in ("http", "https"):
        return endpoint
    if parts.scheme != "https" or not _host_allowed(host, config):
        raise error
    return endpoint


def _decode(value: str) -> bytes | None:
    if not value or len(value) > 200 or not BASE64URL.match(value):
        return None
    try:
        return b64url_decode(value.rstrip("="))
    except (binascii.Error, ValueError):
        return None


def check_keys(p256dh: str, auth: str) -> tuple[str, str]:
    raw = _decode(p256dh)
    if raw is None or len(raw) != 65 or raw[0] != 4:
        raise invalid("bad_p256dh", "keys.p256dh")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        raise invalid("bad_p256dh", "keys.p256dh") from None
    secret = _decode(auth)
    if secret is None or len(secret) != 16:
        raise invalid("bad_auth", "keys.auth")
    return p256dh.rstrip("="), auth.rstrip("=")


@dataclass(frozen=True)
class Registration:
    subscription: PushSubscription
    vapid_public_key: str


async def register_subscription(
    principal: Principal,
    *,
    endpoint: str,
    p256dh: str,
    auth: str,
    language: str | None,
    tracking_token: str | None,
    request_language: str,
    config: PushConfig,
) -> Registration:
    """Registers (or re-registers) a browser's subscription for the caller: the signed-in user
    and/or an anonymous report's tracking token. The endpoint is a secret capability URL, so
    registering one that exists moves it to the caller."""
    check_endpoint(endpoint, config)
    p256dh, auth = check_keys(p256dh, auth)
    if tracking_token is not None and not TRACKING_TOKEN.match(tracking_token):
        raise invalid("bad_tracking_token", "trackingToken")
    user = principal.user
    if user is None and tracking_token is None:
        raise NotificationError("UNAUTHENTICATED", "nothing_to_follow")
    if language is not None and language not in LANGUAGES:
        raise invalid("bad_request", "language")
    chosen = language or (user.language if user is not None else None) or request_language
    key = await current_key(config)
    fields = {
        "p256dh": p256dh,
        "auth": auth,
        "user_id": user.id if user is not None else None,
        "language": chosen,
        "vapid_public_key": key.public_key,
    }
    async with in_transaction():
        # Two registrations of a new endpoint at once: one inserts, both update.
        await PushSubscription.bulk_create(
            [PushSubscription(endpoint=endpoint, **fields)], ignore_conflicts=True
        )
        await PushSubscription.filter(endpoint=endpoint).update(
            **fields, failure_count=0, updated_at=utcnow()
        )
        found = await PushSubscription.get(endpoint=endpoint)
        if tracking_token is not None:
            await PushTracking.bulk_create(
                [
                    PushTracking(
                        subscription_id=found.id, token_hash=hash_tracking_token(tracking_token)
                    )
                ],
                ignore_conflicts=True,
            )
        if user is not None:
            # A person's many devices, but not without end: the least recently registered go.
            stale = (
                await PushSubscription.filter(user_id=user.id)
                .order_by("-updated_at", "-id")
                .offset(MAX_DEVICES_PER_USER)
                .values_list("id", flat=True)
            )
            if stale:
                await PushSubscription.filter(id__in=list(stale)).delete()
    return Registration(subscription=found, vapid_public_key=key.public_key)


async def unregister_subscription(endpoint: str) -> bool:
    """Forgets a subscription (sign-out, or the browser dropped it); True when it existed."""
    if not endpoint or len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise invalid("bad_endpoint", "endpoint", max=MAX_ENDPOINT_LENGTH)
    return await PushSubscription.filter(endpoint=endpoint).delete() > 0


def _user_id(principal: Principal) -> uuid.UUID:
    if principal.user is None:
        raise NotificationError("UNAUTHENTICATED", "unauthenticated")
    user_id: uuid.UUID = principal.user.id
    return user_id


async def preferences(user_id: uuid.UUID) -> dict[str, bool]:
    """Every kind, on unless turned off."""
    found = dict(
        await NotificationPreference.filter(user_id=user_id).values_list("kind", "enabled")
    )
    return {kind: bool(found.get(kind, True)) for kind in KINDS}


async def set_preferences(
    principal: Principal, changes: Iterable[tuple[str, bool]]
) -> dict[str, bool]:
    user_id = _user_id(principal)
    wanted: dict[str, bool] = {}
    for kind, enabled in changes:
        if kind not in KINDS:
            raise invalid("bad_request", "preferences")
        if kind in wanted:
            raise invalid("duplicate_kind", "preferences")
        wanted[kind] = enabled
    async with in_transaction():
        for kind, enabled in wanted.items():
            await NotificationPreference.bulk_create(
                [NotificationPreference(user_id=user_id, kind=kind, enabled=enabled)],
                ignore_conflicts=True,
            )
            await NotificationPreference.filter(user_id=user_id, kind=kind).update(
                enabled=enabled, updated_at=utcnow()
            )
    return await preferences(user_id)


async def my_notifications(
    user_id: uuid.UUID, offset: int, limit: int
) -> tuple[list[InAppNotification], int]:
    """The centre's page, newest first, and how many there are."""
    query = InAppNotification.filter(user_id=user_id, visible_at__lte=utcnow())
    total = await query.count()
    rows = await query.order_by("-visible_at", "-id").offset(offset).limit(limit)
    return list(rows), total


async def unread_count(user_id: uuid.UUID) -> int:
    return await InAppNotification.filter(
        user_id=user_id, visible_at__lte=utcnow(), read_at=None
    ).count()


async def mark_read(
    principal: Principal,
    ids: list[int] | None,
    everything: bool,
    keys: list[str] | None = None,
) -> int:
    """Marks the caller's notifications read (the given ones by id, or by the event's key that
    a push carries, or all); returns how many changed. Someone else's change nothing."""
    user_id = _user_id(principal)
    if sum((bool(ids), bool(keys), everything)) != 1:
        raise invalid("ids_or_all", "ids")
    query = InAppNotification.filter(user_id=user_id, read_at=None, visible_at__lte=utcnow())
    for given, field in ((ids, "ids"), (keys, "keys")):
        if given and len(given) > MAX_MARK_IDS:
            raise invalid("too_many_ids", field, max=MAX_MARK_IDS)
    if ids:
        query = query.filter(id__in=ids)
    elif keys:
        query = query.filter(dedupe_key__in=keys)
    marked = await query.update(read_at=utcnow())
    if marked:
        await centre_changed(user_id)
    return marked


def _admin(principal: Principal) -> None:
    if not principal.is_authenticated:
        raise NotificationError("UNAUTHENTICATED", "unauthenticated")
    if not principal.is_admin:
        raise NotificationError("FORBIDDEN", "forbidden")


async def dead_jobs(
    principal: Principal, offset: int, limit: int
) -> tuple[list[NotificationJob], int]:
    _admin(principal)
    query = NotificationJob.filter(status="dead")
    total = await query.count()
    rows = await query.order_by("-id").offset(offset).limit(limit).select_related("subscription")
    return list(rows), total


async def retry_job(principal: Principal, job_id: int) -> NotificationJob:
    """Puts a dead job back in the queue with a fresh set of attempts."""
    _admin(principal)
    job = await NotificationJob.filter(id=job_id).select_related("subscription").first()
    if job is None:
        raise NotificationError("NOT_FOUND", "not_found", "jobId")
    changed = await NotificationJob.filter(id=job_id, status="dead").update(
        status="pending", attempts=0, due_at=utcnow(), next_attempt_at=utcnow(), claim_token=None
    )
    if not changed:
        raise NotificationError("INVALID_INPUT", "job_not_dead", "jobId")
    await wakeup.signal()
    await job.refresh_from_db()
    return job
