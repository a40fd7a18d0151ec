"""Helpers for migration files.

tortoise-orm 1.1 adds a check constraint on SQLite by rebuilding the table, and the rebuilt table
loses the model's `unique_together` and `indexes`. Migrations that add check constraints restore
them with `restore_on_sqlite` (PostgreSQL keeps them, so it does nothing there).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any


def restore_on_sqlite(*statements: str) -> Callable[[Any, Any], Awaitable[None]]:
    async def run(_apps: Any, schema_editor: Any) -> None:
        if schema_editor.DIALECT != "sqlite":
            return
        for statement in statements:
            await schema_editor.client.execute_script(statement)

    return run
