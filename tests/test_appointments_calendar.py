"""Calendars: a booking's `.ics` download and a person's secret feed URL, parsed back with the
`icalendar` library: time zone and DST offsets, the unit's address, escaping and line folding,
who may download what, and the feed's life (made, replaced, revoked, erased)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import icalendar
import pytest
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend.accounts.models import AuditEvent, CalendarFeed, User
from backend.appointments import ical
from backend.appointments.models import Booking
from backend.catalogue.models import Unit
from backend.i18n import Language
from backend.settings import Settings
from tests.conftest import SITE
from tests.helpers import make_user, rolled_back
from tests.test_appointments_helpers import (
    BOOK,
    CANCEL,
    Bookable,
    api_client,
    call,
    citizens,
    first_free_slot,
    gid,
    make_bookable,
    session_cookie,
)

HELSINKI = ZoneInfo("Europe/Helsinki")

MY_FEED = "{ myCalendarFeed { createdAt lastUsedAt } }"
CREATE_FEED = """mutation { createCalendarFeed {
    url feed { createdAt lastUsedAt } errors { code message field } } }"""
REVOKE_FEED = "mutation { revokeCalendarFeed { revoked errors { code message } } }"
DELETE_ACCOUNT = """mutation { deleteMyAccount(input: {dryRun: false}) {
    deleted errors { code } } }"""


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for c in api_client(settings):
        yield c


# ---------------------------------------------------------------- helpers


async def add_booking(
    bookable: Bookable,
    user: User,
    starts_local: datetime,
    *,
    status: str = "confirmed",
    minutes: int = 30,
) -> Booking:
    """A booking written directly, at a chosen local time (outside any booking window: the
    calendar renders whatever the database holds)."""
    starts = starts_local.replace(tzinfo=HELSINKI).astimezone(UTC)
    return await Booking.create(
        appointment_type_id=bookable.type.id,
        resource_id=bookable.resources[0].id,
        user_id=user.id,
        created_by_id=user.id,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
        status=status,
        hold_expires_at=datetime.now(UTC) + timedelta(minutes=5) if status == "held" else None,
        idempotency_key=secrets.token_hex(8),
    )


async def download(
    client: httpx.AsyncClient,
    booking_id: str,
    cookie: str | None,
    *,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    sent = dict(headers or {})
    if cookie:
        sent["Cookie"] = cookie
    return await client.get(f"/calendar/bookings/{booking_id}.ics", params=params, headers=sent)


def parse(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Component]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def uid(booking_id: object) -> str:
    return f"{booking_id}@asiointi.hel.fi"


def last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def assert_well_formed(body: bytes) -> None:
    """CRLF everywhere, every physical line at most 75 octets and valid UTF-8 on its own (so no
    character was split by folding)."""
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert b"\r" not in body.replace(b"\r\n", b"")
    for line in body.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")


async def create_feed(client: httpx.AsyncClient, cookie: str) -> dict[str, Any]:
    data = await call(client, cookie, CREATE_FEED, {})
    payload: dict[str, Any] = data["createCalendarFeed"]
    assert payload["errors"] == [], payload
    return payload


# ---------------------------------------------------------------- the text format


def test_text_values_are_escaped() -> None:
    assert ical.text("a,b;c\\d\ne\r\nf\rg") == "a\\,b\\;c\\\\d\\ne\\nf\\ng"
    assert ical.text("bell\x07 tab\t") == "bell tab\t"


@pytest.mark.parametrize("filler", ["a", "ä", "€", "𝄞", "åäö, Å;"])
@pytest.mark.parametrize("length", [0, 1, 60, 66, 67, 74, 75, 76, 200, 1000])
def test_folding_keeps_lines_short_and_characters_whole(filler: str, length: int) -> None:
    line = "DESCRIPTION:" + (filler * length)[:length]
    folded = ical.fold(line).encode("utf-8")
    assert_well_formed(folded)
    # Unfolding (RFC 5545 3.1: remove CRLF followed by one space) gives the line back.
    assert folded.decode("utf-8").replace("\r\n ", "").removesuffix("\r\n") == line


def test_the_time_zone_follows_the_eu_rules_for_helsinki() -> None:
    """The VTIMEZONE we write, read back as a time zone, agrees with the tz database every
    hour across the DST changes of several years (03:00 → 04:00 in March, 04:00 → 03:00 in
    October, local time)."""
    text = ical.calendar([], Language.FI, "https://asiointi.test", datetime.now(UTC))
    [vtimezone] = parse(text.encode()).walk("VTIMEZONE")
    assert isinstance(vtimezone, icalendar.Timezone)
    ours = vtimezone.to_tz(lookup_tzid=False)  # built from our rules, not looked up
    for year in (2026, 2027, 2030):
        for month in (3, 10):
            change = datetime.combine(last_sunday(year, month), time(0), UTC)
            for hour in range(-30, 30):
                moment = change + timedelta(hours=hour)
                assert (
                    moment.astimezone(ours).utcoffset() == moment.astimezone(HELSINKI).utcoffset()
                ), moment
    summer = datetime(2027, 7, 1, 12, tzinfo=UTC)
    assert summer.astimezone(ours).utcoffset() == timedelta(hours=3)
    assert datetime(2027, 1, 1, 12, tzinfo=UTC).astimezone(ours).utcoffset() == timedelta(hours=2)


# ---------------------------------------------------------------- one booking's download


async def test_a_booking_downloads_as_ics_with_local_times_across_dst(
    client: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable()
    [(user, cookie)] = await citizens(1)
    year = datetime.now(UTC).year + 1
    spring = last_sunday(year, 3)  # clocks go forward at 03:00 this Sunday
    autumn = last_sunday(year, 10)  # and back at 04:00
    cases = [
        (datetime.combine(spring - timedelta(days=1), time(10)), timedelta(hours=2)),
        (datetime.combine(spring, time(10)), timedelta(hours=3)),
        (datetime(year, 7, 15, 14, 30), timedelta(hours=3)),
        (datetime.combine(autumn - timedelta(days=1), time(10)), timedelta(hours=3)),
        (datetime.combine(autumn, time(10)), timedelta(hours=2)),
        (datetime(year, 1, 15, 8, 0), timedelta(hours=2)),
    ]
    for local, offset in cases:
        booking = await add_booking(bookable, user, local)
        response = await download(client, gid("Booking", booking.id), cookie)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        assert response.headers["cache-control"] == "private, no-store"
        assert response.headers["content-disposition"] == (
            f'attachment; filename="asiointi-{local.date().isoformat()}.ics"'
        )
        body = response.content
        assert_well_formed(body)
        text = body.decode()
        assert f"DTSTART;TZID=Europe/Helsinki:{local:%Y%m%dT%H%M%S}\r\n" in text
        calendar = parse(body)
        assert calendar["VERSION"] == "2.0"
        assert calendar["METHOD"] == "PUBLISH"
        assert calendar["CALSCALE"] == "GREGORIAN"
        assert str(calendar["PRODID"])
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == uid(booking.id)
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
        assert start.replace(tzinfo=None) == local
        assert start.utcoffset() == offset, local
        assert start == booking.starts_at
        assert end - start == timedelta(minutes=30)
        stamp = event.decoded("DTSTAMP")
        assert stamp.utcoffset() == timedelta(0)
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["URL"]).startswith(f"{SITE}/appointments/")


async def test_the_event_names_the_type_and_the_units_address_in_the_callers_language(
    client: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable()
    [(user, cookie)] = await citizens(1)
    booking = await add_booking(bookable, user, datetime(datetime.now(UTC).year + 1, 2, 3, 9))
    unit = await Unit.get(id=bookable.type.unit_id)
    expected = {
        "fi": ("Testiaika", "Pohjoisesplanadi 11–13, 00170 Helsinki", "Puhelin: "),
        "sv": ("Testtid", "Norra esplanaden 11–13, 00170 Helsingfors", "Telefon: "),
        "en": ("Test appointment", "Pohjoisesplanadi 11–13, 00170 Helsinki", "Phone: "),
    }
    for lang, (summary, address, phone_label) in expected.items():
        by_param = await download(client, str(booking.id), cookie, params={"lang": lang})
        by_header = await download(
            client, str(booking.id), cookie, headers={"Accept-Language": f"{lang};q=0.9"}
        )
        for response in (by_param, by_header):
            assert response.status_code == 200, response.text
            [event] = parse(response.content).walk("VEVENT")
            assert str(event["SUMMARY"]) == summary
            assert str(event["LOCATION"]) == f"Helsinki-info, {address}"
            description = str(event["DESCRIPTION"])
            assert f"{phone_label}{unit.phone}" in description
            assert localized_website(unit, lang) in description
            assert f"{SITE}/appointments/" in description
            latitude, longitude = event.decoded("GEO")
            assert abs(latitude - (unit.latitude or 0)) < 1e-5
            assert abs(longitude - (unit.longitude or 0)) < 1e-5


def localized_website(unit: Unit, lang: str) -> str:
    value: str = getattr(unit, f"website_{lang}") or unit.website_fi
    return value


NAME_FI = "Sosiaali- ja terveystoimiala; Kallion terveysasema, Työterveys\\Äitiysneuvola"


@pytest.fixture
async def odd_unit() -> AsyncIterator[Unit]:
    """A unit whose texts need escaping and folding; removed afterwards (with its bookings), so
    that the catalogue the other tests see stays the demo's."""
    unit = await Unit.create(
        slug=f"calendar-{secrets.token_hex(4)}",
        name_fi=NAME_FI,
        name_sv="Social- och hälsovårdssektorn, Åggelby hälsostation; Mödrarådgivning",
        name_en="Health station",
        street_address_fi="Sturenkatu 4 ä ö å " * 4,
        street_address_sv="Sturegatan 4",
        postal_code="00510",
        city_fi="Helsinki",
        city_sv="Helsingfors",
        phone="+358 9 310 5015",
        website_fi="https://www.hel.fi/fi/sosiaali-ja-terveyspalvelut/terveysasemat",
    )
    try:
        yield unit
    finally:
        await Booking.filter(appointment_type__unit_id=unit.id).delete()
        await unit.delete()


