"""OpenID Connect sign-in against a real provider: `oidc-provider` (npm) run with Node on
127.0.0.1 by a session fixture (tests/oidc_provider/server.mjs says how it is configured).

The app runs in-process over an https ASGI transport (like the `site` fixture); the test's
"browser" is one httpx client that reaches the app through that transport and the provider over
the network, following the provider's own login and logout pages. The app itself talks to the
provider (discovery, JWKS, token endpoint) over the network, as in production.

Failures that only a hostile network or a misbehaving provider can cause (a tampered, expired,
foreign-signed or misaddressed ID token) come from the provider's scenario clients, whose token
responses are altered after the provider has issued them; `asiointi-resigned`, altered in nothing
but re-signed, is accepted, so each refusal is due to its one change.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import selectors
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from strawberry import relay

from backend.accounts.demo import DEMO_USERS
from backend.accounts.models import Session, User
from backend.accounts.oidc import MESSAGES, Code, assurance_of, safe_next
from backend.app import create_app
from backend.i18n import Language
from backend.settings import Settings
from tests.conftest import SITE
from tests.helpers import gql_data

PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
CLIENT_SECRET = "asiointi-test-client-secret"
PASSWORD = "correct horse battery staple"
CALLBACK = f"{SITE}/auth/oidc/callback"
SITE_HOST = "asiointi.test"
ME = "{ me { user { id name email language } } }"


@dataclass(frozen=True)
class Provider:
    issuer: str


def _first_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if selector.select(timeout=0.2):
            return process.stdout.readline().decode()
        if process.poll() is not None:
            return ""
    return ""


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """The provider, started once per test session on a free port of 127.0.0.1."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is needed to run the OpenID Connect provider of the tests.")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(
            "tests/oidc_provider/node_modules is missing: run `make test`, which installs it "
            "(`npm ci --prefix tests/oidc_provider`).",
            pytrace=False,
        )
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    env = {
        **os.environ,
        "REDIRECT_URI": CALLBACK,
        "POST_LOGOUT_REDIRECT_URI": f"{SITE}/",
        "CLIENT_SECRET": CLIENT_SECRET,
        "TEST_PASSWORD": PASSWORD,
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            ["node", "server.mjs"], cwd=PROVIDER_DIR, env=env, stdout=subprocess.PIPE, stderr=log
        )
    try:
        line = _first_line(process, timeout=60)
        if not line:
            pytest.fail(f"the OpenID Connect provider did not start:\n{log_path.read_text()}")
        yield Provider(issuer=json.loads(line)["issuer"])
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def oidc_app(settings: Settings, issuer: str, client_id: str = "asiointi") -> Starlette:
    configured = replace(
        settings,
        oidc_issuer=issuer,
        oidc_client_id=client_id,
        oidc_client_secret=CLIENT_SECRET,
    )
    return create_app(configured, manage_db=False)


