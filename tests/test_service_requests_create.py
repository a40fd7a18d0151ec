"""Reporting a problem through the GraphQL API: signed in and anonymously (tracking token), every
kind of bad input as a typed error that stores nothing, idempotency by the device's client id
(also for simultaneous resends), photos attached by their upload ids, and nearby suggestions."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from backend.service_requests.models import RequestEvent, RequestPhoto, ServiceRequest
from backend.settings import Settings
from tests.test_service_requests_helpers import (
    BY_TOKEN,
    CENTRE,
    CHANGE,
    GET,
    KALLIO,
    NEARBY,
    TAPIOLA,
    World,
    api_client,
    call,
    create,
    created,
    gid,
    make_world,
    post,
    raw_id,
    report,
    rows,
    uploaded,
)


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for client in api_client(settings):
        yield client


@pytest.fixture
async def world() -> World:
    return await make_world()


async def test_a_signed_in_report_is_stored_with_its_answers_and_created_event(
    api: httpx.AsyncClient, world: World
) -> None:
    payload = await create(
        api,
        world.citizen,
        report(
            world.cat(world.streetlight),
            answers={
                "problem": "flicker",
                "poles": "3",
                "since": "2026-01-05T18:30:00+02:00",
                "where": ["path", "street"],
                "pole_id": "  HKI-1234 ",
                "unknown": "dropped",
            },
            contact={"name": "Kaisu K", "email": "kaisu@example.fi", "phone": "+358 40 123 4567"},
            address="Senaatintori",
        ),
    )
    assert payload["errors"] == []
    assert payload["trackingToken"] is None
    assert payload["trackingUrl"] is None
    assert payload["resent"] is False
    mine = payload["serviceRequest"]
    assert mine["status"] == "RECEIVED"
    assert mine["open"] is True
    assert mine["number"] > 0
    assert mine["isMine"] is True
    assert mine["answers"] == {
        "problem": "flicker",
        "poles": 3,
        "since": "2026-01-05T16:30:00+00:00",
        "where": ["street", "path"],
        "pole_id": "HKI-1234",
    }
    assert (mine["contactName"], mine["contactEmail"]) == ("Kaisu K", "kaisu@example.fi")
    assert mine["location"] == {"lat": CENTRE[0], "lon": CENTRE[1]}
    assert [(e["kind"], e["status"]) for e in mine["events"]] == [("CREATED", "RECEIVED")]

    stored = await ServiceRequest.get(id=raw_id(mine["id"]))
    assert stored.reporter_id == world.citizen_user.id
    assert stored.tracking_token_hash is None
    events = await RequestEvent.filter(request_id=stored.id)
    assert [(e.kind, e.status, e.actor_id) for e in events] == [
        ("created", "received", world.citizen_user.id)
    ]

    # Others see it without contact details, and without the name unless it may be shown.
    for cookie in (world.citizen2, None):
        seen = (await call(api, cookie, GET, {"id": mine["id"]}))["serviceRequest"]
        assert seen["number"] == mine["number"]
        assert seen["isMine"] is False
        assert seen["contactName"] is seen["contactEmail"] is seen["contactPhone"] is None
        assert seen["reporterName"] is None


async def test_the_name_is_public_only_when_the_reporter_allows_it(
    api: httpx.AsyncClient, world: World
) -> None:
    shown = await created(api, world.citizen, report(world.cat(world.streetlight), showName=True))
    public = (await call(api, None, GET, {"id": shown}))["serviceRequest"]
    assert public["reporterName"] == "Kaisu Kansalainen"
    assert public["contactEmail"] is None


async def test_an_anonymous_report_gets_a_tracking_token_once(
    api: httpx.AsyncClient, world: World
) -> None:
    input = report(
        world.cat(world.feedback),
        location=None,
        answers=None,
        contact={"name": "Anonyymi", "email": "anon@example.fi"},
    )
    payload = await create(api, None, input)
    assert payload["errors"] == []
    token = payload["trackingToken"]
    assert token
    assert len(token) >= 40
    assert payload["trackingUrl"] == f"https://asiointi.test/requests/track/{token}"
    request = payload["serviceRequest"]
    assert request["isMine"] is False
    assert request["contactEmail"] is None  # the token is not an identity

    stored = await ServiceRequest.get(id=raw_id(request["id"]))
    assert stored.reporter_id is None
    assert stored.tracking_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(await ServiceRequest.filter(id=stored.id).values())

    found = (await call(api, None, BY_TOKEN, {"token": token}))["serviceRequestByToken"]
    assert found["id"] == request["id"]
    assert found["contactName"] is None
    assert found["contactEmail"] is None
    for wrong in ("x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B"), ""):
        assert (await call(api, None, BY_TOKEN, {"token": wrong}))["serviceRequestByToken"] is None

    # The device sends it again (the first answer was lost): the same request, a new link.
    before = await rows()
    again = await create(api, None, input)
    assert again["errors"] == []
    assert again["resent"] is True
    assert again["serviceRequest"]["number"] == request["number"]
    new_token = again["trackingToken"]
    assert new_token
    assert new_token != token
    assert await rows() == before
    assert (await call(api, None, BY_TOKEN, {"token": token}))["serviceRequestByToken"] is None
    by_new = (await call(api, None, BY_TOKEN, {"token": new_token}))["serviceRequestByToken"]
    assert by_new["id"] == request["id"]


async def test_a_tracking_token_shows_a_rejected_request_that_is_hidden_from_others(
    api: httpx.AsyncClient, world: World
) -> None:
    payload = await create(api, None, report(world.cat(world.streetlight)))
    request_id, token = payload["serviceRequest"]["id"], payload["trackingToken"]
    changed = await call(
        api, world.handler, CHANGE, {"input": {"id": request_id, "status": "REJECTED"}}
    )
    assert changed["changeServiceRequestStatus"]["errors"] == []
    assert (await call(api, None, GET, {"id": request_id}))["serviceRequest"] is None
    tracked = (await call(api, None, BY_TOKEN, {"token": token}))["serviceRequestByToken"]
    assert tracked["status"] == "REJECTED"


Case = tuple[str, Callable[[World], dict[str, Any]], str, str]

BAD_INPUT: list[Case] = [
    (
        "unknown category",
        lambda w: report(gid("ServiceRequestCategory", 987654321)),
        "UNKNOWN_CATEGORY",
        "categoryId",
    ),
    ("inactive category", lambda w: report(w.cat(w.inactive)), "UNKNOWN_CATEGORY", "categoryId"),
    (
        "category id of another type",
        lambda w: report(gid("Unit", w.streetlight.id)),
        "INVALID_INPUT",
        "categoryId",
    ),
    (
        "missing required answer",
        lambda w: report(w.cat(w.streetlight), answers={}),
        "QUESTION_MISSING",
        "answers.problem",
    ),
    (
        "answers not an object",
        lambda w: report(w.cat(w.streetlight), answers=["dark"]),
        "INVALID_INPUT",
        "answers",
    ),
    (
        "value not in the list",
        lambda w: report(w.cat(w.streetlight), answers={"problem": "blue"}),
        "ANSWER_INVALID",
        "answers.problem",
    ),
    (
        "not a number",
        lambda w: report(w.cat(w.streetlight), answers={"problem": "dark", "poles": "many"}),
        "ANSWER_INVALID",
        "answers.poles",
    ),
    (
        "a boolean for a number",
        lambda w: report(w.cat(w.streetlight), answers={"problem": "dark", "poles": True}),
        "ANSWER_INVALID",
        "answers.poles",
    ),
    (
        "a datetime without a time zone",
        lambda w: report(
            w.cat(w.streetlight), answers={"problem": "dark", "since": "2026-01-05T18:30"}
        ),
        "ANSWER_INVALID",
        "answers.since",
    ),
    (
        "an unknown key in a multi-value list",
        lambda w: report(
            w.cat(w.streetlight), answers={"problem": "dark", "where": ["street", "sky"]}
        ),
        "ANSWER_INVALID",
        "answers.where",
    ),
    (
        "markup in an answer",
        lambda w: report(
            w.cat(w.streetlight),
            answers={"problem": "dark", "pole_id": "<img src=x onerror=alert(1)>"},
        ),
        "MARKUP_NOT_ALLOWED",
        "answers.pole_id",
    ),
    (
        "outside the City",
        lambda w: report(w.cat(w.streetlight), location={"lat": TAPIOLA[0], "lon": TAPIOLA[1]}),
        "OUTSIDE_CITY",
        "location",
    ),
    (
        "far away",
        lambda w: report(w.cat(w.streetlight), location={"lat": 61.4978, "lon": 23.761}),
        "OUTSIDE_CITY",
        "location",
    ),
    (
        "not a coordinate",
        lambda w: report(w.cat(w.streetlight), location={"lat": 95.0, "lon": 24.9}),
        "INVALID_INPUT",
        "location",
    ),
    (
        "no place for a category that needs one",
        lambda w: report(w.cat(w.streetlight), location=None, address="  "),
        "LOCATION_REQUIRED",
        "location",
    ),
    (
        "title too long",
        lambda w: report(w.cat(w.streetlight), title="x" * 201),
        "TEXT_TOO_LONG",
        "title",
    ),
    (
        "description too long",
        lambda w: report(w.cat(w.streetlight), description="y" * 4001),
        "TEXT_TOO_LONG",
        "description",
    ),
    (
        "script in the description",
        lambda w: report(w.cat(w.streetlight), description="Hei <script>alert(1)</script>"),
        "MARKUP_NOT_ALLOWED",
        "description",
    ),
    (
        "html in the title",
        lambda w: report(w.cat(w.streetlight), title="<b>Valo</b> rikki"),
        "MARKUP_NOT_ALLOWED",
        "title",
    ),
    (
        "an html comment in the address",
        lambda w: report(w.cat(w.streetlight), address="Kaivokatu <!-- x -->"),
        "MARKUP_NOT_ALLOWED",
        "address",
    ),
    (
        "markup in the contact name",
        lambda w: report(w.cat(w.streetlight), contact={"name": "<a href='x'>me</a>"}),
        "MARKUP_NOT_ALLOWED",
        "contact.name",
    ),
    (
        "a NUL character",
        lambda w: report(w.cat(w.streetlight), description="rikki\x00"),
        "INVALID_INPUT",
        "description",
    ),
    (
        "no title and no description",
        lambda w: report(w.cat(w.streetlight), title=" ", description=""),
        "INVALID_INPUT",
        "description",
    ),
    (
        "a bad e-mail address",
        lambda w: report(w.cat(w.streetlight), contact={"email": "not-an-address"}),
        "INVALID_INPUT",
        "contact.email",
    ),
    (
        "a bad phone number",
        lambda w: report(w.cat(w.streetlight), contact={"phone": "call me maybe"}),
        "INVALID_INPUT",
        "contact.phone",
    ),
    (
        "a client id that is no UUID",
        lambda w: report(w.cat(w.streetlight), clientId="offline-1"),
        "INVALID_INPUT",
        "clientId",
    ),
    (
        "six photos",
        lambda w: report(w.cat(w.streetlight), photoIds=[str(uuid.uuid4()) for _ in range(6)]),
        "TOO_MANY_PHOTOS",
        "photoIds",
    ),
    (
        "an unknown photo",
        lambda w: report(w.cat(w.streetlight), photoIds=[str(uuid.uuid4())]),
        "PHOTO_NOT_FOUND",
        "photoIds.0",
    ),
]


@pytest.mark.parametrize(
    ("case", "make", "code", "field"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT]
)
@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "anonymous"])
async def test_bad_input_is_a_typed_error_and_stores_nothing(
    api: httpx.AsyncClient,
    world: World,
    case: str,
    make: Callable[[World], dict[str, Any]],
    code: str,
    field: str,
    signed_in: bool,
) -> None:
    before = await rows()
    payload = await create(api, world.citizen if signed_in else None, make(world))
    assert payload["serviceRequest"] is None
    assert payload["trackingToken"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]][:1] == [(code, field)], case
    assert all(e["message"] for e in payload["errors"])
    assert await rows() == before


async def test_every_field_error_is_told_at_once_in_the_callers_language(
    api: httpx.AsyncClient, world: World
) -> None:
    bad = report(
        world.cat(world.streetlight),
        title="<i>x</i>",
        location={"lat": TAPIOLA[0], "lon": TAPIOLA[1]},
        answers={},
    )
    messages = {}
    for lang in ("fi", "sv", "en"):
        payload = await create(api, world.citizen, bad, lang=lang)
        assert {(e["code"], e["field"]) for e in payload["errors"]} == {
            ("MARKUP_NOT_ALLOWED", "title"),
            ("OUTSIDE_CITY", "location"),
            ("QUESTION_MISSING", "answers.problem"),
        }
        messages[lang] = {e["field"]: e["message"] for e in payload["errors"]}
    assert messages["fi"]["location"] == "Sijainti on Helsingin kaupungin alueen ulkopuolella."
    assert messages["sv"]["location"] == "Platsen ligger utanför Helsingfors stads område."
    assert messages["en"]["answers.problem"] == "Please answer the question: What is wrong?"
    assert messages["sv"]["answers.problem"] == "Svara på frågan: Vad är fel?"


async def test_plain_text_with_angle_brackets_and_an_address_only_report_pass(
    api: httpx.AsyncClient, world: World
) -> None:
    payload = await create(
        api,
        world.citizen,
        report(
            world.cat(world.streetlight),
            title="",
            description="Valoja < 3 ja > 1 pylväässä\nToinen rivi <3",
            location=None,
            address="Mannerheimintie 1, Helsinki",
        ),
    )
    assert payload["errors"] == []
    made = payload["serviceRequest"]
    assert made["title"] == "Valoja < 3 ja > 1 pylväässä"  # made of the first line
    assert made["description"] == "Valoja < 3 ja > 1 pylväässä\nToinen rivi <3"
    assert made["location"] is None
    assert made["address"] == "Mannerheimintie 1, Helsinki"


async def test_sea_islands_are_in_the_city(api: httpx.AsyncClient, world: World) -> None:
    for lat, lon in ((60.1454, 24.9881), (60.1043, 24.9767), (59.95, 24.93)):
        payload = await create(
            api,
            world.citizen,
            report(world.cat(world.streetlight), location={"lat": lat, "lon": lon}),
        )
        assert payload["errors"] == [], (lat, lon)


async def test_the_same_client_id_returns_the_existing_request(
    api: httpx.AsyncClient, world: World
) -> None:
    input = report(world.cat(world.streetlight))
    first = await create(api, world.citizen, input)
    before = await rows()
    # Sent again, even with other content: the report already made is the answer.
    second = await create(api, world.citizen, {**input, "title": "Muutettu"})
    assert second["errors"] == []
    assert second["resent"] is True
    assert second["serviceRequest"]["id"] == first["serviceRequest"]["id"]
    assert second["serviceRequest"]["title"] == first["serviceRequest"]["title"]
    assert await rows() == before
    # Someone else's id is not theirs to take, signed in or not.
    for cookie in (world.citizen2, None):
        other = await create(api, cookie, input)
        assert [(e["code"], e["field"]) for e in other["errors"]] == [
            ("CLIENT_ID_CONFLICT", "clientId")
        ]
        assert other["serviceRequest"] is None
    assert await rows() == before


async def test_simultaneous_resends_make_one_request(api: httpx.AsyncClient, world: World) -> None:
    input = report(world.cat(world.streetlight))
    before = await rows()
    answers = await asyncio.gather(*(create(api, world.citizen, input) for _ in range(8)))
    assert all(a["errors"] == [] for a in answers), answers
    assert len({a["serviceRequest"]["id"] for a in answers}) == 1
    assert sorted(a["resent"] for a in answers) == [False] + [True] * 7
    client_id = uuid.UUID(input["clientId"])
    assert await ServiceRequest.filter(client_id=client_id).count() == 1
    made = await ServiceRequest.get(client_id=client_id)
    assert await RequestEvent.filter(request_id=made.id).count() == 1
    after = await rows()
    assert (after.requests, after.events) == (before.requests + 1, before.events + 1)


async def test_photos_are_attached_in_order_and_only_once(
    api: httpx.AsyncClient, world: World
) -> None:
    first, second = await uploaded(api), await uploaded(api)
    made = await create(
        api, world.citizen, report(world.cat(world.streetlight), photoIds=[second, first])
    )
    assert made["errors"] == []
    photos = made["serviceRequest"]["photos"]
    assert [p["id"] for p in photos] == [second, first]
    assert photos[0]["url"] == f"/service-requests/photos/{second}.jpg"
    assert (photos[0]["width"], photos[0]["height"]) == (64, 48)

    # A photo already attached cannot be taken by another report: nothing of it is written,
    # and a fresh photo named with it stays unattached (the whole report rolled back).
    third = await uploaded(api)
    before = await rows()
    again = await create(
        api, world.citizen2, report(world.cat(world.streetlight), photoIds=[third, first])
    )
    assert [(e["code"], e["field"]) for e in again["errors"]] == [("PHOTO_NOT_FOUND", "photoIds.1")]
    assert await rows() == before
    assert (await RequestPhoto.get(id=third)).request_id is None


async def test_five_photos_are_the_most(api: httpx.AsyncClient, world: World) -> None:
    five = [await uploaded(api) for _ in range(5)]
    made = await create(api, None, report(world.cat(world.streetlight), photoIds=five))
    assert made["errors"] == []
    assert len(made["serviceRequest"]["photos"]) == 5


async def test_nearby_open_requests_of_the_category_nearest_first(
    api: httpx.AsyncClient, world: World
) -> None:
    def at(lat: float, lon: float, category: str | None = None) -> dict[str, Any]:
        return report(category or world.cat(world.streetlight), location={"lat": lat, "lon": lon})

    here = await created(api, world.citizen, at(*CENTRE))
    near = await created(api, world.citizen, at(CENTRE[0] + 0.0009, CENTRE[1]))  # ≈ 100 m
    await created(api, world.citizen, at(CENTRE[0] + 0.0045, CENTRE[1]))  # ≈ 500 m
    await created(api, world.citizen, at(*CENTRE, category=world.cat(world.feedback)))
    await created(api, world.citizen, at(*KALLIO))
    closed = await created(api, world.citizen, at(*CENTRE))
    for status in ("IN_HANDLING", "RESOLVED"):
        done = await call(api, world.handler, CHANGE, {"input": {"id": closed, "status": status}})
        assert done["changeServiceRequestStatus"]["errors"] == []
    old = await created(api, world.citizen, at(*CENTRE))
    await ServiceRequest.filter(id=raw_id(old)).update(
        created_at=datetime.now(UTC) - timedelta(days=31)
    )

    found = (
        await call(
            api,
            None,
            NEARBY,
            {
                "near": {"lat": CENTRE[0] + 0.0001, "lon": CENTRE[1]},
                "category": world.cat(world.streetlight),
            },
        )
    )["nearbyServiceRequests"]
    assert [f["serviceRequest"]["id"] for f in found] == [here, near]
    assert 5 < found[0]["distance"] < 20
    assert 80 < found[1]["distance"] < 100
    assert all(f["serviceRequest"]["contactName"] is None for f in found)

    refused = await post(
        api,
        None,
        NEARBY,
        {"near": {"lat": CENTRE[0], "lon": CENTRE[1]}, "category": gid("Unit", 1)},
    )
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
