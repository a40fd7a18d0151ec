"""Staff management through GraphQL: appointment types, resources, weekly schedules and
exceptions (with validation that writes nothing on error, authorization per unit and the audit
trail), the day view, and a unit's appointments (range, order, who sees the customer's name, a
constant number of SQL queries)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from strawberry import relay

from backend.accounts.models import AuditEvent, User
from backend.appointments.availability import is_public_holiday
from backend.appointments.models import (
    AppointmentType,
    AppointmentTypeResource,
    Booking,
    Resource,
    ResourceException,
    ResourceSchedule,
)
from backend.catalogue.models import Service, Unit
from backend.settings import Settings
from tests.conftest import QueryCounter
from tests.helpers import make_user
from tests.test_appointments_helpers import (
    AVAILABILITY,
    BOOK,
    api_client,
    call,
    gid,
    session_cookie,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
LABEL = {"fi": "Aihe", "sv": "Ämne", "en": "Topic"}

TYPE_FIELDS = """id unitId serviceId name { fi sv en } description { fi sv en }
    durationMinutes slotIntervalMinutes bufferBeforeMinutes bufferAfterMinutes
    minNoticeMinutes horizonDays cancelDeadlineMinutes seats
    questions { key type required label { fi sv en } options { value label { fi sv en } } }
    requiresStrongIdentification active resourceIds"""
RESOURCE_FIELDS = """id unitId kind name { fi sv en } active
    weeklySchedule { weekday starts ends }
    exceptions { id resourceId date closed starts ends reason { fi sv en } }"""
ERRORS = "errors { code message field }"

CREATE_TYPE = f"""mutation($input: CreateAppointmentTypeInput!) {{
    createAppointmentType(input: $input) {{ appointmentType {{ {TYPE_FIELDS} }} {ERRORS} }} }}"""
UPDATE_TYPE = f"""mutation($input: UpdateAppointmentTypeInput!) {{
    updateAppointmentType(input: $input) {{ appointmentType {{ {TYPE_FIELDS} }} {ERRORS} }} }}"""
CREATE_RESOURCE = f"""mutation($input: CreateResourceInput!) {{
    createResource(input: $input) {{ resource {{ {RESOURCE_FIELDS} }} {ERRORS} }} }}"""
UPDATE_RESOURCE = f"""mutation($input: UpdateResourceInput!) {{
    updateResource(input: $input) {{ resource {{ {RESOURCE_FIELDS} }} {ERRORS} }} }}"""
SET_SCHEDULE = f"""mutation($input: SetResourceScheduleInput!) {{
    setResourceSchedule(input: $input) {{ resource {{ {RESOURCE_FIELDS} }} {ERRORS} }} }}"""
ADD_EXCEPTION = f"""mutation($input: AddResourceExceptionInput!) {{
    addResourceException(input: $input) {{
      exception {{ id resourceId date closed starts ends reason {{ fi sv en }} }} {ERRORS} }} }}"""
REMOVE_EXCEPTION = f"""mutation($input: RemoveResourceExceptionInput!) {{
    removeResourceException(input: $input) {{
      removedExceptionId resource {{ {RESOURCE_FIELDS} }} {ERRORS} }} }}"""
UNIT_TYPES = f"""query($unit: ID!) {{ unitAppointmentTypes(unitId: $unit) {{ {TYPE_FIELDS} }} }}"""
UNIT_RESOURCES = f"""query($unit: ID!) {{ unitResources(unitId: $unit) {{ {RESOURCE_FIELDS} }} }}"""
UNIT_DAYS = """query($unit: ID!, $from: Date!, $to: Date!) {
    unitDays(unitId: $unit, from: $from, to: $to) {
      date weekday publicHoliday holidayName
      resources { resourceId name closed intervals { starts ends } exception reason } } }"""
UNIT_APPOINTMENTS = """query($unit: ID!, $from: Date!, $to: Date!) {
    unitAppointments(unitId: $unit, from: $from, to: $to) {
      id status startsAt endsAt customerName resourceName
      appointmentType { name unit { name } } } }"""
PUBLIC_TYPES = "query($unit: ID!) { appointmentTypes(unitId: $unit) { id } }"
NODE = """query($id: ID!) { node(id: $id) { ... on Booking { id customerName resourceName } } }"""
MY = "{ myBookings { id customerName resourceName } }"


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for client in api_client(settings):
        yield client


async def post(
    client: httpx.AsyncClient,
    cookie: str | None,
    query: str,
    variables: dict[str, Any],
    lang: str | None = None,
) -> dict[str, Any]:
    """The whole response body, errors included."""
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Cookie": cookie} if cookie else {},
        params={"lang": lang} if lang else None,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def raw_id(global_id: str) -> int:
    return int(relay.GlobalID.from_id(global_id).node_id)


def today() -> date:
    return datetime.now(HELSINKI).date()


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HELSINKI).astimezone(UTC)


def local_times(slots: list[dict[str, Any]]) -> list[str]:
    return [
        datetime.fromisoformat(s["startsAt"]).astimezone(HELSINKI).strftime("%H:%M") for s in slots
    ]


def working_day(start: date) -> date:
    """The first date from `start` on that is not a public holiday."""
    day = start
    while is_public_holiday(day):
        day += timedelta(days=1)
    return day


def texts(name: str) -> dict[str, str]:
    return {"fi": f"{name} fi", "sv": f"{name} sv", "en": f"{name} en"}


@dataclass
class Team:
    unit: Unit
    other_unit: Unit
    service: Service
    handler_user: User
    handler: str
    viewer: str
    other_handler: str
    global_handler: str
    admin: str
    citizen_user: User
    citizen: str

    @property
    def unit_gid(self) -> str:
        return gid("Unit", self.unit.id)


async def new_unit() -> Unit:
    tag = secrets.token_hex(4)
    return await Unit.create(
        slug=f"staff-test-{tag}",
        name_fi=f"Testipiste {tag}",
        name_sv=f"Testställe {tag}",
        name_en=f"Test point {tag}",
    )


@pytest.fixture
async def team() -> AsyncIterator[Team]:
    """A fresh unit (so that nothing of other tests shows in its lists) and its people; the
    units go afterwards, so that the catalogue the other tests see stays the demo's."""
    unit, other = await new_unit(), await new_unit()
    handler = await make_user(
        "Hanna Handler", role="handler", scope_type="unit", scope_id=str(unit.id)
    )
    viewer = await make_user(
        "Veera Viewer", role="viewer", scope_type="unit", scope_id=str(unit.id)
    )
    other_handler = await make_user(
        "Otto Other", role="handler", scope_type="unit", scope_id=str(other.id)
    )
    global_handler = await make_user("Gunnar Global", role="handler")
    admin = await User.get(login_email="admin@example.fi")
    citizen = await make_user("Kaisa Kansalainen")
    yield Team(
        unit=unit,
        other_unit=other,
        service=await Service.get(slug="city-info-guidance"),
        handler_user=handler,
        handler=await session_cookie(handler),
        viewer=await session_cookie(viewer),
        other_handler=await session_cookie(other_handler),
        global_handler=await session_cookie(global_handler),
        admin=await session_cookie(admin),
        citizen_user=citizen,
        citizen=await session_cookie(citizen),
    )
    await Booking.filter(appointment_type__unit_id__in=[unit.id, other.id]).delete()
    await Unit.filter(id__in=[unit.id, other.id]).delete()


