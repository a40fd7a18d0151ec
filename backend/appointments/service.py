"""Booking rules and transactions; no GraphQL here.

No double booking is held by the database: a booking claims (resource, cell, seat) rows under a
UNIQUE constraint (see `models.SeatClaim`), inside the same transaction that writes the booking.
Nothing here checks for a free seat and then inserts: the insert is the check.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from backend.accounts import audit
from backend.accounts.models import User
from backend.accounts.principal import Principal
from backend.appointments import availability, notify
from backend.appointments.availability import Rules, Slot
from backend.appointments.errors import (
    AppointmentError,
    not_allowed,
    not_found,
    outside_window,
    slot_taken,
    unauthenticated,
)
from backend.appointments.models import (
    MAX_CLAIM_CELLS,
    AppointmentType,
    Booking,
    BookingEvent,
    SeatClaim,
)
from backend.catalogue.service import Point, distance_m
from backend.transactions import retrying

HOLD = timedelta(minutes=5)
STAFF_ROLES = ("admin", "handler")
VIEW_ROLES = ("admin", "handler", "viewer")
MAX_KEY_LENGTH = 100
MAX_REASON_LENGTH = 500
MAX_MY_BOOKINGS = 200


log = logging.getLogger("asiointi.appointments")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


# ---------------------------------------------------------------- who may do what


def covers(principal: Principal, roles: tuple[str, ...], t: AppointmentType) -> bool:
    """Whether a staff grant covers the appointment type's unit or its service."""
    return principal.has_role_for(roles, "unit", str(t.unit_id)) or principal.has_role_for(
        roles, "service", str(t.service_id)
    )


def _require_user(principal: Principal) -> User:
    if principal.user is None:
        raise unauthenticated()
    return principal.user


async def _booking_for(
    principal: Principal, booking_id: uuid.UUID, roles: tuple[str, ...]
) -> Booking:
    """The booking if the caller owns it or staff with `roles` covers it; else not found."""
    user = _require_user(principal)
    booking = await Booking.filter(id=booking_id).select_related("appointment_type").first()
    if booking is None:
        raise not_found()
    if booking.user_id == user.id or covers(principal, roles, booking.appointment_type):
        return booking
    raise not_found()


async def get_booking(principal: Principal, booking_id: uuid.UUID) -> Booking:
    return await _booking_for(principal, booking_id, VIEW_ROLES)


async def my_bookings(principal: Principal, upcoming: bool | None, now: datetime) -> list[Booking]:
    user = _require_user(principal)
    query = Booking.filter(user_id=user.id).exclude(status="expired")
    if upcoming is True:
        query = query.filter(ends_at__gt=now)
        order = "starts_at"
    elif upcoming is False:
        query = query.filter(ends_at__lte=now)
        order = "-starts_at"
    else:
        order = "starts_at"
    return list(await query.order_by(order, "id").limit(MAX_MY_BOOKINGS))


# ---------------------------------------------------------------- catalogue of bookables


async def appointment_types(service_id: int | None, unit_id: int | None) -> list[AppointmentType]:
    query = AppointmentType.filter(active=True)
    if service_id is not None:
        query = query.filter(service_id=service_id)
    if unit_id is not None:
        query = query.filter(unit_id=unit_id)
    return list(await query.order_by("unit_id", "id"))


async def types_by_ids(ids: Sequence[int]) -> dict[int, AppointmentType]:
    return {t.id: t for t in await AppointmentType.filter(id__in=list(ids), active=True)}


async def find_availability(
    *,
    appointment_type_id: int | None,
    service_id: int | None,
    first_day: date,
    last_day: date,
    near: Point | None,
    now: datetime,
) -> list[Slot]:
    """Free slots of one appointment type, or of every unit's type for a service (nearest unit
    first when `near` is given, else by unit). Constant query count."""
    query = AppointmentType.filter(active=True).select_related("unit")
    if appointment_type_id is not None:
        query = query.filter(id=appointment_type_id)
    if service_id is not None:
        query = query.filter(service_id=service_id)
    types = list(await query.order_by("unit_id", "id"))
    distances = {
        t.id: distance_m(near, t.unit.latitude, t.unit.longitude) if near else None for t in types
    }
    types.sort(key=lambda t: (distances[t.id] is None, distances[t.id] or 0.0, t.unit_id, t.id))
    return await availability.free_slots(types, first_day, last_day, now, distances)


