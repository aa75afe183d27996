"""Pictures embedded in the report as data: URIs (small JPEG thumbnails, PNG for templates), so the one HTML file
shows them offline, on any computer, without the picture files."""
from __future__ import annotations

import base64
import io

from PIL import Image

from desktop_app.core.data.images import load_rgb
from desktop_app.core.errors import UserError

THUMBNAIL_SIZE = 112


def data_uri(image: Image.Image, kind: str = "JPEG") -> str:
    buffer = io.BytesIO()
    image.save(buffer, format=kind, **({"quality": 82} if kind == "JPEG" else {}))
    mime = "image/jpeg" if kind == "JPEG" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(buffer.getvalue()).decode('ascii')}"


def thumbnail_uri(path: str | None, size: int = THUMBNAIL_SIZE) -> str | None:
    """A picture file as a small JPEG data: URI; None when it is gone or not a readable picture (the report then
    names the file instead)."""
    if not path:
        return None
    try:
        picture = load_rgb(path, min_size=size)  # regular files only, size limits, damaged files: UserError
        picture.thumbnail((size, size), Image.Resampling.BICUBIC)
        return data_uri(picture)
    except (UserError, OSError, ValueError):
        return None


def enlarged_uri(picture: Image.Image, size: int = THUMBNAIL_SIZE) -> str:
    """A small picture (a class template of 16 x 16 pixels) enlarged without smoothing, as PNG."""
    scale = max(1, size // max(picture.size))
    return data_uri(picture.convert("RGB").resize((picture.width * scale, picture.height * scale),
                                                  Image.Resampling.NEAREST), "PNG")
