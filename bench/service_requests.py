"""Benchmark for issue 5: the staff queue's first page and a request's detail with real volume,
on SQLite and PostgreSQL.

    .venv/bin/python -m bench.service_requests [--engines sqlite,postgres] [--requests 100000]

Each engine gets a fresh migrated database, seeded here with the ORM's `bulk_create`: the demo's
3 departments and 12 categories (`backend.service_requests.demo`), 3,000 citizens, 12 staff
members (handlers per department, one of them measured, and an admin) and N requests created over
the last 3 years at points across Helsinki: mostly closed, ~15% open (received or in handling,
the recent ones more often), with 1-4 events each (created, status changes, allocations, notes,
reopenings, merges into an earlier request of the category), photos on about a quarter (1-3
small rows each), followers on about a tenth, and contact details on half. On PostgreSQL the
seeding is followed by `VACUUM ANALYZE`, as autovacuum would do to such a table within a minute
(without it the queue figures are about twice as slow, still well within the goal).

Measured, each as the median and p95 of at least 50 runs after a warm-up, with the SQL
statements of one run counted from Tortoise's DEBUG log:

1. The staff queue's first page as the PWA asks for it (the default filter: open statuses,
   oldest first, first 20, with `totalCount`), for a handler of the Urban Environment department
   (RoleGrant scope "department": 10 of the 12 categories) and for an admin (everything):
   - the service function `staff_queue`, in this process;
   - the GraphQL query `staffServiceRequestQueue` (a queue row's fields: no events, no photos)
     over HTTP against the app under uvicorn in its own process, client-timed (the statements
     counted from the same query sent to the app in this process, the session lookup included).
2. One request's detail (4 events, 3 photos, in the handler's scope), for the handler:
   - the service functions the GraphQL resolver runs: `get_request`, then `events_of`,
     `photos_of` and `followed_among` (the resolver's DataLoaders);
   - the GraphQL query `serviceRequest(id)` with the staff fields, events and photos, over HTTP.

The goal of issue 5 is printed beside each figure: a median of at most 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import hashlib
import math
import random
import secrets
import statistics
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bench.availability import UNLIMITED, gid, percentile, post_graphql
from bench.search_units import ROOT, backend, client_session, database, server, statement_log

REQUESTS = 100_000
CITIZENS = 3000
CHUNK = 5000  # requests generated and written at a time (with their events, photos, followers)
BATCH = 1000  # rows per INSERT
YEARS = 3
OPEN_SHARE = 0.15
PAGE = 20
RUNS = 60
WARMUP = 10
GOAL_MS = 50.0
SEED = 5

# What a queue row shows: no history and no photos (those are the detail's).
QUEUE = """query($first: Int) { staffServiceRequestQueue(first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id number title status open createdAt updatedAt address
      location { lat lon } category { id name } allocatedDepartment { id name }
      allocatedToName followedByMe } } } }"""
DETAIL = """query($id: ID!) { serviceRequest(id: $id) {
    id number title description address location { lat lon } answers status open createdAt
    updatedAt category { id serviceCode name department { id name } }
    allocatedDepartment { id name } duplicateOfId reporterName isMine followedByMe contactName
    contactEmail contactPhone allocatedToName reporterLanguage photos { id url width height }
    events { at kind status publicNote internalNote actorName } } }"""

INTERNAL_NOTES = (
    "Urakoitsija: Valaistus Oy",
    "Tarkistettu paikan päällä.",
    "Odottaa varaosaa.",
    "Soitettu ilmoittajalle.",
)


@dataclass
class Seeded:
    requests: int
    open_requests: int
    events: int
    photos: int
    followers: int
    seconds: float
    handler_id: uuid.UUID
    admin_id: uuid.UUID
    handler_cookie: str
    admin_cookie: str
    detail_id: uuid.UUID
    detail_events: int
    detail_photos: int


@dataclass
class Figure:
    times_ms: list[float]
    statements: int

    def line(self, label: str, note: str) -> str:
        return (
            f"{label:36} median {statistics.median(self.times_ms):7.2f} ms  "
            f"p95 {percentile(self.times_ms, 95):7.2f} ms  {self.statements:2} SQL statements  "
            f"(goal: median <= {GOAL_MS:.0f} ms; {len(self.times_ms)} runs {note})"
        )


# ---------------------------------------------------------------- counting statements


# ---------------------------------------------------------------- seeding


@dataclass
class Spec:
    """One request to write, before its rows exist."""

    request: Any  # models.ServiceRequest
    events: list[Any]  # models.RequestEvent
    photos: int
    followers: list[uuid.UUID]


async def _users(count: int, label: str) -> list[uuid.UUID]:
    from backend.accounts.models import User

    users = [
        User(name=f"{label} {i}", email=(e := f"{secrets.token_hex(6)}@example.fi"), login_email=e)
        for i in range(count)
    ]
    await User.bulk_create(users, batch_size=BATCH)
    return [u.id for u in users]


async def _cookie(user_id: uuid.UUID) -> str:
    """A session for the user, as a sign-in would make (see tests/helpers.py)."""
    from backend.accounts.models import Session

    token = secrets.token_urlsafe(32)
    await Session.create(
        id=hashlib.sha256(token.encode()).hexdigest(),
        user_id=user_id,
        expires_at=datetime.now(UTC) + timedelta(hours=3),
    )
    return f"asiointi_session={token}"


def _open_probability(age_days: float) -> float:
    # Recent requests are often still open, old ones seldom: ~15% over three years.
    recent = 0.6 * 30 / (YEARS * 365)
    return OPEN_SHARE - recent + 0.6 * math.exp(-age_days / 30)


async def seed(count: int, now: datetime) -> Seeded:
    from backend.accounts.models import RoleGrant
    from backend.service_requests import demo
    from backend.service_requests.models import (
        RequestEvent,
        RequestFollower,
        RequestNumber,
        RequestPhoto,
        ServiceRequest,
    )
    from backend.service_requests.templates import TEMPLATES

    started = time.perf_counter()
    rng = random.Random(SEED)
    departments = await demo._departments()
    categories = await demo._categories(departments)
    department_ids = [d.id for d in departments.values()]
    citizens = await _users(CITIZENS, "Citizen")
    # Handlers: 6 in Urban Environment (the first is measured), 3 in each other department.
    staff: dict[int, list[uuid.UUID]] = {}
    grants = []
    for slug, department in departments.items():
        ids = await _users(6 if slug == "urban-environment" else 3, f"Handler {slug}")
        staff[department.id] = ids
        grants += [
            RoleGrant(
                user_id=i, role="handler", scope_type="department", scope_id=str(department.id)
            )
            for i in ids
        ]
    admin_id = (await _users(1, "Admin"))[0]
    grants.append(RoleGrant(user_id=admin_id, role="admin", scope_type="global", scope_id=""))
    await RoleGrant.bulk_create(grants)
    handler_id = staff[departments["urban-environment"].id][0]

    # Public numbers in creation order, as the service hands them out.
    times = sorted(
        now - timedelta(seconds=rng.uniform(60, YEARS * 365 * 86400)) for _ in range(count)
    )
    await RequestNumber.bulk_create([RequestNumber(created_at=t) for t in times], batch_size=BATCH)
    numbers = list(await RequestNumber.all().order_by("id").values_list("id", flat=True))

    notes = {
        s: [t.text["fi"] for t in TEMPLATES if t.status == s]
        for s in ("in_handling", "resolved", "closed_without_action", "rejected", "duplicate")
    }
    last_of_category: dict[int, uuid.UUID] = {}
    detail: Spec | None = None
    totals = {"open": 0, "events": 0, "photos": 0, "followers": 0}

    def build(n: int) -> Spec:
        nonlocal detail
        created_at = times[n]
        category = demo.CATEGORIES[rng.randrange(len(demo.CATEGORIES))]
        stored_category = categories[category.code]
        own_department = stored_category.department_id
        age_days = (now - created_at).total_seconds() / 86400
        located = category.location_required or rng.random() < 0.5
        lat, lon = demo._point(rng) if located else (None, None)
        reporter = rng.choice(citizens) if rng.random() < 0.6 else None
        named = rng.random() < 0.5
        request_id = uuid.uuid4()
        # (kind, status, public note, internal note, payload) after the `created` event.
        steps: list[tuple[str, str | None, str, str, dict[str, Any]]] = []
        allocated_department: int | None = None
        allocated_to: uuid.UUID | None = None
        duplicate_of: uuid.UUID | None = None
        handlers = staff[own_department]
        if rng.random() < _open_probability(age_days):
            status = "received" if rng.random() < 0.45 else "in_handling"
        else:
            status = rng.choices(
                ("resolved", "closed_without_action", "rejected", "duplicate"),
                weights=(75, 12, 5, 8),
            )[0]
            if status == "duplicate" and stored_category.id not in last_of_category:
                status = "resolved"
        if status != "received" and status not in ("rejected", "duplicate"):
            if rng.random() < 0.4:
                # Allocated: to the category's department (now and then another one), and
                # often to a person there.
                allocated_department = (
                    own_department if rng.random() < 0.9 else rng.choice(department_ids)
                )
                allocated_to = (
                    rng.choice(staff[allocated_department]) if rng.random() < 0.6 else None
                )
                steps.append(
                    (
                        "allocated",
                        "in_handling",
                        rng.choice(notes["in_handling"]),
                        "",
                        {
                            "department_id": allocated_department,
                            "user_id": str(allocated_to) if allocated_to else None,
                        },
                    )
                )
            else:
                steps.append(("status", "in_handling", rng.choice(notes["in_handling"]), "", {}))
            if status == "in_handling" and rng.random() < 0.1:
                steps.append(("status", "resolved", rng.choice(notes["resolved"]), "", {}))
                steps.append(("reopened", "in_handling", "Avattu uudelleen.", "", {}))
            elif status != "in_handling":
                steps.append(("status", status, rng.choice(notes[status]), "", {}))
        elif status == "rejected":
            steps.append(("status", "rejected", rng.choice(notes["rejected"]), "", {}))
        elif status == "duplicate":
            duplicate_of = last_of_category[stored_category.id]
            steps.append(("merged", "duplicate", rng.choice(notes["duplicate"]), "", {}))
        if len(steps) < 3 and rng.random() < 0.3:
            steps.insert(0, ("note", None, "", rng.choice(INTERNAL_NOTES), {}))
        if status != "duplicate":
            last_of_category[stored_category.id] = request_id

        events = [
            RequestEvent(
                request_id=request_id,
                at=created_at,
                actor_id=reporter,
                kind="created",
                status="received",
            )
        ]
        at = created_at
        previous = "received"
        for kind, new_status, public_note, internal_note, payload in steps:
            at = min(at + timedelta(hours=rng.randint(1, 96)), now)
            events.append(
                RequestEvent(
                    request_id=request_id,
                    at=at,
                    actor_id=allocated_to or rng.choice(handlers),
                    kind=kind,
                    status=new_status,
                    public_note=public_note,
                    internal_note=internal_note
                    or (rng.choice(INTERNAL_NOTES) if rng.random() < 0.2 else ""),
                    payload={"from": previous, **payload} if new_status else payload,
                )
            )
            previous = new_status or previous
        request = ServiceRequest(
            id=request_id,
            number=numbers[n],
            category_id=stored_category.id,
            title=rng.choice(category.titles),
            description=rng.choice(demo.DESCRIPTIONS),
            lat=lat,
            lon=lon,
            address=rng.choice(demo.ADDRESSES) if not located or rng.random() < 0.5 else "",
            answers=demo._answers(category, rng, created_at),
            status=status,
            allocated_department_id=allocated_department,
            allocated_to_id=allocated_to,
            duplicate_of_id=duplicate_of,
            reporter_id=reporter,
            contact_name=demo.rng_name(n) if named else "",
            contact_email=f"reporter{n}@example.fi" if named else "",
            contact_phone="040 123 4567" if named and rng.random() < 0.3 else "",
            show_name=named and rng.random() < 0.3,
            client_id=uuid.uuid4() if rng.random() < 0.9 else None,
            channel="app" if rng.random() < 0.85 else "open311",
            created_at=created_at,
            updated_at=at,
        )
        photos = rng.randint(1, 3) if rng.random() < 0.25 else 0
        followers = []
        if rng.random() < 0.1:
            pool = [c for c in rng.sample(citizens, 4) if c != reporter]
            followers = pool[: rng.randint(1, 3)]
        spec = Spec(request, events, photos, followers)
        if (
            detail is None
            and len(events) == 4
            and own_department == departments["urban-environment"].id
            and age_days < 200
        ):
            spec.photos = 3
            request.contact_name, request.contact_email = "Matti M.", "matti@example.fi"
            detail = spec
        return spec

    for first in range(0, count, CHUNK):
        specs = [build(n) for n in range(first, min(count, first + CHUNK))]
        await ServiceRequest.bulk_create([s.request for s in specs], batch_size=BATCH)
        events = [e for s in specs for e in s.events]
        await RequestEvent.bulk_create(events, batch_size=BATCH)
        photos = []
        for s in specs:
            for position in range(s.photos):
                data = rng.randbytes(rng.randint(200, 400))
                photos.append(
                    RequestPhoto(
                        request_id=s.request.id,
                        position=position,
                        data=data,
                        width=1280,
                        height=960,
                        size=len(data),
                        sha256=hashlib.sha256(data).hexdigest(),
                        uploader_id=s.request.reporter_id,
                        created_at=s.request.created_at,
                    )
                )
        await RequestPhoto.bulk_create(photos, batch_size=BATCH)
        followers = [
            RequestFollower(user_id=u, request_id=s.request.id) for s in specs for u in s.followers
        ]
        await RequestFollower.bulk_create(followers, batch_size=BATCH)
        totals["open"] += sum(s.request.status in ("received", "in_handling") for s in specs)
        totals["events"] += len(events)
        totals["photos"] += len(photos)
        totals["followers"] += len(followers)
    assert detail is not None, "no request to show in detail"
    seconds = time.perf_counter() - started
    return Seeded(
        requests=count,
        open_requests=totals["open"],
        events=totals["events"],
        photos=totals["photos"],
        followers=totals["followers"],
        seconds=seconds,
        handler_id=handler_id,
        admin_id=admin_id,
        handler_cookie=await _cookie(handler_id),
        admin_cookie=await _cookie(admin_id),
        detail_id=detail.request.id,
        detail_events=len(detail.events),
        detail_photos=detail.photos,
    )


# ---------------------------------------------------------------- measuring


async def timed(once: Callable[[], Awaitable[object]], runs: int = RUNS) -> list[float]:
    for _ in range(WARMUP):
        await once()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await once()
        times.append((time.perf_counter() - started) * 1000)
    return times


async def counted(once: Callable[[], Awaitable[object]]) -> int:
    with statement_log() as statements:
        await once()
    return len(statements)


async def principal_of(user_id: uuid.UUID) -> Any:
    from backend.accounts.models import User
    from backend.accounts.service import principal_for

    return await principal_for(await User.get(id=user_id))


async def measure_queue_service(user_id: uuid.UUID) -> tuple[Figure, int]:
    """The first page of the default queue; its total."""
    from backend.service_requests.service import QueueFilter, staff_queue

    principal = await principal_of(user_id)

    async def once() -> int:
        page = await staff_queue(principal, QueueFilter(), offset=0, limit=PAGE)
        assert len(page.items) == PAGE, page
        return page.total

    total = await once()
    statements = await counted(once)
    return Figure(await timed(once), statements), total


async def measure_public_list() -> tuple[Figure, int]:
    """Open311's `GET requests` first page with no filter: the newest public requests."""
    from backend.service_requests.service import PublicFilter, public_requests

    async def once() -> int:
        page = await public_requests(PublicFilter(), offset=0, limit=PAGE)
        assert len(page.items) == PAGE, page
        return page.total

    total = await once()
    return Figure(await timed(once), await counted(once)), total