# ---------------------------------------------------------------- answers


def _label(question: dict[str, Any]) -> dict[str, str]:
    label = question.get("label") or {}
    key = str(question.get("key", ""))
    return {lang: str(label.get(lang) or label.get("fi") or key) for lang in ("fi", "sv", "en")}


def clean_answers(t: AppointmentType, answers: dict[str, Any] | None) -> dict[str, Any]:
    """The answers to the type's questions, typed; unknown keys are dropped."""
    answers = answers or {}
    result: dict[str, Any] = {}
    for question in t.questions:
        key = str(question["key"])
        value = answers.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if question.get("required"):
                raise AppointmentError(
                    "QUESTION_MISSING",
                    "question_missing",
                    field=f"answers.{key}",
                    label=_label(question),
                )
            continue
        kind = question.get("type", "text")
        valid = (
            (kind == "text" and isinstance(value, str) and len(value) <= 2000)
            or (kind == "boolean" and isinstance(value, bool))
            or (kind == "number" and isinstance(value, int | float) and not isinstance(value, bool))
            or (
                kind == "choice"
                and value in [o.get("value") for o in question.get("options") or []]
            )
        )
        if not valid:
            raise AppointmentError(
                "INVALID_INPUT", "question_invalid", field=f"answers.{key}", label=_label(question)
            )
        if question.get("required") and value is False and kind == "boolean":
            raise AppointmentError(
                "QUESTION_MISSING",
                "question_missing",
                field=f"answers.{key}",
                label=_label(question),
            )
        result[key] = value.strip() if isinstance(value, str) else value
    return result


def _check_key(key: str) -> str:
    key = key.strip()
    if not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise AppointmentError("INVALID_INPUT", "bad_idempotency_key", field="idempotencyKey")
    return key


# ---------------------------------------------------------------- claims


async def _insert_claims(booking_id: uuid.UUID, resource_id: int, cells: range, seat: int) -> int:
    """Inserts the claims of one seat over `cells`, skipping cells already claimed on that seat
    (`ON CONFLICT DO NOTHING`: the UNIQUE constraint decides, on both engines, and PostgreSQL
    waits for a competing uncommitted claim to commit or roll back first). How many it wrote."""
    client = connections.get("default")
    sqlite = client.capabilities.dialect == "sqlite"
    owner: object = str(booking_id) if sqlite else booking_id
    values: list[object] = []
    rows = []
    for n, cell in enumerate(cells):
        values += [owner, resource_id, cell, seat]
        rows.append(
            "(?, ?, ?, ?)"
            if sqlite
            else f"(${4 * n + 1}, ${4 * n + 2}, ${4 * n + 3}, ${4 * n + 4})"
        )
    # Only placeholders are formatted into the statement; every value is a parameter.
    statement = (
        'INSERT INTO "appointments_seat_claim" ("booking_id", "resource_id", "cell", "seat_no") '
        "VALUES " + ", ".join(rows) + ' ON CONFLICT DO NOTHING RETURNING "cell"'
    )
    # Counted from RETURNING: Tortoise reads an INSERT's row count wrongly on asyncpg.
    return len(await client.execute_query_dict(statement, values))


async def _claim(booking_id: uuid.UUID, resource_id: int, cells: range, seats: int) -> int | None:
    """Claims every cell with one seat number, trying 1..seats: a conditional write that either
    gets every cell of a seat or gives back the cells it got. The seat claimed, or None.
    No savepoints and no failed statements, so the transaction stays usable throughout."""
    for seat in range(1, seats + 1):
        written = await _insert_claims(booking_id, resource_id, cells, seat)
        if written == len(cells):
            return seat
        if written:
            await SeatClaim.filter(
                booking_id=booking_id, resource_id=resource_id, seat_no=seat
            ).delete()
    return None


# What a booking's claim columns are set to when its claims go.
RELEASED: dict[str, Any] = {"seat_no": None, "claim_from": None, "claim_to": None}


