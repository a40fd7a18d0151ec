"""GraphQL face of notifications: the VAPID key, push subscriptions, preferences, the in-app
notification centre, and the dead-letter queue for admins. Thin: rules live in `service`."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

import strawberry
from strawberry import relay

from notifications import config as push_config
from notifications import models, service
from notifications.errors import NotificationError, invalid
from notifications.interface import (
    ErrorCode,
    Info,
    Language,
    MutationError,
    PersonalData,
    Principal,
    Refused,
    centre_topic,
    page_request,
    watch,
)
from notifications.vapid import current_key

DEFAULT_PAGE_SIZE = 20


def _error(error: NotificationError, language: Language) -> MutationError:
    return MutationError(
        code=ErrorCode(error.code), message=error.message(language), field=error.field
    )


def _refused(error: NotificationError, language: Language) -> Refused:
    return Refused(error.code, error.message(language), error.field)


@strawberry.enum(description="What a notification is about; preferences are per kind.")
class NotificationKind(Enum):
    REQUEST_STATUS = "request_status"
    BOOKING_CONFIRMATION = "booking_confirmation"
    REMINDER = "reminder"


@strawberry.type(description="Whether pushes of one kind are wanted.")
class NotificationPreference:
    kind: NotificationKind
    enabled: bool


def _preferences(found: dict[str, bool]) -> list[NotificationPreference]:
    return [NotificationPreference(kind=NotificationKind(k), enabled=v) for k, v in found.items()]


@strawberry.type(
    description="A message of the in-app notification centre, in its reader's language."
)
class Notification(relay.Node):
    id: relay.NodeID[int]
    kind: NotificationKind
    title: str
    body: str
    url: str = strawberry.field(description="The screen to open: a path of the app.")
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, n: models.InAppNotification) -> Notification:
        return cls(
            id=n.id,
            kind=NotificationKind(n.kind),
            title=n.title,
            body=n.body,
            url=n.url,
            created_at=n.visible_at,
            read_at=n.read_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Notification | None]:
        info.context.mark_personal()
        user = info.context.principal.user
        if user is None:
            return [None for _ in node_ids]
        wanted = [int(i) for i in node_ids]
        found = {
            n.id: n
            for n in await models.InAppNotification.filter(
                id__in=wanted, user_id=user.id, visible_at__lte=service.utcnow()
            )
        }
        return [cls.of(found[i]) if i in found else None for i in wanted]


@strawberry.type
class NotificationConnection(relay.Connection[Notification]):
    total_count: int


@strawberry.enum(description="Where a push job stands.")
class NotificationJobStatus(Enum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"


@strawberry.type(description="One push to one device (admins).")
class NotificationJob(relay.Node):
    id: relay.NodeID[int]
    kind: NotificationKind
    status: NotificationJobStatus
    attempts: int
    last_error: str
    title: str
    push_service: str = strawberry.field(description="The push service's host (not the device).")
    due_at: datetime
    created_at: datetime

    @classmethod
    def of(cls, j: models.NotificationJob) -> NotificationJob:
        return cls(
            id=j.id,
            kind=NotificationKind(j.kind),
            status=NotificationJobStatus(j.status),
            attempts=j.attempts,
            last_error=j.last_error,
            title=str(j.payload.get("title", "")),
            push_service=urlsplit(j.subscription.endpoint).hostname or "",
            due_at=j.due_at,
            created_at=j.created_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[NotificationJob | None]:
        if not info.context.principal.is_admin:
            return [None for _ in node_ids]
        wanted = [int(i) for i in node_ids]
        found = {
            j.id: j
            for j in await models.NotificationJob.filter(id__in=wanted).select_related(
                "subscription"
            )
        }
        return [cls.of(found[i]) if i in found else None for i in wanted]


@strawberry.type
class NotificationJobConnection(relay.Connection[NotificationJob]):
    total_count: int


NODE_TYPES: dict[str, type[Any]] = {
    "Notification": Notification,
    "NotificationJob": NotificationJob,
}


@strawberry.type(description="A device registered for web push.")
class PushSubscription:
    endpoint: str
    language: Language = strawberry.field(description="Of messages when nobody is signed in.")
    vapid_public_key: str = strawberry.field(
        description="The key this subscription is expected to use (applicationServerKey)."
    )
    signed_in: bool = strawberry.field(description="Whether it belongs to the signed-in person.")
    created_at: datetime


@strawberry.type
class NotificationsQuery:
    @strawberry.field(
        description="The server's VAPID public key (base64url): subscribe with it as "
        "`applicationServerKey`; re-subscribe when it differs from the subscription's."
    )
    async def vapid_public_key(self) -> str:
        return (await current_key(push_config.current())).public_key

    @strawberry.field(
        description="Which kinds of pushes the signed-in person wants; null when signed out.",
        permission_classes=[PersonalData],
    )
    async def notification_preferences(self, info: Info) -> list[NotificationPreference] | None:
        user = info.context.principal.user
        if user is None:
            return None
        return _preferences(await service.preferences(user.id))

    @strawberry.field(
        description="The signed-in person's notification centre, newest first; empty when "
        "signed out.",
        permission_classes=[PersonalData],
    )
    async def my_notifications(
        self, info: Info, first: int | None = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> NotificationConnection:
        page = page_request(
            first,
            after,
            default=DEFAULT_PAGE_SIZE,
            maximum=info.context.settings.max_page_size,
            language=info.context.language,
        )
        user = info.context.principal.user
        rows, total = (
            await service.my_notifications(user.id, page.offset, page.limit)
            if user is not None
            else ([], 0)
        )
        edges = [
            relay.Edge(cursor=page.cursor(i), node=Notification.of(n)) for i, n in enumerate(rows)
        ]
        return NotificationConnection(
            edges=edges, page_info=page.page_info(len(edges), total), total_count=total
        )

    @strawberry.field(
        description="How many of the signed-in person's notifications are unread (0 signed out).",
        permission_classes=[PersonalData],
    )
    async def unread_notification_count(self, info: Info) -> int:
        user = info.context.principal.user
        return await service.unread_count(user.id) if user is not None else 0

    @strawberry.field(description="Pushes that failed for good, newest first (admins only).")
    async def dead_notification_jobs(
        self, info: Info, first: int | None = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> NotificationJobConnection:
        info.context.mark_personal()
        language = info.context.language
        page = page_request(
            first,
            after,
            default=DEFAULT_PAGE_SIZE,
            maximum=info.context.settings.max_page_size,
            language=language,
        )
        try:
            rows, total = await service.dead_jobs(info.context.principal, page.offset, page.limit)
        except NotificationError as error:
            raise _refused(error, language) from None
        edges = [
            relay.Edge(cursor=page.cursor(i), node=NotificationJob.of(j))
            for i, j in enumerate(rows)
        ]
        return NotificationJobConnection(
            edges=edges, page_info=page.page_info(len(edges), total), total_count=total
        )


@strawberry.type(description="The signed-in person's notification centre at a glance.")
class NotificationCentreUpdate:
    unread_count: int
    latest: Notification | None = strawberry.field(description="The newest notification.")


@strawberry.type
class NotificationsSubscription:
    @strawberry.subscription(
        description="The signed-in person's unread count and newest notification, now and "
        "whenever they change (a new notification, some marked read). UNAUTHENTICATED when "
        "signed out, and when the session ends."
    )
    async def my_notifications_updated(
        self, info: Info
    ) -> AsyncGenerator[NotificationCentreUpdate, None]:
        language = info.context.language

        async def topics(principal: Principal) -> list[str]:
            if principal.user is None:
                raise _refused(NotificationError("UNAUTHENTICATED", "unauthenticated"), language)
            return [centre_topic(principal.user.id)]

        async def read(principal: Principal) -> NotificationCentreUpdate:
            assert principal.user is not None  # the identity cannot change while it lasts
            user_id = principal.user.id
            rows, _ = await service.my_notifications(user_id, 0, 1)
            return NotificationCentreUpdate(
                unread_count=await service.unread_count(user_id),
                latest=Notification.of(rows[0]) if rows else None,
            )

        # Re-read at every check too: a reminder becomes visible at its time, unannounced.
        async for update in watch(info.context, topics, read, reread_on_tick=True):
            yield update


@strawberry.input(description="PushSubscription.toJSON().keys")
class PushSubscriptionKeysInput:
    p256dh: str
    auth: str


@strawberry.input(description="A browser's push subscription (PushSubscription.toJSON()).")
class RegisterPushSubscriptionInput:
    endpoint: str
    keys: PushSubscriptionKeysInput
    language: Language | None = strawberry.field(
        default=None,
        description="Of messages to this device when nobody is signed in; default: the "
        "profile's, else the request's.",
    )
    tracking_token: str | None = strawberry.field(
        default=None, description="An anonymous report's tracking token to follow."
    )


@strawberry.type
class RegisterPushSubscriptionPayload:
    subscription: PushSubscription | None
    errors: list[MutationError]


@strawberry.input
class UnregisterPushSubscriptionInput:
    endpoint: str


@strawberry.type
class UnregisterPushSubscriptionPayload:
    removed: bool = strawberry.field(description="Whether the subscription was registered.")
    errors: list[MutationError]


@strawberry.input
class NotificationPreferenceInput:
    kind: NotificationKind
    enabled: bool


@strawberry.input
class UpdateNotificationPreferencesInput:
    preferences: list[NotificationPreferenceInput]


@strawberry.type
class UpdateNotificationPreferencesPayload:
    preferences: list[NotificationPreference] | None
    errors: list[MutationError]


@strawberry.input(description="Give `ids`, `keys` or `all: true`.")
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = None
    keys: list[str] | None = strawberry.field(
        default=None, description="The `key` of pushes: the notifications of those events."
    )
    all: bool = False


@strawberry.type
class MarkNotificationsReadPayload:
    marked: int
    unread_count: int
    errors: list[MutationError]


@strawberry.input
class RetryNotificationJobInput:
    job_id: strawberry.ID


@strawberry.type
class RetryNotificationJobPayload:
    job: NotificationJob | None
    errors: list[MutationError]


def _notification_ids(ids: list[strawberry.ID]) -> list[int]:
    found = []
    for global_id in ids:
        try:
            parsed = relay.GlobalID.from_id(global_id)
            if parsed.type_name != "Notification" or not parsed.node_id.isdigit():
                raise ValueError
        except ValueError:
            raise invalid("bad_request", "ids") from None
        found.append(int(parsed.node_id))
    return found


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(description="Register this browser's push subscription.")
    async def register_push_subscription(
        self, info: Info, input: RegisterPushSubscriptionInput
    ) -> RegisterPushSubscriptionPayload:
        info.context.mark_personal()
        language = info.context.language
        try:
            made = await service.register_subscription(
                info.context.principal,
                endpoint=input.endpoint,
                p256dh=input.keys.p256dh,
                auth=input.keys.auth,
                language=input.language.value if input.language else None,
                tracking_token=input.tracking_token,
                request_language=language.value,
                config=push_config.current(),
            )
        except NotificationError as error:
            return RegisterPushSubscriptionPayload(
                subscription=None, errors=[_error(error, language)]
            )
        s = made.subscription
        return RegisterPushSubscriptionPayload(
            subscription=PushSubscription(
                endpoint=s.endpoint,
                language=Language(s.language),
                vapid_public_key=made.vapid_public_key,
                signed_in=s.user_id is not None,
                created_at=s.created_at,
            ),
            errors=[],
        )

    @strawberry.mutation(description="Forget a push subscription (on sign-out).")
    async def unregister_push_subscription(
        self, info: Info, input: UnregisterPushSubscriptionInput
    ) -> UnregisterPushSubscriptionPayload:
        try:
            removed = await service.unregister_subscription(input.endpoint)
        except NotificationError as error:
            return UnregisterPushSubscriptionPayload(
                removed=False, errors=[_error(error, info.context.language)]
            )
        return UnregisterPushSubscriptionPayload(removed=removed, errors=[])

    @strawberry.mutation(description="Turn kinds of pushes on or off.")
    async def update_notification_preferences(
        self, info: Info, input: UpdateNotificationPreferencesInput
    ) -> UpdateNotificationPreferencesPayload:
        info.context.mark_personal()
        try:
            found = await service.set_preferences(
                info.context.principal, [(p.kind.value, p.enabled) for p in input.preferences]
            )
        except NotificationError as error:
            return UpdateNotificationPreferencesPayload(
                preferences=None, errors=[_error(error, info.context.language)]
            )
        return UpdateNotificationPreferencesPayload(preferences=_preferences(found), errors=[])

    @strawberry.mutation(description="Mark notifications of the centre read.")
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        info.context.mark_personal()
        principal = info.context.principal
        try:
            ids = _notification_ids(input.ids) if input.ids else None
            marked = await service.mark_read(principal, ids, input.all, input.keys)
        except NotificationError as error:
            return MarkNotificationsReadPayload(
                marked=0, unread_count=0, errors=[_error(error, info.context.language)]
            )
        assert principal.user is not None
        return MarkNotificationsReadPayload(
            marked=marked, unread_count=await service.unread_count(principal.user.id), errors=[]
        )

    @strawberry.mutation(description="Queue a dead push job again (admins only).")
    async def retry_notification_job(
        self, info: Info, input: RetryNotificationJobInput
    ) -> RetryNotificationJobPayload:
        language = info.context.language
        try:
            try:
                parsed = relay.GlobalID.from_id(input.job_id)
                if parsed.type_name != "NotificationJob" or not parsed.node_id.isdigit():
                    raise ValueError
            except ValueError:
                raise NotificationError("NOT_FOUND", "not_found", "jobId") from None
            job = await service.retry_job(info.context.principal, int(parsed.node_id))
        except NotificationError as error:
            return RetryNotificationJobPayload(job=None, errors=[_error(error, language)])
        return RetryNotificationJobPayload(job=NotificationJob.of(job), errors=[])