async def measure_detail_service(seeded: Seeded) -> Figure:
    """What `serviceRequest(id)` runs in the service layer: the request (with its category,
    departments and people joined), then its events, photos and whether the caller follows it
    (the DataLoaders, one query each)."""
    from backend.service_requests.service import (
        events_of,
        followed_among,
        get_request,
        photos_of,
    )

    principal = await principal_of(seeded.handler_id)

    async def once() -> None:
        request = await get_request(principal, seeded.detail_id)
        events = await events_of([request.id])
        photos = await photos_of([request.id])
        await followed_among(principal, [request.id])
        assert len(events[request.id]) == seeded.detail_events
        assert len(photos[request.id]) == seeded.detail_photos

    return Figure(await timed(once), await counted(once))


async def graphql_statements(url: str, query: str, variables: dict[str, Any], cookie: str) -> int:
    """SQL statements of one GraphQL request, the app run in this process (the session lookup
    included)."""
    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    from backend.app import create_app
    from backend.settings import Settings

    settings = dataclasses.replace(
        Settings.from_env(),
        database_url=url,
        log_level="WARNING",
        rate_limit_ip=0,
        rate_limit_user=0,
        rate_limit_api_key=0,
    )
    app = create_app(settings, manage_db=False)
    site = "http://bench.test"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=site, headers={"Origin": site}
    ) as client:

        async def once() -> None:
            response = await client.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"Cookie": cookie},
            )
            body = response.json()
            assert response.status_code == 200, body
            assert "errors" not in body, body

        await once()  # the first request of an app does one-off work
        return await counted(once)


