"""Staff working hours and blocked time in the PWA (/staff/schedule), end to end in headless
Chromium on a 390 px phone: a handler sees the unit's resource with its weekly hours and the
appointment type with its settings, blocks time (the free times go, as the availability query
shows) and unblocks it (they come back); blocking over a booking is refused with
TIME_HAS_BOOKINGS, in Finnish and in English; a citizen is turned away."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.conftest import PHONE_390
from tests.browser.helpers import api, gql, use_language
from tests.browser.test_booking_pwa import (
    CITIZEN,
    HELSINKI,
    KALLIO,
    STAFF,
    assert_accessible,
    expect_step,
    free_slots,
    local_date,
    sign_in_form,
    today,
)

pytestmark = pytest.mark.browser

TITLE = {"fi": "Työajat ja estetyt ajat", "en": "Working hours and blocked time"}
REASONS = ("Koulutus (testi)", "Kokous (testi)")
RESOURCE = "Digituen opastaja"


@pytest.fixture(scope="module")
def kallio(live_server: str) -> dict[str, str]:
    """The demo's Digital support appointment type at Kallio Library, and its unit."""
    with api(live_server) as client:
        types = gql(
            client,
            "{ appointmentTypes { id name unit { id name } } }",
        )["appointmentTypes"]
    found = next(
        t
        for t in types
        if t["unit"]["name"] == KALLIO["en"] and t["name"] == "Digital support appointment"
    )
    return {"type": found["id"], "unit": found["unit"]["id"]}


def slots_on(base: str, type_id: str, day: date) -> list[str]:
    """The Helsinki clock times ("HH:MM") of the type's free times on `day`."""
    return [
        datetime.fromisoformat(s["startsAt"]).astimezone(HELSINKI).strftime("%H:%M")
        for s in free_slots(base, type_id, day, day)
    ]


@pytest.fixture(scope="module")
def quiet_day(live_server: str, kallio: dict[str, str]) -> date:
    """A weekday some days ahead (not a public holiday) on which 10.00–13.00 is all free."""
    start = today() + timedelta(days=4)
    slots = free_slots(live_server, kallio["type"], start, start + timedelta(days=21))
    by_day: dict[str, set[str]] = {}
    for slot in slots:
        at = datetime.fromisoformat(slot["startsAt"]).astimezone(HELSINKI)
        by_day.setdefault(local_date(slot["startsAt"]), set()).add(at.strftime("%H:%M"))
    wanted = {"10:00", "10:30", "11:00", "11:30", "12:00", "12:30"}
    for day, times in sorted(by_day.items()):
        if wanted <= times and date.fromisoformat(day).isoweekday() <= 5:
            return date.fromisoformat(day)
    raise AssertionError("no quiet weekday at Kallio in the next weeks")


@pytest.fixture(scope="module", autouse=True)
def remove_test_blocks(live_server: str, kallio: dict[str, str]) -> Iterator[None]:
    """Afterwards, staff unblock whatever these tests left blocked at Kallio."""
    yield
    with api(live_server, STAFF) as client:
        found = gql(
            client,
            "query($u: ID!, $f: Date!, $t: Date!) "
            "{ unitTimeBlocks(unitId: $u, from: $f, to: $t) { id reason } }",
            {
                "u": kallio["unit"],
                "f": today().isoformat(),
                "t": (today() + timedelta(days=60)).isoformat(),
            },
        )["unitTimeBlocks"]
        for block in found:
            if block["reason"] in REASONS:
                gql(
                    client,
                    "mutation($i: UnblockTimeInput!) "
                    "{ unblockTime(input: $i) { errors { code } } }",
                    {"i": {"blockId": block["id"]}},
                )


@pytest.fixture
def viewport() -> ViewportSize:
    return PHONE_390


def sign_in_as_staff(page: Page) -> None:
    page.goto("/sign-in?next=%2Fstaff")
    sign_in_form(page, STAFF)
    use_language(page, "fi")


def fill_block_form(page: Page, day: date, starts: str, ends: str, reason: str) -> None:
    form = page.locator("#block-form")
    form.get_by_label("Päivä").fill(day.isoformat())
    form.get_by_label("Alkaa klo").fill(starts)
    form.get_by_label("Päättyy klo").fill(ends)
    form.get_by_label("Syy").fill(reason)


