"""GraphQL face of service requests: thin types and resolvers over `service`.

Lists share one set of DataLoaders (`_Loaders`), so that a page of requests costs the same
number of SQL queries whatever its size: the requests (with category, department, allocation
and reporter joined), their events, their photos and which of them the caller follows.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, TypeVar

import strawberry
from strawberry import relay
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON

from backend import live
from backend.accounts.errors import AccountsError
from backend.accounts.principal import Principal
from backend.api.context import Info
from backend.api.errors import BadUserInput, Refused
from backend.api.mutations import MutationError, mutation_error
from backend.api.pagination import page_request
from backend.api.permissions import PersonalData
from backend.catalogue.schema import Location, LocationInput, decode_id
from backend.i18n import Language, localized
from backend.service_requests import models, service
from backend.service_requests.errors import InvalidInput, ServiceRequestError, not_found
from backend.service_requests.service import Access
from backend.web import public_base_url

T = TypeVar("T")
DEFAULT_QUEUE_PAGE = 20
TRACK_PATH = "/requests/track/"


def _gid(type_name: str, node_id: object) -> strawberry.ID:
    return strawberry.ID(str(relay.GlobalID(type_name, str(node_id))))


def _text(value: Any, language: Language) -> str:
    value = value if isinstance(value, dict) else {}
    return str(value.get(language.value) or value.get("fi") or "")


# ---------------------------------------------------------------- loaders


class _Loaders:
    """Batches of one resolver's requests: each relation in one query for all of them."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.events = DataLoader(self._events)
        self.photos = DataLoader(self._photos)
        self.followed = DataLoader(self._followed)

    async def _events(self, ids: list[uuid.UUID]) -> Sequence[list[models.RequestEvent]]:
        found = await service.events_of(ids)
        return [found.get(i, []) for i in ids]

    async def _photos(self, ids: list[uuid.UUID]) -> Sequence[list[service.PhotoInfo]]:
        found = await service.photos_of(ids)
        return [found.get(i, []) for i in ids]

    async def _followed(self, ids: list[uuid.UUID]) -> Sequence[bool]:
        found = await service.followed_among(self.principal, ids)
        return [i in found for i in ids]


# ---------------------------------------------------------------- types


@strawberry.enum(description="Where a service request stands.")
class ServiceRequestStatus(Enum):
    RECEIVED = "received"
    IN_HANDLING = "in_handling"
    RESOLVED = "resolved"
    CLOSED_WITHOUT_ACTION = "closed_without_action"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"


@strawberry.enum(description="What happened to a service request.")
class ServiceRequestEventKind(Enum):
    CREATED = "created"
    STATUS = "status"
    NOTE = "note"
    ALLOCATED = "allocated"
    MERGED = "merged"
    REOPENED = "reopened"


@strawberry.type(description="A City department that handles service requests.")
class ServiceRequestDepartment:
    id: strawberry.ID
    name: str

    @classmethod
    def of(cls, d: models.Department, language: Language) -> ServiceRequestDepartment:
        return cls(id=_gid("ServiceRequestDepartment", d.id), name=localized(d, "name", language))


@strawberry.type(description="One choice of a list question.")
class ServiceRequestQuestionValue:
    key: str
    name: str


@strawberry.type(
    description="A question of a category (an Open311 service definition attribute), in the "
    "request's language. Answer it in `answers` under its `code`."
)
class ServiceRequestQuestion:
    code: str
    datatype: str = strawberry.field(
        description="`string`, `number`, `datetime` (ISO 8601 with a time zone), `text`, "
        "`singlevaluelist` (one key) or `multivaluelist` (a list of keys)."
    )
    required: bool
    variable: bool = strawberry.field(description="False: information only, not answered.")
    order: int
    description: str
    values: list[ServiceRequestQuestionValue]

    @classmethod
    def of(cls, q: dict[str, Any], language: Language) -> ServiceRequestQuestion:
        return cls(
            code=str(q["code"]),
            datatype=str(q.get("datatype") or "string"),
            required=bool(q.get("required")),
            variable=q.get("variable") is not False,
            order=int(q.get("order") or 0),
            description=_text(q.get("description"), language) or str(q["code"]),
            values=[
                ServiceRequestQuestionValue(
                    key=str(v.get("key")), name=_text(v.get("name"), language) or str(v.get("key"))
                )
                for v in q.get("values") or []
                if isinstance(v, dict)
            ],
        )


