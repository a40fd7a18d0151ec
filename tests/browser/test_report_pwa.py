"""Reporting a problem in the PWA, end to end in headless Chromium on a 390 px phone: the signed-in
flow in Finnish through every step (a nearby duplicate followed instead, a question, a photo
uploaded and a refused one, contact details), the report in My reports with its timeline; the
anonymous flow in English with the address only, its tracking link opened; a report made offline,
queued on the device and sent by itself when the connection returns, exactly once; and the list of
reports nearby."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext, FilePayload, Page, ViewportSize, expect

from backend.accounts.demo import DEMO_USERS, DemoUser
from tests.browser.conftest import PHONE_390, axe_violations
from tests.browser.helpers import api, gql, use_language
from tests.geocoder_stand_in import StandInGeocoder

pytestmark = pytest.mark.browser

CITIZEN, STAFF, ADMIN = DEMO_USERS

QUEUE = """query($f: ServiceRequestQueueFilter) {
  staffServiceRequestQueue(filter: $f, first: 20) {
    edges { node { id title location { lat lon } } }
  }
}"""
MINE = """{
  myServiceRequests { id title photos { id } events { kind status } }
  followedServiceRequests { id }
}"""


# ---------------------------------------------------------------- the API


@pytest.fixture(scope="module")
def categories(live_server: str) -> dict[str, str]:
    """The demo's categories: service code → global id."""
    with api(live_server) as client:
        found = gql(client, "{ serviceRequestCategories { id serviceCode } }")
    return {c["serviceCode"]: c["id"] for c in found["serviceRequestCategories"]}


@pytest.fixture(scope="module")
def open_streetlight(live_server: str, categories: dict[str, str]) -> dict[str, Any]:
    """An open streetlight report of the last weeks with a place: one that "nearby" offers."""
    with api(live_server, ADMIN) as client:
        edges = gql(
            client,
            QUEUE,
            {"f": {"categoryIds": [categories["streetlight"]], "maxAgeDays": 20}},
        )["staffServiceRequestQueue"]["edges"]
    found: dict[str, Any] = next(e["node"] for e in edges if e["node"]["location"])
    return found


@pytest.fixture(scope="module", autouse=True)
def unfollow_afterwards(live_server: str) -> Iterator[None]:
    """The citizen follows nothing new after these tests (the demo people are shared)."""
    with api(live_server, CITIZEN) as client:
        before = {r["id"] for r in gql(client, MINE)["followedServiceRequests"]}
    yield
    with api(live_server, CITIZEN) as client:
        for request in gql(client, MINE)["followedServiceRequests"]:
            if request["id"] not in before:
                gql(
                    client,
                    "mutation($i: ID!) { unfollowServiceRequest(input: {id: $i}) "
                    "{ errors { code } } }",
                    {"i": request["id"]},
                )


