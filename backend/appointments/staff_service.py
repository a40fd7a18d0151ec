"""Staff management of appointments: appointment types, resources, weekly schedules and
exceptions, and a unit's appointments by day. Rules and transactions; no GraphQL here.

Who may: managing a unit's types, resources, schedules and exceptions takes the role `admin` or
`handler` for the unit (a grant scoped to it, a global grant, or any admin); viewing them and
the unit's appointments also allows `viewer`.

Every change is validated whole before anything is written (all field errors at once, as
`InvalidInput`), and is recorded in the audit trail in the same transaction as the change.
The database's check constraints stand behind the validation: should one still refuse a row,
the caller gets a typed error, never an internal one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any

import holidays
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend.accounts import audit
from backend.accounts.principal import Principal
from backend.appointments import availability, notify
from backend.appointments.errors import AppointmentError, unauthenticated
from backend.appointments.models import (
    CELL_MINUTES,
    RESOURCE_KINDS,
    AppointmentType,
    AppointmentTypeResource,
    Booking,
    Resource,
    ResourceException,
    ResourceSchedule,
)
from backend.catalogue.models import Service, Unit
from backend.i18n import Language

MANAGE_ROLES = ("admin", "handler")
VIEW_ROLES = ("admin", "handler", "viewer")
# What a unit's appointment list shows: live and past bookings, never holds or expired holds.
LISTED_STATUSES = ("confirmed", "checked_in", "no_show", "cancelled")
MAX_LIST_DAYS = 31

MAX_NAME = 200
MAX_DESCRIPTION = 5000
MAX_REASON = 200
MAX_QUESTIONS = 20
MAX_OPTIONS = 50
MAX_OPTION_VALUE = 100
MAX_INTERVALS = 100
QUESTION_TYPES = ("text", "boolean", "number", "choice")
QUESTION_KEY = re.compile(r"[a-z0-9_-]{1,40}")
TIME = re.compile(r"(\d{2}):(\d{2})")
DAY_MINUTES = 24 * 60

# Minutes on the 5-minute grid, (least, most). The columns are small integers: the upper
# bounds also keep every value far inside them.
MINUTE_LIMITS: dict[str, tuple[int, int]] = {
    "duration_minutes": (CELL_MINUTES, DAY_MINUTES),
    "slot_interval_minutes": (CELL_MINUTES, DAY_MINUTES),
    "buffer_before_minutes": (0, 240),
    "buffer_after_minutes": (0, 240),
    "min_notice_minutes": (0, 90 * DAY_MINUTES),
    "cancel_deadline_minutes": (0, 90 * DAY_MINUTES),
    "reminder_minutes": (0, 14 * DAY_MINUTES),
}
COUNT_LIMITS: dict[str, tuple[int, int]] = {"horizon_days": (1, 730), "seats": (1, 50)}


# ---------------------------------------------------------------- errors


class InvalidInput(AppointmentError):
    """Every field error of one input, found before anything was written."""

    def __init__(self, errors: Sequence[AppointmentError]) -> None:
        first = errors[0]
        super().__init__(first.code, first.key, first.field, **first.params)
        self.errors = list(errors)


class _Problems:
    def __init__(self) -> None:
        self.errors: list[AppointmentError] = []

    def add(self, field: str, key: str, code: str = "INVALID_INPUT", **params: object) -> None:
        self.errors.append(AppointmentError(code, key, field=field, **params))

    def check(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _write_refused() -> AppointmentError:
    """A write the database refused although the input passed validation (a concurrent change,
    such as a resource deleted meanwhile): typed, so that it never surfaces as a 500."""
    return AppointmentError("INVALID_INPUT", "bad_request")


# ---------------------------------------------------------------- who may


def may(principal: Principal, roles: tuple[str, ...], unit_id: int) -> bool:
    return principal.has_role_for(roles, "unit", str(unit_id))


def require(principal: Principal, roles: tuple[str, ...], unit_id: int) -> None:
    if principal.user is None:
        raise unauthenticated()
    if not may(principal, roles, unit_id):
        raise AppointmentError("NOT_ALLOWED", "not_allowed_unit")


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Texts:
    """A text in fi, sv and en, as the `<field>_fi/_sv/_en` columns hold it."""

    fi: str = ""
    sv: str = ""
    en: str = ""

    def stripped(self) -> Texts:
        return Texts(self.fi.strip(), self.sv.strip(), self.en.strip())

    def as_dict(self) -> dict[str, str]:
        return {"fi": self.fi, "sv": self.sv, "en": self.en}

    def columns(self, prefix: str) -> dict[str, Any]:
        return {f"{prefix}_{lang}": text for lang, text in self.as_dict().items()}

    @classmethod
    def of(cls, obj: object, prefix: str) -> Texts:
        return cls(*(str(getattr(obj, f"{prefix}_{lang}")) for lang in ("fi", "sv", "en")))

    @classmethod
    def from_json(cls, value: Any) -> Texts:
        value = value if isinstance(value, dict) else {}
        return cls(*(str(value.get(lang) or "") for lang in ("fi", "sv", "en")))


@dataclass(frozen=True)
class OptionSpec:
    value: str
    label: Texts


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    type: str
    required: bool
    label: Texts
    options: Sequence[OptionSpec] | None = None


@dataclass(frozen=True)
class TypeFields:
    """An appointment type's fields; None leaves a field as it is (or at its default)."""

    service_id: int | None = None
    name: Texts | None = None
    description: Texts | None = None
    duration_minutes: int | None = None
    slot_interval_minutes: int | None = None
    buffer_before_minutes: int | None = None
    buffer_after_minutes: int | None = None
    min_notice_minutes: int | None = None
    horizon_days: int | None = None
    cancel_deadline_minutes: int | None = None
    reminder_minutes: int | None = None
    seats: int | None = None
    questions: Sequence[QuestionSpec] | None = None
    requires_strong_identification: bool | None = None
    active: bool | None = None
    resource_ids: Sequence[int] | None = None


