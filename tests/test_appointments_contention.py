"""No double booking, held by the database: simultaneous attempts through the real HTTP API."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from strawberry import relay

from backend.appointments.models import Booking, SeatClaim
from backend.settings import Settings
from tests.helpers import free_port
from tests.test_appointments_helpers import (
    BOOK,
    CANCEL,
    HOLD,
    RESCHEDULE,
    api_client,
    call,
    citizens,
    claims_disagreeing,
    first_free_slot,
    make_bookable,
    overbooked_cells,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for client in api_client(settings):
        yield client


async def _storm(
    client: httpx.AsyncClient, cookies: list[str], type_gid: str, starts_at: str
) -> Counter[str]:
    async def attempt(i: int, cookie: str) -> str:
        data = await call(
            client,
            cookie,
            BOOK,
            {
                "input": {
                    "appointmentTypeId": type_gid,
                    "startsAt": starts_at,
                    "idempotencyKey": f"storm-{i}",
                }
            },
        )
        payload = data["bookSlot"]
        if payload["booking"] is not None:
            assert payload["errors"] == []
            return "BOOKED"
        return str(payload["errors"][0]["code"])

    results = await asyncio.gather(*(attempt(i, c) for i, c in enumerate(cookies)))
    return Counter(results)


@pytest.mark.parametrize("seats", [1, 5])
async def test_200_simultaneous_attempts_fill_exactly_the_seats(
    api: httpx.AsyncClient, seats: int
) -> None:
    bookable = await make_bookable(seats=seats)
    starts_at = await first_free_slot(api, bookable)
    cookies = [c for _, c in await citizens(200)]
    outcome = await _storm(api, cookies, bookable.gid, starts_at)
    assert outcome == {"BOOKED": seats, "SLOT_TAKEN": 200 - seats}, outcome
    booked = await Booking.filter(appointment_type_id=bookable.type.id, status="confirmed")
    assert len(booked) == seats
    # Every claim of the resource, straight from its table: one seat number per booking.
    seat_numbers: list[int] = await SeatClaim.filter(  # type: ignore[assignment]
        resource_id=bookable.resources[0].id
    ).values_list("seat_no", flat=True)
    assert sorted(set(seat_numbers)) == list(range(1, seats + 1))
    assert await overbooked_cells(bookable, datetime.now(UTC)) == []


async def test_a_randomized_interleaving_never_exceeds_the_seats(api: httpx.AsyncClient) -> None:
    """Book, cancel, reschedule and holds that expire, all at once over a few slots, in rounds."""
    bookable = await make_bookable(seats=2, resources=1, duration=30, interval=15, after=5)
    slots = [await first_free_slot(api, bookable, skip) for skip in range(6)]
    people = await citizens(40)
    rng = random.Random(4)
    held: list[str] = []
    mine: dict[str, tuple[str, str]] = {}  # booking id -> (cookie, key prefix)

    async def act(step: int, cookie: str) -> None:
        choice = rng.random()
        if choice < 0.45 or not mine:
            query, name = (HOLD, "holdSlot") if choice < 0.15 else (BOOK, "bookSlot")
            payload = (
                await call(
                    api,
                    cookie,
                    query,
                    {
                        "input": {
                            "appointmentTypeId": bookable.gid,
                            "startsAt": rng.choice(slots),
                            "idempotencyKey": f"mix-{step}",
                        }
                    },
                )
            )[name]
            if payload["booking"]:
                booking_id = payload["booking"]["id"]
                mine[booking_id] = (cookie, f"mix-{step}")
                if name == "holdSlot":
                    held.append(relay.GlobalID.from_id(booking_id).node_id)
            else:
                assert payload["errors"][0]["code"] == "SLOT_TAKEN", payload
            return
        booking_id, (owner, _) = rng.choice(sorted(mine.items()))
        if choice < 0.65:
            payload = (
                await call(
                    api,
                    owner,
                    CANCEL,
                    {"input": {"bookingId": booking_id, "idempotencyKey": f"c-{step}"}},
                )
            )["cancelBooking"]
            mine.pop(booking_id, None)
        else:
            payload = (
                await call(
                    api,
                    owner,
                    RESCHEDULE,
                    {
                        "input": {
                            "bookingId": booking_id,
                            "startsAt": rng.choice(slots),
                            "idempotencyKey": f"r-{step}",
                        }
                    },
                )
            )["rescheduleBooking"]
        codes = [e["code"] for e in payload["errors"]]
        assert codes in ([], ["SLOT_TAKEN"], ["NOT_ALLOWED"]), payload

    step = expired = 0
    # Holds on every slot first, so that the storms meet holds that run out.
    for n, starts_at in enumerate(slots):
        payload = (
            await call(
                api,
                people[n][1],
                HOLD,
                {
                    "input": {
                        "appointmentTypeId": bookable.gid,
                        "startsAt": starts_at,
                        "idempotencyKey": f"seed-{n}",
                    }
                },
            )
        )["holdSlot"]
        if payload["booking"]:
            held.append(relay.GlobalID.from_id(payload["booking"]["id"]).node_id)
    assert held
    for _ in range(6):
        batch = []
        for _, cookie in rng.sample(people, 25):
            batch.append(act(step, cookie))
            step += 1
        await asyncio.gather(*batch)
        # Some holds run out: their seats must come free for the next round, without a sweep.
        expire = [b for b in held if rng.random() < 0.8]
        expired += await Booking.filter(id__in=expire, status="held").update(
            hold_expires_at=datetime.now(UTC) - timedelta(minutes=1)
        )
        assert await overbooked_cells(bookable, datetime.now(UTC)) == []
        assert await claims_disagreeing(bookable) == []
    statuses = Counter(b.status for b in await Booking.filter(appointment_type_id=bookable.type.id))
    assert statuses["confirmed"] > 0
    assert statuses["cancelled"] > 0
    assert expired > 0
    # Holds that ran out and lost their seats to later bookings were expired on the way.
    assert statuses["expired"] > 0
    assert await overbooked_cells(bookable, datetime.now(UTC)) == []


async def test_200_attempts_at_a_real_server_process(settings: Settings) -> None:
    """The same storm against `python -m backend serve` (uvicorn) on this engine: on PostgreSQL
    the requests truly run in parallel on separate connections of the pool."""
    bookable = await make_bookable(seats=1)
    cookies = [c for _, c in await citizens(200)]
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "RATE_LIMIT_USER": "0",
        "RATE_LIMIT_IP": "0",
        "LOG_LEVEL": "WARNING",
    }
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "backend",
        "serve",
        "--port",
        str(port),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        async with httpx.AsyncClient(
            base_url=base, headers={"Origin": base}, timeout=120, limits=limits
        ) as client:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the server did not start"
                await asyncio.sleep(0.1)
            starts_at = await first_free_slot(client, bookable)
            outcome = await _storm(client, cookies, bookable.gid, starts_at)
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), timeout=10)
    assert outcome == {"BOOKED": 1, "SLOT_TAKEN": 199}, outcome
    assert await Booking.filter(appointment_type_id=bookable.type.id).count() == 1