async def create_resource(
    api: httpx.AsyncClient, cookie: str, unit: Unit, name: str = "Tiski", kind: str = "DESK"
) -> dict[str, Any]:
    data = await call(
        api,
        cookie,
        CREATE_RESOURCE,
        {"input": {"unitId": gid("Unit", unit.id), "kind": kind, "name": texts(name)}},
    )
    payload = data["createResource"]
    assert payload["errors"] == []
    resource: dict[str, Any] = payload["resource"]
    return resource


def type_input(team: Team, **extra: Any) -> dict[str, Any]:
    return {
        "unitId": team.unit_gid,
        "serviceId": gid("Service", team.service.id),
        "name": texts("Neuvonta"),
        "durationMinutes": 30,
        "slotIntervalMinutes": 30,
        **extra,
    }


async def audit_count(user: User) -> int:
    return await AuditEvent.filter(actor_user_id=user.id).count()


# ---------------------------------------------------------------- appointment types


async def test_create_and_update_appointment_type(api: httpx.AsyncClient, team: Team) -> None:
    desk = await create_resource(api, team.handler, team.unit, "Tiski 1")
    room = await create_resource(api, team.handler, team.unit, "Huone 2", kind="ROOM")
    questions = [
        {"key": "topic", "type": "choice", "required": True, "label": LABEL,
         "options": [{"value": "tax", "label": {"fi": "Vero", "sv": "Skatt", "en": "Tax"}}]},
        {"key": "details", "type": "text", "label": texts("Lisätietoja")},
    ]  # fmt: skip
    created = (
        await call(
            api,
            team.handler,
            CREATE_TYPE,
            {
                "input": type_input(
                    team,
                    description=texts("Kuvaus"),
                    bufferBeforeMinutes=5,
                    bufferAfterMinutes=10,
                    minNoticeMinutes=120,
                    horizonDays=90,
                    cancelDeadlineMinutes=60,
                    seats=2,
                    questions=questions,
                    requiresStrongIdentification=True,
                    resourceIds=[desk["id"], room["id"]],
                )
            },
        )
    )["createAppointmentType"]
    assert created["errors"] == []
    t = created["appointmentType"]
    assert t["unitId"] == team.unit_gid
    assert t["name"] == texts("Neuvonta")
    assert t["description"] == texts("Kuvaus")
    assert (t["durationMinutes"], t["slotIntervalMinutes"]) == (30, 30)
    assert (t["bufferBeforeMinutes"], t["bufferAfterMinutes"]) == (5, 10)
    assert (t["minNoticeMinutes"], t["horizonDays"], t["cancelDeadlineMinutes"]) == (120, 90, 60)
    assert t["seats"] == 2
    assert t["requiresStrongIdentification"] is True
    assert t["active"] is True
    assert sorted(t["resourceIds"]) == sorted([desk["id"], room["id"]])
    assert [q["key"] for q in t["questions"]] == ["topic", "details"]
    assert t["questions"][0]["options"] == [
        {"value": "tax", "label": {"fi": "Vero", "sv": "Skatt", "en": "Tax"}}
    ]
    assert t["questions"][1] == {
        "key": "details",
        "type": "text",
        "required": False,
        "label": texts("Lisätietoja"),
        "options": [],
    }
    # In the database, as the booking code reads it.
    row = await AppointmentType.get(id=raw_id(t["id"]))
    assert (row.unit_id, row.service_id, row.seats, row.buffer_after_minutes) == (
        team.unit.id,
        team.service.id,
        2,
        10,
    )
    assert row.questions[0]["label"] == LABEL
    links = await AppointmentTypeResource.filter(appointment_type_id=row.id)
    assert sorted(link.resource_id for link in links) == sorted(
        [raw_id(desk["id"]), raw_id(room["id"])]
    )
    event = await AuditEvent.get(
        action="appointment_type.create", target_id=str(row.id), actor_user_id=team.handler_user.id
    )
    assert event.target_type == "appointment_type"
    assert event.details["seats"] == 2
    assert event.details["questions"] == ["topic", "details"]
    # Public, and the same id as the public type's.
    public = await call(api, None, PUBLIC_TYPES, {"unit": team.unit_gid})
    assert [x["id"] for x in public["appointmentTypes"]] == [t["id"]]

    # A partial update: what is not given stays.
    updated = (
        await call(
            api,
            team.handler,
            UPDATE_TYPE,
            {
                "input": {
                    "id": t["id"],
                    "durationMinutes": 45,
                    "slotIntervalMinutes": 15,
                    "questions": [],
                    "resourceIds": [room["id"]],
                    "active": False,
                }
            },
        )
    )["updateAppointmentType"]
    assert updated["errors"] == []
    u = updated["appointmentType"]
    assert (u["durationMinutes"], u["slotIntervalMinutes"], u["active"]) == (45, 15, False)
    assert u["name"] == texts("Neuvonta")
    assert (u["seats"], u["bufferAfterMinutes"], u["requiresStrongIdentification"]) == (2, 10, True)
    assert u["questions"] == []
    assert u["resourceIds"] == [room["id"]]
    row = await AppointmentType.get(id=row.id)
    assert (row.duration_minutes, row.active, row.questions) == (45, False, [])
    assert await AppointmentTypeResource.filter(appointment_type_id=row.id).count() == 1
    event = await AuditEvent.get(action="appointment_type.update", target_id=str(row.id))
    assert event.details["duration_minutes"] == 45
    assert event.details["resource_ids"] == [raw_id(room["id"])]
    # Inactive: gone from the public list, still in the staff list.
    public = await call(api, None, PUBLIC_TYPES, {"unit": team.unit_gid})
    assert public["appointmentTypes"] == []
    listed = await call(api, team.viewer, UNIT_TYPES, {"unit": team.unit_gid})
    assert [(x["id"], x["active"]) for x in listed["unitAppointmentTypes"]] == [(t["id"], False)]


