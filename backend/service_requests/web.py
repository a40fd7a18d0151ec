"""Photos over plain HTTP (GraphQL carries no files):

- `POST /service-requests/photos`: multipart/form-data with one file in the field `file`. The
  photo is checked and re-encoded (`photos.process_photo`: no metadata survives) and stored
  unattached; the answer is `201 {"id", "width", "height"}`, and `createServiceRequest` attaches
  up to five by their ids. A refused upload stores nothing and answers
  `{"error": {"code", "message", "field"}}`: 413 TOO_LARGE, 415 UNSUPPORTED_TYPE, 400 CORRUPT,
  TOO_MANY_PIXELS or BAD_REQUEST. Signed in or not; the app's CSRF middleware refuses a write
  that carries the session cookie unless it is same-origin JSON, so the PWA uploads without
  its cookie (`credentials: "omit"`), as anyone may: the photo's random id is what later
  proves the upload. Unattached photos are deleted after a day
  (`service.delete_stale_photos`).
- `GET /service-requests/photos/<id>.jpg`: an attached photo of a request the caller may see
  (everyone, unless the request was rejected).
"""

from __future__ import annotations

import uuid

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend.accounts.authn import principal_of
from backend.accounts.errors import MESSAGES as ACCOUNT_MESSAGES
from backend.i18n import Language, negotiate_language
from backend.service_requests import photos, service
from backend.web import read_body, replayed

UPLOAD_PATH = "/service-requests/photos"
PHOTO_PATH = "/service-requests/photos/{photo_id}.jpg"
# The multipart envelope around the file: boundaries, headers, a few small fields.
ENVELOPE_BYTES = 64 * 1024
MAX_BODY = photos.MAX_BYTES + ENVELOPE_BYTES
STATUS_OF = {
    photos.RejectionCode.TOO_LARGE: 413,
    photos.RejectionCode.UNSUPPORTED_TYPE: 415,
    photos.RejectionCode.CORRUPT: 400,
    photos.RejectionCode.TOO_MANY_PIXELS: 400,
}


def _language(request: Request) -> Language:
    return negotiate_language(
        request.query_params.get("lang"), request.headers.get("accept-language")
    )


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "field": "file"}},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def _rejected(request: Request, error: photos.PhotoRejected) -> JSONResponse:
    return _error(STATUS_OF[error.code], str(error.code), error.message(_language(request)))


def _bad_request(request: Request) -> JSONResponse:
    return _error(400, "BAD_REQUEST", ACCOUNT_MESSAGES["bad_request"][_language(request)])


def _too_large(request: Request) -> JSONResponse:
    return _rejected(request, photos.PhotoRejected(photos.RejectionCode.TOO_LARGE))


async def upload_photo(request: Request) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "multipart/form-data":
        return _bad_request(request)
    body = await read_body(request, MAX_BODY)
    if body is None:
        return _too_large(request)
    try:
        async with replayed(request, body).form(max_files=1, max_fields=10) as form:
            files = [v for v in form.values() if isinstance(v, UploadFile)]
            upload = form.get("file")
            if len(files) != 1 or not isinstance(upload, UploadFile):
                return _bad_request(request)
            data = await upload.read()
    except (MultiPartException, HTTPException):
        # Starlette raises HTTPException, not MultiPartException, for a malformed body when it
        # parses inside an app: either way the answer is our JSON 400.
        return _bad_request(request)
    try:
        photo = await service.store_photo(await principal_of(request), data)
    except photos.PhotoRejected as error:
        return _rejected(request, error)
    return JSONResponse(
        {"id": str(photo.id), "width": photo.width, "height": photo.height},
        status_code=201,
        headers={"Cache-Control": "no-store"},
    )


async def download_photo(request: Request) -> Response:
    not_found = JSONResponse(
        {
            "error": {
                "code": "NOT_FOUND",
                "message": ACCOUNT_MESSAGES["not_found"][_language(request)],
                "field": None,
            }
        },
        status_code=404,
        headers={"Cache-Control": "no-store"},
    )
    try:
        photo_id = uuid.UUID(request.path_params["photo_id"])
    except ValueError:
        return not_found
    found = await service.photo_for_download(await principal_of(request), photo_id)
    if found is None:
        return not_found
    photo, public = found
    etag = f'"{photo.sha256}"'
    # A rejected request's photos are for staff and the reporter only: never in a shared cache.
    cache = "public, max-age=3600" if public else "private, no-store"
    headers = {"Cache-Control": cache, "ETag": etag, "Content-Disposition": "inline"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(bytes(photo.data), media_type=photos.OUTPUT_MEDIA_TYPE, headers=headers)


def routes() -> list[Route]:
    return [
        Route(UPLOAD_PATH, upload_photo, methods=["POST"]),
        Route(PHOTO_PATH, download_photo, methods=["GET", "HEAD"]),
    ]