@dataclass(frozen=True)
class IntervalSpec:
    weekday: int
    starts: str  # "HH:MM", local wall time
    ends: str


# ---------------------------------------------------------------- validation


def _texts(problems: _Problems, field: str, texts: Texts, *, least: int, most: int) -> Texts:
    texts = texts.stripped()
    for lang, text in texts.as_dict().items():
        if not least <= len(text) <= most:
            problems.add(f"{field}.{lang}", "text_length", min=least, max=most)
    return texts


def _questions(problems: _Problems, questions: Sequence[QuestionSpec]) -> list[dict[str, Any]]:
    if len(questions) > MAX_QUESTIONS:
        problems.add("questions", "too_many", max=MAX_QUESTIONS)
        return []
    seen: set[str] = set()
    result: list[dict[str, Any]] = []
    for i, q in enumerate(questions):
        where = f"questions.{i}"
        key = q.key.strip()
        if not QUESTION_KEY.fullmatch(key) or key in seen:
            problems.add(f"{where}.key", "question_key")
        seen.add(key)
        if q.type not in QUESTION_TYPES:
            problems.add(f"{where}.type", "question_type")
        label = _texts(problems, f"{where}.label", q.label, least=1, most=MAX_NAME)
        question: dict[str, Any] = {
            "key": key,
            "type": q.type,
            "required": q.required,
            "label": label.as_dict(),
        }
        options = list(q.options or [])
        if q.type == "choice":
            values = [o.value.strip() for o in options]
            if (
                not 1 <= len(options) <= MAX_OPTIONS
                or len(set(values)) != len(values)
                or not all(1 <= len(v) <= MAX_OPTION_VALUE for v in values)
            ):
                problems.add(f"{where}.options", "question_options", max=MAX_OPTIONS)
            question["options"] = [
                {
                    "value": value,
                    "label": _texts(
                        problems, f"{where}.options.{n}.label", o.label, least=1, most=MAX_NAME
                    ).as_dict(),
                }
                for n, (value, o) in enumerate(zip(values, options, strict=True))
            ]
        elif options:
            problems.add(f"{where}.options", "question_options", max=MAX_OPTIONS)
        result.append(question)
    return result


