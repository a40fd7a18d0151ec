"""Calendar rules: whose bookings a calendar shows, and personal feed URLs; no HTTP here.

A feed URL reads `<site>/calendar/feed/<token>.ics`. The token (32 random bytes, URL-safe
base64) is a credential, shown once when the feed is made; only its SHA-256 is stored
(`accounts.CalendarFeed`), found by an indexed equality lookup. A person has at most one feed:
making one replaces the previous (its URL stops working in the same transaction), revoking
deletes it. Both are in the audit trail. The feed is personal data: its dates (never the hash)
are in the person's GDPR data, and it goes with the account (ON DELETE CASCADE).
"""

from __future__ import annotations

import hashlib
import secrets
import string
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend.accounts import audit, gdpr
from backend.accounts.errors import unauthenticated
from backend.accounts.models import CalendarFeed, User
from backend.accounts.principal import Principal
from backend.appointments import service
from backend.appointments.errors import not_found
from backend.appointments.ical import CALENDAR_STATUSES
from backend.appointments.models import Booking

TOKEN_BYTES = 32
TOKEN_LENGTH = 43  # 32 bytes in unpadded URL-safe base64
FEED_PAST = timedelta(days=90)
FEED_MAX_BOOKINGS = 500
# last_used_at is written at most this often: calendar apps poll, and one UPDATE an hour will do.
LAST_USED_PRECISION = timedelta(hours=1)
_URLSAFE = frozenset(string.ascii_letters + string.digits + "-_")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _session_user(principal: Principal) -> User:
    """Feeds are made and revoked by the person themselves, in the app: a third party holding
    their bearer token cannot mint a secret URL to their calendar."""
    if principal.user is None or principal.via != "session":
        raise unauthenticated()
    return principal.user


# ---------------------------------------------------------------- bookings in calendars


async def booking_for_calendar(principal: Principal, booking_id: uuid.UUID) -> Booking:
    """One booking the caller may see (their own, or covered by a staff role), with its type and
    unit; held and expired ones are not appointments and are not found."""
    booking = await service.get_booking(principal, booking_id)
    if booking.status not in CALENDAR_STATUSES:
        raise not_found()
    await booking.fetch_related("appointment_type__unit")
    return booking


async def feed_bookings(user_id: uuid.UUID, now: datetime) -> list[Booking]:
    """A person's bookings from 90 days ago on (cancelled ones too, so that calendars remove
    them), oldest first, at most 500; one query."""
    return list(
        await Booking.filter(
            user_id=user_id, status__in=CALENDAR_STATUSES, starts_at__gte=now - FEED_PAST
        )
        .select_related("appointment_type__unit")
        .order_by("starts_at", "id")
        .limit(FEED_MAX_BOOKINGS)
    )


# ---------------------------------------------------------------- feeds


@dataclass(frozen=True)
class IssuedFeed:
    feed: CalendarFeed
    token: str  # shown once, never stored


async def my_feed(principal: Principal) -> CalendarFeed | None:
    if principal.user is None:
        return None
    return await CalendarFeed.filter(user_id=principal.user.id).first()


async def create_feed(principal: Principal) -> IssuedFeed:
    """A new feed for the signed-in person, replacing theirs if they had one."""
    user = _session_user(principal)
    for _ in range(3):
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = datetime.now(UTC)
        try:
            async with in_transaction():
                # One row per person (UNIQUE user_id): replacing is an UPDATE of its hash, so the
                # old token stops matching in this very statement.
                replaced = await CalendarFeed.filter(user_id=user.id).update(
                    token_hash=_digest(token), created_at=now, last_used_at=None
                )
                if not replaced:
                    await CalendarFeed.create(
                        user_id=user.id, token_hash=_digest(token), created_at=now
                    )
                feed = await CalendarFeed.get(user_id=user.id)
                await audit.record(
                    principal,
                    "calendar_feed.replace" if replaced else "calendar_feed.create",
                    "calendar_feed",
                    str(feed.id),
                )
        except IntegrityError:
            continue  # another request made the person's first feed meanwhile: replace it
        return IssuedFeed(feed, token)
    raise RuntimeError("could not make a calendar feed")


async def revoke_feed(principal: Principal) -> bool:
    """Deletes the signed-in person's feed; False when they had none."""
    user = _session_user(principal)
    async with in_transaction():
        feed = await CalendarFeed.filter(user_id=user.id).first()
        if feed is None:
            return False
        deleted = await CalendarFeed.filter(id=feed.id).delete()
        if deleted:
            await audit.record(principal, "calendar_feed.revoke", "calendar_feed", str(feed.id))
    return bool(deleted)


async def feed_of_token(token: str, now: datetime) -> CalendarFeed | None:
    """The live feed behind a URL's token, with its (active) user; None for anything else."""
    if len(token) != TOKEN_LENGTH or not set(token) <= _URLSAFE:
        return None
    feed = await CalendarFeed.filter(token_hash=_digest(token)).select_related("user").first()
    if feed is None or not feed.user.is_active:
        return None
    if feed.last_used_at is None or now - feed.last_used_at >= LAST_USED_PRECISION:
        await CalendarFeed.filter(id=feed.id).update(last_used_at=now)
        feed.last_used_at = now
    return feed


# ---------------------------------------------------------------- personal data


async def _branch(user: User) -> gdpr.Node:
    feed = await CalendarFeed.filter(user_id=user.id).first()
    children: list[gdpr.Node] = []
    if feed is not None:
        children.append(
            {
                "key": "FEED",
                "children": [
                    {"key": "CREATED_AT", "value": feed.created_at.isoformat()},
                    {
                        "key": "LAST_USED_AT",
                        "value": feed.last_used_at.isoformat() if feed.last_used_at else None,
                    },
                ],
            }
        )
    return {"key": "CALENDAR_FEEDS", "children": children}


async def _erase(user: User) -> None:
    # The row would go with the user (ON DELETE CASCADE); deleting it first says so plainly.
    await CalendarFeed.filter(user_id=user.id).delete()


gdpr.register(gdpr.PersonalData(branch=_branch, erase=_erase))
