"""What browser tests share: an API client for setting the scene, and the language switcher."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from backend.accounts.demo import DemoUser


@contextlib.contextmanager
def api(base: str, user: DemoUser | None = None) -> Iterator[httpx.Client]:
    """An API client of the running server, signed in as `user` when one is given."""
    with httpx.Client(base_url=base, headers={"Origin": base}, timeout=10) as client:
        if user is not None:
            login = {"email": user.email, "password": user.password}
            response = client.post("/auth/login", json=login)
            assert response.status_code == 200, response.text
        yield client


def gql(client: httpx.Client, query: str, variables: dict[str, Any] | None = None) -> Any:
    """The data of a GraphQL operation that must not fail (messages in English)."""
    response = client.post(
        "/graphql", params={"lang": "en"}, json={"query": query, "variables": variables or {}}
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def use_language(page: Page, lang: str) -> None:
    page.locator(f".lang-switcher button[lang={lang}]").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