def _type_values(problems: _Problems, fields: TypeFields, *, creating: bool) -> dict[str, Any]:
    """The model columns to write, validated; errors go to `problems`."""
    values: dict[str, Any] = {}
    required = ("name", "duration_minutes", "slot_interval_minutes", "service_id")
    for name in required:
        if creating and getattr(fields, name) is None:
            problems.add(_camel(name), "required")
    if fields.name is not None:
        values.update(_texts(problems, "name", fields.name, least=1, most=MAX_NAME).columns("name"))
    if fields.description is not None:
        values.update(
            _texts(
                problems, "description", fields.description, least=0, most=MAX_DESCRIPTION
            ).columns("description")
        )
    for name, (least, most) in MINUTE_LIMITS.items():
        value = getattr(fields, name)
        if value is None:
            continue
        if not least <= value <= most or value % CELL_MINUTES:
            problems.add(_camel(name), "minutes_range", min=least, max=most)
        values[name] = value
    for name, (least, most) in COUNT_LIMITS.items():
        value = getattr(fields, name)
        if value is None:
            continue
        if not least <= value <= most:
            problems.add(_camel(name), "number_range", min=least, max=most)
        values[name] = value
    if fields.questions is not None:
        values["questions"] = _questions(problems, fields.questions)
    for flag in ("requires_strong_identification", "active"):
        if getattr(fields, flag) is not None:
            values[flag] = getattr(fields, flag)
    return values


async def _check_service(problems: _Problems, service_id: int | None) -> None:
    if service_id is not None and not await Service.exists(id=service_id):
        problems.add("serviceId", "not_found", code="NOT_FOUND")


async def _check_resources(
    problems: _Problems, unit_id: int, resource_ids: Sequence[int] | None
) -> list[int] | None:
    if resource_ids is None:
        return None
    ids = sorted(set(resource_ids))
    units = dict(await Resource.filter(id__in=ids).values_list("id", "unit_id")) if ids else {}
    for rid in ids:
        if rid not in units:
            problems.add("resourceIds", "not_found", code="NOT_FOUND")
        elif units[rid] != unit_id:
            problems.add("resourceIds", "resource_other_unit")
    return ids


def _audit_values(values: dict[str, Any]) -> dict[str, Any]:
    """What the audit trail keeps of a change: every field, questions by their keys."""
    kept = dict(values)
    if "questions" in kept:
        kept["questions"] = [q["key"] for q in kept["questions"]]
    return kept


def parse_time(text: str) -> int | None:
    """Minutes after local midnight of "HH:MM" on the 5-minute grid (24:00 ends a day)."""
    match = TIME.fullmatch(text.strip())
    if match is None:
        return None
    hours, minutes = int(match[1]), int(match[2])
    value = hours * 60 + minutes
    if minutes >= 60 or value > DAY_MINUTES or value % CELL_MINUTES:
        return None
    return value


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _window(problems: _Problems, field: str, starts: str, ends: str) -> tuple[int, int] | None:
    """`field` is the interval's input path; empty when its fields are the input's own."""
    at = f"{field}." if field else ""
    lo, hi = parse_time(starts), parse_time(ends)
    if lo is None or lo == DAY_MINUTES:
        problems.add(f"{at}starts", "bad_time")
    if hi is None or hi == 0:
        problems.add(f"{at}ends", "bad_time")
    if lo is None or hi is None:
        return None
    if lo >= hi:
        problems.add(f"{at}ends", "time_order")
        return None
    return lo, hi


def _overlaps(windows: Sequence[tuple[int, int]]) -> bool:
    ordered = sorted(windows)
    return any(b[0] < a[1] for a, b in pairwise(ordered))


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class TypeView:
    type: AppointmentType
    resource_ids: list[int]


@dataclass(frozen=True)
class ResourceView:
    resource: Resource
    schedule: list[ResourceSchedule]  # by weekday, then start
    exceptions: list[ResourceException]  # from today on, by date, closed rows first


def _exception_order(e: ResourceException) -> tuple[date, int, int]:
    return (e.date, -1 if e.starts is None else e.starts, e.id)


def today_in_helsinki() -> date:
    return datetime.now(availability.HELSINKI).date()


