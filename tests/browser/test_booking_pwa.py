"""Booking in the PWA, end to end in headless Chromium on a 390 px phone: the citizen's flow
(place, day, time, questions, review, confirmed) in Finnish and in English, My appointments with
the .ics download and the calendar subscription, rescheduling and cancelling, "slot just taken"
with the nearest alternatives, a keyboard-only pass through the day and time pickers, and the
staff's day and week views with check-in and no-show."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import (
    BrowserContext,
    Geolocation,
    Page,
    ViewportSize,
    expect,
)

from backend.accounts.demo import DEMO_USERS, DemoUser
from tests.browser.conftest import PHONE_390, axe_violations
from tests.browser.helpers import api, gql, use_language

pytestmark = pytest.mark.browser

CITIZEN, STAFF, ADMIN = DEMO_USERS
HELSINKI = ZoneInfo("Europe/Helsinki")
KALLIO = {"fi": "Kallion kirjasto", "en": "Kallio Library"}
KALLIO_LOCATION: Geolocation = {"latitude": 60.18372, "longitude": 24.95356}


# ---------------------------------------------------------------- the API, for setting the scene


def today() -> date:
    return datetime.now(HELSINKI).date()


def local_date(instant: str) -> str:
    return datetime.fromisoformat(instant).astimezone(HELSINKI).date().isoformat()


def local_time(instant: str, lang: str) -> str:
    at = datetime.fromisoformat(instant).astimezone(HELSINKI)
    return f"{at.hour:02d}:{at.minute:02d}" if lang == "en" else f"{at.hour}.{at.minute:02d}"


@pytest.fixture(scope="module")
def digital_support(live_server: str) -> dict[str, str]:
    """The demo's Digital support service and its appointment type at Kallio Library."""
    with api(live_server) as client:
        services = gql(client, '{ services(search: "Digital support") { edges { node { id } } } }')
        service_id = services["services"]["edges"][0]["node"]["id"]
        types = gql(
            client,
            "query($s: ID) { appointmentTypes(serviceId: $s) { id unit { id name } } }",
            {"s": service_id},
        )["appointmentTypes"]
    kallio = next(t for t in types if t["unit"]["name"] == KALLIO["en"])
    return {"service": service_id, "type": kallio["id"], "unit": kallio["unit"]["id"]}


def free_slots(base: str, type_id: str, first: date, last: date) -> list[dict[str, Any]]:
    with api(base) as client:
        found: list[dict[str, Any]] = gql(
            client,
            "query($t: ID!, $f: Date!, $to: Date!) "
            "{ availability(appointmentTypeId: $t, from: $f, to: $to) { startsAt } }",
            {"t": type_id, "f": first.isoformat(), "to": last.isoformat()},
        )["availability"]
    return found


def book_through_api(base: str, user: DemoUser, type_id: str, starts_at: str) -> str:
    with api(base, user) as client:
        payload = gql(
            client,
            "mutation($i: BookSlotInput!) { bookSlot(input: $i) "
            "{ booking { id } errors { code message } } }",
            {
                "i": {
                    "appointmentTypeId": type_id,
                    "startsAt": starts_at,
                    "idempotencyKey": str(uuid.uuid4()),
                    "answers": {"device": "computer"},
                }
            },
        )["bookSlot"]
    assert payload["errors"] == [], payload
    booking_id: str = payload["booking"]["id"]
    return booking_id


@pytest.fixture(scope="module", autouse=True)
def cancel_test_bookings(live_server: str, digital_support: dict[str, str]) -> Iterator[None]:
    """Afterwards staff cancel what these tests left booked at Kallio, so that other tests (such
    as deleting the citizen's account) do not meet upcoming bookings."""
    yield
    with api(live_server, STAFF) as client:
        start = today()
        for offset in (0, 31):
            found = gql(
                client,
                "query($u: ID!, $f: Date!, $t: Date!) "
                "{ unitAppointments(unitId: $u, from: $f, to: $t) { id status } }",
                {
                    "u": digital_support["unit"],
                    "f": (start + timedelta(days=offset)).isoformat(),
                    "t": (start + timedelta(days=offset + 30)).isoformat(),
                },
            )["unitAppointments"]
            for booking in found:
                if booking["status"] != "CONFIRMED":
                    continue
                gql(
                    client,
                    "mutation($i: CancelBookingInput!) { cancelBooking(input: $i) "
                    "{ errors { code } } }",
                    {"i": {"bookingId": booking["id"], "idempotencyKey": str(uuid.uuid4())}},
                )


