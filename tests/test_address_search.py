"""Address search (`addressSuggestions`) against a stand-in for the City's geocoder.

The Service Map API cannot be reached from these machines, so the test runs an HTTP server on
127.0.0.1 that answers `search/?type=address` in the Service Map's shape (addresses with a
multilingual `name` and a GeoJSON point) and records what it was asked. The answers below are
shaped after the API's documented address objects; the coordinates are real places."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import pytest
from aiohttp import web

from backend.app import create_app
from backend.settings import Settings
from tests.helpers import error_codes, gql

QUERY = """
query($text: String!, $first: Int) {
  addressSuggestions(text: $text, first: $first) { label latitude longitude }
}"""


def address(fi: str, sv: str, lat: float, lon: float) -> dict[str, Any]:
    return {
        "object_type": "address",
        "name": {"fi": fi, "sv": sv, "en": fi},
        "location": {"type": "Point", "coordinates": [lon, lat]},
    }


MANNERHEIMINTIE = [
    address("Mannerheimintie 5", "Mannerheimvägen 5", 60.1686, 24.9413),
    address("Mannerheimintie 5", "Mannerheimvägen 5", 60.1686, 24.9413),  # repeated: once
    # Leppävaara is Espoo: outside the City, never offered.
    address("Leppävaarankatu 5", "Albergagatan 5", 60.2187, 24.8130),
    {"object_type": "unit", "name": {"fi": "Oodi"}, "location": None},  # not an address
    {"object_type": "address", "name": {"fi": "Rikki"}, "location": {"coordinates": ["x", 1]}},
    address("Mannerheimintie 50", "Mannerheimvägen 50", 60.1814, 24.9284),
]


@dataclass
class StandIn:
    url: str
    asked: list[dict[str, str]] = field(default_factory=list)
    answer: Callable[[], web.StreamResponse] = lambda: web.json_response(
        {"count": len(MANNERHEIMINTIE), "results": MANNERHEIMINTIE}
    )


@pytest.fixture
async def geocoder() -> AsyncIterator[StandIn]:
    stand_in = StandIn(url="")

    async def search(request: web.Request) -> web.StreamResponse:
        stand_in.asked.append(dict(request.query))
        return stand_in.answer()

    app = web.Application()
    app.router.add_get("/servicemap/v2/search/", search)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    stand_in.url = f"http://127.0.0.1:{port}/servicemap/v2/"
    try:
        yield stand_in
    finally:
        await runner.cleanup()


@pytest.fixture
async def api(settings: Settings, geocoder: StandIn) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(replace(settings, geocoder_url=geocoder.url), manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def test_typed_text_gives_addresses_inside_the_city_in_the_callers_language(
    api: httpx.AsyncClient, geocoder: StandIn
) -> None:
    body = await gql(api, QUERY, {"text": "Mannerheimintie 5, Helsinki"}, lang="sv")
    assert "errors" not in body, body
    assert body["data"]["addressSuggestions"] == [
        {"label": "Mannerheimvägen 5", "latitude": 60.1686, "longitude": 24.9413},
        {"label": "Mannerheimvägen 50", "latitude": 60.1814, "longitude": 24.9284},
    ]
    # Punctuation the geocoder refuses is left out; the language and area are passed on.
    asked = geocoder.asked[-1]
    assert asked["q"] == "Mannerheimintie 5 Helsinki"
    assert (asked["type"], asked["language"], asked["municipality"]) == (
        "address",
        "sv",
        "helsinki",
    )


async def test_answers_are_kept_for_repeated_text_and_first_limits_them(
    api: httpx.AsyncClient, geocoder: StandIn
) -> None:
    text = {"text": "mannerheimintie 50", "first": 1}
    first = await gql(api, QUERY, text)
    again = await gql(api, QUERY, {**text, "text": "Mannerheimintie  50"})
    assert first == again
    assert len(first["data"]["addressSuggestions"]) == 1
    assert len(geocoder.asked) == 1


@pytest.mark.parametrize(
    ("lang", "words"), [("fi", "Kirjoita osoite itse"), ("en", "Please type the address")]
)
@pytest.mark.parametrize(
    "failure",
    [
        lambda: web.Response(status=503, text="maintenance"),
        lambda: web.Response(text="<html>not json</html>", content_type="text/html"),
    ],
)
async def test_a_failing_geocoder_is_a_typed_refusal_in_the_callers_language(
    api: httpx.AsyncClient,
    geocoder: StandIn,
    failure: Callable[[], web.StreamResponse],
    lang: str,
    words: str,
) -> None:
    geocoder.answer = failure
    body = await gql(api, QUERY, {"text": f"Aleksanterinkatu {lang}"}, lang=lang)
    assert error_codes(body) == ["ADDRESS_SEARCH_UNAVAILABLE"]
    assert words in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["field"] == "text"


async def test_an_unreachable_geocoder_is_refused_quickly(settings: Settings) -> None:
    # A port nobody listens on: the connection is refused at once.
    app = create_app(replace(settings, geocoder_url="http://127.0.0.1:9/"), manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        body = await asyncio.wait_for(gql(c, QUERY, {"text": "Kaisaniemenkatu"}), 5)
    assert error_codes(body) == ["ADDRESS_SEARCH_UNAVAILABLE"]


async def test_address_search_turned_off_is_refused(settings: Settings) -> None:
    app = create_app(replace(settings, geocoder_url=""), manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        body = await gql(c, QUERY, {"text": "Kaisaniemenkatu"})
    assert error_codes(body) == ["ADDRESS_SEARCH_UNAVAILABLE"]


@pytest.mark.parametrize("text", ["", "a", " , . ", "x" * 101, "Katu " * 50])
async def test_too_short_or_long_text_is_refused_without_asking(
    api: httpx.AsyncClient, geocoder: StandIn, text: str
) -> None:
    body = await gql(api, QUERY, {"text": text}, lang="en")
    assert error_codes(body) == ["INVALID_INPUT"]
    assert "Type 2–100 characters" in body["errors"][0]["message"]
    assert geocoder.asked == []


async def test_an_odd_answer_offers_nothing_rather_than_failing(
    api: httpx.AsyncClient, geocoder: StandIn
) -> None:
    geocoder.answer = lambda: web.json_response({"results": {"not": "a list"}})
    body = await gql(api, QUERY, {"text": "Hämeentie"})
    assert body == {"data": {"addressSuggestions": []}}
    geocoder.answer = lambda: web.Response(text=json.dumps([1, 2]), content_type="text/plain")
    body = await gql(api, QUERY, {"text": "Hämeentie 1"})
    assert body == {"data": {"addressSuggestions": []}}
