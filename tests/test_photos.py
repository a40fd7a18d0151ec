"""Photos for service requests: type by content, limits before decoding, no metadata survives.

Every image here is made by the test itself with Pillow (and pillow-heif for HEIC), or crafted byte
by byte where Pillow would have to allocate the bomb to write it.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import struct
import threading
import time
import zlib
from typing import Any

import pillow_heif
import pytest
from PIL import ExifTags, Image, ImageCms, JpegImagePlugin, PngImagePlugin

from backend.i18n import Language
from backend.service_requests import photos
from backend.service_requests.photos import (
    MAX_BYTES,
    MAX_EDGE,
    MAX_JPEG_SCANS,
    MAX_PIXELS,
    MESSAGES,
    PhotoRejected,
    ProcessedPhoto,
    RejectionCode,
    detect_media_type,
    process_photo,
    process_photo_async,
)

RED = (255, 0, 0)
BLUE = (0, 0, 255)
GREEN = (0, 255, 0)
# Text that must not reach the stored photo, planted in every kind of metadata block.
SECRETS = (b"SECRET-DESCRIPTION", b"SECRET-COMMENT", b"SECRET-XMP", b"SECRET-TEXT", b"WGS-84")
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
    b' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/"'
    b' exif:GPSLatitude="60,10.2N" exif:GPSLongitude="24,56.5E">SECRET-XMP</rdf:Description>'
    b"</rdf:RDF></x:xmpmeta>"
)


# --- making test images -------------------------------------------------------------------------


def encode(image: Image.Image, image_format: str, **params: Any) -> bytes:
    if image_format == "HEIF":
        pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **params)
    return buffer.getvalue()


def marked(size: tuple[int, int] = (60, 40)) -> Image.Image:
    """Green, with a red block in the top-left corner: shows which way is up."""
    image = Image.new("RGB", size, GREEN)
    image.paste(RED, (0, 0, size[0] // 4, size[1] // 4))
    return image


def location_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.ImageDescription] = "SECRET-DESCRIPTION"
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (60.0, 10.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (24.0, 56.0, 30.0),
        ExifTags.GPS.GPSMapDatum: "WGS-84",
    }
    return exif


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def crafted_png(width: int, height: int) -> bytes:
    """A PNG that declares width × height (8-bit grey) but holds a few bytes of pixel data: what a
    decompression bomb looks like to a parser, without anyone allocating the pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def with_jpeg_size(jpeg: bytes, width: int, height: int) -> bytes:
    """The JPEG with its frame header (SOF) claiming another size."""
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        sof = jpeg.find(marker)
        if sof > 0:
            return jpeg[: sof + 5] + struct.pack(">HH", height, width) + jpeg[sof + 9 :]
    raise AssertionError("no SOF in the JPEG")


def with_heic_size(heic: bytes, width: int, height: int) -> bytes:
    """The HEIC with its image spatial extents (ispe) box claiming another size."""
    ispe = heic.find(b"ispe")
    assert ispe > 0
    return heic[: ispe + 8] + struct.pack(">II", width, height) + heic[ispe + 16 :]