async def test_appointment_type_validation_reports_every_field_and_writes_nothing(
    api: httpx.AsyncClient, team: Team
) -> None:
    mine = await create_resource(api, team.handler, team.unit)
    theirs = await create_resource(api, team.global_handler, team.other_unit)
    bad_questions = [
        {"key": "Bad Key", "type": "text", "label": LABEL},
        {"key": "dup", "type": "date", "label": LABEL},
        {"key": "dup", "type": "text", "label": LABEL},
        {"key": "pick", "type": "choice", "label": LABEL, "options": []},
        {"key": "free", "type": "text", "label": LABEL,
         "options": [{"value": "x", "label": LABEL}]},
        {"key": "nosv", "type": "boolean", "label": {"fi": "Kyllä", "sv": " ", "en": "Yes"}},
    ]  # fmt: skip
    before_types = await AppointmentType.filter(unit_id=team.unit.id).count()
    before_audit = await audit_count(team.handler_user)
    body = await post(
        api,
        team.handler,
        CREATE_TYPE,
        {
            "input": type_input(
                team,
                name={"fi": "", "sv": "x" * 201, "en": "ok"},
                durationMinutes=7,
                slotIntervalMinutes=0,
                bufferBeforeMinutes=-5,
                bufferAfterMinutes=12,
                minNoticeMinutes=-1,
                horizonDays=0,
                cancelDeadlineMinutes=3,
                seats=0,
                questions=bad_questions,
                resourceIds=[mine["id"], theirs["id"]],
            )
        },
        lang="en",
    )
    payload = body["data"]["createAppointmentType"]
    assert payload["appointmentType"] is None
    fields = {e["field"]: e for e in payload["errors"]}
    assert set(fields) == {
        "name.fi",
        "name.sv",
        "durationMinutes",
        "slotIntervalMinutes",
        "bufferBeforeMinutes",
        "bufferAfterMinutes",
        "minNoticeMinutes",
        "cancelDeadlineMinutes",
        "horizonDays",
        "seats",
        "questions.0.key",
        "questions.1.type",
        "questions.2.key",
        "questions.3.options",
        "questions.4.options",
        "questions.5.label.sv",
        "resourceIds",
    }
    assert {e["code"] for e in payload["errors"]} == {"INVALID_INPUT"}
    assert fields["durationMinutes"]["message"] == (
        "The value must be 5–1440 minutes, in steps of 5 minutes."
    )
    assert fields["resourceIds"]["message"] == "The resource does not belong to this unit."
    assert await AppointmentType.filter(unit_id=team.unit.id).count() == before_types
    assert await audit_count(team.handler_user) == before_audit

    # Localized: the same refusal in Swedish.
    body = await post(
        api, team.handler, CREATE_TYPE, {"input": type_input(team, seats=51)}, lang="sv"
    )
    [error] = body["data"]["createAppointmentType"]["errors"]
    assert error == {"code": "INVALID_INPUT", "message": "Värdet ska vara 1–50.", "field": "seats"}

    # Values past the database's small integers are refused as input, not as a crash.
    body = await post(
        api,
        team.handler,
        CREATE_TYPE,
        {"input": type_input(team, durationMinutes=40000, horizonDays=100000, seats=70000)},
    )
    assert "errors" not in body
    assert {e["field"] for e in body["data"]["createAppointmentType"]["errors"]} == {
        "durationMinutes",
        "horizonDays",
        "seats",
    }
    # Too many questions; an unknown resource; an unknown service.
    many = [{"key": f"q{n}", "type": "text", "label": LABEL} for n in range(21)]
    body = await post(
        api,
        team.handler,
        CREATE_TYPE,
        {
            "input": type_input(
                team,
                serviceId=gid("Service", 999_999),
                questions=many,
                resourceIds=[gid("Resource", 999_999)],
            )
        },
    )
    errors = body["data"]["createAppointmentType"]["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("questions", "INVALID_INPUT"),
        ("resourceIds", "NOT_FOUND"),
        ("serviceId", "NOT_FOUND"),
    }
    assert await AppointmentType.filter(unit_id=team.unit.id).count() == before_types
    assert await audit_count(team.handler_user) == before_audit

    # An update that fails changes nothing either.
    good = (await call(api, team.handler, CREATE_TYPE, {"input": type_input(team)}))[
        "createAppointmentType"
    ]["appointmentType"]
    after_create = await audit_count(team.handler_user)
    body = await post(
        api,
        team.handler,
        UPDATE_TYPE,
        {
            "input": {
                "id": good["id"],
                "seats": 3,
                "bufferAfterMinutes": 7,
                "name": {"fi": "", "sv": "", "en": ""},
            }
        },
    )
    errors = body["data"]["updateAppointmentType"]["errors"]
    assert {e["field"] for e in errors} == {"bufferAfterMinutes", "name.fi", "name.sv", "name.en"}
    row = await AppointmentType.get(id=raw_id(good["id"]))
    assert (row.seats, row.buffer_after_minutes, row.name_fi) == (1, 0, "Neuvonta fi")
    assert await audit_count(team.handler_user) == after_create
    # A wrong kind of id is a typed error too.
    body = await post(api, team.handler, UPDATE_TYPE, {"input": {"id": mine["id"], "seats": 2}})
    assert body["data"]["updateAppointmentType"]["errors"] == [
        {"code": "INVALID_INPUT", "message": "Pyyntö on virheellinen.", "field": "id"}
    ]


