"""What a booking's user is told, queued in the transaction of the change (the notifications
outbox): booked, moved, cancelled, and a reminder at `start - reminder_minutes`.

Each booking has one push `topic` (a phone that was offline gets only the latest news of it)
and one `tag`. A reminder's dedupe key carries the start it reminds of, so moving a booking
withdraws the old reminder (`withdraw_for_user`: its job and its not-yet-visible in-app
notification are deleted in the same transaction) and queues a new one; cancelling withdraws
it. Holds tell nobody; neither does marking attendance.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from urllib.parse import quote

from strawberry import relay

from backend.appointments.availability import HELSINKI
from backend.appointments.models import AppointmentType, Booking
from backend.catalogue.models import Unit
from notifications.outbox import (
    MAX_TTL,
    LocalizedMessage,
    Notice,
    Urgency,
    enqueue_all_for_user,
    enqueue_for_user,
    withdraw_for_user,
)

LANGUAGES = ("fi", "sv", "en")

TITLES: dict[str, dict[str, str]] = {
    "confirmed": {"fi": "Aika varattu", "sv": "Tiden är bokad", "en": "Appointment booked"},
    "rescheduled": {"fi": "Aika siirretty", "sv": "Tiden är flyttad", "en": "Appointment moved"},
    "cancelled": {"fi": "Aika peruttu", "sv": "Tiden är avbokad", "en": "Appointment cancelled"},
    "reminder": {"fi": "Muistutus", "sv": "Påminnelse", "en": "Reminder"},
}
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def booking_url(booking_id: uuid.UUID) -> str:
    """The PWA's screen of the booking (pwa/src/router.ts `paths.appointment`)."""
    return "/appointments/" + quote(str(relay.GlobalID("Booking", str(booking_id))), safe="")


def topic(booking_id: uuid.UUID) -> str:
    return "b" + booking_id.hex[:31]


def reminder_key(booking_id: uuid.UUID, starts_at: datetime) -> str:
    return f"booking:{booking_id}:reminder:{int(starts_at.timestamp())}"


def _when(starts_at: datetime, language: str) -> str:
    local = starts_at.astimezone(HELSINKI)
    day = f"{local.day}.{local.month}.{local.year}"
    if language == "fi":
        return f"{day} klo {local:%H.%M}"
    if language == "sv":
        return f"{day} kl. {local:%H.%M}"
    return f"{local.day} {MONTHS_EN[local.month - 1]} {local.year} at {local:%H:%M}"


async def _unit_of(t: AppointmentType) -> Unit | None:
    """The type's unit: as loaded with the type (the booking path does), else one query."""
    loaded = t.__dict__.get("_unit")
    return loaded if isinstance(loaded, Unit) else await Unit.filter(id=t.unit_id).first()


def _message(
    what: str,
    booking_id: uuid.UUID,
    starts_at: datetime,
    t: AppointmentType,
    unit: Unit | None,
    *,
    urgency: Urgency = "normal",
    ttl: int = 24 * 3600,
) -> LocalizedMessage:
    body = {}
    title = {}
    for code in LANGUAGES:
        name = getattr(t, f"name_{code}") or t.name_fi
        title[code] = f"{TITLES[what][code]}: {name}"[:200]
        place = (getattr(unit, f"name_{code}") or unit.name_fi) if unit is not None else ""
        body[code] = (
            f"{_when(starts_at, code)}, {place}"[:1000] if place else _when(starts_at, code)
        )
    return LocalizedMessage(
        title=title,
        body=body,
        url=booking_url(booking_id),
        tag=f"booking-{booking_id}",
        topic=topic(booking_id),
        urgency=urgency,
        ttl=ttl,
    )


def _reminder(
    booking_id: uuid.UUID,
    t: AppointmentType,
    unit: Unit | None,
    starts_at: datetime,
    now: datetime,
) -> Notice | None:
    due = starts_at - timedelta(minutes=t.reminder_minutes)
    if not t.reminder_minutes or due <= now:
        return None
    ttl = min(MAX_TTL, t.reminder_minutes * 60)
    message = _message("reminder", booking_id, starts_at, t, unit, urgency="high", ttl=ttl)
    return Notice("reminder", message, reminder_key(booking_id, starts_at), due)


async def _with_reminder(
    booking: Booking,
    t: AppointmentType,
    unit: Unit | None,
    now: datetime,
    news: Notice,
    starts_at: datetime,
    language: str | None = None,
) -> None:
    """The news and the reminder of `starts_at`, queued together (one read of the user's
    devices, one insert per table)."""
    assert booking.user_id is not None
    reminder = _reminder(booking.id, t, unit, starts_at, now)
    notices = [news] if reminder is None else [news, reminder]
    await enqueue_all_for_user(booking.user_id, notices, language=language)


async def confirmed(
    booking: Booking, t: AppointmentType, now: datetime, language: str | None = None
) -> None:
    """A booking was made or a hold confirmed: the confirmation, and its reminder. `language`:
    the user's, when the caller has the user at hand."""
    if booking.user_id is None:
        return
    unit = await _unit_of(t)
    message = _message("confirmed", booking.id, booking.starts_at, t, unit)
    news = Notice("booking_confirmation", message, f"booking:{booking.id}:confirmed")
    await _with_reminder(booking, t, unit, now, news, booking.starts_at, language)


async def rescheduled(
    booking: Booking,
    t: AppointmentType,
    old_start: datetime,
    starts_at: datetime,
    idempotency_key: str,
    now: datetime,
) -> None:
    """A booking moved: the news, the old reminder withdrawn and a new one queued."""
    if booking.user_id is None:
        return
    await withdraw_for_user(booking.user_id, [reminder_key(booking.id, old_start)])
    unit = await _unit_of(t)
    message = _message("rescheduled", booking.id, starts_at, t, unit)
    news = Notice(
        "booking_confirmation", message, f"booking:{booking.id}:rescheduled:{idempotency_key}"
    )
    await _with_reminder(booking, t, unit, now, news, starts_at)


async def cancelled(booking: Booking, t: AppointmentType, was_confirmed: bool) -> None:
    """A booking was cancelled: its reminder withdrawn; the news, unless it was only a hold."""
    if booking.user_id is None:
        return
    await withdraw_for_user(booking.user_id, [reminder_key(booking.id, booking.starts_at)])
    if not was_confirmed:
        return
    message = _message("cancelled", booking.id, booking.starts_at, t, await _unit_of(t))
    await enqueue_for_user(
        booking.user_id, "booking_confirmation", message, f"booking:{booking.id}:cancelled"
    )


async def reminders_rescheduled(t: AppointmentType, now: datetime) -> int:
    """The type's reminder offset changed: each coming confirmed booking's reminder that has
    not been sent is withdrawn and queued again at the new time (none when reminders are now
    off). A reminder already sent stays the only one (its dedupe key is taken). In the
    caller's transaction; how many bookings were looked at."""
    coming = await Booking.filter(
        appointment_type_id=t.id, status="confirmed", starts_at__gt=now, user_id__not_isnull=True
    ).values_list("id", "user_id", "starts_at")
    unit = await _unit_of(t) if coming else None
    for booking_id, user_id, starts_at in coming:
        await withdraw_for_user(user_id, [reminder_key(booking_id, starts_at)])
        reminder = _reminder(booking_id, t, unit, starts_at, now)
        if reminder is not None:
            await enqueue_all_for_user(user_id, [reminder])
    return len(coming)
