"""The City's GDPR API for connected services, as Helsinki profile calls it:
`GET /gdpr-api/v1/profiles/<id>` returns the person's data as a `{key, value | children}` tree,
`DELETE` erases it (`?dry_run=true` only checks). Each needs its own scope in a bearer token
whose subject is that person; `<id>` is the person's id here or their subject at the issuer.
Refusals carry their message in fi, sv and en, in the format Helsinki profile shows to people.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend.accounts import gdpr
from backend.accounts.authn import principal_of
from backend.accounts.errors import MESSAGES, AccountsError
from backend.accounts.models import User
from backend.i18n import Language

PATH = "/gdpr-api/v1/profiles/{profile_id}"

API_MESSAGES: dict[str, dict[Language, str]] = {
    "gdpr_unauthenticated": {
        Language.FI: "Pyynnöstä puuttuu voimassa oleva käyttöoikeustunniste.",
        Language.SV: "Begäran saknar en giltig åtkomsttoken.",
        Language.EN: "The request has no valid access token.",
    },
    "gdpr_scope": {
        Language.FI: "Käyttöoikeustunnisteella ei ole tähän tarvittavaa oikeutta.",
        Language.SV: "Åtkomsttoken har inte den behörighet som krävs.",
        Language.EN: "The access token lacks the permission this needs.",
    },
    "gdpr_other_person": {
        Language.FI: "Käyttöoikeustunniste kuuluu toiselle henkilölle.",
        Language.SV: "Åtkomsttoken tillhör en annan person.",
        Language.EN: "The access token belongs to another person.",
    },
}


def _errors(
    code: str, key: str, catalogue: dict[str, dict[Language, str]] = API_MESSAGES, **params: object
) -> list[dict[str, object]]:
    return [
        {
            "code": code,
            "message": {lang.value: catalogue[key][lang].format(**params) for lang in Language},
        }
    ]


def _refusal(status: int, code: str, key: str) -> JSONResponse:
    return JSONResponse(
        {"errors": _errors(code, key)}, status_code=status, headers={"Cache-Control": "no-store"}
    )


async def _person(request: Request, scope: str) -> User | Response:
    """The person the path names, if the caller's token may act for them; else the refusal."""
    principal = await principal_of(request)
    if principal.via != "bearer":
        return _refusal(401, "UNAUTHENTICATED", "gdpr_unauthenticated")
    if not principal.has_scope(scope):
        return _refusal(403, "FORBIDDEN", "gdpr_scope")
    user = principal.user
    profile_id = request.path_params["profile_id"]
    if user is None:
        # The token's person has never used Asiointi: there is nothing about them here.
        return Response(status_code=404)
    if profile_id not in (str(user.id), user.oidc_subject):
        return _refusal(403, "FORBIDDEN", "gdpr_other_person")
    return user


def routes(query_scope: str, delete_scope: str) -> list[Route]:
    async def query(request: Request) -> Response:
        found = await _person(request, query_scope)
        if isinstance(found, Response):
            return found
        return JSONResponse(await gdpr.data_tree(found), headers={"Cache-Control": "no-store"})

    async def delete(request: Request) -> Response:
        found = await _person(request, delete_scope)
        if isinstance(found, Response):
            return found
        dry_run = request.query_params.get("dry_run", "").lower() in ("1", "true", "yes")
        check = await gdpr.erase(await principal_of(request), found, dry_run=dry_run)
        if check.reason is not None:
            return JSONResponse(
                {"errors": _reason(check.reason)},
                status_code=403,
                headers={"Cache-Control": "no-store"},
            )
        return Response(status_code=204)

    return [Route(PATH, query, methods=["GET"]), Route(PATH, delete, methods=["DELETE"])]


def _reason(error: AccountsError) -> list[dict[str, object]]:
    return _errors(error.code, error.key, MESSAGES, **error.params)