@contextlib.asynccontextmanager
async def browser_for(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """One cookie jar for the app (ASGI, https) and the provider (network); writes carry the
    Origin of the URL they go to, as a same-origin form or fetch would."""

    async def same_origin(request: httpx.Request) -> None:
        if request.method not in ("GET", "HEAD") and "origin" not in request.headers:
            request.headers["Origin"] = f"{request.url.scheme}://{request.url.netloc.decode()}"

    async with httpx.AsyncClient(
        mounts={SITE: httpx.ASGITransport(app=app)},
        base_url=SITE,
        event_hooks={"request": [same_origin]},
        timeout=15,
    ) as browser:
        yield browser


@pytest.fixture
async def browser(settings: Settings, oidc_provider: Provider) -> AsyncIterator[httpx.AsyncClient]:
    async with browser_for(oidc_app(settings, oidc_provider.issuer)) as client:
        yield client


def new_login(prefix: str = "person") -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


async def start(
    browser: httpx.AsyncClient, *, next_path: str | None = None, lang: str | None = None
) -> httpx.URL:
    """Our login route; returns the provider URL it sends the browser to."""
    params = {k: v for k, v in {"next": next_path, "lang": lang}.items() if v is not None}
    response = await browser.get("/auth/oidc/login", params=params)
    assert response.status_code == 302, response.text
    return httpx.URL(response.headers["location"])


async def follow_at_provider(
    browser: httpx.AsyncClient, response: httpx.Response
) -> httpx.Response:
    """Follows redirects inside the provider; stops at a page or at the redirect back to us."""
    while response.is_redirect:
        url = response.url.join(response.headers["location"])
        if url.host == SITE_HOST:
            return response
        response = await browser.get(url)
    return response


def back_to_us(response: httpx.Response) -> httpx.URL:
    assert response.is_redirect, (response.status_code, response.text)
    url = response.url.join(response.headers["location"])
    assert url.host == SITE_HOST, url
    return url


def form_action(page: httpx.Response) -> httpx.URL:
    match = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert match, page.text
    return page.url.join(match.group(1))


async def log_in_at_provider(
    browser: httpx.AsyncClient, authorize: httpx.URL, login: str, **profile: str
) -> httpx.URL:
    """Signs in on the provider's login page; returns the callback URL it sends us back to."""
    page = await follow_at_provider(browser, await browser.get(authorize))
    assert page.status_code == 200, page.text
    assert 'name="login"' in page.text, page.text
    form = {"login": login, "password": PASSWORD, **profile}
    return back_to_us(
        await follow_at_provider(browser, await browser.post(form_action(page), data=form))
    )


async def reach_callback(
    browser: httpx.AsyncClient,
    login: str,
    *,
    next_path: str | None = None,
    lang: str | None = None,
    **profile: str,
) -> httpx.URL:
    authorize = await start(browser, next_path=next_path, lang=lang)
    return await log_in_at_provider(browser, authorize, login, **profile)


async def sign_in(browser: httpx.AsyncClient, login: str, **kwargs: Any) -> httpx.Response:
    return await browser.get(await reach_callback(browser, login, **kwargs))


def user_id_of(me: dict[str, Any]) -> str:
    return str(relay.GlobalID.from_id(me["id"]).node_id)


async def sign_in_silently(browser: httpx.AsyncClient) -> httpx.Response:
    """A sign-in while the provider's session lasts: no login page on the way."""
    authorize = await start(browser)
    return await browser.get(
        back_to_us(await follow_at_provider(browser, await browser.get(authorize)))
    )


async def counts() -> tuple[int, int]:
    return await User.all().count(), await Session.all().count()


def claims_of(jwt: str) -> dict[str, Any]:
    payload = jwt.split(".")[1]
    claims: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return claims


def assert_refused(response: httpx.Response, status: int, code: Code, language: Language) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"] == {"code": code, "message": MESSAGES[code][language]}
    assert "asiointi_session=" not in response.headers.get("set-cookie", "")


# The happy path ------------------------------------------------------------------------------


async def test_sign_in_creates_the_person_and_starts_a_session(
    browser: httpx.AsyncClient, oidc_provider: Provider
) -> None:
    login = new_login("aino")
    users, sessions_before = await counts()
    authorize = await start(browser, next_path="/bookings?tab=past", lang="sv")

    assert str(authorize).startswith(f"{oidc_provider.issuer}/auth?")
    query = authorize.params
    assert query["client_id"] == "asiointi"
    assert query["response_type"] == "code"
    assert query["redirect_uri"] == CALLBACK
    assert query["scope"].split() == ["openid", "profile", "email"]
    assert query["ui_locales"] == "sv"
    assert query["code_challenge_method"] == "S256"
    assert len(query["nonce"]) >= 20
    assert len(query["state"]) >= 20
    state_cookie = next(c for c in browser.cookies.jar if c.name == "asiointi_oidc")
    assert (state_cookie.path, state_cookie.secure) == ("/auth/oidc", True)

    page = await follow_at_provider(browser, await browser.get(authorize))
    assert '<html lang="sv">' in page.text  # ui_locales reached the provider
    form = {"login": login, "password": PASSWORD, "name": "Aino Asukas"}
    callback = back_to_us(
        await follow_at_provider(browser, await browser.post(form_action(page), data=form))
    )
    assert callback.path == "/auth/oidc/callback"
    assert callback.params["iss"] == oidc_provider.issuer

    response = await browser.get(callback)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/bookings?tab=past"
    cookie = response.headers["set-cookie"]
    assert "asiointi_session=" in cookie
    assert "secure" in cookie.lower()
    assert "asiointi_oidc" not in browser.cookies  # the flow's state is gone

    me = (await gql_data(browser, ME))["me"]["user"]
    assert (me["name"], me["email"], me["language"]) == ("Aino Asukas", f"{login}@example.fi", "SV")
    user = await User.get(id=user_id_of(me))
    assert (user.oidc_issuer, user.oidc_subject) == (oidc_provider.issuer, f"sub-{login}")
    assert user.login_email is None
    assert user.password_hash is None
    session = await Session.get(user=user)
    assert session.method == oidc_provider.issuer
    hint = claims_of(session.id_token_hint)
    assert (hint["iss"], hint["aud"], hint["sub"]) == (
        oidc_provider.issuer,
        "asiointi",
        f"sub-{login}",
    )
    assert await counts() == (users + 1, sessions_before + 1)


@pytest.mark.parametrize(("prefix", "assurance"), [("strong", "substantial"), ("plain", "low")])
async def test_the_level_of_assurance_comes_from_the_providers_loa_claim(
    browser: httpx.AsyncClient, prefix: str, assurance: str
) -> None:
    response = await sign_in(browser, new_login(prefix))
    assert response.status_code == 303, response.text
    me = (await gql_data(browser, "{ me { stronglyIdentified user { id } } }"))["me"]
    assert me["stronglyIdentified"] is (assurance != "low")
    session = await Session.get(user_id=user_id_of(me["user"]))
    assert session.assurance == assurance


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"loa": "high"}, "high"),
        ({"loa": "substantial", "acr": "password"}, "substantial"),
        ({"loa": "low"}, "low"),
        ({"acr": "http://ftn.ficora.fi/2017/loa2"}, "substantial"),
        ({"acr": "password"}, "low"),
        ({"loa": "anything"}, "low"),
        ({}, "low"),
    ],
)
def test_assurance_of_claims(claims: dict[str, Any], expected: str) -> None:
    assert assurance_of(claims, ("http://ftn.ficora.fi/2017/loa2",)) == expected


