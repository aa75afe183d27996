"""Decoding user pictures safely into 8-bit RGB, and telling pictures apart from other files.

Every picture the app reads goes through ``load_rgb`` (training and prediction alike), so the same file
always gives the same pixels. Problems with a file raise ``ImageDecodeError`` whose ``kind`` is one of
``not_image | corrupt | truncated | too_large | unreadable`` and whose message says what to do.
"""
from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, ContextManager, Iterator, TypeVar

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
# Register exactly the formats in READ_FORMATS (Pillow would otherwise load its plugins lazily).
from PIL import (BmpImagePlugin, GifImagePlugin, JpegImagePlugin, MpoImagePlugin, PngImagePlugin,  # noqa: F401
                 TiffImagePlugin, WebPImagePlugin)

from desktop_app.core.errors import UserError
from desktop_app.core.output.translation import translatable, translate
from desktop_app.core.data.regular_files import FILE_KINDS, NotRegularFile, open_regular_file, require_regular_file

T = TypeVar("T")

# Pictures above this many pixels are refused before their pixels are decoded (decompression bombs).
MAX_PIXELS = 100_000_000
# Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that; we refuse above MAX_PIXELS ourselves.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

IMAGE_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".bmp", ".dib", ".gif", ".tif", ".tiff", ".webp"}
)
# Pillow formats we open (the JPEG opener also gives MPO, from some cameras). Others, e.g. EPS (which runs Ghostscript), are refused.
READ_FORMATS = ("JPEG", "PNG", "BMP", "DIB", "GIF", "TIFF", "WEBP")
_JPEG_FORMATS = ("JPEG", "MPO")
# Picture formats people have but we cannot read: say so instead of "not a picture".
_UNSUPPORTED_PICTURE_EXTENSIONS = {
    ".heic": "HEIC", ".heif": "HEIF", ".avif": "AVIF", ".svg": "SVG", ".psd": "Photoshop", ".ico": "icon",
    ".raw": "camera RAW", ".cr2": "camera RAW", ".cr3": "camera RAW", ".nef": "camera RAW",
    ".arw": "camera RAW", ".dng": "camera RAW", ".orf": "camera RAW", ".rw2": "camera RAW",
    ".jp2": "JPEG 2000", ".jxl": "JPEG XL", ".eps": "EPS", ".pdf": "PDF",
}

# Files operating systems and tools leave in folders; never pictures, never worth a warning.
_LITTER_NAMES = frozenset(
    name.casefold()
    for name in (
        "Thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", "Icon\r", "__MACOSX", "@eaDir",
        "$RECYCLE.BIN", "System Volume Information", "lost+found",
    )
)

# First bytes of the formats we read, for files without an extension.
_MAGIC_PREFIXES = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"BM",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
)

KIND_MESSAGES = {
    "not_image": translatable("This file is not a picture."),
    "corrupt": translatable("This picture is damaged and cannot be opened. Check it in an image viewer; "
                            "if it does not show there either, delete it or replace it with a good copy."),
    "truncated": translatable("This picture is incomplete: the file ends too early, usually after an interrupted "
                              "download or copy. Copy it again from the original."),
    "too_large": translatable("This picture is too large to open safely. Make a smaller copy with an image editor."),
    "unreadable": translatable("This file cannot be read: there is no permission to read it, it is locked by "
                               "another program, or it was moved. Check that you can open it, then try again."),
}  # English: shown through translate()
_TOO_LARGE = translatable("This picture is too large to open safely ({width} x {height} pixels; the limit is {limit} "
                          "megapixels). Make a smaller copy with an image editor.")
_UNREADABLE_FORMAT = translatable("This {format} picture cannot be read. Save it as JPEG or PNG (most photo viewers "
                                  "can do that), then use the copy.")
_EMPTY_FILE = translatable("This file is empty (0 bytes). Delete it or copy the picture again.")
_NOT_A_PICTURE_FILE = translatable("This is not a picture file: it is {what}.")
# every template a decoder words its problems with (a decoding process is handed them in the user's language)
MESSAGES = (*KIND_MESSAGES.values(), _TOO_LARGE, _UNREADABLE_FORMAT, _EMPTY_FILE, _NOT_A_PICTURE_FILE,
            *FILE_KINDS)


