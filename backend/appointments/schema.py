"""GraphQL face of appointments: thin types and resolvers over `service`."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from backend.accounts.errors import AccountsError
from backend.api.context import Info
from backend.api.errors import BadUserInput, NotFound
from backend.api.mutations import MutationError, mutation_error
from backend.appointments import models, service, staff_service
from backend.appointments.errors import AppointmentError
from backend.catalogue.schema import LocationInput, Service, Unit, decode_id
from backend.catalogue.service import Point
from backend.i18n import Language, localized


def _optional(text: str) -> str | None:
    return text or None


@strawberry.type(description="One choice of a multiple-choice question.")
class QuestionOption:
    value: str
    label: str


@strawberry.type(description="A question asked when booking, in the request's language.")
class BookingQuestion:
    key: str
    type: str = strawberry.field(description="`text`, `boolean`, `number` or `choice`.")
    required: bool
    label: str
    options: list[QuestionOption]

    @classmethod
    def of(cls, q: dict[str, Any], language: Language) -> BookingQuestion:
        def text(value: Any) -> str:
            value = value or {}
            return str(value.get(language.value) or value.get("fi") or "")

        return cls(
            key=str(q["key"]),
            type=str(q.get("type", "text")),
            required=bool(q.get("required")),
            label=text(q.get("label")) or str(q["key"]),
            options=[
                QuestionOption(value=str(o["value"]), label=text(o.get("label")) or str(o["value"]))
                for o in q.get("options") or []
            ],
        )


@strawberry.type(description="Something bookable at one unit, such as a passport appointment.")
class AppointmentType(relay.Node):
    id: relay.NodeID[int]
    name: str
    description: str | None
    duration_minutes: int
    slot_interval_minutes: int
    seats: int = strawberry.field(description="How many people one slot takes (1 at a counter).")
    min_notice_minutes: int
    horizon_days: int = strawberry.field(description="How many days ahead bookings open.")
    cancel_deadline_minutes: int = strawberry.field(
        description="Cancelling and moving online end this many minutes before the start."
    )
    requires_strong_identification: bool
    questions: list[BookingQuestion]
    unit_id: strawberry.Private[int]
    service_id: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        found = await info.context.catalogue.unit.load(self.unit_id)
        assert found is not None  # a foreign key with ON DELETE CASCADE
        return Unit.of(found, info.context.language)

    @strawberry.field(description="The service this books: where the PWA's booking flow starts.")
    async def service(self, info: Info) -> Service:
        found = await info.context.catalogue.service.load(self.service_id)
        assert found is not None  # a foreign key with ON DELETE CASCADE
        return Service.of(found, info.context.language)

    @classmethod
    def of(cls, t: models.AppointmentType, language: Language) -> AppointmentType:
        return cls(
            id=t.id,
            name=localized(t, "name", language),
            description=_optional(localized(t, "description", language)),
            duration_minutes=t.duration_minutes,
            slot_interval_minutes=t.slot_interval_minutes,
            seats=t.seats,
            min_notice_minutes=t.min_notice_minutes,
            horizon_days=t.horizon_days,
            cancel_deadline_minutes=t.cancel_deadline_minutes,
            requires_strong_identification=t.requires_strong_identification,
            questions=[BookingQuestion.of(q, language) for q in t.questions],
            unit_id=t.unit_id,
            service_id=t.service_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[AppointmentType | None]:
        found = await service.types_by_ids([int(i) for i in node_ids])
        return [
            cls.of(found[int(i)], info.context.language) if int(i) in found else None
            for i in node_ids
        ]


@strawberry.type(description="A free time: book it with `holdSlot` or `bookSlot`.")
class AvailableSlot:
    appointment_type_id: strawberry.ID
    starts_at: datetime = strawberry.field(description="UTC instant; show it in Europe/Helsinki.")
    ends_at: datetime
    seats_left: int
    distance: float | None = strawberry.field(description="Metres from `near`; null without it.")
    unit_id: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        found = await info.context.catalogue.unit.load(self.unit_id)
        assert found is not None
        return Unit.of(found, info.context.language, self.distance)


@strawberry.enum(description="Where a booking stands.")
class BookingStatus(Enum):
    HELD = "held"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"
    CHECKED_IN = "checked_in"
    EXPIRED = "expired"


@strawberry.enum(description="What staff record when the appointment's time comes.")
class Attendance(Enum):
    CHECKED_IN = "checked_in"
    NO_SHOW = "no_show"


@strawberry.type(description="An appointment, or a brief hold on one while questions are answered.")
class Booking(relay.Node):
    id: relay.NodeID[str]
    status: BookingStatus
    starts_at: datetime
    ends_at: datetime
    hold_expires_at: datetime | None
    answers: JSON
    cancel_reason: str | None
    appointment_type_id: strawberry.Private[int]
    # Loaded in bulk with staff lists (`unitAppointments`); else loaded when a field needs it.
    details: strawberry.Private[staff_service.BookingDetails | None] = None

    @strawberry.field
    async def appointment_type(self, info: Info) -> AppointmentType | None:
        if self.details is not None:
            return AppointmentType.of(self.details.appointment_type, info.context.language)
        found = await service.types_by_ids([self.appointment_type_id])
        t = found.get(self.appointment_type_id)
        return AppointmentType.of(t, info.context.language) if t else None

    async def _details(self) -> staff_service.BookingDetails | None:
        if self.details is None:
            self.details = await staff_service.booking_details(uuid.UUID(self.id))
        return self.details

    @strawberry.field(description="The desk, room or staff member the booking is with.")
    async def resource_name(self, info: Info) -> str | None:
        details = await self._details()
        return localized(details.resource, "name", info.context.language) if details else None

    @strawberry.field(
        description="The customer's name: only for staff covering the booking's unit (or its "
        "service), else null."
    )
    async def customer_name(self, info: Info) -> str | None:
        principal = info.context.principal
        if not principal.is_staff:
            return None
        details = await self._details()
        if details is None or not service.covers(
            principal, service.VIEW_ROLES, details.appointment_type
        ):
            return None
        return details.customer_name

    @classmethod
    def of(cls, b: models.Booking, details: staff_service.BookingDetails | None = None) -> Booking:
        return cls(
            id=str(b.id),
            status=BookingStatus(b.status),
            starts_at=b.starts_at,
            ends_at=b.ends_at,
            hold_expires_at=b.hold_expires_at if b.status == "held" else None,
            answers=JSON(b.answers),
            cancel_reason=b.cancel_reason or None,
            appointment_type_id=b.appointment_type_id,
            details=details,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Booking | None]:
        found: list[Booking | None] = []
        for node_id in node_ids:
            try:
                booking = await service.get_booking(info.context.principal, uuid.UUID(node_id))
            except (AccountsError, ValueError):
                found.append(None)  # someone else's booking answers as if it did not exist
            else:
                found.append(cls.of(booking))
        return found


NODE_TYPES: dict[str, type[Any]] = {"AppointmentType": AppointmentType, "Booking": Booking}


def _bad(field: str) -> AppointmentError:
    return AppointmentError("INVALID_INPUT", "bad_request", field=field)


def _int_id(global_id: strawberry.ID, expected: str, field: str) -> int:
    try:
        parsed = relay.GlobalID.from_id(global_id)
        value = int(parsed.node_id)
    except ValueError:
        raise _bad(field) from None
    if parsed.type_name != expected:
        raise _bad(field)
    return value


def _uuid_id(global_id: strawberry.ID, expected: str, field: str) -> uuid.UUID:
    try:
        parsed = relay.GlobalID.from_id(global_id)
        value = uuid.UUID(parsed.node_id)
    except ValueError:
        raise _bad(field) from None
    if parsed.type_name != expected:
        raise _bad(field)
    return value


def _aware(value: datetime, field: str) -> datetime:
    if value.tzinfo is None:
        raise _bad(field)
    return value


def _answers(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _bad("answers")
    return value


@strawberry.type
class AppointmentsQuery:
    @strawberry.field(description="What can be booked, for a service and/or at a unit.")
    async def appointment_types(
        self,
        info: Info,
        service_id: strawberry.ID | None = None,
        unit_id: strawberry.ID | None = None,
    ) -> list[AppointmentType]:
        language = info.context.language
        sid = decode_id(service_id, "Service", language) if service_id is not None else None
        uid = decode_id(unit_id, "Unit", language) if unit_id is not None else None
        found = await service.appointment_types(sid, uid)
        return [AppointmentType.of(t, language) for t in found]

    @strawberry.field(
        description="Free slots between two local dates (inclusive), of one appointment type or "
        "of every unit's type for a service: nearest unit first when `near` is given."
    )
    async def availability(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
        appointment_type_id: strawberry.ID | None = None,
        service_id: strawberry.ID | None = None,
        near: LocationInput | None = None,
    ) -> list[AvailableSlot]:
        language = info.context.language
        if (appointment_type_id is None) == (service_id is None):
            raise BadUserInput("bad_id", language)
        tid = (
            decode_id(appointment_type_id, "AppointmentType", language)
            if appointment_type_id is not None
            else None
        )
        sid = decode_id(service_id, "Service", language) if service_id is not None else None
        point = Point(near.lat, near.lon) if near else None
        if point is not None and not point.valid:
            raise BadUserInput("bad_location", language)
        if tid is not None and not await service.types_by_ids([tid]):
            raise NotFound("not_found", language)
        found = await service.find_availability(
            appointment_type_id=tid,
            service_id=sid,
            first_day=from_,
            last_day=to,
            near=point,
            now=service.utcnow(),
        )
        return [
            AvailableSlot(
                appointment_type_id=strawberry.ID(
                    str(relay.GlobalID("AppointmentType", str(s.appointment_type_id)))
                ),
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                seats_left=s.seats_left,
                distance=s.distance,
                unit_id=s.unit_id,
            )
            for s in found
        ]

    @strawberry.field(description="The signed-in person's bookings; empty when signed out.")
    async def my_bookings(self, info: Info, upcoming: bool | None = None) -> list[Booking]:
        if info.context.principal.user is None:
            return []
        found = await service.my_bookings(info.context.principal, upcoming, service.utcnow())
        return [Booking.of(b) for b in found]


@strawberry.input(description="A slot to hold for a few minutes while questions are answered.")
class HoldSlotInput:
    appointment_type_id: strawberry.ID
    starts_at: datetime
    idempotency_key: str = strawberry.field(description="Same key, same booking: safe to retry.")
    for_user_id: strawberry.ID | None = strawberry.field(
        default=None, description="Staff: the citizen the booking is for."
    )


@strawberry.input(description="Book a slot in one step.")
class BookSlotInput:
    appointment_type_id: strawberry.ID
    starts_at: datetime
    idempotency_key: str
    answers: JSON | None = None
    for_user_id: strawberry.ID | None = None


@strawberry.input(description="Confirm a held slot with the answers to its questions.")
class ConfirmBookingInput:
    booking_id: strawberry.ID
    idempotency_key: str
    answers: JSON | None = None


@strawberry.input
class CancelBookingInput:
    booking_id: strawberry.ID
    idempotency_key: str
    reason: str = ""


@strawberry.input(description="Move a booking: the new slot is taken and the old freed at once.")
class RescheduleBookingInput:
    booking_id: strawberry.ID
    starts_at: datetime
    idempotency_key: str


@strawberry.input(description="Staff: record a check-in or a no-show.")
class MarkAttendanceInput:
    booking_id: strawberry.ID
    attendance: Attendance


@strawberry.type
class BookingPayload:
    booking: Booking | None
    errors: list[MutationError]


async def _payload(info: Info, work: Any) -> BookingPayload:
    try:
        booking = await work()
    except AccountsError as error:
        return BookingPayload(booking=None, errors=[mutation_error(error, info.context.language)])
    return BookingPayload(booking=Booking.of(booking), errors=[])


def _user_id(value: strawberry.ID | None) -> uuid.UUID | None:
    return _uuid_id(value, "User", "forUserId") if value is not None else None


@strawberry.type
class AppointmentsMutation:
    @strawberry.mutation(description="Hold a slot for a few minutes; confirm it to keep it.")
    async def hold_slot(self, info: Info, input: HoldSlotInput) -> BookingPayload:
        async def work() -> models.Booking:
            return await service.hold_slot(
                info.context.principal,
                appointment_type_id=_int_id(
                    input.appointment_type_id, "AppointmentType", "appointmentTypeId"
                ),
                starts_at=_aware(input.starts_at, "startsAt"),
                idempotency_key=input.idempotency_key,
                for_user_id=_user_id(input.for_user_id),
            )

        return await _payload(info, work)

    @strawberry.mutation(description="Book a slot in one step.")
    async def book_slot(self, info: Info, input: BookSlotInput) -> BookingPayload:
        async def work() -> models.Booking:
            return await service.book_slot(
                info.context.principal,
                appointment_type_id=_int_id(
                    input.appointment_type_id, "AppointmentType", "appointmentTypeId"
                ),
                starts_at=_aware(input.starts_at, "startsAt"),
                idempotency_key=input.idempotency_key,
                answers=_answers(input.answers),
                for_user_id=_user_id(input.for_user_id),
            )

        return await _payload(info, work)

    @strawberry.mutation(description="Confirm a held slot before its hold expires.")
    async def confirm_booking(self, info: Info, input: ConfirmBookingInput) -> BookingPayload:
        async def work() -> models.Booking:
            return await service.confirm_booking(
                info.context.principal,
                _uuid_id(input.booking_id, "Booking", "bookingId"),
                answers=_answers(input.answers),
                idempotency_key=input.idempotency_key,
            )

        return await _payload(info, work)

    @strawberry.mutation(description="Cancel a booking (until the type's cancellation deadline).")
    async def cancel_booking(self, info: Info, input: CancelBookingInput) -> BookingPayload:
        async def work() -> models.Booking:
            return await service.cancel_booking(
                info.context.principal,
                _uuid_id(input.booking_id, "Booking", "bookingId"),
                reason=input.reason,
                idempotency_key=input.idempotency_key,
            )

        return await _payload(info, work)

    @strawberry.mutation(description="Move a booking to another slot, atomically.")
    async def reschedule_booking(self, info: Info, input: RescheduleBookingInput) -> BookingPayload:
        async def work() -> models.Booking:
            return await service.reschedule_booking(
                info.context.principal,
                _uuid_id(input.booking_id, "Booking", "bookingId"),
                starts_at=_aware(input.starts_at, "startsAt"),
                idempotency_key=input.idempotency_key,
            )

        return await _payload(info, work)

    @strawberry.mutation(description="Staff: mark a booking checked in or a no-show.")
    async def mark_attendance(self, info: Info, input: MarkAttendanceInput) -> BookingPayload:
        async def work() -> models.Booking:
            return await service.mark_attendance(
                info.context.principal,
                _uuid_id(input.booking_id, "Booking", "bookingId"),
                status=input.attendance.value,
            )

        return await _payload(info, work)
