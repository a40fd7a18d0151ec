"""Bearer JWT access tokens: signed here with keys that joserfc makes, their JWKS served by a real
HTTP server on 127.0.0.1, the app called through httpx. Every refusal is checked for its status,
its answer, and that it changed nothing."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import secrets
import socket
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, Key, RSAKey

from backend.accounts.models import RoleGrant, User
from backend.accounts.tokens import TokenError, TokenVerifier
from backend.app import create_app
from backend.settings import JwtIssuer, Settings
from tests.helpers import gql

ISSUER = "https://tunnistus.test/auth/realms/helsinki-tunnistus"
OTHER_ISSUER = "https://other-idp.test"
AUDIENCE = "asiointi-api"
RSA_KEY = RSAKey.generate_key(2048, parameters={"kid": "rsa-1"})
EC_KEY = ECKey.generate_key("P-256", parameters={"kid": "ec-1"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "other-1"})
NEW_KEY = RSAKey.generate_key(2048, parameters={"kid": "rsa-2"})
ROGUE_KEY = RSAKey.generate_key(2048, parameters={"kid": "rogue"})
IMPOSTOR_KEY = RSAKey.generate_key(2048)

ME = "{ me { isAdmin isStaff user { name } } caller { via scopes apiKeyId } }"
RENAME = 'mutation { updateMyProfile(input: {name: "Changed By Token"}) { errors { code } } }'


class JwksServer:
    """Serves JSON Web Key Sets over real HTTP on 127.0.0.1 and counts the fetches."""

    def __init__(self) -> None:
        self.sets: dict[str, dict[str, Any]] = {}
        self.hits: Counter[str] = Counter()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.hits[self.path] += 1
                found = owner.sets.get(self.path)
                body = json.dumps(found).encode() if found is not None else b"{}"
                self.send_response(200 if found is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def publish(self, *keys: Key, path: str | None = None) -> str:
        """Serves these public keys at `path` (a fresh one by default); returns its URL."""
        path = path or f"/{secrets.token_hex(6)}/jwks"
        self.sets[path] = {"keys": [k.as_dict(private=False) for k in keys]}
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def jwks() -> Iterator[JwksServer]:
    server = JwksServer()
    yield server
    server.close()


@contextlib.asynccontextmanager
async def app_client(settings: Settings, **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(replace(settings, **overrides), manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def api(settings: Settings, jwks: JwksServer) -> AsyncIterator[httpx.AsyncClient]:
    """The app trusting ISSUER (RSA and EC keys) and OTHER_ISSUER (its own key)."""
    issuers = (
        JwtIssuer(ISSUER, jwks.publish(RSA_KEY, EC_KEY), AUDIENCE),
        JwtIssuer(OTHER_ISSUER, jwks.publish(OTHER_KEY), AUDIENCE),
    )
    async with app_client(settings, jwt_issuers=issuers) as client:
        yield client


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "third-party-client",
        "iat": now,
        "exp": now + 300,
        "scope": "openid open311:write gdpr:read",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def sign(key: Key = RSA_KEY, alg: str = "RS256", **changes: Any) -> str:
    return jwt.encode({"alg": alg, "kid": key.kid}, claims(**changes), key)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hand_made(header: dict[str, Any], payload: object, signature: bytes = b"") -> str:
    return (
        f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}.{b64(signature)}"
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def oidc_user() -> AsyncIterator[User]:
    user = await User.create(
        name="Token Person",
        oidc_issuer=ISSUER,
        oidc_subject=f"sub-{secrets.token_hex(6)}",
    )
    yield user
    await user.delete()


async def test_a_valid_token_is_its_user_acting_within_its_scopes(
    api: httpx.AsyncClient, oidc_user: User
) -> None:
    token = sign(sub=oidc_user.oidc_subject)
    body = await gql(api, ME, headers=bearer(token))
    assert body["data"] == {
        "me": {"isAdmin": False, "isStaff": False, "user": {"name": "Token Person"}},
        "caller": {
            "via": "BEARER",
            "scopes": ["gdpr:read", "open311:write", "openid"],
            "apiKeyId": None,
        },
    }
    # The token may do what its user may: here, rename themself.
    renamed = await gql(api, RENAME, headers=bearer(token))
    assert renamed["data"]["updateMyProfile"]["errors"] == []
    assert (await User.get(id=oidc_user.id)).name == "Changed By Token"


async def test_ec_keys_and_scope_lists_work_too(
    settings: Settings, jwks: JwksServer, oidc_user: User
) -> None:
    issuer = JwtIssuer(ISSUER, jwks.publish(EC_KEY), AUDIENCE, scope_claim="authorization")
    async with app_client(settings, jwt_issuers=(issuer,)) as client:
        token = sign(
            EC_KEY, "ES256", sub=oidc_user.oidc_subject, authorization=["gdpr:delete", "x y", 3]
        )
        body = await gql(client, ME, headers=bearer(token))
    assert body["data"]["me"]["user"]["name"] == "Token Person"
    assert body["data"]["caller"]["scopes"] == ["gdpr:delete"]


async def test_a_token_without_a_known_user_is_a_client_with_scopes(
    api: httpx.AsyncClient,
) -> None:
    body = await gql(api, ME, headers=bearer(sign(sub="client-credentials-app")))
    assert body["data"]["me"] is None
    assert body["data"]["caller"]["via"] == "BEARER"
    assert "open311:write" in body["data"]["caller"]["scopes"]


async def test_roles_come_with_a_token_only_with_the_staff_scope(api: httpx.AsyncClient) -> None:
    admin = await User.create(name="Token Admin", oidc_issuer=ISSUER, oidc_subject="admin-sub")
    await RoleGrant.create(user=admin, role="admin")
    keys = "{ apiKeys { totalCount } }"
    try:
        plain = sign(sub="admin-sub", scope="openid")
        assert (await gql(api, ME, headers=bearer(plain)))["data"]["me"]["isAdmin"] is False
        refused = await gql(api, keys, headers=bearer(plain))
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        staff = sign(sub="admin-sub", scope="openid staff")
        assert (await gql(api, ME, headers=bearer(staff)))["data"]["me"]["isAdmin"] is True
        allowed = await gql(api, keys, headers=bearer(staff))
        assert "errors" not in allowed
        assert allowed["data"]["apiKeys"]["totalCount"] >= 0
    finally:
        await admin.delete()


def _tampered_signature(sub: str) -> str:
    header, payload, signature = sign(sub=sub).split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=="))
    raw[0] ^= 0x01
    return f"{header}.{payload}.{b64(bytes(raw))}"


def _tampered_payload(sub: str) -> str:
    header, _, signature = sign(sub=sub, scope="openid").split(".")
    forged = b64(json.dumps(claims(sub=sub, scope="openid staff gdpr:delete")).encode())
    return f"{header}.{forged}.{signature}"


def _hs256_with_the_public_key(sub: str) -> str:
    """The classic algorithm confusion: HMAC "signed" with the issuer's public key."""
    header = b64(json.dumps({"alg": "HS256", "kid": RSA_KEY.kid, "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims(sub=sub)).encode())
    secret = RSA_KEY.as_pem(private=False)
    mac = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(mac)}"


def _now() -> int:
    return int(time.time())


# Each makes a token about the subject it is given, refused for the reason it is named after
# (the second item: what the server's log says about it).
REFUSED_TOKENS: dict[str, tuple[Callable[[str], str], str]] = {
    "expired": (lambda sub: sign(sub=sub, exp=_now() - 120, iat=_now() - 600), "expired"),
    "not yet valid": (lambda sub: sign(sub=sub, nbf=_now() + 600), "not yet valid"),
    "issued in the future": (lambda sub: sign(sub=sub, iat=_now() + 600), "in the future"),
    "unknown issuer": (lambda sub: sign(sub=sub, iss="https://evil.test"), "unknown issuer"),
    "wrong issuer for the key": (lambda sub: sign(sub=sub, iss=OTHER_ISSUER), "no key"),
    "wrong audience": (lambda sub: sign(sub=sub, aud="someone-else"), "'aud'"),
    "audience list without ours": (lambda sub: sign(sub=sub, aud=["a", "b"]), "'aud'"),
    "no exp": (lambda sub: sign(sub=sub, exp=None), "Missing claim: 'exp'"),
    "no aud": (lambda sub: sign(sub=sub, aud=None), "Missing claim: 'aud'"),
    "no sub": (lambda sub: sign(sub=None), "Missing claim: 'sub'"),
    "exp not a number": (lambda sub: sign(sub=sub, exp="tomorrow"), "NumericDate"),
    "tampered signature": (_tampered_signature, "BadSignatureError"),
    "tampered payload": (_tampered_payload, "BadSignatureError"),
    "unknown kid": (lambda sub: sign(ROGUE_KEY, sub=sub), "no key"),
    "another key under a known kid": (
        lambda sub: jwt.encode({"alg": "RS256", "kid": RSA_KEY.kid}, claims(sub=sub), IMPOSTOR_KEY),
        "BadSignatureError",
    ),
    "alg none": (
        lambda sub: hand_made({"alg": "none", "kid": RSA_KEY.kid}, claims(sub=sub)),
        "algorithm refused: none",
    ),
    "HS256 with the public key as secret": (
        _hs256_with_the_public_key,
        "algorithm refused: HS256",
    ),
    "RS256 header on an EC key": (
        lambda sub: hand_made({"alg": "RS256", "kid": EC_KEY.kid}, claims(sub=sub), b"x" * 256),
        "no key",
    ),
    "malformed: three parts of nothing": (lambda sub: "abc.def.ghi", "malformed"),
    "malformed: not base64": (lambda sub: "!!!.???.***", "malformed"),
    "malformed: payload not an object": (
        lambda sub: hand_made({"alg": "RS256"}, [sub]),
        "unknown issuer",
    ),
    "malformed: one part": (lambda sub: "eyJhbGciOiJSUzI1NiJ9", "not a JWT"),
    "malformed: API key look-alike": (lambda sub: "asi_not-a-real-key", "API key"),
}


class Reasons(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.reasons: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.reasons.append(str(getattr(record, "reason", "")))


@pytest.fixture
def refusal_reasons() -> Iterator[list[str]]:
    """What the server logs about each refused credential (never told to the caller)."""
    logger, handler = logging.getLogger("asiointi.authn"), Reasons()
    previous = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield handler.reasons
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


@pytest.mark.parametrize("case", list(REFUSED_TOKENS))
async def test_refused_tokens_get_401_and_change_nothing(
    api: httpx.AsyncClient, oidc_user: User, refusal_reasons: list[str], case: str
) -> None:
    assert oidc_user.oidc_subject is not None
    make, reason = REFUSED_TOKENS[case]
    response = await api.post(
        "/graphql", json={"query": RENAME}, headers=bearer(make(oidc_user.oidc_subject))
    )
    assert response.status_code == 401, (case, response.text)
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    assert (await User.get(id=oidc_user.id)).name == "Token Person"
    assert len(refusal_reasons) == 1, refusal_reasons
    assert reason in refusal_reasons[0], refusal_reasons


async def test_the_same_token_untouched_is_accepted(
    api: httpx.AsyncClient, oidc_user: User
) -> None:
    """The control for the refusals above: they fail for their reason, not for another."""
    assert oidc_user.oidc_subject is not None
    response = await api.post(
        "/graphql", json={"query": RENAME}, headers=bearer(sign(sub=oidc_user.oidc_subject))
    )
    assert response.status_code == 200
    assert (await User.get(id=oidc_user.id)).name == "Changed By Token"


async def test_the_refusal_is_localized_and_rest_shaped_off_graphql(
    api: httpx.AsyncClient,
) -> None:
    expired = sign(exp=int(time.time()) - 120)
    response = await api.post(
        "/graphql?lang=sv", json={"query": "{ language }"}, headers=bearer(expired)
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == (
        "Token eller API-nyckeln är ogiltig, har gått ut eller har återkallats."
    )
    logout = await api.post("/auth/logout", json={}, headers=bearer(expired))
    assert logout.status_code == 401
    assert logout.json()["error"]["code"] == "INVALID_TOKEN"
    assert logout.headers["cache-control"] == "no-store"


async def test_an_accepted_token_within_leeway(api: httpx.AsyncClient) -> None:
    # Expired ten seconds ago, but clocks differ a little: 30 seconds of leeway.
    token = sign(exp=int(time.time()) - 10, iat=int(time.time()) - 300)
    assert (await gql(api, ME, headers=bearer(token)))["data"]["caller"]["via"] == "BEARER"


async def test_an_inactive_user_is_refused(api: httpx.AsyncClient, oidc_user: User) -> None:
    oidc_user.is_active = False
    await oidc_user.save(update_fields=["is_active"])
    response = await api.post(
        "/graphql", json={"query": ME}, headers=bearer(sign(sub=oidc_user.oidc_subject))
    )
    assert response.status_code == 401


async def test_oversized_authorization_is_431_and_changes_nothing(
    api: httpx.AsyncClient, oidc_user: User
) -> None:
    padded = sign(sub=oidc_user.oidc_subject, padding="x" * 9000)
    response = await api.post("/graphql", json={"query": RENAME}, headers=bearer(padded))
    assert response.status_code == 431
    assert response.json()["errors"][0]["extensions"]["code"] == "HEADER_TOO_LARGE"
    assert (await User.get(id=oidc_user.id)).name == "Token Person"
    big_key = await api.post("/graphql", json={"query": ME}, headers={"X-Api-Key": "a" * 9000})
    assert big_key.status_code == 431


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer a b"},
        {"Authorization": "Bearer x.y.z", "X-Api-Key": "asi_x"},
    ],
    ids=["basic", "empty bearer", "two tokens", "two credentials"],
)
async def test_malformed_authorization_is_a_bad_request(
    api: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await api.post("/graphql", json={"query": ME}, headers=headers)
    assert response.status_code == 400
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_request"'
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_REQUEST"


async def test_no_credential_is_anonymous(api: httpx.AsyncClient) -> None:
    body = await gql(api, ME)
    assert body["data"] == {
        "me": None,
        "caller": {"via": "ANONYMOUS", "scopes": [], "apiKeyId": None},
    }


async def test_key_rotation_at_the_issuer_is_picked_up(
    settings: Settings, jwks: JwksServer
) -> None:
    path = f"/{secrets.token_hex(6)}/jwks"
    issuer = JwtIssuer(ISSUER, jwks.publish(RSA_KEY, path=path), AUDIENCE)
    async with app_client(settings, jwt_issuers=(issuer,), jwks_refetch_seconds=0) as client:
        assert (
            await client.post("/graphql", json={"query": ME}, headers=bearer(sign()))
        ).is_success
        assert jwks.hits[path] == 1
        assert (
            await client.post("/graphql", json={"query": ME}, headers=bearer(sign()))
        ).is_success
        assert jwks.hits[path] == 1  # cached
        jwks.publish(NEW_KEY, path=path)  # the issuer rotates: rsa-1 is gone, rsa-2 signs
        rotated = await client.post("/graphql", json={"query": ME}, headers=bearer(sign(NEW_KEY)))
        assert rotated.status_code == 200, rotated.text
        assert jwks.hits[path] == 2
        retired = await client.post("/graphql", json={"query": ME}, headers=bearer(sign()))
        assert retired.status_code == 401


async def test_unknown_kids_do_not_make_us_hammer_the_issuer(
    settings: Settings, jwks: JwksServer
) -> None:
    path = f"/{secrets.token_hex(6)}/jwks"
    issuer = JwtIssuer(ISSUER, jwks.publish(RSA_KEY, path=path), AUDIENCE)
    async with app_client(settings, jwt_issuers=(issuer,)) as client:  # refetch at most every 30 s
        assert (
            await client.post("/graphql", json={"query": ME}, headers=bearer(sign()))
        ).is_success
        for i in range(5):
            rogue = ECKey.generate_key("P-256", parameters={"kid": f"rogue-{i}"})
            response = await client.post(
                "/graphql", json={"query": ME}, headers=bearer(sign(rogue, "ES256"))
            )
            assert response.status_code == 401
        assert jwks.hits[path] == 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


async def test_an_unreachable_issuer_is_503_not_401(settings: Settings) -> None:
    issuer = JwtIssuer(ISSUER, f"http://127.0.0.1:{_closed_port()}/jwks", AUDIENCE)
    async with app_client(settings, jwt_issuers=(issuer,)) as client:
        response = await client.post("/graphql", json={"query": ME}, headers=bearer(sign()))
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["code"] == "AUTH_UNAVAILABLE"
    assert int(response.headers["retry-after"]) > 0


def test_symmetric_algorithms_and_plain_http_issuers_are_refused_at_start(
    settings: Settings,
) -> None:
    hs = JwtIssuer(ISSUER, "https://idp.test/jwks", AUDIENCE, algorithms=("RS256", "HS256"))
    with pytest.raises(ValueError, match="HS256"):
        create_app(replace(settings, jwt_issuers=(hs,)), manage_db=False)
    http = JwtIssuer(ISSUER, "http://idp.test/jwks", AUDIENCE)
    with pytest.raises(ValueError, match="https"):
        create_app(replace(settings, jwt_issuers=(http,)), manage_db=False)


def test_jwt_issuers_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "JWT_ISSUERS",
        json.dumps([{"issuer": ISSUER, "jwks_uri": "https://idp.test/jwks", "audience": AUDIENCE}]),
    )
    assert Settings.from_env().jwt_issuers == (
        JwtIssuer(ISSUER, "https://idp.test/jwks", AUDIENCE, "scope", ()),
    )
    monkeypatch.setenv("JWT_ISSUERS", '[{"issuer": "x"}]')
    with pytest.raises(ValueError, match="jwks_uri"):
        Settings.from_env()


async def test_the_verifier_itself_refuses_oversized_tokens(jwks: JwksServer) -> None:
    """Not only the header limit: a caller of TokenVerifier elsewhere is protected too."""
    path = f"/{secrets.token_hex(6)}/jwks"
    verifier = TokenVerifier([JwtIssuer(ISSUER, jwks.publish(RSA_KEY, path=path), AUDIENCE)])
    assert (await verifier.verify(sign())).subject == "third-party-client"
    with pytest.raises(TokenError, match="too long"):
        await verifier.verify(sign(padding="x" * 9000))