class ImageDecodeError(UserError):
    """A file that cannot be used as a picture; ``kind`` says why, the message says what to do."""

    def __init__(self, kind: str, message: str | None = None) -> None:
        self.kind = kind
        super().__init__(message or translate(KIND_MESSAGES[kind]))


@dataclass(frozen=True)
class ImageInfo:
    """What a cheap check of a picture found out (size before EXIF rotation)."""

    width: int
    height: int
    format: str | None


def is_os_litter(name: str) -> bool:
    """True for hidden files and the bookkeeping files of Windows, macOS and NAS boxes."""
    return name.startswith(".") or name.startswith("~$") or name.casefold() in _LITTER_NAMES


def has_image_extension(path: str | os.PathLike) -> bool:
    return Path(path).suffix.lower() in IMAGE_EXTENSIONS


def _has_image_magic(head: bytes) -> bool:
    if head.startswith(_MAGIC_PREFIXES):
        return True
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def looks_like_image(path: str | os.PathLike) -> bool:
    """By extension; files without one (or with an unknown one) by their first bytes."""
    path = Path(path)
    if is_os_litter(path.name):
        return False
    if has_image_extension(path):
        return True
    try:
        with open_regular_file(path) as file:  # a pipe without an extension must not block the search
            return _has_image_magic(file.read(16))
    except (OSError, NotRegularFile):
        return False


def _too_large_error(width: int, height: int) -> ImageDecodeError:
    return ImageDecodeError(
        "too_large",
        translate(_TOO_LARGE).format(
            width=width, height=height, limit=MAX_PIXELS // 1_000_000),
    )


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    if width <= 0 or height <= 0:
        raise ImageDecodeError("corrupt")
    if width * height > MAX_PIXELS:
        raise _too_large_error(width, height)


def not_image_error(name: str = "") -> ImageDecodeError:
    """not_image, naming the format when the file is a kind of picture we cannot read (HEIC, RAW...)."""
    format_name = _UNSUPPORTED_PICTURE_EXTENSIONS.get(Path(name).suffix.lower()) if name else None
    if format_name:
        return ImageDecodeError("not_image", translate(_UNREADABLE_FORMAT).format(format=format_name))
    return ImageDecodeError("not_image")


def _error_from_exception(exc: BaseException, name: str = "") -> ImageDecodeError:
    """Translate what Pillow or the OS raised into one of our kinds."""
    if isinstance(exc, ImageDecodeError):
        return exc
    if isinstance(exc, (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError)):
        return ImageDecodeError("too_large")
    if isinstance(exc, UnidentifiedImageError):
        return not_image_error(name)
    if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)):
        return ImageDecodeError("unreadable")
    if isinstance(exc, EOFError) or "truncated" in str(exc).lower():
        return ImageDecodeError("truncated")
    # Malformed files make Pillow's plugins raise all sorts of errors (SyntaxError, ValueError, struct.error...).
    return ImageDecodeError("corrupt")


def _open(source: str | os.PathLike | bytes) -> Image.Image:
    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) == 0:
            raise ImageDecodeError("corrupt", translate(_EMPTY_FILE))
        return Image.open(io.BytesIO(source), formats=READ_FORMATS)
    info = _regular_file_info(source)
    if info.st_size == 0:
        raise ImageDecodeError("corrupt", translate(_EMPTY_FILE))
    return Image.open(source, formats=READ_FORMATS)


def _regular_file_info(path: str | os.PathLike) -> os.stat_result:
    try:
        return require_regular_file(path)
    except NotRegularFile as exc:  # a pipe would block for ever, a device never end
        if exc.description == "a folder":
            raise ImageDecodeError("unreadable") from exc
        raise ImageDecodeError("not_image", translate(_NOT_A_PICTURE_FILE).format(
            what=translate(exc.description))) from exc
    except OSError as exc:
        raise ImageDecodeError("unreadable") from exc


