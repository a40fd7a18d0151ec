"""Catalogue rules and queries; no GraphQL here, so the REST faces can call the same functions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from tortoise.expressions import Q, RawSQL, Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from backend.catalogue.models import (
    OpeningHoursException,
    Service,
    ServiceCategory,
    Unit,
    UnitService,
    WeeklyOpeningHours,
)

EARTH_RADIUS_M = 6_371_008.8
MAX_SEARCH_LENGTH = 200


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float

    @property
    def valid(self) -> bool:
        return (
            math.isfinite(self.lat)
            and math.isfinite(self.lon)
            and -90 <= self.lat <= 90
            and -180 <= self.lon <= 180
        )


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int


def search_key(*texts: str | None) -> str:
    return " ".join(t.strip().lower() for t in texts if t and t.strip())


def distance_m(a: Point, lat: float | None, lon: float | None) -> float | None:
    """Metres from `a` on the equirectangular projection centred on it.

    The same formula orders units in SQL (see `_distance_order_sql`), so reported distances and
    the order always agree. Within a city it differs from the great-circle distance by well
    under 0.1 %.
    """
    if lat is None or lon is None:
        return None
    k = math.cos(math.radians(a.lat))
    dy, dx = lat - a.lat, k * (lon - a.lon)
    return math.radians(math.sqrt(dy * dy + dx * dx)) * EARTH_RADIUS_M


def _distance_order_sql(near: Point) -> str:
    """An SQL expression ordered like `distance_m`, portable to SQLite and PostgreSQL.

    It needs no trigonometry in SQL (SQLite has none by default). Floats are formatted by Python,
    never interpolated from text, so this is not an injection path.
    """
    lat, lon = float(near.lat), float(near.lon)
    k = math.cos(math.radians(lat))
    return (
        f"COALESCE((latitude - ({lat!r})) * (latitude - ({lat!r})) + "
        f"({k!r} * (longitude - ({lon!r}))) * ({k!r} * (longitude - ({lon!r}))), 1e12)"
    )


def _unit_query(search: str | None, service_id: int | None) -> QuerySet[Unit]:
    query = Unit.all()
    if search and search.strip():
        for word in search.strip().lower().split():
            offering = UnitService.filter(service__search_text__contains=word).values("unit_id")
            query = query.filter(Q(search_text__contains=word) | Q(id__in=Subquery(offering)))
    if service_id is not None:
        offering = UnitService.filter(service_id=service_id).values("unit_id")
        query = query.filter(id__in=Subquery(offering))
    return query


async def find_units(
    *,
    search: str | None,
    service_id: int | None,
    near: Point | None,
    order_field: str,
    offset: int,
    limit: int,
) -> Page[Unit]:
    """Units matching the filters, nearest first when `near` is given, else by name."""
    base = _unit_query(search, service_id)
    total = await base.count()
    if limit == 0:
        return Page(items=[], total=total)
    if near is not None:
        page_query = base.annotate(_distance=RawSQL(_distance_order_sql(near))).order_by(
            "_distance", "id"
        )
    else:
        page_query = base.order_by(order_field, "id")
    items = await page_query.offset(offset).limit(limit)
    return Page(items=list(items), total=total)


async def find_services(
    *,
    search: str | None,
    category_id: int | None,
    order_field: str,
    offset: int,
    limit: int,
) -> Page[Service]:
    query = Service.all()
    if search and search.strip():
        for word in search.strip().lower().split():
            query = query.filter(search_text__contains=word)
    if category_id is not None:
        query = query.filter(category_id=category_id)
    total = await query.count()
    if limit == 0:
        return Page(items=[], total=total)
    items = await query.order_by(order_field, "id").offset(offset).limit(limit)
    return Page(items=list(items), total=total)


async def categories(order_field: str) -> list[ServiceCategory]:
    return list(await ServiceCategory.all().order_by(order_field, "id"))


async def units_by_ids(ids: Sequence[int]) -> dict[int, Unit]:
    return {u.id: u for u in await Unit.filter(id__in=list(ids))}


async def services_by_ids(ids: Sequence[int]) -> dict[int, Service]:
    return {s.id: s for s in await Service.filter(id__in=list(ids))}


async def categories_by_ids(ids: Sequence[int]) -> dict[int, ServiceCategory]:
    return {c.id: c for c in await ServiceCategory.filter(id__in=list(ids))}


async def services_of_units(unit_ids: Sequence[int]) -> dict[int, list[Service]]:
    links = await UnitService.filter(unit_id__in=list(unit_ids)).select_related("service")
    result: dict[int, list[Service]] = {uid: [] for uid in unit_ids}
    for link in links:
        result[link.unit_id].append(link.service)
    return result


async def services_of_categories(category_ids: Sequence[int]) -> dict[int, list[Service]]:
    result: dict[int, list[Service]] = {cid: [] for cid in category_ids}
    for service in await Service.filter(category_id__in=list(category_ids)).order_by("id"):
        result[service.category_id].append(service)
    return result


async def unit_counts(service_ids: Sequence[int]) -> dict[int, int]:
    rows = (
        await UnitService.filter(service_id__in=list(service_ids))
        .annotate(n=Count("id"))
        .group_by("service_id")
        .values("service_id", "n")
    )
    counts = dict.fromkeys(service_ids, 0)
    counts.update({row["service_id"]: row["n"] for row in rows})
    return counts


async def weekly_hours_of_units(unit_ids: Sequence[int]) -> dict[int, list[WeeklyOpeningHours]]:
    result: dict[int, list[WeeklyOpeningHours]] = {uid: [] for uid in unit_ids}
    rows = await WeeklyOpeningHours.filter(unit_id__in=list(unit_ids)).order_by("weekday", "opens")
    for row in rows:
        result[row.unit_id].append(row)
    return result


async def exceptions_of_units(
    unit_ids: Sequence[int], start: date, end: date
) -> list[OpeningHoursException]:
    return list(
        await OpeningHoursException.filter(
            unit_id__in=list(unit_ids), date__gte=start, date__lte=end
        )
    )
