"""Calendar downloads over plain HTTP (calendar apps speak neither GraphQL nor cookies):

- `GET /calendar/bookings/<id>.ics`: one booking as an `.ics` file, for its owner or staff whose
  role covers it (the session cookie, or any credential the app accepts); `<id>` is the
  booking's global id (`Booking:<uuid>` in base64) or its uuid. Signed out: 401; someone else's
  booking, or one that is no appointment (held, expired): 404. The language is `?lang=` or
  Accept-Language.
- `GET /calendar/feed/<token>.ics`: the feed of the person the secret token belongs to, no
  cookie needed; in their profile's language (`?lang=` overrides). An unknown or revoked token:
  404, the same answer for both.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.accounts.authn import principal_of
from backend.accounts.errors import AccountsError, not_found
from backend.accounts.web import error_response, language_of
from backend.appointments import calendar_feeds, ical
from backend.appointments.availability import HELSINKI
from backend.i18n import DEFAULT_LANGUAGE, parse_language
from backend.settings import Settings
from backend.web import public_base_url

MEDIA_TYPE = "text/calendar; charset=utf-8"
FEED_CACHE = "private, max-age=300"
DOWNLOAD_CACHE = "private, no-store"
BOOKING_PATH = "/calendar/bookings/{booking_id:path}.ics"
FEED_PATH = "/calendar/feed/{token}.ics"


def booking_uuid(raw: str) -> uuid.UUID | None:
    """A booking's uuid from its global id (standard or URL-safe base64) or the uuid itself."""
    if len(raw) > 200:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        pass
    padded = raw + "=" * (-len(raw) % 4)
    try:
        decoded = base64.b64decode(padded, altchars=b"-_" if "-" in raw or "_" in raw else None)
        type_name, _, node_id = decoded.decode("utf-8").partition(":")
        if type_name != "Booking":
            return None
        return uuid.UUID(node_id)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def _calendar_response(body: str, cache: str, filename: str | None = None) -> Response:
    headers = {"Cache-Control": cache}
    if filename is not None:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(body.encode("utf-8"), media_type=MEDIA_TYPE, headers=headers)


def routes(settings: Settings) -> list[Route]:
    async def booking_ics(request: Request) -> Response:
        principal = await principal_of(request)
        if principal.user is None:
            return error_response(request, AccountsError("UNAUTHENTICATED", "unauthenticated"), 401)
        booking_id = booking_uuid(request.path_params["booking_id"])
        if booking_id is None:
            return error_response(request, not_found(), 404)
        try:
            booking = await calendar_feeds.booking_for_calendar(principal, booking_id)
        except AccountsError as error:
            status = 401 if error.code == "UNAUTHENTICATED" else 404
            return error_response(request, error, status)
        body = ical.calendar(
            [booking], language_of(request), public_base_url(settings, request), datetime.now(UTC)
        )
        day = booking.starts_at.astimezone(HELSINKI).date().isoformat()
        return _calendar_response(body, DOWNLOAD_CACHE, f"asiointi-{day}.ics")

    async def feed_ics(request: Request) -> Response:
        now = datetime.now(UTC)
        feed = await calendar_feeds.feed_of_token(request.path_params["token"], now)
        if feed is None:
            return error_response(request, not_found(), 404)
        language = (
            parse_language(request.query_params.get("lang"))
            or parse_language(feed.user.language)
            or DEFAULT_LANGUAGE
        )
        bookings = await calendar_feeds.feed_bookings(feed.user_id, now)
        body = ical.calendar(bookings, language, public_base_url(settings, request), now, feed=True)
        return _calendar_response(body, FEED_CACHE)

    return [
        Route(BOOKING_PATH, booking_ics, methods=["GET"]),
        Route(FEED_PATH, feed_ics, methods=["GET"]),
    ]
