"""Staff handling of service requests in the PWA (/staff/requests and /staff/requests/:id), end
to end in headless Chromium on a 390 px phone: a handler filters the queue (status, category,
district, age), opens the oldest received request, sets it in handling with a response template
as the public note and an internal note, and sees both in the history, while the public view
(asked through the API, signed out) has the public note only; a duplicate is merged into its
original by number, after the server's refusal (merging a request into itself) is shown in
Finnish and in English; an internal note is added; a citizen is turned away.

The requests are made here (anonymously, in Östersundom, where the demo has none), so that the
tests that count or read the demo's requests meet the same ones as before."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.conftest import PHONE_390
from tests.browser.helpers import api, gql, use_language
from tests.browser.test_booking_pwa import (
    CITIZEN,
    STAFF,
    assert_accessible,
    expect_step,
    sign_in_form,
)

pytestmark = pytest.mark.browser

CATEGORY = "slippery-walkway"
CATEGORY_FI = "Liukas jalkakäytävä"
# Östersundom: east of every demo request (they are west of longitude 25.15).
PLACE = {"lat": 60.2651, "lon": 25.2203}
TITLES = ("Jäinen portaikko (testi A)", "Jäinen portaikko (testi B)")
TEMPLATE_FI = "Kiitos ilmoituksesta. Asia on otettu käsittelyyn."
INTERNAL = "Hiekoitusauto käy aamulla (sisäinen, testi)"
NOTE = "Soitettu urakoitsijalle (sisäinen, testi)"
QUEUE_TITLE = "Ilmoitusten käsittely"


@pytest.fixture(scope="module")
def made(live_server: str) -> list[dict[str, Any]]:
    """Two anonymous reports at the same spot, in this order: the original and its duplicate."""
    found: list[dict[str, Any]] = []
    with api(live_server) as client:
        categories = gql(client, "{ serviceRequestCategories { id serviceCode } }")
        category = next(
            c["id"] for c in categories["serviceRequestCategories"] if c["serviceCode"] == CATEGORY
        )
        for n, title in enumerate(TITLES):
            payload = gql(
                client,
                "mutation($i: CreateServiceRequestInput!) { createServiceRequest(input: $i) "
                "{ serviceRequest { id number } errors { code message } } }",
                {
                    "i": {
                        "clientId": str(uuid.uuid4()),
                        "categoryId": category,
                        "title": title,
                        "description": "Portaat ovat jäässä koko matkalta.",
                        "location": PLACE,
                        "contact": {"name": f"Testi Ilmoittaja {n + 1}", "email": "t@example.fi"},
                    }
                },
            )["createServiceRequest"]
            assert payload["errors"] == [], payload
            found.append(payload["serviceRequest"])
    return found


@pytest.fixture
def viewport() -> ViewportSize:
    return PHONE_390


def request_path(request: dict[str, Any]) -> str:
    """The address of a request's staff screen (a global id may hold "/" or "+")."""
    return f"/staff/requests/{quote(request['id'], safe='')}"


def sign_in_as_staff(page: Page, next_path: str = "/staff") -> None:
    page.goto(f"/sign-in?next={quote(next_path, safe='')}")
    sign_in_form(page, STAFF)
    use_language(page, "fi")


