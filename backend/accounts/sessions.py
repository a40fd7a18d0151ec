"""Session cookies: a random token in an HttpOnly, SameSite=Lax cookie (Secure outside local
development), its SHA-256 in the database, rotated at every sign-in, ended server-side."""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from datetime import UTC, datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response

from backend.accounts.models import Session, User

COOKIE = "asiointi_session"
SESSION_LIFETIME = timedelta(days=14)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cookie_is_secure(request: Request, debug: bool) -> bool:
    """Secure, except over plain HTTP to this machine (development and the local demo): a
    browser would otherwise drop the cookie there."""
    if request.url.scheme == "https":
        return True
    if debug:
        return False
    host = request.url.hostname or ""
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host != "localhost"


async def start(
    request: Request,
    response: Response,
    user: User,
    *,
    debug: bool,
    method: str = "local",
    id_token_hint: str = "",
    assurance: str = "low",
) -> Session:
    """A fresh session for `user`; the caller's previous session, if any, ends (rotation)."""
    await end(request, response=None)
    token = secrets.token_urlsafe(32)
    session = await Session.create(
        id=_digest(token),
        user=user,
        expires_at=datetime.now(UTC) + SESSION_LIFETIME,
        method=method,
        id_token_hint=id_token_hint,
        assurance=assurance,
    )
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=cookie_is_secure(request, debug),
        path="/",
    )
    return session


async def current(request: Request) -> Session | None:
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 200:
        return None
    return (
        await Session.filter(
            id=_digest(token), expires_at__gt=datetime.now(UTC), user__is_active=True
        )
        .select_related("user")
        .first()
    )


async def end(request: Request, response: Response | None) -> Session | None:
    """Deletes the caller's session row (so the cookie is worthless even if kept) and the cookie."""
    token = request.cookies.get(COOKIE)
    ended = None
    if token and len(token) <= 200:
        ended = await Session.filter(id=_digest(token)).first()
        await Session.filter(id=_digest(token)).delete()
    if response is not None:
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    return ended