async def _type_views(types: Sequence[AppointmentType]) -> list[TypeView]:
    ids = [t.id for t in types]
    links: dict[int, list[int]] = defaultdict(list)
    if ids:
        rows = await AppointmentTypeResource.filter(appointment_type_id__in=ids).values_list(
            "appointment_type_id", "resource_id"
        )
        for type_id, resource_id in sorted(rows):
            links[type_id].append(resource_id)
    return [TypeView(type=t, resource_ids=links[t.id]) for t in types]


async def _resource_views(resources: Sequence[Resource], today: date) -> list[ResourceView]:
    """Schedules and exceptions of all `resources` in two queries."""
    ids = [r.id for r in resources]
    schedules: dict[int, list[ResourceSchedule]] = defaultdict(list)
    exceptions: dict[int, list[ResourceException]] = defaultdict(list)
    if ids:
        for row in await ResourceSchedule.filter(resource_id__in=ids):
            schedules[row.resource_id].append(row)
        for exc in await ResourceException.filter(resource_id__in=ids, date__gte=today):
            exceptions[exc.resource_id].append(exc)
    return [
        ResourceView(
            resource=r,
            schedule=sorted(schedules[r.id], key=lambda s: (s.weekday, s.starts, s.id)),
            exceptions=sorted(exceptions[r.id], key=_exception_order),
        )
        for r in resources
    ]


async def unit_appointment_types(principal: Principal, unit_id: int) -> list[TypeView]:
    """Every appointment type of the unit, inactive ones too, with their resources."""
    require(principal, VIEW_ROLES, unit_id)
    return await _type_views(await AppointmentType.filter(unit_id=unit_id).order_by("id"))


async def unit_resources(
    principal: Principal, unit_id: int, today: date | None = None
) -> list[ResourceView]:
    """Every resource of the unit, inactive ones too, with its week and coming exceptions."""
    require(principal, VIEW_ROLES, unit_id)
    resources = await Resource.filter(unit_id=unit_id).order_by("id")
    return await _resource_views(resources, today or today_in_helsinki())


def _check_range(first_day: date, last_day: date) -> None:
    if not 0 <= (last_day - first_day).days < MAX_LIST_DAYS:
        raise AppointmentError("INVALID_INPUT", "date_range", field="to", max=MAX_LIST_DAYS)


# Joined into the bookings' query. The appointment type comes in a second query instead: Tortoise
# aliases joined columns as "<table>__<relation>.<column>", and PostgreSQL cuts identifiers at 63
# characters, which loses "...appointment_type.requires_strong_identification".
_DIRECT = ("resource", "user")


async def unit_bookings(
    principal: Principal, unit_id: int, first_day: date, last_day: date
) -> list[Booking]:
    """The unit's bookings starting between two local dates (inclusive), by start, with their
    type, resource and customer: two queries, however many there are."""
    require(principal, VIEW_ROLES, unit_id)
    _check_range(first_day, last_day)
    return list(
        await Booking.filter(
            appointment_type__unit_id=unit_id,
            status__in=LISTED_STATUSES,
            starts_at__gte=availability.local_midnight(first_day),
            starts_at__lt=availability.local_midnight(last_day + timedelta(days=1)),
        )
        .select_related(*_DIRECT)
        .prefetch_related("appointment_type")
        .order_by("starts_at", "id")
    )


@dataclass(frozen=True)
class BookingDetails:
    """What a staff list shows of a booking besides its own columns."""

    appointment_type: AppointmentType
    resource: Resource
    customer_name: str | None

    @classmethod
    def of(cls, booking: Booking) -> BookingDetails:
        """From a booking loaded with its resource, user and appointment type."""
        user = booking.user
        return cls(
            appointment_type=booking.appointment_type,
            resource=booking.resource,
            customer_name=(user.name or None) if user is not None else None,
        )


async def booking_details(booking_id: Any) -> BookingDetails | None:
    booking = (
        await Booking.filter(id=booking_id)
        .select_related(*_DIRECT)
        .prefetch_related("appointment_type")
        .first()
    )
    return BookingDetails.of(booking) if booking is not None else None


@lru_cache(maxsize=32)
def _holiday_names(year: int, language: Language) -> dict[date, str]:
    code = {Language.FI: "fi", Language.SV: "sv_FI", Language.EN: "en_US"}[language]
    return dict(holidays.country_holidays("FI", years=year, language=code).items())


