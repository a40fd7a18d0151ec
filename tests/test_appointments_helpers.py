"""Shared set-up for the appointment tests (no tests here): a fresh bookable type per test,
citizens with sessions, and an HTTP client whose callers are told apart by their cookie."""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from strawberry import relay

from backend.accounts.models import Session, User
from backend.app import create_app
from backend.appointments.availability import CELL_SECONDS, Rules, cells_between
from backend.appointments.models import (
    CLAIMING_STATUSES,
    AppointmentType,
    AppointmentTypeResource,
    Booking,
    Resource,
    ResourceSchedule,
    SeatClaim,
)
from backend.catalogue.models import Service, Unit
from backend.settings import Settings
from tests.conftest import SITE
from tests.helpers import make_user

BOOK = """mutation($input: BookSlotInput!) { bookSlot(input: $input) {
    booking { id status startsAt endsAt answers } errors { code message field } } }"""
HOLD = """mutation($input: HoldSlotInput!) { holdSlot(input: $input) {
    booking { id status startsAt holdExpiresAt } errors { code message field } } }"""
CONFIRM = """mutation($input: ConfirmBookingInput!) { confirmBooking(input: $input) {
    booking { id status answers } errors { code message field } } }"""
CANCEL = """mutation($input: CancelBookingInput!) { cancelBooking(input: $input) {
    booking { id status cancelReason } errors { code message field } } }"""
RESCHEDULE = """mutation($input: RescheduleBookingInput!) { rescheduleBooking(input: $input) {
    booking { id status startsAt } errors { code message field } } }"""
ATTENDANCE = """mutation($input: MarkAttendanceInput!) { markAttendance(input: $input) {
    booking { id status } errors { code } } }"""
AVAILABILITY = """query($type: ID!, $from: Date!, $to: Date!) {
    availability(appointmentTypeId: $type, from: $from, to: $to) {
      startsAt endsAt seatsLeft appointmentTypeId unit { name } } }"""


def gid(type_name: str, node_id: object) -> str:
    return str(relay.GlobalID(type_name, str(node_id)))


@dataclass
class Bookable:
    type: AppointmentType
    resources: list[Resource]

    @property
    def gid(self) -> str:
        return gid("AppointmentType", self.type.id)


async def make_bookable(
    *,
    seats: int = 1,
    resources: int = 1,
    duration: int = 30,
    interval: int = 30,
    before: int = 0,
    after: int = 0,
    notice: int = 0,
    horizon: int = 60,
    deadline: int = 0,
    hours: tuple[tuple[int, int], ...] = ((8 * 60, 16 * 60),),
    weekdays: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7),
    questions: list[dict[str, Any]] | None = None,
    unit_slug: str = "helsinki-info",
) -> Bookable:
    unit = await Unit.get(slug=unit_slug)
    service = await Service.get(slug="city-info-guidance")
    t = await AppointmentType.create(
        unit=unit,
        service=service,
        name_fi="Testiaika",
        name_sv="Testtid",
        name_en="Test appointment",
        duration_minutes=duration,
        slot_interval_minutes=interval,
        buffer_before_minutes=before,
        buffer_after_minutes=after,
        min_notice_minutes=notice,
        horizon_days=horizon,
        cancel_deadline_minutes=deadline,
        seats=seats,
        questions=questions or [],
    )
    made = []
    for n in range(resources):
        resource = await Resource.create(
            unit=unit, name_fi=f"Tiski {n}", name_sv=f"Disk {n}", name_en=f"Desk {n}"
        )
        await AppointmentTypeResource.create(appointment_type=t, resource=resource)
        await ResourceSchedule.bulk_create(
            [
                ResourceSchedule(resource=resource, weekday=day, starts=s, ends=e)
                for day in weekdays
                for s, e in hours
            ]
        )
        made.append(resource)
    return Bookable(type=t, resources=made)


async def session_cookie(user: User) -> str:
    token = secrets.token_urlsafe(32)
    await Session.create(
        id=hashlib.sha256(token.encode()).hexdigest(),
        user=user,
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )
    return f"asiointi_session={token}"


async def citizens(n: int) -> list[tuple[User, str]]:
    result = []
    for i in range(n):
        user = await make_user(f"Citizen {i}")
        result.append((user, await session_cookie(user)))
    return result


def unlimited(settings: Settings) -> Settings:
    return replace(settings, rate_limit_user=0, rate_limit_ip=0, rate_limit_api_key=0)


async def api_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(unlimited(settings), manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url=SITE, headers={"Origin": SITE}, timeout=120
    ) as client:
        yield client


async def call(
    client: httpx.AsyncClient, cookie: str | None, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    headers = {"Cookie": cookie} if cookie else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


async def first_free_slot(client: httpx.AsyncClient, bookable: Bookable, skip: int = 0) -> str:
    today = datetime.now(UTC).date()
    data = await call(
        client,
        None,
        AVAILABILITY,
        {
            "type": bookable.gid,
            "from": today.isoformat(),
            "to": (today + timedelta(days=10)).isoformat(),
        },
    )
    slots = data["availability"]
    assert len(slots) > skip, slots
    starts: str = slots[skip]["startsAt"]
    return starts


async def overbooked_cells(bookable: Bookable, now: datetime) -> list[tuple[int, int, int]]:
    """Cells where more live bookings overlap than the type has seats, counted from the
    bookings themselves (not from the claims that enforce it)."""
    rules = Rules.of(bookable.type)
    per_cell: Counter[tuple[int, int]] = Counter()
    for b in await Booking.filter(
        appointment_type_id=bookable.type.id, status__in=list(CLAIMING_STATUSES)
    ):
        if b.status == "held" and b.hold_expires_at is not None and b.hold_expires_at < now:
            continue
        for cell in cells_between(b.starts_at - rules.before, b.ends_at + rules.after):
            per_cell[(b.resource_id, cell)] += 1
    return [(r, c * CELL_SECONDS, n) for (r, c), n in per_cell.items() if n > rules.seats]


async def claims_disagreeing(bookable: Bookable) -> list[str]:
    """Bookings whose claim columns (what availability reads) differ from their seat claims
    (what the database enforces)."""
    claims: dict[object, set[tuple[int, int, int]]] = {}
    for booking_id, resource_id, cell, seat in await SeatClaim.filter(
        booking__appointment_type_id=bookable.type.id
    ).values_list("booking_id", "resource_id", "cell", "seat_no"):
        claims.setdefault(booking_id, set()).add((resource_id, cell, seat))
    wrong = []
    for b in await Booking.filter(appointment_type_id=bookable.type.id):
        described = (
            {(b.resource_id, c, b.seat_no) for c in range(b.claim_from, b.claim_to)}
            if b.seat_no is not None and b.claim_from is not None and b.claim_to is not None
            else set()
        )
        if described != claims.get(b.id, set()):
            wrong.append(f"{b.id} {b.status}")
    return wrong
