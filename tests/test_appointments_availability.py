"""Availability: schedules in Helsinki wall time, DST days, holidays, exceptions, buffers,
notice, horizon and seats; and a constant number of SQL queries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from strawberry import relay

from backend.accounts.principal import Principal
from backend.accounts.service import principal_for
from backend.appointments import service
from backend.appointments.availability import Rules, real_spans, slot_starts
from backend.appointments.models import AppointmentType, ResourceException
from backend.catalogue.service import Point
from backend.settings import Settings
from tests.conftest import QueryCounter
from tests.helpers import make_user
from tests.test_appointments_helpers import Bookable, api_client, call, make_bookable

HELSINKI = ZoneInfo("Europe/Helsinki")
SPRING_FORWARD = date(2027, 3, 28)  # 03:00 EET -> 04:00 EEST
FALL_BACK = date(2026, 10, 25)  # 04:00 EEST -> 03:00 EET
NIGHT = (2 * 60, 5 * 60)  # a schedule from 02:00 to 05:00 local


def _rules(duration: int = 30, interval: int = 30) -> Rules:
    return Rules(
        duration=timedelta(minutes=duration),
        interval=timedelta(minutes=interval),
        before=timedelta(0),
        after=timedelta(0),
        notice=timedelta(0),
        horizon=timedelta(days=3650),
        seats=1,
    )


def _local(instants: list[datetime]) -> list[str]:
    return [t.astimezone(HELSINKI).strftime("%H:%M%z") for t in instants]


def test_spring_forward_night_has_no_slots_in_the_missing_hour() -> None:
    spans = real_spans(SPRING_FORWARD, [NIGHT])
    # 02:00 EET .. 05:00 EEST is two real hours, one contiguous span.
    assert spans == [
        (datetime(2027, 3, 28, 0, 0, tzinfo=UTC), datetime(2027, 3, 28, 2, tzinfo=UTC))
    ]
    starts = slot_starts(spans, _rules())
    assert _local(starts) == ["02:00+0200", "02:30+0200", "04:00+0300", "04:30+0300"]
    assert all(t.tzinfo == UTC for t in starts)


def test_fall_back_night_offers_the_repeated_hour_twice() -> None:
    spans = real_spans(FALL_BACK, [NIGHT])
    # 02:00 EEST (23:00 UTC the day before) .. 05:00 EET (03:00 UTC): four real hours.
    assert spans == [
        (datetime(2026, 10, 24, 23, 0, tzinfo=UTC), datetime(2026, 10, 25, 3, 0, tzinfo=UTC))
    ]
    starts = slot_starts(spans, _rules())
    assert _local(starts) == [
        "02:00+0300",
        "02:30+0300",
        "03:00+0300",
        "03:30+0300",
        "03:00+0200",
        "03:30+0200",
        "04:00+0200",
        "04:30+0200",
    ]
    assert len(set(starts)) == len(starts)  # distinct instants, though two wall times repeat


def test_a_window_inside_the_missing_hour_has_no_slots_and_daytime_is_unaffected() -> None:
    assert real_spans(SPRING_FORWARD, [(3 * 60 + 15, 3 * 60 + 45)]) == []
    day = slot_starts(real_spans(SPRING_FORWARD, [(9 * 60, 10 * 60)]), _rules(20, 20))
    assert _local(day) == ["09:00+0300", "09:20+0300", "09:40+0300"]
    day = slot_starts(real_spans(FALL_BACK, [(9 * 60, 10 * 60)]), _rules(20, 20))
    assert _local(day) == ["09:00+0200", "09:20+0200", "09:40+0200"]


async def _slots(bookable: Bookable, first: date, last: date, now: datetime) -> list[datetime]:
    found = await service.find_availability(
        appointment_type_id=bookable.type.id,
        service_id=None,
        first_day=first,
        last_day=last,
        near=None,
        now=now,
    )
    return [s.starts_at for s in found]


@pytest.mark.usefixtures("database_url")
async def test_dst_days_through_the_database() -> None:
    bookable = await make_bookable(hours=(NIGHT,), horizon=365)
    now = datetime(2026, 10, 1, tzinfo=UTC)
    starts = await _slots(bookable, FALL_BACK, FALL_BACK, now)
    assert len(starts) == 8
    now = datetime(2027, 3, 1, tzinfo=UTC)
    # 2027-03-28 is also Easter Sunday, a public holiday: closed by default...
    assert await _slots(bookable, SPRING_FORWARD, SPRING_FORWARD, now) == []
    # ...until an extra opening says otherwise.
    await ResourceException.create(
        resource=bookable.resources[0],
        date=SPRING_FORWARD,
        closed=False,
        starts=NIGHT[0],
        ends=NIGHT[1],
    )
    starts = await _slots(bookable, SPRING_FORWARD, SPRING_FORWARD, now)
    assert _local(starts) == ["02:00+0200", "02:30+0200", "04:00+0300", "04:30+0300"]


@pytest.mark.usefixtures("database_url")
async def test_holidays_exceptions_notice_horizon_and_buffers() -> None:
    bookable = await make_bookable(
        hours=((9 * 60, 11 * 60),), duration=30, interval=30, after=30, horizon=30, notice=120
    )
    resource = bookable.resources[0]
    now = datetime(2026, 12, 21, 6, 0, tzinfo=UTC)  # Monday 08:00 in Helsinki
    # Christmas Eve and Christmas Day are public holidays: closed. An extra opening on Boxing Day
    # (also a holiday) opens it; a closure on the 23rd closes it.
    await ResourceException.create(
        resource=resource, date=date(2026, 12, 26), closed=False, starts=12 * 60, ends=13 * 60
    )
    await ResourceException.create(resource=resource, date=date(2026, 12, 23), closed=True)
    starts = await _slots(bookable, date(2026, 12, 21), date(2026, 12, 27), now)
    by_day: dict[date, list[str]] = {}
    for t in starts:
        by_day.setdefault(t.astimezone(HELSINKI).date(), []).append(
            t.astimezone(HELSINKI).strftime("%H:%M")
        )
    # The 21st: notice of two hours from 08:00 leaves 10:00 and 10:30.
    assert by_day[date(2026, 12, 21)] == ["10:00", "10:30"]
    assert date(2026, 12, 23) not in by_day
    assert date(2026, 12, 24) not in by_day
    assert date(2026, 12, 25) not in by_day
    assert by_day[date(2026, 12, 26)] == ["12:00", "12:30"]
    assert by_day[date(2026, 12, 22)] == ["09:00", "09:30", "10:00", "10:30"]
    # The horizon: nothing beyond 30 days from now.
    later = await _slots(bookable, date(2027, 1, 19), date(2027, 1, 22), now)
    assert later
    assert max(later) <= now + timedelta(days=30)
    # A booking at 09:30 with a 30-minute buffer after blocks 09:30 and 10:00 (its buffer), and
    # 09:00 too: that slot's own buffer would run into the booking.
    citizen = await _principal()
    booked = await service.book_slot(
        citizen,
        appointment_type_id=bookable.type.id,
        starts_at=datetime(2026, 12, 22, 7, 30, tzinfo=UTC),
        idempotency_key="buffer",
        now=now,
    )
    assert booked.status == "confirmed"
    left = [
        t.astimezone(HELSINKI).strftime("%H:%M")
        for t in await _slots(bookable, date(2026, 12, 22), date(2026, 12, 22), now)
    ]
    assert left == ["10:30"]


async def _principal() -> Principal:
    return await principal_for(await make_user("Availability tester"))


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for client in api_client(settings):
        yield client


SERVICE_AVAILABILITY = """query($service: ID!, $from: Date!, $to: Date!, $near: LocationInput) {
    availability(serviceId: $service, from: $from, to: $to, near: $near) {
      startsAt seatsLeft distance unit { name } } }"""


async def test_queries_do_not_grow_with_the_range_or_the_units(
    api: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    nurse = await AppointmentType.filter(name_en="Nurse appointment").first()
    assert nurse is not None
    service_gid = str(relay.GlobalID("Service", str(nurse.service_id)))
    today = datetime.now(HELSINKI).date()
    counts = {}
    for days in (7, 31):
        variables = {
            "service": service_gid,
            "from": today.isoformat(),
            "to": (today + timedelta(days=days - 1)).isoformat(),
            "near": {"lat": 60.17, "lon": 24.94},
        }
        count_queries.queries.clear()
        data = await call(api, None, SERVICE_AVAILABILITY, variables)
        counts[days] = len(count_queries.queries)
        slots = data["availability"]
        assert slots
    units = {s["unit"]["name"] for s in slots}
    assert len(units) == 4, units  # every demo health station, each with its slots
    distances = [s["distance"] for s in slots]
    assert distances == sorted(distances)  # nearest unit first
    assert counts[7] == counts[31], counts
    # types with units, links, schedules, exceptions, blocks, bookings, units for the field
    assert counts[31] <= 7, count_queries.queries


def test_a_point_is_reused_from_the_catalogue() -> None:
    assert Point(60.17, 24.94).valid
