"""The app as served, plus one plain Starlette JSON endpoint doing the same database work as the
PWA's unit search: the floor that GraphQL's cost is measured against."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from backend.app import create_app
from backend.catalogue import service
from backend.i18n import localized, negotiate_language


async def plain_search_units(request: Request) -> JSONResponse:
    language = negotiate_language(request.query_params.get("lang"), None)
    found = await service.find_units(
        search=request.query_params.get("search"),
        service_id=None,
        near=None,
        order_field=f"name_{language.value}",
        offset=0,
        limit=int(request.query_params.get("first", "20")),
    )
    return JSONResponse(
        {
            "totalCount": found.total,
            "items": [
                {
                    "id": unit.id,
                    "name": localized(unit, "name", language),
                    "streetAddress": localized(unit, "street_address", language) or None,
                    "postalCode": unit.postal_code or None,
                    "city": localized(unit, "city", language) or None,
                    "area": localized(unit, "area", language) or None,
                }
                for unit in found.items
            ],
        }
    )


def create_bench_app() -> Starlette:
    app = create_app()
    app.router.routes.insert(0, Route("/bench/plain-search-units", plain_search_units))
    return app
