"""REST endpoints of sign-in and sign-out (they set and clear cookies, which GraphQL should not)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend.accounts import service, sessions
from backend.accounts.errors import AccountsError
from backend.accounts.models import User
from backend.accounts.ratelimit import Counter
from backend.i18n import Language, negotiate_language
from backend.settings import Settings

MAX_BODY = 4096


def language_of(request: Request) -> Language:
    return negotiate_language(
        request.query_params.get("lang"), request.headers.get("accept-language")
    )


def error_response(request: Request, error: AccountsError, status: int) -> JSONResponse:
    headers = {"Cache-Control": "no-store"}
    if error.code == "THROTTLED":
        headers["Retry-After"] = str(error.params["seconds"])
    return JSONResponse(
        {
            "error": {
                "code": error.code,
                "message": error.message(language_of(request)),
                "field": error.field,
            }
        },
        status_code=status,
        headers=headers,
    )


def user_json(user: User) -> dict[str, Any]:
    return {"id": str(user.id), "name": user.name, "email": user.email, "language": user.language}


async def _json_body(request: Request) -> dict[str, Any] | None:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def routes(settings: Settings, counter: Counter) -> list[Route]:
    async def login(request: Request) -> Response:
        body = await _json_body(request)
        email, password = (body or {}).get("email"), (body or {}).get("password")
        if not isinstance(email, str) or not isinstance(password, str):
            return error_response(request, AccountsError("BAD_REQUEST", "bad_request"), 400)
        try:
            user = await service.sign_in_local(counter, email, password, client_ip(request))
        except AccountsError as error:
            return error_response(request, error, 429 if error.code == "THROTTLED" else 401)
        response = JSONResponse({"user": user_json(user)}, headers={"Cache-Control": "no-store"})
        await sessions.start(request, response, user, debug=settings.debug)
        return response

    async def logout(request: Request) -> Response:
        response = JSONResponse({"ok": True}, headers={"Cache-Control": "no-store"})
        await sessions.end(request, response)
        return response

    return [
        Route("/auth/login", login, methods=["POST"]),
        Route("/auth/logout", logout, methods=["POST"]),
    ]
