"""The command line a deployment uses: migrate, refuse an unmigrated database, import."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

SAMPLE = Path(__file__).parent / "data" / "servicemap-units-sample.json"
ROOT = Path(__file__).resolve().parent.parent


def run(
    database: Path, *args: str, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite://{database}", **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "backend", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_unmigrated_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    database = tmp_path / "fresh.sqlite3"
    for command in (
        ["serve", "--port", "1"],
        ["load-demo"],
        ["check"],
        ["import-servicemap", str(SAMPLE)],
    ):
        result = run(database, *command)
        assert result.returncode == 3, (command, result.stderr)
        assert "not migrated" in result.stderr
        assert "python -m backend migrate" in result.stderr


def test_migrate_then_import_twice_is_idempotent(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    applied = run(database, "migrate").stdout
    assert "accounts.0001_initial" in applied
    assert "catalogue.0001_initial" in applied
    assert "up to date" in run(database, "migrate").stdout
    assert run(database, "check").returncode == 0
    first = run(database, "import-servicemap", str(SAMPLE))
    assert "2 created, 0 updated, 0 skipped" in first.stdout, first.stderr
    second = run(database, "import-servicemap", str(SAMPLE))
    assert "0 created, 2 updated, 0 skipped" in second.stdout, second.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    failed = run(database, "import-servicemap", str(broken))
    assert failed.returncode == 1
    assert "nothing was changed" in failed.stderr


def test_load_demo_twice_keeps_one_copy(tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite3"
    run(database, "migrate")
    first = run(database, "load-demo")
    second = run(database, "load-demo")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout == second.stdout
    with sqlite3.connect(database) as connection:
        units = connection.execute("SELECT COUNT(*), COUNT(DISTINCT slug) FROM catalogue_unit")
        assert units.fetchone()[0] >= 40
        links = connection.execute(
            "SELECT COUNT(*) FROM (SELECT unit_id, service_id FROM catalogue_unit_service "
            "GROUP BY unit_id, service_id HAVING COUNT(*) > 1)"
        )
        assert links.fetchone()[0] == 0


def test_serve_answers_graphql_over_http(tmp_path: Path) -> None:
    """The real server process: lifespan, database connection and requests in their own tasks."""
    database = tmp_path / "served.sqlite3"
    run(database, "migrate")
    run(database, "load-demo")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": f"sqlite://{database}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "backend", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                ready = httpx.get(base + "/readyz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert ready.status_code == 200, ready.text
        answer = httpx.post(
            base + "/graphql",
            params={"lang": "sv"},
            timeout=10,
            json={"query": '{ units(search: "kallio library") { edges { node { name } } } }'},
        )
        assert answer.json() == {
            "data": {"units": {"edges": [{"node": {"name": "Berghälls bibliotek"}}]}}
        }, answer.text
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_create_user_takes_the_password_from_the_environment(tmp_path: Path) -> None:
    database = tmp_path / "users.sqlite3"
    run(database, "migrate")
    env_password = {"ASIOINTI_PASSWORD": "a-long-enough-password"}
    created = run(
        database,
        "create-user",
        "Boss@Example.fi",
        "--name",
        "Boss",
        "--admin",
        extra_env=env_password,
    )
    assert created.returncode == 0, created.stderr
    assert "boss@example.fi (admin)" in created.stdout
    again = run(database, "create-user", "boss@example.fi", extra_env=env_password)
    assert again.returncode == 1
    assert "exists" in again.stderr
    short = run(database, "create-user", "x@example.fi", extra_env={"ASIOINTI_PASSWORD": "short"})
    assert short.returncode == 1
    assert "at least 10" in short.stderr
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT u.login_email, g.role FROM accounts_user u "
            "LEFT JOIN accounts_role_grant g ON g.user_id = u.id"
        ).fetchall()
    assert rows == [("boss@example.fi", "admin")]
