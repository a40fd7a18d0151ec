"""The Service Map (TPR) importer: real sample data, idempotent re-runs, bad records refused."""

from __future__ import annotations

import copy
import functools
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.catalogue import servicemap
from backend.catalogue.models import Unit
from tests.helpers import rolled_back

SAMPLE = Path(__file__).parent / "data" / "servicemap-units-sample.json"


def sample() -> list[dict[str, Any]]:
    document: list[dict[str, Any]] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return document


def new_unit(tpr_id: int, **overrides: Any) -> dict[str, Any]:
    record = copy.deepcopy(sample()[0])
    record.update(
        {
            "id": tpr_id,
            "name_fi": f"Testiyksikkö {tpr_id}",
            "name_sv": f"Testenhet {tpr_id}",
            "name_en": f"Test unit {tpr_id}",
        }
    )
    record.update(overrides)
    return record


@pytest.mark.usefixtures("database_url")
async def test_sample_import_updates_the_demo_units_by_register_id() -> None:
    async with rolled_back():
        before = await Unit.all().count()
        report = await servicemap.import_units(sample())
        # The demo already has both units under their register ids: updated, never duplicated.
        assert (report.created, report.updated, report.skipped) == (0, 2, [])
        assert await Unit.all().count() == before
        oodi = await Unit.get(tpr_id=51342)
        assert oodi.name_sv == "Helsingfors centrumbibliotek Ode"
        assert oodi.slug != "tpr-51342"  # the demo's slug stays


@pytest.mark.usefixtures("database_url")
async def test_import_creates_then_updates_without_duplicates() -> None:
    async with rolled_back():
        before = await Unit.all().count()
        records = [new_unit(900001), new_unit(900002, latitude=60.2, longitude=25.0)]
        first = await servicemap.import_units(records)
        assert (first.created, first.updated) == (2, 0)
        records[0]["name_en"] = "Renamed unit"
        records[1]["street_address_fi"] = "Uusi katu 1"
        second = await servicemap.import_units(records)
        assert (second.created, second.updated) == (0, 2)
        assert await Unit.all().count() == before + 2
        renamed = await Unit.get(tpr_id=900001)
        assert renamed.name_en == "Renamed unit"
        assert renamed.slug == "tpr-900001"
        assert "renamed unit" in renamed.search_text
        moved = await Unit.get(tpr_id=900002)
        assert (moved.latitude, moved.longitude, moved.street_address_fi) == (
            60.2,
            25.0,
            "Uusi katu 1",
        )


@pytest.mark.usefixtures("database_url")
async def test_unusable_records_are_skipped_with_reasons() -> None:
    async with rolled_back():
        records: list[Any] = [
            "not an object",
            {"name_fi": "No id"},
            {"id": "12", "name_fi": "Id as text"},
            {"id": True, "name_fi": "Boolean id"},
            {"id": 900010},
            new_unit(900011, latitude=123.0, longitude=24.9),
            new_unit(900012, latitude=float("nan"), longitude=24.9),
        ]
        report = await servicemap.import_units(records)
        assert report.created == 2
        assert len(report.skipped) == 5
        for tpr_id in (900011, 900012):
            unit = await Unit.get(tpr_id=tpr_id)
            assert unit.latitude is None
            assert unit.longitude is None


@pytest.mark.usefixtures("database_url")
async def test_not_a_unit_list_changes_nothing() -> None:
    before = await Unit.all().count()
    documents: list[Any] = [{"results": []}, "text", 42, None]
    for document in documents:
        with pytest.raises(servicemap.ServiceMapFormatError):
            await servicemap.import_units(document)
    assert await Unit.all().count() == before


async def test_read_source_reads_a_file_and_refuses_a_missing_one(tmp_path: Path) -> None:
    assert await servicemap.read_source(str(SAMPLE)) == sample()
    with pytest.raises(OSError, match="No such file"):
        await servicemap.read_source(str(tmp_path / "missing.json"))


async def test_read_source_over_http() -> None:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(SAMPLE.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/{SAMPLE.name}"
        assert await servicemap.read_source(url) == sample()
        with pytest.raises(httpx.HTTPStatusError):
            await servicemap.read_source(url + ".missing")
    finally:
        server.shutdown()
        thread.join()
