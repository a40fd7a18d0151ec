"""Free slots: schedules in local wall time, turned into real (UTC) instants, minus claims.

Daylight saving time, decided deliberately: a resource works at every real instant at which the
Helsinki wall clock shows a time inside one of its intervals. So on the spring-forward day the
nonexistent hour (03:00–04:00) simply has no instants and offers no slots, and the instants
either side of it are contiguous; on the fall-back day the repeated hour (03:00–04:00) is worked,
and offered, twice: both occurrences are distinct UTC instants, shown with their own offsets.
Slots step through real elapsed time from the start of each contiguous working span, so a slot
is always exactly `duration` long in real time.

Everything here is computed in memory from a constant number of queries: the caller's own
(appointment types), then links, schedules, exceptions, bookings and blocks (one query each).
Speed, measured by bench/availability.py: the month view reads one row per booking (its claimed
cells are stored on it) rather than one per claimed cell, and works on integer cells and byte
arrays rather than datetimes and sets; datetimes are made only for the slots it returns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, cast
from zoneinfo import ZoneInfo

import holidays
from tortoise.expressions import Q
from tortoise.queryset import ValuesListQuery

from backend.appointments.models import (
    CELL_MINUTES,
    MAX_CLAIM_CELLS,
    AppointmentType,
    AppointmentTypeResource,
    Booking,
    ResourceBlock,
    ResourceException,
    ResourceSchedule,
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


def instant_of(cell: int) -> datetime:
    return datetime.fromtimestamp(cell * CELL_SECONDS, UTC)


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
    weekly: dict[int, tuple[Window, ...]],
    exceptions: Sequence[ResourceException],
) -> Sequence[Window]:
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
    return weekly.get(day.isoweekday(), ())


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

    def cells(self, minutes: timedelta) -> int:
        return int(minutes.total_seconds()) // CELL_SECONDS

    def window_cells(self, now: datetime) -> range:
        """The start cells `in_window` accepts (starts are on the grid)."""
        earliest = -(-int((now + self.notice).timestamp()) // CELL_SECONDS)
        latest = int((now + self.horizon).timestamp()) // CELL_SECONDS
        return range(earliest, latest + 1)


def slot_starts(spans: Iterable[Span], rules: Rules) -> list[datetime]:
    starts = []
    for lo, hi in spans:
        t = lo
        while t + rules.duration <= hi:
            starts.append(t)
            t += rules.interval
    return starts


@lru_cache(maxsize=4096)
def _cell_spans(day: date, windows: tuple[Window, ...]) -> tuple[tuple[int, int], ...]:
    return tuple((cell_of(lo), cell_of(hi)) for lo, hi in real_spans(day, windows))


@dataclass(slots=True)
class Slot:
    appointment_type_id: int
    unit_id: int
    starts_at: datetime
    ends_at: datetime
    seats_left: int
    resource_ids: tuple[int, ...]
    distance: float | None = None


ONES = b"\x01" * MAX_CLAIM_CELLS


@dataclass
class Occupancy:
    """Which seats of one resource are claimed, cell by cell, over [base, base + size):
    one byte array per seat (1 = claimed); blocks take every seat."""

    base: int
    size: int
    seats: dict[int, bytearray] = field(default_factory=dict)
    blocked: bytearray | None = None

    def _mark(self, array: bytearray, claim_from: int, claim_to: int) -> None:
        lo, hi = max(claim_from - self.base, 0), min(claim_to - self.base, self.size)
        if lo < hi:
            array[lo:hi] = b"\x01" * (hi - lo)

    def block(self, claim_from: int, claim_to: int) -> None:
        if self.blocked is None:
            self.blocked = bytearray(self.size)
        self._mark(self.blocked, claim_from, claim_to)
        for array in self.seats.values():
            self._mark(array, claim_from, claim_to)

    def seat(self, seat_no: int) -> bytearray:
        array = self.seats.get(seat_no)
        if array is None:
            array = self.seats[seat_no] = (
                bytearray(self.blocked) if self.blocked is not None else bytearray(self.size)
            )
        return array

    def arrays(self, seats: int) -> list[bytearray | None]:
        """Seats 1..seats; None for a seat nothing claims."""
        return [self.seats.get(n, self.blocked) for n in range(1, seats + 1)]


def count_free(arrays: list[bytearray | None], lo: int, hi: int) -> int:
    """How many of the seats are free in every cell of [lo, hi) (indexes into the arrays):
    a booking keeps one seat number for all its cells."""
    return sum(1 for a in arrays if a is None or a.find(1, lo, hi) < 0)


@dataclass
class Calendar:
    """What the slots of some resources depend on, loaded for a date range."""

    weekly: dict[int, dict[int, tuple[Window, ...]]]
    exceptions: dict[tuple[int, date], list[ResourceException]]
    occupancy: dict[int, Occupancy]

    def spans(self, resource_id: int, day: date) -> tuple[tuple[int, int], ...]:
        """The resource's working time on `day` as contiguous cell ranges."""
        windows = windows_of_day(
            day, self.weekly.get(resource_id, {}), self.exceptions.get((resource_id, day), [])
        )
        return _cell_spans(day, tuple(windows))

    def start_cells(self, resource_id: int, day: date, rules: Rules) -> list[int]:
        duration, step = rules.cells(rules.duration), rules.cells(rules.interval)
        starts: list[int] = []
        for lo, hi in self.spans(resource_id, day):
            starts.extend(range(lo, hi - duration + 1, step))
        return starts

    def offered(self, resource_id: int, day: date, rules: Rules) -> list[datetime]:
        return [instant_of(c) for c in self.start_cells(resource_id, day, rules)]


