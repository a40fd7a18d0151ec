"""Bookable appointment types, the resources that serve them, their schedules, and bookings.

The no-double-booking invariant lives in `SeatClaim`: see the comment above it.
"""

from __future__ import annotations

import uuid
from typing import Any

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from backend.accounts.models import User
from backend.catalogue.models import Service, Unit

# Claims are made on a fixed grid of this many minutes (UTC). Helsinki's offsets are whole
# hours, so the grid is the same in local time. Durations, buffers and schedules are multiples.
CELL_MINUTES = 5
# A booking claims at most a day of cells (duration and buffers), so a query for the claims that
# reach into a range need not look further back than this.
MAX_CLAIM_CELLS = 24 * 60 // CELL_MINUTES

BOOKING_STATUSES = ("held", "confirmed", "cancelled", "no_show", "checked_in", "expired")
# Statuses whose seat claims still stand (a held booking only until its hold expires).
CLAIMING_STATUSES = ("held", "confirmed", "no_show", "checked_in")
EVENT_KINDS = ("confirmed", "cancelled", "rescheduled", "reminder_due", "expired", "attendance")
RESOURCE_KINDS = ("desk", "room", "person")


# What a citizen books at one unit: a passport appointment, a counselling session.
# Questions are a JSON list of {key, type, required, label: {fi, sv, en}, options: [...]}.
class AppointmentType(Model):
    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "catalogue.Unit", related_name="appointment_types", on_delete=fields.CASCADE
    )
    service: fields.ForeignKeyRelation[Service] = fields.ForeignKeyField(
        "catalogue.Service", related_name="appointment_types", on_delete=fields.CASCADE
    )
    name_fi = fields.CharField(max_length=200)
    name_sv = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200)
    description_fi = fields.TextField(default="")
    description_sv = fields.TextField(default="")
    description_en = fields.TextField(default="")
    duration_minutes = fields.SmallIntField()
    slot_interval_minutes = fields.SmallIntField()
    buffer_before_minutes = fields.SmallIntField(default=0)
    buffer_after_minutes = fields.SmallIntField(default=0)
    min_notice_minutes = fields.IntField(default=60)
    horizon_days = fields.SmallIntField(default=60)
    cancel_deadline_minutes = fields.IntField(default=24 * 60)
    seats = fields.SmallIntField(default=1)
    questions: fields.Field[list[dict[str, Any]]] = fields.JSONField(default=list)
    requires_strong_identification = fields.BooleanField(default=False)
    # When the "reminder due" event of a booking falls; 0 sends no reminder.
    reminder_minutes = fields.IntField(default=24 * 60)
    active = fields.BooleanField(default=True)

    unit_id: int
    service_id: int

    class Meta:
        table = "appointments_type"
        indexes = (("service_id", "unit_id"),)
        constraints = (
            CheckConstraint(
                check="duration_minutes > 0 AND duration_minutes % 5 = 0 "
                "AND slot_interval_minutes > 0 AND slot_interval_minutes % 5 = 0 "
                "AND buffer_before_minutes >= 0 AND buffer_before_minutes % 5 = 0 "
                "AND buffer_after_minutes >= 0 AND buffer_after_minutes % 5 = 0 "
                "AND duration_minutes + buffer_before_minutes + buffer_after_minutes <= 1440",
                name="appointments_type_grid",
            ),
            CheckConstraint(
                check="seats >= 1 AND min_notice_minutes >= 0 AND horizon_days >= 1 "
                "AND cancel_deadline_minutes >= 0",
                name="appointments_type_limits",
            ),
            CheckConstraint(check="reminder_minutes >= 0", name="appointments_type_reminder"),
        )


# A desk, a room or a staff member at a unit.
class Resource(Model):
    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "catalogue.Unit", related_name="resources", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=10, default="desk")
    name_fi = fields.CharField(max_length=200)
    name_sv = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200)
    active = fields.BooleanField(default=True)

    unit_id: int

    class Meta:
        table = "appointments_resource"
        constraints = (
            CheckConstraint(
                check="kind IN ('desk', 'room', 'person')", name="appointments_resource_kind"
            ),
        )


