"""Staff work through GraphQL: the status workflow (allowed and refused transitions, events and
audit entries with every change, concurrent changes), allocation, merging duplicates (followers
move), following, the queue (filters, order, pages, scope), who sees what, templates, and a
constant number of SQL queries for lists."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from backend.accounts.models import AuditEvent
from backend.service_requests import service
from backend.service_requests.models import RequestEvent, RequestFollower, ServiceRequest
from backend.settings import Settings
from tests.conftest import QueryCounter
from tests.helpers import make_user
from tests.test_service_requests_helpers import (
    ALLOCATE,
    CATEGORIES,
    CENTRE,
    CHANGE,
    FOLLOW,
    FOLLOWED,
    GET,
    KALLIO,
    MERGE,
    MINE,
    NOTE,
    QUEUE,
    TEMPLATES,
    UNFOLLOW,
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
    session_cookie,
    uploaded,
)


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for client in api_client(settings):
        yield client


@pytest.fixture
async def world() -> World:
    return await make_world()


async def change(
    api: httpx.AsyncClient, cookie: str | None, request_id: str, status: str, **fields: Any
) -> dict[str, Any]:
    data = await call(
        api, cookie, CHANGE, {"input": {"id": request_id, "status": status, **fields}}
    )
    payload: dict[str, Any] = data["changeServiceRequestStatus"]
    return payload


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def test_the_workflow_allows_its_transitions_and_refuses_the_rest(
    api: httpx.AsyncClient, world: World
) -> None:
    request_id = await created(api, world.citizen, report(world.cat(world.streetlight)))
    refused = await change(api, world.handler, request_id, "RESOLVED")
    assert codes(refused) == ["TRANSITION_NOT_ALLOWED"]
    assert refused["errors"][0]["message"] == "Tilaa ei voi muuttaa: Vastaanotettu → Ratkaistu."
    assert codes(await change(api, world.handler, request_id, "DUPLICATE")) == ["INVALID_INPUT"]

    handling = await change(
        api,
        world.handler,
        request_id,
        "IN_HANDLING",
        publicNote="Otimme asian käsittelyyn.",
        internalNote="Urakoitsija: Valaistus Oy",
    )
    assert handling["errors"] == []
    assert handling["serviceRequest"]["status"] == "IN_HANDLING"
    assert codes(await change(api, world.handler, request_id, "IN_HANDLING")) == [
        "TRANSITION_NOT_ALLOWED"
    ]
    assert (await change(api, world.handler, request_id, "RESOLVED", publicNote="Korjattu."))[
        "errors"
    ] == []
    for target in ("RESOLVED", "REJECTED", "RECEIVED"):
        assert codes(await change(api, world.handler, request_id, target)) == [
            "TRANSITION_NOT_ALLOWED"
        ]
    reopened = await change(api, world.handler, request_id, "IN_HANDLING", publicNote="Uudelleen")
    assert reopened["errors"] == []
    events = reopened["serviceRequest"]["events"]
    assert [(e["kind"], e["status"]) for e in events] == [
        ("CREATED", "RECEIVED"),
        ("STATUS", "IN_HANDLING"),
        ("STATUS", "RESOLVED"),
        ("REOPENED", "IN_HANDLING"),
    ]
    assert events[1]["internalNote"] == "Urakoitsija: Valaistus Oy"
    assert events[1]["actorName"] == "Hilkka Handler"

    stored = await RequestEvent.filter(request_id=raw_id(request_id)).order_by("id")
    assert [(e.kind, e.status) for e in stored] == [
        ("created", "received"),
        ("status", "in_handling"),
        ("status", "resolved"),
        ("reopened", "in_handling"),
    ]
    assert {e.actor_id for e in stored[1:]} == {world.handler_user.id}
    audits = await AuditEvent.filter(
        action="service_request.status", target_id=raw_id(request_id)
    ).order_by("id")
    assert [(a.details["status_from"], a.details["status_to"]) for a in audits] == [
        ("received", "in_handling"),
        ("in_handling", "resolved"),
        ("resolved", "in_handling"),
    ]
    actors = await AuditEvent.filter(id__in=[a.id for a in audits]).values_list(
        "actor_user_id", flat=True
    )
    assert {str(a) for a in actors} == {str(world.handler_user.id)}


async def test_a_refused_change_writes_nothing(api: httpx.AsyncClient, world: World) -> None:
    request_id = await created(api, world.citizen, report(world.cat(world.streetlight)))
    before = await rows()
    audits = await AuditEvent.all().count()
    stale = await change(
        api, world.handler, request_id, "IN_HANDLING", expectedStatus="IN_HANDLING"
    )
    assert codes(stale) == ["STATUS_CONFLICT"]
    too_long = await change(api, world.handler, request_id, "IN_HANDLING", publicNote="x" * 4001)
    assert [(e["code"], e["field"]) for e in too_long["errors"]] == [
        ("TEXT_TOO_LONG", "publicNote")
    ]
    markup = await change(
        api, world.handler, request_id, "IN_HANDLING", internalNote="<script>x</script>"
    )
    assert codes(markup) == ["MARKUP_NOT_ALLOWED"]
    assert await rows() == before
    assert await AuditEvent.all().count() == audits
    assert (await ServiceRequest.get(id=raw_id(request_id))).status == "received"


async def test_only_staff_of_the_department_may_change_a_request(
    api: httpx.AsyncClient, world: World
) -> None:
    request_id = await created(api, world.citizen, report(world.cat(world.streetlight)))
    assert codes(await change(api, None, request_id, "IN_HANDLING")) == ["UNAUTHENTICATED"]
    for cookie in (world.citizen, world.viewer, world.other_handler):
        assert codes(await change(api, cookie, request_id, "IN_HANDLING")) == ["NOT_ALLOWED"]
    assert (await change(api, world.global_handler, request_id, "IN_HANDLING"))["errors"] == []
    assert (await change(api, world.admin, request_id, "REJECTED"))["errors"] == []
    # A rejected request does not exist for those who may not see it.
    assert codes(await change(api, world.other_handler, request_id, "IN_HANDLING")) == ["NOT_FOUND"]
    unknown = gid("ServiceRequest", "00000000-0000-4000-8000-000000000000")
    assert codes(await change(api, world.handler, unknown, "IN_HANDLING")) == ["NOT_FOUND"]
    assert codes(await change(api, world.handler, "bm90IGFuIGlk", "IN_HANDLING")) == [
        "INVALID_INPUT"
    ]


async def test_concurrent_changes_one_wins_and_every_change_has_its_event(
    api: httpx.AsyncClient, world: World
) -> None:
    request_id = await created(api, world.citizen, report(world.cat(world.streetlight)))
    assert (await change(api, world.handler, request_id, "IN_HANDLING"))["errors"] == []
    events_before = await RequestEvent.filter(request_id=raw_id(request_id)).count()
    targets = ["RESOLVED", "REJECTED", "CLOSED_WITHOUT_ACTION"] * 3
    cookies = [world.handler, world.handler2, world.global_handler] * 3
    answers = await asyncio.gather(
        *(change(api, c, request_id, t) for c, t in zip(cookies, targets, strict=True))
    )
    won = [a for a in answers if not a["errors"]]
    assert len(won) == 1, answers
    assert all(
        codes(a) in (["STATUS_CONFLICT"], ["TRANSITION_NOT_ALLOWED"])
        for a in answers
        if a["errors"]
    )
    final = await ServiceRequest.get(id=raw_id(request_id))
    assert final.status == won[0]["serviceRequest"]["status"].lower()
    events = await RequestEvent.filter(request_id=raw_id(request_id)).order_by("id")
    assert len(events) == events_before + 1
    assert events[-1].status == final.status


async def test_allocation_to_a_department_and_a_handler(
    api: httpx.AsyncClient, world: World
) -> None:
    request_id = await created(api, world.citizen, report(world.cat(world.streetlight)))
    dept = gid("ServiceRequestDepartment", world.department.id)
    other = gid("ServiceRequestDepartment", world.other_department.id)

    async def allocate(cookie: str, **fields: Any) -> dict[str, Any]:
        data = await call(api, cookie, ALLOCATE, {"input": {"id": request_id, **fields}})
        payload: dict[str, Any] = data["allocateServiceRequest"]
        return payload

    assert codes(await allocate(world.handler)) == ["INVALID_INPUT"]
    assert [
        (e["code"], e["field"])
        for e in (await allocate(world.handler, userId=gid("User", world.citizen_user.id)))[
            "errors"
        ]
    ] == [("INVALID_INPUT", "userId")]
    assert codes(
        await allocate(world.handler, departmentId=gid("ServiceRequestDepartment", 0))
    ) == ["NOT_FOUND"]
    done = await allocate(
        world.handler,
        departmentId=dept,
        userId=gid("User", world.handler2_user.id),
        internalNote="Heikki hoitaa",
    )
    assert done["errors"] == []
    request = done["serviceRequest"]
    assert request["status"] == "IN_HANDLING"
    assert request["allocatedDepartment"]["id"] == dept
    assert request["allocatedToName"] == "Heikki Handler"
    assert (request["events"][-1]["kind"], request["events"][-1]["status"]) == (
        "ALLOCATED",
        "IN_HANDLING",
    )
    public = (await call(api, None, GET, {"id": request_id}))["serviceRequest"]
    assert public["allocatedDepartment"]["id"] == dept
    assert public["allocatedToName"] is None
    assert public["events"][-1]["internalNote"] is None

    # Allocated to the other department: its staff see and may handle it now.
    assert codes(await change(api, world.other_handler, request_id, "RESOLVED")) == ["NOT_ALLOWED"]
    moved = await allocate(world.handler, departmentId=other)
    assert moved["errors"] == []
    assert moved["serviceRequest"]["events"][-1]["status"] is None
    assert (await change(api, world.other_handler, request_id, "RESOLVED"))["errors"] == []
    assert codes(await allocate(world.handler, departmentId=dept)) == ["TRANSITION_NOT_ALLOWED"]


async def test_merging_a_duplicate_moves_its_followers_to_the_original(
    api: httpx.AsyncClient, world: World
) -> None:
    original = await created(api, world.citizen, report(world.cat(world.streetlight)))
    duplicate = await created(api, world.citizen2, report(world.cat(world.streetlight)))
    third_user = await make_user("Tuula Seuraaja")
    third = await session_cookie(third_user)
    for cookie in (third, world.citizen):
        followed = await call(api, cookie, FOLLOW, {"id": duplicate})
        assert followed["followServiceRequest"]["serviceRequest"]["followedByMe"] is True

    async def merge(cookie: str, request_id: str, original_id: str) -> dict[str, Any]:
        data = await call(
            api,
            cookie,
            MERGE,
            {"input": {"id": request_id, "originalId": original_id, "publicNote": "Sama asia."}},
        )
        payload: dict[str, Any] = data["markServiceRequestDuplicate"]
        return payload

    assert codes(await merge(world.handler, duplicate, duplicate)) == ["INVALID_INPUT"]
    assert codes(await merge(world.viewer, duplicate, original)) == ["NOT_ALLOWED"]
    merged = await merge(world.handler, duplicate, original)
    assert merged["errors"] == []
    assert merged["serviceRequest"]["status"] == "DUPLICATE"
    assert merged["serviceRequest"]["duplicateOfId"] == original
    assert merged["serviceRequest"]["events"][-1]["publicNote"] == "Sama asia."

    followers = set(
        await RequestFollower.filter(request_id=raw_id(original)).values_list("user_id", flat=True)
    )
    assert {str(u) for u in followers} == {
        str(third_user.id),
        str(world.citizen_user.id),
        str(world.citizen2_user.id),  # the duplicate's reporter hears of the original too
    }
    assert not await RequestFollower.filter(request_id=raw_id(duplicate)).exists()
    seen = (await call(api, third, FOLLOWED))["followedServiceRequests"]
    assert [r["id"] for r in seen] == [original]
    original_events = (await call(api, world.handler, GET, {"id": original}))["serviceRequest"][
        "events"
    ]
    assert [(e["kind"], e["status"]) for e in original_events][-1] == ("MERGED", None)

    # No chains: a duplicate is no original, and a merged request merges no further.
    another = await created(api, world.citizen, report(world.cat(world.streetlight)))
    assert codes(await merge(world.handler, another, duplicate)) == ["INVALID_INPUT"]
    assert codes(await merge(world.handler, duplicate, another)) == ["TRANSITION_NOT_ALLOWED"]
    # Reopened, it is its own request again.
    reopened = await change(api, world.handler, duplicate, "IN_HANDLING")
    assert reopened["errors"] == []
    assert reopened["serviceRequest"]["duplicateOfId"] is None
    assert reopened["serviceRequest"]["events"][-1]["kind"] == "REOPENED"


async def test_following_and_unfollowing(api: httpx.AsyncClient, world: World) -> None:
    request_id = await created(api, None, report(world.cat(world.streetlight)))
    anonymous = await call(api, None, FOLLOW, {"id": request_id})
    assert codes(anonymous["followServiceRequest"]) == ["UNAUTHENTICATED"]
    for _ in range(2):
        followed = await call(api, world.citizen2, FOLLOW, {"id": request_id})
        assert followed["followServiceRequest"]["serviceRequest"]["followedByMe"] is True
    assert await RequestFollower.filter(request_id=raw_id(request_id)).count() == 1
    listed = (await call(api, world.citizen2, FOLLOWED))["followedServiceRequests"]
    assert request_id in [r["id"] for r in listed]
    unfollowed = await call(api, world.citizen2, UNFOLLOW, {"id": request_id})
    assert unfollowed["unfollowServiceRequest"]["serviceRequest"]["followedByMe"] is False
    assert not await RequestFollower.filter(request_id=raw_id(request_id)).exists()
    assert (await call(api, None, FOLLOWED))["followedServiceRequests"] == []


async def test_notes_internal_and_public(api: httpx.AsyncClient, world: World) -> None:
    request_id = await created(api, world.citizen, report(world.cat(world.streetlight)))

    async def note(cookie: str | None, **fields: Any) -> dict[str, Any]:
        data = await call(api, cookie, NOTE, {"input": {"id": request_id, **fields}})
        payload: dict[str, Any] = data["addInternalNote"]
        return payload

    assert codes(await note(world.handler, note="  ")) == ["INVALID_INPUT"]
    assert codes(await note(world.citizen, note="hei")) == ["NOT_ALLOWED"]
    assert (await note(world.handler, note="Soitettu urakoitsijalle"))["errors"] == []
    added = await note(world.handler, note="Tilattu osa", publicNote="Varaosa on tilattu.")
    assert added["errors"] == []
    staff_view = [
        (e["kind"], e["internalNote"], e["publicNote"]) for e in added["serviceRequest"]["events"]
    ]
    assert staff_view[1:] == [
        ("NOTE", "Soitettu urakoitsijalle", None),
        ("NOTE", "Tilattu osa", "Varaosa on tilattu."),
    ]
    for cookie in (None, world.citizen):
        seen = (await call(api, cookie, GET, {"id": request_id}))["serviceRequest"]["events"]
        assert [(e["kind"], e["internalNote"], e["publicNote"], e["actorName"]) for e in seen] == [
            ("CREATED", None, None, None),
            ("NOTE", None, "Varaosa on tilattu.", None),
        ]
    audits = await AuditEvent.filter(action="service_request.note", target_id=raw_id(request_id))
    assert len(audits) == 2


async def test_contact_details_are_never_public(api: httpx.AsyncClient, world: World) -> None:
    email = "salainen.osoite@example.fi"
    payload = await create(
        api,
        None,
        report(
            world.cat(world.streetlight),
            contact={"name": "Salainen Nimi", "email": email, "phone": "+358 50 555 0000"},
        ),
    )
    request_id, token = payload["serviceRequest"]["id"], payload["trackingToken"]
    assert email not in str(payload)
    for cookie in (None, world.citizen, world.other_handler):
        body = await post(api, cookie, GET, {"id": request_id})
        assert email not in str(body)
        assert "Salainen" not in str(body)
    by_token = await post(
        api,
        None,
        "query($t: String!) { serviceRequestByToken(token: $t) { contactEmail contactName } }",
        {"t": token},
    )
    assert by_token["data"]["serviceRequestByToken"] == {"contactEmail": None, "contactName": None}
    node = await post(
        api,
        None,
        "query($id: ID!) { node(id: $id) { ... on ServiceRequest { contactEmail } } }",
        {"id": request_id},
    )
    assert node["data"]["node"] == {"contactEmail": None}
    for cookie in (world.handler, world.viewer, world.admin):
        staff = (await call(api, cookie, GET, {"id": request_id}))["serviceRequest"]
        assert (staff["contactEmail"], staff["contactName"]) == (email, "Salainen Nimi")
        assert staff["reporterName"] == "Salainen Nimi"


async def test_my_requests_newest_first(api: httpx.AsyncClient, world: World) -> None:
    user = await make_user("Uusi Ilmoittaja")
    cookie = await session_cookie(user)
    first = await created(api, cookie, report(world.cat(world.streetlight)))
    second = await created(api, cookie, report(world.cat(world.feedback), location=None))
    mine = (await call(api, cookie, MINE))["myServiceRequests"]
    assert [r["id"] for r in mine] == [second, first]
    assert all(r["isMine"] for r in mine)
    assert (await call(api, None, MINE))["myServiceRequests"] == []


async def _queue(api: httpx.AsyncClient, cookie: str | None, **variables: Any) -> dict[str, Any]:
    data = await call(api, cookie, QUEUE, variables)
    queue: dict[str, Any] = data["staffServiceRequestQueue"]
    return queue


def _ids(queue: dict[str, Any]) -> list[str]:
    return [e["node"]["id"] for e in queue["edges"]]


async def test_the_staff_queue_filters_orders_and_pages(
    api: httpx.AsyncClient, world: World
) -> None:
    now = datetime.now(UTC)
    made: dict[str, str] = {}
    for name, days, where in (
        ("old", 20, CENTRE),
        ("week", 7, KALLIO),
        ("new", 1, CENTRE),
        ("today", 0, KALLIO),
    ):
        made[name] = await created(
            api,
            world.citizen,
            report(world.cat(world.streetlight), location={"lat": where[0], "lon": where[1]}),
        )
        await ServiceRequest.filter(id=raw_id(made[name])).update(
            created_at=now - timedelta(days=days, hours=1)
        )
    made["feedback"] = await created(
        api, world.citizen, report(world.cat(world.feedback), location=None)
    )
    made["other"] = await created(api, world.citizen, report(world.cat(world.other)))
    assert (await change(api, world.handler, made["week"], "IN_HANDLING"))["errors"] == []
    assert (await change(api, world.handler, made["new"], "REJECTED"))["errors"] == []
    mine = [world.cat(world.streetlight), world.cat(world.feedback)]

    default = await _queue(api, world.handler, filter={"categoryIds": mine})
    assert _ids(default) == [made["old"], made["week"], made["today"], made["feedback"]]
    assert default["totalCount"] == 4
    # Without a category filter the handler sees only their department's categories.
    everything = _ids(await _queue(api, world.handler, first=100))
    assert made["other"] not in everything
    assert made["old"] in everything
    assert made["other"] in _ids(await _queue(api, world.other_handler, first=100))
    assert made["old"] not in _ids(await _queue(api, world.other_handler, first=100))

    statuses = await _queue(
        api, world.viewer, filter={"categoryIds": mine, "statuses": ["REJECTED", "IN_HANDLING"]}
    )
    assert _ids(statuses) == [made["week"], made["new"]]
    kallio = await _queue(
        api,
        world.handler,
        filter={
            "categoryIds": mine,
            "area": {"south": 60.18, "west": 24.94, "north": 60.19, "east": 24.96},
        },
    )
    assert _ids(kallio) == [made["week"], made["today"]]
    aged = await _queue(
        api, world.handler, filter={"categoryIds": mine, "minAgeDays": 2, "maxAgeDays": 10}
    )
    assert _ids(aged) == [made["week"]]

    # Pages: two at a time, in order, without repeats.
    seen: list[str] = []
    after = None
    while True:
        page = await _queue(api, world.handler, filter={"categoryIds": mine}, first=2, after=after)
        seen += _ids(page)
        assert page["totalCount"] == 4
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == _ids(default)

    # The global handler and the admin see every department's.
    for cookie in (world.global_handler, world.admin):
        both = await _queue(
            api, cookie, filter={"categoryIds": [*mine, world.cat(world.other)]}, first=100
        )
        assert set(_ids(both)) == {made[k] for k in ("old", "week", "today", "feedback", "other")}


async def test_the_queue_is_for_staff_and_checks_its_filter(
    api: httpx.AsyncClient, world: World
) -> None:
    for cookie, code in ((None, "UNAUTHENTICATED"), (world.citizen, "NOT_ALLOWED")):
        body = await post(api, cookie, QUEUE, {})
        assert body["errors"][0]["extensions"]["code"] == code
        assert body["data"] is None
    bad_area = await post(
        api,
        world.handler,
        QUEUE,
        {"filter": {"area": {"south": 60.2, "west": 24.9, "north": 60.1, "east": 25.0}}},
    )
    assert bad_area["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "filter.area"}
    bad_age = await post(api, world.handler, QUEUE, {"filter": {"minAgeDays": -1}})
    assert bad_age["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    too_many = await post(api, world.handler, QUEUE, {"first": 1000})
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_templates_for_staff_in_every_language(api: httpx.AsyncClient, world: World) -> None:
    found = (await call(api, world.handler, TEMPLATES, {"status": "RESOLVED"}, lang="en"))[
        "serviceRequestTemplates"
    ]
    assert len(found) >= 2
    assert {t["status"] for t in found} == {"RESOLVED"}
    fixed = next(t for t in found if t["key"] == "resolved-fixed")
    assert fixed["title"] == "Fixed"
    assert fixed["text"]["sv"] == "Felet har åtgärdats. Tack för att du anmälde det!"
    every = (await call(api, world.viewer, TEMPLATES))["serviceRequestTemplates"]
    assert {t["status"] for t in every} == {
        "IN_HANDLING",
        "RESOLVED",
        "CLOSED_WITHOUT_ACTION",
        "REJECTED",
        "DUPLICATE",
    }
    refused = await post(api, world.citizen, TEMPLATES)
    assert refused["errors"][0]["extensions"]["code"] == "NOT_ALLOWED"


async def test_categories_with_their_questions_in_the_callers_language(
    api: httpx.AsyncClient, world: World
) -> None:
    found = (await call(api, None, CATEGORIES, lang="sv"))["serviceRequestCategories"]
    codes_found = {c["serviceCode"] for c in found}
    assert world.streetlight.service_code in codes_found
    assert world.inactive.service_code not in codes_found
    light = next(c for c in found if c["serviceCode"] == world.streetlight.service_code)
    assert light["name"] == "streetlight sv"
    assert light["description"] == "Rikkinäinen katuvalo"  # Finnish when there is no Swedish
    assert light["group"] == "Streets"
    assert light["keywords"] == ["lamp", "light"]
    assert light["department"]["name"] == world.department.name_sv
    assert [q["code"] for q in light["questions"]] == [
        "problem",
        "poles",
        "since",
        "where",
        "pole_id",
        "notice",
    ]
    problem = light["questions"][0]
    assert (problem["datatype"], problem["required"], problem["description"]) == (
        "singlevaluelist",
        True,
        "Vad är fel?",
    )
    assert problem["values"] == [
        {"key": "dark", "name": "Lyser inte"},
        {"key": "flicker", "name": "Blinkar"},
    ]
    assert light["questions"][-1]["variable"] is False
    node = await call(
        api,
        None,
        "query($id: ID!) { node(id: $id) { ... on ServiceRequestCategory { serviceCode } } }",
        {"id": light["id"]},
    )
    assert node["node"] == {"serviceCode": world.streetlight.service_code}


async def test_lists_take_a_constant_number_of_queries(
    api: httpx.AsyncClient, world: World, count_queries: QueryCounter
) -> None:
    staff_user = await make_user(
        "Laskija", role="handler", scope_type="department", scope_id=str(world.department.id)
    )
    staff = await session_cookie(staff_user)
    category = world.cat(world.streetlight)

    async def add(n: int) -> None:
        for _ in range(n):
            photo = await uploaded(api)
            request_id = await created(api, staff, report(category, photoIds=[photo]))
            assert (await change(api, staff, request_id, "IN_HANDLING", internalNote="x"))[
                "errors"
            ] == []
            await call(api, staff, FOLLOW, {"id": request_id})

    async def queries(query: str, variables: dict[str, Any], expected: int, key: str) -> int:
        count_queries.queries.clear()
        data = await call(api, staff, query, variables)
        found = data[key]
        items = found["edges"] if isinstance(found, dict) else found
        assert len(items) == expected
        return len(count_queries.queries)

    lists: tuple[tuple[str, dict[str, Any], str], ...] = (
        (QUEUE, {"filter": {"categoryIds": [category]}, "first": 50}, "staffServiceRequestQueue"),
        (MINE, {}, "myServiceRequests"),
        (FOLLOWED, {}, "followedServiceRequests"),
    )
    await add(2)
    few = [await queries(q, v, 2, k) for q, v, k in lists]
    await add(6)
    many = [await queries(q, v, 8, k) for q, v, k in lists]
    assert many == few, count_queries.queries
    assert max(few) <= 8, count_queries.queries


async def test_the_public_listing_for_open311_hides_rejected_requests(
    api: httpx.AsyncClient, world: World
) -> None:
    kept = await created(api, world.citizen, report(world.cat(world.streetlight)))
    hidden = await created(api, world.citizen, report(world.cat(world.streetlight)))
    assert (await change(api, world.handler, hidden, "REJECTED"))["errors"] == []
    code = world.streetlight.service_code
    page = await service.public_requests(
        service.PublicFilter(service_codes=[code]), offset=0, limit=10
    )
    assert [str(r.id) for r in page.items] == [raw_id(kept)]
    assert page.total == 1
    numbers = [(await ServiceRequest.get(id=raw_id(i))).number for i in (kept, hidden)]
    by_number = await service.public_requests(
        service.PublicFilter(numbers=numbers, statuses=["received"]), offset=0, limit=10
    )
    assert [r.number for r in by_number.items] == numbers[:1]
    later = await service.public_requests(
        service.PublicFilter(
            service_codes=[code], updated_after=datetime.now(UTC) + timedelta(minutes=1)
        ),
        offset=0,
        limit=10,
    )
    assert later.items == []
