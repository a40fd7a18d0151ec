"""Every model change ships a migration: the models and the migration files must agree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
