# mypy: allow-untyped-decorators
"""GraphQL face of personal calendar feeds: thin types and resolvers over `calendar_feeds`.

A booking's own `.ics` needs nothing here: it is `GET /calendar/bookings/<booking id>.ics`.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.accounts.errors import AccountsError
from backend.accounts.models import CalendarFeed
from backend.api.context import Info
from backend.api.mutations import MutationError, mutation_error
from backend.api.permissions import PersonalData
from backend.appointments import calendar_feeds
from backend.web import public_base_url


@strawberry.type(
    description="The signed-in person's calendar feed. Its secret URL is shown only when the "
    "feed is made (createCalendarFeed)."
)
class CalendarFeedInfo:
    created_at: datetime = strawberry.field(description="When the current URL was made.")
    last_used_at: datetime | None = strawberry.field(
        description="When a calendar last fetched the feed, accurate to about an hour."
    )

    @classmethod
    def of(cls, feed: CalendarFeed) -> CalendarFeedInfo:
        return cls(created_at=feed.created_at, last_used_at=feed.last_used_at)


@strawberry.type
class CreateCalendarFeedPayload:
    url: str | None = strawberry.field(
        description="The feed's secret address (https://…/calendar/feed/….ics) to subscribe to "
        "in a calendar app. Shown this once: only its hash is kept."
    )
    feed: CalendarFeedInfo | None
    errors: list[MutationError]


@strawberry.type
class RevokeCalendarFeedPayload:
    revoked: bool = strawberry.field(
        description="Whether a feed was revoked now (false when there was none)."
    )
    errors: list[MutationError]


@strawberry.type
class CalendarQuery:
    @strawberry.field(
        description="The signed-in person's calendar feed; null when they have none or nobody "
        "is signed in.",
        permission_classes=[PersonalData],
    )
    async def my_calendar_feed(self, info: Info) -> CalendarFeedInfo | None:
        feed = await calendar_feeds.my_feed(info.context.principal)
        return CalendarFeedInfo.of(feed) if feed is not None else None


@strawberry.type
class CalendarMutation:
    @strawberry.mutation(
        description="Make the signed-in person a secret calendar feed URL of their bookings, "
        "replacing the previous one (whose URL stops working at once)."
    )
    async def create_calendar_feed(self, info: Info) -> CreateCalendarFeedPayload:
        info.context.mark_personal()
        try:
            issued = await calendar_feeds.create_feed(info.context.principal)
        except AccountsError as error:
            return CreateCalendarFeedPayload(
                url=None, feed=None, errors=[mutation_error(error, info.context.language)]
            )
        base = public_base_url(info.context.settings, info.context.request)
        return CreateCalendarFeedPayload(
            url=f"{base}/calendar/feed/{issued.token}.ics",
            feed=CalendarFeedInfo.of(issued.feed),
            errors=[],
        )

    @strawberry.mutation(
        description="Revoke the signed-in person's calendar feed: its URL stops working."
    )
    async def revoke_calendar_feed(self, info: Info) -> RevokeCalendarFeedPayload:
        try:
            revoked = await calendar_feeds.revoke_feed(info.context.principal)
        except AccountsError as error:
            return RevokeCalendarFeedPayload(
                revoked=False, errors=[mutation_error(error, info.context.language)]
            )
        return RevokeCalendarFeedPayload(revoked=revoked, errors=[])