# ---------------------------------------------------------------- resources and schedules


async def test_resources_schedules_and_exceptions(api: httpx.AsyncClient, team: Team) -> None:
    desk = await create_resource(api, team.handler, team.unit, "Tiski", kind="PERSON")
    assert (desk["kind"], desk["active"], desk["unitId"]) == ("PERSON", True, team.unit_gid)
    assert desk["weeklySchedule"] == []
    assert desk["exceptions"] == []
    assert await AuditEvent.exists(
        action="resource.create",
        target_id=str(raw_id(desk["id"])),
        actor_user_id=team.handler_user.id,
        target_type="resource",
    )

    renamed = (
        await call(
            api,
            team.handler,
            UPDATE_RESOURCE,
            {"input": {"id": desk["id"], "name": texts("Palvelupiste"), "kind": "ROOM"}},
        )
    )["updateResource"]
    assert renamed["errors"] == []
    assert renamed["resource"]["name"] == texts("Palvelupiste")
    assert (renamed["resource"]["kind"], renamed["resource"]["active"]) == ("ROOM", True)
    assert await AuditEvent.filter(
        action="resource.update", target_id=str(raw_id(desk["id"]))
    ).exists()

    # A week with a lunch break on Monday (the gap), touching intervals on Tuesday.
    week = [
        {"weekday": 1, "starts": "12:30", "ends": "16:00"},
        {"weekday": 1, "starts": "08:00", "ends": "11:30"},
        {"weekday": 2, "starts": "08:00", "ends": "12:00"},
        {"weekday": 2, "starts": "12:00", "ends": "24:00"},
    ]
    scheduled = (
        await call(
            api,
            team.handler,
            SET_SCHEDULE,
            {"input": {"resourceId": desk["id"], "intervals": week}},
        )
    )["setResourceSchedule"]
    assert scheduled["errors"] == []
    assert scheduled["resource"]["weeklySchedule"] == [
        {"weekday": 1, "starts": "08:00", "ends": "11:30"},
        {"weekday": 1, "starts": "12:30", "ends": "16:00"},
        {"weekday": 2, "starts": "08:00", "ends": "12:00"},
        {"weekday": 2, "starts": "12:00", "ends": "24:00"},
    ]
    rows = await ResourceSchedule.filter(resource_id=raw_id(desk["id"])).order_by(
        "weekday", "starts"
    )
    assert [(r.weekday, r.starts, r.ends) for r in rows] == [
        (1, 480, 690),
        (1, 750, 960),
        (2, 480, 720),
        (2, 720, 1440),
    ]
    event = await AuditEvent.get(action="resource.schedule", target_id=str(raw_id(desk["id"])))
    assert event.details["intervals"] == [
        [1, "08:00", "11:30"],
        [1, "12:30", "16:00"],
        [2, "08:00", "12:00"],
        [2, "12:00", "24:00"],
    ]
    # Replacing is whole: the old week is gone.
    replaced = (
        await call(
            api,
            team.handler,
            SET_SCHEDULE,
            {
                "input": {
                    "resourceId": desk["id"],
                    "intervals": [{"weekday": 5, "starts": "09:00", "ends": "10:00"}],
                }
            },
        )
    )["setResourceSchedule"]
    assert replaced["resource"]["weeklySchedule"] == [
        {"weekday": 5, "starts": "09:00", "ends": "10:00"}
    ]
    assert await ResourceSchedule.filter(resource_id=raw_id(desk["id"])).count() == 1

    # Exceptions: a closed day with a reason, and two open intervals of another day.
    closed_day = today() + timedelta(days=5)
    open_day = today() + timedelta(days=6)
    reason = {"fi": "Koulutus", "sv": "Utbildning", "en": "Training"}
    added = (
        await call(
            api,
            team.handler,
            ADD_EXCEPTION,
            {"input": {"resourceId": desk["id"], "date": closed_day.isoformat(), "reason": reason}},
        )
    )["addResourceException"]
    assert added["errors"] == []
    closed = added["exception"]
    assert (closed["closed"], closed["starts"], closed["ends"]) == (True, None, None)
    assert closed["reason"] == reason
    assert closed["resourceId"] == desk["id"]
    for starts, ends in (("13:00", "15:00"), ("09:00", "11:00")):
        opened = (
            await call(
                api,
                team.handler,
                ADD_EXCEPTION,
                {
                    "input": {
                        "resourceId": desk["id"],
                        "date": open_day.isoformat(),
                        "closed": False,
                        "starts": starts,
                        "ends": ends,
                    }
                },
            )
        )["addResourceException"]
        assert opened["errors"] == []
    # A past exception exists but is not listed: lists run from today on.
    await ResourceException.create(resource_id=raw_id(desk["id"]), date=today() - timedelta(days=1))
    listed = (await call(api, team.viewer, UNIT_RESOURCES, {"unit": team.unit_gid}))[
        "unitResources"
    ]
    assert [r["id"] for r in listed] == [desk["id"]]
    assert [(e["date"], e["closed"], e["starts"], e["ends"]) for e in listed[0]["exceptions"]] == [
        (closed_day.isoformat(), True, None, None),
        (open_day.isoformat(), False, "09:00", "11:00"),
        (open_day.isoformat(), False, "13:00", "15:00"),
    ]
    assert (
        await AuditEvent.filter(
            action="resource.exception.add", target_id=str(raw_id(desk["id"]))
        ).count()
        == 3
    )

    removed = (await call(api, team.handler, REMOVE_EXCEPTION, {"input": {"id": closed["id"]}}))[
        "removeResourceException"
    ]
    assert removed["errors"] == []
    assert removed["removedExceptionId"] == closed["id"]
    assert [e["date"] for e in removed["resource"]["exceptions"]] == [open_day.isoformat()] * 2
    assert not await ResourceException.exists(id=raw_id(closed["id"]))
    event = await AuditEvent.get(
        action="resource.exception.remove", target_id=str(raw_id(desk["id"]))
    )
    assert event.details["exception_id"] == raw_id(closed["id"])
    again = (await call(api, team.handler, REMOVE_EXCEPTION, {"input": {"id": closed["id"]}}))[
        "removeResourceException"
    ]
    assert [e["code"] for e in again["errors"]] == ["NOT_FOUND"]

    # Deactivating keeps the resource listed for staff.
    off = (
        await call(
            api, team.handler, UPDATE_RESOURCE, {"input": {"id": desk["id"], "active": False}}
        )
    )["updateResource"]
    assert off["resource"]["active"] is False
    assert (await Resource.get(id=raw_id(desk["id"]))).active is False


