"""Loads the shipped Helsinki demo catalogue (`demo/catalogue.json`); safe to run again."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from tortoise.transactions import in_transaction

from backend.catalogue.holiday_closures import finnish_public_holidays
from backend.catalogue.models import (
    OpeningHoursException,
    Service,
    ServiceCategory,
    Unit,
    UnitService,
    WeeklyOpeningHours,
)
from backend.catalogue.service import search_key

DEMO_FILE = Path(__file__).with_name("demo") / "catalogue.json"
WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
HOLIDAY_HORIZON_DAYS = 400
LANGS = ("fi", "sv", "en")


def _texts(prefix: str, value: dict[str, str] | None) -> dict[str, str]:
    value = value or {}
    return {f"{prefix}_{lang}": (value.get(lang) or "").strip() for lang in LANGS}


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _all_texts(value: dict[str, str] | None) -> list[str]:
    return [v for v in (value or {}).values() if v]


def _unit_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "tpr_id": data.get("tpr_id"),
        **_texts("name", data["name"]),
        **_texts("description", data.get("description")),
        **_texts("street_address", data.get("street_address")),
        **_texts("city", data.get("city")),
        **_texts("area", data.get("area")),
        **_texts("website", data.get("website")),
        **_texts("accessibility", data.get("accessibility")),
        "postal_code": data.get("postal_code") or "",
        "latitude": data.get("lat"),
        "longitude": data.get("lon"),
        "phone": data.get("phone") or "",
        "email": data.get("email") or "",
        "search_text": search_key(
            *_all_texts(data["name"]),
            *_all_texts(data.get("street_address")),
            *_all_texts(data.get("area")),
            data.get("postal_code"),
        ),
    }


async def load_demo(path: Path = DEMO_FILE, today: date | None = None) -> dict[str, int]:
    """Upserts by slug in one transaction, so a re-run updates rows and never duplicates them."""
    # A small local file: reading it blocks for microseconds.
    data = json.loads(path.read_text(encoding="utf-8"))  # noqa: ASYNC240
    today = today or date.today()
    holidays = finnish_public_holidays(today, HOLIDAY_HORIZON_DAYS)
    categories = {c["slug"]: c for c in data["categories"]}
    async with in_transaction():
        await ServiceCategory.bulk_create(
            [
                ServiceCategory(
                    slug=c["slug"],
                    icon=c["icon"],
                    **_texts("name", c["name"]),
                    **_texts("description", c.get("description")),
                )
                for c in data["categories"]
            ],
            on_conflict=["slug"],
            update_fields=[
                "icon",
                "name_fi",
                "name_sv",
                "name_en",
                "description_fi",
                "description_sv",
                "description_en",
            ],
        )
        category_ids = dict(await ServiceCategory.all().values_list("slug", "id"))
        await Service.bulk_create(
            [
                Service(
                    slug=s["slug"],
                    category_id=category_ids[s["category"]],
                    **_texts("name", s["name"]),
                    **_texts("description", s.get("description")),
                    # Descriptions and the category's names too: "libraries" finds the
                    # library services even where their own names do not say so.
                    search_text=search_key(
                        *_all_texts(s["name"]),
                        *_all_texts(s.get("description")),
                        *_all_texts(categories[s["category"]]["name"]),
                    ),
                )
                for s in data["services"]
            ],
            on_conflict=["slug"],
            update_fields=[
                "category_id",
                "name_fi",
                "name_sv",
                "name_en",
                "description_fi",
                "description_sv",
                "description_en",
                "search_text",
            ],
        )
        service_ids = dict(await Service.all().values_list("slug", "id"))
        unit_rows = [Unit(slug=u["slug"], **_unit_fields(u)) for u in data["units"]]
        await Unit.bulk_create(
            unit_rows,
            on_conflict=["slug"],
            update_fields=[f for f in _unit_fields(data["units"][0]) if f != "tpr_id"],
        )
        unit_ids = dict(
            await Unit.filter(slug__in=[u["slug"] for u in data["units"]]).values_list("slug", "id")
        )
        ids = list(unit_ids.values())
        # The demo owns these units' links and hours: replace them wholesale.
        await UnitService.filter(unit_id__in=ids).delete()
        await WeeklyOpeningHours.filter(unit_id__in=ids).delete()
        await OpeningHoursException.filter(unit_id__in=ids).delete()
        await UnitService.bulk_create(
            [
                UnitService(unit_id=unit_ids[u["slug"]], service_id=service_ids[slug])
                for u in data["units"]
                for slug in u["services"]
            ]
        )
        await WeeklyOpeningHours.bulk_create(
            [
                WeeklyOpeningHours(
                    unit_id=unit_ids[u["slug"]],
                    weekday=WEEKDAYS[day],
                    opens=_minutes(opens),
                    closes=_minutes(closes),
                )
                for u in data["units"]
                for day, intervals in u["hours"].items()
                for opens, closes in intervals
            ]
        )
        await OpeningHoursException.bulk_create(
            [
                OpeningHoursException(unit_id=uid, date=day, closed=True, **_texts("note", names))
                for uid in ids
                for day, names in holidays.items()
            ]
        )
    return {
        "categories": len(data["categories"]),
        "services": len(data["services"]),
        "units": len(data["units"]),
        "holiday_closures": len(holidays) * len(ids),
    }
