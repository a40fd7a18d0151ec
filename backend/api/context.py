"""Per-request GraphQL context: the caller's language and the request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from strawberry.types import Info as StrawberryInfo

from backend.accounts.authn import principal_of
from backend.accounts.principal import ANONYMOUS, Principal
from backend.i18n import Language, negotiate_language
from backend.settings import Settings

if TYPE_CHECKING:
    from backend.catalogue.loaders import CatalogueLoaders


@dataclass
class Context:
    request: Request | None
    language: Language
    settings: Settings
    principal: Principal = ANONYMOUS
    response: Any = None
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

    @classmethod
    async def for_request(
        cls, request: Request, settings: Settings, response: Any = None
    ) -> Context:
        language = negotiate_language(
            request.query_params.get("lang"), request.headers.get("accept-language")
        )
        principal = await principal_of(request)
        return cls(
            request=request,
            language=language,
            settings=settings,
            principal=principal,
            response=response,
        )


Info = StrawberryInfo[Context, Any]
