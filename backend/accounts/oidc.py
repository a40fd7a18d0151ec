"""Citizens' sign-in with OpenID Connect (authlib's Starlette client) against the City's identity
provider (a Keycloak realm): authorization code flow with PKCE, state and nonce, ID token checks,
RP-initiated logout.

- `GET /auth/oidc/login?next=/path&lang=sv` sends the browser to the provider (`ui_locales` in the
  person's language); `next` must be a path on this site, anything else becomes "/".
- `GET /auth/oidc/callback` checks the answer, finds or creates the person by (issuer, subject),
  never by e-mail, starts our own session (backend/accounts/sessions.py) and goes to `next`.
- `POST /auth/oidc/logout` (JSON) or `GET /auth/oidc/logout` ends our session and sends the
  browser to the provider's `end_session_endpoint`.

Every refusal is a 400/401/403 (502 when the provider cannot be reached or describes itself
wrongly) with a message in fi, sv or en, and creates no person and no session. Without
`OIDC_ISSUER` the routes answer 404.

authlib 1.9 checks state, the ID token's signature against the provider's JWKS (algorithms from
discovery), `iss` (against the discovery document's issuer), `exp`, `iat`, `nbf`, `nonce` and
`azp`. It does not check `aud` (only `azp`, which a token for another client can set to ours),
that the discovery document names the issuer we were configured with, that an ID token came at
all (it skips validation when the token response has none) nor the `iss` authorization response
parameter (RFC 9207): those are checked here, and the algorithm is limited to asymmetric ones.
"""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx
from authlib.common.errors import AuthlibBaseError  # type: ignore[import-untyped]
from authlib.integrations.base_client.errors import (  # type: ignore[import-untyped]
    MismatchingStateError,
)
from authlib.integrations.starlette_client import OAuth  # type: ignore[import-untyped]
from authlib.oidc.core import CodeIDToken  # type: ignore[import-untyped]
from joserfc.errors import InvalidClaimError, JoseError
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from tortoise.exceptions import IntegrityError

from backend.accounts import sessions
from backend.accounts.errors import MESSAGES as ACCOUNT_MESSAGES
from backend.accounts.models import Session, User
from backend.accounts.web import language_of
from backend.i18n import Language, parse_language
from backend.settings import Settings

log = logging.getLogger("asiointi.oidc")

# authlib's HTTP client is httpx2 when that package is installed, else httpx.
try:
    from authlib.integrations.httpx_client._compat import (  # type: ignore[import-untyped]
        httpx2 as _authlib_httpx,
    )

    HTTP_ERRORS: tuple[type[Exception], ...] = (
        httpx.HTTPError,
        _authlib_httpx.HTTPError,
        ValueError,  # a body that is not JSON
    )
except ImportError:  # pragma: no cover - authlib before httpx2
    HTTP_ERRORS = (httpx.HTTPError, ValueError)

# authlib keeps the state, nonce and PKCE verifier of a sign-in in progress in this signed
# cookie, sent only to /auth/oidc/*; our own login session is sessions.COOKIE.
STATE_COOKIE = "asiointi_oidc"
STATE_MAX_AGE = 15 * 60
# Clock skew allowed between us and the provider, in seconds.
LEEWAY = 60
# Asymmetric algorithms only: the key must come from the provider's JWKS, never from a secret.
ALGORITHMS = frozenset(
    ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
)
MAX_NEXT = 2000

Code = Literal[
    "NOT_FOUND",
    "OIDC_BAD_STATE",
    "OIDC_REFUSED",
    "OIDC_NOT_VERIFIED",
    "ACCOUNT_DISABLED",
    "OIDC_UNAVAILABLE",
    "CSRF_REJECTED",
]

MESSAGES: dict[Code, dict[Language, str]] = {
    "NOT_FOUND": ACCOUNT_MESSAGES["not_found"],
    "CSRF_REJECTED": ACCOUNT_MESSAGES["cross_site"],
    "OIDC_BAD_STATE": {
        Language.FI: "Kirjautuminen on vanhentunut tai jo käytetty. Kirjaudu uudelleen.",
        Language.SV: "Inloggningen har gått ut eller har redan använts. Logga in på nytt.",
        Language.EN: "The sign-in has expired or was already used. Please sign in again.",
    },
    "OIDC_REFUSED": {
        Language.FI: "Kirjautuminen peruttiin tai tunnistuspalvelu hylkäsi sen.",
        Language.SV: "Inloggningen avbröts eller avvisades av identifieringstjänsten.",
        Language.EN: "The sign-in was cancelled or refused by the identity service.",
    },
    "OIDC_NOT_VERIFIED": {
        Language.FI: "Kirjautumista ei voitu varmistaa. Yritä uudelleen.",
        Language.SV: "Inloggningen kunde inte verifieras. Försök igen.",
        Language.EN: "The sign-in could not be verified. Please try again.",
    },
    "ACCOUNT_DISABLED": {
        Language.FI: "Tämä käyttäjätili on poistettu käytöstä.",
        Language.SV: "Det här kontot har inaktiverats.",
        Language.EN: "This account has been disabled.",
    },
    "OIDC_UNAVAILABLE": {
        Language.FI: "Kaupungin tunnistuspalvelu ei ole nyt käytettävissä. Yritä myöhemmin.",
        Language.SV: "Stadens identifieringstjänst är inte tillgänglig just nu. Försök senare.",
        Language.EN: "The City's sign-in service is not available right now. Try again later.",
    },
}
BACK = {
    Language.FI: "Takaisin Asiointiin",
    Language.SV: "Tillbaka till Asiointi",
    Language.EN: "Back to Asiointi",
}
NO_STORE = {"Cache-Control": "no-store"}