def read_picture_file(path: str | os.PathLike) -> tuple[bytes, os.stat_result]:
    """The whole file (a regular file only) and its stat, so that exactly these bytes are hashed and decoded."""
    info = _regular_file_info(path)
    try:
        with open_regular_file(path) as file:
            return file.read(), info
    except NotRegularFile as exc:  # replaced by a pipe since the stat
        raise ImageDecodeError("not_image", translate(_NOT_A_PICTURE_FILE).format(
            what=translate(exc.description))) from exc
    except OSError as exc:
        raise ImageDecodeError("unreadable") from exc


def _damaged_or_not_a_picture(exc: BaseException, source, name: str) -> ImageDecodeError:
    """Pillow gives up on a file whose header is damaged (a PNG chunk with a bad checksum) as on any other file;
    one that starts like a picture we read is damaged, not "not a picture"."""
    error = _error_from_exception(exc, name)
    head = _first_bytes(source) if isinstance(exc, UnidentifiedImageError) else b""
    if head[:2] != b"BM" and _has_image_magic(head):  # "BM" alone could be the start of any text
        return ImageDecodeError("corrupt")
    return error


def _first_bytes(source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source[:16])
    try:
        with open_regular_file(source) as file:
            return file.read(16)
    except (OSError, NotRegularFile):
        return b""


def check_image(source: str | os.PathLike | bytes, name: str = "") -> ImageInfo:
    """Make sure a file decodes, cheaply: JPEGs at 1/8 scale (luminance only), other formats fully.

    ``source`` is a path or the file's bytes (the scanner reads each file once to hash it too); ``name`` (the
    file name, for messages) defaults to the path. Raises ImageDecodeError.
    """
    try:
        with _open(source) as image:
            _check_size(image)
            info = ImageInfo(image.width, image.height, image.format)
            if image.format in _JPEG_FORMATS:
                image.draft("L", (1, 1))  # decodes every block, skips most of the work per block
            image.load()
            return info
    except Exception as exc:  # noqa: BLE001 - any failure to decode is a property of the file
        name = name or (str(source) if not isinstance(source, (bytes, bytearray, memoryview)) else "")
        raise _damaged_or_not_a_picture(exc, source, name) from exc


# Conversions work on bands of rows of about this many pixels, so converting a picture takes little more memory
# than the picture itself (a 100-megapixel 32-bit TIFF took 3.9 GB when its numbers were scaled all at once).
_BAND_PIXELS = 1 << 18


