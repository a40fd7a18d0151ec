"""Browser tests: the real server (uvicorn, SQLite, demo data, built PWA) driven by headless
Chromium from Debian's package through Playwright."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)

from tests.geocoder_stand_in import StandInGeocoder, stand_in_geocoder
from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "pwa" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE: ViewportSize = {"width": 360, "height": 740}
PHONE_390: ViewportSize = {"width": 390, "height": 844}


@contextlib.contextmanager
def serving(env: dict[str, str]) -> Iterator[str]:
    """`python -m backend serve` on a free port with `env`, until the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "backend", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("the server did not start")
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextlib.contextmanager
def demo_server(
    tmp_path_factory: pytest.TempPathFactory, extra_env: dict[str, str] | None = None
) -> Iterator[str]:
    """A server of its own: a fresh SQLite database with the demo data, `extra_env` added."""
    if not (ROOT / "pwa" / "dist" / "index.html").is_file():
        pytest.fail("pwa/dist is not built: run `make test` (or `npm run build` in pwa/)")
    database = tmp_path_factory.mktemp("browser") / "asiointi.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite://{database}",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
        # Never the real geocoder (unreachable here); `live_server` passes a stand-in's URL.
        "GEOCODER_URL": "",
        **(extra_env or {}),
    }
    for command in ("migrate", "load-demo"):
        subprocess.run(
            [sys.executable, "-m", "backend", command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    with serving(env) as base:
        yield base


@pytest.fixture(scope="session")
def geocoder() -> Iterator[StandInGeocoder]:
    with stand_in_geocoder() as stand_in:
        yield stand_in


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, geocoder: StandInGeocoder
) -> Iterator[str]:
    with demo_server(tmp_path_factory, {"GEOCODER_URL": geocoder.url}) as base:
        yield base


# Module scope: sync Playwright keeps an event loop running while it is open, which the asyncio
# tests of other modules must not inherit.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `make test` installs Debian's package")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def viewport() -> ViewportSize:
    """The screen of `context`; a module overrides this fixture for another phone."""
    return PHONE


@pytest.fixture
def context(browser: Browser, live_server: str, viewport: ViewportSize) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_server, viewport=viewport, locale="fi-FI", service_workers="allow"
    )
    yield context
    context.close()


@pytest.fixture
def phone(context: BrowserContext) -> BrowserContext:
    return context


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    assert not errors, f"uncaught errors or CSP violations in the page: {errors}"


def axe_violations(page: Page) -> list[dict[str, object]]:
    """WCAG 2.1 A and AA violations that axe-core finds on the page as it is now."""
    # Evaluated through DevTools, which the page's CSP does not govern (an inline tag would be
    # refused, as it should be).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result: list[dict[str, object]] = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return result