def test_staff_sees_hours_and_types_then_blocks_and_unblocks_in_finnish(
    page: Page, live_server: str, kallio: dict[str, str], quiet_day: date
) -> None:
    sign_in_as_staff(page)
    page.locator("#staff-schedule-link").click()
    expect_step(page, TITLE["fi"])
    expect(page.locator("#staff-unit-name")).to_contain_text(KALLIO["fi"])

    # The resource: its kind, its week (Monday to Friday 10–14, nothing at the weekend).
    card = page.locator("#resources .schedule-card").filter(has_text=RESOURCE)
    expect(card.get_by_role("heading", level=3)).to_have_text(RESOURCE)
    expect(card).to_contain_text("Henkilö · Käytössä")
    week = card.get_by_role("table", name=f"Viikkoaikataulu: {RESOURCE}")
    expect(week.get_by_role("row", name=re.compile("^Maanantai"))).to_contain_text("10.00–14.00")
    expect(week.get_by_role("row", name=re.compile("^Lauantai"))).to_contain_text("Ei työaikaa")
    expect(card).to_contain_text("Ei tulevia poikkeuksia.")

    # The appointment type and its settings.
    kind = page.locator("#appointment-types .schedule-card").filter(has_text="Digitukiaika")
    settings = kind.locator("dl .summary-list__row")
    expect(settings.filter(has_text="Kesto")).to_contain_text("30 min")
    expect(settings.filter(has_text="Paikkoja yhdessä ajassa")).to_contain_text("1")
    expect(settings.filter(has_text="Varattava viimeistään")).to_contain_text("1 tunti ennen alkua")
    expect(settings.filter(has_text="Varattavissa etukäteen")).to_contain_text("60 päivää")
    expect(settings.filter(has_text="Peruttava viimeistään")).to_contain_text(
        "24 tuntia ennen alkua"
    )
    expect(settings.filter(has_text="Muistutus")).to_contain_text("24 tuntia ennen alkua")
    expect(settings.filter(has_text="Kysymyksiä")).to_contain_text("2")
    expect(settings.filter(has_text="Resurssit")).to_contain_text(RESOURCE)

    # This week, day by day: today is marked.
    expect(page.locator("#week-table tr[aria-current=date]")).to_have_count(1)
    assert_accessible(page)

    # Block 12.00–13.00 on a quiet weekday: listed, shown in its day, and no longer bookable.
    assert {"12:00", "12:30"} <= set(slots_on(live_server, kallio["type"], quiet_day))
    fill_block_form(page, quiet_day, "12:00", "13:00", REASONS[0])
    page.locator("#block-submit").click()
    expect(page.locator("#block-form-status")).to_contain_text("Aika on estetty")
    block = page.locator("#time-blocks .time-block").filter(has_text="12.00–13.00")
    expect(block).to_have_count(1)
    expect(block).to_contain_text(REASONS[0])
    expect(block).to_contain_text(RESOURCE)
    expect(page.locator(f"#week-table tr[data-date='{quiet_day}']")).to_contain_text(
        "Estetty 12.00–13.00"
    )
    free = set(slots_on(live_server, kallio["type"], quiet_day))
    assert not {"12:00", "12:30"} & free, free
    assert {"11:30", "13:00"} <= free, free
    assert_accessible(page)

    # Unblock, with a confirmation step: the times come back.
    unblock = block.get_by_role("button", name=re.compile("^Poista esto"))
    unblock.click()
    expect(block.locator(".confirm__title")).to_be_focused()
    expect(block.locator(".confirm__title")).to_contain_text("Poistetaanko esto")
    assert_accessible(page)
    block.get_by_role("button", name="Älä poista").click()
    expect(unblock).to_be_focused()
    unblock.click()
    block.get_by_role("button", name="Kyllä, poista esto").click()
    expect(page.locator("#blocks-status")).to_contain_text("Esto on poistettu")
    expect(page.locator("#blocks-heading")).to_be_focused()
    expect(page.locator("#time-blocks-section [data-state=empty]")).to_have_text(
        "Tällä viikolla ei ole estettyjä aikoja."
    )
    assert {"12:00", "12:30"} <= set(slots_on(live_server, kallio["type"], quiet_day))


