"""Helpers for the bad-input tests (issue 7): tiny models made without training, model files rebuilt from
edited parts, zip bombs written by hand, and running the command line in a child process."""
from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load as load_safetensors, save as save_safetensors

from desktop_app.core.classifiers import registry
from desktop_app.core.extraction import features
from desktop_app.core.modelfile.model_file import TrainedModel
from desktop_app.core.extraction.standardizer import Standardizer

ROOT = Path(__file__).resolve().parent.parent
IMAGE_SIZE = 8  # pixel features of 3 * 8 * 8 = 192 numbers: models of a few kilobytes


def tiny_model(kind: str = "knn", classes=("cats", "dogs", "owls"), per_class: int = 4, seed: int = 0) -> TrainedModel:
    """A real, consistent model on random pixel features (no pictures, no training time)."""
    rng = np.random.default_rng(seed)
    settings = features.FeatureSettings("pixels", IMAGE_SIZE)
    X = rng.random((per_class * len(classes), settings.dimension), dtype=np.float32)
    y = np.repeat(np.arange(len(classes)), per_class)
    standardizer = Standardizer.fit(X)
    keys = {setting.key for setting in registry.get(kind).settings}
    small = {key: value for key, value in {"k": 3, "epochs": 2, "batch_size": 8}.items() if key in keys}
    classifier = registry.make_classifier(kind, **small).fit(standardizer.transform(X), y, n_classes=len(classes))
    return TrainedModel(list(classes), settings, standardizer, classifier, kind)


def read_parts(path: Path) -> tuple[dict, dict[str, torch.Tensor]]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("model.json")), load_safetensors(archive.read("tensors.safetensors"))


def write_parts(path: Path, meta: dict | bytes, tensors: dict[str, torch.Tensor] | bytes) -> Path:
    """A model file from (possibly edited) parts, written the way the app writes them."""
    meta_bytes = meta if isinstance(meta, bytes) else json.dumps(meta).encode("utf-8")
    tensor_bytes = tensors if isinstance(tensors, bytes) else save_safetensors(
        {name: value.contiguous() for name, value in tensors.items()})
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("model.json", meta_bytes)
        archive.writestr("tensors.safetensors", tensor_bytes)
    return path


def _deflated_spaces(size: int) -> tuple[bytes, int, int]:
    """A raw deflate stream of ``size`` spaces (a multiple of 16 MiB), made in well under a second by
    repeating one independently compressed block; returns (data, crc32, size)."""
    block = b" " * (1 << 24)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = max(1, size // len(block))
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    return piece * count + final, crc, count * len(block)


def write_zip_by_hand(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip of already deflated members (name, data, crc, declared size); the size may be a lie."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0))
        out.write(encoded + data)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    path.write_bytes(out.getvalue())
    return path


def json_bomb(path: Path, size: int = 1 << 30) -> Path:
    """About 1 MB on disk, a 1 GiB model.json when inflated (the issue's case 6)."""
    data, crc, real = _deflated_spaces(size)
    tensors = save_safetensors({"x": torch.zeros(1)})
    return write_zip_by_hand(path, [("model.json", data, crc, real),
                                    ("tensors.safetensors", zlib.compress(tensors)[2:-4], zlib.crc32(tensors),
                                     len(tensors))])


def lying_bomb(path: Path, size: int = 1 << 30) -> Path:
    """Declares a 2 KB model.json but inflates to 1 GiB: must be cut off at the declared size."""
    data, crc, _ = _deflated_spaces(size)
    small, small_crc, _ = _deflated_spaces(1 << 24)
    return write_zip_by_hand(path, [("model.json", data, crc, 2048), ("tensors.safetensors", small, small_crc, 2048)])


def run_cli(*args: str, env: dict | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "desktop_app.cli", *args], capture_output=True, env=full_env,
                          cwd=ROOT, timeout=timeout, **kwargs)


def stderr_lines(proc: subprocess.CompletedProcess) -> list[str]:
    text = proc.stderr.decode("utf-8", "replace") if isinstance(proc.stderr, bytes) else proc.stderr
    return [line for line in text.splitlines() if line.strip()]
