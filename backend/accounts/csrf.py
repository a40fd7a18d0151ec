"""CSRF protection for cookie-authenticated writes: a browser only sends our session cookie
cross-site with a foreign `Origin`, and cannot send `application/json` cross-site without a CORS
preflight that we do not allow. Requests without the cookie carry no ambient authority."""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.accounts.errors import MESSAGES
from backend.accounts.sessions import COOKIE
from backend.i18n import negotiate_language

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _own_origin(scope: Scope, headers: Headers) -> str:
    host = headers.get("host", "")
    return f"{scope.get('scheme', 'http')}://{host}"


class CsrfMiddleware:
    def __init__(self, app: ASGIApp, *, allowed_origins: list[str]) -> None:
        self.app = app
        self.allowed_origins = set(allowed_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if f"{COOKIE}=" not in headers.get("cookie", ""):
            await self.app(scope, receive, send)
            return
        origin = headers.get("origin")
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        trusted = origin is not None and (
            origin == _own_origin(scope, headers) or origin in self.allowed_origins
        )
        if trusted and content_type == "application/json":
            await self.app(scope, receive, send)
            return
        query = dict(
            part.split("=", 1)
            for part in scope.get("query_string", b"").decode().split("&")
            if "=" in part
        )
        language = negotiate_language(query.get("lang"), headers.get("accept-language"))
        body = json.dumps(
            {
                "errors": [
                    {
                        "message": MESSAGES["cross_site"][language],
                        "extensions": {"code": "CSRF_REJECTED"},
                    }
                ]
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
