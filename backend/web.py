"""Serving the built PWA, with caching and security headers fit for an installable app."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.settings import Settings

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)
# GraphiQL (development only) loads its page from a CDN with inline script.
DEVELOPMENT_GRAPHIQL_CSP = (
    "default-src 'self' https://unpkg.com; script-src 'self' 'unsafe-inline' https://unpkg.com; "
    "style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; "
    "frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, debug: bool) -> None:
        self.app = app
        self.debug = debug

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        graphiql = self.debug and scope["path"] == "/graphql" and scope["method"] == "GET"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault(
                    "Content-Security-Policy",
                    DEVELOPMENT_GRAPHIQL_CSP if graphiql else CONTENT_SECURITY_POLICY,
                )
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault(
                    "Permissions-Policy", "geolocation=(self), camera=(), microphone=()"
                )
                if https:
                    headers.setdefault(
                        "Strict-Transport-Security", "max-age=63072000; includeSubDomains"
                    )
            await send(message)

        await self.app(scope, receive, send_with_headers)


class PwaFiles:
    """The PWA's files: hashed assets cached forever, everything else revalidated, and
    `index.html` for any other path so that the app's own routes survive a reload."""

    def __init__(self, dist: Path) -> None:
        self.dist = dist.resolve()

    def _file(self, path: str) -> Path | None:
        candidate = (self.dist / path.lstrip("/")).resolve()
        if candidate.is_relative_to(self.dist) and candidate.is_file():
            return candidate
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = self.response_for(request.url.path)
        await response(scope, receive, send)

    def response_for(self, path: str) -> Response:
        response: Response
        index = self.dist / "index.html"
        if not index.is_file():
            return PlainTextResponse(
                "The PWA is not built: run `npm run build` in pwa/ (the run command does).",
                status_code=503,
            )
        found = self._file(path) if path not in ("", "/") else None
        if found is not None:
            immutable = found.parent == self.dist / "assets"
            media_type = "application/manifest+json" if found.suffix == ".webmanifest" else None
            response = FileResponse(found, media_type=media_type)
            response.headers["Cache-Control"] = IMMUTABLE if immutable else REVALIDATE
            if found.name == "sw.js":
                response.headers["Service-Worker-Allowed"] = "/"
            return response
        if path.startswith("/assets/") or Path(path).suffix:
            response = PlainTextResponse("Not found", status_code=404)
            response.headers["Cache-Control"] = REVALIDATE
            return response
        response = FileResponse(index, media_type="text/html")
        response.headers["Cache-Control"] = REVALIDATE
        return response


def public_base_url(settings: Settings, request: Request | None) -> str:
    """Where the app is reached: PUBLIC_URL when set, else this request's own scheme and host
    (behind a proxy, uvicorn's forwarded headers make it the public one)."""
    if settings.public_url:
        return settings.public_url
    if request is None:
        return ""
    return str(request.base_url).rstrip("/")


async def read_body(request: Request, limit: int) -> bytes | None:
    """The whole body, or None as soon as it grows past `limit` bytes (the rest is never read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def replayed(request: Request, body: bytes) -> Request:
    """A request over the same scope whose body is `body` (already read by `read_body`)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)
