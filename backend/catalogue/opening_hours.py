"""Opening hours of a date: the weekly pattern, unless an exception (a holiday) replaces it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from backend.catalogue.models import OpeningHoursException, WeeklyOpeningHours
from backend.i18n import Language, localized


@dataclass(frozen=True)
class Interval:
    opens: int  # minutes after local midnight
    closes: int

    @staticmethod
    def hhmm(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class DayHours:
    date: date
    closed: bool
    intervals: tuple[Interval, ...]
    note: str


def days_of(
    start: date,
    days: int,
    weekly: Sequence[WeeklyOpeningHours],
    exceptions: Iterable[OpeningHoursException],
    language: Language,
) -> list[DayHours]:
    by_weekday: dict[int, list[Interval]] = {}
    for row in sorted(weekly, key=lambda r: (r.weekday, r.opens)):
        by_weekday.setdefault(row.weekday, []).append(Interval(row.opens, row.closes))
    by_date: dict[date, list[OpeningHoursException]] = {}
    for exc in exceptions:
        by_date.setdefault(exc.date, []).append(exc)

    result = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        special = by_date.get(day)
        if special:
            open_rows = sorted((r for r in special if not r.closed), key=lambda r: r.opens or 0)
            intervals = tuple(
                Interval(r.opens, r.closes)
                for r in open_rows
                if r.opens is not None and r.closes is not None
            )
            note = next(
                (localized(r, "note", language) for r in special if localized(r, "note", language)),
                "",
            )
        else:
            intervals = tuple(by_weekday.get(day.isoweekday(), ()))
            note = ""
        result.append(DayHours(date=day, closed=not intervals, intervals=intervals, note=note))
    return result
