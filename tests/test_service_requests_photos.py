"""Photo uploads over HTTP: re-encoded JPEGs without metadata are stored unattached, a refused
upload stores nothing, the CSRF protections apply, photos are served only for requests the
caller may see, and unattached photos go after a day."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from PIL import Image

from backend.service_requests import photos, service
from backend.service_requests.models import RequestPhoto
from backend.settings import Settings
from tests.test_service_requests_helpers import (
    CHANGE,
    World,
    api_client,
    call,
    create,
    image_bytes,
    make_world,
    report,
    rows,
    upload,
    uploaded,
)


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for client in api_client(settings):
        yield client


@pytest.fixture
async def world() -> World:
    return await make_world()


def exif_jpeg() -> bytes:
    image = Image.new("RGB", (120, 80), (10, 200, 10))
    exif = Image.Exif()
    exif[0x010E] = "SECRET-DESCRIPTION"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes(), comment=b"SECRET-COMMENT")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "size"),
    [
        (exif_jpeg(), "photo.jpg", (120, 80)),
        (image_bytes("PNG", (30, 20)), "photo.png", (30, 20)),
        (image_bytes("WEBP", (40, 40)), "photo.webp", (40, 40)),
    ],
    ids=["jpeg", "png", "webp"],
)
async def test_an_upload_is_stored_as_a_clean_unattached_jpeg(
    api: httpx.AsyncClient, data: bytes, filename: str, size: tuple[int, int]
) -> None:
    before = await rows()
    response = await upload(api, data, filename=filename, content_type="application/octet-stream")
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["width"], body["height"]) == size
    stored = await RequestPhoto.get(id=body["id"])
    assert stored.request_id is None
    assert stored.position is None
    assert stored.uploader_id is None
    data_out = bytes(stored.data)
    assert data_out.startswith(b"\xff\xd8\xff")
    assert b"SECRET" not in data_out
    assert b"Exif" not in data_out
    assert stored.size == len(data_out)
    after = await rows()
    assert (after.photos, after.attached) == (before.photos + 1, before.attached)


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"GIF89a" + b"\x00" * 100, 415, "UNSUPPORTED_TYPE"),
        (b"%PDF-1.7 not a photo", 415, "UNSUPPORTED_TYPE"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 200, 400, "CORRUPT"),
        (image_bytes()[:200], 400, "CORRUPT"),
        (b"\xff\xd8\xff" + b"\x00" * photos.MAX_BYTES, 413, "TOO_LARGE"),
        (b"\xff\xd8\xff" + b"\x00" * (photos.MAX_BYTES + 200_000), 413, "TOO_LARGE"),
    ],
    ids=["gif", "pdf", "corrupt-header", "truncated", "oversized", "body-past-the-limit"],
)
async def test_a_refused_upload_stores_nothing(
    api: httpx.AsyncClient, data: bytes, status: int, code: str
) -> None:
    before = await rows()
    response = await upload(api, data)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, "file")
    assert error["message"]
    assert await rows() == before


async def test_a_refusal_is_told_in_the_callers_language(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/service-requests/photos?lang=sv", files={"file": ("a.gif", b"GIF89a....", "image/gif")}
    )
    assert response.status_code == 415
    assert response.json()["error"]["message"].startswith("Filformatet stöds inte")


async def test_malformed_uploads_are_refused(api: httpx.AsyncClient) -> None:
    before = await rows()
    jpeg = image_bytes()
    two = await api.post(
        "/service-requests/photos",
        files=[("file", ("a.jpg", jpeg, "image/jpeg")), ("file", ("b.jpg", jpeg, "image/jpeg"))],
    )
    assert two.status_code == 400
    wrong_field = await api.post(
        "/service-requests/photos", files={"photo": ("a.jpg", jpeg, "image/jpeg")}
    )
    assert wrong_field.status_code == 400
    raw = await api.post(
        "/service-requests/photos", content=jpeg, headers={"Content-Type": "image/jpeg"}
    )
    assert raw.status_code == 400
    assert raw.json()["error"]["code"] == "BAD_REQUEST"
    for body in (b"not multipart at all", b"--b\r\nContent-Disposition: form-data\r\n\r\nx"):
        broken = await api.post(
            "/service-requests/photos",
            content=body,
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        assert broken.status_code == 400
        assert broken.json()["error"]["code"] == "BAD_REQUEST"
    assert await rows() == before


async def test_the_csrf_protection_applies_to_uploads(api: httpx.AsyncClient, world: World) -> None:
    """With the session cookie, a write must be same-origin JSON: a multipart upload with the
    cookie is refused (the PWA uploads without it); so is one from another site."""
    before = await rows()
    with_cookie = await upload(api, image_bytes(), cookie=world.citizen)
    assert with_cookie.status_code == 403
    assert with_cookie.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"
    cross_site = await api.post(
        "/service-requests/photos",
        files={"file": ("a.jpg", image_bytes(), "image/jpeg")},
        headers={"Cookie": world.citizen, "Origin": "https://evil.example"},
    )
    assert cross_site.status_code == 403
    assert await rows() == before


async def test_photos_are_served_for_requests_the_caller_may_see(
    api: httpx.AsyncClient, world: World
) -> None:
    photo_id = await uploaded(api, exif_jpeg())
    unattached = await api.get(f"/service-requests/photos/{photo_id}.jpg")
    assert unattached.status_code == 404

    made = await create(
        api, world.citizen, report(world.cat(world.streetlight), photoIds=[photo_id])
    )
    request = made["serviceRequest"]
    url = request["photos"][0]["url"]
    served = await api.get(url)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert served.headers["cache-control"].startswith("public")
    assert served.content == bytes((await RequestPhoto.get(id=photo_id)).data)
    cached = await api.get(url, headers={"If-None-Match": served.headers["etag"]})
    assert cached.status_code == 304

    for status in ("IN_HANDLING", "REJECTED"):
        changed = await call(
            api, world.handler, CHANGE, {"input": {"id": request["id"], "status": status}}
        )
        assert changed["changeServiceRequestStatus"]["errors"] == []
    assert (await api.get(url)).status_code == 404
    for cookie in (world.citizen, world.handler):
        private = await api.get(url, headers={"Cookie": cookie})
        assert private.status_code == 200
        assert private.headers["cache-control"] == "private, no-store"
    assert (await api.get(url, headers={"Cookie": world.citizen2})).status_code == 404
    assert (await api.get("/service-requests/photos/not-a-uuid.jpg")).status_code == 404


async def test_unattached_photos_older_than_a_day_are_deleted(
    api: httpx.AsyncClient, world: World
) -> None:
    old, fresh, kept = await uploaded(api), await uploaded(api), await uploaded(api)
    made = await create(api, None, report(world.cat(world.streetlight), photoIds=[kept]))
    assert made["errors"] == []
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    await RequestPhoto.filter(id__in=[old, kept]).update(created_at=two_days_ago)
    deleted = await service.delete_stale_photos()
    assert deleted >= 1
    assert not await RequestPhoto.exists(id=old)
    assert await RequestPhoto.exists(id=fresh)
    assert await RequestPhoto.exists(id=kept)