async def test_schedule_validation_keeps_the_old_week(api: httpx.AsyncClient, team: Team) -> None:
    desk = await create_resource(api, team.handler, team.unit)
    week = [{"weekday": 3, "starts": "08:00", "ends": "16:00"}]
    await call(
        api, team.handler, SET_SCHEDULE, {"input": {"resourceId": desk["id"], "intervals": week}}
    )
    before_audit = await audit_count(team.handler_user)
    bad = [
        {"weekday": 1, "starts": "08:00", "ends": "12:00"},
        {"weekday": 1, "starts": "11:00", "ends": "13:00"},  # overlaps the one before
        {"weekday": 8, "starts": "08:00", "ends": "09:00"},
        {"weekday": 2, "starts": "9:00", "ends": "10:00"},
        {"weekday": 2, "starts": "10:03", "ends": "11:00"},
        {"weekday": 2, "starts": "15:00", "ends": "14:00"},
        {"weekday": 2, "starts": "16:00", "ends": "24:05"},
    ]
    body = await post(
        api,
        team.handler,
        SET_SCHEDULE,
        {"input": {"resourceId": desk["id"], "intervals": bad}},
        lang="fi",
    )
    payload = body["data"]["setResourceSchedule"]
    assert payload["resource"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("intervals.1", "INVALID_INPUT"),
        ("intervals.2.weekday", "INVALID_INPUT"),
        ("intervals.3.starts", "INVALID_INPUT"),
        ("intervals.4.starts", "INVALID_INPUT"),
        ("intervals.5.ends", "INVALID_INPUT"),
        ("intervals.6.ends", "INVALID_INPUT"),
    ]
    assert payload["errors"][0]["message"] == "Saman päivän ajat menevät päällekkäin."
    rows = await ResourceSchedule.filter(resource_id=raw_id(desk["id"]))
    assert [(r.weekday, r.starts, r.ends) for r in rows] == [(3, 480, 960)]
    assert await audit_count(team.handler_user) == before_audit
    # An empty week is allowed: the resource takes no bookings.
    emptied = (
        await call(
            api, team.handler, SET_SCHEDULE, {"input": {"resourceId": desk["id"], "intervals": []}}
        )
    )["setResourceSchedule"]
    assert emptied["errors"] == []
    assert emptied["resource"]["weeklySchedule"] == []


async def test_exception_validation_writes_nothing(api: httpx.AsyncClient, team: Team) -> None:
    desk = await create_resource(api, team.handler, team.unit)
    day = (today() + timedelta(days=3)).isoformat()

    async def add(**extra: Any) -> list[dict[str, Any]]:
        body = await post(
            api,
            team.handler,
            ADD_EXCEPTION,
            {"input": {"resourceId": desk["id"], "date": day, **extra}},
        )
        errors: list[dict[str, Any]] = body["data"]["addResourceException"]["errors"]
        return errors

    def fields(errors: list[dict[str, Any]]) -> list[str]:
        return [e["field"] for e in errors]

    assert fields(await add(starts="10:00", ends="12:00")) == ["starts"]  # closed with times
    assert fields(await add(closed=False, starts="10:00")) == ["starts"]  # open without an end
    assert fields(await add(closed=False, starts="12:00", ends="10:00")) == ["ends"]
    assert fields(await add(closed=False, starts="10:01", ends="11:00")) == ["starts"]
    assert fields(await add(reason={"fi": "x" * 201, "sv": "", "en": ""})) == ["reason.fi"]
    past = await post(
        api,
        team.handler,
        ADD_EXCEPTION,
        {"input": {"resourceId": desk["id"], "date": (today() - timedelta(days=1)).isoformat()}},
    )
    assert fields(past["data"]["addResourceException"]["errors"]) == ["date"]
    assert await ResourceException.filter(resource_id=raw_id(desk["id"])).count() == 0

    # Conflicts with what the date already has.
    assert await add(closed=False, starts="10:00", ends="12:00") == []
    overlap = await add(closed=False, starts="11:00", ends="13:00")
    assert [(e["code"], e["field"]) for e in overlap] == [("INVALID_INPUT", "starts")]
    conflict = await add()
    assert [(e["code"], e["field"]) for e in conflict] == [("INVALID_INPUT", "date")]
    assert await ResourceException.filter(resource_id=raw_id(desk["id"])).count() == 1
    assert await add(closed=False, starts="12:00", ends="13:00") == []  # touching is fine
    assert await ResourceException.filter(resource_id=raw_id(desk["id"])).count() == 2
    assert (
        await AuditEvent.filter(
            action="resource.exception.add", target_id=str(raw_id(desk["id"]))
        ).count()
        == 2
    )


# ---------------------------------------------------------------- authorization