async def release_expired_holds(resource_id: int, cells: range, now: datetime) -> int:
    """Expires holds past their time that claim any of these cells, and deletes their claims.
    A conditional write: a hold confirmed meanwhile is no longer `held` and stays."""
    stale = await Booking.filter(
        resource_id=resource_id,
        claim_from__gt=cells.start - MAX_CLAIM_CELLS,
        claim_from__lt=cells.stop,
        claim_to__gt=cells.start,
        status="held",
        hold_expires_at__lt=now,
    ).values_list("id", flat=True)
    if not stale:
        return 0
    ids = list(stale)
    expired = await Booking.filter(id__in=ids, status="held", hold_expires_at__lt=now).update(
        status="expired", updated_at=now, **RELEASED
    )
    await SeatClaim.filter(
        booking_id__in=Subquery(Booking.filter(id__in=ids, status="expired").values("id"))
    ).delete()
    return int(expired)


@dataclass(frozen=True)
class Claimed:
    resource_id: int
    seat_no: int
    cells: range

    def columns(self) -> dict[str, Any]:
        return {
            "resource_id": self.resource_id,
            "seat_no": self.seat_no,
            "claim_from": self.cells.start,
            "claim_to": self.cells.stop,
        }


async def _claim_any(
    booking_id: uuid.UUID,
    resource_ids: Sequence[int],
    rules: Rules,
    starts_at: datetime,
    now: datetime,
) -> Claimed | None:
    """The resource and seat claimed, or None when every seat of every resource is taken
    (after releasing expired holds once)."""
    cells = rules.claimed_cells(starts_at)
    for retry in (False, True):
        for resource_id in resource_ids:
            if retry and not await release_expired_holds(resource_id, cells, now):
                continue
            seat = await _claim(booking_id, resource_id, cells, rules.seats)
            if seat is not None:
                return Claimed(resource_id, seat, cells)
    return None


async def _offering_resources(
    t: AppointmentType, starts_at: datetime, now: datetime, resource_id: int | None
) -> list[int]:
    """Resources for which `starts_at` is a slot of the type's schedule, inside its booking
    window. Validity only: whether a seat is free is for the claim to find out."""
    rules = Rules.of(t)
    if starts_at.tzinfo is None or not rules.in_window(starts_at, now):
        raise outside_window()
    day = starts_at.astimezone(availability.HELSINKI).date()
    links, calendar = await availability.calendar_of_type(t.id, day)
    if resource_id is not None:
        links = [r for r in links if r == resource_id]
    start = availability.cell_of(starts_at)
    offered = [r for r in links if start in calendar.start_cells(r, day, rules)]
    if not offered or starts_at != availability.instant_of(start):
        raise outside_window()
    return offered


async def _audit_staff(
    principal: Principal,
    owner_id: uuid.UUID | None,
    action: str,
    booking_id: uuid.UUID,
    **details: object,
) -> None:
    """Records a change staff made to someone else's booking, in the change's transaction."""
    if principal.user is not None and principal.user.id != owner_id:
        await audit.record(principal, action, "Booking", str(booking_id), **details)


def _events_for_confirmed(
    booking: Booking, t: AppointmentType, now: datetime
) -> list[BookingEvent]:
    payload = {"starts_at": booking.starts_at.isoformat(), "appointment_type_id": t.id}
    events = [BookingEvent(booking_id=booking.id, kind="confirmed", due_at=now, payload=payload)]
    reminder = booking.starts_at - timedelta(minutes=t.reminder_minutes)
    if t.reminder_minutes and reminder > now:
        events.append(
            BookingEvent(
                booking_id=booking.id, kind="reminder_due", due_at=reminder, payload=payload
            )
        )
    return events


# ---------------------------------------------------------------- booking


async def _target_user(
    principal: Principal, t: AppointmentType, for_user_id: uuid.UUID | None
) -> User:
    user = _require_user(principal)
    if for_user_id is None or for_user_id == user.id:
        # Staff booking for someone identify them at the desk; a citizen booking themselves a
        # type that needs it must have signed in strongly.
        if t.requires_strong_identification and not principal.strongly_identified:
            raise AppointmentError(
                "STRONG_IDENTIFICATION_REQUIRED", "strong_identification_required"
            )
        return user
    if not covers(principal, STAFF_ROLES, t):
        raise not_allowed()
    target = await User.filter(id=for_user_id, is_active=True).first()
    if target is None:
        raise AppointmentError("NOT_FOUND", "not_found", field="forUserId")
    return target


