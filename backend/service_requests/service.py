"""Service request rules and transactions; no GraphQL and no HTTP here. The GraphQL schema and
the Open311 REST layer are two faces over these functions.

- Creating validates everything first (all field errors at once, `InvalidInput`), then writes
  the request, its number, its photos and its `created` event in one transaction: on any error
  nothing is written. The device's `client_id` is UNIQUE: the same id from the same reporter
  answers with the request it already made, even when both arrive at the same moment.
- Text is plain text: anything that looks like an HTML tag (`<b>`, `</a>`, `<script …>`,
  `<!-- -->`) is REJECTED, not stripped, so that what the City stores is exactly what the
  citizen saw when sending (a silent strip could change the meaning); `a < b > c` is plain text
  and passes. Control characters (NUL, …) are rejected too, tabs and newlines are kept.
- The status workflow is the `TRANSITIONS` table. Every change is a conditional write
  (`UPDATE … WHERE status = <the status it was read in>`) with its `RequestEvent` in the same
  transaction: of two staff members changing a request at once, one wins and the other is told
  STATUS_CONFLICT, and no change is ever made without its event or its event without the change.
- Staff see the requests of the departments they have a role for (RoleGrant scope "department",
  scope id the department's id), or all with a global role or as admins. A request is in a
  department when its category belongs to it or it is allocated to it.
- Live updates: a change tells subscribers of the request (`live.changed`) after its
  transaction, so that they re-read what was committed.
- Visibility: every request is public (without contact details; the name only when `show_name`)
  except rejected ones, which only staff and the reporter see.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend import live
from backend.accounts import audit
from backend.accounts.models import RoleGrant, User
from backend.accounts.principal import Principal
from backend.service_requests import geography, notify, photos
from backend.service_requests.errors import (
    InvalidInput,
    ServiceRequestError,
    not_allowed,
    not_found,
    status_conflict,
    transition_not_allowed,
    unauthenticated,
)
from backend.service_requests.models import (
    CLOSED_STATUSES,
    MAX_DESCRIPTION,
    MAX_NOTE,
    MAX_PHOTOS,
    MAX_TITLE,
    OPEN_STATUSES,
    STATUSES,
    Department,
    RequestCategory,
    RequestEvent,
    RequestFollower,
    RequestNumber,
    RequestPhoto,
    ServiceRequest,
)
from backend.service_requests.templates import TEMPLATES, ResponseTemplate
from backend.transactions import retrying

STAFF_ROLES = ("admin", "handler")
VIEW_ROLES = ("admin", "handler", "viewer")

# Where a request can go from each status. Reopening (a closed status back to in_handling) is
# recorded as a `reopened` event. A request becomes a duplicate only through `mark_duplicate`,
# which names its original.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("in_handling", "rejected", "duplicate"),
    "in_handling": ("resolved", "closed_without_action", "rejected", "duplicate"),
    "resolved": ("in_handling",),
    "closed_without_action": ("in_handling",),
    "rejected": ("in_handling",),
    "duplicate": ("in_handling",),
}

MAX_ADDRESS = 300
MAX_CONTACT_NAME = 200
MAX_EMAIL = 254
MAX_PHONE = 40
MAX_STRING_ANSWER = 500
MAX_TEXT_ANSWER = 4000
MAX_MY_REQUESTS = 200
MAX_NEARBY = 20
MAX_QUEUE_AGE_DAYS = 3650
TRACKING_TOKEN_BYTES = 32
STALE_PHOTO_AGE = timedelta(days=1)

# A tag: "<" then a letter, "/", "!" or "?", up to a ">" (so "a < b > c" and "<3" stay text).
MARKUP = re.compile(r"<[A-Za-z/!?][^<>]*>")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
PHONE = re.compile(r"\+?[0-9][0-9 ()-]{4,38}")
ANSWER_DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")

Access = Literal["staff", "owner", "public", "none"]


def utcnow() -> datetime:
    return datetime.now(UTC)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---------------------------------------------------------------- who may


@dataclass(frozen=True)
class Scope:
    """The departments whose requests a principal has one of some roles for."""

    everything: bool = False
    departments: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.everything and not self.departments

    def covers(self, request: ServiceRequest) -> bool:
        if self.everything:
            return True
        return (
            request.category.department_id in self.departments
            or request.allocated_department_id in self.departments
        )

    def covers_department(self, department_id: int) -> bool:
        return self.everything or department_id in self.departments


def scope_of(principal: Principal, roles: tuple[str, ...] = VIEW_ROLES) -> Scope:
    if principal.is_admin:
        return Scope(everything=True)
    everything = False
    departments: set[int] = set()
    for grant in principal.grants:
        if grant.role not in roles:
            continue
        if grant.scope_type == "global":
            everything = True
        elif grant.scope_type == "department" and grant.scope_id.isdigit():
            departments.add(int(grant.scope_id))
    return Scope(everything=everything, departments=frozenset(departments))


def is_owner(principal: Principal, request: ServiceRequest) -> bool:
    return principal.user is not None and request.reporter_id == principal.user.id


def access_of(principal: Principal, request: ServiceRequest) -> Access:
    """What the principal may see of the request (`request.category` must be loaded)."""
    if principal.is_staff and scope_of(principal, VIEW_ROLES).covers(request):
        return "staff"
    if is_owner(principal, request):
        return "owner"
    if request.status != "rejected":
        return "public"
    return "none"


def is_public(request: ServiceRequest) -> bool:
    """Whether anyone may see the request (in its public view)."""
    return request.status != "rejected"


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class NewRequest:
    """A report. `category` is the category's id (int) or its Open311 service code (str)."""

    category: int | str
    title: str = ""
    description: str = ""
    lat: float | None = None
    lon: float | None = None
    address: str = ""
    # An object keyed by the questions' codes (anything else is refused as INVALID_INPUT).
    answers: Any = field(default_factory=dict)
    photo_ids: Sequence[uuid.UUID] = ()
    contact: Contact = field(default_factory=Contact)
    show_name: bool = False
    client_id: uuid.UUID | None = None
    channel: str = "app"