class Refusal(Exception):
    def __init__(self, code: Code, status: int, reason: str = "") -> None:
        super().__init__(reason or code)
        self.code = code
        self.status = status


def safe_next(value: str | None) -> str:
    """`value` when it is a path on this site ("/…", not "//host" nor "/\\host"), else "/"."""
    if not value or len(value) > MAX_NEXT or not value.startswith("/"):
        return "/"
    if value.startswith(("//", "/\\")) or "\\" in value:
        return "/"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def error_response(request: Request, code: Code, status: int, language: Language) -> Response:
    """A page for browsers (these routes are navigations), JSON for everything else."""
    message = MESSAGES[code][language]
    if "text/html" in request.headers.get("accept", ""):
        body = (
            f'<!DOCTYPE html><html lang="{language.value}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Asiointi</title></head><body><main><h1>{html.escape(message)}</h1>"
            f'<p><a href="/">{html.escape(BACK[language])}</a></p></main></body></html>'
        )
        return HTMLResponse(body, status_code=status, headers=NO_STORE)
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=NO_STORE
    )


class _IdToken(CodeIDToken):  # type: ignore[misc]
    """authlib's ID token checks, plus: an asymmetric algorithm and a usable subject."""

    def validate(self, now: int | None = None, leeway: int = 0) -> None:
        if self.header.get("alg") not in ALGORITHMS:
            raise InvalidClaimError("alg")
        super().validate(now=now, leeway=leeway)
        subject = self.get("sub")
        if not isinstance(subject, str) or not 0 < len(subject) <= 255:
            raise InvalidClaimError("sub")


