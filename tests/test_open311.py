"""Open311 GeoReport v2 at /open311/v2/, through the real ASGI app on SQLite and PostgreSQL:
every endpoint in JSON and XML against the specification's shapes, POST with an API key
(form-encoded and multipart with photos) visible through GraphQL too, Helsinki's extensions,
locales, paging and time filters with zones, every kind of bad input as the specification's
error list that stores nothing, and no reporter contact details anywhere."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from backend.accounts import api_keys
from backend.accounts.models import User
from backend.accounts.principal import ANONYMOUS, Principal
from backend.accounts.service import principal_for
from backend.app import create_app
from backend.service_requests import service
from backend.service_requests.models import ServiceRequest
from backend.service_requests.open311 import MAX_PAGE_SIZE
from backend.settings import Settings
from tests.conftest import SITE
from tests.test_service_requests_helpers import (
    CENTRE,
    GET,
    KALLIO,
    TAPIOLA,
    World,
    api_client,
    call,
    create,
    gid,
    image_bytes,
    make_world,
    report,
    rows,
    unlimited,
)

FORMATS = ["json", "xml"]
BASE = "/open311/v2"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>'
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
EXTENDED_FIELDS = [
    "title",
    "detailed_status",
    "detailed_status_name",
    "media_urls",
    "duplicate_of",
    "status_history",
]
HISTORY_FIELDS = ["datetime", "event", "status", "detailed_status", "status_notes"]


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture
async def server(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """Another system's server: no cookies, no Origin header."""
    app = create_app(unlimited(settings), manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=SITE, timeout=120) as client:
        yield client


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The PWA's GraphQL client (our own Origin)."""
    async for client in api_client(settings):
        yield client


@pytest.fixture
async def world() -> World:
    return await make_world()


async def admin() -> Principal:
    return await principal_for(await User.get(login_email="admin@example.fi"))


async def issue_key(scopes: list[str]) -> api_keys.IssuedKey:
    return await api_keys.create_api_key(
        await admin(), f"Open311 test {secrets.token_hex(3)}", scopes
    )


@pytest.fixture
async def key() -> str:
    return (await issue_key(["open311:write"])).secret


def xml_of(response: httpx.Response) -> ElementTree.Element:
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(XML_DECLARATION)
    # Our own server's answer (defusedxml is not a dependency of this project).
    return ElementTree.fromstring(response.content)  # noqa: S314


def json_of(response: httpx.Response) -> Any:
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    return response.json()


def flat(element: ElementTree.Element) -> dict[str, str | None]:
    return {child.tag: child.text for child in element}


def as_text(value: Any) -> str | None:
    """How a JSON value reads in the XML."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def errors_of(response: httpx.Response, fmt: str, status: int) -> list[str]:
    """The descriptions of a specification-shaped error answer with this status."""
    assert response.status_code == status, response.text
    assert response.headers["cache-control"] == "no-store"
    if fmt == "json":
        body = json_of(response)
        assert isinstance(body, list)
        assert body
        for error in body:
            assert list(error) == ["code", "description"]
            assert error["code"] == status
            assert isinstance(error["description"], str)
            assert error["description"]
        return [e["description"] for e in body]
    root = xml_of(response)
    assert root.tag == "errors"
    errors = root.findall("error")
    assert errors
    assert len(errors) == len(root)
    for error in errors:
        assert [child.tag for child in error] == ["code", "description"]
        assert error.findtext("code") == str(status)
        assert error.findtext("description")
    return [e.findtext("description") or "" for e in errors]


def assert_error(response: httpx.Response, fmt: str, status: int, *fragments: str) -> None:
    descriptions = errors_of(response, fmt, status)
    for fragment in fragments:
        assert any(fragment in d for d in descriptions), (fragment, descriptions)


def requests_of(response: httpx.Response, fmt: str) -> list[dict[str, Any]]:
    """The requests of a `service_requests` answer; from XML with the JSON's names and texts."""
    assert response.status_code == 200, response.text
    if fmt == "json":
        body = json_of(response)
        assert isinstance(body, list)
        for entry in body:
            assert [k for k in entry if k != "extended_attributes"] == REQUEST_FIELDS
        return body
    root = xml_of(response)
    assert root.tag == "service_requests"
    assert all(child.tag == "request" for child in root)
    items = []
    for element in root:
        assert [c.tag for c in element if c.tag != "extended_attributes"] == REQUEST_FIELDS
        item: dict[str, Any] = flat(element)
        extended = element.find("extended_attributes")
        if extended is not None:
            item["extended_attributes"] = extended
        items.append(item)
    return items


def numbers(items: list[dict[str, Any]]) -> list[int]:
    return [int(i["service_request_id"]) for i in items]


async def make_request(
    world: World,
    *,
    at: datetime | None = None,
    category: Any = None,
    principal: Principal = ANONYMOUS,
    **fields: Any,
) -> service.Created:
    new = {
        "category": (category or world.streetlight).id,
        "title": "Katuvalo ei pala",
        "description": "Pylväs on pimeänä.",
        "lat": CENTRE[0],
        "lon": CENTRE[1],
        "answers": {"problem": "dark"},
        **fields,
    }
    return await service.create_request(principal, service.NewRequest(**new), now=at)


async def handler(world: World) -> Principal:
    return await principal_for(world.handler_user)


