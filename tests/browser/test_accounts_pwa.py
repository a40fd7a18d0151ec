"""Accounts in the PWA, end to end in headless Chromium at 360 px: sign-in and sign-out, the
profile (language preference, download my data, delete account), staff tools, and that personal
answers never reach the service worker's cache."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from backend.accounts.demo import DEMO_USERS, DemoUser
from tests.browser.conftest import PHONE, ROOT, axe_violations, serving

pytestmark = pytest.mark.browser

CITIZEN, STAFF, ADMIN = DEMO_USERS


def assert_fits_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at 360 px ({width} px wide)"


def fill_sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label(re.compile("^(Sähköpostiosoite|E-postadress|E-mail address)$")).fill(email)
    page.get_by_label(re.compile("^(Salasana|Lösenord|Password)$")).fill(password)
    page.locator("#sign-in-submit").click()


def sign_in(page: Page, user: DemoUser, path: str = "/sign-in") -> None:
    """Sign in through the form and wait until the header shows the person."""
    page.goto(path)
    expect(page.locator("#sign-in-form")).to_be_visible()
    fill_sign_in(page, user.email, user.password)
    expect(page.locator("#profile-link")).to_contain_text(user.name)


def use_finnish(page: Page) -> None:
    """The UI in Finnish, whatever a signed-in person's saved preference switched it to."""
    page.locator(".lang-switcher button[lang=fi]").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")


def api_sign_in(client: httpx.Client, user: DemoUser) -> None:
    response = client.post("/auth/login", json={"email": user.email, "password": user.password})
    assert response.status_code == 200, response.text


def set_saved_language(base: str, user: DemoUser, language: str) -> None:
    """Put a person's saved language back (the demo people are shared with other tests)."""
    with httpx.Client(base_url=base, headers={"Origin": base}, timeout=10) as client:
        api_sign_in(client, user)
        response = client.post(
            "/graphql",
            json={
                "query": "mutation($l: Language!) { updateMyProfile(input: {language: $l}) "
                "{ errors { code } } }",
                "variables": {"l": language},
            },
        )
        assert response.json()["data"]["updateMyProfile"]["errors"] == [], response.text
        client.post("/auth/logout", json={})


@pytest.fixture
def citizen_language_restored(live_server: str) -> Iterator[None]:
    yield
    set_saved_language(live_server, CITIZEN, CITIZEN.language.upper())


