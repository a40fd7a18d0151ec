"""Booking through the HTTP API: hold and confirm, one-step booking, idempotency, cancel,
reschedule, expiry, staff on behalf of citizens, and who may see what."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from strawberry import relay
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend.accounts.models import AuditEvent
from backend.appointments.models import Booking, BookingEvent, SeatClaim
from backend.settings import Settings
from tests.helpers import make_user
from tests.test_appointments_helpers import (
    ATTENDANCE,
    BOOK,
    CANCEL,
    CONFIRM,
    HOLD,
    RESCHEDULE,
    api_client,
    call,
    citizens,
    first_free_slot,
    gid,
    make_bookable,
    session_cookie,
)

QUESTIONS = [
    {
        "key": "topic",
        "type": "choice",
        "required": True,
        "label": {"fi": "Aihe", "sv": "Ämne", "en": "Topic"},
        "options": [{"value": "a", "label": {"fi": "A", "sv": "A", "en": "A"}}],
    }
]
NODE = "query($id: ID!) { node(id: $id) { id ... on Booking { status } } }"
MY = "{ myBookings { id status } }"


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for client in api_client(settings):
        yield client


def raw(global_id: str) -> str:
    return relay.GlobalID.from_id(global_id).node_id


def _input(type_gid: str, starts_at: str, key: str, **extra: object) -> dict[str, object]:
    return {
        "input": {
            "appointmentTypeId": type_gid,
            "startsAt": starts_at,
            "idempotencyKey": key,
            **extra,
        }
    }


async def test_hold_then_confirm_with_answers(api: httpx.AsyncClient) -> None:
    bookable = await make_bookable(questions=QUESTIONS)
    starts_at = await first_free_slot(api, bookable)
    [(_, me), (_, other)] = await citizens(2)
    held = (await call(api, me, HOLD, _input(bookable.gid, starts_at, "h1")))["holdSlot"]
    assert held["errors"] == []
    booking_id = held["booking"]["id"]
    assert held["booking"]["status"] == "HELD"
    # Someone else cannot take the held slot meanwhile.
    taken = await call(
        api, other, BOOK, _input(bookable.gid, starts_at, "x", answers={"topic": "a"})
    )
    assert [e["code"] for e in taken["bookSlot"]["errors"]] == ["SLOT_TAKEN"]
    # The question is required: a typed error, in the caller's language.
    response = await api.post(
        "/graphql",
        params={"lang": "sv"},
        headers={"Cookie": me},
        json={
            "query": CONFIRM,
            "variables": {"input": {"bookingId": booking_id, "idempotencyKey": "c1"}},
        },
    )
    missing = response.json()["data"]["confirmBooking"]
    assert missing["errors"][0]["code"] == "QUESTION_MISSING"
    assert missing["errors"][0]["message"] == "Svara på frågan: Ämne"
    assert missing["errors"][0]["field"] == "answers.topic"
    confirmed = (
        await call(
            api,
            me,
            CONFIRM,
            {
                "input": {
                    "bookingId": booking_id,
                    "idempotencyKey": "c1",
                    "answers": {"topic": "a", "junk": 1},
                }
            },
        )
    )["confirmBooking"]
    assert confirmed["errors"] == []
    assert confirmed["booking"]["status"] == "CONFIRMED"
    assert confirmed["booking"]["answers"] == {"topic": "a"}
    kinds = sorted(e.kind for e in await BookingEvent.filter(booking_id=raw(booking_id)))
    soon = datetime.fromisoformat(starts_at) - datetime.now(UTC) < timedelta(hours=24)
    assert kinds == (["confirmed"] if soon else ["confirmed", "reminder_due"])
    # Mine, and nobody else's.
    assert booking_id in [b["id"] for b in (await call(api, me, MY, {}))["myBookings"]]
    assert (await call(api, other, MY, {}))["myBookings"] == []
    assert (await call(api, other, NODE, {"id": booking_id}))["node"] is None
    assert (await call(api, me, NODE, {"id": booking_id}))["node"]["status"] == "CONFIRMED"
    refused = (
        await call(api, other, CANCEL, {"input": {"bookingId": booking_id, "idempotencyKey": "k"}})
    )["cancelBooking"]
    assert [e["code"] for e in refused["errors"]] == ["NOT_FOUND"]


async def test_a_retried_request_never_books_twice(api: httpx.AsyncClient) -> None:
    bookable = await make_bookable(seats=5)
    starts_at = await first_free_slot(api, bookable)
    [(user, me)] = await citizens(1)
    answers = await asyncio.gather(
        *(call(api, me, BOOK, _input(bookable.gid, starts_at, "same-key")) for _ in range(10))
    )
    ids = {a["bookSlot"]["booking"]["id"] for a in answers}
    assert len(ids) == 1
    assert await Booking.filter(user_id=user.id).count() == 1
    assert await SeatClaim.filter(booking_id=raw(ids.pop())).count() == 6  # 30 min = 6 cells


async def test_an_expired_hold_frees_its_slot(api: httpx.AsyncClient) -> None:
    bookable = await make_bookable()
    starts_at = await first_free_slot(api, bookable)
    [(_, me), (_, other)] = await citizens(2)
    held = (await call(api, me, HOLD, _input(bookable.gid, starts_at, "h")))["holdSlot"]
    booking_id = raw(held["booking"]["id"])
    await Booking.filter(id=booking_id).update(
        hold_expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    late = (
        await call(
            api, me, CONFIRM, {"input": {"bookingId": held["booking"]["id"], "idempotencyKey": "c"}}
        )
    )["confirmBooking"]
    assert [e["code"] for e in late["errors"]] == ["HOLD_EXPIRED"]
    booked = (await call(api, other, BOOK, _input(bookable.gid, starts_at, "b")))["bookSlot"]
    assert booked["errors"] == []
    assert (await Booking.get(id=booking_id)).status == "expired"
    assert await SeatClaim.filter(booking_id=booking_id).count() == 0


async def test_cancel_frees_the_slot_and_respects_the_deadline(api: httpx.AsyncClient) -> None:
    bookable = await make_bookable()
    starts_at = await first_free_slot(api, bookable)
    [(_, me), (_, other)] = await citizens(2)
    booking = (await call(api, me, BOOK, _input(bookable.gid, starts_at, "b")))["bookSlot"]
    booking_id = booking["booking"]["id"]
    cancel = {"input": {"bookingId": booking_id, "idempotencyKey": "c", "reason": "Sairas"}}
    first = (await call(api, me, CANCEL, cancel))["cancelBooking"]
    again = (await call(api, me, CANCEL, cancel))["cancelBooking"]
    assert first["booking"] == again["booking"]
    assert first["booking"]["status"] == "CANCELLED"
    assert first["booking"]["cancelReason"] == "Sairas"
    assert await BookingEvent.filter(booking_id=raw(booking_id), kind="cancelled").count() == 1
    assert await SeatClaim.filter(booking_id=raw(booking_id)).count() == 0
    rebooked = (await call(api, other, BOOK, _input(bookable.gid, starts_at, "b")))["bookSlot"]
    assert rebooked["errors"] == []
    # A type whose cancellation closes 60 days ahead: too late for any slot we can book.
    strict = await make_bookable(deadline=60 * 24 * 60)
    strict_slot = await first_free_slot(api, strict)
    kept = (await call(api, me, BOOK, _input(strict.gid, strict_slot, "s")))["bookSlot"]
    refused = (
        await call(
            api, me, CANCEL, {"input": {"bookingId": kept["booking"]["id"], "idempotencyKey": "c2"}}
        )
    )["cancelBooking"]
    assert [e["code"] for e in refused["errors"]] == ["TOO_LATE_TO_CANCEL"]


async def test_reschedule_is_atomic(api: httpx.AsyncClient) -> None:
    bookable = await make_bookable()
    first, second, third = [await first_free_slot(api, bookable, n) for n in (0, 1, 2)]
    [(_, me), (_, other)] = await citizens(2)
    mine = (await call(api, me, BOOK, _input(bookable.gid, first, "m")))["bookSlot"]["booking"]
    (await call(api, other, BOOK, _input(bookable.gid, second, "o")))
    blocked = (
        await call(
            api,
            me,
            RESCHEDULE,
            {"input": {"bookingId": mine["id"], "startsAt": second, "idempotencyKey": "r1"}},
        )
    )["rescheduleBooking"]
    assert [e["code"] for e in blocked["errors"]] == ["SLOT_TAKEN"]
    stays = await Booking.get(id=raw(mine["id"]))
    assert stays.starts_at == datetime.fromisoformat(first)
    assert await SeatClaim.filter(booking_id=stays.id).count() == 6  # the old claims stand
    moved = (
        await call(
            api,
            me,
            RESCHEDULE,
            {"input": {"bookingId": mine["id"], "startsAt": third, "idempotencyKey": "r2"}},
        )
    )["rescheduleBooking"]
    assert moved["errors"] == []
    assert datetime.fromisoformat(moved["booking"]["startsAt"]) == datetime.fromisoformat(third)
    # The old time is free again: somebody else books it.
    freed = (await call(api, other, BOOK, _input(bookable.gid, first, "o2")))["bookSlot"]
    assert freed["errors"] == []


async def test_times_outside_the_window_are_refused(api: httpx.AsyncClient) -> None:
    bookable = await make_bookable(horizon=5)
    starts_at = datetime.fromisoformat(await first_free_slot(api, bookable))
    [(_, me)] = await citizens(1)
    for n, wrong in enumerate(
        [
            starts_at + timedelta(minutes=5),
            starts_at + timedelta(days=30),
            datetime.now(UTC) - timedelta(days=1),
        ]
    ):
        answer = await call(api, me, BOOK, _input(bookable.gid, wrong.isoformat(), f"w{n}"))
        assert [e["code"] for e in answer["bookSlot"]["errors"]] == ["OUTSIDE_BOOKING_WINDOW"]
    anonymous = await call(api, None, BOOK, _input(bookable.gid, starts_at.isoformat(), "a"))
    assert [e["code"] for e in anonymous["bookSlot"]["errors"]] == ["UNAUTHENTICATED"]


async def test_staff_book_on_behalf_and_mark_no_shows(api: httpx.AsyncClient) -> None:
    bookable = await make_bookable()
    unit = str(bookable.type.unit_id)
    starts_at = await first_free_slot(api, bookable)
    [(citizen, citizen_cookie), (_, other_cookie)] = await citizens(2)
    staff = await session_cookie(
        await make_user("Desk", role="handler", scope_type="unit", scope_id=unit)
    )
    outsider = await session_cookie(
        await make_user("Far", role="handler", scope_type="unit", scope_id=unit + "0")
    )
    for_citizen = _input(bookable.gid, starts_at, "s", forUserId=gid("User", citizen.id))
    for cookie in (outsider, other_cookie):
        refused = (await call(api, cookie, BOOK, for_citizen))["bookSlot"]
        assert [e["code"] for e in refused["errors"]] == ["NOT_ALLOWED"]
    made = (await call(api, staff, BOOK, for_citizen))["bookSlot"]
    assert made["errors"] == []
    booking_id = made["booking"]["id"]
    assert [b["id"] for b in (await call(api, citizen_cookie, MY, {}))["myBookings"]] == [
        booking_id
    ]
    mark = {"input": {"bookingId": booking_id, "attendance": "NO_SHOW"}}
    assert [
        e["code"]
        for e in (await call(api, citizen_cookie, ATTENDANCE, mark))["markAttendance"]["errors"]
    ] == ["NOT_ALLOWED"]
    assert [
        e["code"] for e in (await call(api, outsider, ATTENDANCE, mark))["markAttendance"]["errors"]
    ] == ["NOT_FOUND"]
    marked = (await call(api, staff, ATTENDANCE, mark))["markAttendance"]
    assert marked["booking"]["status"] == "NO_SHOW"
    # Staff actions on a citizen's booking are in the audit trail; the citizen's own are not.
    target = raw(booking_id)
    events = await AuditEvent.filter(target_type="Booking", target_id=target)
    assert sorted(e.action for e in events) == [
        "appointments.book_for",
        "appointments.mark_attendance",
    ]


@pytest.mark.usefixtures("database_url")
async def test_the_claim_constraints_exist_on_every_engine() -> None:
    bookable = await make_bookable()
    user = await make_user("Constraint")
    start = datetime(2030, 1, 7, 8, tzinfo=UTC)
    resource = bookable.resources[0]
    booking = await Booking.create(
        appointment_type=bookable.type,
        resource=resource,
        user=user,
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        status="confirmed",
        idempotency_key="k",
    )
    await SeatClaim.create(booking=booking, resource=resource, cell=100, seat_no=1)
    for cell, seat in ((100, 1), (101, 0)):
        with pytest.raises(IntegrityError):
            async with in_transaction():
                await SeatClaim.create(booking=booking, resource=resource, cell=cell, seat_no=seat)
    with pytest.raises(IntegrityError):
        async with in_transaction():
            await Booking.create(
                appointment_type=bookable.type,
                resource=resource,
                user=user,
                starts_at=start,
                ends_at=start + timedelta(minutes=30),
                status="confirmed",
                idempotency_key="k",
            )
    await booking.delete()
    assert await SeatClaim.filter(resource=resource).count() == 0  # ON DELETE CASCADE
