"""Benchmark for issue 4: appointment availability, booking throughput and contention, on SQLite
and PostgreSQL.

    .venv/bin/python -m bench.availability [--engines sqlite,postgres]

Each engine gets a fresh database, seeded here with the ORM: one service offered at 10 units, an
appointment type per unit with 3 desks each (30-minute slots, 08:00–16:00 on weekdays) and
5,000 confirmed bookings with the seat claims the booking service would write for them.

1. Availability: a month of free slots of the service at all 10 units, computed in this process
   by the service function (`find_availability`), timed over repeated runs after a warm-up, with
   its SQL statements counted from Tortoise's DEBUG log.
2. Throughput: 1,000 `bookSlot` mutations on distinct free slots from 50 concurrent clients, each
   a different signed-in citizen, against the app under uvicorn in its own process, after a
   warm-up of 200 (connections opened, statements prepared); with the server's CPU per booking.
3. Contention: 200 simultaneous `bookSlot` attempts, from 200 citizens, at one one-seat slot.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import secrets
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aiohttp
from strawberry import relay

from bench.search_units import (
    ROOT,
    SERVER_PIDS,
    Result,
    backend,
    client_session,
    cpu_seconds,
    database,
    server,
    statement_log,
)

UNITS = 10
RESOURCES_PER_UNIT = 3
EXISTING_BOOKINGS = 5000
MONTH_DAYS = 31
AVAILABILITY_RUNS = 50
AVAILABILITY_WARMUP = 5
THROUGHPUT_BOOKINGS = 1000
THROUGHPUT_WARMUP = 200
THROUGHPUT_CLIENTS = 50
CONTENTION_ATTEMPTS = 200
GOAL_AVAILABILITY_MS = 20.0
GOAL_BOOKINGS_PER_S = 200.0
GOAL_P99_MS = 250.0

BOOK = """mutation($input: BookSlotInput!) { bookSlot(input: $input) {
    booking { id } errors { code } } }"""


def gid(type_name: str, node_id: object) -> str:
    return str(relay.GlobalID(type_name, str(node_id)))


@dataclass
class Seeded:
    service_id: int
    type_ids: list[int]
    contention_type_id: int
    first_day: date
    last_day: date


async def session_cookies(count: int, label: str) -> list[str]:
    """Citizens with a session each, as a sign-in would make (see tests/helpers.py)."""
    from backend.accounts.models import Session, User

    users = [
        User(name=f"{label} {i}", email=(e := f"{secrets.token_hex(6)}@example.fi"), login_email=e)
        for i in range(count)
    ]
    await User.bulk_create(users)
    tokens = [secrets.token_urlsafe(32) for _ in users]
    expires = datetime.now(UTC) + timedelta(hours=2)
    await Session.bulk_create(
        [
            Session(id=hashlib.sha256(t.encode()).hexdigest(), user_id=u.id, expires_at=expires)
            for u, t in zip(users, tokens, strict=True)
        ]
    )
    return [f"asiointi_session={t}" for t in tokens]


async def seed(now: datetime) -> Seeded:
    from backend.accounts.models import User
    from backend.appointments.availability import HELSINKI, Rules, free_slots
    from backend.appointments.models import (
        AppointmentType,
        AppointmentTypeResource,
        Booking,
        Resource,
        ResourceSchedule,
        SeatClaim,
    )
    from backend.catalogue.models import Service, ServiceCategory, Unit

    category = await ServiceCategory.create(
        slug="bench", icon="bench", name_fi="Penkki", name_sv="Bänk", name_en="Bench"
    )
    service = await Service.create(
        slug="bench-service", category=category, name_fi="Aika", name_sv="Tid", name_en="Visit"
    )

    async def bookable(unit: Unit, offered: Service, name: str, resources: int) -> AppointmentType:
        t = await AppointmentType.create(
            unit=unit,
            service=offered,
            name_fi=name,
            name_sv=name,
            name_en=name,
            duration_minutes=30,
            slot_interval_minutes=30,
            min_notice_minutes=60,
            horizon_days=60,
        )
        for n in range(resources):
            resource = await Resource.create(
                unit=unit, name_fi=f"Tiski {n}", name_sv=f"Disk {n}", name_en=f"Desk {n}"
            )
            await AppointmentTypeResource.create(appointment_type=t, resource=resource)
            await ResourceSchedule.bulk_create(
                [
                    ResourceSchedule(resource=resource, weekday=day, starts=8 * 60, ends=16 * 60)
                    for day in (1, 2, 3, 4, 5)
                ]
            )
        return t

    types = []
    for i in range(UNITS):
        unit = await Unit.create(
            slug=f"bench-unit-{i}",
            name_fi=f"Toimipiste {i}",
            name_sv=f"Verksamhetsställe {i}",
            name_en=f"Unit {i}",
            latitude=60.17 + i / 100,
            longitude=24.94,
        )
        types.append(await bookable(unit, service, f"Aika {i}", RESOURCES_PER_UNIT))
    contention_service = await Service.create(
        slug="bench-contention", category=category, name_fi="K", name_sv="K", name_en="K"
    )
    contention_unit = await Unit.create(
        slug="bench-contention", name_fi="K", name_sv="K", name_en="K"
    )
    contention = await bookable(contention_unit, contention_service, "Kilpailu", 1)

    today = now.astimezone(HELSINKI).date()
    first_day, last_day = today + timedelta(days=1), today + timedelta(days=MONTH_DAYS)
    # Every (type, resource, start) of the month, from the schedules; 5,000 of them get booked.
    offered = [
        (s.appointment_type_id, r, s.starts_at)
        for s in await free_slots(types, first_day, last_day, now)
        for r in s.resource_ids
    ]
    picked = random.Random(4).sample(offered, min(EXISTING_BOOKINGS, len(offered)))
    owner = await User.create(name="Seed", email="seed@example.fi", login_email="seed@example.fi")
    rules = {t.id: Rules.of(t) for t in types}
    bookings = [
        Booking(
            appointment_type_id=type_id,
            resource_id=resource_id,
            seat_no=1,
            claim_from=(cells := rules[type_id].claimed_cells(starts_at)).start,
            claim_to=cells.stop,
            user_id=owner.id,
            created_by_id=owner.id,
            starts_at=starts_at,
            ends_at=starts_at + rules[type_id].duration,
            status="confirmed",
            answers={},
            idempotency_key=f"seed-{n}",
        )
        for n, (type_id, resource_id, starts_at) in enumerate(picked)
    ]
    await Booking.bulk_create(bookings, batch_size=1000)
    # What `service._claim` writes: every cell of [start - before, end + after), seat 1 first,
    # and the same range on the booking.
    await SeatClaim.bulk_create(
        [
            SeatClaim(booking_id=b.id, resource_id=b.resource_id, cell=cell, seat_no=1)
            for b in bookings
            for cell in rules[b.appointment_type_id].claimed_cells(b.starts_at)
        ],
        batch_size=1000,
    )
    return Seeded(service.id, [t.id for t in types], contention.id, first_day, last_day)


async def measure_availability(seeded: Seeded) -> tuple[list[float], int, int]:
    """Server times (ms) of a month of the service's availability, statements per call, slots."""
    from backend.appointments.service import find_availability, utcnow

    async def once() -> int:
        found = await find_availability(
            appointment_type_id=None,
            service_id=seeded.service_id,
            first_day=seeded.first_day,
            last_day=seeded.last_day,
            near=None,
            now=utcnow(),
        )
        return len(found)

    with statement_log() as statements:
        slots = await once()
        count = len(statements)
    for _ in range(AVAILABILITY_WARMUP):
        await once()
    times = []
    for _ in range(AVAILABILITY_RUNS):
        started = time.perf_counter()
        await once()
        times.append((time.perf_counter() - started) * 1000)
    return times, count, slots


