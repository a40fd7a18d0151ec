"""Helpers shared by the tests."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from tortoise.transactions import in_transaction

from backend.accounts.models import RoleGrant, Session, User


class _RolledBack(Exception):
    pass


@contextlib.asynccontextmanager
async def rolled_back() -> AsyncIterator[None]:
    """Runs the body in a transaction that is always rolled back, leaving the shared database as
    it was for the next test."""
    try:
        async with in_transaction():
            yield
            raise _RolledBack
    except _RolledBack:
        pass


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    lang: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POSTs a GraphQL operation and returns the whole response body."""
    params = {"lang": lang} if lang else None
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        params=params,
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def gql_data(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
) -> dict[str, Any]:
    body = await gql(client, query, variables, **kwargs)
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code", "") for e in body.get("errors", [])]


async def make_user(
    name: str, *, role: str | None = None, scope_type: str = "global", scope_id: str = ""
) -> User:
    """A fresh user (unique e-mail), optionally with one role."""
    email = f"{secrets.token_hex(6)}@example.fi"
    user = await User.create(name=name, email=email, login_email=email)
    if role is not None:
        await RoleGrant.create(user=user, role=role, scope_type=scope_type, scope_id=scope_id)
    return user


async def signed_in(client: httpx.AsyncClient, user: User) -> httpx.AsyncClient:
    """Gives `client` a session cookie for `user`, as a sign-in would (without the password)."""
    token = secrets.token_urlsafe(32)
    await Session.create(
        id=hashlib.sha256(token.encode()).hexdigest(),
        user=user,
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )
    client.cookies.set("asiointi_session", token)
    return client


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 now (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
