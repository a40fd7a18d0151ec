"""The database holds the domain's invariants on both engines, whatever the code does: one request
per client id and per number, the status values and the duplicate link, the City's box, at most
five photos per request at distinct positions, one follow per person and request, event kinds."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend.service_requests import geography
from backend.service_requests.models import (
    RequestCategory,
    RequestEvent,
    RequestFollower,
    RequestPhoto,
    ServiceRequest,
)
from tests.helpers import make_user, rolled_back
from tests.test_service_requests_helpers import make_world

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)


async def refused(work: Callable[[], Awaitable[Any]]) -> None:
    with pytest.raises(IntegrityError):
        async with in_transaction():
            await work()


def request_row(category: RequestCategory, number: int, **fields: Any) -> dict[str, Any]:
    return {
        "number": number,
        "category_id": category.id,
        "title": "Testi",
        "status": "received",
        "created_at": NOW,
        "updated_at": NOW,
        **fields,
    }


@pytest.mark.usefixtures("database_url")
async def test_the_database_refuses_what_the_rules_forbid() -> None:
    async with rolled_back():
        world = await make_world()
        category = world.streetlight
        base = 2_000_000_000 - uuid.uuid4().int % 1_000_000
        client_id = uuid.uuid4()
        first = await ServiceRequest.create(**request_row(category, base, client_id=client_id))
        await refused(
            lambda: ServiceRequest.create(**request_row(category, base + 1, client_id=client_id))
        )
        await refused(lambda: ServiceRequest.create(**request_row(category, base)))
        for bad in (
            {"status": "lost"},
            {"status": "duplicate"},  # without its original
            {"duplicate_of_id": first.id},  # an original without being a duplicate
            {"title": ""},
            {"description": "x" * 4001},
            {"lat": 60.17, "lon": None},
            {"lat": 61.5, "lon": 23.8},  # Tampere
            {"channel": "fax"},
        ):
            row = {**request_row(category, base + 2), **bad}
            await refused(lambda row=row: ServiceRequest.create(**row))  # type: ignore[misc]
        await refused(lambda: ServiceRequest.create(**request_row(category, 0)))
        await refused(
            lambda: RequestCategory.create(
                service_code="Has Space",
                name_fi="x",
                name_sv="x",
                name_en="x",
                department_id=category.department_id,
            )
        )

        photo: dict[str, Any] = {
            "data": b"\xff\xd8\xff",
            "width": 1,
            "height": 1,
            "size": 3,
            "sha256": "0" * 64,
            "created_at": NOW,
        }
        for position in range(5):
            await RequestPhoto.create(request_id=first.id, position=position, **photo)
        await refused(lambda: RequestPhoto.create(request_id=first.id, position=5, **photo))
        await refused(lambda: RequestPhoto.create(request_id=first.id, position=0, **photo))
        await refused(lambda: RequestPhoto.create(request_id=first.id, position=None, **photo))
        await refused(lambda: RequestPhoto.create(request_id=None, position=1, **photo))
        await RequestPhoto.create(**photo)  # unattached

        user = await make_user("Seuraaja")
        await RequestFollower.create(user=user, request_id=first.id)
        await refused(lambda: RequestFollower.create(user=user, request_id=first.id))

        await refused(lambda: RequestEvent.create(request_id=first.id, at=NOW, kind="deleted"))
        await refused(
            lambda: RequestEvent.create(request_id=first.id, at=NOW, kind="status", status=None)
        )
        await refused(
            lambda: RequestEvent.create(
                request_id=first.id, at=NOW, kind="created", status="resolved"
            )
        )
        await RequestEvent.create(request_id=first.id, at=NOW, kind="note", internal_note="ok")


def test_the_city_polygon() -> None:
    inside = {
        "Senate Square": (60.1699, 24.9384),
        "Suomenlinna": (60.1454, 24.9881),
        "Harmaja": (60.1043, 24.9767),
        "Helsinki lighthouse": (59.95, 24.93),
        "Lauttasaari": (60.158, 24.875),
        "Vuosaari": (60.21, 25.14),
        "Östersundom": (60.26, 25.2),
        "Malmi": (60.251, 25.01),
    }
    outside = {
        "Tapiola": (60.1756, 24.805),
        "Otaniemi": (60.186, 24.826),
        "Tikkurila": (60.292, 25.04),
        "the airport": (60.317, 24.963),
        "Tampere": (61.4978, 23.761),
        "Tallinn": (59.437, 24.7536),
    }
    assert [n for n, p in inside.items() if not geography.in_helsinki(*p)] == []
    assert [n for n, p in outside.items() if geography.in_helsinki(*p)] == []
    assert not geography.in_helsinki(float("nan"), 24.9)