async def _type_of(appointment_type_id: int) -> AppointmentType:
    # With its unit: the confirmation's text names the place (one query instead of two).
    t = (
        await AppointmentType.filter(id=appointment_type_id, active=True)
        .select_related("unit")
        .first()
    )
    if t is None:
        raise AppointmentError("NOT_FOUND", "not_found", field="appointmentTypeId")
    return t


async def _create(
    principal: Principal,
    *,
    appointment_type_id: int,
    starts_at: datetime,
    idempotency_key: str,
    answers: dict[str, Any] | None,
    for_user_id: uuid.UUID | None,
    resource_id: int | None,
    hold: bool,
    now: datetime,
) -> Booking:
    key = _check_key(idempotency_key)
    t = await _type_of(appointment_type_id)
    user = await _target_user(principal, t, for_user_id)
    starts_at = starts_at.astimezone(UTC)
    try:
        cleaned = {} if hold else clean_answers(t, answers)
        resources = await _offering_resources(t, starts_at, now, resource_id)
    except AppointmentError:
        # A retry after success answers with its booking even when the slot has left the
        # booking window since. Looked up only here: on the way to a new booking, the UNIQUE
        # (user, key) index below is what finds a retry, without a query of its own.
        existing = await Booking.filter(user_id=user.id, idempotency_key=key).first()
        if existing is not None:
            return existing
        raise
    rules = Rules.of(t)
    cells = rules.claimed_cells(starts_at)

    async def attempt() -> Booking:
        async with in_transaction():
            # Written as if the first seat of the first resource will be claimed; corrected below
            # in the rare case it is another.
            booking = await Booking.create(
                appointment_type_id=t.id,
                resource_id=resources[0],
                seat_no=1,
                claim_from=cells.start,
                claim_to=cells.stop,
                user_id=user.id,
                created_by_id=principal.user.id if principal.user else None,
                starts_at=starts_at,
                ends_at=starts_at + rules.duration,
                status="held" if hold else "confirmed",
                hold_expires_at=now + HOLD if hold else None,
                answers=cleaned,
                idempotency_key=key,
            )
            claimed = await _claim_any(booking.id, resources, rules, starts_at, now)
            if claimed is None:
                raise slot_taken()
            if (claimed.resource_id, claimed.seat_no) != (booking.resource_id, 1):
                booking.resource_id, booking.seat_no = claimed.resource_id, claimed.seat_no
                await booking.save(update_fields=["resource_id", "seat_no"])
            if not hold:
                await BookingEvent.bulk_create(_events_for_confirmed(booking, t, now))
                await notify.confirmed(booking, t, now, language=user.language)
            await _audit_staff(
                principal,
                user.id,
                "appointments.hold_for" if hold else "appointments.book_for",
                booking.id,
                starts_at=starts_at.isoformat(),
            )
        return booking

    try:
        return await retrying(attempt)
    except IntegrityError:
        # The same key was used at the same moment by a request that won: return its booking.
        found = await Booking.filter(user_id=user.id, idempotency_key=key).first()
        if found is None:
            raise
        return found


async def hold_slot(
    principal: Principal,
    *,
    appointment_type_id: int,
    starts_at: datetime,
    idempotency_key: str,
    for_user_id: uuid.UUID | None = None,
    resource_id: int | None = None,
    now: datetime | None = None,
) -> Booking:
    return await _create(
        principal,
        appointment_type_id=appointment_type_id,
        starts_at=starts_at,
        idempotency_key=idempotency_key,
        answers=None,
        for_user_id=for_user_id,
        resource_id=resource_id,
        hold=True,
        now=now or utcnow(),
    )


async def book_slot(
    principal: Principal,
    *,
    appointment_type_id: int,
    starts_at: datetime,
    idempotency_key: str,
    answers: dict[str, Any] | None = None,
    for_user_id: uuid.UUID | None = None,
    resource_id: int | None = None,
    now: datetime | None = None,
) -> Booking:
    return await _create(
        principal,
        appointment_type_id=appointment_type_id,
        starts_at=starts_at,
        idempotency_key=idempotency_key,
        answers=answers,
        for_user_id=for_user_id,
        resource_id=resource_id,
        hold=False,
        now=now or utcnow(),
    )


