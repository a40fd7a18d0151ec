"""Bookings in a person's data: exported, an upcoming one blocks erasure, erasure wipes answers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from backend.accounts.models import User
from backend.appointments.models import Booking
from backend.settings import Settings
from tests.test_appointments_helpers import (
    BOOK,
    CANCEL,
    api_client,
    call,
    citizens,
    first_free_slot,
    make_bookable,
)

DELETE = """mutation($dry: Boolean!) { deleteMyAccount(input: {dryRun: $dry}) {
    deleted errors { code message } } }"""


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for c in api_client(settings):
        yield c


async def test_an_upcoming_booking_blocks_erasure_until_cancelled(
    client: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable(
        questions=[
            {
                "key": "note",
                "type": "text",
                "required": True,
                "label": {"fi": "Lisätietoja", "sv": "Mer information", "en": "More details"},
            }
        ]
    )
    [(user, cookie)] = await citizens(1)
    starts = await first_free_slot(client, bookable)
    booked = await call(
        client,
        cookie,
        BOOK,
        {
            "input": {
                "appointmentTypeId": bookable.gid,
                "startsAt": starts,
                "idempotencyKey": "gdpr-1",
                "answers": {"note": "my knee hurts"},
            }
        },
    )
    booking = booked["bookSlot"]["booking"]
    assert booked["bookSlot"]["errors"] == []

    data = await call(client, cookie, "{ myData }", {})
    branch = next(c for c in data["myData"]["children"] if c["key"] == "BOOKINGS")
    assert str(branch).count("BOOKING") >= 2
    assert "my knee hurts" in str(branch)

    refused = await call(client, cookie, DELETE, {"dry": False})
    assert refused["deleteMyAccount"]["deleted"] is False
    assert refused["deleteMyAccount"]["errors"][0]["code"] == "HAS_UPCOMING_BOOKING"
    assert await User.filter(id=user.id).exists()

    cancelled = await call(
        client,
        cookie,
        CANCEL,
        {
            "input": {
                "bookingId": booking["id"],
                "idempotencyKey": "gdpr-2",
                "reason": "moving away",
            }
        },
    )
    assert cancelled["cancelBooking"]["errors"] == []
    deleted = await call(client, cookie, DELETE, {"dry": False})
    assert deleted["deleteMyAccount"] == {"deleted": True, "errors": []}
    assert not await User.filter(id=user.id).exists()
    kept = await Booking.filter(appointment_type_id=bookable.type.id).first()
    assert kept is not None
    assert (kept.user_id, kept.answers, kept.cancel_reason) == (None, {}, "")