@dataclass(frozen=True)
class Created:
    request: ServiceRequest
    # The secret for an anonymous reporter's tracking link: only here, never stored (its SHA-256
    # is). A resend of the same report from an anonymous device gets a new one, and the earlier
    # link stops working: the device keeps the newest.
    tracking_token: str | None
    # False when the client id found a request made before.
    created: bool


class _Problems:
    def __init__(self) -> None:
        self.errors: list[ServiceRequestError] = []

    def add(self, field: str, key: str, code: str = "INVALID_INPUT", **params: object) -> None:
        self.errors.append(ServiceRequestError(code, key, field=field, **params))

    def check(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


def _plain(
    problems: _Problems,
    field: str,
    value: str,
    *,
    max_length: int,
    multiline: bool = False,
) -> str:
    """The text stripped (single-line text with its whitespace collapsed), or problems."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    else:
        value = " ".join(value.split())
    if CONTROL.search(value):
        problems.add(field, "control_characters")
    elif MARKUP.search(value):
        problems.add(field, "markup_not_allowed", code="MARKUP_NOT_ALLOWED")
    if len(value) > max_length:
        problems.add(field, "text_too_long", code="TEXT_TOO_LONG", max=max_length)
    return value


def check_note(problems: _Problems, field: str, value: str) -> str:
    return _plain(problems, field, value, max_length=MAX_NOTE, multiline=True)


def _texts(value: Any) -> dict[str, str]:
    value = value if isinstance(value, dict) else {}
    return {lang: str(value.get(lang) or value.get("fi") or "") for lang in ("fi", "sv", "en")}


def questions_of(category: RequestCategory) -> list[dict[str, Any]]:
    """The category's attributes in their Open311 order."""
    return sorted(
        (q for q in category.questions if isinstance(q, dict) and q.get("code")),
        key=lambda q: (int(q.get("order") or 0), str(q["code"])),
    )


def _answer(question: dict[str, Any], value: Any) -> tuple[Any, str | None]:
    """The answer, typed, and the problem with it (a message key) if any."""
    datatype = str(question.get("datatype") or "string")
    keys = [str(v.get("key")) for v in question.get("values") or [] if isinstance(v, dict)]
    if datatype in ("string", "text"):
        if not isinstance(value, str):
            return value, "answer_invalid"
        scratch = _Problems()
        limit = MAX_STRING_ANSWER if datatype == "string" else MAX_TEXT_ANSWER
        text = _plain(scratch, "", value, max_length=limit, multiline=datatype == "text")
        return text, scratch.errors[0].key if scratch.errors else None
    if datatype == "number":
        number: float
        if isinstance(value, bool):
            return value, "answer_invalid"
        if isinstance(value, int | float):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip().replace(",", "."))
            except ValueError:
                return value, "answer_invalid"
        else:
            return value, "answer_invalid"
        if not math.isfinite(number) or abs(number) > 1e12:
            return value, "answer_invalid"
        return (int(number) if number.is_integer() else number), None
    if datatype == "datetime":
        if not isinstance(value, str):
            return value, "answer_invalid"
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return value, "answer_invalid"
        if moment.tzinfo is None:
            return value, "answer_invalid"
        return moment.astimezone(UTC).isoformat(), None
    if datatype == "singlevaluelist":
        return (
            (value, None) if isinstance(value, str) and value in keys else (value, "answer_invalid")
        )
    if datatype == "multivaluelist":
        chosen = [value] if isinstance(value, str) else value
        if not isinstance(chosen, list) or not all(
            isinstance(v, str) and v in keys for v in chosen
        ):
            return value, "answer_invalid"
        return [k for k in keys if k in chosen], None
    return value, "answer_invalid"


def _empty(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str | list | dict) and not value)
        or (isinstance(value, str) and not value.strip())
    )


