"""Web push end to end in headless Chromium, without the internet (TESTING.md, "Web push end to
end"): the PWA's own button flow subscribes and registers a subscription whose endpoint is a
push receiver run by this test; staff change the request's status; the server sends with
pywebpush; the receiver checks the VAPID header (RFC 8292), TTL, Urgency and Topic and decrypts
the message (RFC 8291); the decrypted message goes to the real service worker through the
DevTools protocol; the notification it shows is in the citizen's language, and clicking it
opens the request. Also: the notification centre and the header's unread badge, the push
settings, sign-out unregistering the device, the iPhone explanation, blocked notifications,
accessibility and a 360 px phone.

The browser's push service cannot be reached here, so an init script stands in for it:
`PushManager.prototype.subscribe` returns the subscription this test made (a P-256 key pair and
a 16-byte auth secret, the endpoint at the receiver) and `getSubscription` returns it afterwards.
Everything else is real: the permission (granted or denied through Playwright and DevTools),
the service worker, the server, its worker and pywebpush."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, Worker, expect

from backend.accounts.demo import DEMO_USERS, DemoUser
from tests.browser.conftest import PHONE, PHONE_390, axe_violations, demo_server
from tests.browser.helpers import api, gql, use_language
from tests.test_notifications_receiver import Delivery, Device, PushReceiver

pytestmark = pytest.mark.browser

CITIZEN, STAFF, ADMIN = DEMO_USERS
CATEGORY = "slippery-walkway"
# Östersundom: away from the demo's requests.
PLACE = {"lat": 60.2652, "lon": 25.2204}
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
SAVED = "Tiedot on tallennettu."
T = TypeVar("T")

CREATE = """mutation($i: CreateServiceRequestInput!) {
  createServiceRequest(input: $i) {
    serviceRequest { id number title }
    trackingToken
    errors { code message }
  }
}"""
CHANGE = """mutation($i: ChangeServiceRequestStatusInput!) {
  changeServiceRequestStatus(input: $i) { serviceRequest { id status } errors { code message } }
}"""
UNREGISTER = """mutation($e: String!) {
  unregisterPushSubscription(input: {endpoint: $e}) { removed errors { code } }
}"""


# ---------------------------------------------------------------- the server and the receiver


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of this module's own: push endpoints on 127.0.0.1 allowed (the receiver), and
    its status changes do not disturb the other browser tests' shared demo data."""
    with demo_server(tmp_path_factory, {"PUSH_ALLOW_LOOPBACK_HTTP": "true"}) as base:
        yield base


class ReceiverThread:
    """The aiohttp push receiver of tests/test_notifications_receiver.py on an event loop of
    its own thread, since Playwright's sync API keeps this one busy."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.receiver: PushReceiver = self.run(self._start)

    async def _start(self) -> PushReceiver:
        receiver = PushReceiver()
        await receiver.start()
        return receiver

    def run(self, make: Callable[[], Coroutine[Any, Any, T]]) -> T:
        return asyncio.run_coroutine_threadsafe(make(), self.loop).result(timeout=30)

    def close(self) -> None:
        self.run(self.receiver.stop)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture(scope="module")
def receiver() -> Iterator[PushReceiver]:
    running = ReceiverThread()
    try:
        yield running.receiver
    finally:
        running.close()


def vapid_key(base: str) -> str:
    with api(base) as client:
        key: str = gql(client, "{ vapidPublicKey }")["vapidPublicKey"]
    return key


def make_request(base: str, title: str, user: DemoUser | None) -> dict[str, Any]:
    """A report of slippery walkway, by `user` or anonymous (then with its tracking token)."""
    with api(base, user) as client:
        categories = gql(client, "{ serviceRequestCategories { id serviceCode } }")
        category = next(
            c["id"] for c in categories["serviceRequestCategories"] if c["serviceCode"] == CATEGORY
        )
        payload = gql(
            client,
            CREATE,
            {
                "i": {
                    "clientId": str(uuid.uuid4()),
                    "categoryId": category,
                    "title": title,
                    "description": "Jalkakäytävä on peilijäässä.",
                    "location": PLACE,
                }
            },
        )["createServiceRequest"]
    assert payload["errors"] == [], payload
    found: dict[str, Any] = {**payload["serviceRequest"], "token": payload["trackingToken"]}
    return found


def request_path(request: dict[str, Any]) -> str:
    """The PWA's address of a request (a global id may hold "/", "+" or "=")."""
    return "/requests/" + quote(request["id"], safe="")


