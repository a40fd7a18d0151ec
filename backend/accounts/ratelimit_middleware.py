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

Exempt: /healthz, /readyz, and GET or HEAD of a file the PWA ships (`PWA_DIST`): the app's own
files are neither authenticated nor counted. Everything else passes the gate — the PWA's routes
(index.html for `/bookings`, …) too, so that a new endpoint can never slip past it by accident.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from xml.sax.saxutils import escape

from redis.exceptions import RedisError
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.accounts.authn import CredentialError, authenticate
from backend.accounts.ratelimit import Counter, Limit, Verdict
from backend.accounts.tokens import TokenVerifier
from backend.i18n import Language, negotiate_language
from backend.settings import Settings

log = logging.getLogger("asiointi.ratelimit")

EXEMPT_PATHS = frozenset({"/healthz", "/readyz"})
STATIC_METHODS = frozenset({"GET", "HEAD"})

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

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.is_exempt(scope):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        client = scope.get("client")
        ip_bucket = f"ip:{client[0] if client else 'unknown'}"
        try:
            caller = await authenticate(request, self.verifier)
        except CredentialError as error:
            limit = self.limits["ip"]
            verdict = await self._hit(ip_bucket, limit)
            if limit is not None and verdict is not None and not verdict.allowed:
                await self._too_many(request, send, limit, verdict)
            else:
                await self._refuse(request, send, error)
            return
        bucket = caller.bucket or ip_bucket
        limit = self.limits[bucket.split(":", 1)[0]]
        verdict = await self._hit(bucket, limit)
        if limit is not None and verdict is not None and not verdict.allowed:
            await self._too_many(request, send, limit, verdict)
            return
        scope.setdefault("state", {})["principal"] = caller.principal
        await self.app(scope, receive, _with_policy(send, limit))

    def is_exempt(self, scope: Scope) -> bool:
        path: str = scope["path"]
        if path in EXEMPT_PATHS:
            return True
        return scope["method"] in STATIC_METHODS and is_pwa_file(self.pwa_dist, path)

    async def _hit(self, bucket: str, limit: Limit | None) -> Verdict | None:
        if limit is None:
            return None
        try:
            return await self.counter.hit(f"api:{bucket}", limit)
        except (RedisError, OSError) as error:
            log.warning("rate limit counter unavailable", extra={"error": str(error)[:200]})
            return None

    async def _too_many(self, request: Request, send: Send, limit: Limit, verdict: Verdict) -> None:
        seconds = verdict.retry_after
        message = MESSAGES["rate_limited"][_language(request)].format(seconds=seconds)
        headers = {
            "Retry-After": str(seconds),
            "RateLimit-Limit": str(limit.count),
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": str(seconds),
            "RateLimit-Policy": f"{limit.count};w={limit.seconds}",
        }
        await _send_error(request, send, 429, "RATE_LIMITED", message, headers)

    async def _refuse(self, request: Request, send: Send, error: CredentialError) -> None:
        message = MESSAGES[error.key][_language(request)]
        headers = {}
        if error.oauth_error:
            headers["WWW-Authenticate"] = f'Bearer error="{error.oauth_error}"'
        if error.status == 503:
            headers["Retry-After"] = "30"
        await _send_error(request, send, error.status, error.code, message, headers)


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
    request: Request, send: Send, status: int, code: str, message: str, headers: dict[str, str]
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
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": content})


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