MONTH = """query($service: ID!, $from: Date!, $to: Date!) {
    availability(serviceId: $service, from: $from, to: $to) {
      appointmentTypeId startsAt endsAt seatsLeft } }"""


async def measure_availability_http(base: str, seeded: Seeded) -> tuple[list[float], int]:
    """The same month as one GraphQL request over HTTP, timed at the client: the service's
    time plus GraphQL's execution and serialization of every slot, JSON and the network."""
    variables = {
        "service": gid("Service", seeded.service_id),
        "from": seeded.first_day.isoformat(),
        "to": seeded.last_day.isoformat(),
    }
    async with client_session(base, 1) as client:

        async def once() -> int:
            body = await post_graphql(client, MONTH, variables)
            assert "errors" not in body, body
            return len(body["data"]["availability"])

        for _ in range(AVAILABILITY_WARMUP):
            slots = await once()
        times = []
        for _ in range(AVAILABILITY_RUNS // 2):
            started = time.perf_counter()
            await once()
            times.append((time.perf_counter() - started) * 1000)
    return times, slots


# Rate limits off: the benchmark's clients are the point, not a flood to refuse.
UNLIMITED = {"RATE_LIMIT_IP": "0", "RATE_LIMIT_USER": "0", "RATE_LIMIT_API_KEY": "0"}


async def post_graphql(
    client: aiohttp.ClientSession,
    query: str,
    variables: dict[str, Any],
    cookie: str | None = None,
) -> dict[str, Any]:
    headers = {"Cookie": cookie} if cookie else {}
    async with client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    ) as response:
        body: dict[str, Any] = await response.json()
        if response.status != 200:
            body.setdefault("errors", [f"HTTP {response.status}"])
        return body