async def test_a_second_sign_in_finds_the_same_person_and_updates_the_profile(
    settings: Settings, oidc_provider: Provider
) -> None:
    login = new_login("ville")
    async with browser_for(oidc_app(settings, oidc_provider.issuer)) as first:
        assert (await sign_in(first, login, lang="en")).status_code == 303
        user_id = (await gql_data(first, ME))["me"]["user"]["id"]
    users, _ = await counts()
    async with browser_for(oidc_app(settings, oidc_provider.issuer)) as second:
        response = await sign_in(second, login, lang="fi", name="Ville V", email="v@example.fi")
        assert response.status_code == 303, response.text
        me = (await gql_data(second, ME))["me"]["user"]
    assert me == {"id": user_id, "name": "Ville V", "email": "v@example.fi", "language": "EN"}
    assert (await counts())[0] == users
    assert await User.filter(oidc_subject=f"sub-{login}").count() == 1


async def test_an_email_address_never_links_to_an_existing_person(
    browser: httpx.AsyncClient, oidc_provider: Provider
) -> None:
    email = f"{new_login('local')}@example.fi"
    local = await User.create(name="Local Person", email=email, login_email=email)
    response = await sign_in(browser, new_login("claims"), email=email)
    assert response.status_code == 303, response.text
    me = (await gql_data(browser, ME))["me"]["user"]
    assert user_id_of(me) != str(local.id)
    assert me["email"] == email
    await local.refresh_from_db()
    assert (local.oidc_issuer, local.oidc_subject, local.name) == (None, None, "Local Person")
    assert await Session.filter(user=local).count() == 0


