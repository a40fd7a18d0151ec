"""A stand-in for the City's geocoder (the Service Map API's `search/?type=address`) for the
browser tests: the real one cannot be reached from these machines. It answers in the Service
Map's shape from a handful of real Helsinki addresses, matching every word of `q` at the start
of a word of the address, and records what it was asked."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PATH = "/servicemap/v2/search/"

# (Finnish, Swedish, latitude, longitude)
ADDRESSES = [
    ("Mannerheimintie 5", "Mannerheimvägen 5", 60.16863, 24.94128),
    ("Mannerheimintie 13", "Mannerheimvägen 13", 60.17140, 24.93850),
    ("Mannerheimintie 50", "Mannerheimvägen 50", 60.18140, 24.92840),
    ("Aleksanterinkatu 52", "Alexandersgatan 52", 60.16914, 24.94452),
    ("Kaisaniemenkatu 2", "Kajsaniemigatan 2", 60.17098, 24.94578),
    ("Hämeentie 1", "Tavastvägen 1", 60.18029, 24.95303),
]


def answer(query: str, language: str, limit: int) -> dict[str, Any]:
    words = [w.casefold() for w in query.split()]
    results = []
    for fi, sv, lat, lon in ADDRESSES:
        name = {"fi": fi, "sv": sv, "en": fi}
        parts = name.get(language, fi).casefold().split() + fi.casefold().split()
        if all(any(part.startswith(w) for part in parts) for w in words):
            results.append(
                {
                    "object_type": "address",
                    "name": name,
                    "location": {"type": "Point", "coordinates": [lon, lat]},
                }
            )
    return {"count": len(results), "results": results[:limit]}


class StandInGeocoder:
    def __init__(self) -> None:
        self.asked: list[dict[str, str]] = []
        self.url = ""


@contextlib.contextmanager
def stand_in_geocoder() -> Iterator[StandInGeocoder]:
    """Serves on a free port of 127.0.0.1 in a thread until the block ends."""
    geocoder = StandInGeocoder()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path != PATH:
                self.send_error(404)
                return
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            geocoder.asked.append(query)
            limit = int(query.get("address_limit", "10"))
            found = answer(query.get("q", ""), query.get("language", "fi"), limit)
            body = json.dumps(found).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    geocoder.url = f"http://127.0.0.1:{server.server_address[1]}/servicemap/v2/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield geocoder
    finally:
        server.shutdown()
        server.server_close()