async def resources_of_types(type_ids: Sequence[int]) -> dict[int, list[int]]:
    rows = await AppointmentTypeResource.filter(
        appointment_type_id__in=list(type_ids), resource__active=True
    ).values_list("appointment_type_id", "resource_id")
    result: dict[int, list[int]] = {t: [] for t in type_ids}
    for type_id, resource_id in sorted(rows):
        result[type_id].append(resource_id)
    return result


async def calendar_of_type(type_id: int, day: date) -> tuple[list[int], Calendar]:
    """The active resources of one type and what their slots on one local day depend on (no
    claims), in two queries: what a booking checks its time against."""
    weekly: dict[int, dict[int, list[Window]]] = defaultdict(lambda: defaultdict(list))
    ids: set[int] = set()
    for resource_id, weekday, starts, ends in sorted(
        await ResourceSchedule.filter(
            resource__type_links__appointment_type_id=type_id, resource__active=True
        ).values_list("resource_id", "weekday", "starts", "ends")
    ):
        ids.add(resource_id)
        weekly[resource_id][weekday].append((starts, ends))
    exceptions: dict[tuple[int, date], list[ResourceException]] = defaultdict(list)
    for exc in await ResourceException.filter(
        resource__type_links__appointment_type_id=type_id, resource__active=True, date=day
    ):
        ids.add(exc.resource_id)
        exceptions[(exc.resource_id, exc.date)].append(exc)
    calendar = Calendar(
        weekly={r: {d: tuple(w) for d, w in days.items()} for r, days in weekly.items()},
        exceptions=exceptions,
        occupancy={},
    )
    return sorted(ids), calendar