# Which resources serve which appointment types.
class AppointmentTypeResource(Model):
    id = fields.IntField(primary_key=True)
    appointment_type: fields.ForeignKeyRelation[AppointmentType] = fields.ForeignKeyField(
        "appointments.AppointmentType", related_name="resource_links", on_delete=fields.CASCADE
    )
    resource: fields.ForeignKeyRelation[Resource] = fields.ForeignKeyField(
        "appointments.Resource", related_name="type_links", on_delete=fields.CASCADE
    )

    appointment_type_id: int
    resource_id: int

    class Meta:
        table = "appointments_type_resource"
        unique_together = (("appointment_type", "resource"),)


# One working interval of a resource's regular week, in local wall-clock minutes after midnight
# (Europe/Helsinki), like the catalogue's opening hours. Breaks are the gaps between intervals.
class ResourceSchedule(Model):
    id = fields.IntField(primary_key=True)
    resource: fields.ForeignKeyRelation[Resource] = fields.ForeignKeyField(
        "appointments.Resource", related_name="schedules", on_delete=fields.CASCADE
    )
    weekday = fields.SmallIntField()  # ISO: 1 = Monday … 7 = Sunday
    starts = fields.SmallIntField()
    ends = fields.SmallIntField()

    resource_id: int

    class Meta:
        table = "appointments_resource_schedule"
        indexes = (("resource_id", "weekday"),)
        constraints = (
            CheckConstraint(check="weekday BETWEEN 1 AND 7", name="appointments_schedule_weekday"),
            CheckConstraint(
                check="starts >= 0 AND starts < ends AND ends <= 1440 "
                "AND starts % 5 = 0 AND ends % 5 = 0",
                name="appointments_schedule_interval",
            ),
        )


# A date that differs from the weekly schedule. Rows of a date replace the weekly intervals
# of that date: a `closed` row (no times) closes it, open rows give its intervals. Finnish public
# holidays are closed unless the date has open rows.
class ResourceException(Model):
    id = fields.IntField(primary_key=True)
    resource: fields.ForeignKeyRelation[Resource] = fields.ForeignKeyField(
        "appointments.Resource", related_name="exceptions", on_delete=fields.CASCADE
    )
    date = fields.DateField()
    closed = fields.BooleanField(default=True)
    starts = fields.SmallIntField(null=True)
    ends = fields.SmallIntField(null=True)
    reason_fi = fields.CharField(max_length=200, default="")
    reason_sv = fields.CharField(max_length=200, default="")
    reason_en = fields.CharField(max_length=200, default="")

    resource_id: int

    class Meta:
        table = "appointments_resource_exception"
        indexes = (("resource_id", "date"),)
        constraints = (
            CheckConstraint(
                check="(closed AND starts IS NULL AND ends IS NULL) OR "
                "(NOT closed AND starts >= 0 AND starts < ends AND ends <= 1440 "
                "AND starts % 5 = 0 AND ends % 5 = 0)",
                name="appointments_exception_shape",
            ),
        )


# An appointment (or a hold on one). Times are UTC instants. The idempotency key is unique per
# user, so a retried request finds the booking it already made instead of making another.
class Booking(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    appointment_type: fields.ForeignKeyRelation[AppointmentType] = fields.ForeignKeyField(
        "appointments.AppointmentType", related_name="bookings", on_delete=fields.RESTRICT
    )
    resource: fields.ForeignKeyRelation[Resource] = fields.ForeignKeyField(
        "appointments.Resource", related_name="bookings", on_delete=fields.RESTRICT
    )
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="bookings", null=True, on_delete=fields.SET_NULL
    )
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="bookings_made", null=True, on_delete=fields.SET_NULL
    )
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    status = fields.CharField(max_length=12, default="held")
    hold_expires_at = fields.DatetimeField(null=True)
    answers: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    cancel_reason = fields.CharField(max_length=500, default="")
    idempotency_key = fields.CharField(max_length=100)
    # Where its seat claims are (cells [claim_from, claim_to) on seat `seat_no`), written in the
    # same transaction as the claims, so that availability reads one row per booking instead of
    # one per cell. Null when it claims nothing (cancelled, expired).
    seat_no = fields.SmallIntField(null=True)
    claim_from = fields.IntField(null=True)
    claim_to = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    appointment_type_id: int
    resource_id: int
    user_id: uuid.UUID | None
    created_by_id: uuid.UUID | None

    class Meta:
        table = "appointments_booking"
        unique_together = (("user", "idempotency_key"),)
        indexes = (
            ("user_id", "starts_at"),
            ("resource_id", "starts_at"),
            ("resource_id", "claim_from"),
        )
        constraints = (
            CheckConstraint(
                check="status IN ('held', 'confirmed', 'cancelled', 'no_show', 'checked_in', "
                "'expired')",
                name="appointments_booking_status",
            ),
            CheckConstraint(check="starts_at < ends_at", name="appointments_booking_times"),
            CheckConstraint(
                check="status <> 'held' OR hold_expires_at IS NOT NULL",
                name="appointments_booking_hold",
            ),
            CheckConstraint(
                check="(seat_no IS NULL AND claim_from IS NULL AND claim_to IS NULL) OR "
                "(seat_no >= 1 AND claim_from < claim_to AND claim_to - claim_from <= 288)",
                name="appointments_booking_claim",
            ),
        )


