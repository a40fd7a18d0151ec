"""The Starlette application: GraphQL, health probes and the PWA, in one process."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from strawberry.asgi import GraphQL
from strawberry.http.websocket_origin import normalize_origin
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import Message

from backend import db, live
from backend.accounts import gdpr_api, oidc
from backend.accounts import web as accounts_web
from backend.accounts.csrf import CsrfMiddleware
from backend.accounts.ratelimit import make_counter
from backend.accounts.ratelimit_middleware import AccessMiddleware
from backend.accounts.tokens import TokenVerifier
from backend.api.context import Context
from backend.appointments import calendar_web
from backend.appointments import service as appointments_service
from backend.logs import RequestIdMiddleware, configure_logging
from backend.schema import build_schema
from backend.service_requests import open311
from backend.service_requests import web as service_requests_web
from backend.settings import Settings
from backend.web import PwaFiles, SecurityHeadersMiddleware
from notifications import worker as notifications_worker

log = logging.getLogger("asiointi")


# Subscriptions (and nothing else) over WebSocket, graphql-transport-ws only: at most this many
# at once on one connection, and a connection must say `connection_init` this soon.
MAX_SUBSCRIPTIONS_PER_CONNECTION = 10
CONNECTION_INIT_TIMEOUT = timedelta(seconds=10)


class LiveHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """Sends a subscription's result only when it differs from the one sent before: an event
    whose re-read shows nothing new (a spurious or rolled-back change, a change the caller may
    not see) sends nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_sent: dict[str, str] = {}

    async def send_message(self, message: Message) -> None:
        if message["type"] == "next":
            encoded = self.view.encode_json(message["payload"])
            text = encoded.decode() if isinstance(encoded, bytes) else encoded
            if self.last_sent.get(message["id"]) == text:
                return
            self.last_sent[message["id"]] = text
        elif message["type"] in ("complete", "error") and "id" in message:
            self.last_sent.pop(message["id"], None)
        await super().send_message(message)


class AsiointiGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = LiveHandler

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide="graphiql" if settings.debug else None,
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=CONNECTION_INIT_TIMEOUT,
            max_subscriptions_per_connection=MAX_SUBSCRIPTIONS_PER_CONNECTION,
        )
        self.settings = settings
        self.trusted_origins = {
            o for o in (normalize_origin(a) for a in settings.allowed_origins) if o is not None
        }
        # Admission at the door, first come first served: at most as many operations at once as
        # the process has database connections. Past that, an operation would take a connection
        # for each of its queries in turn, and asyncpg's pool lets newcomers overtake those
        # already waiting: a few operations waited 1 s while most took 0.1 s (bench p99).
        self.admission = asyncio.Semaphore(db.pool_size(settings.database_url))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            # A WebSocket lives for long: admission is for operations that end.
            await super().__call__(scope, receive, send)
            return
        async with self.admission:
            await super().__call__(scope, receive, send)

    async def get_context(self, request: Any, response: Any = None) -> Context:
        return await Context.for_request(request, self.settings, response)

    def is_websocket_origin_allowed(self, request: Any, origin: str) -> bool:
        """Cross-site handshakes only from `ALLOWED_ORIGINS` (never "*"); CsrfMiddleware has
        already refused those that carry our session cookie from anywhere else."""
        return normalize_origin(origin) in self.trusted_origins


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


async def readyz(_: Request) -> Response:
    try:
        await db.ensure_migrated()
    except Exception as error:  # any failure means "not ready"; the reason goes to the log
        log.warning("not ready", exc_info=error)
        return JSONResponse(
            {"status": "unavailable", "database": "unreachable or unmigrated"},
            status_code=503,
            headers={"Cache-Control": "no-store"},
        )
    return JSONResponse({"status": "ok", "database": "ok"}, headers={"Cache-Control": "no-store"})


def create_app(settings: Settings | None = None, *, manage_db: bool = True) -> Starlette:
    """`manage_db=False` lets a caller (the tests) own the Tortoise connection."""
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Live events (GraphQL subscriptions) through Redis when REDIS_URL is set.
        async with live.running(live.make_broker(settings.redis_url)), served(app):
            yield

    @contextlib.asynccontextmanager
    async def served(_: Starlette) -> AsyncIterator[None]:
        if not manage_db:
            yield
            return
        await db.init_db(settings.database_url)
        try:
            await db.ensure_migrated()
            # What is alive now (modules, the schema, the app) lives as long as the process:
            # left out of garbage collection, a full collection costs ~1 ms instead of ~70 ms,
            # which every request in flight would wait for (bench/availability.py's p99).
            gc.collect()
            gc.freeze()
            sweeper = asyncio.create_task(appointments_service.sweep_holds_forever())
            if settings.worker_in_process:
                notifications_worker.start_in_process()
            try:
                yield
            finally:
                if settings.worker_in_process:
                    await notifications_worker.stop_in_process()
                sweeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sweeper
        finally:
            await db.close_db()

    graphql_app = AsiointiGraphQL(settings)
    counter = make_counter(settings.redis_url)
    verifier = TokenVerifier(
        settings.jwt_issuers,
        cache_seconds=settings.jwks_cache_seconds,
        refetch_seconds=settings.jwks_refetch_seconds,
    )
    middleware = [
        Middleware(RequestIdMiddleware),
        Middleware(SecurityHeadersMiddleware, debug=settings.debug),
    ]
    if settings.allowed_origins:
        # Outside the gate, so that third parties' browsers can read 401 and 429 answers too.
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.allowed_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["content-type", "accept-language", "authorization", "x-api-key"],
                # Open311 answers page with X-Total-Count and Link.
                expose_headers=["retry-after", "x-request-id", "x-total-count", "link"],
            )
        )
    middleware += [
        # Who is calling (once per request) and rate limits, before anything else runs.
        Middleware(AccessMiddleware, settings=settings, counter=counter, verifier=verifier),
        Middleware(CsrfMiddleware, allowed_origins=settings.allowed_origins),
        # What a request changed is told to live subscribers once its work is done (committed).
        Middleware(live.PublishingMiddleware),
    ]
    return Starlette(
        debug=settings.debug,
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql_app, methods=["GET", "POST"]),
            # Subscriptions (graphql-transport-ws), behind the same gate as the requests.
            WebSocketRoute("/graphql", graphql_app),
            # OpenID Connect sign-in; authlib's SessionMiddleware (state, nonce) sits on these
            # routes only, so its cookie never reaches the rest of the app.
            *oidc.routes(settings),
            *accounts_web.routes(settings, counter),
            *gdpr_api.routes(settings.gdpr_query_scope, settings.gdpr_delete_scope),
            *calendar_web.routes(settings),
            *service_requests_web.routes(),
            *open311.routes(),
            Mount("/", app=PwaFiles(settings.pwa_dist)),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