def clean_answers(problems: _Problems, category: RequestCategory, answers: Any) -> dict[str, Any]:
    """The answers to the category's questions, typed; answers to no question are dropped."""
    if not isinstance(answers, dict):
        problems.add("answers", "answers_not_object")
        return {}
    result: dict[str, Any] = {}
    for question in questions_of(category):
        if question.get("variable") is False:
            continue  # an Open311 attribute that only informs
        code = str(question["code"])
        label = _texts(question.get("description"))
        where = f"answers.{code}"
        value = answers.get(code)
        if _empty(value):
            if question.get("required"):
                problems.add(where, "question_missing", code="QUESTION_MISSING", label=label)
            continue
        typed, problem = _answer(question, value)
        if problem == "markup_not_allowed":
            problems.add(where, problem, code="MARKUP_NOT_ALLOWED")
        elif problem == "text_too_long":
            limit = MAX_STRING_ANSWER if question.get("datatype") == "string" else MAX_TEXT_ANSWER
            problems.add(where, problem, code="TEXT_TOO_LONG", max=limit)
        elif problem is not None:
            problems.add(where, "answer_invalid", code="ANSWER_INVALID", label=label)
        elif question.get("required") and _empty(typed):
            problems.add(where, "question_missing", code="QUESTION_MISSING", label=label)
        else:
            result[code] = typed
    return result


async def category_of(category: int | str, *, active: bool = True) -> RequestCategory | None:
    query = (
        RequestCategory.filter(id=category)
        if isinstance(category, int)
        else RequestCategory.filter(service_code=category)
    )
    if active:
        query = query.filter(active=True)
    return await query.select_related("department").first()


def _location(
    problems: _Problems, category: RequestCategory, new: NewRequest, address: str
) -> tuple[float | None, float | None]:
    lat, lon = new.lat, new.lon
    if (lat is None) != (lon is None):
        problems.add("location", "bad_location")
        return None, None
    if lat is not None and lon is not None:
        if not (math.isfinite(lat) and math.isfinite(lon)) or not (
            -90 <= lat <= 90 and -180 <= lon <= 180
        ):
            problems.add("location", "bad_location")
            return None, None
        if not geography.in_helsinki(lat, lon):
            problems.add("location", "outside_city", code="OUTSIDE_CITY")
            return None, None
    elif category.location_required and not address:
        problems.add("location", "location_required", code="LOCATION_REQUIRED")
    return lat, lon


def _contact(problems: _Problems, contact: Contact) -> Contact:
    name = _plain(problems, "contact.name", contact.name, max_length=MAX_CONTACT_NAME)
    email = contact.email.strip()
    if email and (len(email) > MAX_EMAIL or not EMAIL.fullmatch(email)):
        problems.add("contact.email", "bad_email")
    phone = contact.phone.strip()
    if phone and not PHONE.fullmatch(phone):
        problems.add("contact.phone", "bad_phone")
    return Contact(name=name, email=email, phone=phone)


def _title(title: str, description: str) -> str:
    """The title, or one made of the description's first line when none was given."""
    if title:
        return title
    first = description.split("\n", 1)[0].strip()
    return first if len(first) <= 80 else first[:79].rstrip() + "…"


# ---------------------------------------------------------------- creating


def _same_reporter(principal: Principal, request: ServiceRequest) -> bool:
    if principal.user is not None:
        return request.reporter_id == principal.user.id
    key = uuid.UUID(principal.api_key_id) if principal.api_key_id else None
    return request.reporter_id is None and request.api_key_id == key


async def _existing(principal: Principal, client_id: uuid.UUID) -> Created | None:
    """The request this reporter already made with this client id, if any."""
    found = await _base().filter(client_id=client_id).first()
    if found is None:
        return None
    if not _same_reporter(principal, found):
        raise ServiceRequestError("CLIENT_ID_CONFLICT", "client_id_conflict", field="clientId")
    token = None
    if found.reporter_id is None and found.api_key_id is None:
        # An anonymous device sent the report again (its first answer may never have arrived):
        # its tracking link is the only way back to the report, so it gets a new one.
        token = secrets.token_urlsafe(TRACKING_TOKEN_BYTES)
        await ServiceRequest.filter(id=found.id).update(tracking_token_hash=hash_token(token))
        await live.changed(live.service_request_topic(found.id))  # the old link stops working
    return Created(request=found, tracking_token=token, created=False)


