"""Names as they come (file names, class names): shown and written on one line, whatever they hold.

File names on Linux are bytes; Python decodes the ones that are not UTF-8 (old USB sticks, network shares)
with surrogate escapes, which cannot be printed or written as UTF-8. A class name is a folder name, or comes
from a model file that may have been edited by hand. ``display_text`` is the one escaping rule for terminals,
logs and files: bytes that are not UTF-8 become ``\\xNN``, and control characters (ESC, a line break) and
invisible format characters (U+202E, which turns text right-to-left) become escapes, so a name can neither
recolour, erase or forge output nor break a line. ``csv_cell`` adds the spreadsheet rule on top.
"""
from __future__ import annotations

import html
import os

from desktop_app.core.output.translation import translatable

_CONTROL_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP, "CSV injection"
MAX_CLASS_NAME_BYTES = 255  # the longest folder name most file systems take


def display_text(text: str | os.PathLike | bytes) -> str:
    """One printable line for a name or a path; plain names are unchanged (backslashes are only escaped when
    the name also needs other escapes, so Windows paths read normally)."""
    text = os.fsdecode(text) if not isinstance(text, str) else text
    if text.isprintable():
        return text
    parts = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8
            parts.append(f"\\x{code - 0xDC00:02x}")
        elif char in _CONTROL_ESCAPES:
            parts.append(_CONTROL_ESCAPES[char])
        elif not char.isprintable() and char != " ":  # controls, bidi and other format characters, separators
            parts.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            parts.append(char)
    return "".join(parts)


display_path = display_text  # paths are shown by the same rule; the name most callers use


def csv_cell(text: str | os.PathLike | bytes) -> str:
    """A text cell for a CSV file: escaped as ``display_text`` does, and a cell a spreadsheet would run as a
    formula (starting with = + - @, a tab or CR) gets a leading apostrophe."""
    shown = display_text(text)
    return "'" + shown if shown.startswith(_FORMULA_STARTS) else shown


def class_name_problem(name: object) -> str | None:
    """Why ``name`` cannot be a class name (None when it can): a class name is what a folder name or a typed
    name can be: text, not blank, no NUL character, at most 255 bytes, valid as a file name on this system."""
    if not isinstance(name, str):
        return translatable("it is not text")  # worded by the caller with translate()
    if not name.strip():
        return "it is blank"  # compared as is: validated_class_name words it
    if "\0" in name:
        return translatable("it holds a NUL character")  # worded by the caller with translate()
    try:
        size = len(os.fsencode(name))
    except UnicodeError:
        return translatable("it holds characters no file name can hold")  # worded by the caller with translate()
    if size > MAX_CLASS_NAME_BYTES:
        return f"it is {size} bytes long (at most {MAX_CLASS_NAME_BYTES})"
    return None


def html_text(text: object) -> str:
    """A name (or any value, as ``str`` writes it) for HTML or Qt rich text (the report, pyqtgraph titles):
    ``display_text``, then HTML's escapes, so a folder named ``<b>x`` reads as written and never becomes markup."""
    plain = text if isinstance(text, (str, bytes, os.PathLike)) else str(text)
    return html.escape(display_text(plain), quote=True)