async def measure_http(
    base: str, url: str, query: str, variables: dict[str, Any], cookie: str
) -> tuple[Figure, dict[str, Any]]:
    """One GraphQL request over HTTP, client-timed: the server's work, JSON and the loopback."""
    async with client_session(base, 1) as client:
        last: dict[str, Any] = {}

        async def once() -> None:
            nonlocal last
            body = await post_graphql(client, query, variables, cookie)
            assert "errors" not in body, body
            last = body["data"]

        times = await timed(once)
    return Figure(times, await graphql_statements(url, query, variables, cookie)), last


async def run_engine(engine: str, count: int) -> None:
    from tortoise import connections

    from backend import db
    from backend.service_requests.service import utcnow

    async with database(engine) as url:
        backend(url, "migrate")
        await db.init_db(url)
        try:
            seeded = await seed(count, utcnow())
            if engine == "postgres":
                # What autovacuum does to a table of this size within a minute of the writes:
                # planner statistics, and the visibility map that index-only scans need.
                await connections.get("default").execute_script("VACUUM ANALYZE")
            print(
                f"{engine}: seeded {seeded.requests} requests ({seeded.open_requests} open), "
                f"{seeded.events} events, {seeded.photos} photos, {seeded.followers} followers "
                f"in {seeded.seconds:.1f} s (bulk_create)"
            )
            handler_queue, handler_total = await measure_queue_service(seeded.handler_id)
            admin_queue, admin_total = await measure_queue_service(seeded.admin_id)
            detail = await measure_detail_service(seeded)
            public_list, public_total = await measure_public_list()
            print(
                f"{engine:9} "
                + handler_queue.line(
                    f"queue page, handler ({handler_total})", "of staff_queue in process"
                )
            )
            print(
                f"{engine:9} "
                + admin_queue.line(
                    f"queue page, admin ({admin_total})", "of staff_queue in process"
                )
            )
            print(
                f"{engine:9} "
                + detail.line(
                    f"detail ({seeded.detail_events} events, {seeded.detail_photos} photos)",
                    "of get_request + events_of + photos_of + followed_among in process",
                )
            )
            print(
                f"{engine:9} "
                + public_list.line(
                    f"Open311 list page ({public_total})",
                    "of public_requests in process; the issue sets no goal for it",
                )
            )
            async with server(url, UNLIMITED) as base:
                for label, cookie, total in (
                    ("handler", seeded.handler_cookie, handler_total),
                    ("admin", seeded.admin_cookie, admin_total),
                ):
                    figure, data = await measure_http(base, url, QUEUE, {"first": PAGE}, cookie)
                    queue = data["staffServiceRequestQueue"]
                    assert queue["totalCount"] == total, queue
                    assert len(queue["edges"]) == PAGE, queue
                    print(
                        f"{engine:9} "
                        + figure.line(f"GraphQL queue page, {label}", "over HTTP, client-timed")
                    )
                figure, data = await measure_http(
                    base,
                    url,
                    DETAIL,
                    {"id": gid("ServiceRequest", seeded.detail_id)},
                    seeded.handler_cookie,
                )
                found = data["serviceRequest"]
                assert len(found["events"]) == seeded.detail_events, found
                assert len(found["photos"]) == seeded.detail_photos, found
                assert found["contactEmail"] == "matti@example.fi", found
                print(
                    f"{engine:9} "
                    + figure.line("GraphQL serviceRequest(id), handler", "over HTTP, client-timed")
                )
        finally:
            await db.close_db()


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args()
    engines = args.engines.split(",")
    if len(engines) == 1:
        await run_engine(engines[0], args.requests)
        return
    print(
        f"Issue 5 figures: {args.requests} requests, page of {PAGE}, one uvicorn worker, "
        "client on the same machine"
    )
    for engine in engines:
        # One process per engine: Tortoise caches its INSERT statements per connection name,
        # so a second engine in the same process would get the first one's SQL dialect.
        subprocess.run(  # noqa: ASYNC221 - nothing else runs meanwhile
            [
                sys.executable,
                "-m",
                "bench.service_requests",
                "--engines",
                engine,
                "--requests",
                str(args.requests),
            ],
            cwd=ROOT,
            check=True,
        )


if __name__ == "__main__":
    asyncio.run(main())
