"""DataLoaders: one SQL query per kind of relation per request, whatever the page size."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from strawberry.dataloader import DataLoader

from backend.catalogue import service
from backend.catalogue.models import (
    OpeningHoursException,
    Service,
    ServiceCategory,
    Unit,
    WeeklyOpeningHours,
)

ExceptionKey = tuple[int, date, date]


async def _units(ids: list[int]) -> Sequence[Unit | None]:
    found = await service.units_by_ids(ids)
    return [found.get(i) for i in ids]


async def _services(ids: list[int]) -> Sequence[Service | None]:
    found = await service.services_by_ids(ids)
    return [found.get(i) for i in ids]


async def _categories(ids: list[int]) -> Sequence[ServiceCategory | None]:
    found = await service.categories_by_ids(ids)
    return [found.get(i) for i in ids]


async def _services_of_units(ids: list[int]) -> Sequence[list[Service]]:
    found = await service.services_of_units(ids)
    return [found[i] for i in ids]


async def _services_of_categories(ids: list[int]) -> Sequence[list[Service]]:
    found = await service.services_of_categories(ids)
    return [found[i] for i in ids]


async def _unit_counts(ids: list[int]) -> Sequence[int]:
    found = await service.unit_counts(ids)
    return [found[i] for i in ids]


async def _weekly_hours(ids: list[int]) -> Sequence[list[WeeklyOpeningHours]]:
    found = await service.weekly_hours_of_units(ids)
    return [found[i] for i in ids]


async def _exceptions(keys: list[ExceptionKey]) -> Sequence[list[OpeningHoursException]]:
    """Keys are (unit, first day, last day); one query covers the union of the ranges."""
    rows = await service.exceptions_of_units(
        sorted({k[0] for k in keys}), min(k[1] for k in keys), max(k[2] for k in keys)
    )
    return [
        [r for r in rows if r.unit_id == unit_id and start <= r.date <= end]
        for unit_id, start, end in keys
    ]


class CatalogueLoaders:
    def __init__(self) -> None:
        self.unit = DataLoader(load_fn=_units)
        self.service = DataLoader(load_fn=_services)
        self.category = DataLoader(load_fn=_categories)
        self.services_of_unit = DataLoader(load_fn=_services_of_units)
        self.services_of_category = DataLoader(load_fn=_services_of_categories)
        self.unit_count = DataLoader(load_fn=_unit_counts)
        self.weekly_hours = DataLoader(load_fn=_weekly_hours)
        self.exceptions = DataLoader(load_fn=_exceptions)
