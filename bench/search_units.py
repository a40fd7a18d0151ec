"""Benchmark: the PWA's unit search (`graphql/operations/SearchUnits.graphql`) through `/graphql`,
against a plain Starlette JSON endpoint doing the same database work, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.search_units [--requests 2000] [--concurrency 8]

Each engine gets a fresh database with the demo catalogue; the app runs under uvicorn in its own
process (as in production) and this process drives it over HTTP on 127.0.0.1. Both endpoints are
measured in the same run, interleaved in rounds so that drift on the machine hits both alike.
It also prints the SQL statements per request of the GraphQL query for page sizes 1, 20 and 100.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
QUERY = (ROOT / "graphql" / "operations" / "SearchUnits.graphql").read_text(encoding="utf-8")
SEARCHES = ["kirjasto", "terveysasema", "kallio", "library", "bibliotek", "uimahalli", "a", "e"]
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


@dataclass
class Result:
    latencies_ms: list[float]
    seconds: float

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def database(engine: str) -> AsyncIterator[str]:
    if engine == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite://{folder}/bench.sqlite3"
        return
    name = f"asiointi_bench_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def backend(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    subprocess.run(
        [sys.executable, "-m", "backend", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


# The server process behind each base URL that `server` serves, for CPU accounting.
SERVER_PIDS: dict[str, int] = {}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.asynccontextmanager
async def server(url: str, extra_env: dict[str, str] | None = None) -> AsyncIterator[str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", **(extra_env or {})}
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, before measuring
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.server:create_bench_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    SERVER_PIDS[base] = process.pid
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(200):
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(base + "/readyz")).status_code == 200:
                        break
                await asyncio.sleep(0.05)
            else:
                raise RuntimeError("the server did not become ready")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def client_session(base: str, connections: int) -> aiohttp.ClientSession:
    """The load's HTTP client: aiohttp, which costs ~0.1 ms of CPU a request where httpx costs
    ~2.5 ms (measured here). On a 2-core machine that shares its cores with the server and the
    database, an expensive client would be what is measured. Every client keeps its connection,
    as a browser does."""
    return aiohttp.ClientSession(
        base,
        connector=aiohttp.TCPConnector(limit=connections, limit_per_host=connections),
        headers={"Origin": base},
        timeout=aiohttp.ClientTimeout(total=120),
    )


async def drive(count: int, concurrency: int, call: Callable[[int], Awaitable[None]]) -> Result:
    latencies: list[float] = []
    queue = iter(range(count))

    async def worker() -> None:
        for i in queue:
            started = time.perf_counter()
            await call(i)
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Result(latencies, time.perf_counter() - started)


async def measure(base: str, requests: int, concurrency: int) -> tuple[Result, Result]:
    async with client_session(base, concurrency) as client:

        async def graphql(i: int) -> None:
            async with client.post(
                "/graphql",
                params={"lang": "fi"},
                json={
                    "query": QUERY,
                    "operationName": "SearchUnits",
                    "variables": {"search": SEARCHES[i % len(SEARCHES)], "first": 20},
                },
            ) as response:
                body = await response.json()
                if response.status != 200 or "errors" in body:
                    raise RuntimeError(f"GraphQL failed: {body}")

        async def plain(i: int) -> None:
            async with client.get(
                "/bench/plain-search-units",
                params={"search": SEARCHES[i % len(SEARCHES)], "first": "20", "lang": "fi"},
            ) as response:
                response.raise_for_status()
                await response.read()

        warmup = max(50, requests // 10)
        await drive(warmup, concurrency, graphql)
        await drive(warmup, concurrency, plain)
        rounds = 4
        results: dict[str, list[Result]] = {"graphql": [], "plain": []}
        for _ in range(rounds):
            results["graphql"].append(await drive(requests // rounds, concurrency, graphql))
            results["plain"].append(await drive(requests // rounds, concurrency, plain))
        merged = {
            name: Result([x for r in rs for x in r.latencies_ms], sum(r.seconds for r in rs))
            for name, rs in results.items()
        }
        return merged["graphql"], merged["plain"]


@contextlib.contextmanager
def statement_log() -> Iterator[list[str]]:
    """Collects the SQL statements Tortoise logs at DEBUG, without printing them."""
    statements: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            text = record.getMessage().lstrip().upper()
            if text.startswith(("SELECT", "WITH", "INSERT", "UPDATE", "DELETE")):
                statements.append(record.getMessage())

    logger = logging.getLogger("tortoise.db_client")
    previous, propagate = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    handler = Collect()
    logger.addHandler(handler)
    try:
        yield statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
        logger.propagate = propagate


async def query_counts(url: str) -> dict[int, int]:
    """SQL statements per GraphQL request, counted from Tortoise's DEBUG log, in process."""
    from backend import db
    from backend.app import create_app
    from backend.settings import Settings

    counts: dict[int, int] = {}
    settings = Settings.from_env()
    app = create_app(
        Settings(**{**settings.__dict__, "database_url": url, "log_level": "WARNING"}),
        manage_db=False,
    )
    await db.init_db(url)
    try:
        with statement_log() as statements:
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://bench"
            ) as client:
                for first in (1, 20, 100):
                    statements.clear()
                    await client.post(
                        "/graphql",
                        json={"query": QUERY, "variables": {"search": "a", "first": first}},
                    )
                    counts[first] = len(statements)
    finally:
        await db.close_db()
    return counts


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--engines", default="sqlite,postgres")
    args = parser.parse_args()
    print(
        f"SearchUnits, first: 20, {args.requests} requests per endpoint, "
        f"concurrency {args.concurrency}, one uvicorn worker, client on the same machine"
    )
    print(f"{'engine':9} {'endpoint':9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for engine in args.engines.split(","):
        async with database(engine) as url:
            backend(url, "migrate")
            backend(url, "load-demo")
            # Rate limits off: the benchmark's client is the point, not a flood to refuse.
            async with server(url, {"RATE_LIMIT_IP": "0"}) as base:
                graphql, plain = await measure(base, args.requests, args.concurrency)
            for name, result in (("graphql", graphql), ("plain", plain)):
                print(
                    f"{engine:9} {name:9} {result.rps:8.0f} {result.percentile(50):8.2f} "
                    f"{result.percentile(99):8.2f}"
                )
            print(
                f"{engine:9} {'ratio':9} {plain.rps / graphql.rps:8.2f}x "
                f"{graphql.percentile(50) / plain.percentile(50):7.2f}x "
                f"{graphql.percentile(99) / plain.percentile(99):7.2f}x  (graphql cost / plain)"
            )
            counts = await query_counts(url)
            print(
                f"{engine:9} SQL statements per SearchUnits request by page size: "
                + ", ".join(f"first={k}: {v}" for k, v in counts.items())
            )


if __name__ == "__main__":
    asyncio.run(main())
