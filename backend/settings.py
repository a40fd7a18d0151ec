"""Settings from environment variables, with a `.env` file read when present (12-factor)."""

from __future__ import annotations

import json
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


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


@dataclass(frozen=True)
class JwtIssuer:
    """An identity provider whose JWT access tokens the API accepts (one entry of `JWT_ISSUERS`).
    `algorithms` empty means every asymmetric algorithm that backend.accounts.tokens allows."""

    issuer: str
    jwks_uri: str
    audience: str
    scope_claim: str = "scope"
    algorithms: tuple[str, ...] = ()


def _jwt_issuers(value: str | None) -> tuple[JwtIssuer, ...]:
    """`JWT_ISSUERS`: a JSON list of {"issuer", "jwks_uri", "audience"[, "scope_claim",
    "algorithms"]}; anything else stops the app at start with a clear message."""
    if not value or not value.strip():
        return ()
    try:
        items = json.loads(value)
        if not isinstance(items, list):
            raise ValueError("not a list")
        return tuple(
            JwtIssuer(
                issuer=_text(item, "issuer"),
                jwks_uri=_text(item, "jwks_uri"),
                audience=_text(item, "audience"),
                scope_claim=str(item.get("scope_claim") or "scope"),
                algorithms=tuple(str(a) for a in item.get("algorithms") or ()),
            )
            for item in items
        )
    except (ValueError, TypeError, AttributeError) as error:
        raise ValueError(f"JWT_ISSUERS must be a JSON list of issuers: {error}") from None


def _text(item: dict[str, object], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f'"{key}" is missing')
    return value


DEFAULT_GEOCODER_URL = "https://api.hel.fi/servicemap/v2/"


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
    # Third parties: JWT issuers (`JWT_ISSUERS`) and how long their keys are kept.
    jwt_issuers: tuple[JwtIssuer, ...] = ()
    jwks_cache_seconds: int = 600
    jwks_refetch_seconds: int = 30  # at most one fetch per issuer this often on unknown `kid`s
    # Requests per window (`RATE_LIMIT_WINDOW` seconds) per IP address (anonymous callers), per
    # signed-in user, and per API key or token client; 0 turns that limit off.
    rate_limit_window: int = 60
    rate_limit_ip: int = 600
    rate_limit_user: int = 1200
    rate_limit_api_key: int = 1200
    # Citizens' sign-in with OpenID Connect (backend/accounts/oidc.py); off while the issuer is
    # unset. Discovery is read from `<issuer>/.well-known/openid-configuration`.
    oidc_issuer: str | None = None
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_scopes: str = "openid profile email"
    # `acr` values of the provider that count as strong identification (when it sends no `loa`).
    oidc_strong_acr: tuple[str, ...] = ()
    # Where people reach the app (https://asiointi.hel.fi), for links that leave it: calendar
    # files, tracking links, notifications. Unset: the request's own scheme and host.
    public_url: str | None = None
    # The notification delivery worker runs inside the web process unless a separate worker
    # process does the job (Procfile `worker`; then set WORKER_IN_PROCESS=false on `web`).
    worker_in_process: bool = True
    # The City's address search (Service Map API v2, which has `search/?type=address`), for
    # "type an address" in the report flow. Empty (`GEOCODER_URL=`) turns address search off.
    geocoder_url: str = DEFAULT_GEOCODER_URL
    # Scopes Helsinki profile's tokens carry when it calls the GDPR API (set by the City's IdP).
    gdpr_query_scope: str = "gdpr:read"
    gdpr_delete_scope: str = "gdpr:delete"

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
            jwt_issuers=_jwt_issuers(os.environ.get("JWT_ISSUERS")),
            jwks_cache_seconds=_int("JWKS_CACHE_SECONDS", 600),
            jwks_refetch_seconds=_int("JWKS_REFETCH_SECONDS", 30),
            rate_limit_window=_int("RATE_LIMIT_WINDOW", 60),
            rate_limit_ip=_int("RATE_LIMIT_IP", 600),
            rate_limit_user=_int("RATE_LIMIT_USER", 1200),
            rate_limit_api_key=_int("RATE_LIMIT_API_KEY", 1200),
            oidc_issuer=os.environ.get("OIDC_ISSUER", "").strip() or None,
            oidc_client_id=os.environ.get("OIDC_CLIENT_ID", "").strip(),
            oidc_client_secret=os.environ.get("OIDC_CLIENT_SECRET", ""),
            oidc_scopes=os.environ.get("OIDC_SCOPES", "").strip() or "openid profile email",
            public_url=os.environ.get("PUBLIC_URL", "").strip().rstrip("/") or None,
            geocoder_url=os.environ.get("GEOCODER_URL", DEFAULT_GEOCODER_URL).strip(),
            worker_in_process=os.environ.get("WORKER_IN_PROCESS", "true").strip().lower()
            not in ("0", "false", "no", "off"),
            oidc_strong_acr=tuple(
                v.strip() for v in os.environ.get("OIDC_STRONG_ACR", "").split(",") if v.strip()
            ),
            gdpr_query_scope=os.environ.get("GDPR_QUERY_SCOPE", "").strip() or "gdpr:read",
            gdpr_delete_scope=os.environ.get("GDPR_DELETE_SCOPE", "").strip() or "gdpr:delete",
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
