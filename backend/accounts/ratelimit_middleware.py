"""One gate in front of the API: who is calling (`authn.authenticate`, once per request), then
whether they may call again so soon. The caller's Principal is kept in `request.state` for
GraphQL and the REST endpoints alike.

Rate limits count requests in fixed windows of `RATE_LIMIT_WINDOW` seconds: per IP address for
anonymous callers (`RATE_LIMIT_IP`), per user for signed-in people, by session or bearer token
(`RATE_LIMIT_USER`), and per API key or per token client without a user (`RATE_LIMIT_API_KEY`).
A refused credential counts against its IP address, so guessing keys or tokens is limited like
any anonymous traffic. The counters (`ratelimit.py`) live in Redis when `REDIS_URL` is set, shared
by every process, and in memory otherwise; when Redis cannot be reached the request is let
through and the failure logged, rather than refusing everyone.

A refusal is JSON with a stable code and a message in the caller's language (GraphQL's
`{"errors": [...]}` shape on /graphql, `{"error": {...}}` elsewhere): 429 with `Retry-After`
and `RateLimit-*` headers, 401 with `WWW-Authenticate: Bearer error="invalid_token"`, 400 for a
malformed `Authorization`, 431 for an oversized one.

A WebSocket handshake (GraphQL subscriptions) passes the same gate: it is authenticated the same
way and counts as one request, and each subscription started on it counts as another
(`ConnectionGate`, kept in `scope["state"]["gate"]` for the GraphQL context, which also uses it to
authenticate the caller again while the connection lasts). One caller keeps at most
`MAX_SOCKETS` connections open at once in a process (per user, key or client; per IP address
for anonymous callers). A refused handshake gets the same JSON answer as a request (an HTTP
response instead of the upgrade), or a plain close where the server cannot send one.

Exempt: /healthz, /readyz, and GET or HEAD of a file the PWA ships (`PWA_DIST`): the app's own
files are neither authenticated nor counted. Everything else passes the gate — the PWA's routes
(index.html for `/bookings`, …) too, so that a new endpoint can never slip past it by accident.
"""

from __future__ import annotations

import json
import logging
from collections import Counter as Tally
from pathlib import Path
from xml.sax.saxutils import escape

from redis.exceptions import RedisError
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.accounts.authn import CredentialError, authenticate
from backend.accounts.principal import Principal
from backend.accounts.ratelimit import Counter, Limit, Verdict
from backend.accounts.tokens import TokenVerifier
from backend.i18n import Language, negotiate_language
from backend.settings import Settings

log = logging.getLogger("asiointi.ratelimit")

EXEMPT_PATHS = frozenset({"/healthz", "/readyz"})
STATIC_METHODS = frozenset({"GET", "HEAD"})
# Open WebSockets per caller and process, by the caller's rate-limit bucket kind. An anonymous
# IP address may be a whole office behind one NAT.
MAX_SOCKETS = {"user": 10, "key": 50, "client": 50, "ip": 50}

MESSAGES: dict[str, dict[Language, str]] = {
    "rate_limited": {
        Language.FI: "Liian monta pyyntöä. Yritä uudelleen {seconds} sekunnin kuluttua.",
        Language.SV: "För många förfrågningar. Försök igen om {seconds} sekunder.",
        Language.EN: "Too many requests. Try again in {seconds} seconds.",
    },
    "invalid_token": {
        Language.FI: "Tunniste (token tai API-avain) on virheellinen, vanhentunut tai peruttu.",
        Language.SV: "Token eller API-nyckeln är ogiltig, har gått ut eller har återkallats.",
        Language.EN: "The token or API key is not valid, has expired or has been revoked.",
    },
    "invalid_request": {
        Language.FI: "Anna yksi tunniste: Authorization: Bearer <token> tai X-Api-Key.",
        Language.SV: "Ange en enda identifierare: Authorization: Bearer <token> eller X-Api-Key.",
        Language.EN: "Send one credential: Authorization: Bearer <token> or X-Api-Key.",
    },
    "header_too_large": {
        Language.FI: "Tunnisteotsake on liian suuri.",
        Language.SV: "Identifieringshuvudet är för stort.",
        Language.EN: "The credential header is too large.",
    },
    "too_many_connections": {
        Language.FI: "Liian monta avointa yhteyttä. Sulje jokin niistä ja yritä uudelleen.",
        Language.SV: "För många öppna anslutningar. Stäng någon av dem och försök igen.",
        Language.EN: "Too many open connections. Close one of them and try again.",
    },
    "auth_unavailable": {
        Language.FI: "Tunnisteen tarkistus ei onnistu juuri nyt. Yritä hetken kuluttua uudelleen.",
        Language.SV: "Identifieraren kan inte kontrolleras just nu. Försök igen om en stund.",
        Language.EN: "The credential cannot be checked just now. Please try again shortly.",
    },
}


