"""People, their roles, sessions, third-party API keys and the audit trail."""

from __future__ import annotations

import uuid

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

LANGUAGES = ("fi", "sv", "en")
ROLES = ("admin", "handler", "viewer")
SCOPE_TYPES = ("global", "department", "unit", "service")


# Citizens and staff alike. OpenID Connect users are found by (issuer, subject), never by e-mail;
# local accounts (the embedded default and demos) sign in with `login_email` and a password.
class User(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    name = fields.CharField(max_length=200, default="")
    email = fields.CharField(max_length=254, default="")
    language = fields.CharField(max_length=2, default="fi")
    login_email = fields.CharField(max_length=254, null=True, unique=True)
    password_hash = fields.CharField(max_length=200, null=True)
    oidc_issuer = fields.CharField(max_length=300, null=True)
    oidc_subject = fields.CharField(max_length=255, null=True)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "accounts_user"
        unique_together = (("oidc_issuer", "oidc_subject"),)
        constraints = (
            CheckConstraint(check="language IN ('fi', 'sv', 'en')", name="accounts_user_language"),
            CheckConstraint(
                check="(oidc_issuer IS NULL) = (oidc_subject IS NULL)",
                name="accounts_user_oidc_pair",
            ),
        )


# A staff or admin role, optionally limited to one department, unit or service.
class RoleGrant(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="role_grants", on_delete=fields.CASCADE
    )
    role = fields.CharField(max_length=20)
    scope_type = fields.CharField(max_length=20, default="global")
    scope_id = fields.CharField(max_length=64, default="")
    granted_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="grants_given", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: uuid.UUID

    class Meta:
        table = "accounts_role_grant"
        unique_together = (("user", "role", "scope_type", "scope_id"),)
        constraints = (
            CheckConstraint(
                check="role IN ('admin', 'handler', 'viewer')", name="accounts_grant_role"
            ),
            CheckConstraint(
                check="(scope_type = 'global' AND scope_id = '') OR "
                "(scope_type IN ('department', 'unit', 'service') AND scope_id <> '')",
                name="accounts_grant_scope",
            ),
        )


# A signed-in browser. The cookie holds a random token; the table holds only its SHA-256, so a
# copy of the database cannot be used to sign in.
class Session(Model):
    id = fields.CharField(max_length=64, primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    # Where the session came from: "local", or the OpenID Connect issuer (for RP-initiated logout).
    method = fields.CharField(max_length=300, default="local")
    id_token_hint = fields.TextField(default="")
    # How surely the person was identified at sign-in (eIDAS levels): "low" for a password or an
    # ordinary provider login, "substantial" or "high" for strong identification (Suomi.fi).
    assurance = fields.CharField(max_length=12, default="low")

    user_id: uuid.UUID

    class Meta:
        table = "accounts_session"
        constraints = (
            CheckConstraint(
                check="assurance IN ('low', 'substantial', 'high')",
                name="accounts_session_assurance",
            ),
        )


# A third party's key: shown once, stored as a SHA-256 of its secret part, scoped and revocable.
class ApiKey(Model):
    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    name = fields.CharField(max_length=200)
    prefix = fields.CharField(max_length=16, unique=True)
    secret_hash = fields.CharField(max_length=64)
    scopes: fields.Field[list[str]] = fields.JSONField(default=list)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="api_keys_created", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "accounts_api_key"


# Every grant and every staff action, for admins to read.
class AuditEvent(Model):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True)
    actor_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="audit_events", null=True, on_delete=fields.SET_NULL
    )
    actor_api_key: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "accounts.ApiKey", related_name="audit_events", null=True, on_delete=fields.SET_NULL
    )
    action = fields.CharField(max_length=64)
    target_type = fields.CharField(max_length=64, default="")
    target_id = fields.CharField(max_length=64, default="")
    details: fields.Field[dict[str, object]] = fields.JSONField(default=dict)
    request_id = fields.CharField(max_length=64, default="")

    class Meta:
        table = "accounts_audit_event"
        indexes = (("at",),)


# A person's iCalendar feed (calendar apps subscribe to its secret URL). Like a session, the URL
# holds a random token and the table only its SHA-256. One live feed per person: making a new one
# replaces the old, whose URL stops working at once; revoking deletes the row.
class CalendarFeed(Model):
    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "accounts.User", related_name="calendar_feed", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)

    user_id: uuid.UUID

    class Meta:
        table = "accounts_calendar_feed"