def jpeg_markers(jpeg: bytes) -> list[int]:
    """The markers of a JPEG's segments up to its first scan."""
    assert jpeg[:2] == b"\xff\xd8"
    markers, pos = [0xD8], 2
    while True:
        assert jpeg[pos] == 0xFF
        marker = jpeg[pos + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        pos += 2 + int.from_bytes(jpeg[pos + 2 : pos + 4], "big")


def assert_clean(photo: ProcessedPhoto) -> Image.Image:
    """A baseline or progressive JPEG with a bare JFIF header and nothing else before the pixels."""
    assert photo.media_type == "image/jpeg"
    assert photo.sha256 == hashlib.sha256(photo.data).hexdigest()
    markers = jpeg_markers(photo.data)
    # SOI, APP0 (JFIF), quantization and Huffman tables, frame header, scan: no APP1 (EXIF, XMP),
    # APP2 (ICC), APP13 (IPTC), COM (comments) or any other application segment.
    assert set(markers) <= {0xD8, 0xE0, 0xDB, 0xC4, 0xC0, 0xC2, 0xDD, 0xDA}, markers
    app0 = photo.data.find(b"\xff\xe0")
    assert photo.data[app0 + 4 : app0 + 9] == b"JFIF\x00"
    for needle in (b"Exif", b"GPS", b"ICC_PROFILE", b"http://ns.adobe.com", *SECRETS):
        assert needle not in photo.data, needle
    image = Image.open(io.BytesIO(photo.data))
    assert image.format == "JPEG"
    assert image.mode == "RGB"
    assert image.size == (photo.width, photo.height)
    assert len(image.getexif()) == 0
    assert not {"exif", "icc_profile", "xmp", "comment", "photoshop"} & set(image.info)
    return image


def near(actual: object, expected: tuple[int, int, int], tolerance: int = 40) -> bool:
    assert isinstance(actual, tuple)
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def rejection(data: bytes) -> RejectionCode:
    with pytest.raises(PhotoRejected) as caught:
        process_photo(data)
    return caught.value.code


@pytest.fixture
def never_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails the test if any decoder is reached."""

    def fail(data: bytes, media_type: str) -> None:
        raise AssertionError("the decoder was reached")

    monkeypatch.setattr(photos, "_open", fail)


# --- metadata is gone, the picture is right -----------------------------------------------------


@pytest.mark.parametrize("with_icc", [True, False])
def test_jpeg_loses_exif_gps_xmp_icc_and_comment_and_stays_upright(with_icc: bool) -> None:
    # With and without an ICC profile: converting from it would hide metadata kept in other paths.
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = encode(
        marked(),
        "JPEG",
        exif=location_exif(orientation=6),
        xmp=XMP,
        comment=b"SECRET-COMMENT",
        icc_profile=srgb if with_icc else None,
        quality=95,
    )
    # The source does carry all of it, so the assertions below can fail.
    opened = Image.open(io.BytesIO(source))
    assert opened.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert opened.getexif()[ExifTags.Base.Orientation] == 6
    for needle in (b"Exif", b"GPS", b"SECRET-XMP", b"SECRET-COMMENT", b"WGS-84"):
        assert needle in source, needle
    assert (b"ICC_PROFILE" in source) is with_icc

    photo = process_photo(source)

    image = assert_clean(photo)
    assert photo.source_media_type == "image/jpeg"
    # Orientation 6: the stored 60×40 picture is shown turned 90° clockwise, as 40×60 with the
    # red corner at the top right.
    assert (photo.width, photo.height) == (40, 60)
    assert near(image.getpixel((37, 2)), RED)
    assert near(image.getpixel((2, 2)), GREEN)
    assert near(image.getpixel((37, 57)), GREEN)


def test_png_text_chunks_exif_and_icc_do_not_survive() -> None:
    source = encode(
        marked(),
        "PNG",
        pnginfo=png_text(),
        exif=location_exif(orientation=3),
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    for chunk in (b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP"):
        assert chunk in source, chunk

    photo = process_photo(source)

    image = assert_clean(photo)
    assert photo.source_media_type == "image/png"
    # Orientation 3: turned 180°, the red corner is at the bottom right.
    assert (photo.width, photo.height) == (60, 40)
    assert near(image.getpixel((57, 37)), RED)
    assert near(image.getpixel((2, 2)), GREEN)


def png_text() -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "SECRET-TEXT in tEXt")
    info.add_text("Location", "SECRET-TEXT in zTXt", zip=True)
    info.add_itxt("Description", "SECRET-TEXT in iTXt", lang="fi", tkey="Kuvaus")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return info


def test_webp_is_accepted_and_loses_its_exif() -> None:
    source = encode(marked(), "WEBP", exif=location_exif(orientation=8), xmp=XMP, quality=95)
    assert b"EXIF" in source
    assert b"XMP " in source

    photo = process_photo(source)

    image = assert_clean(photo)
    assert photo.source_media_type == "image/webp"
    # Orientation 8: turned 90° counter-clockwise, the red corner is at the bottom left.
    assert (photo.width, photo.height) == (40, 60)
    assert near(image.getpixel((2, 57)), RED)
    assert near(image.getpixel((37, 2)), GREEN)


def test_heic_is_decoded_upright_and_loses_its_exif() -> None:
    source = encode(marked(), "HEIF", exif=location_exif(orientation=6).tobytes(), quality=95)
    assert source[4:12] == b"ftypheic"
    assert b"Exif" in source

    photo = process_photo(source)

    image = assert_clean(photo)
    assert photo.source_media_type == "image/heic"
    assert (photo.width, photo.height) == (40, 60)
    assert near(image.getpixel((37, 2)), RED)
    assert near(image.getpixel((2, 2)), GREEN)


@pytest.mark.parametrize("image_format", ["WEBP", "PNG"])
def test_an_animated_image_gives_its_first_frame(image_format: str) -> None:
    frames = [Image.new("RGB", (32, 32), colour) for colour in (RED, BLUE, GREEN)]
    source = encode(frames[0], image_format, save_all=True, append_images=frames[1:], duration=100)
    assert getattr(Image.open(io.BytesIO(source)), "n_frames", 1) == 3

    image = assert_clean(process_photo(source))

    assert near(image.getpixel((16, 16)), RED)


def test_a_large_photo_is_downscaled_to_the_maximum_edge() -> None:
    source = encode(marked((MAX_EDGE * 2, MAX_EDGE // 2)), "JPEG", quality=90)

    photo = process_photo(source)

    assert (photo.width, photo.height) == (MAX_EDGE, MAX_EDGE // 4)
    image = assert_clean(photo)
    assert near(image.getpixel((10, 10)), RED)
    assert near(image.getpixel((MAX_EDGE - 10, MAX_EDGE // 4 - 10)), GREEN)


def test_a_small_photo_keeps_its_size() -> None:
    photo = process_photo(encode(marked((300, 200)), "PNG"))
    assert (photo.width, photo.height) == (300, 200)


@pytest.mark.parametrize(
    ("mode", "image_format", "fill", "expected"),
    [
        ("RGBA", "PNG", (255, 0, 0, 0), (255, 255, 255)),  # transparent: flattened onto white
        ("RGBA", "PNG", (255, 0, 0, 255), RED),
        ("LA", "PNG", (0, 255), (0, 0, 0)),
        ("L", "JPEG", 128, (128, 128, 128)),
        ("CMYK", "JPEG", (0, 255, 255, 0), RED),
        ("I;16", "PNG", 40000, (156, 156, 156)),  # 16-bit grey scaled to 8 bits, not clipped
        ("1", "PNG", 1, (255, 255, 255)),
    ],
)
def test_every_mode_ends_as_rgb(
    mode: str, image_format: str, fill: int | tuple[int, ...], expected: tuple[int, int, int]
) -> None:
    source = encode(Image.new(mode, (16, 16), fill), image_format)

    image = assert_clean(process_photo(source))

    assert near(image.getpixel((8, 8)), expected, tolerance=8)


def test_a_palette_image_with_a_transparent_colour_is_flattened_onto_white() -> None:
    image = Image.new("P", (16, 16), 0)
    image.putpalette([*RED, *BLUE])
    image.paste(1, (8, 0, 16, 16))
    source = encode(image, "PNG", transparency=0)

    result = assert_clean(process_photo(source))

    assert near(result.getpixel((2, 8)), (255, 255, 255), tolerance=8)
    assert near(result.getpixel((13, 8)), BLUE, tolerance=8)


def test_a_broken_icc_profile_does_not_refuse_the_photo() -> None:
    source = encode(marked(), "PNG", icc_profile=b"not a profile at all")
    assert b"iCCP" in source

    image = assert_clean(process_photo(source))

    assert near(image.getpixel((2, 2)), RED)


def test_the_output_is_deterministic_and_its_hash_is_of_the_stored_bytes() -> None:
    source = encode(marked(), "PNG")

    first, second = process_photo(source), process_photo(source)

    assert first == second
    assert first.sha256 == hashlib.sha256(first.data).hexdigest()
    assert first.data != source


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("never_decoded")
def test_more_than_10_mb_is_refused_before_anything_is_decoded() -> None:
    # JPEG magic followed by junk: were it decoded, it would be CORRUPT, not TOO_LARGE.
    payload = b"\xff\xd8\xff\xe0" + b"\x00" * (MAX_BYTES - 3)
    assert len(payload) == MAX_BYTES + 1
    started = time.perf_counter()

    assert rejection(payload) == RejectionCode.TOO_LARGE

    assert time.perf_counter() - started < 0.5


def test_exactly_10_mb_passes_the_size_check() -> None:
    payload = b"\xff\xd8\xff\xe0" + b"\x00" * (MAX_BYTES - 4)
    assert len(payload) == MAX_BYTES
    assert rejection(payload) == RejectionCode.CORRUPT


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (30_000, 30_000),  # past Pillow's own hard limit (DecompressionBombError)
        (10_000, 10_000),  # where Pillow would only warn
        (10_000, MAX_PIXELS // 10_000 + 1),  # just over ours
    ],
)
def test_a_png_declaring_too_many_pixels_is_refused_without_a_warning(
    width: int, height: int, recwarn: pytest.WarningsRecorder
) -> None:
    source = crafted_png(width, height)
    assert len(source) < 200

    assert rejection(source) == RejectionCode.TOO_MANY_PIXELS

    assert [str(w.message) for w in recwarn] == []


def test_a_png_at_the_pixel_limit_passes_the_pixel_check() -> None:
    # 10,000 × 5,000 is allowed, so the crafted file reaches the decoder, which finds it broken.
    assert rejection(crafted_png(10_000, MAX_PIXELS // 10_000)) == RejectionCode.CORRUPT


def test_a_jpeg_declaring_too_many_pixels_is_refused() -> None:
    source = with_jpeg_size(encode(marked(), "JPEG"), 60_000, 60_000)
    assert JpegImagePlugin.JpegImageFile(io.BytesIO(source)).size == (60_000, 60_000)

    assert rejection(source) == RejectionCode.TOO_MANY_PIXELS


def test_a_heic_declaring_too_many_pixels_is_refused() -> None:
    source = with_heic_size(encode(Image.new("RGB", (64, 64), RED), "HEIF"), 30_000, 30_000)
    parsed = pillow_heif.HeifImageFile(io.BytesIO(source))  # type: ignore[no-untyped-call]
    assert parsed.size == (30_000, 30_000)

    assert rejection(source) == RejectionCode.TOO_MANY_PIXELS


@pytest.mark.usefixtures("never_decoded")
def test_a_jpeg_with_hundreds_of_scans_is_refused_before_decoding() -> None:
    jpeg = encode(marked(), "JPEG")
    sos = jpeg.find(b"\xff\xda")
    scan = jpeg[sos:-2]  # the scan header and its entropy-coded data, up to EOI
    source = jpeg[:-2] + scan * MAX_JPEG_SCANS + b"\xff\xd9"

    assert rejection(source) == RejectionCode.CORRUPT


def test_a_progressive_jpeg_is_accepted() -> None:
    source = encode(marked((400, 300)), "JPEG", progressive=True)
    assert 1 < photos._jpeg_scan_count(source) <= MAX_JPEG_SCANS

    assert process_photo(source).width == 400


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(lambda: _truncated(encode(marked((200, 200)), "JPEG")), id="truncated-jpeg"),
        pytest.param(lambda: _truncated(encode(marked((200, 200)), "PNG")), id="truncated-png"),
        pytest.param(lambda: _truncated(encode(marked((200, 200)), "WEBP")), id="truncated-webp"),
        pytest.param(lambda: _truncated(encode(marked((200, 200)), "HEIF")), id="truncated-heic"),
        pytest.param(lambda: b"\xff\xd8\xff", id="jpeg-magic-only"),
        pytest.param(lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, id="png-magic-and-zeros"),
        pytest.param(lambda: b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 64, id="webp-garbage"),
        pytest.param(
            lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
            id="heic-garbage",
        ),
        pytest.param(lambda: crafted_png(100, 100)[:-12] + b"junk", id="png-without-end"),
    ],
)
def test_damaged_files_are_corrupt(source: Any) -> None:
    data = source()
    assert detect_media_type(data) is not None
    assert rejection(data) == RejectionCode.CORRUPT


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param("Hei, tässä kuva katulampusta.\n".encode(), id="text"),
        pytest.param(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", id="pdf"),
        pytest.param(
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b"<script>alert(1)</script></svg>",
            id="svg",
        ),
        pytest.param(b"<svg onload=alert(1)>", id="svg-without-prolog"),
        pytest.param(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", id="gif"),
        pytest.param(b"BM" + b"\x00" * 64, id="bmp"),
        pytest.param(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", id="avif"),
        pytest.param(b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1avif", id="heif-of-av1"),
        pytest.param(b"RIFF\x10\x00\x00\x00WAVEfmt ", id="wav"),
    ],
)
@pytest.mark.usefixtures("never_decoded")
def test_other_types_are_unsupported(data: bytes) -> None:
    assert detect_media_type(data) is None
    assert rejection(data) == RejectionCode.UNSUPPORTED_TYPE


def test_the_type_comes_from_the_content() -> None:
    assert detect_media_type(encode(marked(), "JPEG")) == "image/jpeg"
    assert detect_media_type(encode(marked(), "PNG")) == "image/png"
    assert detect_media_type(encode(marked(), "WEBP")) == "image/webp"
    assert detect_media_type(encode(marked(), "HEIF")) == "image/heic"
    # A generic HEIF brand with HEVC among its compatible brands, as some Android phones write.
    generic = b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1miafheic"
    assert detect_media_type(generic) == "image/heic"


# --- messages -----------------------------------------------------------------------------------


def test_every_code_has_a_message_in_every_language() -> None:
    assert set(MESSAGES) == set(RejectionCode)
    for code in RejectionCode:
        texts = {PhotoRejected(code).message(language) for language in Language}
        assert len(texts) == len(Language), code
        assert all(text and "{" not in text for text in texts), texts
    too_large = PhotoRejected(RejectionCode.TOO_LARGE)
    assert "10 Mt" in too_large.message(Language.FI)
    assert "10 MB" in too_large.message(Language.SV)
    assert "50 megapixels" in PhotoRejected(RejectionCode.TOO_MANY_PIXELS).message(Language.EN)


def test_the_codes_are_stable_strings() -> None:
    assert [str(code) for code in RejectionCode] == [
        "TOO_LARGE",
        "UNSUPPORTED_TYPE",
        "CORRUPT",
        "TOO_MANY_PIXELS",
    ]
    assert PhotoRejected(RejectionCode.CORRUPT).code == "CORRUPT"


# --- async --------------------------------------------------------------------------------------


async def test_the_async_wrapper_works_in_another_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[int] = []
    real = photos.process_photo

    def recording(data: bytes) -> ProcessedPhoto:
        threads.append(threading.get_ident())
        return real(data)

    monkeypatch.setattr(photos, "process_photo", recording)
    source = encode(marked(), "PNG")

    photo = await process_photo_async(source)

    assert photo == real(source)
    assert threads
    assert threads[0] != threading.get_ident()


async def test_the_async_wrapper_refuses_like_the_sync_one() -> None:
    with pytest.raises(PhotoRejected) as caught:
        await process_photo_async(b"%PDF-1.7\n")
    assert caught.value.code == RejectionCode.UNSUPPORTED_TYPE
    with pytest.raises(PhotoRejected) as caught:
        await process_photo_async(b"\xff\xd8\xff" + b"\x00" * MAX_BYTES)
    assert caught.value.code == RejectionCode.TOO_LARGE


async def test_the_async_wrapper_runs_a_bounded_number_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lock = threading.Lock()
    running = peak = 0

    def slow(data: bytes) -> ProcessedPhoto:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return ProcessedPhoto(data, "image/jpeg", 1, 1, "", "image/jpeg")

    monkeypatch.setattr(photos, "process_photo", slow)

    await asyncio.gather(*(process_photo_async(b"x") for _ in range(3 * photos.MAX_CONCURRENT)))

    assert peak == photos.MAX_CONCURRENT


async def test_the_event_loop_keeps_running_while_a_photo_is_processed() -> None:
    source = encode(Image.linear_gradient("L").resize((4000, 3000)).convert("RGB"), "PNG")
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    ticker = asyncio.create_task(tick())
    started = time.perf_counter()
    await process_photo_async(source)
    elapsed = time.perf_counter() - started
    ticker.cancel()

    # Blocked, the loop would not tick at all while the photo was processed.
    assert elapsed > 0.05
    assert ticks >= 3