def _bands(image: Image.Image) -> Iterator[tuple[int, int, int, int]]:
    width, height = image.size
    rows = max(1, _BAND_PIXELS // max(1, width))
    for top in range(0, height, rows):
        yield (0, top, width, min(height, top + rows))


def is_number_mode(mode: str) -> bool:
    """16-bit, 32-bit integer and floating-point pictures: one channel of numbers, scaled to 8 bits."""
    return mode.startswith("I;16") or mode in ("I", "F")


def _band_numbers(image: Image.Image, box: tuple[int, int, int, int]) -> np.ndarray:
    values = np.asarray(image.crop(box))
    if image.mode == "F" or values.dtype.kind == "f":
        return np.nan_to_num(values.astype(np.float64))
    return values.astype(np.int64)


def numbers_to_l(image: Image.Image) -> Image.Image:
    """I;16* / I / F images -> 8-bit L, scaling the full 16-bit range rather than clipping it (a band at a time:
    the range first, then the pixels)."""
    floating = image.mode == "F"
    low, high = None, None
    for box in _bands(image):
        values = _band_numbers(image, box)
        band_low, band_high = values.min(), values.max()
        low = band_low if low is None else min(low, band_low)
        high = band_high if high is None else max(high, band_high)
    out = Image.new("L", image.size)
    if low is None:
        return out
    if floating or isinstance(low, np.floating):
        low, high = float(low), float(high)
        unit = low >= 0.0 and high <= 1.0
        factor = 255.0 if unit else 255.0 / max(high - low, 1e-12)
    else:
        low, high = int(low), int(high)
        unit = low >= 0 and high <= 65535  # 16-bit files decode to I;16 or I
        factor = 255.0 / 65535.0 if unit else 255.0 / max(high - low, 1)
    for box in _bands(image):
        values = _band_numbers(image, box)
        scaled = values * factor if unit else (values - low) * factor
        out.paste(Image.fromarray(np.clip(np.rint(scaled), 0, 255).astype(np.uint8)), box[:2])
    return out


def _small_to_rgb(image: Image.Image) -> Image.Image:
    mode = image.mode
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if has_alpha:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")


def to_rgb(image: Image.Image) -> Image.Image:
    """Any Pillow mode -> 8-bit RGB; transparent parts become white. Large pictures are converted a band of
    rows at a time (every conversion here works pixel by pixel, so the result is the same)."""
    if is_number_mode(image.mode):
        return numbers_to_l(image).convert("RGB")
    if image.width * image.height <= _BAND_PIXELS:
        return _small_to_rgb(image)
    out = Image.new("RGB", image.size)
    for box in _bands(image):
        out.paste(_small_to_rgb(image.crop(box)), box[:2])
    return out


def decode_memory(image: Image.Image, file_bytes: int = 0) -> int:
    """Bytes of memory decoding this (opened, not yet loaded) picture may take: its pixels as stored, a turned
    copy, the 8-bit and RGB results, the working bands (numbers are scaled in 64 bits) and the file's bytes."""
    mode = image.mode
    pixels = image.width * image.height
    stored = 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4
    turned = stored if _orientation(image) not in (None, 1) else 0
    converted, per_band_pixel = (5, 40) if is_number_mode(mode) else (4, 24)
    return pixels * (stored + turned + converted) + per_band_pixel * min(pixels, _BAND_PIXELS) + file_bytes


def _orientation(image: Image.Image) -> int | None:
    try:
        return image.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 - a broken EXIF block only means no turning
        return None


def decode_picture(source: str | os.PathLike | bytes, min_size: int | None = None, name: str = "",
                   reserve: Callable[[int], ContextManager] | None = None,
                   finish: Callable[[Image.Image], T] = to_rgb) -> T:
    """Decode a picture (a path, or the file's bytes) and hand it, EXIF orientation applied but in its own mode,
    to ``finish`` (by default ``to_rgb``); GIF/TIFF/WebP: the first frame.

    With ``min_size``, JPEGs are decoded at a reduced scale (1/2, 1/4 or 1/8) as long as both sides stay
    >= min_size. ``reserve(bytes)``, when given, is held while the pixels are decoded and finished: decoders
    running at once share a memory budget by it. Raises ImageDecodeError.
    """
    try:
        with _open(source) as image:
            _check_size(image)
            if getattr(image, "n_frames", 1) > 1:
                image.seek(0)
            if min_size and image.format in _JPEG_FORMATS:
                image.draft("RGB", (int(min_size), int(min_size)))
            file_bytes = len(source) if isinstance(source, (bytes, bytearray, memoryview)) else 0
            with reserve(decode_memory(image, file_bytes)) if reserve else contextlib.nullcontext():
                image.load()
                if _orientation(image) not in (None, 1):
                    try:
                        ImageOps.exif_transpose(image, in_place=True)
                    except Exception:  # noqa: BLE001 - a broken EXIF block should not cost the picture
                        pass
                return finish(image)
    except Exception as exc:  # noqa: BLE001 - any failure to decode is a property of the file
        name = name or (str(source) if not isinstance(source, (bytes, bytearray, memoryview)) else "")
        raise _damaged_or_not_a_picture(exc, source, name) from exc


def load_rgb(path: str | os.PathLike, min_size: int | None = None) -> Image.Image:
    """Open a picture as 8-bit RGB with EXIF orientation applied (see ``decode_picture``)."""
    return decode_picture(path, min_size)