async def test_who_may_manage_and_view(api: httpx.AsyncClient, team: Team) -> None:
    desk = await create_resource(api, team.handler, team.unit)
    made = (
        await call(
            api, team.handler, CREATE_TYPE, {"input": type_input(team, resourceIds=[desk["id"]])}
        )
    )["createAppointmentType"]["appointmentType"]
    exc = (
        await call(
            api,
            team.handler,
            ADD_EXCEPTION,
            {
                "input": {
                    "resourceId": desk["id"],
                    "date": (today() + timedelta(days=2)).isoformat(),
                }
            },
        )
    )["addResourceException"]["exception"]
    day = today().isoformat()
    mutations: list[tuple[str, str, dict[str, Any]]] = [
        ("createAppointmentType", CREATE_TYPE, type_input(team)),
        ("updateAppointmentType", UPDATE_TYPE, {"id": made["id"], "seats": 3}),
        ("createResource", CREATE_RESOURCE, {"unitId": team.unit_gid, "name": texts("X")}),
        ("updateResource", UPDATE_RESOURCE, {"id": desk["id"], "active": False}),
        ("setResourceSchedule", SET_SCHEDULE, {"resourceId": desk["id"], "intervals": []}),
        (
            "addResourceException",
            ADD_EXCEPTION,
            {"resourceId": desk["id"], "date": (today() + timedelta(days=9)).isoformat()},
        ),
        ("removeResourceException", REMOVE_EXCEPTION, {"id": exc["id"]}),
    ]
    queries: list[tuple[str, str, dict[str, Any]]] = [
        ("unitAppointmentTypes", UNIT_TYPES, {"unit": team.unit_gid}),
        ("unitResources", UNIT_RESOURCES, {"unit": team.unit_gid}),
        ("unitDays", UNIT_DAYS, {"unit": team.unit_gid, "from": day, "to": day}),
        ("unitAppointments", UNIT_APPOINTMENTS, {"unit": team.unit_gid, "from": day, "to": day}),
    ]
    types_before = await AppointmentType.filter(unit_id=team.unit.id).count()
    resources_before = await Resource.filter(unit_id=team.unit.id).count()
    for cookie, code in (
        (None, "UNAUTHENTICATED"),
        (team.citizen, "NOT_ALLOWED"),
        (team.other_handler, "NOT_ALLOWED"),
        (team.viewer, "NOT_ALLOWED"),
    ):
        for name, document, variables in mutations:
            body = await post(api, cookie, document, {"input": variables}, lang="en")
            errors = body["data"][name]["errors"]
            assert [e["code"] for e in errors] == [code], (name, cookie, errors)
        if cookie == team.viewer:
            continue  # a viewer may look
        for name, document, variables in queries:
            body = await post(api, cookie, document, variables, lang="en")
            assert body["data"] is None, (name, body)
            assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    not_allowed = await post(
        api, team.citizen, CREATE_RESOURCE, {"input": mutations[2][2]}, lang="en"
    )
    assert not_allowed["data"]["createResource"]["errors"][0]["message"] == (
        "You are not allowed to manage this unit's appointments."
    )
    # Nothing was written by anyone refused.
    row = await AppointmentType.get(id=raw_id(made["id"]))
    assert row.seats == 1
    assert await AppointmentType.filter(unit_id=team.unit.id).count() == types_before
    assert await Resource.filter(unit_id=team.unit.id).count() == resources_before
    assert (await Resource.get(id=raw_id(desk["id"]))).active is True
    assert await ResourceException.exists(id=raw_id(exc["id"]))
    # The viewer may look at everything of the unit.
    for name, document, variables in queries:
        body = await post(api, team.viewer, document, variables)
        assert "errors" not in body, (name, body)
    # A global handler and an admin may manage any unit.
    for cookie in (team.global_handler, team.admin):
        changed = (await call(api, cookie, UPDATE_TYPE, {"input": {"id": made["id"], "seats": 4}}))[
            "updateAppointmentType"
        ]
        assert changed["errors"] == []
        assert changed["appointmentType"]["seats"] == 4
    # The handler of the other unit manages their own unit only.
    theirs = await create_resource(api, team.other_handler, team.other_unit)
    assert theirs["unitId"] == gid("Unit", team.other_unit.id)


# ---------------------------------------------------------------- the day view and availability