class _AlreadyDone(Exception):
    """Rolls a transaction back because its change had already been made."""


async def _run_once(booking: Booking, kind: str, key: str, now: datetime, work: Any) -> Booking:
    """Runs `work` in one transaction that first records the event under the mutation's key:
    a retry with the same key collides with it and changes nothing twice."""

    async def attempt() -> None:
        async with in_transaction():
            await BookingEvent.create(
                booking_id=booking.id,
                kind=kind,
                due_at=now,
                idempotency_key=key,
                payload={"starts_at": booking.starts_at.isoformat()},
            )
            await work()

    with contextlib.suppress(IntegrityError, _AlreadyDone):
        await retrying(attempt)
    fresh = await Booking.get(id=booking.id)
    return fresh


async def confirm_booking(
    principal: Principal,
    booking_id: uuid.UUID,
    *,
    answers: dict[str, Any] | None,
    idempotency_key: str,
    now: datetime | None = None,
) -> Booking:
    now = now or utcnow()
    key = _check_key(idempotency_key)
    booking = await _booking_for(principal, booking_id, STAFF_ROLES)
    t = booking.appointment_type
    if booking.status == "confirmed":
        return booking
    cleaned = clean_answers(t, answers)

    async def work() -> None:
        confirmed = await Booking.filter(
            id=booking.id, status="held", hold_expires_at__gte=now
        ).update(status="confirmed", answers=cleaned, updated_at=now)
        if not confirmed:
            current = await Booking.get(id=booking.id)
            if current.status == "confirmed":
                raise _AlreadyDone
            raise AppointmentError("HOLD_EXPIRED", "hold_expired")
        booking.status = "confirmed"
        await BookingEvent.bulk_create(
            [e for e in _events_for_confirmed(booking, t, now) if e.kind == "reminder_due"]
        )
        await notify.confirmed(booking, t, now)
        await _audit_staff(principal, booking.user_id, "appointments.confirm", booking.id)

    return await _run_once(booking, "confirmed", key, now, work)


def _check_deadline(principal: Principal, booking: Booking, now: datetime) -> None:
    t = booking.appointment_type
    if covers(principal, STAFF_ROLES, t):
        return  # staff may change a booking until it starts
    deadline = booking.starts_at - timedelta(minutes=t.cancel_deadline_minutes)
    if booking.status == "confirmed" and now > deadline:
        raise AppointmentError("TOO_LATE_TO_CANCEL", "too_late_to_cancel")


async def cancel_booking(
    principal: Principal,
    booking_id: uuid.UUID,
    *,
    reason: str,
    idempotency_key: str,
    now: datetime | None = None,
) -> Booking:
    now = now or utcnow()
    key = _check_key(idempotency_key)
    reason = reason.strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise AppointmentError("INVALID_INPUT", "reason_too_long", field="reason")
    booking = await _booking_for(principal, booking_id, STAFF_ROLES)
    if booking.status == "cancelled":
        return booking
    if booking.status not in ("held", "confirmed"):
        raise AppointmentError("NOT_ALLOWED", "not_bookable_now")
    _check_deadline(principal, booking, now)

    async def work() -> None:
        cancelled = await Booking.filter(id=booking.id, status__in=("held", "confirmed")).update(
            status="cancelled", cancel_reason=reason, updated_at=now, **RELEASED
        )
        if not cancelled:
            raise _AlreadyDone
        await SeatClaim.filter(booking_id=booking.id).delete()
        await _audit_staff(principal, booking.user_id, "appointments.cancel", booking.id)
        await notify.cancelled(booking, booking.appointment_type, booking.status == "confirmed")

    return await _run_once(booking, "cancelled", key, now, work)