def png(width: int = 64, height: int = 48) -> bytes:
    image = Image.new("RGB", (width, height), (0, 114, 198))
    for x in range(width // 2):
        for y in range(height):
            image.putpixel((x, y), (255, 200, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def image_file(name: str, data: bytes) -> FilePayload:
    """A file for a file input, said to be a PNG (whatever it holds)."""
    return {"name": name, "mimeType": "image/png", "buffer": data}


# ---------------------------------------------------------------- the browser


@pytest.fixture
def viewport() -> ViewportSize:
    return PHONE_390


def sign_in(page: Page, user: DemoUser) -> None:
    page.goto("/sign-in")
    expect(page.locator("#sign-in-form")).to_be_visible()
    page.locator("#sign-in-email").fill(user.email)
    page.locator("#sign-in-password").fill(user.password)
    page.locator("#sign-in-submit").click()
    expect(page.locator("#profile-link")).to_contain_text(user.name)


def assert_accessible(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_390["width"], f"the page scrolls sideways ({width} px wide)"
    assert axe_violations(page) == []


def expect_step(page: Page, heading: str) -> None:
    """A new step: its heading, which has focus."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#page-heading")).to_be_focused()


# ---------------------------------------------------------------- signed in, in Finnish


def test_signed_in_report_through_every_step_in_finnish(
    phone: BrowserContext, page: Page, live_server: str, open_streetlight: dict[str, Any]
) -> None:
    title = f"Katuvalo vilkkuu {uuid.uuid4().hex[:8]}"
    near = open_streetlight["location"]
    phone.grant_permissions(["geolocation"])
    phone.set_geolocation({"latitude": near["lat"] + 0.0004, "longitude": near["lon"]})
    sign_in(page, CITIZEN)
    use_language(page, "fi")
    page.goto("/")
    page.locator("#report-link").click()

    # The category, found by a word.
    expect_step(page, "Mistä haluat ilmoittaa?")
    expect(page.locator(".step-caption")).to_contain_text("vaihe 1/7")
    assert_accessible(page)
    page.get_by_label("Hae aihetta").fill("katuvalo")
    expect(page.locator(".category-option")).to_have_count(1)
    page.locator(".category-option", has_text="Katuvalo").click()

    # The place: nothing given is an error; the device's location offers a nearby duplicate.
    expect_step(page, "Missä se on?")
    page.locator("#location-submit").click()
    expect(page.locator("#error-summary")).to_contain_text("Käytä sijaintiasi tai kirjoita osoite.")
    expect(page.locator("#error-summary")).to_be_focused()
    page.locator("#use-location").click()
    expect(page.locator("#location-status")).to_contain_text("Laitteesi sijainti on tallessa")
    suggestions = page.locator("#nearby-suggestions")
    expect(suggestions).to_contain_text(open_streetlight["title"])
    assert_accessible(page)

    # "Follow this one instead": the request's page, followed.
    suggestions.locator("li", has_text=open_streetlight["title"]).first.get_by_role(
        "button", name=re.compile("^Seuraa tätä ilmoitusta")
    ).click()
    expect(page.locator("#follow-status")).to_have_text("Seuraat nyt tätä ilmoitusta.")
    expect(page.locator("#follow-button")).to_have_text("Lopeta seuraaminen")
    expect(page.locator("#request-timeline li").first).to_be_visible()
    assert_accessible(page)

    # Back to the report, which was kept.
    page.go_back()
    expect_step(page, "Missä se on?")
    expect(page.locator("#location-status")).to_be_visible()
    page.get_by_label("Osoite tai paikan kuvaus").fill("Pitkänsillanranta 3")
    page.locator("#location-submit").click()

    # The category's questions: a required choice and a number.
    expect_step(page, "Kerro lisää")
    page.locator("#questions-submit").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Vastaa kysymykseen: Mikä valossa on vialla?"
    )
    page.get_by_role("radio", name="Vilkkuu").check()
    page.get_by_label("Montako valoa?").fill("2")
    assert_accessible(page)
    page.locator("#questions-submit").click()

    # Headline and description, with the characters left.
    expect_step(page, "Kuvaile asia")
    page.get_by_label("Otsikko").fill(title)
    page.get_by_label("Kuvaus").fill("Valo vilkkuu koko illan.\nPylväs on sillan päässä.")
    expect(page.locator("#description-counter")).to_have_text("3951 merkkiä jäljellä")
    assert_accessible(page)
    page.locator("#description-submit").click()

    # Photos: one uploaded, one that is not an image refused with the server's reason.
    expect_step(page, "Lisää kuvia")
    page.locator("#photo-picker").set_input_files(files=[image_file("valo.png", png())])
    expect(page.locator("#photo-list li")).to_have_count(1)
    expect(page.locator("#photo-list li").first).to_have_attribute("data-state", "uploaded")
    page.locator("#photo-camera").set_input_files(
        files=[image_file("rikki.png", b"no picture here")]
    )
    rejected = page.locator("#error-summary")
    expect(rejected).to_contain_text("rikki.png:")
    expect(rejected.get_by_role("alert")).to_be_visible()
    expect(page.locator("#photo-list li")).to_have_count(1)
    expect(page.locator("#photo-count")).to_have_text("1/5 kuvaa lisätty")
    assert_accessible(page)
    page.locator("#photos-submit").click()

    # Contact details: optional, checked.
    expect_step(page, "Yhteystietosi")
    expect(page.locator("#contact-signed-in")).to_contain_text(CITIZEN.name)
    page.get_by_label("Sähköpostiosoite").fill("ei-osoite")
    page.locator("#contact-submit").click()
    expect(page.locator("#error-summary")).to_contain_text("Sähköpostiosoite on virheellinen.")
    page.get_by_label("Sähköpostiosoite").fill(CITIZEN.email)
    page.get_by_label("Nimeni saa näkyä").check()
    assert_accessible(page)
    page.locator("#contact-submit").click()

    # Review, then send.
    expect_step(page, "Tarkista ja lähetä")
    summary = page.locator("#review-summary")
    for text in ("Katuvalo", "Pitkänsillanranta 3", "Vilkkuu", title, "1 kuva", CITIZEN.email):
        expect(summary).to_contain_text(text)
    assert_accessible(page)
    page.locator("#send-report").click()

    expect_step(page, "Kiitos ilmoituksestasi")
    expect(page.locator("#outbox-status")).to_have_attribute("data-state", "sent")
    expect(page.locator("#request-number")).to_contain_text("vastaanotettu numerolla")
    assert_accessible(page)

    # The request: status, photo, timeline; reporters hear of their own reports anyway.
    page.locator("#view-request-link").click()
    expect_step(page, title)
    expect(page.locator("#request-status")).to_have_text("Vastaanotettu")
    expect(page.locator("#request-photos img")).to_have_count(1)
    expect(page.locator("#request-timeline li")).to_have_count(1)
    expect(page.locator("#request-timeline")).to_contain_text("Ilmoitus vastaanotettu")
    expect(page.locator("#follow-status")).to_contain_text("Tämä on oma ilmoituksesi")
    expect(page.locator("#request-summary")).to_contain_text("Vilkkuu")
    assert_accessible(page)

    # My reports: made and followed, from the header.
    page.locator("#requests-link").click()
    expect_step(page, "Omat ilmoitukset")
    expect(page.locator("#my-request-list")).to_contain_text(title)
    expect(page.locator("#followed-request-list")).to_contain_text(open_streetlight["title"])
    assert_accessible(page)
    page.locator("#my-request-list").get_by_role("link", name=re.compile(title)).click()
    expect_step(page, title)
    expect(page.locator("#request-timeline")).to_contain_text("Ilmoitus vastaanotettu")


# ---------------------------------------------------------------- anonymous, in English


def test_anonymous_report_with_the_address_only_in_english(page: Page) -> None:
    first_line = f"Deep pothole at the crossing {uuid.uuid4().hex[:8]}"
    page.goto("/")
    use_language(page, "en")
    page.locator("#report-link").click()
    expect_step(page, "What would you like to report?")
    page.get_by_label("Search for a topic").fill("asphalt")
    page.locator(".category-option", has_text="Pothole").click()

    # No map, no location: the address is enough.
    expect_step(page, "Where is it?")
    page.get_by_label("Address or description of the place").fill("Hämeentie 33, by the stop")
    assert_accessible(page)
    page.locator("#location-submit").click()

    expect_step(page, "Tell us more")
    page.get_by_role("radio", name="On the road").check()
    page.get_by_label("Estimated width (cm)").fill("40,5")
    page.locator("#questions-submit").click()

    expect_step(page, "Describe it")
    page.get_by_label("Description").fill(f"{first_line}\nCars swerve around it.")
    page.locator("#description-submit").click()

    # Signed out, the upload goes with a percentage (no cookie to leave out).
    expect_step(page, "Add photos")
    page.get_by_label("Take a photo").set_input_files(
        files=[image_file("pothole.png", png(120, 90))]
    )
    expect(page.locator("#photo-list li").first).to_have_attribute("data-state", "uploaded")
    expect(page.locator("#photo-list")).to_contain_text("Uploaded")
    page.locator("#photos-submit").click()

    expect_step(page, "Your contact details")
    expect(page.locator("#contact-signed-out")).to_be_visible()
    page.locator("#contact-submit").click()

    expect_step(page, "Check and send")
    summary = page.locator("#review-summary")
    expect(summary).to_contain_text("Hämeentie 33, by the stop")
    expect(summary).to_contain_text("On the road")
    expect(summary.locator(".summary-list__row", has_text="Location")).to_contain_text("Not given")
    expect(summary).to_contain_text("1 photo")
    page.locator("#send-report").click()

    # Sent: the tracking link, to keep.
    expect_step(page, "Thank you for your report")
    expect(page.locator("#outbox-status")).to_have_attribute("data-state", "sent")
    tracking_url = page.locator("#tracking-url").input_value()
    assert re.search(r"/requests/track/[\w-]{20,}$", tracking_url), tracking_url
    assert_accessible(page)
    page.locator("#tracking-link").click()
    expect_step(page, first_line)
    expect(page.locator("#track-note")).to_be_visible()
    expect(page.locator("#request-status")).to_have_text("Received")
    expect(page.locator("#request-summary")).to_contain_text("40.5")
    expect(page.locator("#request-timeline")).to_contain_text("Report received")
    photo = page.locator("#request-photos img")
    expect(photo).to_have_accessible_name("Photo 1 of 1 of the report")
    assert_accessible(page)

    # Kept on this device, with its link.
    page.locator("#requests-link").click()
    expect_step(page, "My reports")
    entry = page.locator("#device-report-list li", has_text=first_line)
    expect(entry).to_have_attribute("data-state", "sent")
    expect(entry.get_by_role("link", name="Open the tracking page")).to_be_visible()
    expect(page.locator("#my-reports-sign-in")).to_be_visible()
    assert_accessible(page)

    # The backend's trackingUrl itself opens the same page.
    page.goto(urlsplit(tracking_url).path)
    expect(page.get_by_role("heading", level=1)).to_have_text(first_line)
    page.goto("/requests/track/not-a-real-token-at-all-0000")
    expect(page.get_by_role("heading", level=1)).to_have_text("The tracking link is not valid")


# ---------------------------------------------------------------- offline


def test_report_made_offline_is_sent_once_when_the_connection_returns(
    phone: BrowserContext, page: Page, live_server: str
) -> None:
    title = f"Töhryjä offline {uuid.uuid4().hex[:8]}"
    sign_in(page, CITIZEN)
    use_language(page, "fi")
    # The service worker controls the page: the app works without a connection.
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    assert page.evaluate("!!navigator.serviceWorker.controller")
    page.goto("/report")
    expect(page.locator(".category-option").first).to_be_visible()

    phone.set_offline(True)
    page.locator(".category-option[data-code=graffiti]").click()
    expect_step(page, "Missä se on?")
    page.get_by_label("Osoite tai paikan kuvaus").fill("Kaisaniemenpuisto, sillan alla")
    page.locator("#location-submit").click()
    expect_step(page, "Kerro lisää")
    page.get_by_role("radio", name="Ei", exact=True).check()
    page.locator("#questions-submit").click()
    expect_step(page, "Kuvaile asia")
    page.get_by_label("Otsikko").fill(title)
    page.locator("#description-submit").click()
    expect_step(page, "Lisää kuvia")
    page.locator("#photo-camera").set_input_files(files=[image_file("tohry.png", png(80, 60))])
    # Kept on the device, to go with the report.
    expect(page.locator("#photo-list li").first).to_have_attribute("data-state", "waiting")
    page.locator("#photos-submit").click()
    expect_step(page, "Yhteystietosi")
    page.locator("#contact-submit").click()
    expect_step(page, "Tarkista ja lähetä")
    expect(page.locator("#offline-send-note")).to_be_visible()
    page.locator("#send-report").click()

    # Queued, and said so, here and in My reports.
    expect_step(page, "Kiitos ilmoituksestasi")
    status = page.locator("#outbox-status")
    expect(status).to_have_attribute("data-state", "waiting")
    expect(page.locator(".outbox-details")).to_contain_text("Laite on offline-tilassa")
    assert_accessible(page)
    page.locator("#my-reports-link").click()
    expect_step(page, "Omat ilmoitukset")
    entry = page.locator("#device-report-list li", has_text=title)
    expect(entry).to_have_attribute("data-state", "waiting")
    expect(entry.locator("[data-outbox-state]")).to_have_text("Odottaa lähetystä")

    # The connection returns: sent by itself, photo first.
    phone.set_offline(False)
    expect(entry).to_have_attribute("data-state", "sent", timeout=15_000)
    expect(page.locator("#my-request-list")).to_contain_text(title)
    assert_accessible(page)

    with api(live_server, CITIZEN) as client:
        mine = [r for r in gql(client, MINE)["myServiceRequests"] if r["title"] == title]
    assert len(mine) == 1, mine
    assert len(mine[0]["photos"]) == 1
    assert mine[0]["events"] == [{"kind": "CREATED", "status": "RECEIVED"}]


# ---------------------------------------------------------------- nearby


def test_reports_nearby_as_a_list(
    phone: BrowserContext,
    page: Page,
    categories: dict[str, str],
    open_streetlight: dict[str, Any],
) -> None:
    near = open_streetlight["location"]
    phone.grant_permissions(["geolocation"])
    phone.set_geolocation({"latitude": near["lat"], "longitude": near["lon"] + 0.0005})
    page.goto("/")
    use_language(page, "fi")
    page.locator("#nearby-link").click()
    expect_step(page, "Ilmoitukset lähelläsi")
    expect(page.locator("#nearby-needs-location")).to_be_visible()
    assert_accessible(page)

    # All topics first, then one.
    page.locator("#nearby-locate").click()
    listing = page.locator("#nearby-list")
    item = listing.locator("li", has_text=open_streetlight["title"]).first
    expect(item).to_contain_text(re.compile(r"\d+ m päässä"))
    page.get_by_label("Aihe").select_option(categories["streetlight"])
    expect(page).to_have_url(re.compile(r"/requests/nearby\?category="))
    expect(item).to_be_visible()
    for status in listing.locator("li").all():
        expect(status).to_contain_text("Katuvalo")
    assert_accessible(page)
    item.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(open_streetlight["title"])
    expect(page.locator("#follow-sign-in")).to_be_visible()


# ---------------------------------------------------------------- address search, in Swedish


def test_address_search_sets_the_location_by_keyboard_in_swedish(
    page: Page, geocoder: StandInGeocoder
) -> None:
    page.goto("/")
    use_language(page, "sv")
    page.locator("#report-link").click()
    expect_step(page, "Vad vill du anmäla?")
    page.get_by_label("Sök kategori").fill("gatubelysning")
    page.locator(".category-option", has_text="Gatubelysning").click()

    expect_step(page, "Var finns det?")
    address = page.get_by_role("combobox", name=re.compile("Adress eller beskrivning"))
    address.press_sequentially("mannerh 5", delay=20)
    options = page.get_by_role("listbox", name="Adressförslag").get_by_role("option")
    # "mannerh 5" is the start of Mannerheimvägen 5 and 50, not of 13: in the Swedish names.
    expect(options).to_have_text(["Mannerheimvägen 5", "Mannerheimvägen 50"])
    expect(address).to_have_attribute("aria-expanded", "true")
    assert geocoder.asked[-1]["language"] == "sv"
    assert geocoder.asked[-1]["q"] == "mannerh 5"
    assert_accessible(page)

    # Arrow keys move through the options (the input keeps focus), Enter chooses.
    address.press("ArrowDown")
    address.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(address).to_have_attribute("aria-activedescendant", "report-address-suggestions-1")
    address.press("ArrowUp")
    address.press("Enter")
    expect(address).to_have_value("Mannerheimvägen 5")
    expect(address).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#location-status")).to_contain_text(
        "Platsen angavs från adressen Mannerheimvägen 5."
    )

    # Changing the address drops the location looked up from it; Escape closes the list.
    address.press_sequentially("0", delay=20)
    expect(page.locator("#location-status")).to_have_count(0)
    expect(options).to_have_text(["Mannerheimvägen 50"])
    address.press("Escape")
    expect(address).to_have_attribute("aria-expanded", "false")

    # Chosen with a tap this time; the category needs a location, and it has one.
    address.fill("")
    address.press_sequentially("kajsan", delay=20)
    options.filter(has_text="Kajsaniemigatan 2").click()
    expect(address).to_have_value("Kajsaniemigatan 2")
    expect(page.locator("#location-status")).to_contain_text("Kajsaniemigatan 2")
    page.locator("#location-submit").click()
    expect_step(page, "Berätta mer")


def test_text_the_geocoder_does_not_know_is_kept_as_written(
    page: Page, geocoder: StandInGeocoder
) -> None:
    page.goto("/")
    use_language(page, "en")
    page.locator("#report-link").click()
    page.get_by_label("Search for a topic").fill("streetlight")
    page.locator(".category-option", has_text="Streetlight").click()
    expect_step(page, "Where is it?")
    address = page.get_by_role("combobox", name=re.compile("Address or description"))
    address.press_sequentially("by the pond in Kaisaniemi park", delay=10)
    expect(page.locator("#report-address-search-status")).to_have_text(
        "No address found. You can go on with the address or description you typed."
    )
    expect(address).to_have_attribute("aria-expanded", "false")
    expect(address).to_have_value("by the pond in Kaisaniemi park")
    page.locator("#location-submit").click()
    expect_step(page, "Tell us more")
