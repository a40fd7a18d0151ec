"""Importer for the City's Service Map / service point register (TPR) unit data.

Reads the published JSON (`https://www.hel.fi/palvelukarttaws/rest/v4/unit/`): one array of
units with `_fi/_sv/_en` suffixed fields. Units are keyed by the register's `id`, so re-running
an import updates rows and never duplicates them. Opening hours live in the register's separate
`/connection/` records as free text and are not imported.
"""

from __future__ import annotations

import asyncio
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from tortoise.transactions import in_transaction

from backend.catalogue.models import Unit
from backend.catalogue.service import search_key

LANGS = ("fi", "sv", "en")
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024
TEXT_FIELDS = {
    "name": "name",
    "description": "desc",
    "street_address": "street_address",
    "city": "address_city",
    "website": "www",
}
UPDATED_FIELDS = [
    *(f"{ours}_{lang}" for ours in TEXT_FIELDS for lang in LANGS),
    "postal_code",
    "latitude",
    "longitude",
    "phone",
    "email",
    "search_text",
]


class ServiceMapFormatError(ValueError):
    """The input is not Service Map unit data."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    return value.strip() if isinstance(value, str) else ""


def _coordinate(raw: dict[str, Any], key: str, limit: float) -> float | None:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and -limit <= number <= limit else None


def unit_from_record(raw: dict[str, Any]) -> Unit:
    """A Unit from one register record; raises ValueError when the record cannot be used."""
    tpr_id = raw.get("id")
    if isinstance(tpr_id, bool) or not isinstance(tpr_id, int) or tpr_id <= 0:
        raise ValueError(f"record without a usable id: {str(tpr_id)[:40]!r}")
    names = {lang: _text(raw, f"name_{lang}") for lang in LANGS}
    if not any(names.values()):
        raise ValueError(f"unit {tpr_id} has no name")
    values: dict[str, Any] = {}
    for ours, theirs in TEXT_FIELDS.items():
        texts = {lang: _text(raw, f"{theirs}_{lang}") for lang in LANGS}
        for lang in LANGS:
            values[f"{ours}_{lang}"] = texts[lang]
    lat = _coordinate(raw, "latitude", 90)
    lon = _coordinate(raw, "longitude", 180)
    if lat is None or lon is None:
        lat = lon = None
    return Unit(
        slug=f"tpr-{tpr_id}",
        tpr_id=tpr_id,
        postal_code=_text(raw, "address_zip")[:10],
        latitude=lat,
        longitude=lon,
        phone=_text(raw, "phone")[:50],
        email=_text(raw, "email")[:200],
        search_text=search_key(
            *names.values(),
            *(values[f"street_address_{lang}"] for lang in LANGS),
            _text(raw, "address_zip"),
        ),
        **{k: v[:500] if k.startswith("website") else v for k, v in values.items()},
    )


def parse(document: Any) -> tuple[list[Unit], list[str]]:
    if not isinstance(document, list):
        raise ServiceMapFormatError("expected a JSON array of units")
    units: dict[int, Unit] = {}
    skipped: list[str] = []
    for position, raw in enumerate(document):
        if not isinstance(raw, dict):
            skipped.append(f"#{position}: not an object")
            continue
        try:
            unit = unit_from_record(raw)
        except ValueError as error:
            skipped.append(f"#{position}: {error}")
            continue
        assert unit.tpr_id is not None
        units[unit.tpr_id] = unit  # a later duplicate in the same file wins
    return list(units.values()), skipped


async def read_source(source: str) -> Any:
    if source.startswith(("http://", "https://")):
        async with httpx.AsyncClient(timeout=60, follow_redirects=True) as client:
            response = await client.get(source)
            response.raise_for_status()
            if len(response.content) > MAX_DOWNLOAD_BYTES:
                raise ServiceMapFormatError("the download is too large")
            return response.json()
    return json.loads(await asyncio.to_thread(Path(source).read_text, encoding="utf-8"))


async def import_units(document: Any) -> ImportReport:
    """Upserts on the register id in one transaction: all rows land, or none."""
    units, skipped = parse(document)
    report = ImportReport(skipped=skipped)
    if not units:
        return report
    ids = [u.tpr_id for u in units]
    async with in_transaction():
        existing = set(await Unit.filter(tpr_id__in=ids).values_list("tpr_id", flat=True))
        # Field names are the model's own, so the upsert is one INSERT … ON CONFLICT statement.
        await Unit.bulk_create(
            units, on_conflict=["tpr_id"], update_fields=UPDATED_FIELDS, batch_size=500
        )
    report.updated = len(existing)
    report.created = len(units) - len(existing)
    return report
