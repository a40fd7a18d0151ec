"""Command line: `python -m backend <command>`; `--help` lists the commands."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable

from backend import db
from backend.settings import Settings


async def _with_db(settings: Settings, work: Callable[[], Awaitable[int]]) -> int:
    await db.init_db(settings.database_url)
    try:
        return await work()
    finally:
        await db.close_db()


def _migrate(settings: Settings, _: argparse.Namespace) -> int:
    async def work() -> int:
        applied = await db.migrate()
        print("Applied: " + ", ".join(applied) if applied else "The database is up to date.")
        return 0

    return asyncio.run(_with_db(settings, work))


def _require_migrated(settings: Settings) -> int:
    async def work() -> int:
        try:
            await db.ensure_migrated()
        except db.UnmigratedDatabaseError as error:
            print(f"Refusing to continue: {error}", file=sys.stderr)
            return 3
        return 0

    return asyncio.run(_with_db(settings, work))


def _load_demo(settings: Settings, _: argparse.Namespace) -> int:
    from backend.accounts.demo import load_demo_users
    from backend.appointments.demo import load_demo_appointments
    from backend.catalogue.demo import load_demo
    from backend.service_requests.demo import load_demo_service_requests

    if code := _require_migrated(settings):
        return code

    async def work() -> int:
        counts = await load_demo()
        counts["demo users"] = await load_demo_users()
        counts["appointment types"] = await load_demo_appointments()
        counts.update(await load_demo_service_requests())
        print("Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        return 0

    return asyncio.run(_with_db(settings, work))


def _import_servicemap(settings: Settings, args: argparse.Namespace) -> int:
    import httpx

    from backend.catalogue import servicemap

    if code := _require_migrated(settings):
        return code

    async def work() -> int:
        try:
            document = await servicemap.read_source(args.source)
            report = await servicemap.import_units(document)
        except (OSError, ValueError, httpx.HTTPError) as error:
            print(f"Import failed, nothing was changed: {error}", file=sys.stderr)
            return 1
        print(
            f"Service Map import: {report.created} created, {report.updated} updated, "
            f"{len(report.skipped)} skipped"
        )
        for reason in report.skipped[:50]:
            print(f"  skipped {reason}", file=sys.stderr)
        return 0

    return asyncio.run(_with_db(settings, work))


def _create_user(settings: Settings, args: argparse.Namespace) -> int:
    """A local account, e.g. the first administrator of a new installation. The password comes
    from ASIOINTI_PASSWORD or a prompt, never from the command line (shell history)."""
    import getpass

    from backend.accounts.service import create_local_user

    if code := _require_migrated(settings):
        return code
    password = os.environ.get("ASIOINTI_PASSWORD") or getpass.getpass("Password: ")

    async def work() -> int:
        try:
            user = await create_local_user(args.email, password, args.name, admin=args.admin)
        except ValueError as error:
            print(f"Not created: {error}", file=sys.stderr)
            return 1
        print(f"Created {user.login_email} ({'admin' if args.admin else 'citizen'}), id {user.id}")
        return 0

    return asyncio.run(_with_db(settings, work))


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    if code := _require_migrated(settings):
        return code
    uvicorn.run(
        "backend.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        proxy_headers=True,
        log_config=None,
        workers=args.workers,
    )
    return 0


def _worker(settings: Settings, _: argparse.Namespace) -> int:
    """The web-push delivery worker (notifications.worker), until SIGTERM."""
    from backend.logs import configure_logging
    from notifications.vapid import VapidConfigError
    from notifications.worker import run_forever

    if code := _require_migrated(settings):
        return code
    configure_logging(settings.log_level)

    async def work() -> int:
        try:
            await run_forever()
        except VapidConfigError as error:
            print(f"Refusing to start: {error}", file=sys.stderr)
            return 2
        return 0

    return asyncio.run(_with_db(settings, work))


def _rotate_vapid_keys(settings: Settings, _: argparse.Namespace) -> int:
    """A new VAPID key for web push; the old one is kept for the subscriptions made with it."""
    from notifications import config, vapid

    if code := _require_migrated(settings):
        return code

    async def work() -> int:
        try:
            new, old = await vapid.rotate(config.current())
        except vapid.VapidConfigError as error:
            print(f"Not rotated: {error}", file=sys.stderr)
            return 1
        print(f"New VAPID public key: {new.public_key}")
        if old is not None:
            print(f"Retired (kept to sign pushes to existing subscriptions): {old.public_key}")
        print(
            "What follows: `vapidPublicKey` answers the new key within a minute in every "
            "process. Existing subscriptions keep receiving pushes signed with the retired "
            "key. Clients must re-subscribe to move to the new key: the PWA compares "
            "`vapidPublicKey` with its subscription's applicationServerKey and, when they "
            "differ, unsubscribes, subscribes with the new key and calls "
            "`registerPushSubscription`."
        )
        return 0

    return asyncio.run(_with_db(settings, work))


def _check(settings: Settings, _: argparse.Namespace) -> int:
    return _require_migrated(settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend", description="Asiointi backend")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply pending database migrations").set_defaults(
        run=_migrate
    )
    commands.add_parser("load-demo", help="load the Helsinki demo catalogue").set_defaults(
        run=_load_demo
    )
    importer = commands.add_parser(
        "import-servicemap", help="import units from Service Map (TPR) JSON"
    )
    importer.add_argument("source", help="a file path or an http(s) URL")
    importer.set_defaults(run=_import_servicemap)
    serve = commands.add_parser("serve", help="serve the app with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=_serve)
    creator = commands.add_parser("create-user", help="create a local account")
    creator.add_argument("email")
    creator.add_argument("--name", default="")
    creator.add_argument("--admin", action="store_true", help="grant the admin role")
    creator.set_defaults(run=_create_user)
    commands.add_parser(
        "check", help="exit non-zero when the database is not migrated"
    ).set_defaults(run=_check)
    commands.add_parser("worker", help="deliver web push notifications").set_defaults(run=_worker)
    commands.add_parser(
        "rotate-vapid-keys", help="make a new VAPID key for web push (see notifications.vapid)"
    ).set_defaults(run=_rotate_vapid_keys)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    result: int = args.run(settings, args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
