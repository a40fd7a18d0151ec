"""The domains' door into notifications: queue a push (and an in-app notification) about an
event, inside the domain's own transaction.

    from notifications.outbox import LocalizedMessage, enqueue_for_user

    async with in_transaction():
        ...  # the change itself
        await enqueue_for_user(
            user_id,
            "booking_confirmation",
            LocalizedMessage(
                title={"fi": "Aika vahvistettu", "sv": "Tiden bekräftad", "en": "Booked"},
                body={"fi": "…", "sv": "…", "en": "…"},
                url=f"/appointments/{booking_global_id}",
                tag=f"booking-{booking.id}",
                topic=f"b{booking.id.hex[:31]}",
            ),
            dedupe_key=f"booking:{booking.id}:confirmed",
        )

Everything is written with the caller's connection (Tortoise's current transaction), so a
rolled-back change notifies nobody, and a committed one always has its jobs. The same
`dedupe_key` twice (a retried request) adds nothing: one event, one job per subscription,
one in-app notification per user. Pushes honour the user's preferences; the in-app centre
gets every kind, and the user's live subscriptions hear of it (after the request's commit;
a notification due later shows when they next look). Messages are rendered in the user's
profile language (anonymous subscriptions: the language they registered with), falling back
to Finnish.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from notifications import wakeup
from notifications.interface import LANGUAGES, centre_changed, hash_tracking_token, user_language
from notifications.models import (
    KINDS,
    InAppNotification,
    NotificationJob,
    NotificationPreference,
    PushSubscription,
)

Kind = Literal["request_status", "booking_confirmation", "reminder"]
Urgency = Literal["very-low", "low", "normal", "high"]

# One aes128gcm record (RFC 8188/8291) of at most 4096 bytes, which every push service accepts:
# 86 bytes of header (salt, record size, key id: the 65-byte ephemeral key), a 16-byte tag and
# the 1-byte padding delimiter leave this much for the JSON payload.
MAX_PAYLOAD_BYTES = 4096 - 86 - 16 - 1
MAX_TTL = 28 * 24 * 3600
TOPIC = re.compile(r"^[A-Za-z0-9_-]{1,32}$")  # RFC 8030 5.4: at most 32 base64url characters


class OutboxError(ValueError):
    """A message the outbox refuses (a programming error in the calling domain)."""


class PayloadTooLarge(OutboxError):
    pass


@dataclass(frozen=True)
class LocalizedMessage:
    """What a person is told: title and body per language code ("fi", "sv", "en"), the URL
    the notification opens (a path of the app, or an https URL), and delivery hints: `tag`
    (a newer notification with the same tag replaces the shown one), `topic` (the push
    service keeps only the latest undelivered message per topic), `urgency` ("high" for
    "your turn soon") and `ttl` (seconds the push service keeps it for an offline device)."""

    title: Mapping[str, str]
    body: Mapping[str, str]
    url: str
    tag: str | None = None
    topic: str | None = None
    urgency: Urgency = "normal"
    ttl: int = 24 * 3600

    def text(self, language: str) -> tuple[str, str]:
        def pick(texts: Mapping[str, str]) -> str:
            for code in (language, "fi", "sv", "en"):
                if texts.get(code):
                    return texts[code]
            return ""

        return pick(self.title), pick(self.body)

    def payload(self, kind: str, language: str, key: str) -> dict[str, Any]:
        """What a push carries; `key` is the event's dedupe key, by which the app marks the
        in-app notification of the same event read when the push is tapped."""
        title, body = self.text(language)
        return {
            "kind": kind,
            "lang": language,
            "key": key,
            "title": title,
            "body": body,
            "url": self.url,
            "tag": self.tag,
        }


def encode_payload(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def validate(kind: str, message: LocalizedMessage, dedupe_key: str) -> None:
    if kind not in KINDS:
        raise OutboxError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    if not 1 <= len(dedupe_key) <= 200:
        raise OutboxError("dedupe_key must be 1-200 characters")
    for name, texts in (("title", message.title), ("body", message.body)):
        if not any(texts.get(code) for code in LANGUAGES):
            raise OutboxError(f"the message needs a {name} in fi, sv or en")
        if unknown := set(texts) - set(LANGUAGES):
            raise OutboxError(f"{name} has unknown languages: {sorted(unknown)}")
    for code in LANGUAGES:
        title, body = message.text(code)
        if len(title) > 200 or len(body) > 1000:
            raise OutboxError("title and body are at most 200 and 1000 characters")
    if not (message.url.startswith("/") and not message.url.startswith("//")) and not (
        message.url.startswith("https://")
    ):
        raise OutboxError("url must be a path of the app (/…) or an https URL")
    if len(message.url) > 500 or (message.tag is not None and len(message.tag) > 100):
        raise OutboxError("url and tag are at most 500 and 100 characters")
    if message.topic is not None and not TOPIC.match(message.topic):
        raise OutboxError("topic must be 1-32 characters of A-Z, a-z, 0-9, - and _")
    if message.urgency not in get_args(Urgency):
        raise OutboxError(f"urgency must be one of {get_args(Urgency)}")
    if not 0 <= message.ttl <= MAX_TTL:
        raise OutboxError(f"ttl must be 0-{MAX_TTL} seconds")
    for code in LANGUAGES:
        size = len(encode_payload(message.payload(kind, code, dedupe_key)))
        if size > MAX_PAYLOAD_BYTES:
            raise PayloadTooLarge(
                f"the {code} payload is {size} bytes; a push carries at most {MAX_PAYLOAD_BYTES}"
            )


@dataclass(frozen=True)
class Enqueued:
    """What was queued: push jobs (one per subscription; repeats of a dedupe key are no-ops)
    and whether an in-app notification was written."""

    subscriptions: int
    in_app: bool


def _job(
    kind: str,
    subscription_id: int,
    message: LocalizedMessage,
    payload: dict[str, Any],
    dedupe_key: str,
    due_at: datetime,
) -> NotificationJob:
    return NotificationJob(
        kind=kind,
        subscription_id=subscription_id,
        dedupe_key=dedupe_key,
        payload=payload,
        topic=message.topic,
        urgency=message.urgency,
        ttl=message.ttl,
        due_at=due_at,
        next_attempt_at=due_at,
        status="pending",
    )


def _due(due_at: datetime | None) -> datetime:
    if due_at is None:
        return datetime.now(UTC)
    if due_at.tzinfo is None:
        raise OutboxError("due_at must be timezone-aware")
    return due_at.astimezone(UTC)


@dataclass(frozen=True)
class Notice:
    """One notification for `enqueue_all_for_user`."""

    kind: Kind
    message: LocalizedMessage
    dedupe_key: str
    due_at: datetime | None = None


async def enqueue_for_user(
    user_id: uuid.UUID,
    kind: Kind,
    message: LocalizedMessage,
    dedupe_key: str,
    *,
    due_at: datetime | None = None,
    in_app: bool = True,
    language: str | None = None,
) -> Enqueued:
    """Queues a push to each of the user's subscriptions (unless the user turned `kind` off)
    and an in-app notification, in the caller's transaction. `due_at` delays the push (a
    reminder); the in-app notification appears in the centre at the same time. A caller that
    has the user at hand passes their `language` and saves a query."""
    return await enqueue_all_for_user(
        user_id, [Notice(kind, message, dedupe_key, due_at)], in_app=in_app, language=language
    )


async def enqueue_all_for_user(
    user_id: uuid.UUID,
    notices: Sequence[Notice],
    *,
    in_app: bool = True,
    language: str | None = None,
) -> Enqueued:
    """`enqueue_for_user` for several notices at once (a confirmation and its reminder): the
    user's subscriptions and muted kinds are read once, and each table gets one insert. With
    no subscription that is one query and one insert, on the booking's hot path."""
    for notice in notices:
        validate(notice.kind, notice.message, notice.dedupe_key)
    whens = [_due(n.due_at) for n in notices]
    language = language or await user_language(user_id)
    if language is None:
        return Enqueued(subscriptions=0, in_app=False)
    found: list[Any] = list(
        await PushSubscription.filter(user_id=user_id).values_list("id", flat=True)
    )
    ids = [int(i) for i in found]
    if ids:
        muted: set[str] = {
            str(kind)
            for kind in await NotificationPreference.filter(
                user_id=user_id, enabled=False, kind__in=[n.kind for n in notices]
            ).values_list("kind", flat=True)
        }
        jobs = [
            _job(
                n.kind,
                i,
                n.message,
                n.message.payload(n.kind, language, n.dedupe_key),
                n.dedupe_key,
                when,
            )
            for n, when in zip(notices, whens, strict=True)
            if n.kind not in muted
            for i in ids
        ]
        if jobs:
            await NotificationJob.bulk_create(jobs, ignore_conflicts=True)
            await wakeup.signal()
        else:
            ids = []
    if in_app:
        rows = []
        for n, when in zip(notices, whens, strict=True):
            title, body = n.message.text(language)
            rows.append(
                InAppNotification(
                    user_id=user_id,
                    kind=n.kind,
                    dedupe_key=n.dedupe_key,
                    title=title,
                    body=body,
                    url=n.message.url,
                    visible_at=when,
                )
            )
        await InAppNotification.bulk_create(rows, ignore_conflicts=True)
        await centre_changed(user_id)
    return Enqueued(subscriptions=len(ids), in_app=in_app)


