"""Service requests: departments, categories (Open311 services), requests, their history,
photos and followers.

Every invariant the rules depend on is the database's: status values, the duplicate link, text
lengths, the City's bounding box, one request per client-generated id, at most five photos per
request (positions 0-4 under a UNIQUE constraint), one follow per person and request.
"""

from __future__ import annotations

import uuid
from typing import Any

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from backend.accounts.models import ApiKey, User

STATUSES = ("received", "in_handling", "resolved", "closed_without_action", "rejected", "duplicate")
OPEN_STATUSES = ("received", "in_handling")
CLOSED_STATUSES = ("resolved", "closed_without_action", "rejected", "duplicate")
EVENT_KINDS = ("created", "status", "note", "allocated", "merged", "reopened")
CHANNELS = ("app", "open311", "staff")
MAX_TITLE = 200
MAX_DESCRIPTION = 4000
MAX_NOTE = 4000
MAX_PHOTOS = 5
# A coarse box around the City of Helsinki, sea area and islands included: the database's
# bound. The service checks the finer polygon (`geography.in_helsinki`).
BOX = (59.9, 24.7, 60.35, 25.35)  # south, west, north, east

_STATUS_LIST = ", ".join(f"'{s}'" for s in STATUSES)


# A City department that handles requests (Urban Environment, Culture and Leisure, …). Staff
# scopes are department ids (RoleGrant scope_type "department").
class Department(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name_fi = fields.CharField(max_length=200)
    name_sv = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200)

    class Meta:
        table = "service_requests_department"


# What can be reported: an Open311 service. `questions` are the Open311 service definition's
# attributes: a JSON list of {code, datatype (string, number, datetime, text, singlevaluelist,
# multivaluelist), required, variable, order, description: {fi, sv, en},
# values: [{key, name: {fi, sv, en}}]}.
class RequestCategory(Model):
    id = fields.IntField(primary_key=True)
    service_code = fields.CharField(max_length=64, unique=True)
    name_fi = fields.CharField(max_length=200)
    name_sv = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200)
    description_fi = fields.TextField(default="")
    description_sv = fields.TextField(default="")
    description_en = fields.TextField(default="")
    group_fi = fields.CharField(max_length=100, default="")
    group_sv = fields.CharField(max_length=100, default="")
    group_en = fields.CharField(max_length=100, default="")
    keywords = fields.CharField(max_length=500, default="")
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "service_requests.Department", related_name="categories", on_delete=fields.RESTRICT
    )
    active = fields.BooleanField(default=True)
    # General feedback needs no place; a fallen tree does.
    location_required = fields.BooleanField(default=True)
    questions: fields.Field[list[dict[str, Any]]] = fields.JSONField(default=list)
    sort_order = fields.SmallIntField(default=0)

    department_id: int

    class Meta:
        table = "service_requests_category"
        constraints = (
            CheckConstraint(
                check="service_code <> '' AND service_code = lower(service_code) "
                "AND service_code NOT LIKE '% %'",
                name="service_requests_category_code",
            ),
        )


# Hands out the public request numbers (Open311 `service_request_id`): one row per request, its
# id the number. The engines' own auto-increment keeps concurrent requests apart.
class RequestNumber(Model):
    id = fields.IntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "service_requests_number"


# A reported problem. `client_id` is made by the reporting device: UNIQUE, so that sending an
# offline report twice never makes two. An anonymous reporter follows it with a secret token
# of which only the SHA-256 is kept. Contact details are never public.
class ServiceRequest(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    number = fields.IntField(unique=True)
    category: fields.ForeignKeyRelation[RequestCategory] = fields.ForeignKeyField(
        "service_requests.RequestCategory", related_name="requests", on_delete=fields.RESTRICT
    )
    title = fields.CharField(max_length=MAX_TITLE)
    description = fields.TextField(default="")
    lat = fields.FloatField(null=True)
    lon = fields.FloatField(null=True)
    address = fields.CharField(max_length=300, default="")
    answers: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    status = fields.CharField(max_length=24, default="received")
    allocated_department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "service_requests.Department",
        related_name="allocated_requests",
        null=True,
        on_delete=fields.SET_NULL,
    )
    allocated_to: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "accounts.User",
        related_name="service_requests_allocated",
        null=True,
        on_delete=fields.SET_NULL,
    )
    duplicate_of: fields.ForeignKeyNullableRelation[ServiceRequest] = fields.ForeignKeyField(
        "service_requests.ServiceRequest",
        related_name="duplicates",
        null=True,
        on_delete=fields.RESTRICT,
    )
    reporter: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="service_requests", null=True, on_delete=fields.SET_NULL
    )
    # The third party's key an Open311 request came with.
    api_key: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "accounts.ApiKey", related_name="service_requests", null=True, on_delete=fields.SET_NULL
    )
    contact_name = fields.CharField(max_length=200, default="")
    contact_email = fields.CharField(max_length=254, default="")
    contact_phone = fields.CharField(max_length=40, default="")
    show_name = fields.BooleanField(default=False)
    client_id = fields.UUIDField(null=True, unique=True)
    tracking_token_hash = fields.CharField(max_length=64, null=True, unique=True)
    channel = fields.CharField(max_length=10, default="app")
    # Set by the service (never implicitly), so that every change and its event share one time.
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    category_id: int
    allocated_department_id: int | None
    allocated_to_id: uuid.UUID | None
    duplicate_of_id: uuid.UUID | None
    reporter_id: uuid.UUID | None
    api_key_id: uuid.UUID | None

    class Meta:
        table = "service_requests_request"
        indexes = (
            ("status", "created_at"),
            # The staff queue (open statuses, a department's categories or allocations, oldest
            # first): its count and its page's numbers come from this index alone.
            ("status", "created_at", "number", "category_id", "allocated_department_id"),
            ("category_id", "status", "created_at"),
            ("allocated_department_id", "status", "created_at"),
            ("reporter_id", "created_at"),
            ("updated_at",),
            ("duplicate_of_id",),
        )
        constraints = (
            CheckConstraint(
                check=f"status IN ({_STATUS_LIST})", name="service_requests_request_status"
            ),
            CheckConstraint(
                check=f"length(title) BETWEEN 1 AND {MAX_TITLE} "
                f"AND length(description) <= {MAX_DESCRIPTION}",
                name="service_requests_request_texts",
            ),
            CheckConstraint(
                check="(lat IS NULL AND lon IS NULL) OR "
                f"(lat IS NOT NULL AND lon IS NOT NULL "
                f"AND lat BETWEEN {BOX[0]} AND {BOX[2]} AND lon BETWEEN {BOX[1]} AND {BOX[3]})",
                name="service_requests_request_location",
            ),
            CheckConstraint(
                check="((status = 'duplicate' AND duplicate_of_id IS NOT NULL) "
                "OR (status <> 'duplicate' AND duplicate_of_id IS NULL)) "
                "AND (duplicate_of_id IS NULL OR duplicate_of_id <> id)",
                name="service_requests_request_duplicate",
            ),
            CheckConstraint(
                check="number > 0 AND channel IN ('app', 'open311', 'staff')",
                name="service_requests_request_number",
            ),
        )