def book_as_citizen(base: str, type_id: str, starts_at: str) -> str:
    with api(base, CITIZEN) as client:
        payload = gql(
            client,
            "mutation($i: BookSlotInput!) { bookSlot(input: $i) "
            "{ booking { id } errors { code message } } }",
            {
                "i": {
                    "appointmentTypeId": type_id,
                    "startsAt": starts_at,
                    "idempotencyKey": str(uuid.uuid4()),
                    "answers": {"device": "phone"},
                }
            },
        )["bookSlot"]
    assert payload["errors"] == [], payload
    booking_id: str = payload["booking"]["id"]
    return booking_id


def cancel_as_citizen(base: str, booking_id: str) -> None:
    with api(base, CITIZEN) as client:
        payload: Any = gql(
            client,
            "mutation($i: CancelBookingInput!) { cancelBooking(input: $i) "
            "{ errors { code message } } }",
            {"i": {"bookingId": booking_id, "idempotencyKey": str(uuid.uuid4())}},
        )["cancelBooking"]
    assert payload["errors"] == [], payload


@pytest.fixture
def booking_at_ten(live_server: str, kallio: dict[str, str], quiet_day: date) -> Iterator[str]:
    """The citizen's booking at 10.00 on the quiet day, cancelled afterwards (so that no upcoming
    booking is left for the tests that delete the citizen's account)."""
    slot = next(
        s["startsAt"]
        for s in free_slots(live_server, kallio["type"], quiet_day, quiet_day)
        if datetime.fromisoformat(s["startsAt"]).astimezone(HELSINKI).strftime("%H:%M") == "10:00"
    )
    booking_id = book_as_citizen(live_server, kallio["type"], slot)
    yield booking_id
    cancel_as_citizen(live_server, booking_id)


def test_blocking_over_a_booking_is_refused_in_finnish_and_english(
    page: Page, quiet_day: date, booking_at_ten: str
) -> None:
    sign_in_as_staff(page)
    page.goto(f"/staff/schedule?date={quiet_day}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE["fi"])
    summary = page.locator("#error-summary")

    # Checked on the device first: the end must come after the start.
    fill_block_form(page, quiet_day, "11:00", "10:00", REASONS[1])
    page.locator("#block-submit").click()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Päättymisajan on oltava alkamisajan jälkeen.")
    expect(page.locator("#block-end")).to_have_attribute("aria-invalid", "true")

    # The server refuses time that has bookings in it.
    page.locator("#block-form").get_by_label("Päättyy klo").fill("11:00")
    page.locator("#block-form").get_by_label("Alkaa klo").fill("10:00")
    page.locator("#block-submit").click()
    expect(summary.get_by_role("alert")).to_contain_text(
        "Ajalla on varauksia. Siirrä tai peru ne ensin."
    )
    expect(summary).to_be_focused()
    expect(page.locator("#time-blocks .time-block")).to_have_count(0)
    assert_accessible(page)

    # In English: the same screen, and the same refusal in English.
    use_language(page, "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE["en"])
    kind = page.locator("#appointment-types .schedule-card").filter(
        has_text="Digital support appointment"
    )
    expect(kind.locator("dl .summary-list__row").filter(has_text="Duration")).to_contain_text(
        "30 min"
    )
    expect(
        page.locator("#resources .schedule-card").get_by_role("row", name=re.compile("^Monday"))
    ).to_contain_text("10:00–14:00")
    page.get_by_role("button", name="Block the time").click()
    expect(summary.get_by_role("alert")).to_contain_text(
        "This time has bookings. Move or cancel them first."
    )
    assert_accessible(page)


def test_citizens_are_turned_away(page: Page) -> None:
    page.goto("/sign-in?next=%2Fstaff%2Fschedule")
    sign_in_form(page, CITIZEN)
    use_language(page, "fi")
    expect(page.locator("[data-state=forbidden]")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ei käyttöoikeutta")
    expect(page.locator("#block-form")).to_have_count(0)