async def test_schedule_changes_show_in_availability_and_the_day_view(
    api: httpx.AsyncClient, team: Team
) -> None:
    desk = await create_resource(api, team.handler, team.unit)
    t = (
        await call(
            api,
            team.handler,
            CREATE_TYPE,
            {
                "input": type_input(
                    team, minNoticeMinutes=0, horizonDays=400, resourceIds=[desk["id"]]
                )
            },
        )
    )["createAppointmentType"]["appointmentType"]
    day = working_day(today() + timedelta(days=3))
    one_day = {"type": t["id"], "from": day.isoformat(), "to": day.isoformat()}

    async def slots_on(variables: dict[str, Any]) -> list[str]:
        return local_times((await call(api, None, AVAILABILITY, variables))["availability"])

    async def set_week(intervals: list[tuple[str, str]]) -> None:
        week = [{"weekday": d, "starts": s, "ends": e} for d in range(1, 8) for s, e in intervals]
        result = await call(
            api,
            team.handler,
            SET_SCHEDULE,
            {"input": {"resourceId": desk["id"], "intervals": week}},
        )
        assert result["setResourceSchedule"]["errors"] == []

    assert await slots_on(one_day) == []  # no schedule yet
    await set_week([("09:00", "11:00")])
    assert await slots_on(one_day) == ["09:00", "09:30", "10:00", "10:30"]
    await set_week([("09:00", "10:00"), ("10:30", "11:30")])  # a break from 10:00 to 10:30
    assert await slots_on(one_day) == ["09:00", "09:30", "10:30", "11:00"]

    closed = (
        await call(
            api,
            team.handler,
            ADD_EXCEPTION,
            {
                "input": {
                    "resourceId": desk["id"],
                    "date": day.isoformat(),
                    "reason": {"fi": "Suljettu", "sv": "Stängt", "en": "Closed"},
                }
            },
        )
    )["addResourceException"]["exception"]
    assert await slots_on(one_day) == []
    view = (
        await call(
            api,
            team.viewer,
            UNIT_DAYS,
            {"unit": team.unit_gid, "from": day.isoformat(), "to": day.isoformat()},
        )
    )["unitDays"]
    assert [(d["date"], d["publicHoliday"], d["holidayName"]) for d in view] == [
        (day.isoformat(), False, None)
    ]
    assert view[0]["resources"] == [
        {
            "resourceId": desk["id"],
            "name": "Tiski fi",
            "closed": True,
            "intervals": [],
            "exception": True,
            "reason": "Suljettu",
        }
    ]
    await call(api, team.handler, REMOVE_EXCEPTION, {"input": {"id": closed["id"]}})
    assert await slots_on(one_day) == ["09:00", "09:30", "10:30", "11:00"]

    # A public holiday is closed by default; an open exception opens it.
    holiday = today() + timedelta(days=2)
    while not is_public_holiday(holiday):
        holiday += timedelta(days=1)
    on_holiday = {"type": t["id"], "from": holiday.isoformat(), "to": holiday.isoformat()}
    assert await slots_on(on_holiday) == []
    days = (
        await post(
            api,
            team.viewer,
            UNIT_DAYS,
            {"unit": team.unit_gid, "from": holiday.isoformat(), "to": holiday.isoformat()},
            lang="en",
        )
    )["data"]["unitDays"]
    assert days[0]["publicHoliday"] is True
    assert days[0]["holidayName"]
    assert days[0]["resources"][0]["closed"] is True
    assert days[0]["resources"][0]["exception"] is False
    opened = (
        await call(
            api,
            team.handler,
            ADD_EXCEPTION,
            {
                "input": {
                    "resourceId": desk["id"],
                    "date": holiday.isoformat(),
                    "closed": False,
                    "starts": "12:00",
                    "ends": "13:00",
                }
            },
        )
    )["addResourceException"]
    assert opened["errors"] == []
    assert await slots_on(on_holiday) == ["12:00", "12:30"]
    days = (
        await call(
            api,
            team.viewer,
            UNIT_DAYS,
            {"unit": team.unit_gid, "from": holiday.isoformat(), "to": holiday.isoformat()},
        )
    )["unitDays"]
    assert days[0]["publicHoliday"] is True
    assert days[0]["resources"][0]["intervals"] == [{"starts": "12:00", "ends": "13:00"}]
    assert days[0]["resources"][0]["closed"] is False

    # A week of the day view: one entry per date, weekdays in order.
    week = (
        await call(
            api,
            team.viewer,
            UNIT_DAYS,
            {
                "unit": team.unit_gid,
                "from": day.isoformat(),
                "to": (day + timedelta(days=6)).isoformat(),
            },
        )
    )["unitDays"]
    assert [d["date"] for d in week] == [(day + timedelta(days=n)).isoformat() for n in range(7)]
    assert [d["weekday"] for d in week] == [
        (day + timedelta(days=n)).isoweekday() for n in range(7)
    ]
    # Deactivating the resource takes it out of availability and of the day view.
    await call(api, team.handler, UPDATE_RESOURCE, {"input": {"id": desk["id"], "active": False}})
    assert await slots_on(one_day) == []


# ---------------------------------------------------------------- the unit's appointments


@dataclass
class Listed:
    type: AppointmentType
    desk: Resource
    room: Resource


async def listed_setup(unit: Unit, service: Service) -> Listed:
    t = await AppointmentType.create(
        unit=unit,
        service=service,
        name_fi="Neuvonta",
        name_sv="Rådgivning",
        name_en="Guidance",
        duration_minutes=30,
        slot_interval_minutes=30,
    )
    desk = await Resource.create(unit=unit, name_fi="Tiski", name_sv="Disk", name_en="Desk")
    room = await Resource.create(unit=unit, name_fi="Huone", name_sv="Rum", name_en="Room")
    return Listed(type=t, desk=desk, room=room)


async def booking(
    t: AppointmentType,
    resource: Resource,
    user: User | None,
    starts_at: datetime,
    status: str = "confirmed",
) -> Booking:
    return await Booking.create(
        appointment_type_id=t.id,
        resource_id=resource.id,
        user_id=user.id if user else None,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        status=status,
        hold_expires_at=starts_at if status == "held" else None,
        idempotency_key=secrets.token_hex(8),
    )