async def test_a_silent_second_sign_in_with_the_providers_session(
    browser: httpx.AsyncClient,
) -> None:
    """Single sign-on: while the provider's session lasts, no login page is shown."""
    assert (await sign_in(browser, new_login())).status_code == 303
    first = user_id_of((await gql_data(browser, ME))["me"]["user"])
    assert (await sign_in_silently(browser)).status_code == 303
    assert user_id_of((await gql_data(browser, ME))["me"]["user"]) == first


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/bookings", "/bookings"),
        ("/requests/1?tab=history#top", "/requests/1?tab=history#top"),
        (None, "/"),
        ("", "/"),
        ("bookings", "/"),
        ("https://evil.test/", "/"),
        ("//evil.test/path", "/"),
        ("/\\evil.test", "/"),
        ("/x\\y", "/"),
        ("javascript:alert(1)", "/"),
        ("/\nSet-Cookie: x", "/"),
        ("/" + "a" * 3000, "/"),
    ],
)
def test_next_must_be_a_path_on_this_site(value: str | None, expected: str) -> None:
    assert safe_next(value) == expected


async def test_a_foreign_next_leads_home(browser: httpx.AsyncClient) -> None:
    response = await sign_in(browser, new_login(), next_path="https://evil.test/phish")
    assert response.status_code == 303
    assert response.headers["location"] == "/"


# Logout ---------------------------------------------------------------------------------------


async def test_logout_ends_our_session_and_the_providers(
    browser: httpx.AsyncClient, oidc_provider: Provider
) -> None:
    assert (await sign_in(browser, new_login(), lang="fi")).status_code == 303
    user_id = user_id_of((await gql_data(browser, ME))["me"]["user"])
    hint = (await Session.get(user_id=user_id)).id_token_hint

    response = await browser.post("/auth/oidc/logout?lang=en", json={})
    assert response.status_code == 200, response.text
    url = httpx.URL(response.json()["redirect"])
    assert str(url).startswith(f"{oidc_provider.issuer}/session/end?")
    assert url.params["id_token_hint"] == hint
    assert url.params["post_logout_redirect_uri"] == f"{SITE}/"
    assert url.params["client_id"] == "asiointi"
    assert url.params["ui_locales"] == "en"
    assert "asiointi_session" not in browser.cookies
    assert not await Session.filter(user_id=user_id).exists()
    assert (await gql_data(browser, ME))["me"] is None

    confirm = await follow_at_provider(browser, await browser.get(url))
    assert confirm.status_code == 200, confirm.text
    assert 'id="op.logoutForm"' in confirm.text, confirm.text
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', confirm.text)
    assert xsrf
    done = await follow_at_provider(
        browser,
        await browser.post(form_action(confirm), data={"xsrf": xsrf.group(1), "logout": "yes"}),
    )
    home = back_to_us(done)
    assert (home.path, home.params["state"] != "") == ("/", True)

    # The provider's session is over too: signing in again asks for the password.
    page = await follow_at_provider(browser, await browser.get(await start(browser)))
    assert page.status_code == 200
    assert 'name="login"' in page.text


async def test_get_logout_only_from_our_own_pages(
    browser: httpx.AsyncClient, oidc_provider: Provider
) -> None:
    assert (await sign_in(browser, new_login())).status_code == 303
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}, {}):
        refused = await browser.get("/auth/oidc/logout", headers=headers)
        assert_refused(refused, 403, "CSRF_REJECTED", Language.FI)
        assert (await gql_data(browser, ME))["me"] is not None  # still signed in
    foreign_referer = await browser.get(
        "/auth/oidc/logout", headers={"Referer": "https://evil.test/"}
    )
    assert foreign_referer.status_code == 403
    assert (await gql_data(browser, ME))["me"] is not None

    response = await browser.get("/auth/oidc/logout", headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"{oidc_provider.issuer}/session/end?")
    assert (await gql_data(browser, ME))["me"] is None

    assert (await sign_in_silently(browser)).status_code == 303  # the provider's session is on
    by_referer = await browser.get("/auth/oidc/logout", headers={"Referer": f"{SITE}/profile"})
    assert by_referer.status_code == 303
    assert (await gql_data(browser, ME))["me"] is None


