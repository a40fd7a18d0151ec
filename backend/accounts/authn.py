"""Finds the Principal behind a request: a session cookie (the PWA) or, for third parties, an
`Authorization` header."""

from __future__ import annotations

from starlette.requests import Request

from backend.accounts import sessions
from backend.accounts.principal import ANONYMOUS, Principal
from backend.accounts.service import principal_for


async def principal_of(request: Request) -> Principal:
    session = await sessions.current(request)
    if session is not None:
        return await principal_for(session.user, via="session")
    return ANONYMOUS
