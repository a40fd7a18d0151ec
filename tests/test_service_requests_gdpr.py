"""Service requests in a person's data: their reports (with contact details) and follows are
exported; erasing the person keeps the reports for the City without anything that tells whose
they were, and drops the follows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from backend.accounts.models import User
from backend.service_requests.models import RequestEvent, RequestFollower, ServiceRequest
from backend.settings import Settings
from tests.helpers import make_user
from tests.test_service_requests_helpers import (
    CHANGE,
    FOLLOW,
    World,
    api_client,
    call,
    created,
    make_world,
    raw_id,
    report,
    session_cookie,
)

DELETE = """mutation { deleteMyAccount(input: {dryRun: false}) { deleted errors { code } } }"""


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for client in api_client(settings):
        yield client


@pytest.fixture
async def world() -> World:
    return await make_world()


def branch(tree: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in tree["children"] if c["key"] == key)
    return found


async def test_reports_and_follows_are_exported_and_erasure_anonymizes_them(
    api: httpx.AsyncClient, world: World
) -> None:
    user = await make_user("Erkki Poistuja")
    cookie = await session_cookie(user)
    mine = await created(
        api,
        cookie,
        report(
            world.cat(world.streetlight),
            contact={"name": "Erkki P", "email": "erkki@example.fi", "phone": "+358 40 111 2222"},
            showName=True,
        ),
    )
    others = await created(api, world.citizen, report(world.cat(world.streetlight)))
    assert (await call(api, cookie, FOLLOW, {"id": others}))["followServiceRequest"]["errors"] == []
    handled = await call(
        api, world.handler, CHANGE, {"input": {"id": mine, "status": "IN_HANDLING"}}
    )
    assert handled["changeServiceRequestStatus"]["errors"] == []

    tree = (await call(api, cookie, "{ myData }"))["myData"]
    requests = branch(tree, "SERVICE_REQUESTS")
    reported = branch(requests, "REPORTED")["children"]
    assert len(reported) == 1
    values = {leaf["key"]: leaf["value"] for leaf in reported[0]["children"]}
    number = (await ServiceRequest.get(id=raw_id(mine))).number
    assert values["NUMBER"] == number
    assert (values["CONTACT_EMAIL"], values["CONTACT_PHONE"]) == (
        "erkki@example.fi",
        "+358 40 111 2222",
    )
    assert values["STATUS"] == "in_handling"
    follows = branch(requests, "FOLLOWED")["children"]
    other_number = (await ServiceRequest.get(id=raw_id(others))).number
    assert [{leaf["key"]: leaf["value"] for leaf in f["children"]}["NUMBER"] for f in follows] == [
        other_number
    ]

    deleted = await call(api, cookie, DELETE)
    assert deleted["deleteMyAccount"] == {"deleted": True, "errors": []}
    assert not await User.filter(id=user.id).exists()
    kept = await ServiceRequest.get(id=raw_id(mine))
    assert (kept.reporter_id, kept.contact_name, kept.contact_email, kept.contact_phone) == (
        None,
        "",
        "",
        "",
    )
    assert kept.show_name is False
    assert kept.status == "in_handling"
    assert kept.description
    assert await RequestEvent.filter(request_id=kept.id).count() == 2
    assert not await RequestFollower.filter(user_id=user.id).exists()
    # Other people's data is untouched.
    untouched = await ServiceRequest.get(id=raw_id(others))
    assert untouched.reporter_id == world.citizen_user.id