@dataclass(frozen=True)
class ResourceDay:
    resource: Resource
    windows: list[tuple[int, int]]  # local wall-clock minutes, what the resource works
    exceptions: list[ResourceException]  # the date's exception rows, if any


@dataclass(frozen=True)
class UnitDay:
    date: date
    public_holiday: bool
    resources: list[ResourceDay] = field(default_factory=list)

    def holiday_name(self, language: Language) -> str | None:
        if not self.public_holiday:
            return None
        return _holiday_names(self.date.year, language).get(self.date)


async def unit_days(
    principal: Principal, unit_id: int, first_day: date, last_day: date
) -> list[UnitDay]:
    """Each date's public holiday flag and what each active resource works on it, with the
    same rules as availability (exceptions replace the week; holidays close unless opened)."""
    require(principal, VIEW_ROLES, unit_id)
    _check_range(first_day, last_day)
    resources = await Resource.filter(unit_id=unit_id, active=True).order_by("id")
    ids = [r.id for r in resources]
    rows_of: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    exceptions: dict[tuple[int, date], list[ResourceException]] = defaultdict(list)
    if ids:
        for row in await ResourceSchedule.filter(resource_id__in=ids):
            rows_of[row.resource_id][row.weekday].append((row.starts, row.ends))
        for exc in await ResourceException.filter(
            resource_id__in=ids, date__gte=first_day, date__lte=last_day
        ):
            exceptions[(exc.resource_id, exc.date)].append(exc)
    weekly = {
        r.id: {weekday: tuple(sorted(w)) for weekday, w in rows_of[r.id].items()} for r in resources
    }
    days = []
    for offset in range((last_day - first_day).days + 1):
        day = first_day + timedelta(days=offset)
        per_resource = []
        for r in resources:
            rows = sorted(exceptions.get((r.id, day), []), key=_exception_order)
            windows = availability.windows_of_day(day, weekly[r.id], rows)
            per_resource.append(ResourceDay(resource=r, windows=sorted(windows), exceptions=rows))
        days.append(
            UnitDay(
                date=day,
                public_holiday=availability.is_public_holiday(day),
                resources=per_resource,
            )
        )
    return days


# ---------------------------------------------------------------- appointment types


async def create_appointment_type(
    principal: Principal, unit_id: int, fields: TypeFields
) -> TypeView:
    require(principal, MANAGE_ROLES, unit_id)
    if not await Unit.exists(id=unit_id):
        raise AppointmentError("NOT_FOUND", "not_found", field="unitId")
    problems = _Problems()
    values = _type_values(problems, fields, creating=True)
    await _check_service(problems, fields.service_id)
    resource_ids = await _check_resources(problems, unit_id, fields.resource_ids) or []
    problems.check()
    try:
        async with in_transaction():
            t = await AppointmentType.create(
                unit_id=unit_id, service_id=fields.service_id, **values
            )
            await AppointmentTypeResource.bulk_create(
                [
                    AppointmentTypeResource(appointment_type_id=t.id, resource_id=r)
                    for r in resource_ids
                ]
            )
            await audit.record(
                principal,
                "appointment_type.create",
                "appointment_type",
                str(t.id),
                unit_id=unit_id,
                service_id=fields.service_id,
                resource_ids=resource_ids,
                **_audit_values(values),
            )
    except IntegrityError:
        raise _write_refused() from None
    return (await _type_views([t]))[0]