async def book(
    client: aiohttp.ClientSession, cookie: str, type_id: int, starts_at: datetime, key: str
) -> str:
    """BOOKED, or the first error code of the payload."""
    body = await post_graphql(
        client,
        BOOK,
        {
            "input": {
                "appointmentTypeId": gid("AppointmentType", type_id),
                "startsAt": starts_at.isoformat(),
                "idempotencyKey": key,
            }
        },
        cookie,
    )
    if "errors" in body:
        return f"errors: {body['errors']}"
    payload = body["data"]["bookSlot"]
    return "BOOKED" if payload["booking"] is not None else str(payload["errors"][0]["code"])


async def throughput(base: str, seeded: Seeded) -> tuple[Result, Counter[str], float]:
    """The run's latencies, its outcomes, and the server process's CPU milliseconds per booking
    (a figure that other load on the machine disturbs less than the rate does). A warm-up of
    THROUGHPUT_WARMUP bookings first opens the server's database connections and prepares its
    statements, as a running server has; only the run after it is timed."""
    from backend.appointments.availability import free_slots
    from backend.appointments.models import AppointmentType
    from backend.appointments.service import utcnow

    types = list(await AppointmentType.filter(id__in=seeded.type_ids).order_by("id"))
    free = await free_slots(types, seeded.first_day, seeded.last_day, utcnow())
    targets = random.Random(5).sample(
        [(s.appointment_type_id, s.starts_at) for s in free],
        THROUGHPUT_WARMUP + THROUGHPUT_BOOKINGS,
    )
    cookies = await session_cookies(THROUGHPUT_CLIENTS, "Citizen")
    async with client_session(base, THROUGHPUT_CLIENTS) as client:

        async def run(batch: list[tuple[int, datetime]], label: str) -> tuple[Result, Counter[str]]:
            outcome: Counter[str] = Counter()
            latencies: list[float] = []
            queue = iter(enumerate(batch))

            async def worker(cookie: str) -> None:
                for n, (type_id, starts_at) in queue:
                    started = time.perf_counter()
                    outcome[await book(client, cookie, type_id, starts_at, f"{label}-{n}")] += 1
                    latencies.append((time.perf_counter() - started) * 1000)

            started = time.perf_counter()
            await asyncio.gather(*(worker(c) for c in cookies))
            return Result(latencies, time.perf_counter() - started), outcome

        await run(targets[:THROUGHPUT_WARMUP], "warm")
        cpu = cpu_seconds(SERVER_PIDS[base])
        result, outcome = await run(targets[THROUGHPUT_WARMUP:], "tp")
        cpu_ms = (cpu_seconds(SERVER_PIDS[base]) - cpu) * 1000 / THROUGHPUT_BOOKINGS
    return result, outcome, cpu_ms


