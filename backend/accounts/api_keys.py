"""Third parties' API keys, and the scopes that keys and bearer tokens can carry.

Admins create, scope, rotate and revoke keys (GraphQL: `api_keys_schema.py`). A key reads
`asi_<prefix>_<secret>`: the prefix (12 hex digits) is public and finds the row; the secret
(32 random bytes, URL-safe base64) is shown once, when the key is made or rotated, and only its
SHA-256 is stored and compared, in constant time. Rotating keeps the prefix and replaces the
secret at once; revoking is final.

Callers present a key as `Authorization: Bearer asi_…` or `X-Api-Key: asi_…` (resolved by
`backend.accounts.authn` for every request), or — the Open311 GeoReport v2 way — as an
`api_key` query or form parameter: see `principal_from_api_key_param`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from starlette.requests import Request
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend.accounts import audit
from backend.accounts.errors import AccountsError, forbidden, not_found, unauthenticated
from backend.accounts.models import ApiKey, User
from backend.accounts.principal import Principal
from backend.i18n import Language


@dataclass(frozen=True)
class Scope:
    name: str
    description: str
    api_keys: bool = True  # whether an API key may hold it; some only make sense with a user


# Bearer tokens act with the user's staff and admin roles only when they carry this scope.
STAFF_SCOPE = "staff"

# Every scope this API knows, in one place. Bearer tokens may carry others ("openid",
# "profile", …): those mean nothing here. Code that needs a scope names it from this table.
SCOPES: dict[str, Scope] = {
    s.name: s
    for s in (
        Scope("open311:write", "Send service requests through the Open311 GeoReport v2 API."),
        Scope("catalogue:write", "Change City units, their services and opening hours."),
        Scope("gdpr:read", "Read a person's data through the GDPR API."),
        Scope("gdpr:delete", "Erase a person's data through the GDPR API."),
        Scope(
            STAFF_SCOPE,
            "Act with the signed-in user's staff and administrator roles (bearer tokens only).",
            api_keys=False,
        ),
    )
}

KEY_START = "asi_"
PREFIX_LENGTH = 12
SECRET_BYTES = 32
SECRET_LENGTH = 43  # 32 bytes in unpadded URL-safe base64
MAX_NAME = 200
# last_used_at is written at most this often per key: one UPDATE a minute, not one per call.
LAST_USED_PRECISION = timedelta(minutes=1)

_HEX = frozenset("0123456789abcdef")
_URLSAFE = frozenset(string.ascii_letters + string.digits + "-_")
_NO_SUCH_HASH = "0" * 64

MESSAGES: dict[str, dict[Language, str]] = {
    "api_key_name": {
        Language.FI: "Anna avaimelle nimi (enintään 200 merkkiä).",
        Language.SV: "Ge nyckeln ett namn (högst 200 tecken).",
        Language.EN: "Give the key a name (at most 200 characters).",
    },
    "unknown_scope": {
        Language.FI: "Tuntematon tai avaimelle sopimaton käyttöoikeus: {scope}.",
        Language.SV: "Okänd eller för nycklar otillåten behörighet: {scope}.",
        Language.EN: "Unknown scope, or one an API key cannot hold: {scope}.",
    },
    "already_revoked": {
        Language.FI: "Avain on jo peruttu.",
        Language.SV: "Nyckeln har redan återkallats.",
        Language.EN: "The key has already been revoked.",
    },
}


class ApiKeyError(AccountsError):
    def message(self, language: Language) -> str:
        if self.key in MESSAGES:
            return MESSAGES[self.key][language].format(**self.params)
        return super().message(language)


class InvalidApiKey(Exception):
    """An API key was given but is unknown, malformed or revoked."""


@dataclass(frozen=True)
class IssuedKey:
    api_key: ApiKey
    secret: str  # the whole key, `asi_<prefix>_<secret>`: shown once, never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def looks_like_api_key(credential: str) -> bool:
    return credential.startswith(KEY_START)


def _parse(credential: str) -> tuple[str, str] | None:
    if not looks_like_api_key(credential):
        return None
    prefix, _, secret = credential[len(KEY_START) :].partition("_")
    if len(prefix) != PREFIX_LENGTH or not set(prefix) <= _HEX:
        return None
    if len(secret) != SECRET_LENGTH or not set(secret) <= _URLSAFE:
        return None
    return prefix, secret


async def verify_api_key(credential: str) -> ApiKey | None:
    """The live key behind `credential`, or None (unknown, malformed, wrong secret, revoked)."""
    parsed = _parse(credential)
    if parsed is None:
        return None
    prefix, secret = parsed
    key = await ApiKey.filter(prefix=prefix).first()
    matches = hmac.compare_digest(_digest(secret), key.secret_hash if key else _NO_SUCH_HASH)
    if key is None or not matches or key.revoked_at is not None:
        return None
    now = datetime.now(UTC)
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_PRECISION:
        await ApiKey.filter(id=key.id, revoked_at__isnull=True).update(last_used_at=now)
        key.last_used_at = now
    return key


def principal_of_key(key: ApiKey) -> Principal:
    return Principal(via="api_key", scopes=frozenset(key.scopes), api_key_id=str(key.id))


async def principal_from_api_key_param(request: Request) -> Principal | None:
    """For Open311 endpoints: the caller of a request that carries its key as an `api_key`
    query or form parameter (GeoReport v2), or in a header (already resolved for the request).
    None when no key was given at all; InvalidApiKey when one was given but is not valid."""
    resolved = request.scope.get("state", {}).get("principal")
    if isinstance(resolved, Principal) and resolved.via == "api_key":
        return resolved
    credential = request.query_params.get("api_key")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if credential is None and content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        value = (await request.form()).get("api_key")
        credential = value if isinstance(value, str) else None
    if credential is None:
        return None
    key = await verify_api_key(credential[:200])
    if key is None:
        raise InvalidApiKey
    return principal_of_key(key)


def require_admin(principal: Principal) -> User:
    """Like `service.require_admin`, except that an API key, or a token without a user, is
    known but not allowed (FORBIDDEN, as the GraphQL `IsAdmin` check says), not "signed out"."""
    if not principal.is_authenticated:
        raise unauthenticated()
    if principal.user is None or not principal.is_admin:
        raise forbidden()
    return principal.user


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ApiKeyError("INVALID_INPUT", "api_key_name", field="name")
    return name


def _checked_scopes(scopes: list[str]) -> list[str]:
    for scope in scopes:
        known = SCOPES.get(scope)
        if known is None or not known.api_keys:
            raise ApiKeyError("UNKNOWN_SCOPE", "unknown_scope", field="scopes", scope=scope[:100])
    return sorted(set(scopes))


async def create_api_key(principal: Principal, name: str, scopes: list[str]) -> IssuedKey:
    creator = require_admin(principal)
    name, scopes = _checked_name(name), _checked_scopes(scopes)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    for _ in range(3):  # 48 random bits of prefix: a clash is all but impossible, but cheap
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        try:
            async with in_transaction():
                key = await ApiKey.create(
                    name=name,
                    prefix=prefix,
                    secret_hash=_digest(secret),
                    scopes=scopes,
                    created_by=creator,
                )
                await audit.record(
                    principal, "api_key.create", "api_key", str(key.id), name=name, scopes=scopes
                )
        except IntegrityError:
            continue
        return IssuedKey(key, f"{KEY_START}{prefix}_{secret}")
    raise RuntimeError("could not find a free API key prefix")


async def _refusal(key_id: uuid.UUID) -> ApiKeyError | AccountsError:
    if await ApiKey.filter(id=key_id).exists():
        return ApiKeyError("ALREADY_REVOKED", "already_revoked", field="id")
    return AccountsError("NOT_FOUND", "not_found", field="id")


async def rotate_api_key(principal: Principal, key_id: uuid.UUID) -> IssuedKey:
    """A new secret for a live key; the old one stops working with this transaction."""
    require_admin(principal)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    async with in_transaction():
        # One conditional write: a key revoked meanwhile is never brought back.
        changed = await ApiKey.filter(id=key_id, revoked_at__isnull=True).update(
            secret_hash=_digest(secret)
        )
        if not changed:
            raise await _refusal(key_id)
        key = await ApiKey.get(id=key_id).prefetch_related("created_by")
        await audit.record(principal, "api_key.rotate", "api_key", str(key.id), name=key.name)
    return IssuedKey(key, f"{KEY_START}{key.prefix}_{secret}")


async def revoke_api_key(principal: Principal, key_id: uuid.UUID) -> ApiKey:
    require_admin(principal)
    async with in_transaction():
        changed = await ApiKey.filter(id=key_id, revoked_at__isnull=True).update(
            revoked_at=datetime.now(UTC)
        )
        if not changed:
            raise await _refusal(key_id)
        key = await ApiKey.get(id=key_id).prefetch_related("created_by")
        await audit.record(principal, "api_key.revoke", "api_key", str(key.id), name=key.name)
    return key


async def list_api_keys(
    principal: Principal, include_revoked: bool, offset: int, limit: int
) -> tuple[list[ApiKey], int]:
    require_admin(principal)
    query = ApiKey.all() if include_revoked else ApiKey.filter(revoked_at__isnull=True)
    total = await query.count()
    rows = (
        await query.order_by("-created_at", "id")
        .offset(offset)
        .limit(limit)
        .prefetch_related("created_by")
    )
    return list(rows), total


async def get_api_key(principal: Principal, key_id: uuid.UUID) -> ApiKey:
    require_admin(principal)
    key = await ApiKey.filter(id=key_id).prefetch_related("created_by").first()
    if key is None:
        raise not_found()
    return key