def test_filter_open_and_set_in_handling_with_a_template_and_an_internal_note(
    page: Page, live_server: str, made: list[dict[str, Any]]
) -> None:
    original = made[0]
    sign_in_as_staff(page)
    page.locator("#staff-requests-link").click()
    expect_step(page, QUEUE_TITLE)

    # Filter: received only, the category, Östersundom, reported today.
    filters = page.locator("#queue-filters")
    filters.get_by_label("Käsittelyssä").uncheck()
    expect(filters.get_by_label("Vastaanotettu")).to_be_checked()
    filters.get_by_label("Aihe").select_option(label=CATEGORY_FI)
    filters.get_by_label("Alue").select_option(label="Östersundomin suurpiiri")
    filters.get_by_label("Ikä").select_option(label="Alle vuorokausi")
    page.get_by_role("button", name="Näytä ilmoitukset").click()
    expect(page).to_have_url(re.compile(r"status=RECEIVED&category=.+&area=ostersundom&age=day"))
    rows = page.locator("#request-queue > li")
    expect(rows.first).to_have_attribute("data-number", str(original["number"]))
    expect(rows.nth(1)).to_have_attribute("data-number", str(made[1]["number"]))
    first = rows.first
    expect(first.get_by_role("link")).to_have_text(f"#{original['number']} {TITLES[0]}")
    expect(first).to_contain_text(f"{CATEGORY_FI} · alle vuorokausi")
    expect(first).to_contain_text("Vastaanotettu Ei kohdennettu")
    expect(page.locator("#queue-heading")).to_contain_text(re.compile(r"\(\d+\)"))
    assert_accessible(page)

    # The oldest received one: its details and contact details.
    first.get_by_role("link").click()
    expect_step(page, f"Ilmoitus {original['number']}: {TITLES[0]}")
    expect(page.locator("#request-status")).to_have_text("Vastaanotettu")
    expect(page.locator("#request-contact")).to_contain_text("Testi Ilmoittaja 1")
    expect(page.locator("#request-contact")).to_contain_text("t@example.fi")
    expect(page.locator("#timeline > li")).to_have_count(1)

    # Only the changes the workflow allows from "received" (a duplicate has its own form).
    page.locator("#status-action summary").click()
    choices = page.locator("#status-choice label")
    expect(choices).to_have_text(["Käsittelyssä", "Hylätty"])
    page.locator("#status-choice").get_by_label("Käsittelyssä").check()
    page.get_by_role("button", name="Lisää viestiin: Otettu käsittelyyn").click()
    public = page.locator("#status-public-note")
    expect(public).to_have_value(TEMPLATE_FI)
    expect(public).to_be_focused()
    page.locator("#status-internal-note").fill(INTERNAL)
    assert_accessible(page)
    page.locator("#status-submit").click()

    expect(page.locator("#action-status")).to_have_text("Tila on muutettu: Käsittelyssä.")
    expect(page.locator("#actions-heading")).to_be_focused()
    expect(page.locator("#request-status")).to_have_text("Käsittelyssä")
    last = page.locator("#timeline > li").last
    expect(last).to_contain_text("Tila: Käsittelyssä")
    expect(last).to_contain_text("Ville Virkailija")
    expect(last.locator(".timeline__note--public")).to_contain_text(TEMPLATE_FI)
    expect(last.locator(".timeline__note--internal")).to_contain_text(INTERNAL)
    # From "in handling" on, other choices (the form stays open, emptied).
    expect(page.locator("#status-public-note")).to_have_value("")
    expect(page.locator("#status-choice label")).to_have_text(
        ["Ratkaistu", "Suljettu ilman toimenpiteitä", "Hylätty"]
    )
    assert_accessible(page)

    # The public view: the public note, never the internal one.
    with api(live_server) as client:
        found = gql(
            client,
            "query($id: ID!) { serviceRequest(id: $id) "
            "{ status contactEmail events { kind status publicNote internalNote actorName } } }",
            {"id": original["id"]},
        )["serviceRequest"]
        open311 = client.get(
            f"/open311/v2/requests/{original['number']}.json", params={"extensions": "true"}
        )
    assert found["status"] == "IN_HANDLING"
    assert found["contactEmail"] is None
    assert TEMPLATE_FI in [e["publicNote"] for e in found["events"]]
    assert all(e["internalNote"] is None and e["actorName"] is None for e in found["events"])
    assert INTERNAL not in json.dumps(found, ensure_ascii=False)
    assert open311.status_code == 200
    assert TEMPLATE_FI in open311.text
    assert INTERNAL not in open311.text


def test_mark_a_duplicate_by_number_after_a_refusal_in_finnish_and_english(
    page: Page, made: list[dict[str, Any]]
) -> None:
    original, duplicate = made
    sign_in_as_staff(page, request_path(duplicate))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Ilmoitus {duplicate['number']}: {TITLES[1]}"
    )

    # The original is offered among the requests of the same category nearby.
    page.locator("#duplicate-action summary").click()
    candidates = page.locator("#duplicate-candidates")
    expect(candidates.locator(f"[data-number='{original['number']}']")).to_be_visible()

    # Merging a request into itself: the server's refusal, in Finnish, then in English.
    field = page.locator("#duplicate-original")
    field.fill(str(duplicate["number"]))
    page.locator("#duplicate-submit").click()
    alert = page.locator("#duplicate-form-alert")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("Ilmoitusta ei voi yhdistää itseensä.")
    expect(alert).to_be_focused()

    use_language(page, "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Request {duplicate['number']}: {TITLES[1]}"
    )
    expect(page.locator("#request-status")).to_have_text("Received")
    page.get_by_role("button", name="Mark as a duplicate").click()
    expect(alert).to_contain_text("A request cannot be merged into itself.")
    assert_accessible(page)

    # By the original's number: merged.
    field.fill(f"#{original['number']}")
    page.get_by_role("button", name="Mark as a duplicate").click()
    expect(page.locator("#action-status")).to_have_text(
        "The request has been marked a duplicate and merged into its original."
    )
    expect(page.locator("#request-status")).to_have_text("Duplicate")
    expect(page.locator("#timeline > li").last).to_contain_text("Marked a duplicate")
    assert_accessible(page)

    # An internal note, back in Finnish.
    use_language(page, "fi")
    page.locator("#note-action summary").click()
    page.get_by_label("Sisäinen muistiinpano", exact=True).fill(NOTE)
    page.get_by_role("button", name="Lisää muistiinpano").click()
    expect(page.locator("#action-status")).to_have_text("Muistiinpano on lisätty.")
    last = page.locator("#timeline > li").last
    expect(last).to_contain_text("Muistiinpano")
    expect(last.locator(".timeline__note--internal")).to_contain_text(NOTE)

    # The original, one link away, tells of the merge.
    page.locator("#original-link").click()
    expect_step(page, f"Ilmoitus {original['number']}: {TITLES[0]}")
    expect(page.locator("#timeline > li").last).to_contain_text(
        "Päällekkäinen ilmoitus yhdistetty tähän"
    )


def test_citizens_are_turned_away(page: Page, made: list[dict[str, Any]]) -> None:
    page.goto("/sign-in?next=%2Fstaff%2Frequests")
    sign_in_form(page, CITIZEN)
    use_language(page, "fi")
    expect(page.locator("[data-state=forbidden]")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ei käyttöoikeutta")
    expect(page.locator("#request-queue")).to_have_count(0)
    page.goto(request_path(made[0]))
    expect(page.locator("[data-state=forbidden]")).to_be_visible()
    expect(page.locator("#request-contact")).to_have_count(0)
    expect(page.locator("#request-actions")).to_have_count(0)
