"""Shared set-up for the service request tests (no tests here): a fresh department with its
categories and people per test, an HTTP client whose callers are told apart by their cookie,
and the GraphQL operations the tests send."""

from __future__ import annotations

import hashlib
import io
import secrets
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from PIL import Image
from strawberry import relay

from backend.accounts.models import Session, User
from backend.app import create_app
from backend.service_requests.models import (
    Department,
    RequestCategory,
    RequestEvent,
    RequestFollower,
    RequestNumber,
    RequestPhoto,
    ServiceRequest,
)
from backend.settings import Settings
from tests.conftest import SITE
from tests.helpers import make_user

CENTRE = (60.1699, 24.9384)  # the Senate Square
KALLIO = (60.1841, 24.9497)
TAPIOLA = (60.1756, 24.8050)  # Espoo

ERRORS = "errors { code message field }"
REQUEST_FIELDS = """id number title description address location { lat lon } answers status open
    createdAt updatedAt category { id serviceCode name } allocatedDepartment { id name }
    duplicateOfId reporterName isMine followedByMe contactName contactEmail contactPhone
    allocatedToName reporterLanguage photos { id url width height }
    events { at kind status publicNote internalNote actorName }"""
CREATE = f"""mutation($input: CreateServiceRequestInput!) {{ createServiceRequest(input: $input) {{
    serviceRequest {{ {REQUEST_FIELDS} }} trackingToken trackingUrl resent {ERRORS} }} }}"""
CHANGE = f"""mutation($input: ChangeServiceRequestStatusInput!) {{
    changeServiceRequestStatus(input: $input) {{ serviceRequest {{ {REQUEST_FIELDS} }} {ERRORS} }}
    }}"""
ALLOCATE = f"""mutation($input: AllocateServiceRequestInput!) {{
    allocateServiceRequest(input: $input) {{ serviceRequest {{ {REQUEST_FIELDS} }} {ERRORS} }} }}"""
MERGE = f"""mutation($input: MarkServiceRequestDuplicateInput!) {{
    markServiceRequestDuplicate(input: $input) {{ serviceRequest {{ {REQUEST_FIELDS} }} {ERRORS} }}
    }}"""
NOTE = f"""mutation($input: AddInternalNoteInput!) {{
    addInternalNote(input: $input) {{ serviceRequest {{ {REQUEST_FIELDS} }} {ERRORS} }} }}"""
FOLLOW = f"""mutation($id: ID!) {{ followServiceRequest(input: {{id: $id}}) {{
    serviceRequest {{ id followedByMe }} {ERRORS} }} }}"""
UNFOLLOW = f"""mutation($id: ID!) {{ unfollowServiceRequest(input: {{id: $id}}) {{
    serviceRequest {{ id followedByMe }} {ERRORS} }} }}"""
GET = f"""query($id: ID!) {{ serviceRequest(id: $id) {{ {REQUEST_FIELDS} }} }}"""
BY_TOKEN = f"""query($token: String!) {{ serviceRequestByToken(token: $token) {{ {REQUEST_FIELDS} }}
    }}"""
MINE = f"{{ myServiceRequests {{ {REQUEST_FIELDS} }} }}"
FOLLOWED = f"{{ followedServiceRequests {{ {REQUEST_FIELDS} }} }}"
NEARBY = f"""query($near: LocationInput!, $category: ID!) {{
    nearbyServiceRequests(near: $near, categoryId: $category) {{
      distance serviceRequest {{ {REQUEST_FIELDS} }} }} }}"""
QUEUE = f"""query($filter: ServiceRequestQueueFilter, $first: Int, $after: String) {{
    staffServiceRequestQueue(filter: $filter, first: $first, after: $after) {{
      totalCount pageInfo {{ hasNextPage hasPreviousPage endCursor }}
      edges {{ cursor node {{ {REQUEST_FIELDS} }} }} }} }}"""
CATEGORIES = """{ serviceRequestCategories { id serviceCode name description group keywords
    locationRequired active department { id name }
    questions { code datatype required variable order description values { key name } } } }"""
TEMPLATES = """query($status: ServiceRequestStatus) { serviceRequestTemplates(status: $status) {
    key status title text { fi sv en } } }"""

