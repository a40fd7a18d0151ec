"""Photos attached to service requests: checked, cleaned and re-encoded before anything is stored.

`process_photo(data)` takes the bytes a citizen uploaded and returns a new JPEG made from the
pixels alone, or raises `PhotoRejected` with a stable code. Nothing is written anywhere, so a
rejected upload stores nothing as long as the caller calls this before it stores anything.

What happens, in order:

1. more than `MAX_BYTES` → TOO_LARGE, before any parsing;
2. the type is read from the content's magic bytes (never the file name or Content-Type): JPEG,
   PNG, WebP or HEIC/HEIF, anything else → UNSUPPORTED_TYPE;
3. the header alone is parsed by that one decoder (no other Pillow plugin is ever tried) and an
   image of more than `MAX_PIXELS` pixels → TOO_MANY_PIXELS before its pixels are decoded; a JPEG
   with more than `MAX_JPEG_SCANS` scans (a CPU bomb for progressive decoding) → CORRUPT;
4. the pixels are decoded (a damaged file → CORRUPT); an animated image gives its first frame
   (HEIC: its primary image), and an embedded thumbnail is never used in its place;
5. the EXIF (or XMP) orientation is applied, so the photo stays upright once the tag is gone;
   transparency is flattened onto white, 16-bit grey is scaled to 8 bits;
6. the image is downscaled to at most `MAX_EDGE` pixels on its longer side, converted from its
   embedded ICC profile (if any, e.g. Display P3 from phones) to sRGB;
7. the pixels are copied into a brand-new image, which has no metadata at all, and encoded as a
   progressive JPEG: no EXIF (location included), XMP, ICC, comments or text chunks survive.

HEIC: `pillow-heif` (maintained, manylinux wheels with libheif and libde265 inside) decodes it.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import struct
import weakref
import zlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import pillow_heif
from PIL import (
    Image,
    ImageCms,
    ImageFile,
    ImageOps,
    JpegImagePlugin,
    PngImagePlugin,
    WebPImagePlugin,
)

from backend.i18n import Language

MAX_BYTES: Final = 10 * 1024 * 1024
"""An upload may be at most 10 MB (MiB); the web layer should stop reading a body past this."""
MAX_PIXELS: Final = 50_000_000
"""50 megapixels: a 48/50 MP phone photo passes; a decoded image stays ≤ 200 MB even as RGBA."""
MAX_EDGE: Final = 2560
"""The longer side of the stored photo, in pixels: sharp on any phone or staff screen."""
MAX_JPEG_SCANS: Final = 100
"""Phone and camera JPEGs have 1–12 scans; hundreds make progressive decoding very slow."""
JPEG_QUALITY: Final = 85
MAX_CONCURRENT: Final = 2
"""Photos processed at once per event loop by `process_photo_async` (each may take ~200 MB)."""

OUTPUT_MEDIA_TYPE: Final = "image/jpeg"

JPEG: Final = "image/jpeg"
PNG: Final = "image/png"
WEBP: Final = "image/webp"
HEIC: Final = "image/heic"

# Major or compatible brands of HEVC-coded HEIF files (ISO/IEC 23008-12). AVIF ("avif") is not
# among them: this libheif build has no AV1 decoder.
_HEIC_BRANDS: Final = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm"})
# Generic HEIF brands: such a file is HEIC only when a compatible brand says so.
_HEIF_GENERIC_BRANDS: Final = frozenset({b"mif1", b"msf1"})

_WHITE: Final = (255, 255, 255)
_SRGB: Final = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class RejectionCode(StrEnum):
    """Why a photo was refused; the values are stable API codes."""

    TOO_LARGE = "TOO_LARGE"
    UNSUPPORTED_TYPE = "UNSUPPORTED_TYPE"
    CORRUPT = "CORRUPT"
    TOO_MANY_PIXELS = "TOO_MANY_PIXELS"


MESSAGES: dict[RejectionCode, dict[Language, str]] = {
    RejectionCode.TOO_LARGE: {
        Language.FI: "Kuva on liian suuri. Kuvan koko voi olla enintään {max_mb} Mt.",
        Language.SV: "Bilden är för stor. Den får vara högst {max_mb} MB.",
        Language.EN: "The photo is too large. It can be at most {max_mb} MB.",
    },
    RejectionCode.UNSUPPORTED_TYPE: {
        Language.FI: "Tiedostomuotoa ei tueta. Lähetä kuva JPEG-, PNG-, WebP- tai HEIC-muodossa.",
        Language.SV: "Filformatet stöds inte. Skicka bilden som JPEG, PNG, WebP eller HEIC.",
        Language.EN: "This file type is not supported. Send the photo as JPEG, PNG, WebP or HEIC.",
    },
    RejectionCode.CORRUPT: {
        Language.FI: "Kuvatiedosto on vioittunut, eikä sitä voi avata.",
        Language.SV: "Bildfilen är skadad och kan inte öppnas.",
        Language.EN: "The photo file is damaged and cannot be opened.",
    },
    RejectionCode.TOO_MANY_PIXELS: {
        Language.FI: "Kuvan resoluutio on liian suuri. Enintään {megapixels} megapikseliä.",
        Language.SV: "Bildens upplösning är för hög. Högst {megapixels} megapixlar.",
        Language.EN: "The photo's resolution is too high. At most {megapixels} megapixels.",
    },
}

_MESSAGE_PARAMS: Final = {
    "max_mb": MAX_BYTES // (1024 * 1024),
    "megapixels": MAX_PIXELS // 1_000_000,
}


class PhotoRejected(Exception):
    """A photo that will not be stored; `code` is stable, `message()` is for the citizen."""

    def __init__(self, code: RejectionCode, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else str(code))
        self.code = code
        self.detail = detail
        """For logs only: may quote the decoder; never shown to the citizen."""

    def message(self, language: Language) -> str:
        return MESSAGES[self.code][language].format(**_MESSAGE_PARAMS)


@dataclass(frozen=True, slots=True)
class ProcessedPhoto:
    """A photo ready to store: new bytes made from the pixels alone."""

    data: bytes
    media_type: str
    width: int
    height: int
    sha256: str
    """Hex digest of `data`."""
    source_media_type: str
    """What the upload was, by its content: image/jpeg, image/png, image/webp or image/heic."""


def detect_media_type(data: bytes) -> str | None:
    """The image type by magic bytes, or None when it is not one that is accepted."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if _is_heic(data):
        return HEIC
    return None