class _StateCookie:
    """Starlette's SessionMiddleware for authlib's state, Secure by the same rule as our session
    cookie (sessions.cookie_is_secure), which a single SessionMiddleware cannot decide per
    request."""

    def __init__(self, app: ASGIApp, *, secret_key: str, debug: bool) -> None:
        self.debug = debug
        self.secure, self.plain = (
            SessionMiddleware(
                app,
                secret_key=secret_key,
                session_cookie=STATE_COOKIE,
                max_age=STATE_MAX_AGE,
                path="/auth/oidc",
                same_site="lax",
                https_only=https_only,
            )
            for https_only in (True, False)
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        secure = sessions.cookie_is_secure(Request(scope), self.debug)
        await (self.secure if secure else self.plain)(scope, receive, send)


class OidcSignIn:
    def __init__(self, settings: Settings) -> None:
        assert settings.oidc_issuer
        if not settings.oidc_client_id:
            raise ValueError("OIDC_CLIENT_ID is required when OIDC_ISSUER is set")
        self.settings = settings
        self.issuer = settings.oidc_issuer
        self.client_id = settings.oidc_client_id
        scopes = settings.oidc_scopes.split()
        if "openid" not in scopes:
            scopes.insert(0, "openid")
        oauth = OAuth()
        self.client: Any = oauth.register(
            name="city",
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret,
            server_metadata_url=self.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={
                "scope": " ".join(scopes),
                "code_challenge_method": "S256",
                "timeout": 10,
            },
        )

    async def metadata(self) -> dict[str, Any]:
        """The discovery document, which must name the issuer we were configured with."""
        try:
            metadata: dict[str, Any] = await self.client.load_server_metadata()
        except HTTP_ERRORS as error:
            raise Refusal("OIDC_UNAVAILABLE", 502, f"discovery failed: {error!r}") from None
        issuer = metadata.get("issuer")
        if not isinstance(issuer, str) or issuer.rstrip("/") != self.issuer.rstrip("/"):
            raise Refusal("OIDC_UNAVAILABLE", 502, f"discovery names the issuer {issuer!r}")
        return metadata

    # GET /auth/oidc/login
    async def login(self, request: Request) -> Response:
        language = language_of(request)
        try:
            await self.metadata()
            redirect_uri = str(request.url_for("oidc_callback"))
            authorization = await self.client.create_authorization_url(
                redirect_uri, ui_locales=language.value
            )
        except Refusal as refusal:
            log.warning("OpenID Connect sign-in not started: %s", refusal)
            return error_response(request, refusal.code, refusal.status, language)
        url = authorization.pop("url")
        await self.client.save_authorize_data(
            request,
            redirect_uri=redirect_uri,
            next=safe_next(request.query_params.get("next")),
            lang=language.value,
            **authorization,
        )
        return RedirectResponse(url, status_code=302, headers=NO_STORE)

    # GET /auth/oidc/callback
    async def callback(self, request: Request) -> Response:
        state = request.query_params.get("state") or ""
        pending: dict[str, Any] | None = None
        if state:
            pending = await self.client.framework.get_state_data(request.session, state)
        language = parse_language((pending or {}).get("lang")) or language_of(request)
        try:
            response = await self._finish(request, pending)
        except Refusal as refusal:
            # An answer that fails verification may be an attack: worth a warning.
            level = logging.WARNING if refusal.code == "OIDC_NOT_VERIFIED" else logging.INFO
            log.log(level, "OpenID Connect sign-in refused (%s): %s", refusal.code, refusal)
            if pending is not None:  # one answer per sign-in, whatever it was
                await self.client.framework.clear_state_data(request.session, state)
            return error_response(request, refusal.code, refusal.status, language)
        return response

    async def _finish(self, request: Request, pending: dict[str, Any] | None) -> Response:
        if pending is None or not pending.get("nonce"):
            raise Refusal("OIDC_BAD_STATE", 400, "unknown, used or missing state")
        if request.query_params.get("error"):
            raise Refusal("OIDC_REFUSED", 401, f"provider error {request.query_params['error']}")
        metadata = await self.metadata()
        issuer: str = metadata["issuer"]
        answered_by = request.query_params.get("iss")
        if answered_by is not None and answered_by != issuer:  # RFC 9207 mix-up defence
            raise Refusal("OIDC_NOT_VERIFIED", 401, f"answer from issuer {answered_by!r}")
        token = await self._exchange(request, issuer)
        claims: dict[str, Any] = token["userinfo"]
        user = await self._person(issuer, claims, parse_language(pending.get("lang")))
        response = RedirectResponse(
            safe_next(pending.get("next")), status_code=303, headers=NO_STORE
        )
        await sessions.start(
            request,
            response,
            user,
            debug=self.settings.debug,
            method=issuer,
            id_token_hint=token["id_token"],
            assurance=assurance_of(claims, self.settings.oidc_strong_acr),
        )
        return response

    async def _exchange(self, request: Request, issuer: str) -> dict[str, Any]:
        """Code for tokens at the token endpoint; authlib validates the ID token."""
        claims_options = {
            "iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "value": self.client_id},
            "sub": {"essential": True},
            "nonce": {"essential": True},
        }
        try:
            token: dict[str, Any] = await self.client.authorize_access_token(
                request, claims_options=claims_options, claims_cls=_IdToken, leeway=LEEWAY
            )
        except MismatchingStateError:
            raise Refusal("OIDC_BAD_STATE", 400, "state mismatch") from None
        except AuthlibBaseError as error:  # the token endpoint said no (a used code, say)
            raise Refusal("OIDC_REFUSED", 401, f"token endpoint: {error}") from None
        except JoseError as error:
            raise Refusal("OIDC_NOT_VERIFIED", 401, f"ID token: {error!r}") from None
        except HTTP_ERRORS as error:
            raise Refusal("OIDC_UNAVAILABLE", 502, f"provider unreachable: {error!r}") from None
        except Exception as error:  # anything else the provider's answer can cause is not a 500
            log.exception("unexpected failure while checking the provider's answer")
            raise Refusal("OIDC_NOT_VERIFIED", 401, f"unexpected: {error!r}") from None
        if not isinstance(token.get("id_token"), str) or not token.get("userinfo"):
            raise Refusal("OIDC_NOT_VERIFIED", 401, "no ID token in the token response")
        return token

    async def _person(self, issuer: str, claims: dict[str, Any], language: Language | None) -> User:
        """The person with this (issuer, subject), created on first sign-in; never by e-mail."""
        subject: str = claims["sub"]
        profile = _profile(claims)
        now = datetime.now(UTC)
        user = await User.filter(oidc_issuer=issuer, oidc_subject=subject).first()
        if user is None:
            try:
                return await User.create(
                    oidc_issuer=issuer,
                    oidc_subject=subject,
                    language=(language or Language.FI).value,
                    last_login_at=now,
                    name=profile.get("name", ""),
                    email=profile.get("email", ""),
                )
            except IntegrityError:  # the same person's other tab was quicker
                user = await User.get(oidc_issuer=issuer, oidc_subject=subject)
        if not user.is_active:
            raise Refusal("ACCOUNT_DISABLED", 403, f"user {user.id} is disabled")
        for field, value in profile.items():
            setattr(user, field, value)
        user.last_login_at = now
        await user.save(update_fields=[*profile, "last_login_at"])
        return user

    # POST /auth/oidc/logout (JSON: {"redirect": url}) and GET /auth/oidc/logout (a redirect).
    #
    # Signing out must not be something another site can do to a person. A POST comes through
    # CsrfMiddleware, which refuses cookie-carrying writes without our Origin and JSON. A GET
    # (for a plain link) is only honoured as a same-origin or typed-in navigation: the browser's
    # Sec-Fetch-Site says so, or, from browsers that do not send it, a Referer of our own origin;
    # a cross-site link, image or frame gets 403 and the session stays.
    async def logout(self, request: Request) -> Response:
        language = language_of(request)
        if request.method == "GET" and not _same_origin_navigation(request):
            return error_response(request, "CSRF_REJECTED", 403, language)
        scratch = Response()
        ended = await sessions.end(request, scratch)
        target = await self._end_session_url(request, ended, language)
        response: Response
        if request.method == "GET":
            response = RedirectResponse(target, status_code=303, headers=NO_STORE)
        else:
            response = JSONResponse({"redirect": target}, headers=NO_STORE)
        for cookie in scratch.headers.getlist("set-cookie"):
            response.headers.append("set-cookie", cookie)
        return response

    async def _end_session_url(
        self, request: Request, ended: Session | None, language: Language
    ) -> str:
        """The provider's end-session URL for a session that came from it, else "/"."""
        if ended is None or not ended.id_token_hint:
            return "/"
        try:
            metadata = await self.metadata()
        except Refusal as refusal:  # our session has ended; the provider's must wait
            log.warning("RP-initiated logout skipped: %s", refusal)
            return "/"
        if ended.method != metadata["issuer"] or not metadata.get("end_session_endpoint"):
            return "/"
        logout = await self.client.create_logout_url(
            post_logout_redirect_uri=str(request.base_url),
            id_token_hint=ended.id_token_hint,
            client_id=self.client_id,
            ui_locales=language.value,
        )
        return str(logout["url"])


def assurance_of(claims: dict[str, Any], strong_acr: tuple[str, ...]) -> str:
    """The level of assurance of a sign-in: Helsinki's provider states it in a `loa` claim
    ("low" / "substantial" / "high"); others name their strong methods in `acr`."""
    loa = claims.get("loa")
    if loa in ("substantial", "high"):
        return str(loa)
    if isinstance(claims.get("acr"), str) and claims["acr"] in strong_acr:
        return "substantial"
    return "low"


def _profile(claims: dict[str, Any]) -> dict[str, str]:
    """Name and e-mail from the claims, when the provider sent them."""
    profile: dict[str, str] = {}
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    if name.strip():
        profile["name"] = name.strip()[:200]
    email = claims.get("email")
    if isinstance(email, str) and email.strip() and claims.get("email_verified") is not False:
        profile["email"] = email.strip()[:254]
    return profile


def _same_origin_navigation(request: Request) -> bool:
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    referer = urlsplit(request.headers.get("referer", ""))
    return f"{referer.scheme}://{referer.netloc}" == f"{request.url.scheme}://{request.url.netloc}"


def routes(settings: Settings) -> list[Route]:
    if not settings.oidc_issuer:

        async def not_configured(request: Request) -> Response:
            return error_response(request, "NOT_FOUND", 404, language_of(request))

        return [
            Route("/auth/oidc/login", not_configured, methods=["GET"]),
            Route("/auth/oidc/callback", not_configured, methods=["GET"]),
            Route("/auth/oidc/logout", not_configured, methods=["GET", "POST"]),
        ]
    oidc = OidcSignIn(settings)
    state = [Middleware(_StateCookie, secret_key=settings.secret_key, debug=settings.debug)]
    return [
        Route("/auth/oidc/login", oidc.login, methods=["GET"], middleware=state),
        Route(
            "/auth/oidc/callback",
            oidc.callback,
            methods=["GET"],
            name="oidc_callback",
            middleware=state,
        ),
        Route("/auth/oidc/logout", oidc.logout, methods=["GET", "POST"], middleware=state),
        # With a provider configured, the PWA's plain sign-out ends the provider's session too
        # (it answers {"redirect": "/"} for a local session). Listed before the local route.
        Route("/auth/logout", oidc.logout, methods=["POST"], middleware=state),
    ]