async def update_appointment_type(
    principal: Principal, appointment_type_id: int, fields: TypeFields
) -> TypeView:
    t = await AppointmentType.filter(id=appointment_type_id).first()
    if t is None:
        raise AppointmentError("NOT_FOUND", "not_found", field="id")
    require(principal, MANAGE_ROLES, t.unit_id)
    problems = _Problems()
    values = _type_values(problems, fields, creating=False)
    if fields.service_id is not None:
        values["service_id"] = fields.service_id
    await _check_service(problems, fields.service_id)
    resource_ids = await _check_resources(problems, t.unit_id, fields.resource_ids)
    problems.check()
    try:
        async with in_transaction():
            if values:
                await AppointmentType.filter(id=t.id).update(**values)
            if values.get("reminder_minutes", t.reminder_minutes) != t.reminder_minutes:
                moved = await AppointmentType.get(id=t.id)
                await notify.reminders_rescheduled(moved, datetime.now(UTC))
            if resource_ids is not None:
                await AppointmentTypeResource.filter(appointment_type_id=t.id).delete()
                await AppointmentTypeResource.bulk_create(
                    [
                        AppointmentTypeResource(appointment_type_id=t.id, resource_id=r)
                        for r in resource_ids
                    ]
                )
            changes = _audit_values(values)
            if resource_ids is not None:
                changes["resource_ids"] = resource_ids
            await audit.record(
                principal,
                "appointment_type.update",
                "appointment_type",
                str(t.id),
                unit_id=t.unit_id,
                **changes,
            )
    except IntegrityError:
        raise _write_refused() from None
    fresh = await AppointmentType.get(id=t.id)
    return (await _type_views([fresh]))[0]


# ---------------------------------------------------------------- resources


def _check_kind(problems: _Problems, kind: str | None) -> None:
    if kind is not None and kind not in RESOURCE_KINDS:
        problems.add("kind", "bad_request")


async def _resource_of(principal: Principal, resource_id: int, field: str) -> Resource:
    resource = await Resource.filter(id=resource_id).first()
    if resource is None:
        raise AppointmentError("NOT_FOUND", "not_found", field=field)
    require(principal, MANAGE_ROLES, resource.unit_id)
    return resource


async def _view_of(resource_id: int) -> ResourceView:
    resource = await Resource.get(id=resource_id)
    return (await _resource_views([resource], today_in_helsinki()))[0]


async def create_resource(
    principal: Principal, unit_id: int, *, kind: str, name: Texts, active: bool = True
) -> ResourceView:
    require(principal, MANAGE_ROLES, unit_id)
    if not await Unit.exists(id=unit_id):
        raise AppointmentError("NOT_FOUND", "not_found", field="unitId")
    problems = _Problems()
    _check_kind(problems, kind)
    columns = _texts(problems, "name", name, least=1, most=MAX_NAME).columns("name")
    problems.check()
    try:
        async with in_transaction():
            resource = await Resource.create(unit_id=unit_id, kind=kind, active=active, **columns)
            await audit.record(
                principal,
                "resource.create",
                "resource",
                str(resource.id),
                unit_id=unit_id,
                kind=kind,
                active=active,
                **columns,
            )
    except IntegrityError:
        raise _write_refused() from None
    return await _view_of(resource.id)


async def update_resource(
    principal: Principal,
    resource_id: int,
    *,
    kind: str | None = None,
    name: Texts | None = None,
    active: bool | None = None,
) -> ResourceView:
    resource = await _resource_of(principal, resource_id, "id")
    problems = _Problems()
    _check_kind(problems, kind)
    values: dict[str, Any] = {}
    if name is not None:
        values.update(_texts(problems, "name", name, least=1, most=MAX_NAME).columns("name"))
    if kind is not None:
        values["kind"] = kind
    if active is not None:
        values["active"] = active
    problems.check()
    try:
        async with in_transaction():
            if values:
                await Resource.filter(id=resource.id).update(**values)
            await audit.record(
                principal,
                "resource.update",
                "resource",
                str(resource.id),
                unit_id=resource.unit_id,
                **values,
            )
    except IntegrityError:
        raise _write_refused() from None
    return await _view_of(resource.id)


