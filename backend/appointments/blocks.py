"""Blocking time: staff take a stretch of a resource's time out of booking (a meeting, a
training). Rules and transactions only; no GraphQL here.

A block claims every seat of its cells under the same UNIQUE constraint as bookings (see
`models.SeatClaim`), so a block and a booking never overlap, held by the database: blocking time
that has bookings in it fails with TIME_HAS_BOOKINGS until they are moved or cancelled, and a
booking racing a block loses with SLOT_TAKEN.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend.accounts import audit
from backend.accounts.principal import Principal
from backend.appointments.availability import CELL_SECONDS, cells_between, local_midnight
from backend.appointments.errors import AppointmentError, not_allowed, not_found, unauthenticated
from backend.appointments.models import (
    AppointmentTypeResource,
    Resource,
    ResourceBlock,
    SeatClaim,
)
from backend.appointments.service import STAFF_ROLES, VIEW_ROLES, release_expired_holds

MAX_BLOCK = timedelta(days=14)
MAX_REASON_LENGTH = 500
MAX_LISTED_DAYS = 62


async def _resource_for(principal: Principal, resource_id: int, roles: tuple[str, ...]) -> Resource:
    if principal.user is None:
        raise unauthenticated()
    resource = await Resource.filter(id=resource_id).first()
    if resource is None:
        raise AppointmentError("NOT_FOUND", "not_found", field="resourceId")
    if not principal.has_role_for(roles, "unit", str(resource.unit_id)):
        raise not_allowed()
    return resource


def _on_grid(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.timestamp() % CELL_SECONDS:
        raise AppointmentError("INVALID_INPUT", "block_grid", field=field)
    return value


async def _seats_of(resource_id: int) -> int:
    """Every seat any type served by the resource can book (at least one)."""
    found = await AppointmentTypeResource.filter(resource_id=resource_id).values_list(
        "appointment_type__seats", flat=True
    )
    return max([int(str(n)) for n in found] or [1])


async def block_time(
    principal: Principal,
    *,
    resource_id: int,
    starts_at: datetime,
    ends_at: datetime,
    reason: str,
    now: datetime,
) -> ResourceBlock:
    starts_at, ends_at = _on_grid(starts_at, "startsAt"), _on_grid(ends_at, "endsAt")
    if starts_at >= ends_at:
        raise AppointmentError("INVALID_INPUT", "time_order", field="endsAt")
    if ends_at - starts_at > MAX_BLOCK:
        raise AppointmentError("INVALID_INPUT", "block_too_long", field="endsAt")
    if ends_at <= now:
        raise AppointmentError("INVALID_INPUT", "block_in_past", field="endsAt")
    reason = reason.strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise AppointmentError("INVALID_INPUT", "reason_too_long", field="reason")
    resource = await _resource_for(principal, resource_id, STAFF_ROLES)
    seats = await _seats_of(resource.id)
    cells = cells_between(starts_at, ends_at)
    try:
        async with in_transaction():
            await release_expired_holds(resource.id, cells, now)
            block = await ResourceBlock.create(
                resource_id=resource.id,
                starts_at=starts_at,
                ends_at=ends_at,
                seats=seats,
                claim_from=cells.start,
                claim_to=cells.stop,
                reason=reason,
                created_by_id=principal.user.id if principal.user else None,
            )
            await SeatClaim.bulk_create(
                [
                    SeatClaim(block_id=block.id, resource_id=resource.id, cell=c, seat_no=s)
                    for s in range(1, seats + 1)
                    for c in cells
                ],
                batch_size=1000,
            )
            await audit.record(
                principal,
                "appointments.block_time",
                "Resource",
                str(resource.id),
                block=str(block.id),
                starts_at=starts_at.isoformat(),
                ends_at=ends_at.isoformat(),
            )
    except IntegrityError:
        raise AppointmentError("TIME_HAS_BOOKINGS", "time_has_bookings") from None
    return block


async def unblock_time(principal: Principal, block_id: uuid.UUID) -> ResourceBlock:
    block = await ResourceBlock.filter(id=block_id).first()
    if block is None:
        raise not_found()
    await _resource_for(principal, block.resource_id, STAFF_ROLES)
    async with in_transaction():
        deleted = await ResourceBlock.filter(id=block.id).delete()
        if deleted:
            await audit.record(
                principal,
                "appointments.unblock_time",
                "Resource",
                str(block.resource_id),
                block=str(block.id),
            )
    return block


async def unit_blocks(
    principal: Principal, unit_id: int, first_day: date, last_day: date
) -> list[ResourceBlock]:
    """The blocks of a unit's resources that overlap two local dates (inclusive)."""
    if principal.user is None:
        raise unauthenticated()
    if not principal.has_role_for(VIEW_ROLES, "unit", str(unit_id)):
        raise not_allowed()
    if last_day < first_day or (last_day - first_day).days >= MAX_LISTED_DAYS:
        raise AppointmentError("INVALID_INPUT", "bad_request", field="to")
    start = local_midnight(first_day)
    end = local_midnight(last_day + timedelta(days=1))
    return list(
        await ResourceBlock.filter(
            resource__unit_id=unit_id, starts_at__lt=end, ends_at__gt=start
        ).order_by("starts_at", "id")
    )
