"""The one content digest of a picture file: blake2b-128 (hex) of its bytes.

The scan, the feature cache and the decoders all use it, so a feature is stored under the digest of the very
bytes it was computed from (hashlib only: decode worker processes import this module too).
"""
from __future__ import annotations

import hashlib
import os

DIGEST_BYTES = 16
# Files up to this size are read into memory once, for hashing and checking or decoding both; larger ones are
# hashed as they are read (and, when decoded, their stamp compared before and after).
READ_WHOLE_LIMIT = 64 * 1024 * 1024


def digest_of_bytes(data: bytes | bytearray | memoryview) -> str:
    return hashlib.blake2b(data, digest_size=DIGEST_BYTES).hexdigest()


def digest_of_file(path: str | os.PathLike) -> str:
    """Read a mebibyte at a time (for files too large to hold in memory)."""
    hasher = hashlib.blake2b(digest_size=DIGEST_BYTES)
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def file_stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    """What changes whenever a file's content may have: size, modification and change times, inode. The change
    time (ctime) cannot be set back by a program, so a picture rewritten in place with its old size and
    modification time still gets a new stamp."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