def is_pwa_file(dist: Path, path: str) -> bool:
    try:
        candidate = (dist / path.lstrip("/")).resolve()
        return candidate.is_relative_to(dist) and candidate.is_file()
    except (ValueError, OSError):  # a NUL byte, a name too long: not one of our files
        return False


def _language(request: Request) -> Language:
    return negotiate_language(
        request.query_params.get("lang"), request.headers.get("accept-language")
    )


def _as_request(scope: Scope) -> Request:
    """A WebSocket handshake read like a request (headers, cookies, query)."""
    if scope["type"] == "http":
        return Request(scope)
    return Request({**scope, "type": "http", "method": "GET"})


class ConnectionGate:
    """The gate's part in a long-lived connection: the caller again by the handshake's
    credential, and a rate-limit hit per operation."""

    def __init__(self, middleware: AccessMiddleware, scope: Scope, bucket: str) -> None:
        self.middleware = middleware
        self.request = _as_request(scope)
        self.bucket = bucket

    async def reauthenticate(self) -> Principal | None:
        try:
            caller = await authenticate(self.request, self.middleware.verifier)
        except CredentialError:
            return None
        return caller.principal

    async def admit(self) -> int | None:
        limit = self.middleware.limits[self.bucket.split(":", 1)[0]]
        verdict = await self.middleware._hit(self.bucket, limit)
        if limit is not None and verdict is not None and not verdict.allowed:
            return verdict.retry_after
        return None


class AccessMiddleware:
    def __init__(
        self, app: ASGIApp, *, settings: Settings, counter: Counter, verifier: TokenVerifier
    ) -> None:
        self.app = app
        self.pwa_dist = settings.pwa_dist.resolve()
        self.counter = counter
        self.verifier = verifier
        window = settings.rate_limit_window
        self.limits = {
            kind: Limit(count=count, seconds=window) if count > 0 and window > 0 else None
            for kind, count in (
                ("ip", settings.rate_limit_ip),
                ("user", settings.rate_limit_user),
                ("key", settings.rate_limit_api_key),
                ("client", settings.rate_limit_api_key),
            )
        }
        self.sockets: Tally[str] = Tally()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self.is_exempt(scope):
            await self.app(scope, receive, send)
            return
        request = _as_request(scope)
        client = scope.get("client")
        ip_bucket = f"ip:{client[0] if client else 'unknown'}"
        try:
            caller = await authenticate(request, self.verifier)
        except CredentialError as error:
            limit = self.limits["ip"]
            verdict = await self._hit(ip_bucket, limit)
            if limit is not None and verdict is not None and not verdict.allowed:
                await self._too_many(request, scope, send, limit, verdict)
            else:
                await self._refuse(request, scope, send, error)
            return
        bucket = caller.bucket or ip_bucket
        limit = self.limits[bucket.split(":", 1)[0]]
        verdict = await self._hit(bucket, limit)
        if limit is not None and verdict is not None and not verdict.allowed:
            await self._too_many(request, scope, send, limit, verdict)
            return
        state = scope.setdefault("state", {})
        state["principal"] = caller.principal
        if scope["type"] == "http":
            await self.app(scope, receive, _with_policy(send, limit))
            return
        kind = bucket.split(":", 1)[0]
        if self.sockets[bucket] >= MAX_SOCKETS[kind]:
            message = MESSAGES["too_many_connections"][_language(request)]
            await _send_error(request, send, 429, "TOO_MANY_CONNECTIONS", message, {}, scope)
            return
        state["gate"] = ConnectionGate(self, scope, bucket)
        self.sockets[bucket] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.sockets[bucket] -= 1
            if self.sockets[bucket] <= 0:
                del self.sockets[bucket]

    def is_exempt(self, scope: Scope) -> bool:
        path: str = scope["path"]
        if path in EXEMPT_PATHS:
            return True
        return scope.get("method") in STATIC_METHODS and is_pwa_file(self.pwa_dist, path)

    async def _hit(self, bucket: str, limit: Limit | None) -> Verdict | None:
        if limit is None:
            return None
        try:
            return await self.counter.hit(f"api:{bucket}", limit)
        except (RedisError, OSError) as error:
            log.warning("rate limit counter unavailable", extra={"error": str(error)[:200]})
            return None

    async def _too_many(
        self, request: Request, scope: Scope, send: Send, limit: Limit, verdict: Verdict
    ) -> None:
        seconds = verdict.retry_after
        message = MESSAGES["rate_limited"][_language(request)].format(seconds=seconds)
        headers = {
            "Retry-After": str(seconds),
            "RateLimit-Limit": str(limit.count),
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": str(seconds),
            "RateLimit-Policy": f"{limit.count};w={limit.seconds}",
        }
        await _send_error(request, send, 429, "RATE_LIMITED", message, headers, scope)

    async def _refuse(
        self, request: Request, scope: Scope, send: Send, error: CredentialError
    ) -> None:
        message = MESSAGES[error.key][_language(request)]
        headers = {}
        if error.oauth_error:
            headers["WWW-Authenticate"] = f'Bearer error="{error.oauth_error}"'
        if error.status == 503:
            headers["Retry-After"] = "30"
        await _send_error(request, send, error.status, error.code, message, headers, scope)


