"""GraphQL face of the catalogue: thin types over `service`, relations through DataLoaders."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import strawberry
from strawberry import relay

from backend.api.context import Info
from backend.api.errors import BadUserInput, NotFound
from backend.api.pagination import page_request
from backend.catalogue import models, service
from backend.catalogue.opening_hours import Interval, days_of
from backend.i18n import Language, localized

HELSINKI = ZoneInfo("Europe/Helsinki")
MAX_OPENING_DAYS = 31
DEFAULT_PAGE_SIZE = 20


def _optional(text: str) -> str | None:
    return text or None


@strawberry.type(description="A geographic point in WGS84 coordinates.")
class Location:
    lat: float
    lon: float


@strawberry.input(description="A geographic point in WGS84 coordinates.")
class LocationInput:
    lat: float
    lon: float


@strawberry.type(description="A time span within a day, in local time (Europe/Helsinki).")
class TimeInterval:
    opens: str = strawberry.field(description="Opening time, HH:MM.")
    closes: str = strawberry.field(description="Closing time, HH:MM.")


@strawberry.type(description="One opening interval of the regular week.")
class WeeklyHours:
    weekday: int = strawberry.field(description="ISO weekday: 1 = Monday … 7 = Sunday.")
    opens: str
    closes: str


@strawberry.type(description="Opening hours of one date, exceptions (holidays) applied.")
class DayHours:
    date: date
    weekday: int = strawberry.field(description="ISO weekday: 1 = Monday … 7 = Sunday.")
    closed: bool
    intervals: list[TimeInterval]
    note: str | None = strawberry.field(description="Why the day differs, e.g. a holiday.")


# Text fields are plain attributes, filled in the caller's language when the object is made:
# a resolver per field costs several microseconds each, and a page has hundreds of fields.


@strawberry.type(description="A group of services, such as libraries or health.")
class ServiceCategory(relay.Node):
    id: relay.NodeID[int]
    name: str
    description: str | None
    icon: str = strawberry.field(description="A key of the category's icon, e.g. `book`.")

    @strawberry.field
    async def services(self, info: Info) -> list[Service]:
        found = await info.context.catalogue.services_of_category.load(self.id)
        return [Service.of(s, info.context.language) for s in found]

    @classmethod
    def of(cls, model: models.ServiceCategory, language: Language) -> ServiceCategory:
        return cls(
            id=model.id,
            name=localized(model, "name", language),
            description=_optional(localized(model, "description", language)),
            icon=model.icon,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[ServiceCategory | None]:
        loaded = await info.context.catalogue.category.load_many([int(i) for i in node_ids])
        return [cls.of(m, info.context.language) if m else None for m in loaded]


@strawberry.type(description="Something a citizen can get done, offered at one or more units.")
class Service(relay.Node):
    id: relay.NodeID[int]
    name: str
    description: str | None
    category_id: strawberry.Private[int]

    @strawberry.field
    async def category(self, info: Info) -> ServiceCategory:
        found = await info.context.catalogue.category.load(self.category_id)
        assert found is not None  # a foreign key with ON DELETE RESTRICT
        return ServiceCategory.of(found, info.context.language)

    @strawberry.field(description="How many units offer this service.")
    async def unit_count(self, info: Info) -> int:
        return await info.context.catalogue.unit_count.load(self.id)

    @classmethod
    def of(cls, model: models.Service, language: Language) -> Service:
        return cls(
            id=model.id,
            name=localized(model, "name", language),
            description=_optional(localized(model, "description", language)),
            category_id=model.category_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Service | None]:
        loaded = await info.context.catalogue.service.load_many([int(i) for i in node_ids])
        return [cls.of(m, info.context.language) if m else None for m in loaded]


@strawberry.type(description="A City service point: a library, a health station, a swimming hall…")
class Unit(relay.Node):
    id: relay.NodeID[int]
    name: str
    description: str | None
    street_address: str | None
    postal_code: str | None
    city: str | None
    area: str | None = strawberry.field(description="The district, e.g. Kallio.")
    location: Location | None
    distance: float | None = strawberry.field(
        description="Metres from the `near` location; null without one."
    )
    phone: str | None
    email: str | None
    website: str | None
    accessibility: str | None = strawberry.field(description="Accessibility notes.")

    @strawberry.field
    async def services(self, info: Info) -> list[Service]:
        found = await info.context.catalogue.services_of_unit.load(self.id)
        return [Service.of(s, info.context.language) for s in found]

    @strawberry.field
    async def weekly_hours(self, info: Info) -> list[WeeklyHours]:
        rows = await info.context.catalogue.weekly_hours.load(self.id)
        return [
            WeeklyHours(
                weekday=r.weekday, opens=Interval.hhmm(r.opens), closes=Interval.hhmm(r.closes)
            )
            for r in rows
        ]

    @strawberry.field(description="Hours per date from `from` (default today in Helsinki).")
    async def opening_hours(
        self,
        info: Info,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        days: int = 7,
    ) -> list[DayHours]:
        language = info.context.language
        if not 1 <= days <= MAX_OPENING_DAYS:
            raise BadUserInput("bad_days", language, max=MAX_OPENING_DAYS)
        start = from_ or datetime.now(HELSINKI).date()
        end = date.fromordinal(start.toordinal() + days - 1)
        loaders = info.context.catalogue
        weekly = await loaders.weekly_hours.load(self.id)
        exceptions = await loaders.exceptions.load((self.id, start, end))
        return [
            DayHours(
                date=d.date,
                weekday=d.date.isoweekday(),
                closed=d.closed,
                note=d.note or None,
                intervals=[
                    TimeInterval(opens=Interval.hhmm(i.opens), closes=Interval.hhmm(i.closes))
                    for i in d.intervals
                ],
            )
            for d in days_of(start, days, weekly, exceptions, language)
        ]

    @classmethod
    def of(cls, model: models.Unit, language: Language, distance: float | None = None) -> Unit:
        lat, lon = model.latitude, model.longitude
        return cls(
            id=model.id,
            name=localized(model, "name", language),
            description=_optional(localized(model, "description", language)),
            street_address=_optional(localized(model, "street_address", language)),
            postal_code=_optional(model.postal_code),
            city=_optional(localized(model, "city", language)),
            area=_optional(localized(model, "area", language)),
            location=Location(lat=lat, lon=lon) if lat is not None and lon is not None else None,
            distance=distance,
            phone=_optional(model.phone),
            email=_optional(model.email),
            website=_optional(localized(model, "website", language)),
            accessibility=_optional(localized(model, "accessibility", language)),
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Unit | None]:
        loaded = await info.context.catalogue.unit.load_many([int(i) for i in node_ids])
        return [cls.of(m, info.context.language) if m else None for m in loaded]


@strawberry.type
class UnitConnection(relay.Connection[Unit]):
    total_count: int = strawberry.field(description="How many units match, over all pages.")


@strawberry.type
class ServiceConnection(relay.Connection[Service]):
    total_count: int = strawberry.field(description="How many services match, over all pages.")


NODE_TYPES: dict[str, type[Any]] = {
    "Unit": Unit,
    "Service": Service,
    "ServiceCategory": ServiceCategory,
}


def decode_id(global_id: str, expected: str, language: Language) -> int:
    """The database id inside a global id of the expected type, or a typed error."""
    try:
        parsed = relay.GlobalID.from_id(global_id)
        db_id = int(parsed.node_id)
    except ValueError:
        raise BadUserInput("bad_id", language) from None
    if parsed.type_name != expected:
        raise BadUserInput("wrong_id_type", language, type=expected)
    return db_id


def _check_search(search: str | None, language: Language) -> None:
    if search is not None and len(search) > service.MAX_SEARCH_LENGTH:
        raise BadUserInput("search_too_long", language, max=service.MAX_SEARCH_LENGTH)


@strawberry.type
class CatalogueQuery:
    @strawberry.field(description="Units (service points); nearest first when `near` is given.")
    async def units(
        self,
        info: Info,
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        search: str | None = None,
        service_id: strawberry.ID | None = None,
        near: LocationInput | None = None,
    ) -> UnitConnection:
        language = info.context.language
        page = page_request(
            first,
            after,
            default=DEFAULT_PAGE_SIZE,
            maximum=info.context.settings.max_page_size,
            language=language,
        )
        _check_search(search, language)
        point = service.Point(near.lat, near.lon) if near else None
        if point is not None and not point.valid:
            raise BadUserInput("bad_location", language)
        sid = None
        if service_id is not None:
            sid = decode_id(service_id, "Service", language)
            if await info.context.catalogue.service.load(sid) is None:
                raise NotFound("not_found", language)
        found = await service.find_units(
            search=search,
            service_id=sid,
            near=point,
            order_field=f"name_{language.value}",
            offset=page.offset,
            limit=page.limit,
        )
        edges = [
            relay.Edge(
                cursor=page.cursor(i),
                node=Unit.of(
                    u,
                    language,
                    service.distance_m(point, u.latitude, u.longitude) if point else None,
                ),
            )
            for i, u in enumerate(found.items)
        ]
        return UnitConnection(
            edges=edges,
            page_info=page.page_info(len(edges), found.total),
            total_count=found.total,
        )

    @strawberry.field(description="Services, by name.")
    async def services(
        self,
        info: Info,
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        search: str | None = None,
        category_id: strawberry.ID | None = None,
    ) -> ServiceConnection:
        language = info.context.language
        page = page_request(
            first,
            after,
            default=DEFAULT_PAGE_SIZE,
            maximum=info.context.settings.max_page_size,
            language=language,
        )
        _check_search(search, language)
        cid = None
        if category_id is not None:
            cid = decode_id(category_id, "ServiceCategory", language)
            if await info.context.catalogue.category.load(cid) is None:
                raise NotFound("not_found", language)
        found = await service.find_services(
            search=search,
            category_id=cid,
            order_field=f"name_{language.value}",
            offset=page.offset,
            limit=page.limit,
        )
        edges = [
            relay.Edge(cursor=page.cursor(i), node=Service.of(s, language))
            for i, s in enumerate(found.items)
        ]
        return ServiceConnection(
            edges=edges,
            page_info=page.page_info(len(edges), found.total),
            total_count=found.total,
        )

    @strawberry.field(description="Every service category, by name.")
    async def service_categories(self, info: Info) -> list[ServiceCategory]:
        found = await service.categories(f"name_{info.context.language.value}")
        return [ServiceCategory.of(c, info.context.language) for c in found]
