"""CSRF protection for cookie-authenticated writes: a browser only sends our session cookie
cross-site with a foreign `Origin`, and cannot send `application/json` cross-site without a CORS
preflight that we do not allow. Requests without the cookie carry no ambient authority.

WebSockets are not covered by CORS at all: any page can open one to us, and the browser sends
our cookie with the handshake (Cross-Site WebSocket Hijacking). A handshake that carries the
session cookie must therefore come from our own origin or one of `ALLOWED_ORIGINS`, or it is
refused before the upgrade. (The GraphQL view refuses other cross-site handshakes too.)"""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.accounts.errors import MESSAGES
from backend.accounts.ratelimit_middleware import send_response
from backend.accounts.sessions import COOKIE
from backend.i18n import negotiate_language

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


# The page's scheme for the connection's: a page on https://host opens wss://host.
PAGE_SCHEMES = {"ws": "http", "wss": "https"}


def _own_origin(scope: Scope, headers: Headers) -> str:
    host = headers.get("host", "")
    scheme = scope.get("scheme", "http")
    return f"{PAGE_SCHEMES.get(scheme, scheme)}://{host}"


class CsrfMiddleware:
    def __init__(self, app: ASGIApp, *, allowed_origins: list[str]) -> None:
        self.app = app
        self.allowed_origins = set(allowed_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        websocket = scope["type"] == "websocket"
        if not websocket and (scope["type"] != "http" or scope["method"] in SAFE_METHODS):
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
        if trusted and (websocket or content_type == "application/json"):
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
        headers_out = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send_response(scope, send, 403, headers_out, body)