async def test_escaping_and_folding_survive_a_round_trip(
    client: httpx.AsyncClient, odd_unit: Unit
) -> None:
    """Commas, semicolons, backslashes and newlines in names, and long Finnish and Swedish
    text, come back exactly; no line is longer than 75 octets."""
    slug, name = odd_unit.slug, NAME_FI
    bookable = await make_bookable(unit_slug=slug)
    bookable.type.name_fi = "Äitiysneuvola, ensikäynti; tuo mukaan\nKela-kortti \\ ajokortti " + (
        "äöå" * 20
    )
    await bookable.type.save()
    [(user, cookie)] = await citizens(1)
    booking = await add_booking(bookable, user, datetime(datetime.now(UTC).year + 1, 5, 4, 12))

    response = await download(client, gid("Booking", booking.id), cookie, params={"lang": "fi"})
    assert response.status_code == 200, response.text
    body = response.content
    assert_well_formed(body)
    assert any(len(line) >= 74 for line in body.split(b"\r\n")), "nothing was folded"
    unfolded = body.decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:Äitiysneuvola\\, ensikäynti\\; tuo mukaan\\nKela-kortti \\\\ ajokortti" in (
        unfolded
    )
    [event] = parse(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == bookable.type.name_fi
    location = str(event["LOCATION"])
    assert location.startswith(name + ", Sturenkatu 4 ä ö å")
    assert location.endswith(", 00510 Helsinki")

    swedish = await download(client, str(booking.id), cookie, params={"lang": "sv"})
    assert_well_formed(swedish.content)
    [event] = parse(swedish.content).walk("VEVENT")
    assert str(event["LOCATION"]) == (
        "Social- och hälsovårdssektorn, Åggelby hälsostation; Mödrarådgivning, "
        "Sturegatan 4, 00510 Helsingfors"
    )


async def test_only_the_owner_or_covering_staff_may_download(client: httpx.AsyncClient) -> None:
    bookable = await make_bookable()
    [(owner, owner_cookie), (_, other_cookie)] = await citizens(2)
    booking = await add_booking(bookable, owner, datetime(datetime.now(UTC).year + 1, 4, 6, 11))
    node = gid("Booking", booking.id)

    assert (await download(client, node, owner_cookie)).status_code == 200
    assert (await download(client, str(booking.id), owner_cookie)).status_code == 200

    refused = await download(client, node, other_cookie)
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "NOT_FOUND"
    assert "BEGIN:VCALENDAR" not in refused.text

    signed_out = await download(client, node, None)
    assert signed_out.status_code == 401
    assert signed_out.json()["error"]["code"] == "UNAUTHENTICATED"

    unit_staff = await make_user(
        "Unit staff", role="viewer", scope_type="unit", scope_id=str(bookable.type.unit_id)
    )
    assert (await download(client, node, await session_cookie(unit_staff))).status_code == 200
    elsewhere = await make_user("Other staff", role="handler", scope_type="unit", scope_id="999999")
    assert (await download(client, node, await session_cookie(elsewhere))).status_code == 404

    for bad in (gid("AppointmentType", bookable.type.id), gid("Booking", uuid.uuid4()), "nope"):
        assert (await download(client, bad, owner_cookie)).status_code == 404

    held = await add_booking(
        bookable, owner, datetime(datetime.now(UTC).year + 1, 4, 7, 11), status="held"
    )
    assert (await download(client, gid("Booking", held.id), owner_cookie)).status_code == 404


# ---------------------------------------------------------------- the personal feed


async def test_a_feed_is_made_fetched_without_a_cookie_replaced_and_revoked(
    client: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable()
    [(user, cookie), (other, _)] = await citizens(2)
    soon = datetime.now(UTC).astimezone(HELSINKI).replace(tzinfo=None, second=0, microsecond=0)
    mine = await add_booking(bookable, user, soon + timedelta(days=3))
    recent = await add_booking(bookable, user, soon - timedelta(days=30), status="checked_in")
    old = await add_booking(bookable, user, soon - timedelta(days=120))
    held = await add_booking(bookable, user, soon + timedelta(days=4), status="held")
    theirs = await add_booking(bookable, other, soon + timedelta(days=3))

    assert (await call(client, cookie, MY_FEED, {}))["myCalendarFeed"] is None
    first = await create_feed(client, cookie)
    url = first["url"]
    assert url.startswith(f"{SITE}/calendar/feed/")
    assert url.endswith(".ics")
    assert first["feed"]["lastUsedAt"] is None

    # The secret is not stored: only its SHA-256.
    token = url.removeprefix(f"{SITE}/calendar/feed/").removesuffix(".ics")
    row = await CalendarFeed.get(user_id=user.id)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(await CalendarFeed.filter(user_id=user.id).values())

    fetched = await client.get(url)  # no cookie: calendar apps have none
    assert fetched.status_code == 200, fetched.text
    assert "cookie" not in fetched.request.headers
    assert fetched.headers["content-type"] == "text/calendar; charset=utf-8"
    assert fetched.headers["cache-control"] == "private, max-age=300"
    assert_well_formed(fetched.content)
    calendar = parse(fetched.content)
    assert str(calendar["X-WR-CALNAME"]) == "Asiointi: ajanvaraukset"
    found = events(calendar)
    assert set(found) == {uid(mine.id), uid(recent.id)}
    assert uid(old.id) not in found
    assert uid(held.id) not in found
    assert uid(theirs.id) not in found
    assert str(found[uid(recent.id)]["STATUS"]) == "CONFIRMED"

    info = (await call(client, cookie, MY_FEED, {}))["myCalendarFeed"]
    assert info["createdAt"] == first["feed"]["createdAt"]
    assert info["lastUsedAt"] is not None

    second = await create_feed(client, cookie)
    assert second["url"] != url
    assert (await client.get(url)).status_code == 404
    assert (await client.get(second["url"])).status_code == 200
    assert await CalendarFeed.filter(user_id=user.id).count() == 1

    revoked = (await call(client, cookie, REVOKE_FEED, {}))["revokeCalendarFeed"]
    assert revoked == {"revoked": True, "errors": []}
    gone = await client.get(second["url"])
    assert gone.status_code == 404
    unknown = await client.get(f"/calendar/feed/{secrets.token_urlsafe(32)}.ics")
    assert (unknown.status_code, unknown.json()) == (gone.status_code, gone.json())
    assert (await call(client, cookie, MY_FEED, {}))["myCalendarFeed"] is None
    again = (await call(client, cookie, REVOKE_FEED, {}))["revokeCalendarFeed"]
    assert again == {"revoked": False, "errors": []}

    actions = await AuditEvent.filter(actor_user_id=user.id, target_type="calendar_feed").order_by(
        "id"
    )
    assert [a.action for a in actions] == [
        "calendar_feed.create",
        "calendar_feed.replace",
        "calendar_feed.revoke",
    ]
    assert all(token not in str(a.details) for a in actions)


async def test_feed_shows_cancellations_with_a_higher_sequence(client: httpx.AsyncClient) -> None:
    bookable = await make_bookable()
    [(_user, cookie)] = await citizens(1)
    starts = await first_free_slot(client, bookable)
    booked = await call(
        client,
        cookie,
        BOOK,
        {
            "input": {
                "appointmentTypeId": bookable.gid,
                "startsAt": starts,
                "idempotencyKey": "calendar-1",
            }
        },
    )
    assert booked["bookSlot"]["errors"] == []
    booking_id = booked["bookSlot"]["booking"]["id"]
    url = (await create_feed(client, cookie))["url"]

    before = events(parse((await client.get(url)).content))
    [(key, event)] = before.items()
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Testiaika"
    sequence_before = int(str(event["SEQUENCE"]))

    cancelled = await call(
        client,
        cookie,
        CANCEL,
        {"input": {"bookingId": booking_id, "idempotencyKey": "calendar-cancel"}},
    )
    assert cancelled["cancelBooking"]["errors"] == []

    after = events(parse((await client.get(url)).content))
    assert list(after) == [key]
    event = after[key]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Peruttu: Testiaika"
    assert int(str(event["SEQUENCE"])) > sequence_before

    download_after = await download(client, booking_id, cookie, params={"lang": "en"})
    [event] = parse(download_after.content).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Test appointment"


async def test_the_feed_speaks_the_profile_language_and_records_use_hourly(
    client: httpx.AsyncClient,
) -> None:
    bookable = await make_bookable()
    [(user, cookie)] = await citizens(1)
    user.language = "sv"
    await user.save(update_fields=["language"])
    await add_booking(bookable, user, datetime(datetime.now(UTC).year + 1, 6, 1, 9))
    url = (await create_feed(client, cookie))["url"]

    calendar = parse((await client.get(url)).content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Testtid"
    assert "Helsingfors" in str(event["LOCATION"])
    assert str(calendar["X-WR-CALNAME"]) == "Asiointi: bokningar"
    english = parse((await client.get(url, params={"lang": "en"})).content)
    assert str(english.walk("VEVENT")[0]["SUMMARY"]) == "Test appointment"

    used = (await CalendarFeed.get(user_id=user.id)).last_used_at
    assert used is not None
    await client.get(url)
    assert (await CalendarFeed.get(user_id=user.id)).last_used_at == used

    two_hours_ago = datetime.now(UTC) - timedelta(hours=2)
    await CalendarFeed.filter(user_id=user.id).update(last_used_at=two_hours_ago)
    await client.get(url)
    refreshed = (await CalendarFeed.get(user_id=user.id)).last_used_at
    assert refreshed is not None
    assert refreshed > two_hours_ago + timedelta(hours=1)


async def test_signed_out_and_cross_site_callers_cannot_make_feeds(
    client: httpx.AsyncClient,
) -> None:
    data = await call(client, None, CREATE_FEED, {})
    payload = data["createCalendarFeed"]
    assert payload["url"] is None
    assert payload["feed"] is None
    assert [e["code"] for e in payload["errors"]] == ["UNAUTHENTICATED"]
    revoked = (await call(client, None, REVOKE_FEED, {}))["revokeCalendarFeed"]
    assert [e["code"] for e in revoked["errors"]] == ["UNAUTHENTICATED"]
    assert (await call(client, None, MY_FEED, {}))["myCalendarFeed"] is None

    [(user, cookie)] = await citizens(1)
    forged = await client.post(
        "/graphql",
        json={"query": CREATE_FEED},
        headers={"Cookie": cookie, "Origin": "https://evil.example"},
    )
    assert forged.status_code == 403
    assert not await CalendarFeed.filter(user_id=user.id).exists()


async def test_the_feed_is_in_the_persons_data_and_goes_with_the_account(
    client: httpx.AsyncClient,
) -> None:
    [(user, cookie)] = await citizens(1)
    url = (await create_feed(client, cookie))["url"]
    assert (await client.get(url)).status_code == 200
    row = await CalendarFeed.get(user_id=user.id)

    data = (await call(client, cookie, "{ myData }", {}))["myData"]
    [branch] = [c for c in data["children"] if c["key"] == "CALENDAR_FEEDS"]
    [feed] = branch["children"]
    values = {c["key"]: c["value"] for c in feed["children"]}
    assert set(values) == {"CREATED_AT", "LAST_USED_AT"}
    assert datetime.fromisoformat(values["CREATED_AT"]) == row.created_at
    assert values["LAST_USED_AT"] is not None
    assert row.token_hash not in str(data)

    erased = (await call(client, cookie, DELETE_ACCOUNT, {}))["deleteMyAccount"]
    assert erased == {"deleted": True, "errors": []}
    assert not await CalendarFeed.filter(id=row.id).exists()
    assert (await client.get(url)).status_code == 404


@pytest.mark.usefixtures("database_url")
async def test_the_database_keeps_one_feed_per_person_and_unique_hashes() -> None:
    """The migration made the constraints that replacing a feed relies on, on every engine."""
    async with rolled_back():
        [(user, _), (other, _)] = await citizens(2)
        now = datetime.now(UTC)
        await CalendarFeed.create(user_id=user.id, token_hash="a" * 64, created_at=now)
        with pytest.raises(IntegrityError):
            async with in_transaction():
                await CalendarFeed.create(user_id=user.id, token_hash="b" * 64, created_at=now)
        with pytest.raises(IntegrityError):
            async with in_transaction():
                await CalendarFeed.create(user_id=other.id, token_hash="a" * 64, created_at=now)