async def set_resource_schedule(
    principal: Principal, resource_id: int, intervals: Sequence[IntervalSpec]
) -> ResourceView:
    """Replaces the resource's regular week in one transaction. Breaks are the gaps between
    intervals; intervals of one weekday may touch but not overlap."""
    resource = await _resource_of(principal, resource_id, "resourceId")
    problems = _Problems()
    if len(intervals) > MAX_INTERVALS:
        problems.add("intervals", "too_many", max=MAX_INTERVALS)
        problems.check()
    rows: list[tuple[int, int, int]] = []
    by_day: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, spec in enumerate(intervals):
        where = f"intervals.{i}"
        if not 1 <= spec.weekday <= 7:
            problems.add(f"{where}.weekday", "weekday_range")
        window = _window(problems, where, spec.starts, spec.ends)
        if window is None or not 1 <= spec.weekday <= 7:
            continue
        if _overlaps([*by_day[spec.weekday], window]):
            problems.add(where, "intervals_overlap")
        by_day[spec.weekday].append(window)
        rows.append((spec.weekday, *window))
    problems.check()
    rows.sort()
    try:
        async with in_transaction():
            # Locks the resource (PostgreSQL), so two replacements of one week run one by one.
            await Resource.filter(id=resource.id).select_for_update().first()
            await ResourceSchedule.filter(resource_id=resource.id).delete()
            await ResourceSchedule.bulk_create(
                [
                    ResourceSchedule(resource_id=resource.id, weekday=d, starts=s, ends=e)
                    for d, s, e in rows
                ]
            )
            await audit.record(
                principal,
                "resource.schedule",
                "resource",
                str(resource.id),
                unit_id=resource.unit_id,
                intervals=[[d, hhmm(s), hhmm(e)] for d, s, e in rows],
            )
    except IntegrityError:
        raise _write_refused() from None
    return await _view_of(resource.id)


async def add_resource_exception(
    principal: Principal,
    resource_id: int,
    *,
    day: date,
    closed: bool,
    starts: str | None = None,
    ends: str | None = None,
    reason: Texts | None = None,
    today: date | None = None,
) -> ResourceException:
    """A closed day, or one open interval of a day (add several for several intervals). The
    rows of a date replace its weekly intervals; on a public holiday, open rows open it."""
    resource = await _resource_of(principal, resource_id, "resourceId")
    problems = _Problems()
    if day < (today or today_in_helsinki()):
        problems.add("date", "date_in_past")
    window: tuple[int, int] | None = None
    if closed:
        if starts is not None or ends is not None:
            problems.add("starts", "closed_with_times")
    elif starts is None or ends is None:
        problems.add("starts", "closed_with_times")
    else:
        window = _window(problems, "", starts, ends)
    reason_columns = _texts(
        problems, "reason", reason or Texts(), least=0, most=MAX_REASON
    ).columns("reason")
    problems.check()
    try:
        async with in_transaction():
            await Resource.filter(id=resource.id).select_for_update().first()
            existing = await ResourceException.filter(resource_id=resource.id, date=day)
            if closed and existing:
                raise AppointmentError("INVALID_INPUT", "exception_conflict", field="date")
            if window is not None:
                if any(e.closed for e in existing):
                    raise AppointmentError("INVALID_INPUT", "exception_conflict", field="date")
                others = [
                    (e.starts, e.ends)
                    for e in existing
                    if e.starts is not None and e.ends is not None
                ]
                if _overlaps([*others, window]):
                    raise AppointmentError("INVALID_INPUT", "intervals_overlap", field="starts")
            exc = await ResourceException.create(
                resource_id=resource.id,
                date=day,
                closed=closed,
                starts=window[0] if window else None,
                ends=window[1] if window else None,
                **reason_columns,
            )
            await audit.record(
                principal,
                "resource.exception.add",
                "resource",
                str(resource.id),
                unit_id=resource.unit_id,
                exception_id=exc.id,
                date=day.isoformat(),
                closed=closed,
                starts=hhmm(window[0]) if window else None,
                ends=hhmm(window[1]) if window else None,
            )
    except IntegrityError:
        raise _write_refused() from None
    return exc


async def remove_resource_exception(principal: Principal, exception_id: int) -> ResourceView:
    exc = await ResourceException.filter(id=exception_id).first()
    if exc is None:
        raise AppointmentError("NOT_FOUND", "not_found", field="id")
    resource = await _resource_of(principal, exc.resource_id, "id")
    async with in_transaction():
        deleted = await ResourceException.filter(id=exc.id).delete()
        if not deleted:
            raise AppointmentError("NOT_FOUND", "not_found", field="id")
        await audit.record(
            principal,
            "resource.exception.remove",
            "resource",
            str(resource.id),
            unit_id=resource.unit_id,
            exception_id=exc.id,
            date=exc.date.isoformat(),
            closed=exc.closed,
        )
    return await _view_of(resource.id)