async def create_request(
    principal: Principal, new: NewRequest, *, now: datetime | None = None
) -> Created:
    """Validates and stores a report with its photos and `created` event, in one transaction.
    Raises `InvalidInput` (every field error) or `ServiceRequestError`; stores nothing then."""
    now = now or utcnow()
    if new.client_id is not None and (done := await _existing(principal, new.client_id)):
        return done
    category = await category_of(new.category)
    if category is None:
        raise ServiceRequestError("UNKNOWN_CATEGORY", "unknown_category", field="categoryId")
    problems = _Problems()
    title = _plain(problems, "title", new.title, max_length=MAX_TITLE)
    description = _plain(
        problems, "description", new.description, max_length=MAX_DESCRIPTION, multiline=True
    )
    if not title and not description:
        problems.add("description", "text_required")
    address = _plain(problems, "address", new.address, max_length=MAX_ADDRESS)
    lat, lon = _location(problems, category, new, address)
    answers = clean_answers(problems, category, new.answers)
    contact = _contact(problems, new.contact)
    photo_ids = list(dict.fromkeys(new.photo_ids))
    if len(photo_ids) > MAX_PHOTOS:
        problems.add("photoIds", "too_many_photos", code="TOO_MANY_PHOTOS", max=MAX_PHOTOS)
    if new.channel not in ("app", "open311", "staff"):
        problems.add("channel", "bad_request")
    problems.check()

    user = principal.user
    api_key_id = uuid.UUID(principal.api_key_id) if principal.api_key_id else None
    anonymous = user is None and api_key_id is None
    token = secrets.token_urlsafe(TRACKING_TOKEN_BYTES) if anonymous else None
    uploaded_by = (Q(uploader_id=None) | Q(uploader_id=user.id)) if user else Q(uploader_id=None)

    async def attempt() -> ServiceRequest:
        async with in_transaction():
            number = await RequestNumber.create(created_at=now)
            request = await ServiceRequest.create(
                number=number.id,
                category_id=category.id,
                title=_title(title, description),
                description=description,
                lat=lat,
                lon=lon,
                address=address,
                answers=answers,
                status="received",
                reporter_id=user.id if user else None,
                api_key_id=api_key_id,
                contact_name=contact.name,
                contact_email=contact.email,
                contact_phone=contact.phone,
                show_name=new.show_name,
                client_id=new.client_id,
                tracking_token_hash=hash_token(token) if token else None,
                channel=new.channel,
                created_at=now,
                updated_at=now,
            )
            for position, photo_id in enumerate(photo_ids):
                # Conditional: only a photo nobody has attached yet, uploaded by this person or
                # anonymously (its id is the secret that proves the upload).
                attached = await RequestPhoto.filter(
                    uploaded_by, id=photo_id, request_id=None
                ).update(request_id=request.id, position=position)
                if attached != 1:
                    raise ServiceRequestError(
                        "PHOTO_NOT_FOUND", "photo_not_found", field=f"photoIds.{position}"
                    )
            await RequestEvent.create(
                request_id=request.id,
                at=now,
                actor_id=user.id if user else None,
                kind="created",
                status="received",
            )
        return request

    try:
        made = await retrying(attempt)
    except IntegrityError:
        # The same client id arrived at the same moment and the other request won: answer with
        # what it made (nothing of this attempt was written).
        if new.client_id is not None and (done := await _existing(principal, new.client_id)):
            return done
        raise ServiceRequestError("INVALID_INPUT", "write_refused") from None
    return Created(request=await _reload(made.id), tracking_token=token, created=True)


# ---------------------------------------------------------------- photos


async def store_photo(
    principal: Principal, data: bytes, *, now: datetime | None = None
) -> RequestPhoto:
    """Checks and re-encodes an upload (`photos.process_photo`), then stores the new JPEG as an
    unattached photo. Raises `photos.PhotoRejected` before anything is stored."""
    processed = await photos.process_photo_async(data)
    return await RequestPhoto.create(
        data=processed.data,
        width=processed.width,
        height=processed.height,
        size=len(processed.data),
        sha256=processed.sha256,
        uploader_id=principal.user.id if principal.user else None,
        created_at=now or utcnow(),
    )


async def delete_stale_photos(
    *, now: datetime | None = None, max_age: timedelta = STALE_PHOTO_AGE
) -> int:
    """Deletes photos uploaded more than `max_age` ago that no request took. How many."""
    cutoff = (now or utcnow()) - max_age
    return int(await RequestPhoto.filter(request_id=None, created_at__lt=cutoff).delete())


@dataclass(frozen=True)
class PhotoInfo:
    id: uuid.UUID
    request_id: uuid.UUID
    position: int
    width: int
    height: int

    @property
    def path(self) -> str:
        return f"/service-requests/photos/{self.id}.jpg"


async def photos_of(request_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[PhotoInfo]]:
    """The photos of many requests in one query, without their bytes."""
    ids = list(request_ids)
    found: dict[uuid.UUID, list[PhotoInfo]] = defaultdict(list)
    if not ids:
        return found
    rows = (
        await RequestPhoto.filter(request_id__in=ids)
        .order_by("position")
        .values_list("id", "request_id", "position", "width", "height")
    )
    for photo_id, request_id, position, width, height in rows:
        info = PhotoInfo(
            id=_uuid(photo_id),
            request_id=_uuid(request_id),
            position=int(str(position)),
            width=int(str(width)),
            height=int(str(height)),
        )
        found[info.request_id].append(info)
    return found


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


async def photo_for_download(
    principal: Principal, photo_id: uuid.UUID
) -> tuple[RequestPhoto, bool] | None:
    """An attached photo of a request the principal may see, and whether its request is public
    (so that the photo may sit in shared caches); None otherwise."""
    photo = await RequestPhoto.filter(id=photo_id).exclude(request_id=None).first()
    if photo is None or photo.request_id is None:
        return None
    request = await ServiceRequest.filter(id=photo.request_id).select_related("category").first()
    if request is None or access_of(principal, request) == "none":
        return None
    return photo, is_public(request)


# ---------------------------------------------------------------- reading