async def contention(base: str, seeded: Seeded) -> Counter[str]:
    from backend.appointments.availability import free_slots
    from backend.appointments.models import AppointmentType
    from backend.appointments.service import utcnow

    t = await AppointmentType.get(id=seeded.contention_type_id)
    slot = (await free_slots([t], seeded.first_day, seeded.last_day, utcnow()))[0]
    cookies = await session_cookies(CONTENTION_ATTEMPTS, "Storm")
    async with client_session(base, CONTENTION_ATTEMPTS) as client:
        results = await asyncio.gather(
            *(book(client, c, t.id, slot.starts_at, f"storm-{i}") for i, c in enumerate(cookies))
        )
    return Counter(results)


def percentile(values: list[float], p: float) -> float:
    return Result(values, 1.0).percentile(p)


async def run_engine(engine: str) -> None:
    from backend import db
    from backend.appointments.models import Booking, SeatClaim
    from backend.appointments.service import utcnow

    async with database(engine) as url:
        backend(url, "migrate")
        await db.init_db(url)
        try:
            seeded = await seed(utcnow())
            claims = await SeatClaim.all().count()
            print(
                f"{engine}: seeded {await Booking.all().count()} bookings ({claims} seat claims), "
                f"{UNITS} units x {RESOURCES_PER_UNIT} desks, "
                f"{seeded.first_day}..{seeded.last_day}"
            )
            times, statements, slots = await measure_availability(seeded)
            print(
                f"{engine:9} availability  median {statistics.median(times):7.2f} ms  "
                f"p95 {percentile(times, 95):7.2f} ms  {statements} SQL statements  "
                f"{slots} slots  (goal: median <= {GOAL_AVAILABILITY_MS:.0f} ms; "
                f"{AVAILABILITY_RUNS} runs in process)"
            )
            async with server(url, UNLIMITED) as base:
                http_times, http_slots = await measure_availability_http(base, seeded)
                print(
                    f"{engine:9} same over HTTP median {statistics.median(http_times):7.2f} ms  "
                    f"p95 {percentile(http_times, 95):7.2f} ms  {http_slots} slots  (context: one "
                    "GraphQL request, client-timed, with the serialization of every slot)"
                )
                result, outcome, cpu_ms = await throughput(base, seeded)
                print(
                    f"{engine:9} throughput    {result.rps:7.1f} bookings/s  "
                    f"p50 {result.percentile(50):7.2f} ms  p99 {result.percentile(99):7.2f} ms  "
                    f"server CPU {cpu_ms:.2f} ms/booking  "
                    f"outcomes {dict(outcome)}  (goal: >= {GOAL_BOOKINGS_PER_S:.0f}/s, "
                    f"p99 <= {GOAL_P99_MS:.0f} ms on PostgreSQL; {THROUGHPUT_BOOKINGS} bookings, "
                    f"{THROUGHPUT_CLIENTS} clients)"
                )
                storm = await contention(base, seeded)
            booked = await Booking.filter(
                appointment_type_id=seeded.contention_type_id, status="confirmed"
            ).count()
            print(
                f"{engine:9} contention    attempts {sum(storm.values())}  "
                f"successes {storm['BOOKED']}  SLOT_TAKEN {storm['SLOT_TAKEN']}  "
                f"other {sum(n for k, n in storm.items() if k not in ('BOOKED', 'SLOT_TAKEN'))}  "
                f"confirmed in the database {booked}"
            )
            other = {k: n for k, n in storm.items() if k not in ("BOOKED", "SLOT_TAKEN")}
            if other:
                print(f"{engine:9} contention    other outcomes: {other}")
        finally:
            await db.close_db()


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engines", default="sqlite,postgres")
    args = parser.parse_args()
    engines = args.engines.split(",")
    if len(engines) == 1:
        await run_engine(engines[0])
        return
    print("Issue 4 figures: one uvicorn worker, client on the same machine")
    for engine in engines:
        # One process per engine: Tortoise caches its INSERT statements per connection name,
        # so a second engine in the same process would get the first one's SQL dialect.
        subprocess.run(  # noqa: ASYNC221 - nothing else runs meanwhile
            [sys.executable, "-m", "bench.availability", "--engines", engine],
            cwd=ROOT,
            check=True,
        )


if __name__ == "__main__":
    asyncio.run(main())