async def test_logout_of_a_local_session_goes_home(browser: httpx.AsyncClient) -> None:
    citizen = DEMO_USERS[0]
    signed_in = await browser.post(
        "/auth/login", json={"email": citizen.email, "password": citizen.password}
    )
    assert signed_in.status_code == 200
    response = await browser.post("/auth/oidc/logout", json={})
    assert response.json() == {"redirect": "/"}
    assert (await gql_data(browser, ME))["me"] is None


async def test_a_cross_site_post_logout_is_refused(browser: httpx.AsyncClient) -> None:
    assert (await sign_in(browser, new_login())).status_code == 303
    refused = await browser.post(
        "/auth/oidc/logout", json={}, headers={"Origin": "https://evil.test"}
    )
    assert refused.status_code == 403
    assert (await gql_data(browser, ME))["me"] is not None


# Not configured -------------------------------------------------------------------------------


async def test_without_an_issuer_the_routes_do_not_exist(site: httpx.AsyncClient) -> None:
    for method, path in (
        ("GET", "/auth/oidc/login"),
        ("GET", "/auth/oidc/callback?code=x&state=y"),
        ("GET", "/auth/oidc/logout"),
        ("POST", "/auth/oidc/logout"),
    ):
        response = await site.request(method, path, params={"lang": "en"})
        assert_refused(response, 404, "NOT_FOUND", Language.EN)
        assert "set-cookie" not in response.headers


# Refusals: each answers with its status and message, and creates no person and no session ----


async def test_a_tampered_state_is_refused(browser: httpx.AsyncClient) -> None:
    callback = await reach_callback(browser, new_login(), lang="sv")
    before = await counts()
    for params in (
        {**dict(callback.params), "state": callback.params["state"] + "x"},
        {k: v for k, v in callback.params.items() if k != "state"},
    ):
        response = await browser.get(callback.copy_with(params=params))
        # No flow of this browser matches: the language is the browser's (Finnish by default).
        assert_refused(response, 400, "OIDC_BAD_STATE", Language.FI)
        assert await counts() == before
    # The genuine answer still works: the refusals were for the state alone.
    assert (await browser.get(callback)).status_code == 303


async def test_a_replayed_state_is_refused(browser: httpx.AsyncClient) -> None:
    callback = await reach_callback(browser, new_login(), lang="en")
    state_cookie = browser.cookies["asiointi_oidc"]
    assert (await browser.get(callback)).status_code == 303
    before = await counts()

    again = await browser.get(callback, headers={"Accept-Language": "en"})
    assert_refused(again, 400, "OIDC_BAD_STATE", Language.EN)
    assert await counts() == before

    # With the flow's old cookie put back, the provider refuses the used code.
    browser.cookies.set("asiointi_oidc", state_cookie, domain=SITE_HOST, path="/auth/oidc")
    replayed = await browser.get(callback)
    assert_refused(replayed, 401, "OIDC_REFUSED", Language.EN)
    assert await counts() == before


async def test_a_sign_in_cancelled_at_the_provider_is_refused(
    browser: httpx.AsyncClient,
) -> None:
    before = await counts()
    authorize = await start(browser, lang="sv")
    page = await follow_at_provider(browser, await browser.get(authorize))
    cancel = re.search(r'<a href="([^"]+/abort)"', page.text)
    assert cancel, page.text
    callback = back_to_us(
        await follow_at_provider(browser, await browser.get(page.url.join(cancel.group(1))))
    )
    assert callback.params["error"] == "access_denied"
    response = await browser.get(callback)
    assert_refused(response, 401, "OIDC_REFUSED", Language.SV)
    assert response.json()["error"]["message"] == (
        "Inloggningen avbröts eller avvisades av identifieringstjänsten."
    )
    assert await counts() == before
    # That answer used the flow up.
    assert (await browser.get(callback)).status_code == 400


async def test_an_answer_naming_another_issuer_is_refused(browser: httpx.AsyncClient) -> None:
    callback = await reach_callback(browser, new_login(), lang="en")
    before = await counts()
    forged = callback.copy_set_param("iss", "https://impostor.example")
    assert_refused(await browser.get(forged), 401, "OIDC_NOT_VERIFIED", Language.EN)
    assert await counts() == before
    assert (await browser.get(callback)).status_code == 400  # the flow is used up


