"""Finds the Principal behind a request: a session cookie (the PWA) or, for third parties, an
`Authorization` header.

`authenticate` runs once per request (AccessMiddleware, `ratelimit_middleware.py`, keeps its
answer in `request.state.principal`, where `principal_of` finds it). In order:

1. `Authorization: Bearer <credential>`: a JWT access token from a configured issuer
   (`tokens.py`) or an API key `asi_…` (`api_keys.py`);
2. else `X-Api-Key: asi_…` (or, on `/open311/…`, an `api_key` query parameter);
3. else the session cookie.

More than one credential, or another Authorization scheme, is a malformed request (400); a
credential that is present but not valid is refused (401), never taken as anonymous.

A bearer token acts with its scopes. It is the user's (found by issuer and subject) but brings
the user's staff and admin roles only when it carries the `staff` scope: a third party holding
an administrator's token cannot act as one unless the token was issued for that.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from starlette.requests import Request

from backend.accounts import sessions
from backend.accounts.api_keys import (
    STAFF_SCOPE,
    looks_like_api_key,
    principal_of_key,
    verify_api_key,
)
from backend.accounts.models import User
from backend.accounts.principal import ANONYMOUS, Principal
from backend.accounts.service import grants_of, principal_for
from backend.accounts.tokens import TokenError, TokenUnavailable, TokenVerifier, looks_like_jwt

log = logging.getLogger("asiointi.authn")
MAX_CREDENTIAL_BYTES = 8192


class CredentialError(Exception):
    """A refused credential: the HTTP status, a stable code, the message key, and the RFC 6750
    error for `WWW-Authenticate` (None when the header does not apply)."""

    def __init__(self, status: int, code: str, key: str, oauth_error: str | None = None) -> None:
        super().__init__(key)
        self.status = status
        self.code = code
        self.key = key
        self.oauth_error = oauth_error


def _invalid_token(reason: str) -> CredentialError:
    log.info("credential refused", extra={"reason": reason[:200]})
    return CredentialError(401, "INVALID_TOKEN", "invalid_token", "invalid_token")


def _invalid_request() -> CredentialError:
    return CredentialError(400, "INVALID_REQUEST", "invalid_request", "invalid_request")


@dataclass(frozen=True)
class Caller:
    principal: Principal
    # Whom rate limits count: "user:…", "key:…", "client:…"; None counts the IP address.
    bucket: str | None = None


ANONYMOUS_CALLER = Caller(ANONYMOUS)


async def authenticate(request: Request, verifier: TokenVerifier) -> Caller:
    """The caller, or CredentialError when a credential was given but cannot be accepted."""
    authorizations = request.headers.getlist("authorization")
    api_keys = request.headers.getlist("x-api-key")
    if request.url.path.startswith("/open311/"):
        api_keys += request.query_params.getlist("api_key")
    if any(len(value) > MAX_CREDENTIAL_BYTES for value in (*authorizations, *api_keys)):
        raise CredentialError(431, "HEADER_TOO_LARGE", "header_too_large")
    if len(authorizations) + len(api_keys) > 1:
        raise _invalid_request()
    if authorizations:
        scheme, _, credential = authorizations[0].strip().partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer" or not credential or " " in credential:
            raise _invalid_request()
        if looks_like_api_key(credential):
            return await _api_key(credential)
        return await _bearer(credential, verifier)
    if api_keys:
        return await _api_key(api_keys[0].strip())
    session = await sessions.current(request)
    if session is not None:
        principal = await principal_for(session.user, assurance=session.assurance)
        return Caller(principal, f"user:{session.user.id}")
    return ANONYMOUS_CALLER


async def _api_key(credential: str) -> Caller:
    key = await verify_api_key(credential)
    if key is None:
        raise _invalid_token("API key unknown, malformed or revoked")
    return Caller(principal_of_key(key), f"key:{key.id}")


async def _bearer(credential: str, verifier: TokenVerifier) -> Caller:
    if not looks_like_jwt(credential):
        raise _invalid_token("not a JWT")
    try:
        token = await verifier.verify(credential)
    except TokenError as error:
        raise _invalid_token(str(error)) from None
    except TokenUnavailable as error:
        log.warning("bearer token issuer unavailable", extra={"issuer": str(error)[:200]})
        raise CredentialError(503, "AUTH_UNAVAILABLE", "auth_unavailable") from None
    user = await User.filter(oidc_issuer=token.issuer, oidc_subject=token.subject).first()
    if user is None:
        client = hashlib.sha256(f"{token.issuer} {token.subject}".encode()).hexdigest()[:32]
        return Caller(Principal(via="bearer", scopes=token.scopes), f"client:{client}")
    if not user.is_active:
        raise _invalid_token("the token's user is deactivated")
    grants = await grants_of(user) if STAFF_SCOPE in token.scopes else ()
    principal = Principal(via="bearer", user=user, grants=grants, scopes=token.scopes)
    return Caller(principal, f"user:{user.id}")


async def principal_of(request: Request) -> Principal:
    resolved = request.scope.get("state", {}).get("principal")
    if isinstance(resolved, Principal):
        return resolved
    # Without AccessMiddleware (a bare test app, a websocket): the session cookie alone.
    session = await sessions.current(request)
    if session is not None:
        return await principal_for(session.user, via="session", assurance=session.assurance)
    return ANONYMOUS
