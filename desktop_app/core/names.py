"""File names as they come: shown and written on one line, whatever bytes they hold.

File names on Linux are bytes; Python decodes the ones that are not UTF-8 (old USB sticks, network shares)
with surrogate escapes, which cannot be printed or written as UTF-8. ``display_path`` turns such bytes into
``\\xNN`` and control characters (a newline in a name) into escapes, so every name stays on one line.
"""
from __future__ import annotations

import os

_CONTROL_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def display_path(path: str | os.PathLike | bytes) -> str:
    """One printable line for a path; plain names are unchanged (backslashes are only escaped when the name
    also needs other escapes, so Windows paths read normally)."""
    text = os.fsdecode(path) if not isinstance(path, str) else path
    if text.isprintable():
        return text
    parts = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8
            parts.append(f"\\x{code - 0xDC00:02x}")
        elif char in _CONTROL_ESCAPES:
            parts.append(_CONTROL_ESCAPES[char])
        elif not char.isprintable() and char != " ":
            parts.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            parts.append(char)
    return "".join(parts)