STREETLIGHT_QUESTIONS: list[dict[str, Any]] = [
    {
        "code": "problem",
        "datatype": "singlevaluelist",
        "required": True,
        "order": 1,
        "description": {"fi": "Mikä on vialla?", "sv": "Vad är fel?", "en": "What is wrong?"},
        "values": [
            {"key": "dark", "name": {"fi": "Ei pala", "sv": "Lyser inte", "en": "Not lit"}},
            {"key": "flicker", "name": {"fi": "Vilkkuu", "sv": "Blinkar", "en": "Flickers"}},
        ],
    },
    {
        "code": "poles",
        "datatype": "number",
        "required": False,
        "order": 2,
        "description": {"fi": "Montako pylvästä?", "sv": "Hur många stolpar?", "en": "Poles?"},
    },
    {
        "code": "since",
        "datatype": "datetime",
        "required": False,
        "order": 3,
        "description": {"fi": "Mistä lähtien?", "sv": "Sedan när?", "en": "Since when?"},
    },
    {
        "code": "where",
        "datatype": "multivaluelist",
        "required": False,
        "order": 4,
        "description": {"fi": "Missä?", "sv": "Var?", "en": "Where?"},
        "values": [
            {"key": "street", "name": {"fi": "Katu", "sv": "Gata", "en": "Street"}},
            {"key": "path", "name": {"fi": "Polku", "sv": "Stig", "en": "Path"}},
        ],
    },
    {
        "code": "pole_id",
        "datatype": "string",
        "required": False,
        "order": 5,
        "description": {"fi": "Pylvään numero", "sv": "Stolpens nummer", "en": "Pole number"},
    },
    {
        "code": "notice",
        "datatype": "text",
        "variable": False,
        "order": 6,
        "description": {"fi": "Hätätilanteessa soita 112.", "sv": "Ring 112.", "en": "Call 112."},
    },
]


def gid(type_name: str, node_id: object) -> str:
    return str(relay.GlobalID(type_name, str(node_id)))


def raw_id(global_id: str) -> str:
    return relay.GlobalID.from_id(global_id).node_id


@dataclass
class World:
    """A fresh department (and a second one) with categories and people, per test."""

    department: Department
    other_department: Department
    streetlight: RequestCategory  # questions, needs a place
    feedback: RequestCategory  # no questions, no place needed
    other: RequestCategory  # in the other department
    inactive: RequestCategory
    handler_user: User
    handler: str
    handler2_user: User
    handler2: str
    viewer: str
    other_handler: str
    global_handler: str
    admin: str
    citizen_user: User
    citizen: str
    citizen2_user: User
    citizen2: str

    def cat(self, category: RequestCategory) -> str:
        return gid("ServiceRequestCategory", category.id)


async def session_cookie(user: User) -> str:
    token = secrets.token_urlsafe(32)
    await Session.create(
        id=hashlib.sha256(token.encode()).hexdigest(),
        user=user,
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )
    return f"asiointi_session={token}"


async def make_world() -> World:
    tag = secrets.token_hex(4)
    department = await Department.create(
        slug=f"test-{tag}",
        name_fi=f"Osasto {tag}",
        name_sv=f"Avdelning {tag}",
        name_en=f"Dept {tag}",
    )
    other = await Department.create(
        slug=f"other-{tag}", name_fi=f"Muu {tag}", name_sv=f"Annan {tag}", name_en=f"Other {tag}"
    )

    async def category(code: str, dept: Department, **kwargs: Any) -> RequestCategory:
        return await RequestCategory.create(
            service_code=f"{code}-{tag}",
            name_fi=f"{code} fi",
            name_sv=f"{code} sv",
            name_en=f"{code} en",
            department=dept,
            **kwargs,
        )

    def staff(name: str, role: str, scope_type: str, scope_id: str = "") -> Any:
        return make_user(name, role=role, scope_type=scope_type, scope_id=scope_id)

    handler = await staff("Hilkka Handler", "handler", "department", str(department.id))
    handler2 = await staff("Heikki Handler", "handler", "department", str(department.id))
    viewer = await staff("Veikko Viewer", "viewer", "department", str(department.id))
    other_handler = await staff("Olli Other", "handler", "department", str(other.id))
    global_handler = await staff("Gustav Global", "handler", "global")
    admin = await User.get(login_email="admin@example.fi")
    citizen = await make_user("Kaisu Kansalainen")
    citizen2 = await make_user("Pekka Puistossa")
    return World(
        department=department,
        other_department=other,
        streetlight=await category(
            "streetlight",
            department,
            questions=STREETLIGHT_QUESTIONS,
            description_fi="Rikkinäinen katuvalo",
            group_en="Streets",
            keywords="lamp,light",
        ),
        feedback=await category("feedback", department, location_required=False),
        other=await category("graffiti", other),
        inactive=await category("retired", department, active=False),
        handler_user=handler,
        handler=await session_cookie(handler),
        handler2_user=handler2,
        handler2=await session_cookie(handler2),
        viewer=await session_cookie(viewer),
        other_handler=await session_cookie(other_handler),
        global_handler=await session_cookie(global_handler),
        admin=await session_cookie(admin),
        citizen_user=citizen,
        citizen=await session_cookie(citizen),
        citizen2_user=citizen2,
        citizen2=await session_cookie(citizen2),
    )


