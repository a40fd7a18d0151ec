"""Every model change ships a migration: the models and the migration files must agree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend.accounts.models import RoleGrant, User
from tests.helpers import rolled_back

ROOT = Path(__file__).resolve().parent.parent

# Run apart from the test process: Tortoise's CLI context would replace the tests' connections.
DETECT = """
import asyncio
from tortoise.cli.cli import tortoise_cli_context
from tortoise.migrations.autodetector import MigrationAutodetector
from backend.db import APPS, tortoise_config

async def main():
    config = tortoise_config("sqlite://:memory:")
    async with tortoise_cli_context(config) as ctx:
        writers = await MigrationAutodetector(ctx.apps, APPS).changes()
    for writer in writers:
        print(writer.app_label, writer.name)

asyncio.run(main())
"""


def test_models_have_no_unmigrated_changes() -> None:
    result = subprocess.run(
        [sys.executable, "-c", DETECT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", (
        "models changed without a migration; run `.venv/bin/tortoise makemigrations`:\n"
        + result.stdout
    )


@pytest.mark.usefixtures("database_url")
async def test_invariants_survive_the_migrations_on_every_engine() -> None:
    """Uniqueness the models declare exists in the migrated database (SQLite included, where
    tortoise's table rebuilds used to drop it)."""
    async with rolled_back():
        user = await User.create(name="Twin", oidc_issuer="https://idp.test", oidc_subject="s1")
        with pytest.raises(IntegrityError):
            async with in_transaction():
                await User.create(name="Twin 2", oidc_issuer="https://idp.test", oidc_subject="s1")
        await RoleGrant.create(user=user, role="viewer", scope_type="unit", scope_id="1")
        with pytest.raises(IntegrityError):
            async with in_transaction():
                await RoleGrant.create(user=user, role="viewer", scope_type="unit", scope_id="1")
        for role, scope_type, scope_id in [
            ("owner", "unit", "9"),
            ("viewer", "global", "3"),
            ("viewer", "unit", ""),
        ]:
            with pytest.raises(IntegrityError):
                async with in_transaction():
                    await RoleGrant.create(
                        user=user, role=role, scope_type=scope_type, scope_id=scope_id
                    )
        with pytest.raises(IntegrityError):
            async with in_transaction():
                await User.create(name="Bad language", language="de")
