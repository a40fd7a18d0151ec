# mypy: allow-untyped-decorators
"""GraphQL face of staff management: a unit's appointment types, resources, weekly schedules,
exceptions, days and appointments. Thin: the rules are in `staff_service`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from enum import Enum
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry import relay

from backend.accounts.errors import AccountsError
from backend.api.context import Info
from backend.api.errors import Refused
from backend.api.mutations import MutationError, mutation_error
from backend.api.permissions import PersonalData
from backend.appointments import models, staff_service
from backend.appointments.schema import Booking, _int_id
from backend.appointments.staff_service import (
    IntervalSpec,
    OptionSpec,
    QuestionSpec,
    Texts,
    TypeFields,
    hhmm,
)
from backend.catalogue.schema import decode_id
from backend.i18n import Language, localized

T = TypeVar("T")


def _gid(type_name: str, node_id: int) -> strawberry.ID:
    return strawberry.ID(str(relay.GlobalID(type_name, str(node_id))))


async def _query(info: Info, work: Awaitable[T]) -> T:
    """A query's refusal as a GraphQL error with the mutation errors' codes (`NOT_ALLOWED`,
    `UNAUTHENTICATED`, `INVALID_INPUT` for a bad range) and a localized message."""
    try:
        return await work
    except AccountsError as error:
        raise Refused(error.code, error.message(info.context.language), error.field) from None


def _errors(error: AccountsError, language: Language) -> list[MutationError]:
    if isinstance(error, staff_service.InvalidInput):
        return [mutation_error(e, language) for e in error.errors]
    return [mutation_error(error, language)]


# ---------------------------------------------------------------- output types


@strawberry.type(description="A text in Finnish, Swedish and English.")
class LocalizedText:
    fi: str
    sv: str
    en: str

    @classmethod
    def of(cls, texts: Texts) -> LocalizedText:
        return cls(fi=texts.fi, sv=texts.sv, en=texts.en)


@strawberry.enum(description="What a bookable resource is.")
class ResourceKind(Enum):
    DESK = "desk"
    ROOM = "room"
    PERSON = "person"


@strawberry.type(description="A working interval of a resource's regular week, local time.")
class ScheduleInterval:
    weekday: int = strawberry.field(description="ISO weekday: 1 = Monday … 7 = Sunday.")
    starts: str = strawberry.field(description="HH:MM, Europe/Helsinki.")
    ends: str = strawberry.field(description="HH:MM; 24:00 is midnight at the day's end.")


@strawberry.type(description="A time span within one day, in local time (Europe/Helsinki).")
class TimeRange:
    starts: str = strawberry.field(description="HH:MM.")
    ends: str = strawberry.field(description="HH:MM.")


@strawberry.type(
    description="A date on which a resource works differently from its week: closed, or open "
    "for one interval (a date may have several open rows)."
)
class ResourceException:
    id: strawberry.ID
    resource_id: strawberry.ID
    date: date
    closed: bool
    starts: str | None
    ends: str | None
    reason: LocalizedText

    @classmethod
    def of(cls, e: models.ResourceException) -> ResourceException:
        return cls(
            id=_gid("ResourceException", e.id),
            resource_id=_gid("Resource", e.resource_id),
            date=e.date,
            closed=e.closed,
            starts=hhmm(e.starts) if e.starts is not None else None,
            ends=hhmm(e.ends) if e.ends is not None else None,
            reason=LocalizedText.of(Texts.of(e, "reason")),
        )


@strawberry.type(description="A desk, a room or a staff member at a unit, as staff manage it.")
class Resource:
    id: strawberry.ID
    unit_id: strawberry.ID
    kind: ResourceKind
    name: LocalizedText
    active: bool
    weekly_schedule: list[ScheduleInterval] = strawberry.field(
        description="The regular week; breaks are the gaps between intervals."
    )
    exceptions: list[ResourceException] = strawberry.field(
        description="Exceptions from today (Europe/Helsinki) on, by date."
    )

    @classmethod
    def of(cls, view: staff_service.ResourceView) -> Resource:
        r = view.resource
        return cls(
            id=_gid("Resource", r.id),
            unit_id=_gid("Unit", r.unit_id),
            kind=ResourceKind(r.kind),
            name=LocalizedText.of(Texts.of(r, "name")),
            active=r.active,
            weekly_schedule=[
                ScheduleInterval(weekday=s.weekday, starts=hhmm(s.starts), ends=hhmm(s.ends))
                for s in view.schedule
            ],
            exceptions=[ResourceException.of(e) for e in view.exceptions],
        )


@strawberry.type(description="One choice of a question, in every language.")
class StaffQuestionOption:
    value: str
    label: LocalizedText


@strawberry.type(description="A question asked at booking, in every language.")
class StaffQuestion:
    key: str
    type: str = strawberry.field(description="`text`, `boolean`, `number` or `choice`.")
    required: bool
    label: LocalizedText
    options: list[StaffQuestionOption]

    @classmethod
    def of(cls, q: dict[str, Any]) -> StaffQuestion:
        return cls(
            key=str(q.get("key", "")),
            type=str(q.get("type", "text")),
            required=bool(q.get("required")),
            label=LocalizedText.of(Texts.from_json(q.get("label"))),
            options=[
                StaffQuestionOption(
                    value=str(o.get("value", "")),
                    label=LocalizedText.of(Texts.from_json(o.get("label"))),
                )
                for o in q.get("options") or []
            ],
        )


@strawberry.type(
    description="An appointment type with every setting, as staff manage it; its id is the "
    "same as the public `AppointmentType`'s."
)
class StaffAppointmentType:
    id: strawberry.ID
    unit_id: strawberry.ID
    service_id: strawberry.ID
    name: LocalizedText
    description: LocalizedText
    duration_minutes: int
    slot_interval_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    min_notice_minutes: int
    horizon_days: int
    cancel_deadline_minutes: int
    reminder_minutes: int = strawberry.field(
        description="How long before the start the reminder is sent; 0: no reminder."
    )
    seats: int
    questions: list[StaffQuestion]
    requires_strong_identification: bool
    active: bool
    resource_ids: list[strawberry.ID]

    @classmethod
    def of(cls, view: staff_service.TypeView) -> StaffAppointmentType:
        t = view.type
        return cls(
            id=_gid("AppointmentType", t.id),
            unit_id=_gid("Unit", t.unit_id),
            service_id=_gid("Service", t.service_id),
            name=LocalizedText.of(Texts.of(t, "name")),
            description=LocalizedText.of(Texts.of(t, "description")),
            duration_minutes=t.duration_minutes,
            slot_interval_minutes=t.slot_interval_minutes,
            buffer_before_minutes=t.buffer_before_minutes,
            buffer_after_minutes=t.buffer_after_minutes,
            min_notice_minutes=t.min_notice_minutes,
            horizon_days=t.horizon_days,
            cancel_deadline_minutes=t.cancel_deadline_minutes,
            reminder_minutes=t.reminder_minutes,
            seats=t.seats,
            questions=[StaffQuestion.of(q) for q in t.questions],
            requires_strong_identification=t.requires_strong_identification,
            active=t.active,
            resource_ids=[_gid("Resource", r) for r in view.resource_ids],
        )


@strawberry.type(description="What one active resource works on one date.")
class ResourceDay:
    resource_id: strawberry.ID
    name: str = strawberry.field(description="In the request's language.")
    closed: bool
    intervals: list[TimeRange]
    exception: bool = strawberry.field(description="Whether an exception replaces the week.")
    reason: str | None = strawberry.field(description="The exception's reason, if given.")

    @classmethod
    def of(cls, day: staff_service.ResourceDay, language: Language) -> ResourceDay:
        reasons = [localized(e, "reason", language) for e in day.exceptions]
        return cls(
            resource_id=_gid("Resource", day.resource.id),
            name=localized(day.resource, "name", language),
            closed=not day.windows,
            intervals=[TimeRange(starts=hhmm(s), ends=hhmm(e)) for s, e in day.windows],
            exception=bool(day.exceptions),
            reason=next((r for r in reasons if r), None),
        )


@strawberry.type(description="One date at a unit, for the staff day and week views.")
class UnitDay:
    date: date
    weekday: int = strawberry.field(description="ISO weekday: 1 = Monday … 7 = Sunday.")
    public_holiday: bool = strawberry.field(
        description="A Finnish public holiday: resources are closed unless an exception opens."
    )
    holiday_name: str | None = strawberry.field(description="In the request's language.")
    resources: list[ResourceDay]

    @classmethod
    def of(cls, day: staff_service.UnitDay, language: Language) -> UnitDay:
        return cls(
            date=day.date,
            weekday=day.date.isoweekday(),
            public_holiday=day.public_holiday,
            holiday_name=day.holiday_name(language),
            resources=[ResourceDay.of(r, language) for r in day.resources],
        )


# ---------------------------------------------------------------- queries


@strawberry.type
class StaffAppointmentsQuery:
    @strawberry.field(
        description="Staff (admin, handler or viewer of the unit): every appointment type of the "
        "unit, inactive ones too, with every setting.",
        permission_classes=[PersonalData],
    )
    async def unit_appointment_types(
        self, info: Info, unit_id: strawberry.ID
    ) -> list[StaffAppointmentType]:
        uid = decode_id(unit_id, "Unit", info.context.language)
        found = await _query(
            info, staff_service.unit_appointment_types(info.context.principal, uid)
        )
        return [StaffAppointmentType.of(v) for v in found]

    @strawberry.field(
        description="Staff (admin, handler or viewer of the unit): the unit's resources, inactive "
        "ones too, with their weekly schedules and exceptions from today on.",
        permission_classes=[PersonalData],
    )
    async def unit_resources(self, info: Info, unit_id: strawberry.ID) -> list[Resource]:
        uid = decode_id(unit_id, "Unit", info.context.language)
        found = await _query(info, staff_service.unit_resources(info.context.principal, uid))
        return [Resource.of(v) for v in found]

    @strawberry.field(
        description="Staff (admin, handler or viewer of the unit): each local date from `from` to "
        "`to` (inclusive, at most 31 days) with its public holiday flag and what each active "
        "resource works.",
        permission_classes=[PersonalData],
    )
    async def unit_days(
        self,
        info: Info,
        unit_id: strawberry.ID,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
    ) -> list[UnitDay]:
        language = info.context.language
        uid = decode_id(unit_id, "Unit", language)
        found = await _query(info, staff_service.unit_days(info.context.principal, uid, from_, to))
        return [UnitDay.of(d, language) for d in found]

    @strawberry.field(
        description="Staff (admin, handler or viewer of the unit): the unit's appointments "
        "(confirmed, checked in, no-show or cancelled) starting between two local dates "
        "(inclusive, Europe/Helsinki, at most 31 days), by start time.",
        permission_classes=[PersonalData],
    )
    async def unit_appointments(
        self,
        info: Info,
        unit_id: strawberry.ID,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
    ) -> list[Booking]:
        uid = decode_id(unit_id, "Unit", info.context.language)
        found = await _query(
            info, staff_service.unit_bookings(info.context.principal, uid, from_, to)
        )
        return [Booking.of(b, staff_service.BookingDetails.of(b)) for b in found]


# ---------------------------------------------------------------- inputs


@strawberry.input(description="A text in Finnish, Swedish and English.")
class LocalizedTextInput:
    fi: str
    sv: str
    en: str

    def texts(self) -> Texts:
        return Texts(fi=self.fi, sv=self.sv, en=self.en)


@strawberry.input(description="One choice of a `choice` question.")
class QuestionOptionInput:
    value: str
    label: LocalizedTextInput


@strawberry.input(description="A question asked at booking.")
class QuestionInput:
    key: str = strawberry.field(description="1–40 of a–z, 0–9, _ and -; unique in the type.")
    type: str = strawberry.field(description="`text`, `boolean`, `number` or `choice`.")
    label: LocalizedTextInput
    required: bool = False
    options: list[QuestionOptionInput] | None = strawberry.field(
        default=None, description="Only for `choice`: at least one."
    )

    def spec(self) -> QuestionSpec:
        return QuestionSpec(
            key=self.key,
            type=self.type,
            required=self.required,
            label=self.label.texts(),
            options=[OptionSpec(value=o.value, label=o.label.texts()) for o in self.options]
            if self.options is not None
            else None,
        )


@strawberry.input(
    description="A new appointment type. Minutes are multiples of 5; its resources must belong "
    "to the same unit."
)
class CreateAppointmentTypeInput:
    unit_id: strawberry.ID
    service_id: strawberry.ID
    name: LocalizedTextInput
    duration_minutes: int
    slot_interval_minutes: int
    description: LocalizedTextInput | None = None
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    min_notice_minutes: int = 60
    horizon_days: int = strawberry.field(default=60, description="How far ahead bookings open.")
    cancel_deadline_minutes: int = 24 * 60
    reminder_minutes: int = strawberry.field(
        default=24 * 60, description="How long before the start the reminder is sent; 0: none."
    )
    seats: int = 1
    questions: list[QuestionInput] = strawberry.field(default_factory=list)
    requires_strong_identification: bool = False
    active: bool = True
    resource_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input(description="Changes to an appointment type: null leaves a field as it is.")
class UpdateAppointmentTypeInput:
    id: strawberry.ID
    service_id: strawberry.ID | None = None
    name: LocalizedTextInput | None = None
    description: LocalizedTextInput | None = None
    duration_minutes: int | None = None
    slot_interval_minutes: int | None = None
    buffer_before_minutes: int | None = None
    buffer_after_minutes: int | None = None
    min_notice_minutes: int | None = None
    horizon_days: int | None = None
    cancel_deadline_minutes: int | None = None
    reminder_minutes: int | None = strawberry.field(
        default=None,
        description="How long before the start the reminder is sent (0: none); reminders of "
        "bookings already made move, unless already sent.",
    )
    seats: int | None = None
    questions: list[QuestionInput] | None = strawberry.field(
        default=None, description="Replaces every question."
    )
    requires_strong_identification: bool | None = None
    active: bool | None = None
    resource_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Replaces the resources that serve the type."
    )


def _type_fields(
    input: CreateAppointmentTypeInput | UpdateAppointmentTypeInput,
    service_id: int | None,
) -> TypeFields:
    resource_ids = (
        [_int_id(r, "Resource", "resourceIds") for r in input.resource_ids]
        if input.resource_ids is not None
        else None
    )
    return TypeFields(
        service_id=service_id,
        name=input.name.texts() if input.name is not None else None,
        description=input.description.texts() if input.description is not None else None,
        duration_minutes=input.duration_minutes,
        slot_interval_minutes=input.slot_interval_minutes,
        buffer_before_minutes=input.buffer_before_minutes,
        buffer_after_minutes=input.buffer_after_minutes,
        min_notice_minutes=input.min_notice_minutes,
        horizon_days=input.horizon_days,
        cancel_deadline_minutes=input.cancel_deadline_minutes,
        reminder_minutes=input.reminder_minutes,
        seats=input.seats,
        questions=[q.spec() for q in input.questions] if input.questions is not None else None,
        requires_strong_identification=input.requires_strong_identification,
        active=input.active,
        resource_ids=resource_ids,
    )


@strawberry.input(description="A new desk, room or staff member at a unit.")
class CreateResourceInput:
    unit_id: strawberry.ID
    name: LocalizedTextInput
    kind: ResourceKind = ResourceKind.DESK
    active: bool = True


@strawberry.input(description="Changes to a resource: null leaves a field as it is.")
class UpdateResourceInput:
    id: strawberry.ID
    kind: ResourceKind | None = None
    name: LocalizedTextInput | None = None
    active: bool | None = None


@strawberry.input(description="A working interval of the regular week, local time.")
class ScheduleIntervalInput:
    weekday: int = strawberry.field(description="ISO weekday: 1 = Monday … 7 = Sunday.")
    starts: str = strawberry.field(description="HH:MM, a multiple of 5 minutes.")
    ends: str = strawberry.field(description="HH:MM, a multiple of 5 minutes; 24:00 allowed.")


@strawberry.input(
    description="The whole regular week of a resource: replaces the one it had, at once. Breaks "
    "are the gaps; intervals of one weekday may not overlap."
)
class SetResourceScheduleInput:
    resource_id: strawberry.ID
    intervals: list[ScheduleIntervalInput]


@strawberry.input(
    description="A date that differs from the week: closed (no times), or open for one interval "
    "(add one per interval). Public holidays are closed unless opened this way."
)
class AddResourceExceptionInput:
    resource_id: strawberry.ID
    date: date
    closed: bool = True
    starts: str | None = None
    ends: str | None = None
    reason: LocalizedTextInput | None = None


@strawberry.input
class RemoveResourceExceptionInput:
    id: strawberry.ID


# ---------------------------------------------------------------- payloads


@strawberry.type
class AppointmentTypePayload:
    appointment_type: StaffAppointmentType | None
    errors: list[MutationError]


@strawberry.type
class ResourcePayload:
    resource: Resource | None
    errors: list[MutationError]


@strawberry.type
class ResourceExceptionPayload:
    exception: ResourceException | None
    errors: list[MutationError]


@strawberry.type
class RemoveResourceExceptionPayload:
    removed_exception_id: strawberry.ID | None
    resource: Resource | None = strawberry.field(description="The resource, after the removal.")
    errors: list[MutationError]


async def _attempt(
    info: Info, work: Callable[[], Awaitable[T]]
) -> tuple[T | None, list[MutationError]]:
    try:
        return await work(), []
    except AccountsError as error:
        return None, _errors(error, info.context.language)


# ---------------------------------------------------------------- mutations


@strawberry.type
class StaffAppointmentsMutation:
    @strawberry.mutation(
        description="Staff (admin or handler of the unit): a new appointment type."
    )
    async def create_appointment_type(
        self, info: Info, input: CreateAppointmentTypeInput
    ) -> AppointmentTypePayload:
        async def work() -> staff_service.TypeView:
            unit_id = _int_id(input.unit_id, "Unit", "unitId")
            fields = _type_fields(input, _int_id(input.service_id, "Service", "serviceId"))
            return await staff_service.create_appointment_type(
                info.context.principal, unit_id, fields
            )

        view, errors = await _attempt(info, work)
        return AppointmentTypePayload(
            appointment_type=StaffAppointmentType.of(view) if view else None, errors=errors
        )

    @strawberry.mutation(description="Staff (admin or handler of the unit): change a type.")
    async def update_appointment_type(
        self, info: Info, input: UpdateAppointmentTypeInput
    ) -> AppointmentTypePayload:
        async def work() -> staff_service.TypeView:
            type_id = _int_id(input.id, "AppointmentType", "id")
            service_id = (
                _int_id(input.service_id, "Service", "serviceId")
                if input.service_id is not None
                else None
            )
            return await staff_service.update_appointment_type(
                info.context.principal, type_id, _type_fields(input, service_id)
            )

        view, errors = await _attempt(info, work)
        return AppointmentTypePayload(
            appointment_type=StaffAppointmentType.of(view) if view else None, errors=errors
        )

    @strawberry.mutation(description="Staff (admin or handler of the unit): a new resource.")
    async def create_resource(self, info: Info, input: CreateResourceInput) -> ResourcePayload:
        async def work() -> staff_service.ResourceView:
            return await staff_service.create_resource(
                info.context.principal,
                _int_id(input.unit_id, "Unit", "unitId"),
                kind=input.kind.value,
                name=input.name.texts(),
                active=input.active,
            )

        view, errors = await _attempt(info, work)
        return ResourcePayload(resource=Resource.of(view) if view else None, errors=errors)

    @strawberry.mutation(description="Staff (admin or handler of the unit): change a resource.")
    async def update_resource(self, info: Info, input: UpdateResourceInput) -> ResourcePayload:
        async def work() -> staff_service.ResourceView:
            return await staff_service.update_resource(
                info.context.principal,
                _int_id(input.id, "Resource", "id"),
                kind=input.kind.value if input.kind is not None else None,
                name=input.name.texts() if input.name is not None else None,
                active=input.active,
            )

        view, errors = await _attempt(info, work)
        return ResourcePayload(resource=Resource.of(view) if view else None, errors=errors)

    @strawberry.mutation(
        description="Staff (admin or handler of the unit): replace a resource's weekly schedule."
    )
    async def set_resource_schedule(
        self, info: Info, input: SetResourceScheduleInput
    ) -> ResourcePayload:
        async def work() -> staff_service.ResourceView:
            return await staff_service.set_resource_schedule(
                info.context.principal,
                _int_id(input.resource_id, "Resource", "resourceId"),
                [
                    IntervalSpec(weekday=i.weekday, starts=i.starts, ends=i.ends)
                    for i in input.intervals
                ],
            )

        view, errors = await _attempt(info, work)
        return ResourcePayload(resource=Resource.of(view) if view else None, errors=errors)

    @strawberry.mutation(
        description="Staff (admin or handler of the unit): close a resource on a date, or open it "
        "for an interval (also on a public holiday)."
    )
    async def add_resource_exception(
        self, info: Info, input: AddResourceExceptionInput
    ) -> ResourceExceptionPayload:
        async def work() -> models.ResourceException:
            return await staff_service.add_resource_exception(
                info.context.principal,
                _int_id(input.resource_id, "Resource", "resourceId"),
                day=input.date,
                closed=input.closed,
                starts=input.starts,
                ends=input.ends,
                reason=input.reason.texts() if input.reason is not None else None,
            )

        exc, errors = await _attempt(info, work)
        return ResourceExceptionPayload(
            exception=ResourceException.of(exc) if exc else None, errors=errors
        )

    @strawberry.mutation(
        description="Staff (admin or handler of the unit): remove an exception of a resource."
    )
    async def remove_resource_exception(
        self, info: Info, input: RemoveResourceExceptionInput
    ) -> RemoveResourceExceptionPayload:
        async def work() -> staff_service.ResourceView:
            return await staff_service.remove_resource_exception(
                info.context.principal, _int_id(input.id, "ResourceException", "id")
            )

        view, errors = await _attempt(info, work)
        return RemoveResourceExceptionPayload(
            removed_exception_id=input.id if view else None,
            resource=Resource.of(view) if view else None,
            errors=errors,
        )
