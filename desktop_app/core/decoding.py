"""One picture file -> the uint8 square the feature pipeline needs (Pillow only; no torch, so the decode worker
processes start in a fraction of a second).

``decode_or_problem`` never raises: a file that cannot be used comes back as ``(kind, message)``, the kinds of
``images.ImageDecodeError``. The same function runs in the pipeline's threads and in its worker processes, so both
give exactly the same pixels.
"""
from __future__ import annotations

import os

import numpy as np
from PIL import Image, ImageOps

from desktop_app.core import images

_RESAMPLE = Image.Resampling.BICUBIC


def square_pixels(image: Image.Image, size: int) -> np.ndarray:
    """Centre square crop resized to size x size; uint8 [size, size, 3]."""
    if image.mode != "RGB":
        image = images.to_rgb(image)
    if image.size != (size, size):
        image = ImageOps.fit(image, (size, size), method=_RESAMPLE)
    return np.asarray(image, dtype=np.uint8)


def decode_square(path: str | os.PathLike, size: int) -> np.ndarray:
    """uint8 [size, size, 3] (JPEGs in draft mode); raises images.ImageDecodeError for unusable files."""
    return square_pixels(images.load_rgb(path, min_size=size), size)


def decode_or_problem(path: str | os.PathLike, size: int) -> tuple[np.ndarray | None, tuple[str, str] | None]:
    """(pixels, None) or (None, (kind, message))."""
    try:
        return decode_square(path, size), None
    except images.ImageDecodeError as exc:
        return None, (exc.kind, str(exc))
    except Exception as exc:  # noqa: BLE001 - a file that cannot be read is reported, never a crash
        return None, ("unreadable", f"This picture could not be read ({type(exc).__name__}: {exc}).")
