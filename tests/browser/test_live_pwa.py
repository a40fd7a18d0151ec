"""Live updates in the PWA, in headless Chromium: an open request screen (and an anonymous
tracking page) follows a staff member's status change without being reloaded, says it to screen
readers, and the header's unread count follows the notification centre, all over the app's
GraphQL subscriptions (one WebSocket at /graphql)."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from playwright.sync_api import BrowserContext, Page, ViewportSize, expect

from tests.browser.conftest import PHONE_390
from tests.browser.helpers import use_language
from tests.browser.test_push_pwa import (
    CITIZEN,
    change_status,
    make_request,
    request_path,
    sign_in,
)

pytestmark = pytest.mark.browser

# Set on the page before the change: still there afterwards means the page was not reloaded.
MARK = "window.__notReloaded = true"
NOT_RELOADED = "window.__notReloaded === true"


@pytest.fixture
def viewport() -> ViewportSize:
    return PHONE_390


def sockets(page: Page) -> list[str]:
    opened: list[str] = []
    page.on("websocket", lambda ws: opened.append(ws.url))
    return opened


def test_an_open_request_follows_a_status_change_and_the_badge_counts_it(
    context: BrowserContext, page: Page, live_server: str
) -> None:
    opened = sockets(page)
    sign_in(page, CITIZEN, "fi")
    request = make_request(live_server, f"Liukas katu {uuid.uuid4().hex[:8]}", CITIZEN)
    page.goto(request_path(request))
    expect(page.get_by_role("heading", level=1)).to_have_text(request["title"])
    expect(page.locator("#request-status")).to_contain_text("Vastaanotettu")
    badge = page.locator("#notifications-link")
    before = int(badge.get_attribute("data-unread") or "0")
    page.evaluate(MARK)
    # The screen and the header subscribe once the request is shown.
    page.wait_for_timeout(500)
    assert any(url.endswith("/graphql?lang=fi") for url in opened), opened

    change_status(live_server, request["id"], "IN_HANDLING", "Hiekoitus on tilattu.")

    expect(page.locator("#request-status")).to_contain_text("Käsittelyssä", timeout=5000)
    expect(page.locator("#request-timeline")).to_contain_text("Hiekoitus on tilattu.")
    expect(page.locator("#live-region")).to_contain_text("Tila päivittyi: Käsittelyssä.")
    expect(badge).to_have_attribute("data-unread", str(before + 1), timeout=5000)
    assert page.evaluate(NOT_RELOADED)

    # Resolved while the screen is still open, the second change arrives the same way.
    change_status(live_server, request["id"], "RESOLVED", "Hiekoitettu.")
    expect(page.locator("#request-status")).to_contain_text("Ratkaistu", timeout=5000)
    expect(page.locator("#request-timeline")).to_contain_text("Hiekoitettu.")
    assert page.evaluate(NOT_RELOADED)


def test_an_anonymous_tracking_page_follows_in_swedish(page: Page, live_server: str) -> None:
    request = make_request(live_server, f"Halt underlag {uuid.uuid4().hex[:8]}", None)
    page.goto("/")
    use_language(page, "sv")
    page.goto("/requests/track/" + quote(request["token"], safe=""))
    expect(page.get_by_role("heading", level=1)).to_have_text(request["title"])
    expect(page.locator("#request-status")).to_contain_text("Mottagen")
    page.evaluate(MARK)
    page.wait_for_timeout(500)

    change_status(live_server, request["id"], "IN_HANDLING", "Sandning beställd.")

    expect(page.locator("#request-status")).to_contain_text("Under behandling", timeout=5000)
    expect(page.locator("#request-timeline")).to_contain_text("Sandning beställd.")
    expect(page.locator("#live-region")).to_contain_text("Statusen uppdaterades: Under behandling.")
    assert page.evaluate(NOT_RELOADED)


def test_a_request_hidden_from_the_public_opens_by_the_devices_tracking_link(
    page: Page, live_server: str
) -> None:
    # A push about an anonymous report opens /requests/<id>; rejected, it is public no more.
    request = make_request(live_server, f"Halt underlag {uuid.uuid4().hex[:8]}", None)
    tracking = "/requests/track/" + quote(request["token"], safe="")
    page.goto("/")
    use_language(page, "en")
    page.goto(tracking)
    expect(page.locator("#request-status")).to_contain_text("Received")
    change_status(live_server, request["id"], "REJECTED", "Not the City's street.")

    page.goto(request_path(request))
    expect(page).to_have_url(live_server + tracking)
    expect(page.get_by_role("heading", level=1)).to_have_text(request["title"])
    expect(page.locator("#request-status")).to_contain_text("Rejected")

    # Another device (without the link) is told the request cannot be shown.
    page.evaluate("localStorage.clear()")
    page.goto(request_path(request))
    expect(page.locator("[data-state=not-found]")).to_be_visible()
    expect(page).to_have_url(live_server + request_path(request))
