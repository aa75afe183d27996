"""Writing output files so that a user's file is never lost: atomically, and never over an input.

``atomic_write(path, write)`` writes through a temporary file in the same folder (fsync, then ``os.replace``),
keeps the permissions of the file it replaces (a new file follows the umask) and leaves no temporary file
behind on any failure. ``check_output_path`` refuses, before any long work starts, an output that would
destroy an input or a file of another kind.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from desktop_app.core.errors import UserError
from desktop_app.core.output.names import display_path
from desktop_app.core.output.translation import translate

# Temporary files being written now, so an abort (Ctrl-C while a worker thread writes) can remove them.
_LIVE_TEMPORARIES: set[str] = set()
_LOCK = threading.Lock()
_ABORTING = threading.Event()


class OutputPathError(UserError):
    """An output path that would destroy something or cannot be written; the message says what to do."""


def _read_umask() -> int:
    # read once at start: os.umask can only be read by setting it, which is not safe once threads run
    current = os.umask(0o022)
    os.umask(current)
    return current


_UMASK = _read_umask()


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)  # replacing: keep what the user had
    except OSError:
        return 0o666 & ~_UMASK  # new file: as any program would create it


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync folders; the file itself is synced
    finally:
        os.close(fd)


def _explain(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return translate("the disk is full. Free some space, or choose another folder")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return translate("there is no permission to write there. Choose another folder")
    if exc.errno == errno.ENAMETOOLONG:
        return translate("the name is too long. Choose a shorter name")
    return translate("{error}. Choose another folder").format(error=exc.strerror or exc)


def atomic_write(path: str | os.PathLike, write: Callable[[BinaryIO], None], durable: bool = True,
                 check: Callable[[Path], None] | None = None) -> Path:
    """Call ``write(binary_file)`` on a temporary file next to ``path``, then put it in place in one step.

    On any failure (full disk, Ctrl-C, an error in ``write`` or ``check``) the old file is untouched and the
    temporary file is removed. ``check(temporary_path)``, when given, reads what was written (as it will be
    read) before it replaces anything. OS errors become an ``OutputPathError`` with a plain message.
    ``durable=False`` skips the fsyncs (for caches, where losing the newest write to a power cut costs only time).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    mode = _mode_for(path)
    if _ABORTING.is_set():
        raise OutputPathError(translate("Stopped before writing."))
    try:
        # A short name: the target's own name may already be as long as the file system allows.
        fd, temporary = tempfile.mkstemp(prefix=".ps-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputPathError(translate("Cannot write {file}: {why}.").format(
            file=display_path(path), why=_explain(exc))) from exc
    with _LOCK:
        _LIVE_TEMPORARIES.add(temporary)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            if hasattr(os, "fchmod"):  # Windows has no such permissions
                os.fchmod(handle.fileno(), mode)
            if durable:
                os.fsync(handle.fileno())
        if check is not None:
            check(Path(temporary))
        os.replace(temporary, path)
    except BaseException as exc:
        _remove(temporary)
        if isinstance(exc, OSError):
            raise OutputPathError(translate("Cannot write {file}: {why}. Nothing was changed.").format(
                file=display_path(path), why=_explain(exc))) from exc
        raise
    finally:
        with _LOCK:
            _LIVE_TEMPORARIES.discard(temporary)
    if durable:
        _fsync_folder(folder)
    return path


@contextmanager
def scratch_file(near: str | os.PathLike, suffix: str = ".tmp") -> Iterator[Path]:
    """An empty hidden file in the folder of ``near`` (the output's own disk, so a small /tmp does not matter),
    removed on leaving, whatever happens, and by ``abort_writes``."""
    near = Path(near)
    folder = near.parent if str(near.parent) else Path(".")
    if _ABORTING.is_set():
        raise OutputPathError(translate("Stopped before writing."))
    try:
        fd, scratch = tempfile.mkstemp(prefix=".ps-", suffix=suffix, dir=folder)
    except OSError as exc:
        raise OutputPathError(translate("Cannot write {file}: {why}.").format(
            file=display_path(near), why=_explain(exc))) from exc
    os.close(fd)
    with _LOCK:
        _LIVE_TEMPORARIES.add(scratch)
    try:
        yield Path(scratch)
    finally:
        _remove(scratch)
        with _LOCK:
            _LIVE_TEMPORARIES.discard(scratch)