async def enqueue_for_tracking_token(
    token: str,
    kind: Kind,
    message: LocalizedMessage,
    dedupe_key: str,
    *,
    due_at: datetime | None = None,
) -> Enqueued:
    """Queues a push to each subscription following an anonymous report's tracking token
    (the token itself, as given to the reporter), in the caller's transaction. There is no
    in-app centre without an account. A subscription that also belongs to a user honours
    that user's preferences."""
    return await enqueue_for_tracking_hash(
        hash_tracking_token(token), kind, message, dedupe_key, due_at=due_at
    )


async def enqueue_for_tracking_hash(
    token_hash: str,
    kind: Kind,
    message: LocalizedMessage,
    dedupe_key: str,
    *,
    due_at: datetime | None = None,
) -> Enqueued:
    """`enqueue_for_tracking_token` for a domain that keeps only the token's hash
    (`hash_tracking_token`, SHA-256 hex: what service requests store)."""
    validate(kind, message, dedupe_key)
    when = _due(due_at)
    rows = await PushSubscription.filter(tracking__token_hash=token_hash).values_list(
        "id", "language", "user_id"
    )
    users = {u for _, _, u in rows if u is not None}
    muted: set[uuid.UUID] = set()
    if users:
        off: list[Any] = list(
            await NotificationPreference.filter(
                user_id__in=users, kind=kind, enabled=False
            ).values_list("user_id", flat=True)
        )
        muted = {uuid.UUID(str(u)) for u in off}
    payloads: dict[str, dict[str, Any]] = {}
    jobs = []
    for subscription_id, language, user_id in rows:
        if user_id in muted:
            continue
        payload = payloads.setdefault(language, message.payload(kind, language, dedupe_key))
        jobs.append(_job(kind, subscription_id, message, payload, dedupe_key, when))
    if jobs:
        await NotificationJob.bulk_create(jobs, ignore_conflicts=True)
        await wakeup.signal()
    return Enqueued(subscriptions=len(jobs), in_app=False)


async def withdraw_for_user(user_id: uuid.UUID, dedupe_keys: Sequence[str]) -> int:
    """Takes back what `enqueue_for_user` queued under these keys and has not happened yet,
    in the caller's transaction: push jobs not sent (pending, or being sent: a worker's later
    acknowledgement or retry of a deleted job writes nothing) and in-app notifications not
    visible yet. For a reminder whose appointment moved or was cancelled. How many jobs went."""
    keys = list(dedupe_keys)
    if not keys:
        return 0
    found: list[Any] = list(
        await PushSubscription.filter(user_id=user_id).values_list("id", flat=True)
    )
    withdrawn = 0
    if found:
        withdrawn = await NotificationJob.filter(
            subscription_id__in=[int(i) for i in found],
            dedupe_key__in=keys,
            status__in=("pending", "sending"),
        ).delete()
    await InAppNotification.filter(
        user_id=user_id, dedupe_key__in=keys, visible_at__gt=datetime.now(UTC)
    ).delete()
    return int(withdrawn)
