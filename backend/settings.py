"""Settings from environment variables, with a `.env` file read when present (12-factor)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


@dataclass(frozen=True)
class Settings:
    database_url: str
    debug: bool
    secret_key: str
    allowed_origins: list[str] = field(default_factory=list)
    pwa_dist: Path = PROJECT_ROOT / "pwa" / "dist"
    log_level: str = "INFO"
    redis_url: str | None = None
    max_page_size: int = 100
    max_query_depth: int = 8
    max_aliases: int = 15
    max_tokens: int = 2000

    @classmethod
    def from_env(cls) -> Settings:
        load_dotenv(PROJECT_ROOT / ".env", override=False)
        var = PROJECT_ROOT / "var"
        default_db = f"sqlite://{var / 'asiointi.sqlite3'}"
        return cls(
            database_url=os.environ.get("DATABASE_URL") or default_db,
            debug=_bool(os.environ.get("DEBUG")),
            # Sessions arrive with the accounts issue; a random per-process key is safe until then.
            secret_key=os.environ.get("SECRET_KEY") or os.urandom(32).hex(),
            allowed_origins=_list(os.environ.get("ALLOWED_ORIGINS")),
            pwa_dist=Path(os.environ.get("PWA_DIST") or PROJECT_ROOT / "pwa" / "dist"),
            log_level=os.environ.get("LOG_LEVEL", "INFO").upper(),
            redis_url=os.environ.get("REDIS_URL") or None,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
