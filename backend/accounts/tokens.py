"""Bearer JWT access tokens from the configured issuers (`JWT_ISSUERS`), checked with joserfc
against each issuer's JWKS: an asymmetric signature, the issuer, the audience and the expiry;
the token's scopes come from a claim.

Each issuer's JWKS is fetched with httpx (short timeout, bounded size) and kept for
`jwks_cache_seconds`. A token naming a key id that the cached set lacks (the issuer rotated its
keys) makes us fetch the set again at once — but never more than once per
`jwks_refetch_seconds` per issuer, so that tokens with made-up key ids cannot make us hammer the
issuer. When a fetch fails, the keys we had are kept.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet

from backend.settings import JwtIssuer

log = logging.getLogger("asiointi.tokens")

# Only signatures made with a private key: "none" and the HMAC family (HS*) are refused, so a
# token cannot be "signed" with nothing, or with an issuer's public key used as an HMAC secret.
KEY_TYPES = {
    **dict.fromkeys(("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"), "RSA"),
    **dict.fromkeys(("ES256", "ES384", "ES512"), "EC"),
    **dict.fromkeys(("EdDSA", "Ed25519"), "OKP"),
}
ASYMMETRIC_ALGORITHMS = frozenset(KEY_TYPES)
MAX_TOKEN_BYTES = 8192
MAX_JWKS_BYTES = 256 * 1024
FETCH_TIMEOUT = httpx.Timeout(5.0, connect=3.0)
LEEWAY_SECONDS = 30
MAX_SCOPES = 100


class TokenError(Exception):
    """The token is not acceptable. The reason is for our log, never for the caller."""


class TokenUnavailable(Exception):
    """The issuer's keys cannot be had just now, so the token can be neither accepted nor
    refused."""


@dataclass(frozen=True)
class VerifiedToken:
    issuer: str
    subject: str
    scopes: frozenset[str]
    claims: dict[str, Any]


def looks_like_jwt(token: str) -> bool:
    return token.count(".") == 2


def scopes_of(value: object) -> frozenset[str]:
    """A scope claim: a space-separated string (OAuth 2.0) or a list of strings (Keycloak's
    and Tunnistamo's authorization claims); anything else grants nothing."""
    if isinstance(value, str):
        items = value.split()
    elif isinstance(value, list):
        items = [v for v in value if isinstance(v, str) and v and " " not in v]
    else:
        return frozenset()
    return frozenset(items[:MAX_SCOPES])


@dataclass
class _IssuerKeys:
    issuer: JwtIssuer
    algorithms: frozenset[str]
    keys: KeySet | None = None
    fetched_at: float = float("-inf")
    attempted_at: float = float("-inf")
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def _select(keys: KeySet | None, kid: str | None, alg: str) -> Key | None:
    """The key that may verify a token with this `kid` and `alg`; without a `kid` only when a
    single key fits."""
    if keys is None:
        return None
    fitting = [
        k
        for k in keys
        if k.key_type == KEY_TYPES[alg]
        and k.get("use") in (None, "sig")
        and k.get("alg") in (None, alg)
        and (kid is None or k.kid == kid)
    ]
    if kid is None and len(fitting) != 1:
        return None
    return fitting[0] if fitting else None


class TokenVerifier:
    """Verifies bearer JWTs for the app; one per app, keeping each issuer's keys."""

    def __init__(
        self,
        issuers: Sequence[JwtIssuer],
        *,
        cache_seconds: int = 600,
        refetch_seconds: int = 30,
        leeway_seconds: int = LEEWAY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._issuers: dict[str, _IssuerKeys] = {}
        for issuer in issuers:
            algorithms = frozenset(issuer.algorithms) or ASYMMETRIC_ALGORITHMS
            if not algorithms <= ASYMMETRIC_ALGORITHMS:
                refused = ", ".join(sorted(algorithms - ASYMMETRIC_ALGORITHMS))
                raise ValueError(
                    f"JWT_ISSUERS: {issuer.issuer} allows refused algorithms: {refused}"
                )
            if not issuer.jwks_uri.startswith("https://") and not _is_loopback(issuer.jwks_uri):
                raise ValueError(f"JWT_ISSUERS: the jwks_uri of {issuer.issuer} must be https")
            self._issuers[issuer.issuer] = _IssuerKeys(issuer, algorithms)
        self.cache_seconds = cache_seconds
        self.refetch_seconds = refetch_seconds
        self.leeway_seconds = leeway_seconds
        self._clock = clock

    @property
    def enabled(self) -> bool:
        return bool(self._issuers)

    async def verify(self, token: str) -> VerifiedToken:
        """The token's issuer, subject and scopes; TokenError when it is not acceptable,
        TokenUnavailable when its issuer's keys cannot be fetched."""
        if len(token) > MAX_TOKEN_BYTES:
            raise TokenError("too long")
        try:
            raw = token.encode("ascii")
            extracted = jws.extract_compact(raw)
            header = extracted.headers()
            unverified = json.loads(extracted.payload or b"")
        except (JoseError, ValueError, UnicodeError) as error:
            raise TokenError(f"malformed: {error.__class__.__name__}") from None
        alg, kid = header.get("alg"), header.get("kid")
        if not isinstance(alg, str) or alg not in ASYMMETRIC_ALGORITHMS:
            raise TokenError(f"algorithm refused: {str(alg)[:20]}")
        if kid is not None and not isinstance(kid, str):
            raise TokenError("kid is not a string")
        claimed = unverified.get("iss") if isinstance(unverified, dict) else None
        state = self._issuers.get(claimed) if isinstance(claimed, str) else None
        if state is None:
            raise TokenError("unknown issuer")
        if alg not in state.algorithms:
            raise TokenError(f"algorithm not allowed for this issuer: {alg}")
        key = await self._key(state, kid, alg)
        issuer = state.issuer
        try:
            claims = jwt.decode(raw, key, algorithms=[alg]).claims
            jwt.JWTClaimsRegistry(
                leeway=self.leeway_seconds,
                iss={"essential": True, "value": issuer.issuer},
                aud={"essential": True, "value": issuer.audience},
                sub={"essential": True},
                exp={"essential": True},
            ).validate(claims)
        except (JoseError, ValueError) as error:
            raise TokenError(f"refused: {error.__class__.__name__}: {error}") from None
        return VerifiedToken(
            issuer=issuer.issuer,
            subject=str(claims["sub"]),
            scopes=scopes_of(claims.get(issuer.scope_claim)),
            claims=claims,
        )

    def _may_fetch(self, state: _IssuerKeys) -> bool:
        return self._clock() - state.attempted_at >= self.refetch_seconds

    async def _key(self, state: _IssuerKeys, kid: str | None, alg: str) -> Key:
        expired = self._clock() - state.fetched_at >= self.cache_seconds
        if expired and self._may_fetch(state):
            await self._refresh(state, state.attempted_at)
        key = _select(state.keys, kid, alg)
        if key is None and state.keys is not None and self._may_fetch(state):
            # An unknown key id: the issuer may have rotated its keys since we fetched them.
            await self._refresh(state, state.attempted_at)
            key = _select(state.keys, kid, alg)
        if key is not None:
            return key
        if state.keys is None:
            raise TokenUnavailable(state.issuer.issuer)
        raise TokenError("no key for this kid")

    async def _refresh(self, state: _IssuerKeys, seen_attempt: float) -> None:
        async with state.lock:
            if state.attempted_at != seen_attempt:
                return  # another request fetched while this one waited
            state.attempted_at = self._clock()
            try:
                state.keys = await _fetch_jwks(state.issuer.jwks_uri)
            except (httpx.HTTPError, ValueError, JoseError) as error:
                log.warning(
                    "JWKS fetch failed",
                    extra={"issuer": state.issuer.issuer, "error": str(error)[:200]},
                )
                return
            state.fetched_at = state.attempted_at


async def _fetch_jwks(uri: str) -> KeySet:
    async with (
        httpx.AsyncClient(timeout=FETCH_TIMEOUT, follow_redirects=False) as client,
        client.stream("GET", uri, headers={"Accept": "application/json"}) as response,
    ):
        response.raise_for_status()
        body = b""
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > MAX_JWKS_BYTES:
                raise ValueError("JWKS too large")
    data = json.loads(body)
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise ValueError("not a JWKS")
    # Public keys of signature algorithms only: a symmetric ("oct") key has no place here.
    public = [
        k for k in data["keys"] if isinstance(k, dict) and k.get("kty") in ("RSA", "EC", "OKP")
    ]
    return KeySet.import_key_set({"keys": public})


def _is_loopback(uri: str) -> bool:
    host = httpx.URL(uri).host
    return uri.startswith("http://") and host in ("127.0.0.1", "localhost", "::1")
