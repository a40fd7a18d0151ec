"""Address search for the report flow: typed text → addresses with coordinates, from the City's
geocoder (the Service Map API's `search/?type=address`, whose address objects carry a
multilingual `name` and a GeoJSON `location` in WGS84).

Only addresses inside the City (`geography.in_helsinki`) are offered, since a request must be
there. Answers are kept for a few minutes (people type the same street names), and a geocoder
that is down or slow is a typed refusal: the report flow then lets people type the address as
free text, which the request keeps as it is.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import httpx

from backend.i18n import Language
from backend.service_requests.geography import in_helsinki

MIN_LENGTH = 2
MAX_LENGTH = 100
MAX_RESULTS = 10
TIMEOUT = httpx.Timeout(3.0, connect=2.0)
MAX_ANSWER_BYTES = 512 * 1024
CACHE_SECONDS = 300.0
CACHE_ENTRIES = 500
# The Service Map refuses search text with anything but letters, digits, spaces and "+-&|".
UNSEARCHABLE = re.compile(r"[^\w\såäöÅÄÖ-]+")

MESSAGES: dict[str, dict[Language, str]] = {
    "address_search_unavailable": {
        Language.FI: "Osoitehaku ei ole juuri nyt käytettävissä. Kirjoita osoite itse.",
        Language.SV: "Adressökningen är inte tillgänglig just nu. Skriv adressen själv.",
        Language.EN: "Address search is not available right now. Please type the address.",
    },
    "address_search_text": {
        Language.FI: "Kirjoita osoitteeseen {min}–{max} merkkiä.",
        Language.SV: "Skriv {min}–{max} tecken i adressen.",
        Language.EN: "Type {min}–{max} characters of the address.",
    },
}


class AddressSearchError(Exception):
    def __init__(self, code: str, key: str) -> None:
        super().__init__(key)
        self.code = code
        self.key = key

    def message(self, language: Language) -> str:
        return MESSAGES[self.key][language].format(min=MIN_LENGTH, max=MAX_LENGTH)


def unavailable() -> AddressSearchError:
    return AddressSearchError("ADDRESS_SEARCH_UNAVAILABLE", "address_search_unavailable")


@dataclass(frozen=True)
class Address:
    label: str
    latitude: float
    longitude: float


def search_text(text: str) -> str:
    """What the geocoder is asked: the text without punctuation (so "Mannerheimintie 5, Helsinki"
    still finds the street), or a refusal when too short or too long."""
    cleaned = " ".join(UNSEARCHABLE.sub(" ", text).split())
    if not MIN_LENGTH <= len(cleaned) <= MAX_LENGTH or len(text) > 2 * MAX_LENGTH:
        raise AddressSearchError("INVALID_INPUT", "address_search_text")
    return cleaned


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def parse(document: Any, language: Language, limit: int) -> list[Address]:
    """The addresses of a geocoder answer inside the City, in the caller's language where the
    geocoder has it. Anything not shaped like an address is passed over."""
    results = document.get("results") if isinstance(document, dict) else None
    found: list[Address] = []
    seen: set[str] = set()
    for item in results if isinstance(results, list) else []:
        if not isinstance(item, dict) or item.get("object_type", "address") != "address":
            continue
        names = item.get("name")
        location = item.get("location")
        if not isinstance(names, dict) or not isinstance(location, dict):
            continue
        label = next(
            (
                names[code].strip()
                for code in (language.value, "fi", "sv", "en")
                if isinstance(names.get(code), str) and names[code].strip()
            ),
            "",
        )
        coordinates = location.get("coordinates")
        if not label or not isinstance(coordinates, list) or len(coordinates) != 2:
            continue
        lon, lat = _float(coordinates[0]), _float(coordinates[1])
        if lat is None or lon is None or not in_helsinki(lat, lon) or label in seen:
            continue
        seen.add(label)
        found.append(Address(label=label, latitude=lat, longitude=lon))
        if len(found) == limit:
            break
    return found


class Geocoder:
    """One per process: a shared HTTP client and a small cache of recent answers."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""
        self._client: httpx.AsyncClient | None = None
        self._cache: OrderedDict[tuple[str, str, int], tuple[float, list[Address]]] = OrderedDict()

    async def search(self, text: str, language: Language, limit: int) -> list[Address]:
        query = search_text(text)
        limit = max(1, min(limit, MAX_RESULTS))
        if not self.base_url:
            raise unavailable()
        key = (query.casefold(), language.value, limit)
        cached = self._cache.get(key)
        if cached is not None and cached[0] > time.monotonic():
            self._cache.move_to_end(key)
            return cached[1]
        found = parse(await self._fetch(query, language, limit), language, limit)
        self._cache[key] = (time.monotonic() + CACHE_SECONDS, found)
        while len(self._cache) > CACHE_ENTRIES:
            self._cache.popitem(last=False)
        return found

    async def _fetch(self, query: str, language: Language, limit: int) -> Any:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False)
        params = {
            "q": query,
            "type": "address",
            "language": language.value,
            "municipality": "helsinki",
            # Outside-the-City addresses are dropped after the answer: ask for some spare.
            "address_limit": str(limit * 2),
            "page_size": str(limit * 2),
        }
        try:
            response = await self._client.get(self.base_url + "search/", params=params)
            if response.status_code != 200 or len(response.content) > MAX_ANSWER_BYTES:
                raise unavailable()
            return response.json()
        except (httpx.HTTPError, ValueError):
            raise unavailable() from None

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


_geocoders: dict[str, Geocoder] = {}


def geocoder(base_url: str) -> Geocoder:
    """The process's geocoder for this URL (settings differ between tests, not in production)."""
    found = _geocoders.get(base_url)
    if found is None:
        found = _geocoders[base_url] = Geocoder(base_url)
    return found
