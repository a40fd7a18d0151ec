"""What a request's people are told, queued in the transaction of the change (the
notifications outbox): every public status change (a reopening, an allocation that puts a
received request in handling, a merge into an original) goes to the signed-in reporter, every
follower and the anonymous reporter's tracking subscriptions, never to the staff member who
made it. Notes without a status change tell nobody (internal notes are never shown).

One push `topic` and `tag` per request, so a phone that was offline gets only its latest
status.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from strawberry import relay

from backend.service_requests.errors import STATUS_NAMES
from backend.service_requests.models import RequestFollower, ServiceRequest
from notifications.outbox import (
    Kind,
    LocalizedMessage,
    enqueue_for_tracking_hash,
    enqueue_for_user,
)

LANGUAGES = ("fi", "sv", "en")
KIND: Kind = "request_status"
NOTE_CHARS = 300
MERGED = {
    "fi": "Ilmoitus #{number} yhdistettiin ilmoitukseen #{original}",
    "sv": "Ärende #{number} slogs ihop med ärende #{original}",
    "en": "Report #{number} was merged into report #{original}",
}
STATUS = {
    "fi": "Ilmoitus #{number}: {status}",
    "sv": "Ärende #{number}: {status}",
    "en": "Report #{number}: {status}",
}


def request_url(request_id: uuid.UUID) -> str:
    """The PWA's screen of the request (pwa/src/router.ts `paths.request`)."""
    return "/requests/" + quote(str(relay.GlobalID("ServiceRequest", str(request_id))), safe="")


def topic(request_id: uuid.UUID) -> str:
    return "r" + request_id.hex[:31]


def _body(request: ServiceRequest, public_note: str) -> str:
    note = public_note.strip()
    if len(note) > NOTE_CHARS:
        note = note[: NOTE_CHARS - 1].rstrip() + "…"
    return f"{request.title}\n{note}" if note else request.title


def _message(request: ServiceRequest, titles: dict[str, str], public_note: str) -> LocalizedMessage:
    body = _body(request, public_note)
    return LocalizedMessage(
        title={code: titles[code][:200] for code in LANGUAGES},
        body=dict.fromkeys(LANGUAGES, body[:1000]),
        url=request_url(request.id),
        tag=f"request-{request.id}",
        topic=topic(request.id),
        urgency="normal",
    )


async def _send(
    request: ServiceRequest, actor_id: uuid.UUID | None, message: LocalizedMessage, key: str
) -> None:
    followers: list[Any] = list(
        await RequestFollower.filter(request_id=request.id).values_list("user_id", flat=True)
    )
    people = {uuid.UUID(str(u)) for u in followers}
    if request.reporter_id is not None:
        people.add(request.reporter_id)
    if actor_id is not None:
        people.discard(actor_id)
    for user_id in sorted(people, key=str):
        await enqueue_for_user(user_id, KIND, message, key)
    if request.tracking_token_hash:
        await enqueue_for_tracking_hash(request.tracking_token_hash, KIND, message, key)


async def status_changed(
    request: ServiceRequest,
    status: str,
    *,
    actor_id: uuid.UUID | None,
    public_note: str,
    event_id: int,
) -> None:
    names = STATUS_NAMES[status]
    titles = {
        code: STATUS[code].format(number=request.number, status=names[code]) for code in LANGUAGES
    }
    message = _message(request, titles, public_note)
    await _send(request, actor_id, message, f"request:{request.id}:event:{event_id}")


async def merged(
    request: ServiceRequest,
    original: ServiceRequest,
    *,
    actor_id: uuid.UUID | None,
    public_note: str,
    key: str,
) -> None:
    """Before the duplicate's followers move to the original: they hear about the merge."""
    titles = {
        code: MERGED[code].format(number=request.number, original=original.number)
        for code in LANGUAGES
    }
    message = _message(request, titles, public_note)
    await _send(request, actor_id, message, f"request:{request.id}:merged:{key}")