def _is_heic(data: bytes) -> bool:
    # An ISO BMFF file starts with its ftyp box: size, "ftyp", major brand, minor version,
    # then compatible brands up to the box's end.
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(data[:4], "big")
    major = data[8:12]
    if major in _HEIC_BRANDS:
        return True
    if major not in _HEIF_GENERIC_BRANDS or not 16 <= box_size <= min(len(data), 4096):
        return False
    compatible = {data[i : i + 4] for i in range(16, box_size - 3, 4)}
    return bool(compatible & _HEIC_BRANDS)


def _jpeg_scan_count(data: bytes) -> int:
    """Start-of-scan segments in a JPEG, counted by walking its segments (stops past the limit).

    Entropy-coded data after each SOS is skipped: in it 0xFF is followed by 0x00 (stuffing) or
    RST0–7, anything else is the next marker. A malformed structure ends the count early and is
    left for the decoder to refuse.
    """
    scans = 0
    pos = 2  # after SOI
    end = len(data)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            return scans
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # EOI
            return scans
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # no length
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2:
            return scans
        pos += 2 + length
        if marker != 0xDA:
            continue
        scans += 1
        if scans > MAX_JPEG_SCANS:
            return scans
        while True:
            pos = data.find(b"\xff", pos)
            if pos < 0 or pos + 1 >= end:
                return scans
            following = data[pos + 1]
            if following == 0x00 or 0xD0 <= following <= 0xD7:
                pos += 2
            elif following == 0xFF:
                pos += 1
            else:
                break
    return scans


def _open(data: bytes, media_type: str) -> ImageFile.ImageFile:
    """Parses the header with the one decoder for `media_type`; the pixels are not decoded yet.

    The plugin class is used directly rather than `Image.open`, so that no other Pillow plugin can
    be reached and so that Pillow's own decompression-bomb check (a warning below 2 × its global
    limit) is replaced by ours, which is stricter and always a refusal.
    """
    fp = io.BytesIO(data)
    if media_type == JPEG:
        return JpegImagePlugin.JpegImageFile(fp)
    if media_type == PNG:
        return PngImagePlugin.PngImageFile(fp)
    if media_type == WEBP:
        return WebPImagePlugin.WebPImageFile(fp)
    if media_type == HEIC:
        # pillow-heif ships py.typed, but this constructor is `(*args, **kwargs)` unannotated.
        return pillow_heif.HeifImageFile(fp)  # type: ignore[no-untyped-call]
    raise PhotoRejected(RejectionCode.UNSUPPORTED_TYPE, media_type)


