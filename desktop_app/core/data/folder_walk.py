"""Walking a dataset folder: which folders are splits and classes, which files are candidates, and what is
skipped with a word to the user (hidden or blank-named class folders, links that leave the folder, folders
beside train/ and test/). Checking the files found is ``folder_scan``.

Links: a link (file or folder) whose real target lies outside the chosen folder is reported and not followed,
unless the caller asks to follow links (``follow_links``, the command line's ``--follow-links``): a dataset
must not pull in someone's home folder by a stray link, and a kNN model would carry those pictures along.
Links that stay inside the folder are followed; link loops end (``walk_files``' visited set).
"""
from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path
from typing import Callable, Generator, TypeVar

from desktop_app.core.data import images
from desktop_app.core.data.dataset import Problem
from desktop_app.core.events import CancelToken, Event, Progress, check_cancel
from desktop_app.core.output.names import display_path
from desktop_app.core.output.translation import translatable, translate

SPLIT_FOLDER_NAMES = {
    "train": "train", "training": "train",
    "val": "val", "valid": "val", "validation": "val",
    "test": "test", "testing": "test",
}
PROGRESS_INTERVAL_S = 0.2
# Hidden folders the system makes by itself at the top of a drive or folder: skipped without a word.
_SYSTEM_DOT_FOLDERS = frozenset({".trash", ".trashes", ".spotlight-v100", ".fseventsd", ".temporaryitems",
                                 ".documentrevisions-v100", ".localized"})
_ROLES = {"train": translatable("training"), "val": translatable("validation"), "test": translatable("test")}
_NAMES_SHOWN = 5  # folders named in one message; the rest are counted

Candidate = TypeVar("Candidate")


# ----------------------------------------------------------------------------------------------------------------
# One folder's entries


def _is_hidden(entry: os.DirEntry) -> bool:
    if images.is_os_litter(entry.name):
        return True
    if os.name != "nt":  # elsewhere hidden means a leading dot, which is_os_litter covers
        return False
    try:  # free on Windows: scandir already has the attributes
        attributes = entry.stat(follow_symlinks=False).st_file_attributes
    except OSError:
        return False
    return bool(attributes & (stat.FILE_ATTRIBUTE_HIDDEN | stat.FILE_ATTRIBUTE_SYSTEM))


def _list_dir(folder: Path, problems: list[Problem], hidden: list[os.DirEntry] | None = None,
              ) -> list[os.DirEntry]:
    """The folder's entries by name, without hidden ones and OS litter (collected in ``hidden`` when given)."""
    try:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda e: e.name)
    except OSError:
        problems.append(Problem(str(folder), "unreadable", translate(
            "This folder cannot be opened (no permission, or it was moved). Check that you can open it, then scan "
            "again. It is skipped.")))
        return []
    shown = []
    for entry in listed:
        if not _is_hidden(entry):
            shown.append(entry)
        elif hidden is not None:
            hidden.append(entry)
    return shown


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _entry_kind(entry: os.DirEntry) -> str | Problem:
    """"dir", "file" (a regular file, possibly behind a link), or a Problem saying exactly what it is."""
    try:
        if entry.is_dir(follow_symlinks=True):
            return "dir"
        if entry.is_file(follow_symlinks=True):
            return "file"
        mode = entry.stat(follow_symlinks=True).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            message = translate("This shortcut (symbolic link) points to itself in a loop, so it leads nowhere. "
                                "Delete it, or leave it: it is skipped.")
        elif exc.errno == errno.ENOENT:
            message = translate("This is a shortcut to a file that no longer exists. Delete the shortcut, or leave "
                                "it: it is skipped.")
        else:
            message = translate(images.KIND_MESSAGES["unreadable"]) + translate(" It is skipped.")
        return Problem(entry.path, "unreadable", message)
    what = translate("a named pipe") if stat.S_ISFIFO(mode) else translate("a device") if (
        stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) else translate("a socket") if stat.S_ISSOCK(mode) \
        else translate("a special file")
    return Problem(entry.path, "not_image", translate("This is not a picture file: it is {what}. It is skipped.")
                   .format(what=what))


def folder_key(folder: str | os.PathLike) -> tuple[int, int] | str:
    """Identity of a folder however it is reached (links included): (device, inode). One stat, where
    os.path.realpath costs a stat per path component, which is quadratic in the depth of nested folders."""
    try:
        info = os.stat(folder)
        return (info.st_dev, info.st_ino)
    except OSError:
        return os.path.realpath(folder)