def raw_id(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":", 1)[1]


def change_status(base: str, request_id: str, status: str, note: str) -> None:
    with api(base, ADMIN) as client:
        payload = gql(
            client, CHANGE, {"i": {"id": request_id, "status": status, "publicNote": note}}
        )["changeServiceRequestStatus"]
    assert payload["errors"] == [], payload


def wait_for_delivery(receiver: PushReceiver, device: Device, count: int = 1) -> Delivery:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert not receiver.problems, receiver.problems
        found = receiver.delivered(device)
        if len(found) >= count:
            return found[count - 1]
        time.sleep(0.1)
    pytest.fail(f"no push reached the receiver (problems: {receiver.problems})")


# ---------------------------------------------------------------- the browser


FAKE_PUSH_SERVICE = """
(() => {
  const SUB = %s;
  const KEY = 'test.push-key';
  const bump = (name) =>
    localStorage.setItem(name, String(Number(localStorage.getItem(name) || 0) + 1));
  const toBuffer = (text) => {
    const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const raw = atob(b64 + '='.repeat((4 - (b64.length %% 4)) %% 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0)).buffer;
  };
  const toText = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  // Observed, not replaced: how often the page asked for permission.
  if (window.Notification) {
    const ask = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = (...args) => {
      bump('test.permission-requests');
      return ask(...args);
    };
  }
  if (!window.PushManager) return;
  const subscription = (key) => ({
    endpoint: SUB.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: toBuffer(key) },
    getKey: (name) => toBuffer(name === 'auth' ? SUB.auth : SUB.p256dh),
    toJSON: () => ({
      endpoint: SUB.endpoint, expirationTime: null, keys: { p256dh: SUB.p256dh, auth: SUB.auth },
    }),
    unsubscribe: async () => {
      localStorage.removeItem(KEY);
      bump('test.unsubscribed');
      return true;
    },
  });
  PushManager.prototype.subscribe = async function (options) {
    if (Notification.permission !== 'granted') throw new DOMException('denied', 'NotAllowedError');
    const key = options.applicationServerKey;
    const bytes = key instanceof ArrayBuffer ? key : key.buffer;
    const text = typeof key === 'string' ? key : toText(bytes);
    localStorage.setItem(KEY, text);
    bump('test.subscribe-calls');
    return subscription(text);
  };
  PushManager.prototype.getSubscription = async function () {
    const key = localStorage.getItem(KEY);
    return key ? subscription(key) : null;
  };
})();
"""


def fake_push_service(context: BrowserContext, device: Device) -> None:
    subscription = {"endpoint": device.endpoint, "p256dh": device.p256dh, "auth": device.auth}
    context.add_init_script(script=FAKE_PUSH_SERVICE % json.dumps(subscription))


def counter(page: Page, name: str) -> int:
    value: int = page.evaluate(f"Number(localStorage.getItem('test.{name}') || 0)")
    return value


@pytest.fixture
def viewport() -> ViewportSize:
    return PHONE_390


def sign_in(page: Page, user: DemoUser, lang: str = "fi") -> None:
    page.goto("/sign-in")
    expect(page.locator("#sign-in-form")).to_be_visible()
    page.locator("#sign-in-email").fill(user.email)
    page.locator("#sign-in-password").fill(user.password)
    page.locator("#sign-in-submit").click()
    expect(page.locator("#profile-link")).to_contain_text(user.name)
    page.locator(f".lang-switcher button[lang={lang}]").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def wait_for_service_worker(page: Page) -> None:
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def deliver(page: Page, base: str, payload: dict[str, Any]) -> None:
    """Hand the decrypted message to the page's service worker, as the push service would."""
    cdp = page.context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not [r for r in registrations if not r.get("isDeleted")]:
        assert time.monotonic() < deadline, "DevTools told of no service worker registration"
        page.wait_for_timeout(50)
    registration = next(r for r in registrations if r["scopeURL"].startswith(base))
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": base,
            "registrationId": registration["registrationId"],
            "data": json.dumps(payload, ensure_ascii=False),
        },
    )
    cdp.detach()


NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return (await registration.getNotifications()).map((n) => ({
    title: n.title, body: n.body, tag: n.tag, lang: n.lang,
    icon: n.icon, badge: n.badge, data: n.data,
  }));
}"""


def shown_notifications(page: Page, count: int = 1) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while True:
        found: list[dict[str, Any]] = page.evaluate(NOTIFICATIONS)
        if len(found) >= count or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(100)


def service_worker(context: BrowserContext) -> Worker:
    workers = context.service_workers
    return workers[0] if workers else context.wait_for_event("serviceworker")


def click_notification(context: BrowserContext, tag: str) -> None:
    """Run the worker's own `notificationclick` handler on the shown notification (DevTools
    cannot click a notification): the event a click would fire, with that notification."""
    service_worker(context).evaluate(
        """async (tag) => {
            const [notification] = await self.registration.getNotifications({ tag });
            if (!notification) throw new Error('no notification with tag ' + tag);
            self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
        }""",
        tag,
    )


def change_subscription(context: BrowserContext, old: Device, new: Device) -> None:
    """Fire `pushsubscriptionchange` in the worker as a browser would after replacing `old`
    with `new` (the event's `oldSubscription` and `newSubscription`), and wait until the worker
    has registered `new` (its record in IndexedDB names the new endpoint)."""
    worker = service_worker(context)
    worker.evaluate(
        """({ old, endpoint, p256dh, auth }) => {
            const event = new ExtendableEvent('pushsubscriptionchange');
            const keys = { p256dh, auth };
            Object.defineProperty(event, 'oldSubscription', { value: { endpoint: old } });
            Object.defineProperty(event, 'newSubscription', {
                value: { endpoint, options: {}, toJSON: () => ({ endpoint, keys }) },
            });
            self.dispatchEvent(event);
        }""",
        {"old": old.endpoint, "endpoint": new.endpoint, "p256dh": new.p256dh, "auth": new.auth},
    )
    deadline = time.monotonic() + 10
    while worker.evaluate(RECORDED_ENDPOINT) != new.endpoint:
        assert time.monotonic() < deadline, "the worker did not register the new subscription"
        time.sleep(0.1)


def wait_until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("the condition did not hold in time")
        time.sleep(0.1)


# The language src/push.ts recorded for this device (IndexedDB asiointi-push).
RECORDED_LANGUAGE = """await new Promise((resolve) => {
  const open = indexedDB.open('asiointi-push', 1);
  open.onsuccess = () => {
    const read = open.result.transaction('device').objectStore('device').get('current');
    read.onsuccess = () => resolve(read.result && read.result.lang);
  };
})"""
RECORDED_ENDPOINT = """() => new Promise((resolve) => {
    const open = indexedDB.open('asiointi-push', 1);
    open.onsuccess = () => {
        const get = open.result.transaction('device').objectStore('device').get('current');
        get.onsuccess = () => resolve(get.result ? get.result.endpoint : null);
    };
})"""


def assert_fits(page: Page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways ({scroll} px wide)"


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], violations


# ---------------------------------------------------------------- the tests


def test_signed_in_push_end_to_end_in_finnish(
    browser: Browser, live_server: str, receiver: PushReceiver, viewport: ViewportSize
) -> None:
    request = make_request(live_server, "Peilijää Sipoonkorvessa (push-testi)", CITIZEN)
    device = receiver.device(vapid_key=vapid_key(live_server))
    context = browser.new_context(
        base_url=live_server, viewport=viewport, locale="fi-FI", service_workers="allow"
    )
    context.grant_permissions(["notifications"], origin=live_server)
    fake_push_service(context, device)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        sign_in(page, CITIZEN)
        wait_for_service_worker(page)
        path = request_path(request)
        page.goto(path)
        expect(page.locator("#page-heading")).to_have_text(request["title"])

        # Asked only from the button, never on load.
        button = page.locator("#push-button")
        expect(button).to_have_text("Kerro minulle, kun tämän ilmoituksen tilanne muuttuu")
        expect(page.locator("#push-opt-in")).to_have_attribute("data-push-state", "off")
        assert counter(page, "permission-requests") == 0
        assert_accessible(page)
        button.click()
        expect(page.locator("#push-status")).to_contain_text("Saat tähän laitteeseen")
        expect(page.locator("#push-status")).to_be_focused()
        expect(page.locator("#push-opt-in")).to_have_attribute("data-push-state", "on")
        # Permission was given beforehand (Playwright), so no prompt was needed.
        assert counter(page, "permission-requests") == 0
        assert counter(page, "subscribe-calls") == 1
        assert_accessible(page)

        # Staff change the status: the server pushes to the receiver, which decrypts it.
        change_status(live_server, request["id"], "IN_HANDLING", "Hiekoitus tilattu.")
        delivery = wait_for_delivery(receiver, device)
        number = request["number"]
        # The event's key, by which tapping the push marks the centre's message read.
        event_key = delivery.payload["key"]
        assert re.fullmatch(rf"request:{raw_id(request['id'])}:event:\d+", event_key)
        assert delivery.payload == {
            "kind": "request_status",
            "lang": "fi",
            "key": event_key,
            "title": f"Ilmoitus #{number}: Käsittelyssä",
            "body": f"{request['title']}\nHiekoitus tilattu.",
            "url": path,
            "tag": f"request-{raw_id(request['id'])}",
        }
        assert (delivery.ttl, delivery.urgency) == (24 * 3600, "normal")
        assert delivery.topic is not None
        assert delivery.topic.startswith("r")
        assert delivery.claims["aud"] == receiver.origin

        # The real service worker shows it: Finnish, the City's icon and badge, the tag.
        page.goto("/")
        deliver(page, live_server, delivery.payload)
        [shown] = shown_notifications(page)
        assert shown["title"] == f"Ilmoitus #{number}: Käsittelyssä"
        assert shown["body"] == f"{request['title']}\nHiekoitus tilattu."
        assert shown["lang"] == "fi"
        assert shown["icon"] == f"{live_server}/icon-192.png"
        assert shown["badge"] == f"{live_server}/badge-96.png"
        assert shown["tag"] == delivery.payload["tag"]
        assert httpx.get(shown["badge"]).headers["content-type"] == "image/png"

        # Clicking it opens the request in the open window, and the notification centre's
        # message of the same event is read (the push carries its key).
        click_notification(context, shown["tag"])
        expect(page).to_have_url(live_server + delivery.payload["url"])
        expect(page.locator("#page-heading")).to_have_text(request["title"])
        expect(page.locator("#request-status")).to_have_text("Käsittelyssä")
        assert shown_notifications(page, 0) == []  # closed by the click
        link = page.locator("#notifications-link")
        expect(link).to_have_accessible_name("Viestit")
        expect(page.locator("#unread-badge")).to_have_count(0)

        # A second change: the header counts it at once (live), the centre lists it unread
        # above the read one, and opening it marks it read.
        change_status(live_server, request["id"], "RESOLVED", "Hiekoitettu.")
        wait_for_delivery(receiver, device, 2)
        expect(link).to_have_accessible_name(re.compile(r"^Viestit\s?, 1 lukematonta$"))
        expect(page.locator("#unread-badge")).to_have_text("1")
        link.click()
        expect(page.locator("#page-heading")).to_have_text("Viestit")
        item = page.locator("#notification-list li").first
        expect(item).to_have_attribute("data-read", "false")
        expect(item.locator("a")).to_have_text(f"Lukematon: Ilmoitus #{number}: Ratkaistu")
        expect(page.locator("#notification-list li").nth(1)).to_have_attribute("data-read", "true")
        expect(page.locator("#unread-count")).to_have_text("1 lukematon viesti")
        assert_accessible(page)
        assert_fits(page, viewport["width"])
        item.locator("a").click()
        expect(page).to_have_url(live_server + delivery.payload["url"])
        expect(link).to_have_accessible_name("Viestit")
        expect(page.locator("#unread-badge")).to_have_count(0)

        # A third change: "mark all as read" in the centre.
        change_status(live_server, request["id"], "IN_HANDLING", "Hiekoitetaan uudelleen.")
        wait_for_delivery(receiver, device, 3)
        page.goto("/notifications")
        expect(page.locator("#unread-count")).to_have_text("1 lukematon viesti")
        expect(page.locator("#notification-list li")).to_have_count(3)
        expect(page.locator("#notification-list li").first).to_contain_text("Käsittelyssä")
        page.locator("#mark-all-read").click()
        expect(page.locator("#mark-read-status")).to_have_text(
            "Kaikki viestit on merkitty luetuiksi."
        )
        expect(page.locator("#unread-count")).to_have_text("0 lukematonta viestiä")
        expect(page.locator("#notification-list li[data-read=false]")).to_have_count(0)
        expect(page.locator("#unread-badge")).to_have_count(0)

        # The profile: this device is on; the kinds can be chosen.
        page.goto("/profile")
        expect(page.locator("#push-device-state")).to_have_attribute("data-push-state", "on")
        reminders = page.locator("#notification-kind-REMINDER")
        expect(reminders).to_be_checked()
        reminders.uncheck()
        page.locator("#notification-preferences-save").click()
        expect(page.locator("#notification-preferences-status")).to_contain_text(SAVED)
        page.reload()
        expect(page.locator("#notification-kind-REMINDER")).not_to_be_checked()
        page.locator("#notification-kind-REMINDER").check()
        page.locator("#notification-preferences-save").click()
        expect(page.locator("#notification-preferences-status")).to_contain_text(SAVED)
        assert_accessible(page)

        # Signing out unregisters the device: the server has forgotten it, the browser dropped it.
        page.locator("#sign-out-button").click()
        expect(page.locator("#sign-in-link")).to_be_visible()
        assert counter(page, "unsubscribed") == 1
        with api(live_server) as client:
            removed = gql(client, UNREGISTER, {"e": device.endpoint})
        assert removed["unregisterPushSubscription"] == {"removed": False, "errors": []}
        assert not receiver.problems, receiver.problems
    finally:
        context.close()
    assert not errors, errors


def test_anonymous_tracking_push_in_swedish(
    browser: Browser, live_server: str, receiver: PushReceiver, viewport: ViewportSize
) -> None:
    request = make_request(live_server, "Isig trottoar (push-test)", None)
    device = receiver.device(vapid_key=vapid_key(live_server))
    context = browser.new_context(
        base_url=live_server, viewport=viewport, locale="sv-FI", service_workers="allow"
    )
    context.grant_permissions(["notifications"], origin=live_server)
    fake_push_service(context, device)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"/requests/track/{request['token']}")
        use_language(page, "sv")
        wait_for_service_worker(page)
        expect(page.locator("#page-heading")).to_have_text(request["title"])
        button = page.locator("#push-button")
        expect(button).to_have_text("Meddela mig när ärendet ändras")
        assert counter(page, "permission-requests") == 0
        button.click()
        expect(page.locator("#push-status")).to_contain_text("Du får en pushnotis")
        # No account: no notification centre, no settings link.
        expect(page.locator("#notifications-link")).to_have_count(0)
        expect(page.locator("#push-manage-link")).to_have_count(0)

        change_status(live_server, request["id"], "IN_HANDLING", "")
        delivery = wait_for_delivery(receiver, device)
        number = request["number"]
        assert delivery.payload["lang"] == "sv"
        assert delivery.payload["title"] == f"Ärende #{number}: Under behandling"
        assert delivery.payload["body"] == request["title"]

        deliver(page, live_server, delivery.payload)
        [shown] = shown_notifications(page)
        assert (shown["title"], shown["lang"]) == (f"Ärende #{number}: Under behandling", "sv")
        click_notification(context, shown["tag"])
        expect(page).to_have_url(live_server + delivery.payload["url"])
        expect(page.locator("#page-heading")).to_have_text(request["title"])
        expect(page.locator("#request-status")).to_have_text("Under behandling")

        # Back on the tracking page, the device is known to follow it.
        page.goto(f"/requests/track/{request['token']}")
        expect(page.locator("#push-opt-in")).to_have_attribute("data-push-state", "on")
        assert counter(page, "permission-requests") == 0

        # Without an account, messages follow the app's language: switched to English, the
        # device is registered again and the next change comes in English.
        use_language(page, "en")
        wait_until(lambda: page.evaluate(f"async () => {RECORDED_LANGUAGE}") == "en")
        change_status(live_server, request["id"], "RESOLVED", "")
        resolved = wait_for_delivery(receiver, device, count=2)
        assert (resolved.payload["lang"], resolved.payload["title"]) == (
            "en",
            f"Report #{number}: Resolved",
        )

        # The browser replaces the subscription: the worker registers the new one (with the
        # tracking token it followed, in the device's language) and has the server forget the
        # old endpoint.
        replacement = receiver.device(vapid_key=device.expected_vapid_key)
        change_subscription(context, device, replacement)
        change_status(live_server, request["id"], "IN_HANDLING", "")
        moved = wait_for_delivery(receiver, replacement)
        assert moved.payload["title"] == f"Report #{number}: In handling"
        assert len(receiver.delivered(device)) == 2
        assert not receiver.problems, receiver.problems
    finally:
        context.close()
    assert not errors, errors


def test_iphone_tab_explains_the_home_screen_and_never_asks(
    browser: Browser, live_server: str
) -> None:
    request = make_request(live_server, "Liukas silta (iPhone-testi)", None)
    context = browser.new_context(
        base_url=live_server,
        viewport=PHONE_390,
        locale="fi-FI",
        user_agent=IPHONE,
        service_workers="allow",
    )
    blank = {"endpoint": "", "p256dh": "", "auth": ""}
    context.add_init_script(script=FAKE_PUSH_SERVICE % json.dumps(blank))
    page = context.new_page()
    try:
        page.goto(f"/requests/track/{request['token']}")
        expect(page.locator("#page-heading")).to_have_text(request["title"])
        help_box = page.locator("#push-ios-help")
        expect(help_box).to_contain_text("Lisää sovellus ensin Koti-valikkoon")
        expect(help_box.locator("ol li")).to_have_count(3)
        expect(page.locator("#push-button")).to_have_count(0)
        assert counter(page, "permission-requests") == 0
        use_language(page, "en")
        expect(help_box).to_contain_text("Add the app to your Home Screen first")
        use_language(page, "sv")
        expect(help_box).to_contain_text("Lägg först till appen på hemskärmen")
        assert_accessible(page)
        assert_fits(page, PHONE_390["width"])
    finally:
        context.close()


def test_blocked_notifications_are_explained(browser: Browser, live_server: str) -> None:
    request = make_request(live_server, "Jäinen ramppi (estetty)", CITIZEN)
    context = browser.new_context(
        base_url=live_server, viewport=PHONE, locale="fi-FI", service_workers="allow"
    )
    page = context.new_page()
    try:
        cdp = context.new_cdp_session(page)
        target = cdp.send("Target.getTargetInfo")["targetInfo"]
        cdp.send(
            "Browser.setPermission",
            {
                "permission": {"name": "notifications"},
                "setting": "denied",
                "origin": live_server,
                "browserContextId": target["browserContextId"],
            },
        )
        sign_in(page, CITIZEN)
        assert page.evaluate("Notification.permission") == "denied"
        page.goto(request_path(request))
        expect(page.locator("#page-heading")).to_have_text(request["title"])
        blocked = page.locator("#push-blocked")
        expect(blocked).to_contain_text("Push-ilmoitukset on estetty")
        expect(blocked).to_contain_text("selaimen asetuksista")
        expect(page.locator("#push-button")).to_have_count(0)
        assert_accessible(page)
        assert_fits(page, PHONE["width"])
        page.goto("/profile")
        expect(page.locator("#notification-settings #push-blocked")).to_be_visible()
        expect(page.locator("#push-device-on")).to_have_count(0)
        page.goto("/notifications")
        expect(page.locator("#page-heading")).to_have_text("Viestit")
        assert_accessible(page)
        assert_fits(page, PHONE["width"])
    finally:
        context.close()


def test_the_prompt_comes_only_from_the_button(browser: Browser, live_server: str) -> None:
    """Not decided yet: nothing is asked on load; the button asks, and a refusal is explained."""
    request = make_request(live_server, "Liukas porras (kysytään)", CITIZEN)
    context = browser.new_context(
        base_url=live_server, viewport=PHONE_390, locale="fi-FI", service_workers="allow"
    )
    blank = {"endpoint": "", "p256dh": "", "auth": ""}
    context.add_init_script(script=FAKE_PUSH_SERVICE % json.dumps(blank))
    page = context.new_page()
    try:
        sign_in(page, CITIZEN)
        wait_for_service_worker(page)
        page.goto(request_path(request))
        assert page.evaluate("Notification.permission") == "default"
        button = page.locator("#push-button")
        expect(button).to_be_visible()
        page.wait_for_timeout(300)
        assert counter(page, "permission-requests") == 0
        button.click()
        # Headless Chromium answers the prompt itself (no one to click it): refused or closed.
        expect(page.locator("#push-blocked, #push-error")).to_be_visible()
        assert counter(page, "permission-requests") == 1
        assert counter(page, "subscribe-calls") == 0
        assert_accessible(page)
    finally:
        context.close()