@pytest.mark.parametrize(
    "client_id",
    [
        "asiointi-expired",
        "asiointi-tampered",
        "asiointi-foreign-key",
        "asiointi-alg-hs256",
        "asiointi-alg-none",
        "asiointi-wrong-audience",
        "asiointi-wrong-issuer",
        "asiointi-bad-nonce",
        "asiointi-malformed",
        "asiointi-no-id-token",
    ],
)
async def test_an_id_token_that_fails_a_check_is_refused(
    settings: Settings, oidc_provider: Provider, client_id: str
) -> None:
    login = new_login()
    before = await counts()
    async with browser_for(oidc_app(settings, oidc_provider.issuer, client_id)) as browser:
        response = await sign_in(browser, login, lang="en")
        assert_refused(response, 401, "OIDC_NOT_VERIFIED", Language.EN)
        assert (await gql_data(browser, ME))["me"] is None
    assert await counts() == before
    assert not await User.filter(oidc_subject__in=[f"sub-{login}", "sub-someone-else"]).exists()


async def test_a_re_signed_but_unchanged_id_token_is_accepted(
    settings: Settings, oidc_provider: Provider
) -> None:
    """The control of the test above: its scenarios differ from this one in one change each."""
    async with browser_for(oidc_app(settings, oidc_provider.issuer, "asiointi-resigned")) as b:
        response = await sign_in(b, new_login())
        assert response.status_code == 303, response.text
        assert (await gql_data(b, ME))["me"] is not None


async def test_a_disabled_person_is_refused(settings: Settings, oidc_provider: Provider) -> None:
    login = new_login()
    async with browser_for(oidc_app(settings, oidc_provider.issuer)) as first:
        assert (await sign_in(first, login)).status_code == 303
    user = await User.get(oidc_subject=f"sub-{login}")
    await User.filter(id=user.id).update(is_active=False)
    before = await counts()
    async with browser_for(oidc_app(settings, oidc_provider.issuer)) as second:
        response = await sign_in(second, login, lang="en", name="Changed Name")
        assert_refused(response, 403, "ACCOUNT_DISABLED", Language.EN)
    assert await counts() == before
    assert (await User.get(id=user.id)).name == user.name


async def test_a_provider_describing_another_issuer_is_refused(
    settings: Settings, oidc_provider: Provider
) -> None:
    """Configured as http://localhost:<port>, the same server says it is http://127.0.0.1:<port>
    in its discovery document: no sign-in starts."""
    elsewhere = oidc_provider.issuer.replace("127.0.0.1", "localhost")
    async with browser_for(oidc_app(settings, elsewhere)) as browser:
        response = await browser.get("/auth/oidc/login?lang=en")
        assert_refused(response, 502, "OIDC_UNAVAILABLE", Language.EN)
        assert "location" not in response.headers


async def test_an_unreachable_provider_is_a_clear_error(settings: Settings) -> None:
    async with browser_for(oidc_app(settings, "http://127.0.0.1:9")) as browser:
        response = await browser.get("/auth/oidc/login", headers={"Accept-Language": "sv"})
        assert_refused(response, 502, "OIDC_UNAVAILABLE", Language.SV)


async def test_browsers_get_a_localized_page(browser: httpx.AsyncClient) -> None:
    response = await browser.get(
        "/auth/oidc/callback?code=x&state=y",
        headers={"Accept": "text/html,*/*", "Accept-Language": "sv"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="sv">' in response.text
    assert MESSAGES["OIDC_BAD_STATE"][Language.SV] in response.text


async def test_the_pwas_plain_sign_out_also_ends_the_providers_session(
    browser: httpx.AsyncClient, oidc_provider: Provider
) -> None:
    assert (await sign_in(browser, new_login(), lang="fi")).status_code == 303
    user_id = user_id_of((await gql_data(browser, ME))["me"]["user"])
    response = await browser.post("/auth/logout", json={})
    assert response.status_code == 200, response.text
    assert response.json()["redirect"].startswith(f"{oidc_provider.issuer}/session/end?")
    assert not await Session.filter(user_id=user_id).exists()
