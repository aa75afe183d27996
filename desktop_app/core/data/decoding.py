"""One picture file -> the uint8 square the feature pipeline needs, and the digest of the bytes it came from
(Pillow only; no torch, so the decode worker processes start in a fraction of a second).

``decode_or_problem`` never raises: a file that cannot be used comes back as ``(kind, message)``, the kinds of
``images.ImageDecodeError``. The same function runs in the pipeline's threads and in its worker processes, so both
give exactly the same pixels. The file is read once: the bytes hashed are the bytes decoded, so a feature can be
cached under the digest of what it was computed from, whatever happened to the file since it was scanned.

``DecodeBudget`` bounds the memory of the decodes running at once (threads or processes): each decode reserves
what its picture needs (``images.decode_memory``) and waits while others hold the budget; a picture that needs
more than the whole budget is decoded alone.
"""
from __future__ import annotations

import contextlib
import os
import threading
from typing import Iterator

import numpy as np
from PIL import Image, ImageOps

from desktop_app.core.data import digests, images
from desktop_app.core.output.translation import translatable, translate

_RESAMPLE = Image.Resampling.BICUBIC
# Memory that the decodes of one job may take at once (a picture needing more is decoded alone): twelve
# 15 MB panoramas decoded side by side took 4.4 GB.
DECODE_BUDGET_BYTES = 1 << 30

Decoded = tuple["np.ndarray | None", "tuple[str, str] | None", "str | None"]


def square_pixels(image: Image.Image, size: int) -> np.ndarray:
    """Centre square crop resized to size x size; uint8 [size, size, 3]. Pictures of one channel are cropped
    and resized before they become RGB (the same pixels: every channel is resized alike), which keeps a
    100-megapixel grey picture from taking four more bytes per pixel."""
    if images.is_number_mode(image.mode):
        image = images.numbers_to_l(image)
    if image.mode not in ("RGB", "L"):
        image = images.to_rgb(image)
    if image.size != (size, size):
        image = ImageOps.fit(image, (size, size), method=_RESAMPLE)
    if image.mode != "RGB":
        image = image.convert("RGB")
    return np.asarray(image, dtype=np.uint8)


def decode_square(source: str | os.PathLike | bytes, size: int, name: str = "",
                  budget: "DecodeBudget | None" = None) -> np.ndarray:
    """uint8 [size, size, 3] (JPEGs in draft mode) from a path or a file's bytes; raises
    images.ImageDecodeError for unusable files."""
    return images.decode_picture(source, min_size=size, name=name,
                                 reserve=budget.reserve if budget is not None else None,
                                 finish=lambda picture: square_pixels(picture, size))


_COULD_NOT_READ = translatable("This picture could not be read ({error}).")
# every template the decoders word problems with: handed to decoding processes in the user's language
MESSAGES = (*images.MESSAGES, _COULD_NOT_READ)


def decode_or_problem(path: str | os.PathLike, size: int, budget: "DecodeBudget | None" = None) -> Decoded:
    """(pixels, None, digest) or (None, (kind, message), digest or None). The digest is that of the bytes
    decoded; None when a file too large to hold in memory changed while it was read."""
    digest = None
    try:
        data, before = images.read_picture_file(path) if _small_enough(path) else (None, None)
        if data is not None:
            digest = digests.digest_of_bytes(data)
            pixels = decode_square(data, size, str(path), budget)
        else:
            before = os.stat(path)
            digest = digests.digest_of_file(path)
            pixels = decode_square(path, size, str(path), budget)
            if digests.file_stamp(os.stat(path)) != digests.file_stamp(before):
                digest = None
        return pixels, None, digest
    except images.ImageDecodeError as exc:
        return None, (exc.kind, str(exc)), digest
    except OSError:  # a large file that went away or became unreadable while it was hashed
        return None, ("unreadable", translate(images.KIND_MESSAGES["unreadable"])), None
    except Exception as exc:  # noqa: BLE001 - a file that cannot be read is reported, never a crash
        return None, ("unreadable", translate(_COULD_NOT_READ).format(error=f"{type(exc).__name__}: {exc}")), digest


def _small_enough(path: str | os.PathLike) -> bool:
    try:
        return os.stat(path).st_size <= digests.READ_WHOLE_LIMIT
    except OSError:
        return True  # read_picture_file says what is wrong


class DecodeBudget:
    """Bytes of decoding memory in use at once, shared by a job's decode threads (``context=None``) or worker
    processes (a multiprocessing context; each holder is a worker number below ``holders``)."""

    def __init__(self, limit: int | None = None, context=None, holders: int = 0) -> None:
        self.limit = DECODE_BUDGET_BYTES if limit is None else limit
        if context is None:
            self._condition = threading.Condition()
            self._held: dict[int, int] | object = {}
        else:
            self._condition = context.Condition()
            self._held = context.Array("q", max(1, holders), lock=False)
        self.holder: int | None = None  # set in each worker process; threads are told apart by their id
        self.peak = 0  # the most held at once (in this process)

    def _total(self) -> int:
        return sum(self._held.values()) if isinstance(self._held, dict) else sum(self._held)

    @contextlib.contextmanager
    def reserve(self, amount: int) -> Iterator[None]:
        holder = self.holder if self.holder is not None else threading.get_ident()
        with self._condition:
            while (held := self._total()) and held + amount > self.limit:
                self._condition.wait(0.5)  # a timeout, so a holder that vanished cannot stop the others for good
            self._held[holder] = amount
            self.peak = max(self.peak, self._total())
        try:
            yield
        finally:
            self.release(holder)

    def release(self, holder: int, timeout: float | None = None) -> None:
        """Give back what ``holder`` holds (also called for a worker that died while decoding)."""
        if not (self._condition.acquire() if timeout is None else self._condition.acquire(True, timeout)):
            return
        try:
            if isinstance(self._held, dict):
                self._held.pop(holder, None)
            else:
                self._held[holder] = 0
            self._condition.notify_all()
        finally:
            self._condition.release()