async def test_unit_appointments_by_local_dates_in_order(
    api: httpx.AsyncClient, team: Team
) -> None:
    s = await listed_setup(team.unit, team.service)
    day = today() + timedelta(days=10)
    other = await make_user("Olli Toinen")
    later = await booking(s.type, s.room, other, local(day + timedelta(days=1), 23, 30))
    early = await booking(s.type, s.desk, team.citizen_user, local(day, 0, 0))  # 22:00 UTC before
    mid = await booking(s.type, s.room, None, local(day, 10), status="checked_in")  # user erased
    gone = await booking(s.type, s.desk, other, local(day, 9), status="cancelled")
    absent = await booking(s.type, s.desk, other, local(day, 11), status="no_show")
    # Not listed: holds, expired holds, outside the dates, another unit's.
    await booking(s.type, s.desk, other, local(day, 12), status="held")
    await booking(s.type, s.desk, other, local(day, 13), status="expired")
    await booking(s.type, s.desk, other, local(day - timedelta(days=1), 23, 30))
    await booking(s.type, s.desk, other, local(day + timedelta(days=2), 0, 0))
    elsewhere = await listed_setup(team.other_unit, team.service)
    await booking(elsewhere.type, elsewhere.desk, other, local(day, 10))

    variables = {
        "unit": team.unit_gid,
        "from": day.isoformat(),
        "to": (day + timedelta(days=1)).isoformat(),
    }
    found = (await call(api, team.viewer, UNIT_APPOINTMENTS, variables))["unitAppointments"]
    assert [relay.GlobalID.from_id(b["id"]).node_id for b in found] == [
        str(b.id) for b in (early, gone, mid, absent, later)
    ]
    assert [b["status"] for b in found] == [
        "CONFIRMED",
        "CANCELLED",
        "CHECKED_IN",
        "NO_SHOW",
        "CONFIRMED",
    ]
    assert [b["customerName"] for b in found] == [
        "Kaisa Kansalainen",
        "Olli Toinen",
        None,
        "Olli Toinen",
        "Olli Toinen",
    ]
    assert [b["resourceName"] for b in found] == ["Tiski", "Tiski", "Huone", "Tiski", "Huone"]
    assert {b["appointmentType"]["name"] for b in found} == {"Neuvonta"}
    assert {b["appointmentType"]["unit"]["name"] for b in found} == {team.unit.name_fi}
    # In Swedish, the names are Swedish.
    sv = await post(api, team.viewer, UNIT_APPOINTMENTS, variables, lang="sv")
    assert sv["data"]["unitAppointments"][0]["resourceName"] == "Disk"
    assert sv["data"]["unitAppointments"][0]["appointmentType"]["name"] == "Rådgivning"
    # One day.
    one = (await call(api, team.handler, UNIT_APPOINTMENTS, {**variables, "to": day.isoformat()}))[
        "unitAppointments"
    ]
    assert len(one) == 4

    # At most 31 days, and the end not before the start: typed errors.
    ok = {**variables, "to": (day + timedelta(days=30)).isoformat()}
    assert "errors" not in await post(api, team.viewer, UNIT_APPOINTMENTS, ok)
    for to in (day + timedelta(days=31), day - timedelta(days=1)):
        body = await post(
            api, team.viewer, UNIT_APPOINTMENTS, {**variables, "to": to.isoformat()}, lang="en"
        )
        assert body["data"] is None
        [error] = body["errors"]
        assert error["extensions"]["code"] == "INVALID_INPUT"
        assert error["extensions"]["field"] == "to"
        assert error["message"] == "The range must be 1–31 days and cannot end before it starts."
    body = await post(
        api, team.viewer, UNIT_DAYS, {**variables, "to": (day + timedelta(days=31)).isoformat()}
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_customer_name_is_for_staff_of_the_unit_only(
    api: httpx.AsyncClient, team: Team
) -> None:
    desk = await create_resource(api, team.handler, team.unit, "Tiski")
    t = (
        await call(
            api,
            team.handler,
            CREATE_TYPE,
            {"input": type_input(team, minNoticeMinutes=0, resourceIds=[desk["id"]])},
        )
    )["createAppointmentType"]["appointmentType"]
    week = [{"weekday": d, "starts": "08:00", "ends": "16:00"} for d in range(1, 8)]
    await call(
        api, team.handler, SET_SCHEDULE, {"input": {"resourceId": desk["id"], "intervals": week}}
    )
    day = working_day(today() + timedelta(days=2))
    slots = (
        await call(
            api,
            None,
            AVAILABILITY,
            {"type": t["id"], "from": day.isoformat(), "to": day.isoformat()},
        )
    )["availability"]
    booked = (
        await call(
            api,
            team.citizen,
            BOOK,
            {
                "input": {
                    "appointmentTypeId": t["id"],
                    "startsAt": slots[0]["startsAt"],
                    "idempotencyKey": str(uuid.uuid4()),
                }
            },
        )
    )["bookSlot"]
    assert booked["errors"] == []
    booking_id = booked["booking"]["id"]

    mine = (await call(api, team.citizen, MY, {}))["myBookings"]
    assert [(b["id"], b["customerName"], b["resourceName"]) for b in mine] == [
        (booking_id, None, "Tiski fi")
    ]
    as_handler = (await call(api, team.handler, NODE, {"id": booking_id}))["node"]
    assert as_handler == {
        "id": booking_id,
        "customerName": "Kaisa Kansalainen",
        "resourceName": "Tiski fi",
    }
    as_viewer = (await call(api, team.viewer, NODE, {"id": booking_id}))["node"]
    assert as_viewer["customerName"] == "Kaisa Kansalainen"
    # Staff of another unit do not even see the booking.
    assert (await call(api, team.other_handler, NODE, {"id": booking_id}))["node"] is None
    listed = (
        await call(
            api,
            team.viewer,
            UNIT_APPOINTMENTS,
            {"unit": team.unit_gid, "from": day.isoformat(), "to": day.isoformat()},
        )
    )["unitAppointments"]
    assert [(b["id"], b["customerName"]) for b in listed] == [(booking_id, "Kaisa Kansalainen")]
    # A staff member who books for themselves sees no customer name on a unit they do not cover.
    other_staff = await make_user(
        "Toinen Työntekijä", role="handler", scope_type="unit", scope_id=str(team.other_unit.id)
    )
    cookie = await session_cookie(other_staff)
    theirs = (
        await call(
            api,
            cookie,
            BOOK,
            {
                "input": {
                    "appointmentTypeId": t["id"],
                    "startsAt": slots[1]["startsAt"],
                    "idempotencyKey": str(uuid.uuid4()),
                }
            },
        )
    )["bookSlot"]["booking"]
    seen = (await call(api, cookie, NODE, {"id": theirs["id"]}))["node"]
    assert seen["customerName"] is None
    assert seen["resourceName"] == "Tiski fi"


async def test_unit_appointments_query_count_is_constant(
    api: httpx.AsyncClient, team: Team, count_queries: QueryCounter
) -> None:
    s = await listed_setup(team.unit, team.service)
    day = today() + timedelta(days=12)
    variables = {"unit": team.unit_gid, "from": day.isoformat(), "to": day.isoformat()}

    async def queries_for_listing(expected: int) -> int:
        count_queries.queries.clear()
        found = (await call(api, team.viewer, UNIT_APPOINTMENTS, variables))["unitAppointments"]
        assert len(found) == expected
        assert all(
            b["customerName"] and b["resourceName"] and b["appointmentType"]["unit"]["name"]
            for b in found
        )
        return len(count_queries.queries)

    for hour in (8, 9):
        await booking(s.type, s.desk, await make_user(f"Asiakas {hour}"), local(day, hour))
    few = await queries_for_listing(2)
    second = await listed_setup(team.unit, team.service)  # more types and resources too
    for hour in range(10, 16):
        resource = (s.room, second.desk, second.room)[hour % 3]
        t = (s.type, second.type)[hour % 2]
        await booking(t, resource, await make_user(f"Asiakas {hour}"), local(day, hour))
    many = await queries_for_listing(8)
    assert many == few, count_queries.queries
    assert few <= 6, count_queries.queries