# ---------------------------------------------------------------- the browser


@pytest.fixture
def viewport() -> ViewportSize:
    return PHONE_390


def sign_in_form(page: Page, user: DemoUser) -> None:
    expect(page.locator("#sign-in-form")).to_be_visible()
    page.locator("#sign-in-email").fill(user.email)
    page.locator("#sign-in-password").fill(user.password)
    page.locator("#sign-in-submit").click()
    expect(page.locator("#profile-link")).to_contain_text(user.name)


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_390["width"], f"the page scrolls sideways ({width} px wide)"


def assert_accessible(page: Page) -> None:
    assert_fits(page)
    assert axe_violations(page) == []


def expect_step(page: Page, heading: str) -> None:
    """A new step: its heading, which has focus."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#page-heading")).to_be_focused()


def pick_day(page: Page, earliest: date) -> str:
    """Click the first day with free times on or after `earliest`, turning months as needed."""
    for _ in range(3):
        expect(page.locator("#day-list button").first).to_be_visible()
        for day in page.locator("#day-list button").all():
            chosen = day.get_attribute("data-date") or ""
            if chosen >= earliest.isoformat():
                day.click()
                return chosen
        page.locator("#next-month").click()
    raise AssertionError(f"no free day on or after {earliest}")


def tab_until(page: Page, selector: str, limit: int = 12) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"Tab did not reach {selector}")


# ---------------------------------------------------------------- the citizen, in Finnish


def test_book_then_calendar_reschedule_and_cancel_in_finnish(
    page: Page, live_server: str, digital_support: dict[str, str]
) -> None:
    service = digital_support["service"]
    # Signed out, "Book an appointment" goes through sign-in and back into the flow.
    page.goto(f"/services/{service}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Digituki")
    page.locator("#book-link").click()
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Fbook%2F"))
    sign_in_form(page, CITIZEN)
    use_language(page, "fi")
    expect(page).to_have_url(re.compile(r"/book/[^/?]+$"))

    # Place: by name.
    expect(page.get_by_role("heading", level=1)).to_have_text("Valitse toimipiste")
    expect(page.locator(".step-caption")).to_contain_text("vaihe 1/5")
    expect(page.locator("#place-list li")).to_have_count(2)
    page.get_by_label("Hae toimipistettä nimellä").fill("kallio")
    expect(page.locator("#place-list li")).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("link", name=KALLIO["fi"]).click()

    # Day: only days with free times, each named in full.
    expect_step(page, "Valitse päivä")
    first_day = page.locator("#day-list button").first
    expect(first_day).to_have_accessible_name(re.compile(r"^\w+ \d+\. \w+, \d+ vapaata? aika"))
    assert_accessible(page)
    # Two days ahead at least: still movable and cancellable online (24 hours).
    chosen_day = pick_day(page, today() + timedelta(days=2))

    # Time: a radio group.
    expect_step(page, "Valitse aika")
    assert "Aika kestää 30 minuuttia." in page.locator(".time-step").inner_text()
    page.locator("#time-submit").click()
    expect(page.locator("#error-summary")).to_contain_text("Valitse aika.")
    expect(page.locator("#error-summary")).to_be_focused()
    time_radio = page.locator("#time-group input[type=radio]").nth(1)
    starts_at = time_radio.get_attribute("value") or ""
    time_radio.check()
    assert_accessible(page)
    page.locator("#time-submit").click()

    # The type's questions: a required choice and optional details.
    expect_step(page, "Kerro asiastasi")
    expect(page.locator("#held-note")).to_contain_text("Aika on varattu sinulle klo")
    page.locator("#questions-submit").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Vastaa kysymykseen: Missä tarvitset apua?"
    )
    page.get_by_role("radio", name="Tietokone").check()
    page.get_by_label("Lisätietoja").fill("Sähköpostin asetukset")
    assert_accessible(page)
    page.locator("#questions-submit").click()

    # Review, then confirm.
    expect_step(page, "Tarkista ja vahvista varaus")
    summary = page.locator("#review-summary")
    expect(summary).to_contain_text(KALLIO["fi"])
    expect(summary).to_contain_text("Tietokone")
    expect(summary).to_contain_text("Sähköpostin asetukset")
    expect(summary).to_contain_text(local_time(starts_at, "fi"))
    assert_accessible(page)
    page.locator("#confirm-booking").click()

    expect_step(page, "Aika on varattu")
    expect(page.locator("#booking-confirmed")).to_contain_text("Varaus on vahvistettu")
    # Push reminders are offered here, asked for only when the button is pressed.
    expect(page.locator("#push-button")).to_have_text("Muistuta minua ennen varattua aikaa")
    assert page.evaluate("Notification.permission") == "default"
    expect(page.locator("#directions-link")).to_have_attribute(
        "href",
        re.compile(
            r"^https://reittiopas\.hsl\.fi/reitti/-/Viides%20linja%2011,%20Helsinki::60\.18"
        ),
    )
    assert_accessible(page)

    # The .ics file of this booking.
    with page.expect_download() as info:
        page.locator("#ics-link").click()
    download = info.value
    assert download.suggested_filename == f"asiointi-{chosen_day}.ics"
    path = download.path()
    assert path is not None
    ics = Path(path).read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in ics
    assert "Digitukiaika" in ics

    # My appointments, from the header.
    page.locator("#appointments-link").click()
    expect_step(page, "Omat ajat")
    upcoming = page.locator("#upcoming-list")
    expect(upcoming).to_contain_text(local_time(starts_at, "fi"))
    expect(upcoming).to_contain_text("Varattu")

    # The calendar subscription: made, shown once with a copy button, fetched, revoked.
    page.locator("#create-feed").click()
    feed_url = page.locator("#feed-url")
    expect(feed_url).to_be_focused()
    url = feed_url.input_value()
    assert re.search(r"/calendar/feed/[^/]+\.ics$", url), url
    expect(page.locator("#copy-feed-url")).to_be_visible()
    feed = httpx.get(live_server + url[url.index("/calendar/") :], timeout=10)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in feed.text
    expect(page.locator("#feed-info")).to_contain_text("Tilausosoite luotu")
    assert_accessible(page)
    page.locator("#revoke-feed").click()
    expect(page.locator("#feed-revoked")).to_be_focused()
    gone = httpx.get(live_server + url[url.index("/calendar/") :], timeout=10)
    assert gone.status_code == 404

    # The appointment's page: reschedule with the same pickers.
    upcoming.get_by_role("link", name=re.compile(local_time(starts_at, "fi"))).click()
    expect_step(page, "Digitukiaika")
    expect(page.locator("#appointment-status")).to_have_text("Varattu")
    expect(page.locator("#push-opt-in")).to_have_attribute("data-push-context", "booking")
    assert_accessible(page)
    page.locator("#reschedule-link").click()
    expect_step(page, "Valitse päivä")
    expect(page.locator("#current-time")).to_contain_text(local_time(starts_at, "fi"))
    new_day = pick_day(page, today() + timedelta(days=2))
    expect_step(page, "Valitse aika")
    new_radio = page.locator("#time-group input[type=radio]").first
    new_starts_at = new_radio.get_attribute("value") or ""
    new_radio.check()
    page.get_by_role("button", name="Vaihda tähän aikaan").click()
    expect_step(page, "Digitukiaika")
    notice = page.locator("#appointment-notice")
    expect(notice).to_contain_text("Aika on vaihdettu")
    expect(notice).to_contain_text(local_time(new_starts_at, "fi"))
    expect(page.locator("#appointment-summary")).to_contain_text(local_time(new_starts_at, "fi"))
    assert local_date(new_starts_at) == new_day

    # Cancel, with a reason.
    page.locator("#cancel-booking-button").click()
    expect(page.locator("#cancel-confirm-title")).to_be_focused()
    page.get_by_label("Peruutuksen syy").fill("Sain apua kirjastosta jo muuten.")
    assert_accessible(page)
    page.locator("#cancel-confirm-button").click()
    expect(page.locator("#appointment-notice")).to_contain_text("Aika on peruttu.")
    expect(page.locator("#appointment-status")).to_have_text("Peruttu")
    expect(page.locator("#appointment-summary")).to_contain_text("Sain apua kirjastosta jo muuten.")
    expect(page.locator("#cancel-booking-button")).to_have_count(0)
    assert_accessible(page)
    page.locator("#back-link").click()
    expect_step(page, "Omat ajat")
    expect(
        page.locator("#upcoming-list li[data-status=CANCELLED]").filter(
            has_text=local_time(new_starts_at, "fi")
        )
    ).to_have_count(1)


# ---------------------------------------------------------------- in English, by keyboard


def test_slot_taken_offers_nearest_times_in_english_by_keyboard(
    phone: BrowserContext, page: Page, live_server: str, digital_support: dict[str, str]
) -> None:
    phone.grant_permissions(["geolocation"])
    phone.set_geolocation(KALLIO_LOCATION)
    page.goto("/sign-in")
    sign_in_form(page, CITIZEN)
    use_language(page, "en")
    page.goto(f"/book/{digital_support['service']}")

    # Place: nearest first, from the device's location.
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a place")
    page.get_by_role("button", name="Nearest first").click()
    first_place = page.locator("#place-list li").first
    expect(first_place).to_contain_text(KALLIO["en"])
    expect(first_place).to_contain_text(re.compile(r"\d+ m away"))
    assert_accessible(page)
    first_place.get_by_role("link").click()

    # Day, by keyboard only: one tab stop, the arrow keys, Enter.
    expect_step(page, "Choose a day")
    days = page.locator("#day-list button")
    expect(days.first).to_be_visible()
    tab_until(page, "#day-list button")
    if days.count() > 1:
        page.keyboard.press("ArrowRight")
        expect(days.nth(1)).to_be_focused()
    focused_day = page.evaluate("document.activeElement.dataset.date")
    expect(page.locator("#day-list button[tabindex='0']")).to_have_count(1)
    page.keyboard.press("Enter")

    # Time, by keyboard: into the radio group, an arrow to the second time.
    expect_step(page, "Choose a time")
    expect(page).to_have_url(re.compile(f"date={focused_day}"))
    radios = page.locator("#time-group input[type=radio]")
    expect(radios.first).to_be_visible()
    assert radios.count() >= 3, "the test needs a day with three free times"
    tab_until(page, "#time-group input[type=radio]")
    page.keyboard.press("ArrowRight")
    expect(radios.nth(1)).to_be_checked()
    taken = radios.nth(1).get_attribute("value") or ""

    # Someone else books that very time before the person goes on.
    book_through_api(live_server, ADMIN, digital_support["type"], taken)
    tab_until(page, "#time-submit")
    page.keyboard.press("Enter")

    # Told politely, with the nearest free times to choose from.
    slot_taken = page.locator("#slot-taken")
    expect(slot_taken).to_be_focused()
    expect(slot_taken.get_by_role("alert")).to_contain_text(
        "This time was just taken. Please choose another time."
    )
    alternatives = page.locator("#alternatives button")
    expect(alternatives.first).to_be_visible()
    assert 1 <= alternatives.count() <= 3
    expect(page.locator("#time-group")).not_to_contain_text(local_time(taken, "en"))
    assert_accessible(page)
    choice = alternatives.first.inner_text()
    tab_until(page, "#alternatives button")
    page.keyboard.press("Enter")

    expect_step(page, "Tell us about your visit")
    page.get_by_role("radio", name="Phone or tablet").check()
    page.locator("#questions-submit").click()
    expect_step(page, "Check and confirm your booking")
    expect(page.locator("#review-summary")).to_contain_text("Phone or tablet")
    page.locator("#confirm-booking").click()
    expect_step(page, "Your appointment is booked")
    done = page.locator("#done-summary")
    expect(done).to_contain_text(KALLIO["en"])
    assert choice.split(" at ")[-1] in done.inner_text()
    assert_accessible(page)


# ---------------------------------------------------------------- staff


def test_staff_day_and_week_views_with_check_in_and_no_show(
    page: Page, live_server: str, digital_support: dict[str, str]
) -> None:
    start = today()
    slots = free_slots(live_server, digital_support["type"], start, start + timedelta(days=14))
    by_day: dict[str, list[str]] = {}
    for slot in slots:
        by_day.setdefault(local_date(slot["startsAt"]), []).append(slot["startsAt"])
    day, times = next((d, s) for d, s in sorted(by_day.items()) if len(s) >= 2)
    first, second = times[-2], times[-1]
    for starts_at in (first, second):
        book_through_api(live_server, CITIZEN, digital_support["type"], starts_at)

    page.goto("/sign-in?next=%2Fstaff")
    sign_in_form(page, STAFF)
    use_language(page, "fi")
    page.locator("#staff-appointments-link").click()
    expect_step(page, "Ajanvaraukset")
    expect(page.locator("#staff-unit-name")).to_contain_text(KALLIO["fi"])
    expect(page.locator("#view-day")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)

    page.goto(f"/staff/appointments?date={day}")
    bookings = page.locator("#staff-bookings .staff-booking")

    def starting(at: str) -> Any:
        starts = re.compile(f"^{re.escape(local_time(at, 'fi'))}–")
        return page.locator(".staff-booking__time", has_text=starts)

    row_one = bookings.filter(has=starting(first))
    row_two = bookings.filter(has=starting(second))
    expect(row_one).to_contain_text(CITIZEN.name)
    expect(row_one).to_contain_text("Tietokone")
    expect(row_one).to_contain_text("Digituen opastaja")
    expect(row_two).to_contain_text(CITIZEN.name)
    assert_accessible(page)

    check_in = row_one.locator("[data-attendance=CHECKED_IN]")
    expect(check_in).to_have_accessible_name(re.compile(f"^Saapunut: {CITIZEN.name}"))
    check_in.click()
    expect(check_in).to_have_attribute("aria-pressed", "true")
    expect(row_one.locator(".status-label")).to_have_text("Saapunut")
    no_show = row_two.locator("[data-attendance=NO_SHOW]")
    no_show.click()
    expect(no_show).to_have_attribute("aria-pressed", "true")
    expect(row_two.locator(".status-label")).to_have_text("Ei saapunut")
    expect(check_in).to_be_visible()

    # Saved: a new load shows the same, and the week view too.
    page.reload()
    expect(bookings.filter(has=starting(first))).to_have_attribute("data-status", "CHECKED_IN")
    expect(bookings.filter(has=starting(second))).to_have_attribute("data-status", "NO_SHOW")
    page.locator("#view-week").click()
    expect(page.locator("#view-week")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#view-week")).to_be_focused()
    expect(page).to_have_url(re.compile(r"view=week"))
    week = page.locator("#staff-bookings")
    expect(week.locator(f"#day-{day}")).to_be_visible()
    expect(week.locator(".staff-booking[data-status=NO_SHOW]")).to_have_count(1)
    assert_accessible(page)
    page.locator("#date-next").click()
    expect(page.locator("#date-next")).to_be_focused()
    expect(week.locator(f"#day-{day}")).to_have_count(0)


def test_the_unit_page_opens_the_flow_at_the_day_step(
    page: Page, digital_support: dict[str, str]
) -> None:
    page.goto(f"/units/{digital_support['unit']}")
    entry = page.locator("#book-entry")
    expect(entry.get_by_role("heading", level=2)).to_be_visible()
    link = entry.get_by_role("link")
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    assert href is not None
    url = urlsplit(href)
    assert unquote(url.path) == f"/book/{digital_support['service']}"
    assert parse_qs(url.query) == {"step": ["day"], "type": [digital_support["type"]]}
    assert_fits(page)
    assert_accessible(page)
    link.click()  # signed out: through sign-in, back to this step
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Fbook%2F.*step%3Dday"))