def _base() -> QuerySet[ServiceRequest]:
    """Requests with what every view needs, in the same query (the joins are small tables)."""
    return ServiceRequest.all().select_related(
        "category__department", "allocated_department", "allocated_to", "reporter"
    )


async def get_request(principal: Principal, request_id: uuid.UUID) -> ServiceRequest:
    """The request if the principal may see it; else NOT_FOUND (the same for both)."""
    request = await _base().filter(id=request_id).first()
    if request is None or access_of(principal, request) == "none":
        raise not_found()
    return request


async def get_request_by_number(principal: Principal, number: int) -> ServiceRequest:
    request = await _base().filter(number=number).first()
    if request is None or access_of(principal, request) == "none":
        raise not_found()
    return request


async def request_by_token(token: str) -> ServiceRequest | None:
    """The request an anonymous reporter's tracking token belongs to (rejected ones too)."""
    if not 16 <= len(token) <= 200:
        return None
    return await _base().filter(tracking_token_hash=hash_token(token)).first()


async def requests_by_ids(
    principal: Principal, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ServiceRequest]:
    """The visible ones among `ids`, in one query."""
    if not ids:
        return {}
    found = await _base().filter(id__in=list(ids))
    return {r.id: r for r in found if access_of(principal, r) != "none"}


def _require_user(principal: Principal) -> User:
    if principal.user is None:
        raise unauthenticated()
    return principal.user


async def my_requests(principal: Principal) -> list[ServiceRequest]:
    """The signed-in person's reports, newest first."""
    user = _require_user(principal)
    return list(
        await _base()
        .filter(reporter_id=user.id)
        .order_by("-created_at", "-number")
        .limit(MAX_MY_REQUESTS)
    )


async def followed_requests(principal: Principal) -> list[ServiceRequest]:
    """Requests the signed-in person follows (that they may still see), newest first."""
    user = _require_user(principal)
    found = await (
        _base()
        .filter(followers__user_id=user.id)
        .order_by("-created_at", "-number")
        .limit(MAX_MY_REQUESTS)
    )
    return [r for r in found if access_of(principal, r) != "none"]


