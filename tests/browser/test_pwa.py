"""The PWA end to end in headless Chromium at 360 px: screens, languages, install, offline, a11y."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

KALLIO = {"fi": "Kallion kirjasto", "sv": "Berghälls bibliotek", "en": "Kallio Library"}


def open_unit_from_search(page: Page, text: str, unit_name: str) -> None:
    page.get_by_label(re.compile("Hae|Sök|Search")).first.fill(text)
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/search\?q="))
    page.locator("#unit-results").get_by_role("link", name=unit_name).click()
    expect(page).to_have_url(re.compile(r"/units/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(unit_name)


def assert_fits_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px wide)"


def test_home_lists_categories_and_passes_axe(page: Page) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#category-list > li").first).to_be_visible()
    assert page.locator("#category-list > li").count() >= 8
    assert page.locator("#category-list a[href^='/services/']").count() >= 20
    assert_fits_phone(page)
    assert axe_violations(page) == []


def test_language_switch_sets_lang_and_is_remembered(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#category-list > li").first).to_be_visible()
    for code, label, heading_word in [
        ("sv", "Svenska", "Bibliotek"),
        ("en", "English", "Libraries"),
    ]:
        page.get_by_role("button", name=label).click()
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(page.get_by_role("button", name=label)).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#category-list")).to_contain_text(heading_word)
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#category-list")).to_contain_text("Libraries")
    page.get_by_role("button", name="Suomi").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")


def test_search_then_unit_page(page: Page) -> None:
    page.goto("/")
    open_unit_from_search(page, "kallio", KALLIO["fi"])
    expect(page.locator("#address")).to_contain_text("Viides linja 11")
    expect(page.locator("#address")).to_contain_text("00530")
    expect(page.locator("#map-link")).to_have_attribute("href", re.compile("openstreetmap"))
    expect(page.locator("#hours-week tbody tr")).to_have_count(7)
    expect(page.locator("#unit-services li").first).to_be_visible()
    expect(page.locator("#contact a[href^='tel:']")).to_be_visible()
    # Focus moves to the new screen's heading, for screen readers and keyboards.
    assert page.evaluate("document.activeElement.id") == "page-heading"
    assert_fits_phone(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Svenska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(KALLIO["sv"])
    expect(page.locator("#address")).to_contain_text("Femte linjen 11")


def test_search_results_and_no_results_pass_axe(page: Page) -> None:
    page.goto("/search?q=kirjasto")
    expect(page.locator("#unit-results li").first).to_be_visible()
    assert page.locator("#unit-results li").count() >= 5
    assert_fits_phone(page)
    assert axe_violations(page) == []
    page.goto("/search?q=zzqx-no-such-thing")
    expect(page.locator("[data-state=empty]").first).to_be_visible()
    assert axe_violations(page) == []


def test_service_page_nearest_first(context: BrowserContext, page: Page) -> None:
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 60.2100, "longitude": 25.0800})  # Itäkeskus
    page.goto("/")
    page.locator("#category-list a[href^='/services/']").first.click()
    expect(page).to_have_url(re.compile(r"/services/"))
    expect(page.locator("#service-units li").first).to_be_visible()
    assert axe_violations(page) == []
    page.locator("#sort-units").click()
    expect(page.locator("#service-units .result-list__distance").first).to_be_visible()
    distances = page.locator("#service-units .result-list__distance").all_inner_texts()
    assert len(distances) == page.locator("#service-units li").count()
    values = [parse_distance(text) for text in distances]
    assert values == sorted(values), distances
    assert_fits_phone(page)
    assert axe_violations(page) == []


def parse_distance(text: str) -> float:
    number = re.search(r"(\d+(?:[.,\s]\d+)*)\s*(k?m)", text.replace("\u00a0", " "))
    assert number, text
    value = float(number.group(1).replace(" ", "").replace(",", "."))
    return value * 1000 if number.group(2) == "km" else value


def test_unknown_page_says_not_found(page: Page) -> None:
    page.goto("/no/such/page")
    expect(page.locator("[data-state=not-found]")).to_be_visible()
    assert axe_violations(page) == []


def test_installable(page: Page) -> None:
    page.goto("/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    assert href
    manifest: dict[str, Any] = page.evaluate("async (href) => (await fetch(href)).json()", href)
    assert manifest["name"]
    assert manifest["short_name"]
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "fi"
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", manifest["theme_color"])
    icons = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons
    for icon in manifest["icons"]:
        status = page.evaluate("async (src) => (await fetch(src)).status", icon["src"])
        assert status == 200, icon
    # `ready` resolves once a worker is active, which may still be "activating".
    state = page.evaluate("""async () => {
        const worker = (await navigator.serviceWorker.ready).active;
        if (worker.state !== 'activated') {
            await new Promise((done) => worker.addEventListener('statechange', () => {
                if (worker.state === 'activated') done();
            }));
        }
        return worker.state;
    }""")
    assert state == "activated"


def test_offline_reload_of_a_visited_page(context: BrowserContext, page: Page) -> None:
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now the service worker controls the page and sees its requests
    assert page.evaluate("!!navigator.serviceWorker.controller")
    open_unit_from_search(page, "kallio", KALLIO["fi"])
    expect(page.locator("#hours-week")).to_be_visible()
    unit_url = page.url
    context.set_offline(True)
    try:
        page.goto(unit_url)
        expect(page.get_by_role("heading", level=1)).to_have_text(KALLIO["fi"])
        expect(page.locator("#address")).to_contain_text("Viides linja 11")
        expect(page.locator("#offline-notice")).to_contain_text("offline")
        assert axe_violations(page) == []
        # A page never visited cannot be shown, and says so instead of breaking.
        page.goto("/search?q=never-visited-offline")
        expect(page.locator("[data-state=error]").first).to_be_visible()
    finally:
        context.set_offline(False)


def test_app_starts_offline_from_the_cached_shell(context: BrowserContext, page: Page) -> None:
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    expect(page.locator("#category-list > li").first).to_be_visible()
    context.set_offline(True)
    try:
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("#category-list > li").first).to_be_visible()
        expect(page.locator("#offline-notice")).to_contain_text("offline")
    finally:
        context.set_offline(False)


def test_keyboard_skip_link_reaches_main(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#category-list > li").first).to_be_visible()
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
