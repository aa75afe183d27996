"""Opening only regular files: a named pipe, device or socket given as a picture or model could block for
ever (a pipe with no writer) or never end (/dev/zero), so such paths are refused before being read."""
from __future__ import annotations

import os
import stat

from desktop_app.core.output.translation import translatable


class NotRegularFile(ValueError):
    """The path is a pipe, device, socket or folder; ``description`` says which, in English words (compared as is;
    shown through ``translate``)."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


FILE_KINDS = (translatable("a folder"), translatable("a named pipe"), translatable("a device"),
              translatable("a socket"), translatable("not a regular file"))


def describe_mode(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def require_regular_file(path: str | os.PathLike) -> os.stat_result:
    """The stat of a regular file (links followed); NotRegularFile otherwise, OSError when it cannot be seen."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(describe_mode(info.st_mode))
    return info


def open_regular_file(path: str | os.PathLike):
    """A binary file object for a regular file; NotRegularFile otherwise. Opening never blocks on a pipe."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(describe_mode(mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