# What Pillow and libheif raise for data they cannot parse or decode.
_DECODE_ERRORS: Final = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error)


def process_photo(data: bytes) -> ProcessedPhoto:
    """Checks, cleans and re-encodes one uploaded photo (CPU-bound: see `process_photo_async`).

    Raises `PhotoRejected` with TOO_LARGE, UNSUPPORTED_TYPE, CORRUPT or TOO_MANY_PIXELS.
    """
    if len(data) > MAX_BYTES:
        raise PhotoRejected(RejectionCode.TOO_LARGE, f"{len(data)} bytes")
    media_type = detect_media_type(data)
    if media_type is None:
        raise PhotoRejected(RejectionCode.UNSUPPORTED_TYPE, repr(data[:16]))
    if media_type == JPEG and (scans := _jpeg_scan_count(data)) > MAX_JPEG_SCANS:
        raise PhotoRejected(RejectionCode.CORRUPT, f"more than {scans - 1} JPEG scans")
    try:
        with _open(data, media_type) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PhotoRejected(RejectionCode.TOO_MANY_PIXELS, f"{width}×{height}")
            if media_type == JPEG:
                # Lets libjpeg decode at 1/2, 1/4 or 1/8 scale while staying ≥ MAX_EDGE.
                image.draft(None, (MAX_EDGE, MAX_EDGE))
            image.load()
            picture = _clean(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoRejected(RejectionCode.TOO_MANY_PIXELS, str(error)) from error
    except _DECODE_ERRORS as error:
        raise PhotoRejected(RejectionCode.CORRUPT, f"{type(error).__name__}: {error}") from error

    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    encoded = out.getvalue()
    return ProcessedPhoto(
        data=encoded,
        media_type=OUTPUT_MEDIA_TYPE,
        width=picture.width,
        height=picture.height,
        sha256=hashlib.sha256(encoded).hexdigest(),
        source_media_type=media_type,
    )


def _clean(image: Image.Image) -> Image.Image:
    """Upright, flattened, downscaled sRGB pixels in a new image that carries no metadata."""
    icc_profile = image.info.get("icc_profile")
    try:
        picture = ImageOps.exif_transpose(image)
    except (*_DECODE_ERRORS, KeyError, TypeError, IndexError):
        # Unreadable EXIF: it is dropped anyway, the photo keeps its stored orientation.
        picture = image.copy()

    if picture.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit grey (PNG): scale to 8 bits rather than clip everything above 255 to white.
        picture = picture.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if picture.mode in ("RGBA", "LA", "La", "RGBa", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    ):
        rgba = picture.convert("RGBA")
        picture = Image.new("RGB", rgba.size, _WHITE)
        picture.paste(rgba, mask=rgba.getchannel("A"))
    elif picture.mode not in ("RGB", "L", "CMYK"):
        picture = picture.convert("RGB")

    if max(picture.size) > MAX_EDGE:
        picture.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)

    if isinstance(icc_profile, bytes) and icc_profile:
        picture = _to_srgb(picture, icc_profile)
    if picture.mode != "RGB":
        picture = picture.convert("RGB")

    clean = Image.new("RGB", picture.size)
    clean.paste(picture)
    return clean


def _to_srgb(picture: Image.Image, icc_profile: bytes) -> Image.Image:
    """The pixels converted from their embedded profile to sRGB; unchanged if it is unusable."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(picture, source, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        # A broken profile, or one that does not match the pixels (e.g. a CMYK profile on RGB).
        return picture
    return converted if converted is not None else picture


_SLOTS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _slots() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    slots = _SLOTS.get(loop)
    if slots is None:
        slots = _SLOTS[loop] = asyncio.Semaphore(MAX_CONCURRENT)
    return slots


async def process_photo_async(data: bytes) -> ProcessedPhoto:
    """`process_photo` in a worker thread, at most `MAX_CONCURRENT` at once per event loop, so
    that the event loop keeps serving other requests and memory use stays bounded."""
    if len(data) > MAX_BYTES:
        raise PhotoRejected(RejectionCode.TOO_LARGE, f"{len(data)} bytes")
    async with _slots():
        return await asyncio.to_thread(process_photo, data)
