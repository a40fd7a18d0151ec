"""Free slots: schedules in local wall time, turned into real (UTC) instants, minus claims.

Daylight saving time, decided deliberately: a resource works at every real instant at which the
Helsinki wall clock shows a time inside one of its intervals. So on the spring-forward day the
nonexistent hour (03:00–04:00) simply has no instants and offers no slots, and the instants
either side of it are contiguous; on the fall-back day the repeated hour (03:00–04:00) is worked,
and offered, twice: both occurrences are distinct UTC instants, shown with their own offsets.
Slots step through real elapsed time from the start of each contiguous working span, so a slot
is always exactly `duration` long in real time.

Everything here is computed in memory from a constant number of queries: the caller's own
(appointment types), then links, schedules, exceptions and claims (one query each).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from tortoise.expressions import Q

from backend.appointments.models import (
    CELL_MINUTES,
    AppointmentType,
    AppointmentTypeResource,
    ResourceException,
    ResourceSchedule,
    SeatClaim,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
CELL_SECONDS = CELL_MINUTES * 60
MAX_RANGE_DAYS = 62

Window = tuple[int, int]  # wall-clock minutes after local midnight, [starts, ends)
Span = tuple[datetime, datetime]  # real instants (UTC), [start, end)


def cell_of(instant: datetime) -> int:
    """The index of the 5-minute UTC cell that contains `instant`."""
    return int(instant.timestamp()) // CELL_SECONDS


def cells_between(start: datetime, end: datetime) -> range:
    """Cells covering [start, end); both ends are on the grid in practice."""
    return range(cell_of(start), -(-int(end.timestamp()) // CELL_SECONDS))


@lru_cache(maxsize=64)
def _holidays_of_year(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FI", years=year).keys())


def is_public_holiday(day: date) -> bool:
    return day in _holidays_of_year(day.year)


def local_midnight(day: date) -> datetime:
    """The real instant of 00:00 in Helsinki on `day` (midnight is never skipped or repeated)."""
    return datetime.combine(day, time(), HELSINKI).astimezone(UTC)


def _constant_offset_segments(day: date) -> list[tuple[datetime, datetime, timedelta]]:
    """The local day as real spans, each with one UTC offset (two on a transition day)."""
    start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
    first = start.astimezone(HELSINKI).utcoffset()
    last = (end - timedelta(seconds=1)).astimezone(HELSINKI).utcoffset()
    assert first is not None
    assert last is not None
    if first == last:
        return [(start, end, first)]
    # Helsinki changes on a whole UTC hour: find it.
    switch = start
    while switch.astimezone(HELSINKI).utcoffset() == first:
        switch += timedelta(hours=1)
    return [(start, switch, first), (switch, end, last)]


def real_spans(day: date, windows: Iterable[Window]) -> list[Span]:
    """The real instants at which the wall clock on `day` shows a time in one of `windows`,
    merged into contiguous spans, in order."""
    midnight = datetime.combine(day, time()).replace(tzinfo=UTC)  # naive local midnight, as UTC
    pieces: list[Span] = []
    segments = _constant_offset_segments(day)
    for starts, ends in windows:
        for seg_start, seg_end, offset in segments:
            lo = max(seg_start, midnight + timedelta(minutes=starts) - offset)
            hi = min(seg_end, midnight + timedelta(minutes=ends) - offset)
            if lo < hi:
                pieces.append((lo, hi))
    pieces.sort()
    merged: list[Span] = []
    for lo, hi in pieces:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def windows_of_day(
    day: date,
    weekly: dict[int, list[Window]],
    exceptions: Sequence[ResourceException],
) -> list[Window]:
    """Exceptions of the date replace the weekly pattern; a public holiday without open
    exceptions is closed."""
    if exceptions:
        return sorted(
            (e.starts, e.ends)
            for e in exceptions
            if not e.closed and e.starts is not None and e.ends is not None
        )
    if is_public_holiday(day):
        return []
    return weekly.get(day.isoweekday(), [])


@dataclass(frozen=True)
class Rules:
    duration: timedelta
    interval: timedelta
    before: timedelta
    after: timedelta
    notice: timedelta
    horizon: timedelta
    seats: int

    @classmethod
    def of(cls, t: AppointmentType) -> Rules:
        return cls(
            duration=timedelta(minutes=t.duration_minutes),
            interval=timedelta(minutes=t.slot_interval_minutes),
            before=timedelta(minutes=t.buffer_before_minutes),
            after=timedelta(minutes=t.buffer_after_minutes),
            notice=timedelta(minutes=t.min_notice_minutes),
            horizon=timedelta(days=t.horizon_days),
            seats=t.seats,
        )

    def claimed_cells(self, starts_at: datetime) -> range:
        return cells_between(starts_at - self.before, starts_at + self.duration + self.after)

    def in_window(self, starts_at: datetime, now: datetime) -> bool:
        return now + self.notice <= starts_at <= now + self.horizon


def slot_starts(spans: Iterable[Span], rules: Rules) -> list[datetime]:
    starts = []
    for lo, hi in spans:
        t = lo
        while t + rules.duration <= hi:
            starts.append(t)
            t += rules.interval
    return starts


def free_seats(occupied: set[tuple[int, int]], cells: range, seats: int) -> list[int]:
    """Seat numbers free in every cell: a booking keeps one seat number for all its cells."""
    return [s for s in range(1, seats + 1) if all((c, s) not in occupied for c in cells)]


@dataclass(frozen=True)
class Slot:
    appointment_type_id: int
    unit_id: int
    starts_at: datetime
    ends_at: datetime
    seats_left: int
    resource_ids: tuple[int, ...]


@dataclass
class Calendar:
    """What the slots of some resources depend on, loaded for a date range."""

    weekly: dict[int, dict[int, list[Window]]]
    exceptions: dict[tuple[int, date], list[ResourceException]]
    occupied: dict[int, set[tuple[int, int]]]

    def offered(self, resource_id: int, day: date, rules: Rules) -> list[datetime]:
        windows = windows_of_day(
            day, self.weekly.get(resource_id, {}), self.exceptions.get((resource_id, day), [])
        )
        return slot_starts(real_spans(day, windows), rules)


async def resources_of_types(type_ids: Sequence[int]) -> dict[int, list[int]]:
    rows = await AppointmentTypeResource.filter(
        appointment_type_id__in=list(type_ids), resource__active=True
    ).values_list("appointment_type_id", "resource_id")
    result: dict[int, list[int]] = {t: [] for t in type_ids}
    for type_id, resource_id in sorted(rows):
        result[type_id].append(resource_id)
    return result


async def load_calendar(
    resource_ids: Sequence[int],
    first_day: date,
    last_day: date,
    now: datetime,
    *,
    with_claims: bool = True,
    margin: timedelta = timedelta(hours=4),
) -> Calendar:
    ids = sorted(set(resource_ids))
    weekly: dict[int, dict[int, list[Window]]] = defaultdict(lambda: defaultdict(list))
    rows = await ResourceSchedule.filter(resource_id__in=ids).values_list(
        "resource_id", "weekday", "starts", "ends"
    )
    for resource_id, weekday, starts, ends in sorted(rows):
        weekly[resource_id][weekday].append((starts, ends))
    exceptions: dict[tuple[int, date], list[ResourceException]] = defaultdict(list)
    for exc in await ResourceException.filter(
        resource_id__in=ids, date__gte=first_day, date__lte=last_day
    ):
        exceptions[(exc.resource_id, exc.date)].append(exc)
    occupied: dict[int, set[tuple[int, int]]] = defaultdict(set)
    if with_claims and ids:
        first_cell = cell_of(local_midnight(first_day) - margin)
        last_cell = cell_of(local_midnight(last_day + timedelta(days=1)) + margin)
        # Claims of holds that have expired do not block, even before anyone deletes them.
        claims = (
            await SeatClaim.filter(resource_id__in=ids, cell__gte=first_cell, cell__lt=last_cell)
            .filter(~Q(booking__status="held") | Q(booking__hold_expires_at__gte=now))
            .values_list("resource_id", "cell", "seat_no")
        )
        for resource_id, cell, seat_no in claims:
            occupied[resource_id].add((cell, seat_no))
    return Calendar(weekly=weekly, exceptions=exceptions, occupied=occupied)


def clamp_range(first_day: date, last_day: date, now: datetime) -> tuple[date, date] | None:
    today = now.astimezone(HELSINKI).date()
    first_day = max(first_day, today)
    last_day = min(last_day, first_day + timedelta(days=MAX_RANGE_DAYS - 1))
    return (first_day, last_day) if first_day <= last_day else None


async def free_slots(
    types: Sequence[AppointmentType], first_day: date, last_day: date, now: datetime
) -> list[Slot]:
    """Free slots of `types` (in the given order of types, then by time) between two local
    dates, inclusive. A constant number of queries, whatever the range and the number of units."""
    bounds = clamp_range(first_day, last_day, now)
    if bounds is None or not types:
        return []
    first_day, last_day = bounds
    links = await resources_of_types([t.id for t in types])
    calendar = await load_calendar(
        [r for rs in links.values() for r in rs], first_day, last_day, now
    )
    result: list[Slot] = []
    days = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    for t in types:
        rules = Rules.of(t)
        by_start: dict[datetime, tuple[int, list[int]]] = {}
        for resource_id in links[t.id]:
            occupied = calendar.occupied.get(resource_id, set())
            for day in days:
                for start in calendar.offered(resource_id, day, rules):
                    if not rules.in_window(start, now):
                        continue
                    seats = free_seats(occupied, rules.claimed_cells(start), rules.seats)
                    if seats:
                        count, resources = by_start.setdefault(start, (0, []))
                        resources.append(resource_id)
                        by_start[start] = (count + len(seats), resources)
        for start in sorted(by_start):
            count, resources = by_start[start]
            result.append(
                Slot(
                    appointment_type_id=t.id,
                    unit_id=t.unit_id,
                    starts_at=start,
                    ends_at=start + rules.duration,
                    seats_left=count,
                    resource_ids=tuple(resources),
                )
            )
    return result