def form(key: str, world: World, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "api_key": key,
        "service_code": world.streetlight.service_code,
        "lat": str(KALLIO[0]),
        "long": str(KALLIO[1]),
        "description": "Katuvalo vilkkuu Kallion kirjaston edessä.",
        "attribute[problem]": "flicker",
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


# ---------------------------------------------------------------- discovery and services


@pytest.mark.parametrize("fmt", FORMATS)
async def test_discovery(server: httpx.AsyncClient, fmt: str) -> None:
    response = await server.get(f"{BASE}/discovery.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        body = json_of(response)
        endpoint = body["endpoints"][0]
        changeset, formats = body["changeset"], endpoint["formats"]
        assert body["contact"]
        assert body["key_service"]
    else:
        root = xml_of(response)
        assert root.tag == "discovery"
        assert root.findtext("contact")
        assert root.findtext("key_service")
        element = root.find("endpoints/endpoint")
        assert element is not None
        endpoint = flat(element)
        changeset = root.findtext("changeset")
        formats = [f.text for f in element.findall("formats/format")]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == f"{SITE}/open311/v2"
    assert endpoint["type"] == "production"
    assert formats == ["text/xml", "application/json"]
    assert datetime.fromisoformat(str(changeset)).tzinfo is not None
    head = await server.head(f"{BASE}/discovery.{fmt}")
    assert head.status_code == 200
    assert head.headers["content-type"] == response.headers["content-type"]


@pytest.mark.parametrize("fmt", FORMATS)
async def test_services_list_active_categories_in_the_locale(
    server: httpx.AsyncClient, world: World, fmt: str
) -> None:
    response = await server.get(f"{BASE}/services.{fmt}", params={"locale": "sv"})
    if fmt == "json":
        services = {s["service_code"]: s for s in json_of(response)}
        light = services[world.streetlight.service_code]
        assert list(light) == [
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group",
        ]
        assert light["metadata"] is True
        assert services[world.feedback.service_code]["metadata"] is False
    else:
        root = xml_of(response)
        assert root.tag == "services"
        services = {s.findtext("service_code"): flat(s) for s in root.findall("service") if len(s)}
        light = services[world.streetlight.service_code]
        assert light["metadata"] == "true"
        assert services[world.feedback.service_code]["metadata"] == "false"
    assert light["service_name"] == "streetlight sv"
    assert light["description"] == "Rikkinäinen katuvalo"  # Finnish when there is no Swedish
    assert light["type"] == "realtime"
    assert light["keywords"] == "lamp, light"
    assert light["group"] == "Streets"
    assert world.inactive.service_code not in services
    assert world.other.service_code in services


async def test_services_follow_accept_language(server: httpx.AsyncClient, world: World) -> None:
    response = await server.get(f"{BASE}/services.json", headers={"Accept-Language": "en"})
    services = {s["service_code"]: s for s in json_of(response)}
    assert services[world.streetlight.service_code]["service_name"] == "streetlight en"
    assert response.headers["vary"] == "Accept-Language"
    finnish = await server.get(f"{BASE}/services.json")
    names = {s["service_code"]: s["service_name"] for s in json_of(finnish)}
    assert names[world.streetlight.service_code] == "streetlight fi"


@pytest.mark.parametrize("fmt", FORMATS)
async def test_a_service_definition(server: httpx.AsyncClient, world: World, fmt: str) -> None:
    code = world.streetlight.service_code
    response = await server.get(f"{BASE}/services/{code}.{fmt}", params={"locale": "en"})
    if fmt == "json":
        body = json_of(response)
        assert list(body) == ["service_code", "attributes"]
        assert body["service_code"] == code
        attributes = body["attributes"]
    else:
        root = xml_of(response)
        assert root.tag == "service_definition"
        assert root.findtext("service_code") == code
        attributes = []
        for element in root.findall("attributes/attribute"):
            item: dict[str, Any] = flat(element)
            item["values"] = [flat(v) for v in element.findall("values/value")]
            for name in ("variable", "required"):
                item[name] = item[name] == "true"
            item["order"] = int(str(item["order"]))
            attributes.append(item)
    fields = [
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    ]
    assert all(list(a) == fields for a in attributes)
    assert [
        (a["code"], a["datatype"], a["required"], a["variable"], a["order"]) for a in attributes
    ] == [
        ("problem", "singlevaluelist", True, True, 1),
        ("poles", "number", False, True, 2),
        ("since", "datetime", False, True, 3),
        ("where", "multivaluelist", False, True, 4),
        ("pole_id", "string", False, True, 5),
        ("notice", "text", False, False, 6),
    ]
    problem, poles, since, where = attributes[:4]
    assert problem["description"] == "What is wrong?"
    assert problem["values"] == [
        {"key": "dark", "name": "Not lit"},
        {"key": "flicker", "name": "Flickers"},
    ]
    assert where["values"] == [{"key": "street", "name": "Street"}, {"key": "path", "name": "Path"}]
    assert poles["values"] == []
    assert "time zone" in str(since["datatype_description"])
    assert attributes[4]["datatype_description"] in (None, "")

    empty = await server.get(f"{BASE}/services/{world.feedback.service_code}.{fmt}")
    assert empty.status_code == 200
    if fmt == "json":
        assert json_of(empty)["attributes"] == []
    else:
        assert xml_of(empty).findall("attributes/attribute") == []


@pytest.mark.parametrize("fmt", FORMATS)
async def test_unknown_and_inactive_services_are_404(
    server: httpx.AsyncClient, world: World, fmt: str
) -> None:
    for code in ("no-such-service", world.inactive.service_code, "x" * 300):
        response = await server.get(f"{BASE}/services/{code}.{fmt}")
        assert_error(response, fmt, 404, "service_code")


# ---------------------------------------------------------------- sending requests


@pytest.mark.parametrize("fmt", FORMATS)
async def test_a_posted_request_is_stored_and_visible_through_graphql(
    server: httpx.AsyncClient, api: httpx.AsyncClient, world: World, key: str, fmt: str
) -> None:
    response = await server.post(
        f"{BASE}/requests.{fmt}",
        data=form(
            key,
            world,
            title="Vilkkuva valo",
            **{
                "attribute[poles]": "2",
                "attribute[since]": "2026-11-01T18:00:00+02:00",
                "attribute[where][]": ["street", "path"],
                "attribute[pole_id]": "HKI-42",
                "attribute[unknown]": "dropped",
                "first_name": "Olli",
                "last_name": "Open",
                "email": "olli.open@example.fi",
                "phone": "+358 40 111 2222",
                "address_string": "Kallion kirjasto",
            },
        ),
    )
    assert response.status_code == 200, response.text
    if fmt == "json":
        body = json_of(response)
        assert len(body) == 1
        assert list(body[0]) == [
            "service_request_id",
            "service_notice",
            "account_id",
        ]
        number = body[0]["service_request_id"]
        assert isinstance(number, int)
    else:
        root = xml_of(response)
        assert root.tag == "service_requests"
        (element,) = root.findall("request")
        assert [c.tag for c in element] == ["service_request_id", "service_notice", "account_id"]
        number = int(element.findtext("service_request_id") or 0)

    stored = await ServiceRequest.get(number=number)
    assert stored.channel == "open311"
    assert stored.api_key_id is not None
    assert stored.reporter_id is None
    assert stored.tracking_token_hash is None

    # Staff of its department see it through GraphQL, with its contact details and answers.
    seen = (await call(api, world.handler, GET, {"id": gid("ServiceRequest", stored.id)}))[
        "serviceRequest"
    ]
    assert seen["number"] == number
    assert seen["title"] == "Vilkkuva valo"
    assert seen["description"] == "Katuvalo vilkkuu Kallion kirjaston edessä."
    assert seen["location"] == {"lat": KALLIO[0], "lon": KALLIO[1]}
    assert seen["address"] == "Kallion kirjasto"
    assert seen["status"] == "RECEIVED"
    assert seen["answers"] == {
        "problem": "flicker",
        "poles": 2,
        "since": "2026-11-01T16:00:00+00:00",
        "where": ["street", "path"],
        "pole_id": "HKI-42",
    }
    assert (seen["contactName"], seen["contactEmail"], seen["contactPhone"]) == (
        "Olli Open",
        "olli.open@example.fi",
        "+358 40 111 2222",
    )
    # … and everybody through Open311.
    (item,) = requests_of(await server.get(f"{BASE}/requests/{number}.{fmt}"), fmt)
    assert as_text(item["service_request_id"]) == str(number)
    assert item["status"] == "open"
    assert item["service_code"] == world.streetlight.service_code
    assert item["address"] == "Kallion kirjasto"


async def test_an_address_is_enough_without_coordinates(
    server: httpx.AsyncClient, world: World, key: str
) -> None:
    response = await server.post(
        f"{BASE}/requests.json",
        data=form(key, world, lat=None, long=None, address_string="Mannerheimintie 1"),
    )
    number = json_of(response)[0]["service_request_id"]
    (item,) = requests_of(await server.get(f"{BASE}/requests/{number}.json"), "json")
    assert (item["lat"], item["long"], item["address"]) == (None, None, "Mannerheimintie 1")
    (xml_item,) = requests_of(await server.get(f"{BASE}/requests/{number}.xml"), "xml")
    assert (xml_item["lat"], xml_item["long"]) == (None, None)


async def test_a_media_url_is_kept_for_staff_in_the_description(
    server: httpx.AsyncClient, world: World, key: str
) -> None:
    response = await server.post(
        f"{BASE}/requests.json",
        data=form(key, world, media_url="https://example.org/kuvat/valo.jpg"),
    )
    number = json_of(response)[0]["service_request_id"]
    stored = await ServiceRequest.get(number=number)
    assert stored.description.endswith("\n\nLiite: https://example.org/kuvat/valo.jpg")


async def test_photos_can_be_sent_with_the_request(
    server: httpx.AsyncClient, world: World, key: str
) -> None:
    before = await rows()
    response = await server.post(
        f"{BASE}/requests.json",
        data=form(key, world),
        files=[
            ("media", ("a.jpg", image_bytes("JPEG"), "image/jpeg")),
            ("media", ("b.png", image_bytes("PNG", (30, 40)), "image/png")),
        ],
    )
    number = json_of(response)[0]["service_request_id"]
    after = await rows()
    assert (after.photos - before.photos, after.attached - before.attached) == (2, 2)
    (item,) = requests_of(
        await server.get(f"{BASE}/requests/{number}.json", params={"extensions": "true"}), "json"
    )
    urls = item["extended_attributes"]["media_urls"]
    assert len(urls) == 2
    assert item["media_url"] == urls[0]
    assert all(u.startswith(f"{SITE}/service-requests/photos/") for u in urls)
    photo = await server.get(urls[1].removeprefix(SITE))
    assert photo.status_code == 200
    assert photo.headers["content-type"] == "image/jpeg"
    (xml_item,) = requests_of(
        await server.get(f"{BASE}/requests/{number}.xml", params={"extensions": "true"}), "xml"
    )
    assert xml_item["media_url"] == urls[0]
    assert [u.text for u in xml_item["extended_attributes"].findall("media_urls/media_url")] == urls


@pytest.mark.parametrize("fmt", FORMATS)
async def test_the_api_key_is_required_and_checked(
    server: httpx.AsyncClient, world: World, key: str, fmt: str
) -> None:
    url = f"{BASE}/requests.{fmt}"
    unscoped = (await issue_key(["gdpr:read"])).secret
    revoked = await issue_key(["open311:write"])
    await api_keys.revoke_api_key(await admin(), revoked.api_key.id)
    forged = f"asi_{revoked.api_key.prefix}_{secrets.token_urlsafe(32)}"
    before = await rows()
    cases: list[tuple[dict[str, Any], dict[str, str]]] = [
        (form(key, world, api_key=None), {}),
        (form("", world), {}),
        (form("asi_bogus", world), {}),
        (form(forged, world), {}),
        (form(revoked.secret, world), {}),
        (form(unscoped, world), {}),
        (form(key, world, api_key=None), {"X-Api-Key": unscoped}),
    ]
    for data, headers in cases:
        response = await server.post(url, data=data, headers=headers)
        assert_error(response, fmt, 403, "api_key")
    # Not a form at all: without a key in a header there is no key to check.
    as_json = await server.post(url, json={"api_key": key})
    assert_error(as_json, fmt, 403, "api_key")
    assert await rows() == before
    # A key in a header (or the query) works as well as in the form.
    by_header = await server.post(
        url, data=form(key, world, api_key=None), headers={"X-Api-Key": key}
    )
    assert by_header.status_code == 200
    by_query = await server.post(url, params={"api_key": key}, data=form(key, world, api_key=None))
    assert by_query.status_code == 200
    # A bad key in the query or a header is refused by the app's gate, before Open311 (401),
    # in the spec's error shape all the same.
    before = await rows()
    gate = await server.post(url, params={"api_key": "asi_bogus"}, data=form(key, world))
    assert errors_of(gate, fmt, 401)
    assert await rows() == before


async def test_browsers_cannot_post_across_sites(
    server: httpx.AsyncClient, api: httpx.AsyncClient, world: World, key: str
) -> None:
    before = await rows()
    evil = {"Origin": "https://evil.example"}
    # With the citizen's session cookie: the CSRF guard refuses it, even with a valid key.
    with_cookie = await server.post(
        f"{BASE}/requests.json", data=form(key, world), headers={**evil, "Cookie": world.citizen}
    )
    assert with_cookie.status_code == 403
    # Without the cookie it is like any caller: no key, no request.
    without_key = await server.post(
        f"{BASE}/requests.json", data=form(key, world, api_key=None), headers=evil
    )
    assert_error(without_key, "json", 403, "api_key")
    assert await rows() == before


BAD_POSTS: list[tuple[str, dict[str, Any], list[str]]] = [
    ("unknown service code", {"service_code": "no-such-service"}, ["service_code"]),
    ("missing service code", {"service_code": None}, ["service_code"]),
    ("missing required attribute", {"attribute[problem]": None}, ["attribute[problem]"]),
    ("invalid list value", {"attribute[problem]": "broken"}, ["attribute[problem]"]),
    ("invalid number", {"attribute[poles]": "many"}, ["attribute[poles]"]),
    ("datetime without a zone", {"attribute[since]": "2026-11-01T18:00:00"}, ["attribute[since]"]),
    ("malformed attribute", {"attribute[problem": "dark"}, ["attribute[problem"]),
    ("latitude not a number", {"lat": "sixty"}, ["lat:"]),
    ("latitude not finite", {"lat": "nan"}, ["lat:"]),
    ("latitude without longitude", {"long": None}, ["lat/long"]),
    ("outside the City", {"lat": str(TAPIOLA[0]), "long": str(TAPIOLA[1])}, ["lat/long"]),
    ("far away", {"lat": "91", "long": "24.9"}, ["lat/long"]),
    ("no place at all", {"lat": None, "long": None}, ["lat/long"]),
    ("over-long description", {"description": "x" * 4001}, ["description", "4000"]),
    ("over-long title", {"title": "x" * 201}, ["title"]),
    ("over-long name", {"first_name": "x" * 150, "last_name": "y" * 150}, ["first_name/last_name"]),
    ("over-long attribute", {"attribute[pole_id]": "x" * 501}, ["attribute[pole_id]"]),
    ("HTML in the description", {"description": "<script>alert(1)</script>"}, ["description"]),
    ("HTML in the title", {"title": "Valo <b>rikki</b>"}, ["title"]),
    ("HTML in an attribute", {"attribute[pole_id]": "<img src=x>"}, ["attribute[pole_id]"]),
    ("HTML in the address", {"address_string": "<a href=x>tie</a>"}, ["address_string"]),
    ("bad e-mail", {"email": "not an address"}, ["email"]),
    ("bad phone", {"phone": "call me"}, ["phone"]),
    ("bad media_url", {"media_url": "javascript:alert(1)"}, ["media_url"]),
    ("control characters", {"description": "valo\x00rikki"}, ["description"]),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("case", "fields", "fragments"), BAD_POSTS, ids=[c[0] for c in BAD_POSTS])
async def test_bad_input_is_400_and_stores_nothing(
    server: httpx.AsyncClient,
    world: World,
    key: str,
    fmt: str,
    case: str,
    fields: dict[str, Any],
    fragments: list[str],
) -> None:
    before = await rows()
    response = await server.post(
        f"{BASE}/requests.{fmt}", data=form(key, world, **fields), headers={"Accept-Language": "en"}
    )
    assert_error(response, fmt, 400, *fragments)
    assert await rows() == before


async def test_every_problem_is_listed_at_once(
    server: httpx.AsyncClient, world: World, key: str
) -> None:
    response = await server.post(
        f"{BASE}/requests.json",
        data=form(key, world, **{"attribute[problem]": None, "description": "<i>x</i>"}),
        params={"locale": "en"},
    )
    descriptions = errors_of(response, "json", 400)
    assert len(descriptions) == 2
    assert any(d.startswith("attribute[problem]: Please answer the question") for d in descriptions)
    assert any(d.startswith("description: The text cannot contain HTML") for d in descriptions)


BAD_MEDIA: list[tuple[str, list[tuple[str, bytes]]]] = [
    ("not an image", [("media", b"hello, this is text")]),
    ("an image disguised", [("media", b"GIF89a" + b"\x00" * 100)]),
    ("oversized", [("media", b"\xff\xd8\xff" + b"\x00" * (10 * 1024 * 1024))]),
    ("corrupt after a good one", [("media", image_bytes()), ("media", b"\xff\xd8\xff\xe0junk")]),
    ("too many", [("media", image_bytes())] * 6),
    ("another file field", [("photo", image_bytes())]),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("case", "files"), BAD_MEDIA, ids=[c[0] for c in BAD_MEDIA])
async def test_bad_media_is_400_and_stores_nothing(
    server: httpx.AsyncClient,
    world: World,
    key: str,
    fmt: str,
    case: str,
    files: list[tuple[str, bytes]],
) -> None:
    before = await rows()
    response = await server.post(
        f"{BASE}/requests.{fmt}",
        data=form(key, world),
        files=[(name, (f"f{i}.jpg", data, "image/jpeg")) for i, (name, data) in enumerate(files)],
    )
    assert_error(response, fmt, 400)
    assert await rows() == before


async def test_good_photos_with_bad_input_store_nothing(
    server: httpx.AsyncClient, world: World, key: str
) -> None:
    before = await rows()
    response = await server.post(
        f"{BASE}/requests.xml",
        data=form(key, world, **{"attribute[problem]": None}),
        files=[("media", ("a.jpg", image_bytes(), "image/jpeg"))] * 2,
    )
    assert_error(response, "xml", 400, "attribute[problem]")
    assert await rows() == before


@pytest.mark.parametrize("fmt", FORMATS)
async def test_malformed_bodies_are_400(
    server: httpx.AsyncClient, world: World, key: str, fmt: str
) -> None:
    url = f"{BASE}/requests.{fmt}"
    before = await rows()
    form_type = {"Content-Type": "application/x-www-form-urlencoded"}
    cases: list[tuple[bytes, dict[str, str]]] = [
        (b"api_key=" + key.encode() + b"&description=%FF%FE", form_type),  # not UTF-8
        (b"api_key=" + key.encode() + b"&d=" + b"x" * (300 * 1024), form_type),  # too large
        (b"api_key=" + key.encode() + b"".join(b"&f%d=1" % i for i in range(300)), form_type),
        (b"--x\r\nbroken", {"Content-Type": "multipart/form-data"}),  # no boundary
        (b"not multipart at all", {"Content-Type": "multipart/form-data; boundary=abc"}),
    ]
    for body, headers in cases:
        response = await server.post(url, content=body, headers={**headers, "X-Api-Key": key})
        assert_error(response, fmt, 400)
    wrong_type = await server.post(url, json={"service_code": "x"}, headers={"X-Api-Key": key})
    assert_error(wrong_type, fmt, 400, "form")
    assert await rows() == before


# ---------------------------------------------------------------- reading requests


@pytest.mark.parametrize("fmt", FORMATS)
async def test_a_request_in_full_and_in_both_formats_alike(
    server: httpx.AsyncClient, world: World, fmt: str
) -> None:
    made = (await make_request(world, address="Senaatintori")).request
    staff = await handler(world)
    await service.change_status(
        staff, made.id, status="in_handling", public_note="Työ on aloitettu.", internal_note="X"
    )
    path = f"{BASE}/requests/{made.number}"
    (item,) = requests_of(await server.get(f"{path}.json", params={"locale": "en"}), "json")
    assert item["service_request_id"] == made.number
    assert item["status"] == "open"
    assert item["status_notes"] == "Työ on aloitettu."
    assert item["service_name"] == "streetlight en"
    assert item["service_code"] == world.streetlight.service_code
    assert item["description"] == "Pylväs on pimeänä."
    assert item["agency_responsible"] == world.department.name_en
    assert item["service_notice"] is None
    assert item["expected_datetime"] is None
    assert (item["address"], item["lat"], item["long"]) == ("Senaatintori", CENTRE[0], CENTRE[1])
    assert item["media_url"] is None
    for name in ("requested_datetime", "updated_datetime"):
        moment = datetime.fromisoformat(item[name])
        assert moment.utcoffset() in (timedelta(hours=2), timedelta(hours=3))
    assert item["updated_datetime"] >= item["requested_datetime"]
    assert "extended_attributes" not in item
    if fmt == "xml":
        (xml_item,) = requests_of(await server.get(f"{path}.xml", params={"locale": "en"}), "xml")
        assert xml_item == {k: as_text(v) for k, v in item.items()}


@pytest.mark.parametrize("fmt", FORMATS)
async def test_extensions_show_the_public_history(
    server: httpx.AsyncClient, world: World, fmt: str
) -> None:
    made = (await make_request(world, contact=service.Contact(name="Salainen Ilmoittaja"))).request
    staff = await handler(world)
    await service.change_status(
        staff,
        made.id,
        status="in_handling",
        public_note="Työ on aloitettu.",
        internal_note="SISÄINEN-MUISTIO",
    )
    await service.add_note(staff, made.id, internal_note="VAIN-HENKILÖSTÖLLE")
    await service.change_status(staff, made.id, status="resolved", public_note="Valo korjattu.")
    response = await server.get(
        f"{BASE}/requests/{made.number}.{fmt}", params={"extensions": "true", "locale": "en"}
    )
    for secret in ("SISÄINEN", "VAIN-HENKILÖSTÖLLE", "Hilkka", "Salainen"):
        assert secret not in response.text
    (item,) = requests_of(response, fmt)
    assert item["status"] == "closed"
    assert item["status_notes"] == "Valo korjattu."
    if fmt == "json":
        extended = item["extended_attributes"]
        assert list(extended) == EXTENDED_FIELDS
        history = extended["status_history"]
        assert all(list(h) == HISTORY_FIELDS for h in history)
        media_urls = extended["media_urls"]
    else:
        element = item["extended_attributes"]
        assert [c.tag for c in element] == EXTENDED_FIELDS
        extended = flat(element)
        entries = element.findall("status_history/entry")
        assert all([c.tag for c in e] == HISTORY_FIELDS for e in entries)
        history = [flat(e) for e in entries]
        media_urls = element.findall("media_urls/media_url")
    assert extended["title"] == "Katuvalo ei pala"
    assert extended["detailed_status"] == "RESOLVED"
    assert extended["detailed_status_name"] == "Resolved"
    assert extended["duplicate_of"] is None
    assert media_urls == []
    assert [
        (h["event"], h["status"], h["detailed_status"], h["status_notes"]) for h in history
    ] == [
        ("created", "open", "RECEIVED", None),
        ("status", "open", "IN_HANDLING", "Työ on aloitettu."),
        ("status", "closed", "RESOLVED", "Valo korjattu."),
    ]
    assert all(datetime.fromisoformat(str(h["datetime"])).tzinfo for h in history)

    finnish = await server.get(f"{BASE}/requests/{made.number}.json?extensions=true")
    assert json_of(finnish)[0]["extended_attributes"]["detailed_status_name"] == "Ratkaistu"


async def test_a_duplicate_tells_which_request_to_follow(
    server: httpx.AsyncClient, world: World
) -> None:
    original = (await make_request(world)).request
    duplicate = (await make_request(world)).request
    await service.mark_duplicate(
        await handler(world), duplicate.id, original_id=original.id, public_note="Sama vika."
    )
    (item,) = requests_of(
        await server.get(
            f"{BASE}/requests/{duplicate.number}.json",
            params={"extensions": "true", "locale": "en"},
        ),
        "json",
    )
    assert item["status"] == "closed"
    assert item["status_notes"] == "Sama vika."
    assert item["service_notice"] == f"This was reported before: follow request {original.number}."
    assert item["extended_attributes"]["detailed_status"] == "DUPLICATE"
    assert item["extended_attributes"]["duplicate_of"] == original.number


@pytest.mark.parametrize("fmt", FORMATS)
async def test_rejected_and_unknown_requests_are_404(
    server: httpx.AsyncClient, world: World, fmt: str
) -> None:
    made = (await make_request(world)).request
    await service.change_status(await handler(world), made.id, status="rejected")
    for raw in (str(made.number), "0", "-1", "abc", "99999999999999999999", "1e3"):
        response = await server.get(f"{BASE}/requests/{raw}.{fmt}")
        assert_error(response, fmt, 404, "service_request_id")
    listed = await server.get(
        f"{BASE}/requests.{fmt}", params={"service_code": world.streetlight.service_code}
    )
    assert made.number not in numbers(requests_of(listed, fmt))


@pytest.mark.parametrize("fmt", FORMATS)
async def test_lists_filter_by_service_code_and_status(
    server: httpx.AsyncClient, world: World, fmt: str
) -> None:
    staff = await handler(world)
    received = (await make_request(world)).request
    resolved = (await make_request(world)).request
    await service.change_status(staff, resolved.id, status="in_handling")
    await service.change_status(staff, resolved.id, status="resolved")
    duplicate = (await make_request(world)).request
    await service.mark_duplicate(staff, duplicate.id, original_id=received.id)
    rejected = (await make_request(world)).request
    await service.change_status(staff, rejected.id, status="rejected")
    elsewhere = (await make_request(world, category=world.other)).request
    code = world.streetlight.service_code

    async def listed(**params: str) -> list[int]:
        response = await server.get(f"{BASE}/requests.{fmt}", params=params)
        return numbers(requests_of(response, fmt))

    newest_first = [duplicate.number, resolved.number, received.number]
    assert await listed(service_code=code) == newest_first
    assert await listed(service_code=code, status="open") == [received.number]
    assert await listed(service_code=code, status="closed") == [duplicate.number, resolved.number]
    assert await listed(service_code=code, status="open,closed") == newest_first
    both = await listed(service_code=f"{code},{world.other.service_code}")
    assert both == [elsewhere.number, *newest_first]
    # service_request_id overrides every other filter; unknown and hidden ones are left out.
    wanted = f"{received.number},{rejected.number},{elsewhere.number},{MAX_PAGE_SIZE * 1000}"
    assert sorted(await listed(service_request_id=wanted, status="closed")) == sorted(
        [received.number, elsewhere.number]
    )


@pytest.mark.parametrize("fmt", FORMATS)
async def test_time_filters_take_zones_and_answer_in_helsinki_time(
    server: httpx.AsyncClient, world: World, fmt: str
) -> None:
    winter = (await make_request(world, at=datetime(2026, 1, 15, 10, 0, tzinfo=UTC))).request
    spring = (await make_request(world, at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC))).request
    summer = (await make_request(world, at=datetime(2026, 7, 15, 10, 0, tzinfo=UTC))).request
    await service.change_status(
        await handler(world),
        winter.id,
        status="in_handling",
        now=datetime(2026, 8, 1, 9, 0, tzinfo=UTC),
    )
    code = world.streetlight.service_code
    url = f"{BASE}/requests.{fmt}"

    async def listed(**params: str) -> list[dict[str, Any]]:
        return requests_of(await server.get(url, params={"service_code": code, **params}), fmt)

    found = await listed(
        start_date="2026-01-15T12:00:00+02:00", end_date="2026-07-15T12:59:59+03:00"
    )
    assert numbers(found) == [spring.number, winter.number]
    assert found[1]["requested_datetime"] == "2026-01-15T12:00:00+02:00"
    assert found[1]["updated_datetime"] == "2026-08-01T12:00:00+03:00"
    assert numbers(await listed(start_date="2026-07-15T10:00:00Z")) == [summer.number]
    assert (await listed(start_date="2026-07-15T10:00:00Z"))[0][
        "requested_datetime"
    ] == "2026-07-15T13:00:00+03:00"
    assert numbers(await listed(end_date="2026-01-15T11:59:59.999+02:00")) == []
    assert numbers(await listed(updated_after="2026-08-01T12:00:00+03:00")) == [winter.number]
    assert numbers(await listed(updated_before="2026-07-31T23:59:59Z")) == [
        summer.number,
        spring.number,
    ]
    # A "+" sent unencoded arrives as a space: still read as the offset it was.
    raw = await server.get(f"{url}?service_code={code}&start_date=2026-07-15T13:00:00+03:00")
    assert numbers(requests_of(raw, fmt)) == [summer.number]
    # Without a time filter: the last 90 days only.
    now = service.utcnow()
    old = (await make_request(world, at=now - timedelta(days=91))).request
    recent = (await make_request(world, at=now - timedelta(days=89))).request
    default = numbers(await listed())
    assert recent.number in default
    assert old.number not in default


@pytest.mark.parametrize("fmt", FORMATS)
async def test_paging(server: httpx.AsyncClient, world: World, fmt: str) -> None:
    start = service.utcnow() - timedelta(days=1)
    made = [
        (await make_request(world, at=start + timedelta(minutes=i))).request.number
        for i in range(5)
    ]
    url = f"{BASE}/requests.{fmt}"
    code = world.streetlight.service_code
    first = await server.get(url, params={"service_code": code, "page_size": "2"})
    assert numbers(requests_of(first, fmt)) == made[::-1][:2]
    assert first.headers["x-total-count"] == "5"
    assert 'rel="next"' in first.headers["link"]
    assert "page=2" in first.headers["link"]
    second = await server.get(url, params={"service_code": code, "page_size": "2", "page": "2"})
    assert numbers(requests_of(second, fmt)) == made[::-1][2:4]
    last = await server.get(url, params={"service_code": code, "page_size": "2", "page": "3"})
    assert numbers(requests_of(last, fmt)) == made[:1]
    assert "link" not in last.headers
    beyond = await server.get(url, params={"service_code": code, "page_size": "2", "page": "9"})
    assert requests_of(beyond, fmt) == []
    biggest = await server.get(url, params={"service_code": code, "page_size": str(MAX_PAGE_SIZE)})
    assert numbers(requests_of(biggest, fmt)) == made[::-1]


BAD_QUERIES: list[tuple[dict[str, str], str]] = [
    ({"service_code": "no-such-service"}, "service_code"),
    ({"status": "pending"}, "status"),
    ({"status": "open,archived"}, "status"),
    ({"start_date": "2026-01-15"}, "start_date"),
    ({"start_date": "2026-01-15T12:00:00"}, "start_date"),
    ({"end_date": "yesterday"}, "end_date"),
    ({"end_date": "2026-13-01T00:00:00Z"}, "end_date"),
    ({"updated_after": "2026-02-30T00:00:00+02:00"}, "updated_after"),
    ({"updated_before": "\x00"}, "updated_before"),
    ({"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}, "start_date"),
    (
        {"updated_after": "2026-02-01T00:00:00Z", "updated_before": "2026-01-01T00:00:00Z"},
        "updated",
    ),
    ({"page": "0"}, "page"),
    ({"page": "-1"}, "page"),
    ({"page": "9999999999"}, "page"),
    ({"page_size": str(MAX_PAGE_SIZE + 1)}, str(MAX_PAGE_SIZE)),
    ({"page_size": "ten"}, "page_size"),
    ({"extensions": "yes please"}, "extensions"),
    ({"locale": "de"}, "locale"),
    ({"service_request_id": "12,abc"}, "service_request_id"),
    ({"service_request_id": "0"}, "service_request_id"),
    ({"service_request_id": ",".join(str(i) for i in range(1, MAX_PAGE_SIZE + 2))}, "At most"),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("params", "fragment"), BAD_QUERIES, ids=[str(q[0])[:60] for q in BAD_QUERIES]
)
async def test_bad_queries_are_400(
    server: httpx.AsyncClient, fmt: str, params: dict[str, str], fragment: str
) -> None:
    response = await server.get(
        f"{BASE}/requests.{fmt}", params=params, headers={"Accept-Language": "en"}
    )
    assert_error(response, fmt, 400, fragment)


async def test_every_bad_filter_is_reported_together(server: httpx.AsyncClient) -> None:
    response = await server.get(
        f"{BASE}/requests.json",
        params={"status": "x", "start_date": "x", "page": "0", "locale": "sv"},
    )
    descriptions = errors_of(response, "json", 400)
    assert [d.split(":")[0] for d in descriptions] == ["page", "status", "start_date"]
    assert descriptions[1] == "status: Statusen ska vara open eller closed."


async def test_odd_queries_never_fail(server: httpx.AsyncClient) -> None:
    """Whatever arrives in the query, the answer is 200, 400 or 404, never a server error."""
    odd = ["", " ", "%", "\u202e", "ä" * 5000, "0x10", "1" * 400, "-0", "NaN", "[]", "{}", "😀"]
    for name in ("service_request_id", "service_code", "status", "page", "page_size", "start_date"):
        for value in odd:
            response = await server.get(f"{BASE}/requests.json", params={name: value})
            assert response.status_code in (200, 400), (name, value, response.text)
    for path in ("requests/%00.xml", "services/%2e%2e.json", "tokens/%20.json", "requests/.json"):
        assert (await server.get(f"{BASE}/{path}")).status_code in (400, 404)


async def test_no_contact_details_ever(
    server: httpx.AsyncClient, api: httpx.AsyncClient, world: World, key: str
) -> None:
    """Neither the contact details given through Open311 nor those of the app's reports (even
    a name the reporter allowed to be shown, or their account's name) appear in Open311."""
    sent = await server.post(
        f"{BASE}/requests.json",
        data=form(
            key,
            world,
            first_name="Ainomaija",
            last_name="Yksityinen",
            email="ainomaija.yksityinen@example.fi",
            phone="+358 40 765 4321",
        ),
    )
    by_api = json_of(sent)[0]["service_request_id"]
    made = await create(
        api,
        world.citizen,
        report(
            world.cat(world.streetlight),
            showName=True,
            contact={"name": "Kaisu Näkyvä", "email": "kaisu.k@example.fi", "phone": "0401112223"},
        ),
    )
    by_app = made["serviceRequest"]["number"]
    anonymous = await make_request(world, contact=service.Contact(email="anon.secret@example.fi"))
    secrets_ = [
        "Ainomaija",
        "Yksityinen",
        "example.fi",
        "765 4321",
        "Kaisu",
        "Kansalainen",
        "0401112223",
        anonymous.tracking_token or "-",
    ]
    for fmt in FORMATS:
        for path, params in (
            (f"requests.{fmt}", {"service_code": world.streetlight.service_code}),
            (f"requests.{fmt}", {"service_request_id": f"{by_api},{by_app}"}),
            (f"requests/{by_api}.{fmt}", {}),
            (f"requests/{by_app}.{fmt}", {}),
            (f"requests/{anonymous.request.number}.{fmt}", {}),
        ):
            for extensions in ("false", "true"):
                response = await server.get(
                    f"{BASE}/{path}", params={**params, "extensions": extensions}
                )
                assert response.status_code == 200
                for secret in secrets_:
                    assert secret not in response.text, (path, secret)


@pytest.mark.parametrize("fmt", FORMATS)
async def test_tokens(server: httpx.AsyncClient, world: World, fmt: str) -> None:
    made = await make_request(world)
    token = made.tracking_token
    assert token
    response = await server.get(f"{BASE}/tokens/{token}.{fmt}")
    if fmt == "json":
        assert json_of(response) == [{"service_request_id": made.request.number, "token": token}]
    else:
        root = xml_of(response)
        assert root.tag == "service_requests"
        assert [flat(r) for r in root.findall("request")] == [
            {"service_request_id": str(made.request.number), "token": token}
        ]
    for unknown in ("x" * 43, "short", token[:-1] + ("A" if token[-1] != "A" else "B")):
        assert_error(await server.get(f"{BASE}/tokens/{unknown}.{fmt}"), fmt, 404, "token")
    await service.change_status(await handler(world), made.request.id, status="rejected")
    assert_error(await server.get(f"{BASE}/tokens/{token}.{fmt}"), fmt, 404, "token")


async def test_unknown_paths_formats_and_methods(server: httpx.AsyncClient) -> None:
    for path in (
        "/open311/v2/services.yaml",
        "/open311/v2/services",
        "/open311/v2/discovery",
        "/open311/v2/",
        "/open311/v2/nothing.json",
        "/open311/v2/requests/1/extra.json",
        "/open311/v3/services.json",
        "/open311",
    ):
        response = await server.get(path)
        fmt = "json" if path.endswith(".json") else "xml"
        assert_error(response, fmt, 404)
    as_json = await server.get("/open311/v2/services.yaml", headers={"Accept": "application/json"})
    assert_error(as_json, "json", 404, ".json")
    for method, path, allowed in (
        ("DELETE", "/open311/v2/requests.json", "GET, HEAD, POST"),
        ("PUT", "/open311/v2/requests/1.xml", "GET, HEAD"),
        ("POST", "/open311/v2/services.json", "GET, HEAD"),
    ):
        response = await server.request(method, path)
        assert_error(response, "json" if path.endswith("json") else "xml", 405, method)
        assert response.headers["allow"] == allowed


async def test_errors_speak_the_callers_language(server: httpx.AsyncClient) -> None:
    sv = await server.get(f"{BASE}/requests/0.json", headers={"Accept-Language": "sv-FI"})
    assert errors_of(sv, "json", 404) == ["service_request_id: Objektet hittades inte."]
    en = await server.get(f"{BASE}/requests/0.xml", params={"locale": "en_GB"})
    assert errors_of(en, "xml", 404) == ["service_request_id: Not found."]
    fi = await server.get(f"{BASE}/requests/0.json")
    assert errors_of(fi, "json", 404) == ["service_request_id: Kohdetta ei löytynyt."]


async def test_a_server_posts_without_origin_under_rate_limits(
    settings: Settings, world: World, key: str
) -> None:
    """With the app's default limits and gate: a form-only key from a server goes through."""
    app = create_app(settings, manage_db=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(f"2001:db8::{uuid.uuid4().hex[:4]}", 1)),
        base_url=SITE,
    ) as client:
        response = await client.post(f"{BASE}/requests.xml", data=form(key, world))
        assert response.status_code == 200, response.text
        assert xml_of(response).findtext("request/service_request_id")