async def reschedule_booking(
    principal: Principal,
    booking_id: uuid.UUID,
    *,
    starts_at: datetime,
    idempotency_key: str,
    resource_id: int | None = None,
    now: datetime | None = None,
) -> Booking:
    """Moves a confirmed booking: in one transaction its old claims go and new ones are made;
    when the new slot is taken the transaction rolls back and the old booking stands."""
    now = now or utcnow()
    key = _check_key(idempotency_key)
    booking = await _booking_for(principal, booking_id, STAFF_ROLES)
    if booking.status != "confirmed":
        raise AppointmentError("NOT_ALLOWED", "not_bookable_now")
    _check_deadline(principal, booking, now)
    t = booking.appointment_type
    rules = Rules.of(t)
    starts_at = starts_at.astimezone(UTC)
    resources = await _offering_resources(t, starts_at, now, resource_id)
    old_start = booking.starts_at

    async def work() -> None:
        # The conditional write locks the booking row (PostgreSQL) and proves it did not change.
        still = await Booking.filter(id=booking.id, status="confirmed", starts_at=old_start).update(
            updated_at=now
        )
        if not still:
            raise AppointmentError("NOT_ALLOWED", "not_bookable_now")
        await SeatClaim.filter(booking_id=booking.id).delete()
        claimed = await _claim_any(booking.id, resources, rules, starts_at, now)
        if claimed is None:
            raise slot_taken()
        await Booking.filter(id=booking.id).update(
            starts_at=starts_at, ends_at=starts_at + rules.duration, **claimed.columns()
        )
        await _audit_staff(
            principal,
            booking.user_id,
            "appointments.reschedule",
            booking.id,
            starts_at=starts_at.isoformat(),
        )
        reminder = starts_at - timedelta(minutes=t.reminder_minutes)
        if t.reminder_minutes and reminder > now:
            await BookingEvent.create(
                booking_id=booking.id,
                kind="reminder_due",
                due_at=reminder,
                payload={"starts_at": starts_at.isoformat(), "appointment_type_id": t.id},
            )
        await notify.rescheduled(booking, t, old_start, starts_at, key, now)

    return await _run_once(booking, "rescheduled", key, now, work)


async def mark_attendance(
    principal: Principal, booking_id: uuid.UUID, *, status: str, now: datetime | None = None
) -> Booking:
    """Staff mark a confirmed booking checked in or a no-show; its claims stay (time is used)."""
    now = now or utcnow()
    if status not in ("checked_in", "no_show"):
        raise AppointmentError("INVALID_INPUT", "bad_request", field="status")
    booking = await _booking_for(principal, booking_id, VIEW_ROLES)
    if not covers(principal, STAFF_ROLES, booking.appointment_type):
        raise not_allowed()
    async with in_transaction():
        changed = await Booking.filter(
            id=booking.id, status__in=("confirmed", "checked_in", "no_show")
        ).update(status=status, updated_at=now)
        if not changed:
            raise AppointmentError("NOT_ALLOWED", "not_bookable_now")
        await BookingEvent.create(
            booking_id=booking.id, kind="attendance", due_at=now, payload={"status": status}
        )
        await audit.record(
            principal, "appointments.mark_attendance", "Booking", str(booking.id), status=status
        )
    return await Booking.get(id=booking.id)


async def expire_holds(now: datetime | None = None) -> int:
    """Expires every hold past its time, frees its seats and records its `expired` event, each
    in one transaction (the sweeper runs this every minute; availability and booking already
    ignore a hold past its time, so the sweep only tidies up). How many expired."""
    now = now or utcnow()
    stale = await Booking.filter(status="held", hold_expires_at__lt=now).values_list(
        "id", flat=True
    )
    expired = 0
    for booking_id in stale:
        async with in_transaction():
            # Conditional: a hold confirmed since the read above is no longer `held` and stays.
            if not await Booking.filter(
                id=booking_id, status="held", hold_expires_at__lt=now
            ).update(status="expired", updated_at=now, **RELEASED):
                continue
            await SeatClaim.filter(booking_id=booking_id).delete()
            await BookingEvent.create(booking_id=booking_id, kind="expired", due_at=now)
            expired += 1
    return expired


async def sweep_holds_forever(interval: float = 60.0) -> None:
    """Runs `expire_holds` every `interval` seconds until cancelled; a failed sweep is logged
    and the next one tries again."""
    while True:
        await asyncio.sleep(interval)
        try:
            await expire_holds()
        except Exception:
            log.exception("sweeping expired holds failed")