def test_sign_in_error_then_profile_language_download_and_sign_out(
    page: Page, live_server: str, citizen_language_restored: None
) -> None:
    page.goto("/")
    expect(page.locator("#category-list > li").first).to_be_visible()
    expect(page.locator("#staff-link")).to_have_count(0)
    page.locator("#sign-in-link").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu sisään")
    expect(page.locator("#sign-in-email")).to_have_attribute("autocomplete", "username")
    expect(page.locator("#sign-in-password")).to_have_attribute("autocomplete", "current-password")

    # Empty form: errors per field, linked from the summary, which gets focus.
    page.locator("#sign-in-submit").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#sign-in-email")).to_have_attribute("aria-invalid", "true")
    page.locator("#error-summary a").first.click()
    expect(page.locator("#sign-in-email")).to_be_focused()

    # A wrong password: the server's message, in the UI language, announced and focused.
    fill_sign_in(page, CITIZEN.email, "not-the-password")
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Sähköposti tai salasana on väärä.")
    expect(summary.locator("[role=alert]")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#sign-in-password")).to_have_value("")
    assert_fits_phone(page)
    assert axe_violations(page) == []

    fill_sign_in(page, CITIZEN.email, CITIZEN.password)
    expect(page).to_have_url(re.compile(r"/profile$"))
    expect(page.locator("#profile-link")).to_contain_text(CITIZEN.name)
    expect(page.locator("#sign-in-link")).to_have_count(0)
    expect(page.locator("#staff-link")).to_have_count(0)
    expect(page.locator("#flash-notice")).to_contain_text(CITIZEN.name)
    use_finnish(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Oma profiili")
    expect(page.locator("#account-details")).to_contain_text(CITIZEN.email)
    expect(page.get_by_label("Nimi", exact=True)).to_have_value(CITIZEN.name)
    assert_fits_phone(page)
    assert axe_violations(page) == []

    # Language preference: saved, and the UI follows it.
    page.get_by_role("radio", name="Svenska").check()
    page.locator("#profile-save").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#profile-status")).to_contain_text("Uppgifterna har sparats.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min profil")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("radio", name="Svenska")).to_be_checked()
    saved = page.evaluate(
        """async () => (await (await fetch('/graphql', {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({query: '{ me { user { language } } }'})})).json())"""
    )
    assert saved["data"]["me"]["user"]["language"] == "SV"

    # Download my data: a JSON file of the GDPR tree.
    with page.expect_download() as info:
        page.locator("#download-my-data").click()
    download = info.value
    assert download.suggested_filename == "asiointi-my-data.json"
    path = download.path()
    assert path is not None
    content: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    assert content["key"] == "ASIOINTI"
    assert CITIZEN.email in json.dumps(content)
    expect(page.locator("#my-data-status")).to_contain_text("asiointi-my-data.json")

    page.get_by_role("radio", name="Suomi").check()
    page.locator("#profile-save").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.locator("#profile-status")).to_contain_text("Tiedot on tallennettu.")

    # Sign out: home, the header says Sign in again, without a reload.
    page.locator("#sign-out-button").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#sign-in-link")).to_be_visible()
    expect(page.locator("#profile-link")).to_have_count(0)
    expect(page.locator("#flash-notice")).to_contain_text("Olet kirjautunut ulos.")
    expect(page.locator("#page-heading")).to_be_focused()

    # Signed out, the profile sends to the sign-in screen, and back after signing in.
    page.goto("/profile")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Fprofile$"))
    fill_sign_in(page, CITIZEN.email, CITIZEN.password)
    expect(page).to_have_url(re.compile(r"/profile$"))


def test_next_is_limited_to_this_site(page: Page) -> None:
    sign_in(page, CITIZEN, "/sign-in?next=//evil.example/x")
    expect(page).to_have_url(re.compile(r"/profile$"))
    page.locator("#sign-out-button").click()
    expect(page.locator("#sign-in-link")).to_be_visible()
    sign_in(page, CITIZEN, "/sign-in?next=%2Fsearch%3Fq%3Dkirjasto")
    expect(page).to_have_url(re.compile(r"/search\?q=kirjasto$"))


def test_delete_account_asks_first_and_can_be_cancelled(page: Page) -> None:
    sign_in(page, CITIZEN)
    use_finnish(page)
    page.locator("#delete-account-button").click()
    confirm = page.locator("#delete-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Poistetaanko tilisi pysyvästi?")
    expect(page.locator("#delete-confirm-title")).to_be_focused()
    assert_fits_phone(page)
    assert axe_violations(page) == []
    page.locator("#delete-cancel-button").click()
    expect(confirm).to_have_count(0)
    expect(page.locator("#delete-account-button")).to_be_focused()
    # Still there.
    page.reload()
    expect(page.locator("#profile-link")).to_contain_text(CITIZEN.name)


def test_the_last_admin_is_told_why_the_account_cannot_be_deleted(page: Page) -> None:
    sign_in(page, ADMIN, "/sign-in?next=/profile")
    use_finnish(page)
    page.locator("#delete-account-button").click()
    blocked = page.locator("#delete-blocked")
    expect(blocked).to_contain_text("Viimeistä ylläpitäjää ei voi poistaa.")
    expect(page.locator("#delete-blocked")).to_be_focused()
    expect(page.locator("#delete-confirm")).to_have_count(0)
    assert axe_violations(page) == []


def test_staff_member_sees_staff_tools_with_roles(page: Page) -> None:
    sign_in(page, STAFF)
    use_finnish(page)
    staff_link = page.locator("#staff-link")
    expect(staff_link).to_have_text("Henkilökunnan työkalut")
    staff_link.click()
    expect(page).to_have_url(re.compile(r"/staff$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Henkilökunnan työkalut")
    roles = page.locator("#staff-roles")
    expect(roles).to_contain_text("Käsittelijä")
    expect(roles).to_contain_text("Toimipiste")
    expect(roles.get_by_role("link", name="Kallion kirjasto")).to_be_visible()
    expect(staff_link).to_have_attribute("aria-current", "page")
    # Not an administrator: no audit log or user list.
    expect(page.locator("#audit-log")).to_have_count(0)
    expect(page.locator("#users")).to_have_count(0)
    assert_fits_phone(page)
    assert axe_violations(page) == []


def test_admin_sees_audit_log_and_users(page: Page) -> None:
    sign_in(page, ADMIN)
    use_finnish(page)
    page.locator("#staff-link").click()
    expect(page.locator("#staff-roles")).to_contain_text("Ylläpitäjä")
    expect(page.locator("#staff-roles")).to_contain_text("Koko kaupunki")
    audit = page.locator("#audit-log")
    expect(audit.get_by_role("heading", name=re.compile("Tapahtumaloki"))).to_be_visible()
    expect(audit.locator("table, [data-state=empty]").first).to_be_visible()
    users = page.locator("#user-list")
    expect(users).to_contain_text(CITIZEN.name)
    expect(users).to_contain_text(STAFF.name)
    page.get_by_label("Hae nimellä tai sähköpostiosoitteella").fill("virkailija")
    page.locator("#users form button[type=submit]").click()
    expect(users.locator("li")).to_have_count(1)
    expect(users).to_contain_text(STAFF.name)
    expect(users).to_contain_text("Käsittelijä")
    assert_fits_phone(page)
    assert axe_violations(page) == []


def test_citizen_is_politely_refused_on_the_staff_page(page: Page) -> None:
    sign_in(page, CITIZEN)
    use_finnish(page)
    page.goto("/staff")
    refusal = page.locator("[data-state=forbidden]")
    expect(refusal).to_be_visible()
    expect(refusal.get_by_role("heading", level=1)).to_have_text("Ei käyttöoikeutta")
    expect(page.locator("#staff-link")).to_have_count(0)
    assert axe_violations(page) == []


def test_staff_page_signed_out_goes_to_sign_in(page: Page) -> None:
    page.goto("/staff")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Fstaff$"))
    fill_sign_in(page, STAFF.email, STAFF.password)
    expect(page).to_have_url(re.compile(r"/staff$"))
    expect(page.locator("#staff-roles")).to_be_visible()


def test_helsinki_profile_button_and_logout_redirect(context: BrowserContext, page: Page) -> None:
    """With OpenID Connect configured (faked here: the backend has no issuer in tests), the
    sign-in screen offers Helsinki profile, and a sign-out answer's `redirect` is followed."""
    context.route(
        re.compile(r"/graphql\?.*operationName=SignInOptions"),
        lambda route: route.fulfill(
            json={"data": {"signInOptions": {"local": True, "oidc": True}}}
        ),
    )
    page.goto("/sign-in?next=%2Fstaff")
    button = page.get_by_role("link", name="Kirjaudu Helsinki-profiililla")
    expect(button).to_have_attribute("href", "/auth/oidc/login?next=%2Fstaff&lang=fi")
    assert axe_violations(page) == []

    sign_in(page, CITIZEN)
    use_finnish(page)
    context.route(
        "**/auth/logout*",
        lambda route: route.fulfill(json={"ok": True, "redirect": "/?signed-out-at=idp"}),
    )
    page.goto("/profile")
    page.locator("#sign-out-button").click()
    expect(page).to_have_url(re.compile(r"/\?signed-out-at=idp$"))


SAVED_GRAPHQL_URLS = """async () => {
    const urls = [];
    for (const name of await caches.keys()) {
        if (!name.startsWith('asiointi-data-')) continue;
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(request.url);
    }
    return urls;
}"""


def test_personal_answers_are_never_cached_nor_shown_offline(
    context: BrowserContext, page: Page
) -> None:
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # the service worker now controls the page
    assert page.evaluate("!!navigator.serviceWorker.controller")
    expect(page.locator("#category-list > li").first).to_be_visible()
    before = page.evaluate(SAVED_GRAPHQL_URLS)
    assert any("HomeCategories" in url for url in before), before

    sign_in(page, CITIZEN)
    # Signing in cleared the saved answers (nothing read as one person is kept for the next).
    assert not any("HomeCategories" in url for url in page.evaluate(SAVED_GRAPHQL_URLS))
    # Even a GET of a personal operation passes the cache by.
    status = page.evaluate(
        """async () => (await fetch('/graphql?' + new URLSearchParams({
            query: 'query Me { me { user { name } } }', operationName: 'Me'}))).status"""
    )
    assert status == 200
    page.goto("/search?q=kirjasto")
    expect(page.locator("#unit-results li").first).to_be_visible()
    page.goto("/profile")
    expect(page.locator("#download-my-data")).to_be_visible()
    saved = page.evaluate(SAVED_GRAPHQL_URLS)
    assert any("SearchUnits" in url for url in saved), "catalogue answers are saved while signed in"
    personal = re.compile(r"operationName=(Me|MyData|AuditLog|Users)\b|[^a-z]me%7B|[^a-z]me\+%7B")
    assert not [url for url in saved if personal.search(url)], saved

    page.locator("#sign-out-button").click()
    expect(page.locator("#sign-in-link")).to_be_visible()
    # Signing out cleared them too (home saves its own answer again right after).
    assert not any("SearchUnits" in url for url in page.evaluate(SAVED_GRAPHQL_URLS))

    # Offline, the next person on this device does not see who was signed in.
    page.goto("/")
    expect(page.locator("#category-list > li").first).to_be_visible()
    context.set_offline(True)
    try:
        page.reload()
        expect(page.locator("#category-list > li").first).to_be_visible()
        expect(page.locator("#profile-link")).to_have_count(0)
        assert CITIZEN.name not in page.locator("header").inner_text()
    finally:
        context.set_offline(False)


# Deleting an account for real needs a person no other test uses: a server of its own, with one
# throwaway local account made straight in its database (no command or API creates one).

THROWAWAY_EMAIL = "throwaway@example.fi"
THROWAWAY_PASSWORD = "kertakäyttö-2026-salasana"
CREATE_THROWAWAY = f"""
import asyncio
from backend import db
from backend.accounts.models import User
from backend.accounts.passwords import hash_password

async def main():
    await db.init_db({{url!r}})
    try:
        await User.create(login_email={THROWAWAY_EMAIL!r}, email={THROWAWAY_EMAIL!r},
                          name="Kerta Käyttäjä", language="fi",
                          password_hash=hash_password({THROWAWAY_PASSWORD!r}))
    finally:
        await db.close_db()

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def throwaway_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = tmp_path_factory.mktemp("throwaway") / "asiointi.sqlite3"
    url = f"sqlite://{database}"
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "DEBUG": "false"}
    for args in (["-m", "backend", "migrate"], ["-c", CREATE_THROWAWAY.format(url=url)]):
        subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True)
    with serving(env) as base:
        yield base


def test_delete_account_for_real(context: BrowserContext, throwaway_server: str) -> None:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(throwaway_server + "/sign-in?next=/profile")
    fill_sign_in(page, THROWAWAY_EMAIL, THROWAWAY_PASSWORD)
    expect(page.locator("#profile-link")).to_contain_text("Kerta Käyttäjä")
    page.locator("#delete-account-button").click()
    page.locator("#delete-confirm-button").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#flash-notice")).to_contain_text("Tilisi ja kaikki tietosi on poistettu.")
    expect(page.locator("#sign-in-link")).to_be_visible()
    # Gone: signing in again is refused.
    page.goto(throwaway_server + "/sign-in")
    fill_sign_in(page, THROWAWAY_EMAIL, THROWAWAY_PASSWORD)
    expect(page.locator("#error-summary")).to_contain_text("Sähköposti tai salasana on väärä.")
    assert not errors, errors


def test_too_many_attempts_are_throttled_with_the_wait(
    context: BrowserContext, throwaway_server: str
) -> None:
    page = context.new_page()
    page.goto(throwaway_server + "/sign-in")
    summary = page.locator("#error-summary")
    for _ in range(5):
        fill_sign_in(page, "nobody@example.fi", "wrong password")
        expect(summary).to_contain_text("Sähköposti tai salasana on väärä.")
        expect(page.locator("#sign-in-submit")).not_to_have_attribute("aria-disabled", "true")
    fill_sign_in(page, "nobody@example.fi", "wrong password")
    expect(summary).to_contain_text(
        re.compile(r"Liian monta yritystä\. Yritä uudelleen \d+ sekunnin")
    )
    expect(page.locator("#error-summary")).to_be_focused()
