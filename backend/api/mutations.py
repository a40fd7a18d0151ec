"""What every mutation payload shares: typed errors in the caller's language."""

from __future__ import annotations

from enum import Enum

import strawberry

from backend.accounts.errors import AccountsError
from backend.i18n import Language


@strawberry.enum(description="Why a mutation did not do what was asked.")
class ErrorCode(Enum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_INPUT = "INVALID_INPUT"
    ALREADY_GRANTED = "ALREADY_GRANTED"
    LAST_ADMIN = "LAST_ADMIN"
    HAS_UPCOMING_BOOKING = "HAS_UPCOMING_BOOKING"
    THROTTLED = "THROTTLED"
    BAD_CREDENTIALS = "BAD_CREDENTIALS"
    BAD_REQUEST = "BAD_REQUEST"
    UNKNOWN_SCOPE = "UNKNOWN_SCOPE"
    ALREADY_REVOKED = "ALREADY_REVOKED"
    SLOT_TAKEN = "SLOT_TAKEN"
    TOO_LATE_TO_CANCEL = "TOO_LATE_TO_CANCEL"
    OUTSIDE_BOOKING_WINDOW = "OUTSIDE_BOOKING_WINDOW"
    HOLD_EXPIRED = "HOLD_EXPIRED"
    QUESTION_MISSING = "QUESTION_MISSING"
    NOT_ALLOWED = "NOT_ALLOWED"
    TIME_HAS_BOOKINGS = "TIME_HAS_BOOKINGS"
    STRONG_IDENTIFICATION_REQUIRED = "STRONG_IDENTIFICATION_REQUIRED"
    UNKNOWN_CATEGORY = "UNKNOWN_CATEGORY"
    ANSWER_INVALID = "ANSWER_INVALID"
    OUTSIDE_CITY = "OUTSIDE_CITY"
    LOCATION_REQUIRED = "LOCATION_REQUIRED"
    TEXT_TOO_LONG = "TEXT_TOO_LONG"
    MARKUP_NOT_ALLOWED = "MARKUP_NOT_ALLOWED"
    TOO_MANY_PHOTOS = "TOO_MANY_PHOTOS"
    PHOTO_NOT_FOUND = "PHOTO_NOT_FOUND"
    CLIENT_ID_CONFLICT = "CLIENT_ID_CONFLICT"
    TRANSITION_NOT_ALLOWED = "TRANSITION_NOT_ALLOWED"
    STATUS_CONFLICT = "STATUS_CONFLICT"


@strawberry.type(description="A reason a mutation changed nothing.")
class MutationError:
    code: ErrorCode
    message: str = strawberry.field(description="For people, in the request's language.")
    field: str | None = strawberry.field(description="The input field at fault, if one is.")


def mutation_error(error: AccountsError, language: Language) -> MutationError:
    return MutationError(
        code=ErrorCode(error.code), message=error.message(language), field=error.field
    )