async def _raw_rows(query: ValuesListQuery[Any]) -> list[Sequence[Any]]:
    """The rows of a values_list query as the driver returns them, without Tortoise turning
    each value into Python (the month view reads thousands of plain integers)."""
    query._choose_db_if_not_chosen()
    query._make_query()
    _, rows = await query._db.execute_query(*query.query.get_parameterized_sql())
    # sqlite3.Row and asyncpg's Record are both sequences, whatever Tortoise's annotation says.
    return cast(list[Sequence[Any]], rows)


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
    occupancy: dict[int, Occupancy] = {}
    if with_claims and ids:
        first = cell_of(local_midnight(first_day) - margin)
        last = cell_of(local_midnight(last_day + timedelta(days=1)) + margin)
        for r in ids:
            occupancy[r] = Occupancy(base=first, size=last - first)
        blocks = ResourceBlock.filter(
            resource_id__in=ids, claim_from__lt=last, claim_to__gt=first
        ).values_list("resource_id", "claim_from", "claim_to")
        for resource_id, claim_from, claim_to in await _raw_rows(blocks):
            occupancy[resource_id].block(claim_from, claim_to)
        # Holds that have expired do not block, even before anyone expires them.
        bookings = (
            Booking.filter(
                resource_id__in=ids,
                claim_from__gt=first - MAX_CLAIM_CELLS,
                claim_from__lt=last,
                claim_to__gt=first,
            )
            .filter(~Q(status="held") | Q(hold_expires_at__gte=now))
            .values_list("resource_id", "seat_no", "claim_from", "claim_to")
        )
        size = last - first
        # The hottest loop of the month view, hence inline: one slice assignment per booking.
        for resource_id, seat_no, claim_from, claim_to in await _raw_rows(bookings):
            occ = occupancy[resource_id]
            array = occ.seats.get(seat_no) or occ.seat(seat_no)
            lo, hi = claim_from - first, claim_to - first
            lo, hi = (lo if lo > 0 else 0), (hi if hi < size else size)
            if lo < hi:
                array[lo:hi] = ONES[: hi - lo]
    return Calendar(
        weekly={r: {d: tuple(w) for d, w in days.items()} for r, days in weekly.items()},
        exceptions=exceptions,
        occupancy=occupancy,
    )


def clamp_range(first_day: date, last_day: date, now: datetime) -> tuple[date, date] | None:
    today = now.astimezone(HELSINKI).date()
    first_day = max(first_day, today)
    last_day = min(last_day, first_day + timedelta(days=MAX_RANGE_DAYS - 1))
    return (first_day, last_day) if first_day <= last_day else None


async def free_slots(
    types: Sequence[AppointmentType],
    first_day: date,
    last_day: date,
    now: datetime,
    distances: dict[int, float | None] | None = None,
) -> list[Slot]:
    """Free slots of `types` (in the given order of types, then by time) between two local
    dates, inclusive, each with its type's distance from `distances`. A constant number of
    queries, whatever the range and the number of units."""
    bounds = clamp_range(first_day, last_day, now)
    if bounds is None or not types:
        return []
    first_day, last_day = bounds
    links = await resources_of_types([t.id for t in types])
    calendar = await load_calendar(
        [r for rs in links.values() for r in rs], first_day, last_day, now
    )
    days = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    instants: dict[int, datetime] = {}
    result: list[Slot] = []
    for t in types:
        rules = Rules.of(t)
        window = rules.window_cells(now)
        earliest, latest = window.start, window.stop - 1
        before, length = rules.cells(rules.before), rules.cells(rules.duration)
        after, step = rules.cells(rules.after), rules.cells(rules.interval)
        by_start: dict[int, tuple[int, list[int]]] = {}
        for resource_id in links[t.id]:
            occupancy = calendar.occupancy[resource_id]
            arrays = occupancy.arrays(t.seats)
            single = arrays if t.seats == 1 else None
            lead, tail = before + occupancy.base, length + after - occupancy.base
            for day in days:
                for lo, hi in calendar.spans(resource_id, day):
                    for start in range(lo, hi - length + 1, step):
                        if start < earliest or start > latest:
                            continue
                        if single:  # the common case, a counter: one seat, no generator
                            free = (
                                1
                                if single[0] is None
                                or single[0].find(1, start - lead, start + tail) < 0
                                else 0
                            )
                        else:
                            free = count_free(arrays, start - lead, start + tail)
                        if free:
                            found = by_start.get(start)
                            if found is None:
                                by_start[start] = (free, [resource_id])
                            else:
                                found[1].append(resource_id)
                                by_start[start] = (found[0] + free, found[1])
        distance = distances.get(t.id) if distances else None
        for start in sorted(by_start):
            count, resources = by_start[start]
            end = start + length
            starts_at = instants.get(start) or instants.setdefault(start, instant_of(start))
            ends_at = instants.get(end) or instants.setdefault(end, instant_of(end))
            result.append(
                Slot(t.id, t.unit_id, starts_at, ends_at, count, tuple(resources), distance)
            )
    return result
