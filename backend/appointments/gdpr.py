"""Bookings in a person's GDPR data, and the rule that an upcoming appointment must be
cancelled before the account can be erased."""

from __future__ import annotations

from datetime import UTC, datetime

from backend.accounts import gdpr
from backend.accounts.errors import AccountsError
from backend.accounts.models import User
from backend.appointments.models import Booking

ACTIVE = ("held", "confirmed")


async def _branch(user: User) -> gdpr.Node:
    bookings = (
        await Booking.filter(user=user).order_by("starts_at").select_related("appointment_type")
    )
    return {
        "key": "BOOKINGS",
        "children": [
            {
                "key": "BOOKING",
                "children": [
                    {"key": "ID", "value": str(b.id)},
                    {"key": "APPOINTMENT_TYPE", "value": b.appointment_type.name_fi},
                    {"key": "STARTS_AT", "value": b.starts_at.isoformat()},
                    {"key": "ENDS_AT", "value": b.ends_at.isoformat()},
                    {"key": "STATUS", "value": b.status},
                    {"key": "ANSWERS", "value": b.answers},
                    {"key": "CANCEL_REASON", "value": b.cancel_reason},
                ],
            }
            for b in bookings
        ],
    }


async def _forbids_erasure(user: User) -> AccountsError | None:
    upcoming = await Booking.filter(
        user=user, status__in=ACTIVE, starts_at__gt=datetime.now(UTC)
    ).exists()
    return AccountsError("HAS_UPCOMING_BOOKING", "upcoming_booking") if upcoming else None


async def _erase(user: User) -> None:
    # Past bookings stay for the unit's statistics, with nothing left that tells whose they were.
    await Booking.filter(user=user).update(answers={}, cancel_reason="")


gdpr.register(gdpr.PersonalData(branch=_branch, forbids_erasure=_forbids_erasure, erase=_erase))