def unlimited(settings: Settings) -> Settings:
    return replace(settings, rate_limit_user=0, rate_limit_ip=0, rate_limit_api_key=0)


async def api_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(unlimited(settings), manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url=SITE, headers={"Origin": SITE}, timeout=120
    ) as client:
        yield client


async def post(
    client: httpx.AsyncClient,
    cookie: str | None,
    query: str,
    variables: dict[str, Any] | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """The whole response body, errors included."""
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Cookie": cookie} if cookie else {},
        params={"lang": lang} if lang else None,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def call(
    client: httpx.AsyncClient,
    cookie: str | None,
    query: str,
    variables: dict[str, Any] | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    body = await post(client, cookie, query, variables, lang)
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def report(category: str, **fields: Any) -> dict[str, Any]:
    """A valid report's input (a streetlight's answers when given none)."""
    base: dict[str, Any] = {
        "clientId": str(uuid.uuid4()),
        "categoryId": category,
        "title": "Katuvalo ei pala",
        "description": "Pylväs Mannerheimintien ja Kaivokadun kulmassa on pimeänä.",
        "location": {"lat": CENTRE[0], "lon": CENTRE[1]},
        "answers": {"problem": "dark"},
    }
    base.update(fields)
    return base


async def create(
    client: httpx.AsyncClient, cookie: str | None, input: dict[str, Any], lang: str | None = None
) -> dict[str, Any]:
    """The createServiceRequest payload."""
    data = await call(client, cookie, CREATE, {"input": input}, lang)
    payload: dict[str, Any] = data["createServiceRequest"]
    return payload


async def created(client: httpx.AsyncClient, cookie: str | None, input: dict[str, Any]) -> str:
    """Creates a request that must succeed; its global id."""
    payload = await create(client, cookie, input)
    assert payload["errors"] == [], payload["errors"]
    request_id: str = payload["serviceRequest"]["id"]
    return request_id


@dataclass(frozen=True)
class Rows:
    requests: int
    numbers: int
    events: int
    photos: int
    attached: int
    followers: int


async def rows() -> Rows:
    """How many rows the domain's tables hold (to prove a refusal wrote nothing)."""
    return Rows(
        requests=await ServiceRequest.all().count(),
        numbers=await RequestNumber.all().count(),
        events=await RequestEvent.all().count(),
        photos=await RequestPhoto.all().count(),
        attached=await RequestPhoto.exclude(request_id=None).count(),
        followers=await RequestFollower.all().count(),
    )


def image_bytes(
    image_format: str = "JPEG", size: tuple[int, int] = (64, 48), **params: Any
) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **params)
    return buffer.getvalue()


async def upload(
    client: httpx.AsyncClient,
    data: bytes,
    *,
    cookie: str | None = None,
    filename: str = "photo.jpg",
    content_type: str = "image/jpeg",
) -> httpx.Response:
    return await client.post(
        "/service-requests/photos",
        files={"file": (filename, data, content_type)},
        headers={"Cookie": cookie} if cookie else {},
    )


async def uploaded(client: httpx.AsyncClient, data: bytes | None = None) -> str:
    response = await upload(client, data or image_bytes())
    assert response.status_code == 201, response.text
    photo_id: str = response.json()["id"]
    return photo_id