# Time staff take out of a resource's schedule (a meeting, a training). It claims every seat of
# its cells like a booking does, so a block and a booking never overlap: blocking time that has
# bookings in it fails until they are moved or cancelled.
class ResourceBlock(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    resource: fields.ForeignKeyRelation[Resource] = fields.ForeignKeyField(
        "appointments.Resource", related_name="blocks", on_delete=fields.CASCADE
    )
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    seats = fields.SmallIntField()
    claim_from = fields.IntField()
    claim_to = fields.IntField()
    reason = fields.CharField(max_length=500, default="")
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="resource_blocks", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    resource_id: int
    created_by_id: uuid.UUID | None

    class Meta:
        table = "appointments_resource_block"
        indexes = (("resource_id", "claim_from"),)
        constraints = (
            CheckConstraint(
                check="starts_at < ends_at AND seats >= 1 AND claim_from < claim_to",
                name="appointments_block_shape",
            ),
        )


# THE INVARIANT. A live booking claims every 5-minute cell of [start - buffer before,
# end + buffer after) on its resource, all with one seat number in 1..seats (a block of time
# claims every seat of its cells). The UNIQUE
# constraint on (resource, cell, seat) means no cell ever has two bookings on one seat, so no
# slot ever holds more bookings than seats, whatever the interleaving of requests: the database
# refuses the second claim, on SQLite and on PostgreSQL alike.
class SeatClaim(Model):
    id = fields.BigIntField(primary_key=True)
    booking: fields.ForeignKeyNullableRelation[Booking] = fields.ForeignKeyField(
        "appointments.Booking", related_name="claims", null=True, on_delete=fields.CASCADE
    )
    block: fields.ForeignKeyNullableRelation[ResourceBlock] = fields.ForeignKeyField(
        "appointments.ResourceBlock", related_name="claims", null=True, on_delete=fields.CASCADE
    )
    resource: fields.ForeignKeyRelation[Resource] = fields.ForeignKeyField(
        "appointments.Resource", related_name="claims", on_delete=fields.CASCADE
    )
    # The cell's index on the UTC grid: it starts at 1970-01-01T00:00Z + cell * 5 minutes.
    # An integer compares and hashes exactly on both engines (no text format of timestamps).
    cell = fields.IntField()
    seat_no = fields.SmallIntField()

    booking_id: uuid.UUID | None
    block_id: uuid.UUID | None
    resource_id: int

    class Meta:
        table = "appointments_seat_claim"
        unique_together = (("resource", "cell", "seat_no"),)
        indexes = (("booking_id",), ("block_id",))
        constraints = (
            CheckConstraint(check="seat_no >= 1 AND cell >= 0", name="appointments_claim_seat"),
            CheckConstraint(
                check="(booking_id IS NULL) <> (block_id IS NULL)", name="appointments_claim_owner"
            ),
        )


# Something that happened to a booking, written in the same transaction as the change, for the
# notifications worker to deliver. A mutation's idempotency key is unique per booking: a retried
# cancel or reschedule finds its own event and changes nothing twice.
class BookingEvent(Model):
    id = fields.BigIntField(primary_key=True)
    booking: fields.ForeignKeyRelation[Booking] = fields.ForeignKeyField(
        "appointments.Booking", related_name="events", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=20)
    due_at = fields.DatetimeField()
    payload: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    idempotency_key = fields.CharField(max_length=100, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    booking_id: uuid.UUID

    class Meta:
        table = "appointments_booking_event"
        unique_together = (("booking", "idempotency_key"),)
        indexes = (("due_at",),)
        constraints = (
            CheckConstraint(
                check="kind IN ('confirmed', 'cancelled', 'rescheduled', 'reminder_due', "
                "'expired', 'attendance')",
                name="appointments_event_kind",
            ),
        )
