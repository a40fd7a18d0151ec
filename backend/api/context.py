"""Per-request GraphQL context: the caller's language and the request's DataLoaders.

A subscription's context lives as long as its WebSocket: `gate` (set by AccessMiddleware on the
handshake) authenticates the caller again and counts each subscription against their rate limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from starlette.requests import HTTPConnection, Request
from strawberry.types import Info as StrawberryInfo

from backend.accounts import sessions
from backend.accounts.authn import principal_of
from backend.accounts.principal import ANONYMOUS, Principal
from backend.accounts.service import principal_for
from backend.i18n import Language, negotiate_language
from backend.settings import Settings

if TYPE_CHECKING:
    from backend.catalogue.loaders import CatalogueLoaders

Transport = Literal["http", "websocket"]
GATE = "gate"  # its key in the connection's `scope["state"]`


class Gate(Protocol):
    """What the API's gate keeps for a long-lived connection."""

    async def reauthenticate(self) -> Principal | None:
        """The caller now, by the credential of the handshake; None when it is refused."""
        ...

    async def admit(self) -> int | None:
        """Counts one operation; the seconds to wait when over the limit, else None."""
        ...


def as_request(connection: HTTPConnection) -> Request:
    """A WebSocket handshake read like a request (headers, cookies, query, state)."""
    if isinstance(connection, Request):
        return connection
    return Request({**connection.scope, "type": "http", "method": "GET"})


@dataclass
class Context:
    request: Request | None
    language: Language
    settings: Settings
    principal: Principal = ANONYMOUS
    response: Any = None
    transport: Transport = "http"
    gate: Gate | None = field(default=None, repr=False)
    _catalogue: CatalogueLoaders | None = field(default=None, repr=False)

    @property
    def catalogue(self) -> CatalogueLoaders:
        # Loaders are made lazily so that a request that needs none pays nothing for them.
        if self._catalogue is None:
            from backend.catalogue.loaders import CatalogueLoaders

            self._catalogue = CatalogueLoaders()
        return self._catalogue

    def mark_personal(self) -> None:
        """The answer holds someone's personal data: no shared cache, no offline copy."""
        if self.response is not None:
            self.response.headers["Cache-Control"] = "private, no-store"

    async def reauthenticate(self) -> Principal | None:
        """The caller now (a signed-out session is ANONYMOUS; a refused credential None)."""
        if self.gate is not None:
            return await self.gate.reauthenticate()
        if self.request is None:
            return self.principal
        # Without the gate (a bare test app): the session cookie alone.
        session = await sessions.current(self.request)
        if session is None:
            return ANONYMOUS
        return await principal_for(session.user, via="session", assurance=session.assurance)

    async def admit(self) -> int | None:
        return await self.gate.admit() if self.gate is not None else None

    @classmethod
    async def for_request(
        cls, connection: HTTPConnection, settings: Settings, response: Any = None
    ) -> Context:
        """For an HTTP request, or a WebSocket (strawberry passes it for subscriptions)."""
        websocket = connection.scope["type"] == "websocket"
        request = as_request(connection)
        language = negotiate_language(
            request.query_params.get("lang"), request.headers.get("accept-language")
        )
        principal = await principal_of(request)
        gate = request.scope.get("state", {}).get(GATE)
        return cls(
            request=request,
            language=language,
            settings=settings,
            principal=principal,
            # A WebSocket has no headers to set once accepted.
            response=None if websocket else response,
            transport="websocket" if websocket else "http",
            gate=gate,
        )


Info = StrawberryInfo[Context, Any]