def _with_policy(send: Send, limit: Limit | None) -> Send:
    if limit is None:
        return send

    async def send_with_policy(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.setdefault("RateLimit-Policy", f"{limit.count};w={limit.seconds}")
        await send(message)

    return send_with_policy


async def _send_error(
    request: Request,
    send: Send,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str],
    scope: Scope,
) -> None:
    media_type = b"application/json"
    path = request.url.path
    if path.startswith("/open311/"):
        # GeoReport v2 clients read errors only in the spec's shape: a list of {code,
        # description}, in the format the path asks for.
        content, media_type = _open311_error(status, message, xml=path.endswith(".xml"))
    else:
        body: dict[str, object]
        if path.startswith("/graphql"):
            body = {"errors": [{"message": message, "extensions": {"code": code}}]}
        else:
            body = {"error": {"code": code, "message": message, "field": None}}
        content = json.dumps(body, ensure_ascii=False).encode()
    raw_headers = [
        (b"content-type", media_type),
        (b"content-length", str(len(content)).encode()),
        (b"cache-control", b"no-store"),
        *((k.lower().encode(), v.encode()) for k, v in headers.items()),
    ]
    await send_response(scope, send, status, raw_headers, content)


async def send_response(
    scope: Scope, send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    """An HTTP response, or the refusal of a WebSocket handshake: the same response where the
    server can send one (ASGI's `websocket.http.response`), else a close before accepting
    (which the server answers with 403)."""
    if scope["type"] == "websocket":
        if "websocket.http.response" not in scope.get("extensions", {}):
            await send({"type": "websocket.close", "code": 1008})
            return
        await send({"type": "websocket.http.response.start", "status": status, "headers": headers})
        await send({"type": "websocket.http.response.body", "body": body})
        return
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _open311_error(status: int, message: str, *, xml: bool) -> tuple[bytes, bytes]:
    if not xml:
        body = [{"code": status, "description": message}]
        return json.dumps(body, ensure_ascii=False).encode(), b"application/json; charset=utf-8"
    document = (
        '<?xml version="1.0" encoding="utf-8"?>\n<errors><error>'
        f"<code>{status}</code><description>{escape(message)}</description>"
        "</error></errors>"
    )
    return document.encode(), b"text/xml; charset=utf-8"