def _remove(temporary: str) -> None:
    try:
        os.unlink(temporary)
    except OSError:
        pass


def abort_writes() -> None:
    """Remove every temporary file being written and refuse new ones (the process is about to exit)."""
    _ABORTING.set()
    with _LOCK:
        for temporary in list(_LIVE_TEMPORARIES):
            _remove(temporary)
        _LIVE_TEMPORARIES.clear()


# -- checking an output path before the work --------------------------------------------------------------------

def _is_one_of(path: Path, sources: Iterable[str | os.PathLike]) -> bool:
    """Whether ``path`` is the same file as one of ``sources`` (hard links and symbolic links included). The
    output is looked at once and each source once: 50,000 training pictures take a tenth of a second."""
    try:
        target = os.stat(path)
    except OSError:  # a dangling link or no permission: compare names
        target = None
    name = os.path.abspath(path)
    for source in sources:
        try:
            info = os.stat(source) if target is not None else None
        except OSError:
            info = None
        if info is not None:
            if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
                return True
        elif os.path.abspath(source) == name:
            return True
    return False


def _is_inside(path: Path, folder: Path) -> bool:
    real_path = os.path.realpath(path.parent) + os.sep + path.name
    real_folder = os.path.realpath(folder)
    return real_path.startswith(real_folder.rstrip(os.sep) + os.sep)


def check_output_path(path: str | os.PathLike, *, what: str, input_files: Iterable[str | os.PathLike] = (),
                      input_folders: Iterable[str | os.PathLike] = (),
                      is_replaceable: Callable[[Path], bool] | None = None, force: bool = False) -> Path:
    """Refuse an output that is an input file, lies inside an input folder, is a folder, or is an existing
    file that ``is_replaceable`` does not recognise as one of ours (unless ``force``). Also makes sure the
    folder exists and takes a file of that name, so nothing fails after a long training. Returns ``path``."""
    path = Path(path)
    shown = display_path(path)
    what = translate(what)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputPathError(translate("The folder {folder} does not exist. Create it, or choose another.").format(
            folder=display_path(folder)))
    _check_name_length(path, folder, what)
    if path.is_dir():
        raise OutputPathError(translate("{file} is a folder. Give a file name for the {what}, for example {example}.")
                              .format(file=shown, what=what, example=display_path(path / ("my" + path.suffix))))
    # Only an existing file can be one of the inputs; the check stats every input (50,000 for a big kNN model),
    # so it is skipped for a new name.
    if os.path.lexists(path) and _is_one_of(path, input_files):
        raise OutputPathError(translate("{file} is one of the files being read. Choose another name for the {what}.")
                              .format(file=shown, what=what))
    for source_folder in input_folders:
        if _is_inside(path, Path(source_folder)):
            raise OutputPathError(translate("{file} is inside the folder of pictures being read ({folder}). Save the "
                                            "{what} somewhere else.").format(
                file=shown, folder=display_path(source_folder), what=what))
    if os.path.lexists(path) and not force:
        if not path.is_file():
            raise OutputPathError(translate("{file} is not a regular file. Choose another name for the {what}.")
                                  .format(file=shown, what=what))
        if is_replaceable is not None and not is_replaceable(path):
            raise OutputPathError(translate("{file} already exists and is not a {what}. Choose another name, or add "
                                            "--force to replace it.").format(file=shown, what=what))
    _probe(folder, what)
    return path


def _check_name_length(path: Path, folder: Path, what: str) -> None:
    try:
        name_max = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        name_max = 255
    length = len(os.fsencode(path.name))
    if length > name_max:
        raise OutputPathError(translate("The name of the {what} is too long ({length} bytes; at most {most}). Choose "
                                        "a shorter name.").format(what=what, length=length, most=name_max))


def _probe(folder: Path, what: str) -> None:
    """Create and remove a file in the folder, so a folder that cannot be written shows up now."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".ps-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputPathError(translate("Cannot write the {what} in {folder}: {why}.").format(
            what=what, folder=display_path(folder), why=_explain(exc))) from exc
    os.close(fd)
    _remove(probe)