@strawberry.type(description="What can be reported: an Open311 service.")
class ServiceRequestCategory(relay.Node):
    id: relay.NodeID[int]
    service_code: str = strawberry.field(description="The Open311 `service_code`.")
    name: str
    description: str | None
    group: str | None
    keywords: list[str]
    location_required: bool = strawberry.field(
        description="Whether a report needs a place (coordinates or an address)."
    )
    active: bool
    department: ServiceRequestDepartment
    questions: list[ServiceRequestQuestion]

    @classmethod
    def of(cls, c: models.RequestCategory, language: Language) -> ServiceRequestCategory:
        return cls(
            id=c.id,
            service_code=c.service_code,
            name=localized(c, "name", language),
            description=localized(c, "description", language) or None,
            group=localized(c, "group", language) or None,
            keywords=[k.strip() for k in c.keywords.split(",") if k.strip()],
            location_required=c.location_required,
            active=c.active,
            department=ServiceRequestDepartment.of(c.department, language),
            questions=[ServiceRequestQuestion.of(q, language) for q in service.questions_of(c)],
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[ServiceRequestCategory | None]:
        found = await service.categories_by_ids([int(i) for i in node_ids])
        language = info.context.language
        return [cls.of(found[int(i)], language) if int(i) in found else None for i in node_ids]


@strawberry.type(description="A photo of a service request (a JPEG without metadata).")
class ServiceRequestPhoto:
    id: str
    url: str = strawberry.field(description="Path of the JPEG on this server.")
    width: int
    height: int


@strawberry.type(description="One step in a request's history.")
class ServiceRequestEvent:
    at: datetime
    kind: ServiceRequestEventKind
    status: ServiceRequestStatus | None = strawberry.field(
        description="The status the change set; null when it set none."
    )
    public_note: str | None
    internal_note: str | None = strawberry.field(description="Staff only; null for others.")
    actor_name: str | None = strawberry.field(description="Staff only; null for others.")

    @classmethod
    def of(cls, e: models.RequestEvent, staff: bool) -> ServiceRequestEvent:
        return cls(
            at=e.at,
            kind=ServiceRequestEventKind(e.kind),
            status=ServiceRequestStatus(e.status) if e.status else None,
            public_note=e.public_note or None,
            internal_note=(e.internal_note or None) if staff else None,
            actor_name=(e.actor.name if e.actor is not None else None) if staff else None,
        )


@strawberry.type(
    description="A reported problem. Everyone sees its public fields; contact details only "
    "staff in its department's scope and the signed-in reporter, internal notes only staff. "
    "Fields a caller may not see are null."
)
class ServiceRequest(relay.Node):
    id: relay.NodeID[str]
    number: int = strawberry.field(
        description="The short public number (Open311 `service_request_id`)."
    )
    title: str
    description: str
    address: str | None
    location: Location | None
    answers: JSON = strawberry.field(description="Answers to the category's questions by code.")
    status: ServiceRequestStatus
    open: bool = strawberry.field(description="Open311: open (received, in handling) or not.")
    created_at: datetime
    updated_at: datetime
    category: ServiceRequestCategory
    allocated_department: ServiceRequestDepartment | None
    duplicate_of_id: strawberry.ID | None = strawberry.field(
        description="The original, when this request is a duplicate."
    )
    reporter_name: str | None = strawberry.field(
        description="Public only when the reporter allowed it (staff and the reporter always)."
    )
    is_mine: bool = strawberry.field(description="Whether the signed-in caller reported it.")
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    allocated_to_name: str | None = strawberry.field(description="Staff only.")
    reporter_language: str | None = strawberry.field(
        description="Staff only: the signed-in reporter's language, for the public note."
    )
    model: strawberry.Private[models.ServiceRequest]
    access: strawberry.Private[Access]
    loaders: strawberry.Private[_Loaders]

    @strawberry.field(description="Whether the signed-in caller follows it.")
    async def followed_by_me(self) -> bool:
        if self.loaders.principal.user is None:
            return False
        return await self.loaders.followed.load(self.model.id)

    @strawberry.field(description="Its photos, in order (at most 5).")
    async def photos(self) -> list[ServiceRequestPhoto]:
        found = await self.loaders.photos.load(self.model.id)
        return [
            ServiceRequestPhoto(id=str(p.id), url=p.path, width=p.width, height=p.height)
            for p in found
        ]

    @strawberry.field(description="Its history, oldest first (internal-only notes for staff).")
    async def events(self) -> list[ServiceRequestEvent]:
        found = await self.loaders.events.load(self.model.id)
        staff = self.access == "staff"
        shown = found if staff else service.public_events(found)
        return [ServiceRequestEvent.of(e, staff) for e in shown]

    @classmethod
    def of(
        cls,
        r: models.ServiceRequest,
        language: Language,
        loaders: _Loaders,
        access: Access | None = None,
    ) -> ServiceRequest:
        access = access or service.access_of(loaders.principal, r)
        staff = access == "staff"
        personal = access in ("staff", "owner")
        name = service.reporter_name(r)
        return cls(
            id=str(r.id),
            number=r.number,
            title=r.title,
            description=r.description,
            address=r.address or None,
            location=Location(lat=r.lat, lon=r.lon)
            if r.lat is not None and r.lon is not None
            else None,
            answers=JSON(r.answers),
            status=ServiceRequestStatus(r.status),
            open=r.status in models.OPEN_STATUSES,
            created_at=r.created_at,
            updated_at=r.updated_at,
            category=ServiceRequestCategory.of(r.category, language),
            allocated_department=ServiceRequestDepartment.of(r.allocated_department, language)
            if r.allocated_department is not None
            else None,
            duplicate_of_id=_gid("ServiceRequest", r.duplicate_of_id)
            if r.duplicate_of_id
            else None,
            reporter_name=(name or None) if personal or r.show_name else None,
            is_mine=service.is_owner(loaders.principal, r),
            contact_name=(r.contact_name or None) if personal else None,
            contact_email=(r.contact_email or None) if personal else None,
            contact_phone=(r.contact_phone or None) if personal else None,
            allocated_to_name=(r.allocated_to.name if r.allocated_to else None) if staff else None,
            reporter_language=(r.reporter.language if r.reporter else None) if staff else None,
            model=r,
            access=access,
            loaders=loaders,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[ServiceRequest | None]:
        principal = info.context.principal
        info.context.mark_personal()
        ids: list[uuid.UUID | None] = []
        for node_id in node_ids:
            try:
                ids.append(uuid.UUID(node_id))
            except ValueError:
                ids.append(None)
        found = await service.requests_by_ids(principal, [i for i in ids if i is not None])
        loaders = _Loaders(principal)
        language = info.context.language
        return [
            cls.of(found[i], language, loaders) if i is not None and i in found else None
            for i in ids
        ]


@strawberry.type(description='An open request near a place, for "follow this one instead".')
class NearbyServiceRequest:
    distance: float = strawberry.field(description="Metres from the place asked about.")
    service_request: ServiceRequest


@strawberry.type
class ServiceRequestConnection(relay.Connection[ServiceRequest]):
    total_count: int = strawberry.field(description="How many requests match, over all pages.")


@strawberry.type(description="A text in Finnish, Swedish and English.")
class ServiceRequestTemplateText:
    fi: str
    sv: str
    en: str


@strawberry.type(description="A public note to start from when setting a status.")
class ServiceRequestTemplate:
    key: str
    status: ServiceRequestStatus
    title: str = strawberry.field(description="In the request's language.")
    text: ServiceRequestTemplateText = strawberry.field(
        description="In every language: answer in the reporter's."
    )


NODE_TYPES: dict[str, type[Any]] = {
    "ServiceRequest": ServiceRequest,
    "ServiceRequestCategory": ServiceRequestCategory,
}


# ---------------------------------------------------------------- helpers


def _bad(field: str) -> ServiceRequestError:
    return ServiceRequestError("INVALID_INPUT", "bad_request", field=field)


def _int_id(global_id: str, expected: str, field: str) -> int:
    try:
        parsed = relay.GlobalID.from_id(global_id)
        value = int(parsed.node_id)
    except ValueError:
        raise _bad(field) from None
    if parsed.type_name != expected:
        raise _bad(field)
    return value


def _uuid_id(global_id: str, expected: str, field: str) -> uuid.UUID:
    try:
        parsed = relay.GlobalID.from_id(global_id)
        value = uuid.UUID(parsed.node_id)
    except ValueError:
        raise _bad(field) from None
    if parsed.type_name != expected:
        raise _bad(field)
    return value


def _request_id(global_id: str, field: str = "id") -> uuid.UUID:
    return _uuid_id(global_id, "ServiceRequest", field)


def _errors(error: AccountsError, language: Language) -> list[MutationError]:
    if isinstance(error, InvalidInput):
        return [mutation_error(e, language) for e in error.errors]
    return [mutation_error(error, language)]


async def _attempt(
    info: Info, work: Callable[[], Awaitable[T]]
) -> tuple[T | None, list[MutationError]]:
    try:
        return await work(), []
    except AccountsError as error:
        return None, _errors(error, info.context.language)


async def _query(info: Info, work: Awaitable[T]) -> T:
    try:
        return await work
    except AccountsError as error:
        raise Refused(error.code, error.message(info.context.language), error.field) from None


def _tracking_url(info: Info, token: str) -> str:
    return f"{public_base_url(info.context.settings, info.context.request)}{TRACK_PATH}{token}"


def _view(info: Info, r: models.ServiceRequest, access: Access | None = None) -> ServiceRequest:
    return ServiceRequest.of(r, info.context.language, _Loaders(info.context.principal), access)


def _views(info: Info, found: Sequence[models.ServiceRequest]) -> list[ServiceRequest]:
    loaders = _Loaders(info.context.principal)
    return [ServiceRequest.of(r, info.context.language, loaders) for r in found]


# ---------------------------------------------------------------- queries


@strawberry.input(description="A box on the map, in WGS84 degrees.")
class AreaInput:
    south: float
    west: float
    north: float
    east: float


@strawberry.input(description="What the staff queue shows; every field narrows it.")
class ServiceRequestQueueFilter:
    statuses: list[ServiceRequestStatus] | None = strawberry.field(
        default=None, description="Default: the open ones (received, in handling)."
    )
    category_ids: list[strawberry.ID] | None = None
    area: AreaInput | None = None
    min_age_days: int | None = strawberry.field(
        default=None, description="Reported at least this many days ago."
    )
    max_age_days: int | None = strawberry.field(
        default=None, description="Reported at most this many days ago."
    )
    allocated_to_me: bool = False


def _queue_filter(f: ServiceRequestQueueFilter | None, now: datetime) -> service.QueueFilter:
    if f is None:
        return service.QueueFilter()
    for days, name in ((f.min_age_days, "minAgeDays"), (f.max_age_days, "maxAgeDays")):
        if days is not None and not 0 <= days <= service.MAX_QUEUE_AGE_DAYS:
            raise ServiceRequestError(
                "INVALID_INPUT", "bad_age", field=f"filter.{name}", max=service.MAX_QUEUE_AGE_DAYS
            )
    return service.QueueFilter(
        statuses=[s.value for s in f.statuses] if f.statuses else models.OPEN_STATUSES,
        category_ids=[
            _int_id(c, "ServiceRequestCategory", "filter.categoryIds") for c in f.category_ids or []
        ],
        area=(f.area.south, f.area.west, f.area.north, f.area.east) if f.area else None,
        created_before=now - timedelta(days=f.min_age_days) if f.min_age_days is not None else None,
        created_after=now - timedelta(days=f.max_age_days) if f.max_age_days is not None else None,
        allocated_to_me=f.allocated_to_me,
    )


@strawberry.type
class ServiceRequestsQuery:
    @strawberry.field(description="What can be reported, with each category's questions.")
    async def service_request_categories(self, info: Info) -> list[ServiceRequestCategory]:
        found = await service.categories()
        return [ServiceRequestCategory.of(c, info.context.language) for c in found]

    @strawberry.field(description="The departments that handle requests (for allocating).")
    async def service_request_departments(self, info: Info) -> list[ServiceRequestDepartment]:
        found = await service.departments()
        return [ServiceRequestDepartment.of(d, info.context.language) for d in found]

    @strawberry.field(
        description="A request by its global id; null when it does not exist or is not visible.",
        permission_classes=[PersonalData],
    )
    async def service_request(self, info: Info, id: strawberry.ID) -> ServiceRequest | None:
        try:
            request_id = _request_id(id)
            found = await service.get_request(info.context.principal, request_id)
        except AccountsError:
            return None
        return _view(info, found)

    @strawberry.field(
        description="The request an anonymous reporter's tracking link is for; null for an "
        "unknown token.",
        permission_classes=[PersonalData],
    )
    async def service_request_by_token(self, info: Info, token: str) -> ServiceRequest | None:
        found = await service.request_by_token(token)
        if found is None:
            return None
        access = service.access_of(info.context.principal, found)
        return _view(info, found, "public" if access == "none" else access)

    @strawberry.field(
        description="The signed-in person's reports, newest first; empty when signed out.",
        permission_classes=[PersonalData],
    )
    async def my_service_requests(self, info: Info) -> list[ServiceRequest]:
        if info.context.principal.user is None:
            return []
        return _views(info, await service.my_requests(info.context.principal))

    @strawberry.field(
        description="Requests the signed-in person follows, newest first; empty when signed out.",
        permission_classes=[PersonalData],
    )
    async def followed_service_requests(self, info: Info) -> list[ServiceRequest]:
        if info.context.principal.user is None:
            return []
        return _views(info, await service.followed_requests(info.context.principal))

    @strawberry.field(
        description="Open requests of a category within 200 m of a place, reported in the last "
        '30 days, nearest first: offered while reporting ("follow this one instead").'
    )
    async def nearby_service_requests(
        self, info: Info, near: LocationInput, category_id: strawberry.ID
    ) -> list[NearbyServiceRequest]:
        language = info.context.language
        cid = decode_id(category_id, "ServiceRequestCategory", language)
        if not (-90 <= near.lat <= 90 and -180 <= near.lon <= 180):
            raise BadUserInput("bad_location", language)
        found = await _query(info, service.nearby_open_requests(cid, near.lat, near.lon))
        loaders = _Loaders(info.context.principal)
        return [
            NearbyServiceRequest(
                distance=round(n.distance_m, 1),
                service_request=ServiceRequest.of(n.request, language, loaders),
            )
            for n in found
        ]

    @strawberry.field(
        description="Staff: the requests of their departments that match, oldest first.",
        permission_classes=[PersonalData],
    )
    async def staff_service_request_queue(
        self,
        info: Info,
        filter: ServiceRequestQueueFilter | None = None,
        first: int | None = DEFAULT_QUEUE_PAGE,
        after: str | None = None,
    ) -> ServiceRequestConnection:
        language = info.context.language
        page = page_request(
            first,
            after,
            default=DEFAULT_QUEUE_PAGE,
            maximum=info.context.settings.max_page_size,
            language=language,
        )

        async def work() -> service.Page:
            queue = _queue_filter(filter, service.utcnow())
            return await service.staff_queue(
                info.context.principal, queue, offset=page.offset, limit=page.limit
            )

        found = await _query(info, work())
        nodes = _views(info, found.items)
        edges = [relay.Edge(cursor=page.cursor(i), node=n) for i, n in enumerate(nodes)]
        return ServiceRequestConnection(
            edges=edges,
            page_info=page.page_info(len(edges), found.total),
            total_count=found.total,
        )

    @strawberry.field(description="Staff: public-note templates, of one status or all.")
    async def service_request_templates(
        self, info: Info, status: ServiceRequestStatus | None = None
    ) -> list[ServiceRequestTemplate]:
        language = info.context.language

        async def work() -> list[Any]:
            return service.response_templates(
                info.context.principal, status.value if status else None
            )

        found = await _query(info, work())
        return [
            ServiceRequestTemplate(
                key=t.key,
                status=ServiceRequestStatus(t.status),
                title=t.title[language.value],
                text=ServiceRequestTemplateText(**t.text),
            )
            for t in found
        ]


# ---------------------------------------------------------------- subscriptions


def _refused(error: AccountsError, language: Language) -> Refused:
    return Refused(error.code, error.message(language), error.field)


@strawberry.type
class ServiceRequestsSubscription:
    @strawberry.subscription(
        description="A request, now and whenever it changes (its status, notes, allocation, "
        "merge), seen as the `serviceRequest` query would show it to the caller. Ends with "
        "NOT_FOUND when it does not exist or the caller may not see it (any more)."
    )
    async def service_request_updated(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[ServiceRequest, None]:
        language = info.context.language
        try:
            request_id = _request_id(id)
        except AccountsError as error:
            raise _refused(error, language) from None

        async def read(principal: Principal) -> ServiceRequest:
            try:
                found = await service.get_request(principal, request_id)
            except AccountsError as error:
                raise _refused(error, language) from None
            return ServiceRequest.of(found, language, _Loaders(principal))

        async def topics(_: Principal) -> list[str]:
            return [live.service_request_topic(request_id)]

        async for view in live.watch(info.context, topics, read):
            yield view

    @strawberry.subscription(
        description="The request of an anonymous reporter's tracking link, now and whenever "
        "it changes, as `serviceRequestByToken` shows it. Ends with NOT_FOUND for an unknown "
        "token (or one replaced by a newer link)."
    )
    async def service_request_by_token_updated(
        self, info: Info, token: str
    ) -> AsyncGenerator[ServiceRequest, None]:
        language = info.context.language

        async def topics(_: Principal) -> list[str]:
            found = await service.request_by_token(token)
            if found is None:
                raise _refused(not_found(), language)
            return [live.service_request_topic(found.id)]

        async def read(principal: Principal) -> ServiceRequest:
            found = await service.request_by_token(token)
            if found is None:
                raise _refused(not_found(), language)
            access = service.access_of(principal, found)
            access = "public" if access == "none" else access
            return ServiceRequest.of(found, language, _Loaders(principal), access)

        async for view in live.watch(info.context, topics, read):
            yield view


# ---------------------------------------------------------------- mutations


@strawberry.input(description="How the City may contact the reporter: never shown publicly.")
class ServiceRequestContactInput:
    name: str = ""
    email: str = ""
    phone: str = ""


@strawberry.input(description="A report. Send it again with the same `clientId` safely.")
class CreateServiceRequestInput:
    client_id: str = strawberry.field(
        description="A UUID the device made for this report: the same id never makes two."
    )
    category_id: strawberry.ID
    title: str = strawberry.field(
        default="", description="At most 200 characters; made of the description if empty."
    )
    description: str = strawberry.field(default="", description="Plain text, ≤ 4000 characters.")
    location: LocationInput | None = None
    address: str = strawberry.field(default="", description="For reports without a map.")
    answers: JSON | None = strawberry.field(
        default=None, description="Answers to the category's questions by their code."
    )
    photo_ids: list[str] = strawberry.field(
        default_factory=list,
        description="Ids from `POST /service-requests/photos`, at most 5, in order.",
    )
    contact: ServiceRequestContactInput | None = None
    show_name: bool = strawberry.field(
        default=False, description="Whether the reporter's name may be shown publicly."
    )


@strawberry.type
class CreateServiceRequestPayload:
    service_request: ServiceRequest | None
    tracking_token: str | None = strawberry.field(
        description="Anonymous reports only: the secret of the tracking link, shown only now."
    )
    tracking_url: str | None = strawberry.field(
        description="Anonymous reports only: the tracking link to keep."
    )
    resent: bool = strawberry.field(
        description="True when this `clientId` had already made the request (nothing new)."
    )
    errors: list[MutationError]


@strawberry.input(description="Staff: move a request to another status.")
class ChangeServiceRequestStatusInput:
    id: strawberry.ID
    status: ServiceRequestStatus
    public_note: str = ""
    internal_note: str = ""
    expected_status: ServiceRequestStatus | None = strawberry.field(
        default=None, description="The status shown on screen: if it changed, STATUS_CONFLICT."
    )


@strawberry.input(description="Staff: allocate a request to a department and/or a person.")
class AllocateServiceRequestInput:
    id: strawberry.ID
    department_id: strawberry.ID | None = None
    user_id: strawberry.ID | None = None
    public_note: str = ""
    internal_note: str = ""


@strawberry.input(description="Staff: merge a request into its original.")
class MarkServiceRequestDuplicateInput:
    id: strawberry.ID
    original_id: strawberry.ID
    public_note: str = ""
    internal_note: str = ""


@strawberry.input(description="Staff: a note for staff only (optionally a public one too).")
class AddInternalNoteInput:
    id: strawberry.ID
    note: str
    public_note: str = ""


@strawberry.input
class FollowServiceRequestInput:
    id: strawberry.ID


@strawberry.type
class ServiceRequestPayload:
    service_request: ServiceRequest | None
    errors: list[MutationError]


def _new_request(input: CreateServiceRequestInput) -> service.NewRequest:
    try:
        client_id = uuid.UUID(input.client_id)
    except ValueError:
        raise ServiceRequestError("INVALID_INPUT", "bad_client_id", field="clientId") from None
    photo_ids = []
    for n, raw in enumerate(input.photo_ids):
        try:
            photo_ids.append(uuid.UUID(raw))
        except ValueError:
            raise ServiceRequestError(
                "PHOTO_NOT_FOUND", "photo_not_found", field=f"photoIds.{n}"
            ) from None
    answers: Any = input.answers if input.answers is not None else {}
    contact = input.contact or ServiceRequestContactInput()
    return service.NewRequest(
        category=_int_id(input.category_id, "ServiceRequestCategory", "categoryId"),
        title=input.title,
        description=input.description,
        lat=input.location.lat if input.location else None,
        lon=input.location.lon if input.location else None,
        address=input.address,
        answers=answers,
        photo_ids=photo_ids,
        contact=service.Contact(name=contact.name, email=contact.email, phone=contact.phone),
        show_name=input.show_name,
        client_id=client_id,
    )


@strawberry.type
class ServiceRequestsMutation:
    @strawberry.mutation(
        description="Report a problem (signed in or anonymously). Anonymous reports get a "
        "tracking link, shown once."
    )
    async def create_service_request(
        self, info: Info, input: CreateServiceRequestInput
    ) -> CreateServiceRequestPayload:
        info.context.mark_personal()

        async def work() -> service.Created:
            return await service.create_request(info.context.principal, _new_request(input))

        created, errors = await _attempt(info, work)
        if created is None:
            return CreateServiceRequestPayload(
                service_request=None,
                tracking_token=None,
                tracking_url=None,
                resent=False,
                errors=errors,
            )
        token = created.tracking_token
        access = service.access_of(info.context.principal, created.request)
        return CreateServiceRequestPayload(
            service_request=_view(info, created.request, "public" if access == "none" else access),
            tracking_token=token,
            tracking_url=_tracking_url(info, token) if token else None,
            resent=not created.created,
            errors=[],
        )

    @strawberry.mutation(
        description="Staff (admin or handler of its department): change a request's status, "
        "with a public note and an optional internal one."
    )
    async def change_service_request_status(
        self, info: Info, input: ChangeServiceRequestStatusInput
    ) -> ServiceRequestPayload:
        async def work() -> models.ServiceRequest:
            return await service.change_status(
                info.context.principal,
                _request_id(input.id),
                status=input.status.value,
                public_note=input.public_note,
                internal_note=input.internal_note,
                expected_status=input.expected_status.value if input.expected_status else None,
            )

        return await _payload(info, work)

    @strawberry.mutation(
        description="Staff: allocate a request to a department and/or a handler; a received "
        "request goes in handling."
    )
    async def allocate_service_request(
        self, info: Info, input: AllocateServiceRequestInput
    ) -> ServiceRequestPayload:
        async def work() -> models.ServiceRequest:
            return await service.allocate(
                info.context.principal,
                _request_id(input.id),
                department_id=_int_id(
                    input.department_id, "ServiceRequestDepartment", "departmentId"
                )
                if input.department_id is not None
                else None,
                user_id=_uuid_id(input.user_id, "User", "userId")
                if input.user_id is not None
                else None,
                public_note=input.public_note,
                internal_note=input.internal_note,
            )

        return await _payload(info, work)

    @strawberry.mutation(
        description="Staff: merge a request into its original; its followers follow the original."
    )
    async def mark_service_request_duplicate(
        self, info: Info, input: MarkServiceRequestDuplicateInput
    ) -> ServiceRequestPayload:
        async def work() -> models.ServiceRequest:
            return await service.mark_duplicate(
                info.context.principal,
                _request_id(input.id),
                original_id=_request_id(input.original_id, "originalId"),
                public_note=input.public_note,
                internal_note=input.internal_note,
            )

        return await _payload(info, work)

    @strawberry.mutation(description="Staff: add a note that only staff see.")
    async def add_internal_note(
        self, info: Info, input: AddInternalNoteInput
    ) -> ServiceRequestPayload:
        async def work() -> models.ServiceRequest:
            request_id = _request_id(input.id)
            if not input.note.strip():
                raise ServiceRequestError("INVALID_INPUT", "note_required", field="note")
            await service.add_note(
                info.context.principal,
                request_id,
                internal_note=input.note,
                public_note=input.public_note,
            )
            return await service.get_request(info.context.principal, request_id)

        return await _payload(info, work)

    @strawberry.mutation(description="Follow a request: be told of its every change.")
    async def follow_service_request(
        self, info: Info, input: FollowServiceRequestInput
    ) -> ServiceRequestPayload:
        async def work() -> models.ServiceRequest:
            return await service.follow(info.context.principal, _request_id(input.id))

        return await _payload(info, work)

    @strawberry.mutation(description="Stop following a request.")
    async def unfollow_service_request(
        self, info: Info, input: FollowServiceRequestInput
    ) -> ServiceRequestPayload:
        async def work() -> models.ServiceRequest:
            return await service.unfollow(info.context.principal, _request_id(input.id))

        return await _payload(info, work)


async def _payload(
    info: Info, work: Callable[[], Awaitable[models.ServiceRequest]]
) -> ServiceRequestPayload:
    info.context.mark_personal()
    found, errors = await _attempt(info, work)
    return ServiceRequestPayload(
        service_request=_view(info, found) if found is not None else None, errors=errors
    )