# ----------------------------------------------------------------------------------------------------------------
# Links that leave the chosen folder


class LinkBoundary:
    """The folder that links must stay inside. A link leading out is reported once (however many ways the walk
    reaches it) and not followed."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.real = os.path.normcase(os.path.realpath(folder))
        self._reported: set[str] = set()

    def lets_through(self, entry: os.DirEntry, problems: list[Problem]) -> bool:
        """False for a link whose real target is outside (reported in problems); True for anything else."""
        try:
            if not entry.is_symlink():  # free: scandir knows
                return True
        except OSError:
            return True
        target = os.path.realpath(entry.path)
        checked = os.path.normcase(target)
        if checked == self.real or checked.startswith(self.real.rstrip(os.sep) + os.sep):
            return True
        link = os.path.join(os.path.realpath(os.path.dirname(entry.path)), entry.name)
        if link not in self._reported:
            self._reported.add(link)
            problems.append(Problem(entry.path, "link_outside", translate(
                "Links outside the folder are not followed: this link leads to {target}, which is outside the "
                "chosen folder, so it is skipped. Copy those pictures into the folder if they belong to the "
                "dataset (on the command line, --follow-links follows such links).").format(
                    target=display_path(target))))
        return False


def link_boundary(folder: str | os.PathLike, follow_links: bool) -> LinkBoundary | None:
    """What links must stay inside, or None when every link is followed."""
    return None if follow_links else LinkBoundary(folder)


def walk_files(folder: Path, visited: set, problems: list[Problem], cancel: CancelToken | None,
               inside: LinkBoundary | None = None) -> Generator[Path, None, None]:
    """Regular files at any depth below folder (no recursion, so any depth works), skipping litter. A folder
    whose real path is in visited is not entered (again), so symbolic-link loops end; visited is updated.
    Folders that cannot be opened, broken or looping links and pipes/devices become problems, and so do links
    leading outside ``inside`` (see ``link_boundary``; None follows every link)."""
    stack = [folder]
    while stack:
        check_cancel(cancel)
        current = stack.pop()
        key = folder_key(current)
        if key in visited:
            continue
        visited.add(key)
        subfolders = []
        for entry in _list_dir(current, problems):
            kind = _entry_kind(entry)
            if isinstance(kind, Problem):
                problems.append(kind)
                continue
            if inside is not None and not inside.lets_through(entry, problems):
                continue
            if kind == "dir":
                subfolders.append(Path(entry.path))
            else:
                yield Path(entry.path)
        stack.extend(reversed(subfolders))


# ----------------------------------------------------------------------------------------------------------------
# Splits and classes


def _named(entries: list[os.DirEntry]) -> str:
    names = [f"{display_path(e.name)}/" for e in entries[:_NAMES_SHOWN]]
    if len(entries) > _NAMES_SHOWN:
        names.append(translate("{n} more").format(n=len(entries) - _NAMES_SHOWN))
    if len(names) == 1:
        return names[0]
    return translate("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


def _split_layout(root: Path, folders: list[os.DirEntry], problems: list[Problem],
                  ) -> dict[str, os.DirEntry] | None:
    """{split: folder entry} when the root holds train/ (with test/ and/or val/ beside it, or alone); other folders
    beside them are reported and ignored. None when there are no split folders. Test or validation folders
    without train/ are reported as an error ({} is returned): whether they are classes or splits is the user's
    to say, and they are never taken as classes called "test" or "val"."""
    found: dict[str, os.DirEntry] = {}
    others: list[os.DirEntry] = []
    for entry in folders:
        split = SPLIT_FOLDER_NAMES.get(entry.name.casefold())
        if split is None or split in found:
            others.append(entry)
        else:
            found[split] = entry
    if not found:
        return None
    splits = [found[s] for s in ("train", "val", "test") if s in found]
    if "train" not in found:
        classes = translate(" beside the class folders {names}").format(names=_named(others)) if others else ""
        problems.append(Problem(str(root), "split_folders", translate(
            "This folder holds {splits}{classes} but no train/ folder, so it is not clear what to learn "
            "from. Put the training pictures into a train/ folder here (one sub-folder per class, for example "
            "train/cats), or choose {first} itself if it holds the class folders.").format(
                splits=_named(splits), classes=classes, first=_named(splits[:1])), "error"))
        return {}
    if others:
        used, ignored = _named(splits), _named(others)
        roles = translate(" and ").join(translate(_ROLES[s]) for s in ("train", "val", "test") if s in found)
        if len(others) == 1:
            ignoring = translate("{ignored} is ignored. If {ignored} holds a class, move it into train/ (with some "
                                 "of its pictures in a test/ or val/ folder); otherwise move it out of this folder.")
        else:
            ignoring = translate("{ignored} are ignored. If one of them holds a class, move it into train/ (with "
                                 "some of its pictures in a test/ or val/ folder); otherwise move it out of this "
                                 "folder.")
        template = translate("Found {used} and also {ignored}: {used} is used as the {roles} pictures, and ") \
            if len(splits) == 1 else translate("Found {used} and also {ignored}: {used} are used as the {roles} "
                                               "pictures, and ")
        problems.append(Problem(str(root), "split_folders", template.format(used=used, ignored=ignored, roles=roles)
                                + ignoring.format(ignored=ignored)))
    return {split: found[split] for split in ("train", "val", "test") if split in found}


def _class_folders(folder: Path, entries: list[os.DirEntry], hidden: list[os.DirEntry],
                   inside: LinkBoundary | None, problems: list[Problem]) -> list[os.DirEntry]:
    """The entries that are class folders; files, hidden and blank-named folders and links that leave the
    chosen folder are reported."""
    for entry in hidden:
        if entry.name.startswith(".") and entry.name.casefold() not in _SYSTEM_DOT_FOLDERS \
                and not entry.name.casefold().startswith(".trash") and _is_dir(entry):
            problems.append(Problem(entry.path, "hidden_folder", translate(
                "The hidden folder {name} was skipped (a name that starts with a dot is hidden). If it holds a "
                "class, rename it without the dot.").format(name=display_path(entry.name))))
    classes = []
    for entry in entries:
        if not _is_dir(entry):
            if _entry_kind(entry) == "file":
                problems.append(Problem(entry.path, "outside_class", translate(
                    "This file is not inside a class folder, so it is not used. Move it into the folder of its "
                    "class.")))
            continue
        if inside is not None and not inside.lets_through(entry, problems):
            continue
        if not entry.name.strip():
            problems.append(Problem(entry.path, "blank_class_name", translate(
                "A class folder in {folder} has a name made only of spaces, so its class would have no name to "
                "show. It is skipped: give the folder a name, then scan again.").format(
                    folder=display_path(folder))))
        else:
            classes.append(entry)
    return classes


def find_pictures(root: Path, problems: list[Problem], cancel: CancelToken | None,
                  make: Callable[[Path, str, str | None, str], Candidate], follow_links: bool = False,
                  ) -> Generator[Event, None, tuple[list[Candidate], list[str], bool]]:
    """Walk root; returns (candidates made by ``make(path, class_name, split, class_folder)``, class names seen
    incl. empty ones, has_predefined_splits)."""
    inside = link_boundary(root, follow_links)
    hidden: list[os.DirEntry] = []
    root_entries = _list_dir(root, problems, hidden)
    root_folders = [e for e in root_entries if _is_dir(e)]
    split_folders = _split_layout(root, root_folders, problems)
    if split_folders is not None:
        places = []
        for split, entry in split_folders.items():
            if inside is not None and not inside.lets_through(entry, problems):
                continue
            split_hidden: list[os.DirEntry] = []
            entries = _list_dir(Path(entry.path), problems, split_hidden)
            places.append((split, Path(entry.path), entries, split_hidden))
    else:
        places = [(None, root, root_entries, hidden)]
    # A link inside a class folder back up to the root must not pull other classes in.
    outer_folders = {folder_key(root)} | {folder_key(folder) for _, folder, _, _ in places}

    candidates: list[Candidate] = []
    class_names: list[str] = []
    last_report = time.perf_counter()
    for split, folder, entries, folder_hidden in places:
        for entry in _class_folders(folder, entries, folder_hidden, inside, problems):
            if entry.name not in class_names:
                class_names.append(entry.name)
            visited = set(outer_folders)  # per class: a link to another class folder is walked (as duplicates)
            for path in walk_files(Path(entry.path), visited, problems, cancel, inside):
                candidates.append(make(path, entry.name, split, entry.path))
                now = time.perf_counter()
                if now - last_report >= PROGRESS_INTERVAL_S:
                    last_report = now
                    yield Progress("scan", 0, 0, None, translate("Found {n} files").format(n=len(candidates)))
    return candidates, class_names, bool(split_folders)
