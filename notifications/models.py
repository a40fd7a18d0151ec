"""Push subscriptions, preferences, the outbox of push jobs, VAPID keys and the in-app
notification centre.

Invariants live in the database: one active VAPID key (a UNIQUE nullable flag), one
subscription per endpoint, one job per event and subscription and one in-app notification per
event and user (UNIQUE dedupe keys, inserted with ON CONFLICT DO NOTHING).
"""

from __future__ import annotations

import uuid
from typing import Any

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from notifications.interface import User

KINDS = ("request_status", "booking_confirmation", "reminder")
URGENCIES = ("very-low", "low", "normal", "high")
JOB_STATUSES = ("pending", "sending", "sent", "dead")


# A VAPID key pair (RFC 8292) made by this installation. Exactly one is active (`active` is
# TRUE on it and NULL on the rest, and UNIQUE); retired ones stay to sign pushes to the
# subscriptions that browsers made with them, until those re-subscribe.
class VapidKey(Model):
    id = fields.IntField(primary_key=True)
    public_key = fields.CharField(max_length=100, unique=True)  # base64url uncompressed point
    private_key = fields.CharField(max_length=100)  # base64url raw scalar
    active = fields.BooleanField(null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    retired_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notifications_vapid_key"
        constraints = (
            CheckConstraint(
                check="(active IS NULL AND retired_at IS NOT NULL) OR "
                "(active AND retired_at IS NULL)",
                name="notifications_vapid_key_active",
            ),
        )


# A browser's push subscription (PushSubscription.toJSON()). The endpoint is a secret
# capability URL: whoever holds it owns the subscription. It belongs to a signed-in user, or
# follows anonymous reports through their tracking tokens (PushTracking), or both.
class PushSubscription(Model):
    id = fields.BigIntField(primary_key=True)
    endpoint = fields.CharField(max_length=1024, unique=True)
    p256dh = fields.CharField(max_length=100)
    auth = fields.CharField(max_length=40)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="push_subscriptions", null=True, on_delete=fields.CASCADE
    )
    # For subscriptions without a user: the language of their messages.
    language = fields.CharField(max_length=2, default="fi")
    # The VAPID public key the browser subscribed with (its applicationServerKey).
    vapid_public_key = fields.CharField(max_length=100)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    last_success_at = fields.DatetimeField(null=True)
    failure_count = fields.IntField(default=0)

    user_id: uuid.UUID | None

    class Meta:
        table = "notifications_push_subscription"
        indexes = (("user_id",),)
        constraints = (
            CheckConstraint(
                check="language IN ('fi', 'sv', 'en')", name="notifications_subscription_language"
            ),
        )


# An anonymous report (its tracking token's SHA-256) that a subscription follows.
class PushTracking(Model):
    id = fields.BigIntField(primary_key=True)
    subscription: fields.ForeignKeyRelation[PushSubscription] = fields.ForeignKeyField(
        "notifications.PushSubscription", related_name="tracking", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)

    subscription_id: int

    class Meta:
        table = "notifications_push_tracking"
        unique_together = (("token_hash", "subscription"),)


# Whether a user wants pushes of one kind; no row means yes. The in-app centre gets every kind.
class NotificationPreference(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="notification_preferences", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=30)
    enabled = fields.BooleanField(default=True)
    updated_at = fields.DatetimeField(auto_now=True)

    user_id: uuid.UUID

    class Meta:
        table = "notifications_preference"
        unique_together = (("user", "kind"),)
        constraints = (
            CheckConstraint(
                check="kind IN ('request_status', 'booking_confirmation', 'reminder')",
                name="notifications_preference_kind",
            ),
        )


# The outbox: one push to one subscription. Written in the transaction of the change it tells
# about; the worker claims it (`sending`, leased until `next_attempt_at`), sends it, and records
# `sent`, a retry (`pending` again, later) or `dead`. `next_attempt_at` is when a worker may take
# it: the due time or the retry time while pending, the end of the lease while sending.
class NotificationJob(Model):
    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=30)
    subscription: fields.ForeignKeyRelation[PushSubscription] = fields.ForeignKeyField(
        "notifications.PushSubscription", related_name="jobs", on_delete=fields.CASCADE
    )
    dedupe_key = fields.CharField(max_length=200)
    payload: fields.Field[dict[str, Any]] = fields.JSONField()
    topic = fields.CharField(max_length=32, null=True)
    urgency = fields.CharField(max_length=8, default="normal")
    ttl = fields.IntField()
    due_at = fields.DatetimeField()
    status = fields.CharField(max_length=8, default="pending")
    attempts = fields.SmallIntField(default=0)
    next_attempt_at = fields.DatetimeField()
    claim_token = fields.CharField(max_length=32, null=True)
    last_error = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    subscription_id: int

    class Meta:
        table = "notifications_job"
        unique_together = (("subscription", "dedupe_key"),)
        indexes = (("status", "next_attempt_at"),)
        constraints = (
            CheckConstraint(
                check="status IN ('pending', 'sending', 'sent', 'dead')",
                name="notifications_job_status",
            ),
            CheckConstraint(
                check="urgency IN ('very-low', 'low', 'normal', 'high')",
                name="notifications_job_urgency",
            ),
            CheckConstraint(
                check="kind IN ('request_status', 'booking_confirmation', 'reminder')",
                name="notifications_job_kind",
            ),
            CheckConstraint(check="ttl >= 0 AND attempts >= 0", name="notifications_job_numbers"),
        )


# The in-app notification centre: what a signed-in person was told, in their language.
class InAppNotification(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "accounts.User", related_name="notifications", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=30)
    dedupe_key = fields.CharField(max_length=200)
    title = fields.CharField(max_length=200)
    body = fields.CharField(max_length=1000)
    url = fields.CharField(max_length=500)
    created_at = fields.DatetimeField(auto_now_add=True)
    # When it appears in the centre: at once, or at its push's due time (a reminder).
    visible_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)

    user_id: uuid.UUID

    class Meta:
        table = "notifications_in_app"
        unique_together = (("user", "dedupe_key"),)
        indexes = (("user_id", "visible_at"), ("user_id", "read_at"))
        constraints = (
            CheckConstraint(
                check="kind IN ('request_status', 'booking_confirmation', 'reminder')",
                name="notifications_in_app_kind",
            ),
        )