# Something that happened to a request, written in the same transaction as the change, for the
# notifications worker to deliver to the reporter and followers. `status` is the status the
# change set (null when it set none). The public note is shown to everyone, the internal note
# only to staff.
class RequestEvent(Model):
    id = fields.BigIntField(primary_key=True)
    request: fields.ForeignKeyRelation[ServiceRequest] = fields.ForeignKeyField(
        "service_requests.ServiceRequest", related_name="events", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="service_request_events", null=True, on_delete=fields.SET_NULL
    )
    kind = fields.CharField(max_length=10)
    status = fields.CharField(max_length=24, null=True)
    public_note = fields.TextField(default="")
    internal_note = fields.TextField(default="")
    payload: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)

    request_id: uuid.UUID
    actor_id: uuid.UUID | None

    class Meta:
        table = "service_requests_event"
        indexes = (("request_id", "at"), ("at",))
        constraints = (
            CheckConstraint(
                check="kind IN ('created', 'status', 'note', 'allocated', 'merged', 'reopened')",
                name="service_requests_event_kind",
            ),
            CheckConstraint(
                check=f"(status IS NULL OR status IN ({_STATUS_LIST})) "
                "AND (kind NOT IN ('created', 'status', 'reopened') OR status IS NOT NULL) "
                "AND (kind <> 'created' OR status = 'received')",
                name="service_requests_event_status",
            ),
            CheckConstraint(
                check=f"length(public_note) <= {MAX_NOTE} AND length(internal_note) <= {MAX_NOTE}",
                name="service_requests_event_notes",
            ),
        )


# A photo: the JPEG that `photos.process_photo` made from the upload (no metadata). Unattached
# (no request, no position) until a request takes it. A request's photos have positions 0-4,
# UNIQUE per request, so no request ever has more than five.
class RequestPhoto(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    request: fields.ForeignKeyNullableRelation[ServiceRequest] = fields.ForeignKeyField(
        "service_requests.ServiceRequest",
        related_name="photos",
        null=True,
        on_delete=fields.CASCADE,
    )
    position = fields.SmallIntField(null=True)
    data = fields.BinaryField()
    width = fields.IntField()
    height = fields.IntField()
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    uploader: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="service_request_photos", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()

    request_id: uuid.UUID | None
    uploader_id: uuid.UUID | None

    class Meta:
        table = "service_requests_photo"
        unique_together = (("request", "position"),)
        indexes = (("created_at",),)
        constraints = (
            CheckConstraint(
                check="width BETWEEN 1 AND 2560 AND height BETWEEN 1 AND 2560 "
                "AND size BETWEEN 1 AND 10485760",
                name="service_requests_photo_shape",
            ),
            CheckConstraint(
                check="(request_id IS NULL AND position IS NULL) OR "
                "(request_id IS NOT NULL AND position IS NOT NULL AND position BETWEEN 0 AND 4)",
                name="service_requests_photo_position",
            ),
        )


# A person who follows a request (its reporter need not): told of every change.
class RequestFollower(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="followed_requests", on_delete=fields.CASCADE
    )
    request: fields.ForeignKeyRelation[ServiceRequest] = fields.ForeignKeyField(
        "service_requests.ServiceRequest", related_name="followers", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: uuid.UUID
    request_id: uuid.UUID

    class Meta:
        table = "service_requests_follower"
        unique_together = (("user", "request"),)
        indexes = (("request_id",),)