async def followed_among(principal: Principal, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of the requests the signed-in person follows, in one query."""
    wanted = list(ids)
    if principal.user is None or not wanted:
        return set()
    rows = await RequestFollower.filter(
        user_id=principal.user.id, request_id__in=wanted
    ).values_list("request_id", flat=True)
    return {_uuid(r) for r in rows}


async def events_of(request_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[RequestEvent]]:
    """The histories of many requests in one query, oldest event first, with their actors."""
    ids = list(request_ids)
    found: dict[uuid.UUID, list[RequestEvent]] = defaultdict(list)
    if not ids:
        return found
    for event in (
        await RequestEvent.filter(request_id__in=ids).select_related("actor").order_by("at", "id")
    ):
        found[event.request_id].append(event)
    return found


def public_events(events: Sequence[RequestEvent]) -> list[RequestEvent]:
    """What the public sees of a history: everything but staff's internal-only notes."""
    return [e for e in events if e.kind != "note" or e.public_note]


def reporter_name(request: ServiceRequest) -> str:
    """The reporter's name as given (contact name, else the account's name)."""
    if request.contact_name:
        return request.contact_name
    reporter = request.reporter
    return reporter.name if reporter is not None else ""


async def categories(*, include_inactive: bool = False) -> list[RequestCategory]:
    query = RequestCategory.all().select_related("department")
    if not include_inactive:
        query = query.filter(active=True)
    return list(await query.order_by("sort_order", "service_code"))


async def categories_by_ids(ids: Sequence[int]) -> dict[int, RequestCategory]:
    """Categories (inactive ones too) by id, in one query."""
    found = await RequestCategory.filter(id__in=list(ids)).select_related("department")
    return {c.id: c for c in found}


async def departments() -> list[Department]:
    return list(await Department.all().order_by("id"))


# ---------------------------------------------------------------- nearby


@dataclass(frozen=True)
class Nearby:
    request: ServiceRequest
    distance_m: float


async def nearby_open_requests(
    category: int | str,
    lat: float,
    lon: float,
    *,
    radius_m: float = 200.0,
    days: int = 30,
    limit: int = 10,
    now: datetime | None = None,
) -> list[Nearby]:
    """Open requests of the category reported within `days`, within `radius_m` metres of the
    point, nearest first: while reporting, "is it already reported? follow it instead"."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return []
    found_category = await category_of(category, active=False)
    if found_category is None:
        raise ServiceRequestError("UNKNOWN_CATEGORY", "unknown_category", field="categoryId")
    now = now or utcnow()
    south, west, north, east = geography.box_around(lat, lon, radius_m)
    candidates = await _base().filter(
        category_id=found_category.id,
        status__in=list(OPEN_STATUSES),
        created_at__gte=now - timedelta(days=days),
        lat__gte=south,
        lat__lte=north,
        lon__gte=west,
        lon__lte=east,
    )
    near = []
    for request in candidates:
        if request.lat is None or request.lon is None:
            continue
        distance = geography.distance_m(lat, lon, request.lat, request.lon)
        if distance <= radius_m:
            near.append(Nearby(request=request, distance_m=distance))
    near.sort(key=lambda n: (n.distance_m, n.request.number))
    return near[: max(0, min(limit, MAX_NEARBY))]


# ---------------------------------------------------------------- lists with pages


@dataclass(frozen=True)
class Page:
    items: list[ServiceRequest]
    total: int


@dataclass(frozen=True)
class QueueFilter:
    """The staff queue's filter. Statuses default to the open ones."""

    statuses: Sequence[str] = OPEN_STATUSES
    category_ids: Sequence[int] = ()
    # (south, west, north, east) in WGS84 degrees.
    area: tuple[float, float, float, float] | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    allocated_to_me: bool = False


def check_queue_filter(
    problems: _Problems, *, statuses: Sequence[str], area: Sequence[float] | None
) -> None:
    if any(s not in STATUSES for s in statuses):
        problems.add("filter.statuses", "bad_status")
    if area is not None:
        south, west, north, east = area
        if not all(math.isfinite(v) for v in area) or not (south < north and west < east):
            problems.add("filter.area", "bad_area")


async def staff_queue(principal: Principal, queue: QueueFilter, *, offset: int, limit: int) -> Page:
    """The requests in the staff member's scope that match, oldest first."""
    _require_user(principal)
    scope = scope_of(principal, VIEW_ROLES)
    if scope.empty:
        raise not_allowed()
    problems = _Problems()
    check_queue_filter(problems, statuses=queue.statuses, area=queue.area)
    problems.check()
    query = ServiceRequest.filter(status__in=list(queue.statuses))
    if not scope.everything:
        # Categories are few: their ids make a plain IN that the indexes serve.
        own = await RequestCategory.filter(department_id__in=list(scope.departments)).values_list(
            "id", flat=True
        )
        query = query.filter(
            Q(category_id__in=list(own) or [-1])
            | Q(allocated_department_id__in=list(scope.departments))
        )
    if queue.category_ids:
        query = query.filter(category_id__in=list(queue.category_ids))
    if queue.area is not None:
        south, west, north, east = queue.area
        query = query.filter(lat__gte=south, lat__lte=north, lon__gte=west, lon__lte=east)
    if queue.created_after is not None:
        query = query.filter(created_at__gte=queue.created_after)
    if queue.created_before is not None:
        query = query.filter(created_at__lte=queue.created_before)
    if queue.allocated_to_me and principal.user is not None:
        query = query.filter(allocated_to_id=principal.user.id)
    total = await query.count()
    if not limit:
        return Page(items=[], total=total)
    # The page's numbers in a subquery that the queue index answers alone; only the page's rows
    # are then read and joined (joining every match before sorting cost ~30 ms at 15,000 open
    # requests, bench/service_requests.py).
    numbers = query.order_by("created_at", "number").offset(offset).limit(limit).values("number")
    items = await _base().filter(number__in=Subquery(numbers)).order_by("created_at", "number")
    return Page(items=list(items), total=total)


@dataclass(frozen=True)
class PublicFilter:
    """A public listing's filter (Open311 `GET requests`): every field optional."""

    numbers: Sequence[int] = ()
    service_codes: Sequence[str] = ()
    statuses: Sequence[str] = ()
    created_after: datetime | None = None
    created_before: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None


async def public_requests(queue: PublicFilter, *, offset: int, limit: int) -> Page:
    """Publicly visible requests that match, newest first (for the Open311 layer)."""
    query = ServiceRequest.exclude(status="rejected")
    if queue.numbers:
        query = query.filter(number__in=list(queue.numbers))
    if queue.service_codes:
        query = query.filter(category__service_code__in=list(queue.service_codes))
    if queue.statuses:
        query = query.filter(status__in=list(queue.statuses))
    if queue.created_after is not None:
        query = query.filter(created_at__gte=queue.created_after)
    if queue.created_before is not None:
        query = query.filter(created_at__lte=queue.created_before)
    if queue.updated_after is not None:
        query = query.filter(updated_at__gte=queue.updated_after)
    if queue.updated_before is not None:
        query = query.filter(updated_at__lte=queue.updated_before)
    total = await query.count()
    if not limit:
        return Page(items=[], total=total)
    # As in the staff queue: the page's numbers first, then only those rows joined.
    numbers = query.order_by("-created_at", "-number").offset(offset).limit(limit).values("number")
    items = (
        await ServiceRequest.filter(number__in=Subquery(numbers))
        .select_related("category__department", "allocated_department", "allocated_to", "reporter")
        .order_by("-created_at", "-number")
    )
    return Page(items=list(items), total=total)


# ---------------------------------------------------------------- staff changes


async def _for_change(principal: Principal, request_id: uuid.UUID) -> ServiceRequest:
    """The request, if the principal may change it (admin or handler in its scope)."""
    _require_user(principal)
    request = await _base().filter(id=request_id).first()
    if request is None:
        raise not_found("id")
    if not scope_of(principal, STAFF_ROLES).covers(request):
        if access_of(principal, request) == "none":
            raise not_found("id")
        raise not_allowed()
    return request


def _notes(public_note: str, internal_note: str) -> tuple[str, str]:
    problems = _Problems()
    public = check_note(problems, "publicNote", public_note)
    internal = check_note(problems, "internalNote", internal_note)
    problems.check()
    return public, internal


async def _reload(request_id: uuid.UUID) -> ServiceRequest:
    return await _base().get(id=request_id)


async def change_status(
    principal: Principal,
    request_id: uuid.UUID,
    *,
    status: str,
    public_note: str = "",
    internal_note: str = "",
    expected_status: str | None = None,
    now: datetime | None = None,
) -> ServiceRequest:
    """Moves the request along `TRANSITIONS`, recording the event (and the audit entry) in the
    same transaction. `expected_status` guards against acting on a stale screen."""
    now = now or utcnow()
    if status not in STATUSES or (expected_status is not None and expected_status not in STATUSES):
        raise ServiceRequestError("INVALID_INPUT", "bad_status", field="status")
    if status == "duplicate":
        raise ServiceRequestError("INVALID_INPUT", "use_mark_duplicate", field="status")
    public, internal = _notes(public_note, internal_note)
    request = await _for_change(principal, request_id)
    current = request.status
    if expected_status is not None and expected_status != current:
        raise status_conflict()
    if status not in TRANSITIONS[current]:
        raise transition_not_allowed(current, status)
    reopening = current in CLOSED_STATUSES
    actor = _require_user(principal)
    async with in_transaction():
        changed = await ServiceRequest.filter(id=request.id, status=current).update(
            status=status, duplicate_of_id=None, updated_at=now
        )
        if not changed:
            raise status_conflict()
        event = await RequestEvent.create(
            request_id=request.id,
            at=now,
            actor_id=actor.id,
            kind="reopened" if reopening else "status",
            status=status,
            public_note=public,
            internal_note=internal,
            payload={"from": current},
        )
        await notify.status_changed(
            request, status, actor_id=actor.id, public_note=public, event_id=event.id
        )
        await audit.record(
            principal,
            "service_request.status",
            "service_request",
            str(request.id),
            number=request.number,
            status_from=current,
            status_to=status,
        )
    await live.changed(live.service_request_topic(request.id))
    return await _reload(request.id)


async def _may_handle(user_id: uuid.UUID, department_id: int) -> bool:
    """Whether the person is an active admin, or a handler of the department or globally."""
    grants = await RoleGrant.filter(user_id=user_id, user__is_active=True).values_list(
        "role", "scope_type", "scope_id"
    )
    for role, scope_type, scope_id in grants:
        if role == "admin":
            return True
        if role == "handler" and (
            scope_type == "global"
            or (scope_type == "department" and scope_id == str(department_id))
        ):
            return True
    return False


async def allocate(
    principal: Principal,
    request_id: uuid.UUID,
    *,
    department_id: int | None = None,
    user_id: uuid.UUID | None = None,
    public_note: str = "",
    internal_note: str = "",
    now: datetime | None = None,
) -> ServiceRequest:
    """Allocates an open request to a department and/or a person (who must be able to handle
    that department's requests); a received request goes in handling at the same time."""
    now = now or utcnow()
    if department_id is None and user_id is None:
        raise ServiceRequestError("INVALID_INPUT", "nothing_to_allocate", field="departmentId")
    public, internal = _notes(public_note, internal_note)
    request = await _for_change(principal, request_id)
    if department_id is not None and not await Department.exists(id=department_id):
        raise not_found("departmentId")
    target_department = (
        department_id
        if department_id is not None
        else request.allocated_department_id or request.category.department_id
    )
    if user_id is not None and not await _may_handle(user_id, target_department):
        raise ServiceRequestError("INVALID_INPUT", "bad_assignee", field="userId")
    current = request.status
    if current not in OPEN_STATUSES:
        raise transition_not_allowed(current, "in_handling")
    values: dict[str, Any] = {"status": "in_handling", "updated_at": now}
    if department_id is not None:
        values["allocated_department_id"] = department_id
    if user_id is not None:
        values["allocated_to_id"] = user_id
    actor = _require_user(principal)
    async with in_transaction():
        changed = await ServiceRequest.filter(id=request.id, status=current).update(**values)
        if not changed:
            raise status_conflict()
        event = await RequestEvent.create(
            request_id=request.id,
            at=now,
            actor_id=actor.id,
            kind="allocated",
            status="in_handling" if current != "in_handling" else None,
            public_note=public,
            internal_note=internal,
            payload={
                "department_id": department_id,
                "user_id": str(user_id) if user_id else None,
            },
        )
        if current != "in_handling":
            await notify.status_changed(
                request, "in_handling", actor_id=actor.id, public_note=public, event_id=event.id
            )
        await audit.record(
            principal,
            "service_request.allocate",
            "service_request",
            str(request.id),
            number=request.number,
            department_id=department_id,
            user_id=str(user_id) if user_id else None,
        )
    await live.changed(live.service_request_topic(request.id))
    return await _reload(request.id)


async def mark_duplicate(
    principal: Principal,
    request_id: uuid.UUID,
    *,
    original_id: uuid.UUID,
    public_note: str = "",
    internal_note: str = "",
    now: datetime | None = None,
) -> ServiceRequest:
    """Merges the request into its original, in one transaction: it becomes a duplicate, its
    followers (and its signed-in reporter) follow the original instead, and both requests get
    a `merged` event."""
    now = now or utcnow()
    if request_id == original_id:
        raise ServiceRequestError("INVALID_INPUT", "duplicate_of_itself", field="originalId")
    public, internal = _notes(public_note, internal_note)
    request = await _for_change(principal, request_id)
    original = await _base().filter(id=original_id).first()
    if original is None or access_of(principal, original) == "none":
        raise not_found("originalId")
    if original.status == "duplicate":
        raise ServiceRequestError("INVALID_INPUT", "original_is_duplicate", field="originalId")
    current = request.status
    if "duplicate" not in TRANSITIONS[current]:
        raise transition_not_allowed(current, "duplicate")
    actor = _require_user(principal)
    async with in_transaction():
        changed = await ServiceRequest.filter(id=request.id, status=current).update(
            status="duplicate", duplicate_of_id=original.id, updated_at=now
        )
        # The original must still not be a duplicate itself (a concurrent merge the other way).
        still = (
            await ServiceRequest.filter(id=original.id)
            .exclude(status="duplicate")
            .update(updated_at=now)
        )
        if not changed or not still:
            raise status_conflict()
        # Told before its followers move to the original.
        await notify.merged(
            request,
            original,
            actor_id=actor.id,
            public_note=public,
            key=str(int(now.timestamp() * 1_000_000)),
        )
        moving = {
            _uuid(u)
            for u in await RequestFollower.filter(request_id=request.id).values_list(
                "user_id", flat=True
            )
        }
        if request.reporter_id is not None and request.reporter_id != original.reporter_id:
            moving.add(request.reporter_id)
        if moving:
            await RequestFollower.bulk_create(
                [
                    RequestFollower(user_id=u, request_id=original.id)
                    for u in sorted(moving, key=str)
                ],
                ignore_conflicts=True,
            )
        await RequestFollower.filter(request_id=request.id).delete()
        await RequestEvent.bulk_create(
            [
                RequestEvent(
                    request_id=request.id,
                    at=now,
                    actor_id=actor.id,
                    kind="merged",
                    status="duplicate",
                    public_note=public,
                    internal_note=internal,
                    payload={"original": original.number, "from": current},
                ),
                RequestEvent(
                    request_id=original.id,
                    at=now,
                    actor_id=actor.id,
                    kind="merged",
                    status=None,
                    payload={"duplicate": request.number},
                ),
            ]
        )
        await audit.record(
            principal,
            "service_request.merge",
            "service_request",
            str(request.id),
            number=request.number,
            original=original.number,
            followers_moved=len(moving),
        )
    await live.changed(
        live.service_request_topic(request.id), live.service_request_topic(original.id)
    )
    return await _reload(request.id)


async def add_note(
    principal: Principal,
    request_id: uuid.UUID,
    *,
    internal_note: str = "",
    public_note: str = "",
    now: datetime | None = None,
) -> RequestEvent:
    """A note without a status change: internal (staff only) and/or public."""
    now = now or utcnow()
    public, internal = _notes(public_note, internal_note)
    if not public and not internal:
        raise ServiceRequestError("INVALID_INPUT", "note_required", field="internalNote")
    request = await _for_change(principal, request_id)
    actor = _require_user(principal)
    async with in_transaction():
        if public:
            await ServiceRequest.filter(id=request.id).update(updated_at=now)
        event = await RequestEvent.create(
            request_id=request.id,
            at=now,
            actor_id=actor.id,
            kind="note",
            public_note=public,
            internal_note=internal,
        )
        await audit.record(
            principal,
            "service_request.note",
            "service_request",
            str(request.id),
            number=request.number,
            public=bool(public),
        )
    await live.changed(live.service_request_topic(request.id))
    return event


# ---------------------------------------------------------------- following


async def follow(principal: Principal, request_id: uuid.UUID) -> ServiceRequest:
    """The signed-in person follows a request they may see; following twice is one follow."""
    user = _require_user(principal)
    request = await get_request(principal, request_id)
    await RequestFollower.bulk_create(
        [RequestFollower(user_id=user.id, request_id=request.id)], ignore_conflicts=True
    )
    return request


async def unfollow(principal: Principal, request_id: uuid.UUID) -> ServiceRequest:
    user = _require_user(principal)
    request = await get_request(principal, request_id)
    await RequestFollower.filter(user_id=user.id, request_id=request.id).delete()
    return request


# ---------------------------------------------------------------- templates


def response_templates(principal: Principal, status: str | None = None) -> list[ResponseTemplate]:
    """Staff's public-note templates, of one status or all."""
    if not principal.is_staff:
        raise ServiceRequestError("NOT_ALLOWED", "staff_only")
    if status is not None and status not in STATUSES:
        raise ServiceRequestError("INVALID_INPUT", "bad_status", field="status")
    return [t for t in TEMPLATES if status is None or t.status == status]
