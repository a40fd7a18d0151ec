"""Everything `notifications` takes from `backend`, in one place: the user model (whose
language messages are written in), who is calling, the GraphQL plumbing every domain shares,
live-update events (`backend.live`), and the database helpers of the command line. No other
module of this package imports `backend` (tests/test_notifications_models.py checks it)."""

from __future__ import annotations

import hashlib
import uuid

from backend import live
from backend.accounts.models import User
from backend.accounts.principal import Principal
from backend.api.context import Info
from backend.api.errors import Refused
from backend.api.mutations import ErrorCode, MutationError
from backend.api.pagination import page_request
from backend.api.permissions import PersonalData
from backend.api.types import Language  # registered with strawberry there
from backend.i18n import DEFAULT_LANGUAGE
from backend.settings import PROJECT_ROOT, Settings

LANGUAGES = tuple(language.value for language in Language)
watch = live.watch


async def centre_changed(user_id: uuid.UUID) -> None:
    """Tells the user's live subscriptions that their notification centre changed (at the end
    of the request, when called in one: after its commit)."""
    await live.changed(live.notifications_topic(user_id))


def centre_topic(user_id: uuid.UUID) -> str:
    return live.notifications_topic(user_id)


def hash_tracking_token(token: str) -> str:
    """How an anonymous reporter's tracking token is stored (as service requests store it)."""
    return hashlib.sha256(token.encode()).hexdigest()


async def user_language(user_id: object) -> str | None:
    """The language of a user's profile; None when the user does not exist."""
    found = await User.filter(id=user_id).values_list("language", flat=True)
    return str(found[0]) if found else None


__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "PROJECT_ROOT",
    "ErrorCode",
    "Info",
    "Language",
    "MutationError",
    "PersonalData",
    "Principal",
    "Refused",
    "Settings",
    "User",
    "centre_changed",
    "centre_topic",
    "hash_tracking_token",
    "page_request",
    "user_language",
    "watch",
]
