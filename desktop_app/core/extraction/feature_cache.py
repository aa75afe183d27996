"""The on-disk feature cache: features by content digest, one folder per FeatureSettings."""
from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from desktop_app.core import paths
from desktop_app.core.errors import UserError
from desktop_app.core.data.regular_files import open_regular_file
from desktop_app.core.output.safe_write import atomic_write

if TYPE_CHECKING:
    from desktop_app.core.extraction.features import FeatureSettings

PIXEL_SCALE = 1.0 / 255.0  # pixel features are in [0, 1]

# v2: the checksum covers the header (digests, layout) as well as the rows; v1 chunks are ignored and removed.
_MAGIC = b"PSFEATS2"
_CHECKSUM_BYTES = 32


class FeatureCache:
    """Features by content digest for one FeatureSettings, in a few append-only chunk files.

    Each chunk is written whole to a temporary file and renamed into place (atomic), so a crash never leaves
    a half-written chunk. A chunk holds a JSON header (digests, dtype, dim), the raw rows and one checksum of
    both (so rows can never be paired with the wrong digests); one whose checksum or size does not match is
    deleted and its rows are recomputed. Pixel features are stored as
    uint8 (exact), embeddings as float32. When the folder cannot be made or written (a file in its place, a
    full disk) the cache switches itself off and says so once (``paths.cache_switched_off``).
    """

    MAX_CHUNKS = 24  # more than this and they are merged into one

    def __init__(self, settings: FeatureSettings, root: Path | None = None) -> None:
        self.settings = settings
        self.enabled = True
        self.dtype = np.dtype(np.uint8 if settings.kind == "pixels" else np.float32)
        folder = None
        try:
            base = Path(root) if root is not None else paths.cache_dir() / "features"
            folder = base / settings.cache_key()
            folder.mkdir(parents=True, exist_ok=True)
            self.folder = folder
        except OSError as exc:
            paths.cache_switched_off(folder or "", exc)
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

    def stored_digests(self) -> set[str]:
        """The digests with features stored, from the chunks' headers only (no rows read, no checksum: for an
        estimate of the work left, not for using the rows)."""
        found: set[str] = set()
        for path in self.chunk_files():
            try:
                with open_regular_file(path) as file:
                    prefix = file.read(len(_MAGIC) + 8)
                    header_length = int.from_bytes(prefix[len(_MAGIC):], "little")
                    if prefix[:len(_MAGIC)] != _MAGIC or not 0 < header_length < 64 * 1024 * 1024:
                        continue
                    header = json.loads(file.read(header_length).decode("utf-8"))
                found.update(str(d) for d in header["digests"])
            except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
                continue
        return found

    def lookup(self, wanted: Iterable[str]) -> dict[str, np.ndarray]:
        """The cached float32 rows of those digests that are present and intact."""
        wanted = [d for d in dict.fromkeys(wanted) if d]
        out = np.zeros((len(wanted), self.settings.dimension), dtype=np.float32)
        found = self.fill({d: i for i, d in enumerate(wanted)}, out)
        return {d: out[i] for i, d in enumerate(wanted) if d in found}

    def fill(self, row_of: dict[str, int], out: np.ndarray) -> set[str]:
        """Write the cached rows of the digests in ``row_of`` into ``out[row_of[digest]]``; returns the digests
        found. Rows go straight into ``out`` a slice at a time (no second copy of 50,000 pictures' features)."""
        found: set[str] = set()
        if not row_of:
            return found
        for path in self.chunk_files():
            chunk = self._read_chunk(path)
            if chunk is None:
                continue
            digests, rows = chunk
            hits = [i for i, d in enumerate(digests) if d in row_of and d not in found]
            for start in range(0, len(hits), 4096):
                part = hits[start:start + 4096]
                out[[row_of[digests[i]] for i in part]] = self._decode_rows(rows[part])
            found.update(digests[i] for i in hits)
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
        except (OSError, UserError) as exc:
            paths.cache_switched_off(self.folder, exc)
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
