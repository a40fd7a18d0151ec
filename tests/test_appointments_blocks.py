"""Staff blocking time on a resource, through the HTTP API: blocked time offers no slots, a block
and a booking never overlap (held by the seat claims); each type's own reminder offset; and
types that need strong identification."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from strawberry import relay

from backend.accounts.models import AuditEvent, Session, User
from backend.appointments.availability import is_public_holiday
from backend.appointments.models import Booking, BookingEvent, ResourceBlock, SeatClaim
from backend.appointments.service import expire_holds
from backend.settings import Settings
from tests.helpers import make_user
from tests.test_appointments_helpers import (
    AVAILABILITY,
    BOOK,
    HOLD,
    Bookable,
    api_client,
    call,
    citizens,
    gid,
    make_bookable,
    session_cookie,
)

BLOCK = """mutation($input: BlockTimeInput!) { blockTime(input: $input) {
    block { id resourceId startsAt endsAt reason } errors { code message field } } }"""
UNBLOCK = """mutation($input: UnblockTimeInput!) { unblockTime(input: $input) {
    block { id } errors { code } } }"""
BLOCKS = """query($unit: ID!, $from: Date!, $to: Date!) {
    unitTimeBlocks(unitId: $unit, from: $from, to: $to) { id startsAt endsAt reason } }"""


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for client in api_client(settings):
        yield client


def _day_at(days: int, hour: int) -> datetime:
    """A whole hour in UTC about `days` from now, inside the test types' 08–16 local hours and
    never on a public holiday (closed by default), whatever day the tests run."""
    moment = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    moment += timedelta(days=days)
    while days > 0 and is_public_holiday(moment.date()):
        moment += timedelta(days=1)
    return moment


async def _handler(bookable: Bookable, role: str = "handler") -> str:
    user = await make_user(
        "Desk", role=role, scope_type="unit", scope_id=str(bookable.type.unit_id)
    )
    return await session_cookie(user)


async def _starts(api: httpx.AsyncClient, bookable: Bookable, day: datetime) -> list[str]:
    data = await call(
        api,
        None,
        AVAILABILITY,
        {"type": bookable.gid, "from": day.date().isoformat(), "to": day.date().isoformat()},
    )
    return [s["startsAt"] for s in data["availability"]]


def _block_input(bookable: Bookable, starts: datetime, ends: datetime, **extra: Any) -> Any:
    return {
        "input": {
            "resourceId": gid("Resource", bookable.resources[0].id),
            "startsAt": starts.isoformat(),
            "endsAt": ends.isoformat(),
            **extra,
        }
    }


async def test_blocked_time_offers_no_slots_until_it_is_unblocked(
    api: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable()
    staff = await _handler(bookable)
    start, end = _day_at(3, 9), _day_at(3, 11)
    before = await _starts(api, bookable, start)
    payload = (
        await call(api, staff, BLOCK, _block_input(bookable, start, end, reason=" Training "))
    )["blockTime"]
    assert payload["errors"] == []
    assert payload["block"]["reason"] == "Training"
    blocked = await _starts(api, bookable, start)
    gone = set(before) - set(blocked)
    assert len(gone) == 4  # 09:00, 09:30, 10:00, 10:30 UTC
    assert all(start <= datetime.fromisoformat(s) < end for s in gone)
    listed = (
        await call(
            api,
            staff,
            BLOCKS,
            {
                "unit": gid("Unit", bookable.type.unit_id),
                "from": start.date().isoformat(),
                "to": start.date().isoformat(),
            },
        )
    )["unitTimeBlocks"]
    assert [b["id"] for b in listed] == [payload["block"]["id"]]
    # Booking into blocked time loses to the block's claims.
    (_, cookie), *_ = await citizens(1)
    refused = (
        await call(
            api,
            cookie,
            BOOK,
            {
                "input": {
                    "appointmentTypeId": bookable.gid,
                    "startsAt": sorted(gone)[0],
                    "idempotencyKey": "into-block",
                }
            },
        )
    )["bookSlot"]
    assert [e["code"] for e in refused["errors"]] == ["SLOT_TAKEN"]
    assert await Booking.filter(appointment_type_id=bookable.type.id).count() == 0
    assert await AuditEvent.filter(action="appointments.block_time").count() >= 1
    done = (await call(api, staff, UNBLOCK, {"input": {"blockId": payload["block"]["id"]}}))[
        "unblockTime"
    ]
    assert done["errors"] == []
    assert await _starts(api, bookable, start) == before
    assert await SeatClaim.filter(resource_id=bookable.resources[0].id).count() == 0


async def test_time_with_bookings_cannot_be_blocked_and_nothing_is_written(
    api: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable(seats=3)
    staff = await _handler(bookable)
    start = _day_at(4, 10)
    (_, cookie), *_ = await citizens(1)
    booked = (
        await call(
            api,
            cookie,
            BOOK,
            {
                "input": {
                    "appointmentTypeId": bookable.gid,
                    "startsAt": start.isoformat(),
                    "idempotencyKey": "before-block",
                }
            },
        )
    )["bookSlot"]
    assert booked["errors"] == []
    claims = await SeatClaim.filter(resource_id=bookable.resources[0].id).count()
    payload = (
        await call(
            api,
            staff,
            BLOCK,
            _block_input(bookable, start - timedelta(hours=1), start + timedelta(hours=2)),
        )
    )["blockTime"]
    assert [e["code"] for e in payload["errors"]] == ["TIME_HAS_BOOKINGS"]
    assert payload["block"] is None
    assert await ResourceBlock.filter(resource_id=bookable.resources[0].id).count() == 0
    assert await SeatClaim.filter(resource_id=bookable.resources[0].id).count() == claims


async def test_an_expired_hold_does_not_stop_a_block(api: httpx.AsyncClient) -> None:
    bookable = await make_bookable()
    staff = await _handler(bookable)
    start = _day_at(5, 12)
    (_, cookie), *_ = await citizens(1)
    held = (
        await call(
            api,
            cookie,
            HOLD,
            {
                "input": {
                    "appointmentTypeId": bookable.gid,
                    "startsAt": start.isoformat(),
                    "idempotencyKey": "hold-then-block",
                }
            },
        )
    )["holdSlot"]
    assert held["errors"] == []
    hold_id = relay.GlobalID.from_id(held["booking"]["id"]).node_id
    await Booking.filter(id=hold_id).update(
        hold_expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )
    payload = (
        await call(api, staff, BLOCK, _block_input(bookable, start, start + timedelta(hours=1)))
    )["blockTime"]
    assert payload["errors"] == []
    assert (await Booking.get(id=hold_id)).status == "expired"


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        (timedelta(days=2, minutes=3), timedelta(days=2, hours=1), "startsAt"),
        (timedelta(days=2, hours=2), timedelta(days=2, hours=1), "endsAt"),
        (timedelta(days=2), timedelta(days=17), "endsAt"),
        (timedelta(days=-3), timedelta(days=-2), "endsAt"),
    ],
)
async def test_bad_blocks_are_refused_with_the_field(
    api: httpx.AsyncClient, starts: timedelta, ends: timedelta, field: str
) -> None:
    bookable = await make_bookable()
    staff = await _handler(bookable)
    base = _day_at(0, 9)
    payload = (await call(api, staff, BLOCK, _block_input(bookable, base + starts, base + ends)))[
        "blockTime"
    ]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID_INPUT", field)]
    assert payload["errors"][0]["message"]
    assert await ResourceBlock.filter(resource_id=bookable.resources[0].id).count() == 0


async def test_only_staff_of_the_unit_may_block(api: httpx.AsyncClient) -> None:
    bookable = await make_bookable()
    start = _day_at(2, 9)
    block = _block_input(bookable, start, start + timedelta(hours=1))
    (_, citizen), *_ = await citizens(1)
    viewer = await _handler(bookable, role="viewer")
    other = await session_cookie(
        await make_user("Far", role="handler", scope_type="unit", scope_id="999999")
    )
    for cookie in (citizen, viewer, other):
        payload = (await call(api, cookie, BLOCK, block))["blockTime"]
        assert [e["code"] for e in payload["errors"]] == ["NOT_ALLOWED"]
    assert await ResourceBlock.filter(resource_id=bookable.resources[0].id).count() == 0
    variables = {
        "unit": gid("Unit", bookable.type.unit_id),
        "from": start.date().isoformat(),
        "to": start.date().isoformat(),
    }
    assert (await call(api, viewer, BLOCKS, variables))["unitTimeBlocks"] == []
    response = await api.post(
        "/graphql", json={"query": BLOCKS, "variables": variables}, headers={"Cookie": citizen}
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ALLOWED"


@pytest.mark.parametrize(("minutes", "expected"), [(120, timedelta(hours=2)), (0, None)])
async def test_each_type_sets_when_its_reminder_falls(
    api: httpx.AsyncClient, minutes: int, expected: timedelta | None
) -> None:
    bookable = await make_bookable()
    bookable.type.reminder_minutes = minutes
    await bookable.type.save(update_fields=["reminder_minutes"])
    start = _day_at(3, 13)
    (_, cookie), *_ = await citizens(1)
    booked = (
        await call(
            api,
            cookie,
            BOOK,
            {
                "input": {
                    "appointmentTypeId": bookable.gid,
                    "startsAt": start.isoformat(),
                    "idempotencyKey": f"reminder-{minutes}",
                }
            },
        )
    )["bookSlot"]
    assert booked["errors"] == []
    booking_id = relay.GlobalID.from_id(booked["booking"]["id"]).node_id
    reminders = await BookingEvent.filter(booking_id=booking_id, kind="reminder_due")
    if expected is None:
        assert reminders == []
    else:
        assert [r.due_at for r in reminders] == [start - expected]


async def _strong_cookie(user: User) -> str:
    token = secrets.token_urlsafe(32)
    await Session.create(
        id=hashlib.sha256(token.encode()).hexdigest(),
        user=user,
        expires_at=datetime.now(UTC) + timedelta(hours=1),
        assurance="substantial",
    )
    return f"asiointi_session={token}"


async def test_a_type_that_needs_strong_identification_refuses_a_password_session(
    api: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable()
    bookable.type.requires_strong_identification = True
    await bookable.type.save(update_fields=["requires_strong_identification"])
    [(citizen, weak)] = await citizens(1)
    start = _day_at(3, 10)

    def book(key: str, **extra: object) -> dict[str, Any]:
        return {
            "input": {
                "appointmentTypeId": bookable.gid,
                "startsAt": start.isoformat(),
                "idempotencyKey": key,
                **extra,
            }
        }

    for mutation, name in ((BOOK, "bookSlot"), (HOLD, "holdSlot")):
        refused = (await call(api, weak, mutation, book(f"weak-{name}")))[name]
        assert [e["code"] for e in refused["errors"]] == ["STRONG_IDENTIFICATION_REQUIRED"]
        assert refused["errors"][0]["message"].startswith("Tämän ajan varaaminen vaatii vahvan")
    assert await Booking.filter(appointment_type_id=bookable.type.id).count() == 0
    # Staff at the desk identify the person themselves.
    staff = await _handler(bookable)
    on_behalf = (await call(api, staff, BOOK, book("desk", forUserId=gid("User", citizen.id))))[
        "bookSlot"
    ]
    assert on_behalf["errors"] == []
    strong = await _strong_cookie(citizen)
    me = (await call(api, strong, "{ me { stronglyIdentified } }", {}))["me"]
    assert me == {"stronglyIdentified": True}
    later = start + timedelta(hours=1)
    booked = (
        await call(
            api,
            strong,
            BOOK,
            {
                "input": {
                    "appointmentTypeId": bookable.gid,
                    "startsAt": later.isoformat(),
                    "idempotencyKey": "strong",
                }
            },
        )
    )["bookSlot"]
    assert booked["errors"] == []


async def test_the_sweep_expires_holds_past_their_time_and_frees_their_seats(
    api: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable()
    [(_, cookie)] = await citizens(1)
    start = _day_at(4, 9)
    held = (
        await call(
            api,
            cookie,
            HOLD,
            {
                "input": {
                    "appointmentTypeId": bookable.gid,
                    "startsAt": start.isoformat(),
                    "idempotencyKey": "swept",
                }
            },
        )
    )["holdSlot"]
    hold_id = relay.GlobalID.from_id(held["booking"]["id"]).node_id
    assert await expire_holds() == 0  # still inside its five minutes
    await Booking.filter(id=hold_id).update(
        hold_expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    assert await expire_holds() >= 1
    hold = await Booking.get(id=hold_id)
    assert (hold.status, hold.seat_no, hold.claim_from) == ("expired", None, None)
    assert await SeatClaim.filter(booking_id=hold_id).count() == 0
    assert [e.kind for e in await BookingEvent.filter(booking_id=hold_id)] == ["expired"]
    assert start.isoformat() in await _starts(api, bookable, start)
