"""Bookings and service requests queue their notifications in the transaction of the change
(the outbox), through the GraphQL API: who is told, in which language, when, and that a
rolled-back change tells nobody."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from strawberry import relay

from backend.accounts.models import User
from backend.appointments.models import AppointmentType
from backend.settings import Settings
from notifications import config as push_config
from notifications import vapid
from notifications.config import PushConfig
from notifications.models import InAppNotification, NotificationJob, PushSubscription
from tests.helpers import make_user
from tests.test_appointments_helpers import (
    AVAILABILITY,
    BOOK,
    CANCEL,
    RESCHEDULE,
    Bookable,
    api_client,
    call,
    citizens,
    gid,
    make_bookable,
    session_cookie,
)
from tests.test_notifications_api import REGISTER, device_keys, fcm_endpoint
from tests.test_service_requests_helpers import (
    CHANGE,
    FOLLOW,
    NOTE,
    World,
    create,
    make_world,
    raw_id,
    report,
)

CONFIG = PushConfig(timeout_seconds=1.0, lease_seconds=2.0)


@pytest.fixture
def push_settings() -> Iterator[PushConfig]:
    previous = push_config.configure(CONFIG)
    vapid.forget_cached_key()
    try:
        yield CONFIG
    finally:
        push_config.configure(previous)
        vapid.forget_cached_key()


@pytest.fixture
async def api(settings: Settings, push_settings: PushConfig) -> AsyncIterator[httpx.AsyncClient]:
    async for client in api_client(settings):
        yield client


async def device(
    api: httpx.AsyncClient, cookie: str | None, lang: str | None = None, **fields: Any
) -> int:
    """Registers a push subscription through the API; its id."""
    endpoint = fcm_endpoint()
    variables = {"input": {"endpoint": endpoint, "keys": device_keys(), **fields}}
    headers = {"Cookie": cookie} if cookie else {}
    response = await api.post(
        "/graphql",
        json={"query": REGISTER, "variables": variables},
        params={"lang": lang} if lang else None,
        headers=headers,
    )
    made = response.json()["data"]["registerPushSubscription"]
    assert made["errors"] == [], made
    return int((await PushSubscription.get(endpoint=endpoint)).id)


async def jobs(subscription_id: int) -> list[NotificationJob]:
    return list(await NotificationJob.filter(subscription_id=subscription_id).order_by("id"))


async def in_app(user: User) -> list[InAppNotification]:
    return list(await InAppNotification.filter(user_id=user.id).order_by("id"))


def node_id(global_id: str) -> str:
    return relay.GlobalID.from_id(global_id).node_id


# ---------------------------------------------------------------- bookings


async def later_slots(api: httpx.AsyncClient, bookable: Bookable, n: int) -> list[datetime]:
    """`n` free starts at least three hours from now (so their reminders are ahead)."""
    today = datetime.now(UTC).date()
    data = await call(
        api,
        None,
        AVAILABILITY,
        {
            "type": bookable.gid,
            "from": today.isoformat(),
            "to": (today + timedelta(days=10)).isoformat(),
        },
    )
    soon = datetime.now(UTC) + timedelta(hours=3)
    starts = [datetime.fromisoformat(s["startsAt"]) for s in data["availability"]]
    found = [s for s in starts if s > soon][:n]
    assert len(found) == n
    return found


def booking_input(bookable: Bookable, starts_at: datetime, key: str) -> dict[str, Any]:
    return {
        "input": {
            "appointmentTypeId": bookable.gid,
            "startsAt": starts_at.isoformat(),
            "idempotencyKey": key,
        }
    }


async def test_a_booking_notifies_its_user_and_a_move_replaces_the_reminder(
    api: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable()
    await AppointmentType.filter(id=bookable.type.id).update(reminder_minutes=60)
    first, second, third = await later_slots(api, bookable, 3)
    [(me, cookie), (_, other_cookie)] = await citizens(2)
    me.language = "sv"
    await me.save(update_fields=["language"])
    mine = await device(api, cookie)
    theirs = await device(api, other_cookie)

    booked = (await call(api, cookie, BOOK, booking_input(bookable, first, "b1")))["bookSlot"]
    assert booked["errors"] == []
    booking_gid = booked["booking"]["id"]
    url = "/appointments/" + booking_gid.replace("=", "%3D")
    confirmation, reminder = await jobs(mine)
    assert confirmation.kind == "booking_confirmation"
    assert confirmation.urgency == "normal"
    assert confirmation.payload["lang"] == "sv"
    assert confirmation.payload["title"] == "Tiden är bokad: Testtid"
    assert confirmation.payload["url"] == url
    assert confirmation.due_at <= datetime.now(UTC)
    assert reminder.kind == "reminder"
    assert reminder.urgency == "high"
    assert reminder.due_at == first - timedelta(minutes=60)
    assert reminder.topic == confirmation.topic
    assert reminder.payload["title"] == "Påminnelse: Testtid"
    assert await jobs(theirs) == []
    centre = await in_app(me)
    assert [(n.kind, n.title, n.url) for n in centre] == [
        ("booking_confirmation", "Tiden är bokad: Testtid", url),
        ("reminder", "Påminnelse: Testtid", url),
    ]
    assert centre[1].visible_at == first - timedelta(minutes=60)

    # Someone else takes the third slot; moving there fails and queues nothing.
    taken = (await call(api, other_cookie, BOOK, booking_input(bookable, third, "o1")))["bookSlot"]
    assert taken["errors"] == []
    before = [j.id for j in await jobs(mine)], len(await in_app(me))
    refused = await call(
        api,
        cookie,
        RESCHEDULE,
        {
            "input": {
                "bookingId": booking_gid,
                "startsAt": third.isoformat(),
                "idempotencyKey": "r0",
            }
        },
    )
    assert [e["code"] for e in refused["rescheduleBooking"]["errors"]] == ["SLOT_TAKEN"]
    assert ([j.id for j in await jobs(mine)], len(await in_app(me))) == before

    # A move: the news, and the old reminder is replaced by one for the new time.
    moved = await call(
        api,
        cookie,
        RESCHEDULE,
        {
            "input": {
                "bookingId": booking_gid,
                "startsAt": second.isoformat(),
                "idempotencyKey": "r1",
            }
        },
    )
    assert moved["rescheduleBooking"]["errors"] == []
    after = await jobs(mine)
    assert [j.kind for j in after] == ["booking_confirmation", "booking_confirmation", "reminder"]
    assert after[1].payload["title"] == "Tiden är flyttad: Testtid"
    assert [j.due_at for j in after if j.kind == "reminder"] == [second - timedelta(minutes=60)]
    reminders = [n for n in await in_app(me) if n.kind == "reminder"]
    assert [n.visible_at for n in reminders] == [second - timedelta(minutes=60)]

    # Cancelling: the news, and no reminder left.
    cancelled = await call(
        api,
        cookie,
        CANCEL,
        {"input": {"bookingId": booking_gid, "reason": "", "idempotencyKey": "c1"}},
    )
    assert cancelled["cancelBooking"]["errors"] == []
    final = await jobs(mine)
    assert [j.kind for j in final] == ["booking_confirmation"] * 3
    assert final[-1].payload["title"] == "Tiden är avbokad: Testtid"
    assert [n.kind for n in await in_app(me)] == ["booking_confirmation"] * 3
    # The other citizen heard only of their own booking.
    assert [j.payload["title"] for j in await jobs(theirs)] == [
        "Aika varattu: Testiaika",
        "Muistutus: Testiaika",
    ]


async def test_a_new_reminder_time_moves_the_reminders_not_yet_sent(
    api: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable()
    await AppointmentType.filter(id=bookable.type.id).update(reminder_minutes=60)
    first, second = await later_slots(api, bookable, 2)
    [(me, cookie)] = await citizens(1)
    mine = await device(api, cookie)
    for slot, key in ((first, "m1"), (second, "m2")):
        booked = (await call(api, cookie, BOOK, booking_input(bookable, slot, key)))["bookSlot"]
        assert booked["errors"] == []
    admin = await make_user("Reminder admin", role="admin")
    type_id = relay.GlobalID("AppointmentType", str(bookable.type.id)).node_id
    update = """mutation($input: UpdateAppointmentTypeInput!) {
      updateAppointmentType(input: $input) { errors { code } } }"""

    async def set_reminder(minutes: int) -> None:
        payload = await call(
            api,
            await session_cookie(admin),
            update,
            {"input": {"id": gid("AppointmentType", type_id), "reminderMinutes": minutes}},
        )
        assert payload["updateAppointmentType"]["errors"] == []

    def reminder_times(found: list[NotificationJob]) -> list[datetime]:
        return sorted(j.due_at for j in found if j.kind == "reminder")

    # Two hours before instead of one: both reminders move, in the push queue and the centre.
    await set_reminder(120)
    expected = [first - timedelta(minutes=120), second - timedelta(minutes=120)]
    assert reminder_times(await jobs(mine)) == expected
    centre = sorted(n.visible_at for n in await in_app(me) if n.kind == "reminder")
    assert centre == expected

    # One already sent stays the only one of its booking; the other moves again.
    sent = min((j for j in await jobs(mine) if j.kind == "reminder"), key=lambda j: j.due_at)
    await NotificationJob.filter(id=sent.id).update(status="sent")
    await set_reminder(30)
    after = [j for j in await jobs(mine) if j.kind == "reminder"]
    assert sorted((j.status, j.due_at) for j in after) == [
        ("pending", second - timedelta(minutes=30)),
        ("sent", first - timedelta(minutes=120)),
    ]

    # Reminders off: none left to send.
    await set_reminder(0)
    assert [j.status for j in await jobs(mine) if j.kind == "reminder"] == ["sent"]


async def test_a_booking_without_devices_still_reaches_the_notification_centre(
    api: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable()
    [start] = await later_slots(api, bookable, 1)
    [(me, cookie)] = await citizens(1)
    me.language = "en"
    await me.save(update_fields=["language"])
    booked = (await call(api, cookie, BOOK, booking_input(bookable, start, "b1")))["bookSlot"]
    assert booked["errors"] == []
    centre = await in_app(me)
    assert centre[0].title == "Appointment booked: Test appointment"
    assert not await NotificationJob.filter(dedupe_key__contains=node_id(booked["booking"]["id"]))


# ---------------------------------------------------------------- service requests


@pytest.fixture
async def world() -> World:
    return await make_world()


async def change(
    api: httpx.AsyncClient, cookie: str, request_id: str, status: str, **fields: Any
) -> None:
    data = await call(
        api, cookie, CHANGE, {"input": {"id": request_id, "status": status, **fields}}
    )
    assert data["changeServiceRequestStatus"]["errors"] == []


async def test_a_status_change_notifies_reporter_and_followers_but_not_the_actor(
    api: httpx.AsyncClient, world: World
) -> None:
    made = await create(api, world.citizen, report(world.cat(world.streetlight)))
    assert made["errors"] == []
    request_id, number = made["serviceRequest"]["id"], made["serviceRequest"]["number"]
    world.citizen2_user.language = "en"
    await world.citizen2_user.save(update_fields=["language"])
    for cookie in (world.citizen2, world.handler):
        assert (await call(api, cookie, FOLLOW, {"id": request_id}))["followServiceRequest"][
            "errors"
        ] == []
    reporter = await device(api, world.citizen)
    follower = await device(api, world.citizen2)
    handler = await device(api, world.handler)

    # An internal note tells nobody.
    noted = await call(api, world.handler, NOTE, {"input": {"id": request_id, "note": "Sisäinen"}})
    assert noted["addInternalNote"]["errors"] == []
    assert await jobs(reporter) == await jobs(follower) == []

    await change(api, world.handler, request_id, "IN_HANDLING", internalNote="Urakoitsija X")
    [to_reporter] = await jobs(reporter)
    [to_follower] = await jobs(follower)
    assert await jobs(handler) == []
    assert to_reporter.kind == "request_status"
    assert to_reporter.payload["title"] == f"Ilmoitus #{number}: Käsittelyssä"
    assert to_follower.payload["title"] == f"Report #{number}: In handling"
    assert "Urakoitsija" not in str(to_reporter.payload)
    assert to_reporter.payload["url"] == "/requests/" + request_id.replace("=", "%3D")
    assert to_reporter.topic == to_follower.topic == "r" + node_id(request_id).replace("-", "")[:31]
    assert [n.title for n in await in_app(world.citizen_user)] == [
        f"Ilmoitus #{number}: Käsittelyssä"
    ]
    assert [n.title for n in await in_app(world.citizen2_user)] == [
        f"Report #{number}: In handling"
    ]
    assert await in_app(world.handler_user) == []

    # Another handler resolves it: the first handler (a follower) hears of it this time.
    await change(api, world.handler2, request_id, "RESOLVED", publicNote="Lamppu vaihdettu.")
    assert [j.payload["title"] for j in await jobs(handler)] == [f"Ilmoitus #{number}: Ratkaistu"]
    latest = (await jobs(reporter))[-1]
    assert latest.payload["body"] == "Katuvalo ei pala\nLamppu vaihdettu."
    assert len(await jobs(follower)) == 2


async def test_an_anonymous_reporters_tracking_subscription_is_told(
    api: httpx.AsyncClient, world: World
) -> None:
    made = await create(api, None, report(world.cat(world.streetlight)))
    assert made["errors"] == []
    token = made["trackingToken"]
    request_id = made["serviceRequest"]["id"]
    number = made["serviceRequest"]["number"]
    tracker = await device(api, None, lang="sv", trackingToken=token)
    stranger = await device(api, None, lang="sv", trackingToken="tok_" + "x" * 40)
    await change(api, world.handler, request_id, "IN_HANDLING")
    [job] = await jobs(tracker)
    assert job.kind == "request_status"
    assert job.payload["lang"] == "sv"
    assert job.payload["title"] == f"Ärende #{number}: Under behandling"
    assert await jobs(stranger) == []
    assert raw_id(request_id) in job.dedupe_key
