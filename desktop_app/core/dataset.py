"""Finding the pictures and their classes in folders, checking them, and splitting them for training.

Folder layouts read by ``scan_folder``:

* ``root/<class>/**/<picture>``: one folder per class (the folder name is the label); pictures are found at
  any depth inside a class folder.
* ``root/train/<class>/...`` plus ``root/test/...`` and/or ``root/val/...``: the splits are used as given
  (``Sample.split`` is set and ``Dataset.has_predefined_splits`` is True). Also accepted: ``training``,
  ``validation``/``valid``, ``testing``. Split folder names are matched case-insensitively.

Class order: ``class_names`` are always kept sorted (natural order, case-insensitive: "2" before "10"), by
scanning, ``merge``, ``rename_class`` and ``remove_class`` alike; labels are re-indexed to match.

A root that does not exist or is not a folder raises ``UserError``. A folder without any class folder returns a
report whose problems hold one ``no_classes`` error (``ScanReport.usable`` is False); callers that cannot go on
call ``report.raise_if_unusable()``.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import time
import warnings
from collections import Counter, defaultdict
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generator, Iterable

import numpy as np

from desktop_app.core import images, paths
from desktop_app.core.errors import UserError
from desktop_app.core.safe_write import atomic_write
from desktop_app.core.events import (CancelToken, EtaClock, Event, Phase, Progress, check_cancel,
                                     run_to_completion)

SPLITS = ("train", "val", "test")
_SPLIT_FOLDER_NAMES = {
    "train": "train", "training": "train",
    "val": "val", "valid": "val", "validation": "val",
    "test": "test", "testing": "test",
}
# Below this many pictures a class cannot give pictures to training, validation and test alike.
MIN_IMAGES_PER_CLASS = 5
# Largest class / smallest class above this is reported as imbalance.
IMBALANCE_RATIO = 10.0
# Files up to this size are read into memory once, for hashing and checking both.
_READ_WHOLE_LIMIT = 64 * 1024 * 1024
# Reading and decoding overlap in threads, but Pillow parses headers in Python (GIL): a few threads suffice.
_SCAN_THREADS = min(8, 2 * (os.cpu_count() or 2))
_FILES_PER_TASK = 64
_PROGRESS_INTERVAL_S = 0.2

PROBLEM_KINDS = (
    "not_image", "corrupt", "truncated", "too_large", "unreadable", "empty_class", "small_class",
    "imbalance", "duplicate_across_classes", "duplicate_across_splits", "no_classes", "outside_class",
)


# ----------------------------------------------------------------------------------------------------------------
# Data types


@dataclass(frozen=True)
class Sample:
    path: Path
    label: int
    split: str | None = None  # "train" | "val" | "test" | None (not assigned yet)
    digest: str = ""  # blake2b-128 hex of the file's bytes; the feature-cache key


@dataclass(frozen=True)
class Problem:
    """Something about the user's files, in plain words with what to do. path is "" when about no one file."""

    path: str
    kind: str
    message: str
    severity: str = "warning"  # "warning": handled (e.g. the file is skipped); "error": training cannot go on

    def to_dict(self) -> dict:
        return {"path": self.path, "kind": self.kind, "message": self.message, "severity": self.severity}


def natural_key(name: str) -> tuple:
    """Sort key: case-insensitive, numbers by value ("img2" before "img10")."""
    parts = re.split(r"(\d+)", name.casefold())
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part) + (name,)


@dataclass
class Dataset:
    """Pictures with integer labels indexing ``class_names`` (kept sorted, see module docs)."""

    class_names: list[str]
    samples: list[Sample]
    root: Path | None = None
    has_predefined_splits: bool = False  # the folder came with train/ and test/ or val/ sub-folders

    def __len__(self) -> int:
        return len(self.samples)

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def labels(self) -> np.ndarray:
        return np.fromiter((s.label for s in self.samples), dtype=np.int64, count=len(self.samples))

    def paths(self) -> list[Path]:
        return [s.path for s in self.samples]

    def digests(self) -> list[str]:
        return [s.digest for s in self.samples]

    def splits(self) -> list[str | None]:
        return [s.split for s in self.samples]

    def subset(self, split: str | None) -> "Dataset":
        """The samples of one split (same class_names, so labels stay valid)."""
        return Dataset(list(self.class_names), [s for s in self.samples if s.split == split], self.root,
                       self.has_predefined_splits)

    def counts(self) -> dict[str, dict[str, int]]:
        """{class: {"all": n, "train": n, ...}}; split keys only for splits present; every class listed."""
        tally = Counter((s.label, s.split) for s in self.samples)
        present = [split for split in SPLITS if any(key[1] == split for key in tally)]
        result: dict[str, dict[str, int]] = {}
        for label, name in enumerate(self.class_names):
            per_class = {"all": sum(n for (lab, _), n in tally.items() if lab == label)}
            per_class.update({split: tally[(label, split)] for split in present if tally[(label, split)]})
            result[name] = per_class
        return result

    # -- editing classes. These change this Dataset in place and also return it, so both styles work.

    def _named_samples(self) -> list[tuple[str, Sample]]:
        return [(self.class_names[s.label], s) for s in self.samples]

    def _reindex(self, class_names: Iterable[str], named: list[tuple[str, Sample]]) -> "Dataset":
        self.class_names = sorted(set(class_names), key=natural_key)
        index = {name: i for i, name in enumerate(self.class_names)}
        self.samples = [replace(sample, label=index[name]) for name, sample in named]
        return self

    def _require_class(self, name: str) -> None:
        if name not in self.class_names:
            raise UserError(f"There is no class called '{name}'.")

    def rename_class(self, old: str, new: str) -> "Dataset":
        """Rename a class; renaming onto an existing class joins the two into one."""
        self._require_class(old)
        new = new.strip()
        if not new:
            raise UserError("A class name cannot be empty. Type a name for the class.")
        renamed = lambda name: new if name == old else name  # noqa: E731
        return self._reindex(map(renamed, self.class_names), [(renamed(n), s) for n, s in self._named_samples()])

    def remove_class(self, name: str) -> "Dataset":
        """Leave one class (and all its pictures) out."""
        self._require_class(name)
        return self._reindex([n for n in self.class_names if n != name],
                             [(n, s) for n, s in self._named_samples() if n != name])

    def merge(self, other: "Dataset") -> "Dataset":
        """A new Dataset with the classes of both; same-named classes are joined; the same file is kept once."""
        seen: set[str] = set()
        named: list[tuple[str, Sample]] = []
        for name, sample in self._named_samples() + other._named_samples():
            key = os.path.normcase(os.path.abspath(sample.path))
            if key not in seen:
                seen.add(key)
                named.append((name, sample))
        merged = Dataset([], [], self.root if self.root == other.root else None,
                         self.has_predefined_splits or other.has_predefined_splits)
        return merged._reindex(self.class_names + other.class_names, named)


@dataclass
class ScanReport:
    dataset: Dataset
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    files_checked: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def usable(self) -> bool:
        """True when there are pictures of at least one class and no error-level problem."""
        return not self.errors and len(self.dataset) > 0

    def raise_if_unusable(self) -> None:
        if self.usable:
            return
        messages = [p.message for p in self.errors] or ["No pictures were found in this folder."]
        raise UserError("\n".join(messages))

    def to_json(self) -> dict:
        counts = self.dataset.counts()
        return {
            "root": str(self.dataset.root) if self.dataset.root else None,
            "has_predefined_splits": self.dataset.has_predefined_splits,
            "total": len(self.dataset),
            "classes": {name: c["all"] for name, c in counts.items()},
            "splits": {name: {k: v for k, v in c.items() if k != "all"} or {"all": c["all"]}
                       for name, c in counts.items()},
            "problems": [p.to_dict() for p in self.problems],
            "seconds": round(self.seconds, 3),
            "files_checked": self.files_checked,
        }

    def summary(self) -> str:
        """A few plain lines for a status bar or the command line."""
        counts = self.dataset.counts()
        lines = [f"{len(self.dataset)} pictures in {len(counts)} classes"
                 + (" (train/test folders used as given)" if self.dataset.has_predefined_splits else "") + "."]
        for name, c in counts.items():
            splits = ", ".join(f"{k} {v}" for k, v in c.items() if k != "all")
            lines.append(f"  {name}: {c['all']}" + (f" ({splits})" if splits else ""))
        if self.problems:
            lines.append(f"{len(self.errors)} problem(s) to fix, {len(self.warnings)} warning(s).")
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------------------------
# Walking folders


@dataclass(frozen=True)
class _Candidate:
    path: Path
    class_name: str
    split: str | None
    folder: str  # the class folder it was found in; scan memory is kept per class folder


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


def _list_dir(folder: Path, problems: list[Problem]) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if not _is_hidden(e)), key=lambda e: e.name)
    except OSError:
        problems.append(Problem(str(folder), "unreadable", "This folder cannot be opened (no permission, or it "
                                "was moved). Check that you can open it, then scan again. It is skipped."))
        return []


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
            message = ("This shortcut (symbolic link) points to itself in a loop, so it leads nowhere. "
                       "Delete it, or leave it: it is skipped.")
        elif exc.errno == errno.ENOENT:
            message = ("This is a shortcut to a file that no longer exists. Delete the shortcut, or leave it: "
                       "it is skipped.")
        else:
            message = images.KIND_MESSAGES["unreadable"] + " It is skipped."
        return Problem(entry.path, "unreadable", message)
    what = "a named pipe" if stat.S_ISFIFO(mode) else "a device" if (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) \
        else "a socket" if stat.S_ISSOCK(mode) else "a special file"
    return Problem(entry.path, "not_image", f"This is not a picture file: it is {what}. It is skipped.")


def folder_key(folder: str | os.PathLike) -> tuple[int, int] | str:
    """Identity of a folder however it is reached (links included): (device, inode). One stat, where
    os.path.realpath costs a stat per path component, which is quadratic in the depth of nested folders."""
    try:
        info = os.stat(folder)
        return (info.st_dev, info.st_ino)
    except OSError:
        return os.path.realpath(folder)


def walk_files(folder: Path, visited: set, problems: list[Problem],
               cancel: CancelToken | None) -> Generator[Path, None, None]:
    """Regular files at any depth below folder (no recursion, so any depth works), skipping litter. A folder
    whose real path is in visited is not entered (again), so symbolic-link loops end; visited is updated.
    Folders that cannot be opened, broken or looping links and pipes/devices become problems."""
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
            if kind == "dir":
                subfolders.append(Path(entry.path))
            elif kind == "file":
                yield Path(entry.path)
            else:
                problems.append(kind)
        stack.extend(reversed(subfolders))


def _split_folders(root_entries: list[os.DirEntry]) -> dict[str, Path] | None:
    """{split: folder} when the root holds train/ plus test/ and/or val/ (and no other folders)."""
    folders = [e for e in root_entries if _is_dir(e)]
    found: dict[str, Path] = {}
    for entry in folders:
        split = _SPLIT_FOLDER_NAMES.get(entry.name.casefold())
        if split is None or split in found:
            return None
        found[split] = Path(entry.path)
    if "train" in found and len(found) >= 2:
        return found
    return None


# ----------------------------------------------------------------------------------------------------------------
# Checking files (in threads: Pillow and hashlib release the GIL while they work)


@dataclass(frozen=True)
class _Checked:
    candidate: _Candidate
    digest: str | None
    problem: Problem | None
    stamp: tuple[int, int, int] | None = None  # (size, modification time ns, inode) when checked
    remembered: bool = False  # taken from an earlier scan


def _digest_of_file(path: Path) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def _skipped_problem(path: Path, exc: images.ImageDecodeError) -> Problem:
    message = str(exc)
    if exc.kind == "not_image" and message == images.KIND_MESSAGES["not_image"]:
        message = "This file is not a picture. Move it out of the class folder, or leave it: it is skipped."
    else:
        message += " It is skipped."
    return Problem(str(path), exc.kind, message)


def _check_one(candidate: _Candidate, earlier: dict[str, list]) -> _Checked:
    """Check and hash one file, unless an earlier scan saw it unchanged."""
    path = candidate.path
    try:
        info = os.stat(path)
    except OSError:
        return _Checked(candidate, None, _skipped_problem(path, images.ImageDecodeError("unreadable")))
    if not stat.S_ISREG(info.st_mode):  # replaced by a pipe or device since the walk: never open it
        return _Checked(candidate, None, Problem(str(path), "not_image", "This is not a picture file. It is skipped."))
    stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
    entry = earlier.get(str(path))
    if entry and tuple(entry[0]) == stamp:
        _, digest, kind, message = entry
        return _Checked(candidate, digest, Problem(str(path), kind, message) if kind else None, stamp, True)
    try:
        try:
            with open(path, "rb") as file:
                data = file.read() if info.st_size <= _READ_WHOLE_LIMIT else None
            if data is not None:
                images.check_image(data, path.name)
                digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            else:
                images.check_image(path)
                digest = _digest_of_file(path)
        except OSError as exc:
            raise images.ImageDecodeError("unreadable") from exc
    except images.ImageDecodeError as exc:
        return _Checked(candidate, None, _skipped_problem(path, exc), stamp)
    return _Checked(candidate, digest, None, stamp)


def _check_many(candidates: list[_Candidate], memories: dict[str, "_ScanMemory"]) -> list[_Checked]:
    return [_check_one(c, memories[c.folder].entries) for c in candidates]


class _ScanMemory:
    """What earlier scans of a folder found per file, so unchanged files are not read again (the user cache)."""

    VERSION = 1

    def __init__(self, folder: Path) -> None:
        key = hashlib.blake2b(os.path.realpath(folder).encode("utf-8", "surrogatepass"), digest_size=10)
        self.file: Path | None = None
        self.entries: dict[str, list] = {}
        try:
            self.file = paths.cache_dir() / "scans" / f"{key.hexdigest()}.json"
            stored = json.loads(self.file.read_text(encoding="utf-8"))
            if stored.get("version") == self.VERSION:
                self.entries = stored["files"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no or unusable memory: check everything

    def remember(self, results: list[_Checked]) -> None:
        if self.file is None or (len(results) == len(self.entries) and all(r.remembered for r in results)):
            return  # no usable cache, or nothing new
        files = {}
        for result in results:
            if result.stamp is None or (result.problem and result.problem.kind == "unreadable"):
                continue  # unreadable files may be readable next time
            problem = result.problem
            files[str(result.candidate.path)] = [list(result.stamp), result.digest,
                                                 problem.kind if problem else None, problem.message if problem else None]
        data = json.dumps({"version": self.VERSION, "files": files}, ensure_ascii=True).encode("ascii")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.file, lambda handle: handle.write(data), durable=False)  # leaves no temporary file on a full disk
        except (OSError, UserError):
            pass  # a cache that cannot be written only costs time next scan


def _check_all(candidates: list[_Candidate], cancel: CancelToken | None,
               ) -> Generator[Event, None, list[_Checked]]:
    memories = {folder: _ScanMemory(Path(folder)) for folder in {c.folder for c in candidates}}
    total = len(candidates)
    clock = EtaClock(total)
    results: list[_Checked] = []
    chunks = [candidates[i:i + _FILES_PER_TASK] for i in range(0, total, _FILES_PER_TASK)]
    yield Progress("scan", 0, total, None, f"Checking {total} files")
    executor = ThreadPoolExecutor(max_workers=_SCAN_THREADS, thread_name_prefix="scan")
    try:
        pending: set[Future] = set()
        next_chunk = 0
        last_report = time.perf_counter()
        while next_chunk < len(chunks) or pending:
            while next_chunk < len(chunks) and len(pending) < 4 * _SCAN_THREADS:
                pending.add(executor.submit(_check_many, chunks[next_chunk], memories))
                next_chunk += 1
            done, pending = wait(pending, timeout=_PROGRESS_INTERVAL_S, return_when=FIRST_COMPLETED)
            for future in done:
                results.extend(future.result())
            check_cancel(cancel)
            now = time.perf_counter()
            if now - last_report >= _PROGRESS_INTERVAL_S:
                last_report = now
                yield Progress("scan", len(results), total, clock.eta(len(results)),
                               f"Checked {len(results)} of {total} files")
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    by_folder: dict[str, list[_Checked]] = defaultdict(list)
    for result in results:
        by_folder[result.candidate.folder].append(result)
    for folder, memory in memories.items():
        memory.remember(by_folder[folder])
    yield Progress("scan", total, total, 0.0, f"Checked {total} files")
    return results


# ----------------------------------------------------------------------------------------------------------------
# Scanning


def _require_folder(path: Path, what: str) -> Path:
    if not path.exists():
        raise UserError(f"The {what} '{path}' does not exist. Choose an existing folder.")
    if not path.is_dir():
        raise UserError(f"'{path}' is a file, not a folder. Choose the folder that holds the class folders.")
    return path


def _find_candidates(root: Path, problems: list[Problem], cancel: CancelToken | None,
                     ) -> Generator[Event, None, tuple[list[_Candidate], list[str], bool]]:
    """Walk root; returns (candidates, class names seen incl. empty ones, has_predefined_splits)."""
    root_entries = _list_dir(root, problems)
    split_folders = _split_folders(root_entries)
    if split_folders:
        places = [(split, folder, _list_dir(folder, problems)) for split, folder in split_folders.items()]
    else:
        places = [(None, root, root_entries)]
    # A link inside a class folder back up to the root must not pull other classes in.
    outer_folders = {folder_key(root)} | {folder_key(folder) for _, folder, _ in places}

    candidates: list[_Candidate] = []
    class_names: list[str] = []
    last_report = time.perf_counter()
    for split, folder, entries in places:
        for entry in entries:
            if not _is_dir(entry):
                if _entry_kind(entry) == "file":
                    problems.append(Problem(entry.path, "outside_class", "This file is not inside a class folder, "
                                            "so it is not used. Move it into the folder of its class."))
                continue
            if entry.name not in class_names:
                class_names.append(entry.name)
            visited = set(outer_folders)  # per class: a link to another class folder is walked (as duplicates)
            for path in walk_files(Path(entry.path), visited, problems, cancel):
                candidates.append(_Candidate(path, entry.name, split, entry.path))
                now = time.perf_counter()
                if now - last_report >= _PROGRESS_INTERVAL_S:
                    last_report = now
                    yield Progress("scan", 0, 0, None, f"Found {len(candidates)} files")
    return candidates, class_names, bool(split_folders)


def _build_report(root: Path | None, checked: list[_Checked], class_names: list[str], predefined: bool,
                  problems: list[Problem]) -> ScanReport:
    good = [c for c in checked if c.problem is None]
    problems.extend(c.problem for c in checked if c.problem is not None)
    per_class = Counter(c.candidate.class_name for c in good)
    for name in class_names:
        if per_class[name] == 0:
            problems.append(Problem(name, "empty_class", f"The class folder '{name}' holds no usable pictures, so "
                                    "this class is left out. Put pictures in it, or remove the folder."))
    names = sorted((n for n in class_names if per_class[n] > 0), key=natural_key)
    index = {n: i for i, n in enumerate(names)}
    samples = sorted(
        (Sample(c.candidate.path, index[c.candidate.class_name], c.candidate.split, c.digest or "") for c in good),
        key=lambda s: (s.label, SPLITS.index(s.split) if s.split else -1, str(s.path)),
    )
    dataset = Dataset(names, samples, root, predefined)
    problems.extend(_dataset_problems(dataset))
    if not names and not any(p.kind == "no_classes" for p in problems):
        problems.append(Problem(str(root or ""), "no_classes", _no_classes_message(class_names), "error"))
    return ScanReport(dataset, problems, files_checked=len(checked))


def _no_classes_message(class_names: list[str]) -> str:
    if class_names:
        return ("None of the class folders holds a picture that can be opened. Put the pictures (JPEG, PNG, "
                "BMP, GIF, TIFF or WebP) into the class folders, then scan again.")
    return ("This folder has no class folders. Make one folder per class inside it (for example 'cats' and "
            "'dogs'), put the pictures of each class into its folder, then choose this folder again.")


def _dataset_problems(dataset: Dataset) -> list[Problem]:
    """Class-level problems: too few pictures, imbalance, the same picture in two classes or splits."""
    problems: list[Problem] = []
    counts = dataset.counts()
    for name, c in counts.items():
        if c["all"] < MIN_IMAGES_PER_CLASS:
            problems.append(Problem(name, "small_class", (
                f"The class '{name}' has only {c['all']} picture{'s' if c['all'] != 1 else ''}. Add at least "
                f"{MIN_IMAGES_PER_CLASS - c['all']} more ({MIN_IMAGES_PER_CLASS} or more in total; 20 or more "
                "works much better) so that some can be set aside to test the model. Until then, all of its "
                "pictures are used for training and this class is not tested.")))
        held_out = c.get("val", 0) + c.get("test", 0)
        if c["all"] > 0 and held_out == c["all"]:
            problems.append(Problem(name, "empty_class", (
                f"The class '{name}' has no pictures in the training folder, so the model cannot learn it. "
                f"Put pictures of '{name}' into the train folder, or remove this class."), "error"))
    totals = {name: c["all"] for name, c in counts.items() if c["all"] > 0}
    if len(totals) >= 2:
        largest = max(totals, key=totals.get)
        smallest = min(totals, key=totals.get)
        if totals[largest] > IMBALANCE_RATIO * totals[smallest]:
            problems.append(Problem("", "imbalance", (
                f"The classes are very uneven: '{largest}' has {totals[largest]} pictures but '{smallest}' only "
                f"{totals[smallest]}. The model may then favour '{largest}'. Add pictures of '{smallest}' "
                f"(and other small classes), or use fewer of '{largest}'.")))
    problems.extend(_duplicate_problems(dataset))
    return problems


def _duplicate_problems(dataset: Dataset) -> list[Problem]:
    by_digest: dict[str, list[Sample]] = defaultdict(list)
    for sample in dataset.samples:
        if sample.digest:
            by_digest[sample.digest].append(sample)
    problems = []
    for group in by_digest.values():
        if len(group) < 2:
            continue
        labels = sorted({s.label for s in group})
        if len(labels) > 1:
            first_per_class = {s.label: s for s in reversed(group)}  # one example file per class
            where = "; ".join(f"'{dataset.class_names[label]}': {first_per_class[label].path}" for label in labels[:4])
            problems.append(Problem(str(group[0].path), "duplicate_across_classes", (
                f"The same picture is in more than one class ({where}). A picture can only belong to one "
                "class: keep it in the right class folder and delete the other copies.")))
        split_set = {s.split for s in group}
        if "train" in split_set and ("test" in split_set or "val" in split_set):
            other = "test" if "test" in split_set else "validation"
            where = "; ".join(f"{s.split}: {s.path}" for s in group[:4])
            problems.append(Problem(str(group[0].path), "duplicate_across_splits", (
                f"The same picture is in both the training and the {other} pictures ({where}). That makes "
                f"the {other} result look better than it really is. Delete the copy from one of the folders.")))
    return problems


def scan_folder(root: str | os.PathLike, cancel: CancelToken | None = None,
                ) -> Generator[Event, None, ScanReport]:
    """Find, check and hash every picture below root (see the module docs for layouts). Yields Phase/Progress."""
    started = time.perf_counter()
    root = _require_folder(Path(root).expanduser(), "folder")
    yield Phase("scan", f"Looking for pictures in {root}")
    problems: list[Problem] = []
    candidates, class_names, predefined = yield from _find_candidates(root, problems, cancel)
    checked = yield from _check_all(candidates, cancel)
    report = _build_report(root, checked, class_names, predefined, problems)
    report.seconds = time.perf_counter() - started
    return report


def scan_class_folder(folder: str | os.PathLike, label_name: str, cancel: CancelToken | None = None,
                      ) -> Generator[Event, None, ScanReport]:
    """All pictures at any depth below one folder, as a single class called label_name (combine with merge)."""
    started = time.perf_counter()
    folder = _require_folder(Path(folder).expanduser(), "folder")
    label_name = label_name.strip()
    if not label_name:
        raise UserError("A class name cannot be empty. Type a name for the class.")
    yield Phase("scan", f"Looking for pictures of '{label_name}' in {folder}")
    problems: list[Problem] = []
    candidates = []
    for path in walk_files(folder, set(), problems, cancel):
        candidates.append(_Candidate(path, label_name, None, str(folder)))
    checked = yield from _check_all(candidates, cancel)
    report = _build_report(folder, checked, [label_name], False, problems)
    report.seconds = time.perf_counter() - started
    return report


def scan(root: str | os.PathLike, cancel: CancelToken | None = None) -> ScanReport:
    """scan_folder without events."""
    return run_to_completion(scan_folder(root, cancel))


def check_dataset(dataset: Dataset) -> list[Problem]:
    """Class-level problems of a dataset built by hand or by merging (small classes, imbalance, duplicates)."""
    return _dataset_problems(dataset)


# ----------------------------------------------------------------------------------------------------------------
# Splitting


def _groups(samples: list[Sample], indices: list[int]) -> dict[str, list[int]]:
    """Identical files (same digest) form one group, so copies never end up on both sides of a split."""
    groups: dict[str, list[int]] = {}
    for i in indices:
        key = samples[i].digest or f"#{i}"
        groups.setdefault(key, []).append(i)
    return groups


def _carve(samples: list[Sample], indices: list[int], fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Stratified split of indices into (kept, carved ~fraction). Classes with < 2 groups stay in kept."""
    if fraction <= 0 or not indices:
        return list(indices), []
    groups = list(_groups(samples, indices).values())
    group_labels = np.array([samples[g[0]].label for g in groups])
    per_class = Counter(group_labels.tolist())
    splittable = np.array([per_class[label] >= 2 for label in group_labels])
    positions = np.flatnonzero(splittable)
    kept_groups = [groups[i] for i in np.flatnonzero(~splittable)]
    carved_groups: list[list[int]] = []
    if len(positions):
        try:
            from sklearn.model_selection import train_test_split

            keep_pos, carve_pos = train_test_split(positions, test_size=fraction, random_state=seed,
                                                   stratify=group_labels[positions])
        except ValueError:  # too few pictures for sklearn's stratification: share out class by class instead
            keep_pos, carve_pos = _carve_per_class(positions, group_labels[positions], fraction, seed)
        kept_groups += [groups[i] for i in keep_pos]
        carved_groups = [groups[i] for i in carve_pos]
    kept = sorted(i for g in kept_groups for i in g)
    carved = sorted(i for g in carved_groups for i in g)
    return kept, carved


def _carve_per_class(positions: np.ndarray, labels: np.ndarray, fraction: float, seed: int):
    rng = np.random.default_rng(seed)
    keep, carve = [], []
    for label in np.unique(labels):
        members = rng.permutation(positions[labels == label])
        n_carve = min(len(members) - 1, max(1, int(round(len(members) * fraction))))
        carve.extend(members[:n_carve].tolist())
        keep.extend(members[n_carve:].tolist())
    return keep, carve


MAX_SHARE = 0.9  # of validation + test together: at least 10 % of the pictures are left for training


def check_shares(val_fraction: float, test_fraction: float) -> None:
    """The one set of limits on the validation and test shares (UserError with a plain message)."""
    for name, value in (("validation", val_fraction), ("test", test_fraction)):
        if not 0.0 <= value <= MAX_SHARE:
            raise UserError(f"The {name} share must be between 0 % and {MAX_SHARE:.0%}, not {value:.0%}.")
    if val_fraction + test_fraction > MAX_SHARE + 1e-9:
        raise UserError(f"Validation and test together must leave at least {1 - MAX_SHARE:.0%} of the pictures "
                        "for training.")


def split_for_training(dataset: Dataset, val_fraction: float, test_fraction: float, seed: int) -> Dataset:
    """The split training uses (and the Dataset tab previews): test pictures given (a test/ folder or a
    separate test folder) mean no test share is carved out of the training pictures."""
    if any(sample.split == "test" for sample in dataset.samples):
        test_fraction = 0.0
    return split_dataset(dataset, val_fraction, test_fraction, seed)


@dataclass(frozen=True)
class SplitFacts:
    """What training will use each share of the pictures for, and how big each share really is.

    ``source[split]``: "folder" (the folder's own split sub-folder, used as given), "train" (carved out of the
    train/ pictures), "all" (carved out of all pictures), or "none" (no pictures for this split).
    ``*_setting_applies``: whether the validation / test percentage changes anything for this dataset.
    """

    dataset: Dataset  # the dataset as training shares it out
    counts: dict[str, int]  # {"train": n, "val": n, "test": n}
    source: dict[str, str]
    val_setting_applies: bool
    test_setting_applies: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, split: str) -> float:
        return 100.0 * self.counts[split] / self.total if self.total else 0.0


def split_facts(dataset: Dataset, val_fraction: float, test_fraction: float, seed: int) -> SplitFacts:
    """The split that ``split_for_training`` makes, described: counts, shares and where each share comes from."""
    shared = split_for_training(dataset, val_fraction, test_fraction, seed)
    counts = Counter(s.split for s in shared.samples)
    given = {s.split for s in dataset.samples if s.split} if dataset.has_predefined_splits else set()
    unsplit = any(s.split is None for s in dataset.samples)
    carved_from = "train" if dataset.has_predefined_splits else "all"
    source = {"train": "folder" if "train" in given else "all"}
    for split in ("val", "test"):
        if split in given:
            source[split] = "folder"
        else:
            source[split] = carved_from if counts[split] else "none"
    return SplitFacts(
        dataset=shared,
        counts={split: counts[split] for split in SPLITS},
        source=source,
        val_setting_applies="val" not in given or unsplit,
        test_setting_applies=not any(s.split == "test" for s in dataset.samples),
    )


def split_dataset(dataset: Dataset, val_fraction: float = 0.15, test_fraction: float = 0.15,
                  seed: int = 0) -> Dataset:
    """Assign every sample to train / val / test, stratified by class and reproducible by seed.

    Predefined splits (``has_predefined_splits``) are kept; a split the folder did not have is carved out of its
    training pictures (val always when val_fraction > 0, test only when test_fraction > 0). Samples without a
    split (e.g. a class added from another folder) are split by the fractions. ``test_fraction=0`` gives no test
    pictures (use it when the test pictures come from elsewhere). Identical files stay on one side. Classes with
    fewer than two distinct pictures go entirely to training.
    """
    check_shares(val_fraction, test_fraction)
    samples = dataset.samples
    assignment: dict[int, str] = {}
    if dataset.has_predefined_splits:
        present = {s.split for s in samples if s.split}
        unsplit = [i for i, s in enumerate(samples) if s.split is None]
        train = [i for i, s in enumerate(samples) if s.split == "train"]
        for i, s in enumerate(samples):
            if s.split in ("val", "test"):
                assignment[i] = s.split
        carve_test = test_fraction if "test" not in present else 0.0
        carve_val = val_fraction if "val" not in present else 0.0
        pools = [(train, carve_test, carve_val), (unsplit, test_fraction, val_fraction)]
    else:
        pools = [(list(range(len(samples))), test_fraction, val_fraction)]
    for pool, test_share, val_share in pools:
        rest, test_part = _carve(samples, pool, test_share, seed)
        train_part, val_part = _carve(samples, rest, val_share / (1.0 - test_share) if val_share else 0.0, seed + 1)
        assignment.update({i: "test" for i in test_part})
        assignment.update({i: "val" for i in val_part})
        assignment.update({i: "train" for i in train_part})
    new_samples = [replace(s, split=assignment.get(i, "train")) for i, s in enumerate(samples)]
    return Dataset(list(dataset.class_names), new_samples, dataset.root, dataset.has_predefined_splits)


def kfold_indices(labels, n_folds: int = 5, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified k-fold (shuffled by seed): [(train_idx, val_idx), ...].

    Folds are reduced to the number of samples if needed. When some classes have fewer members than folds they
    simply appear in fewer validation folds; when even the largest class is smaller than the number of folds,
    folds are reduced to its size; with only one sample per class plain shuffled KFold is used.
    """
    from sklearn.model_selection import KFold, StratifiedKFold

    labels = np.asarray(labels)
    n = len(labels)
    if n < 2:
        raise UserError("Cross-validation needs at least 2 pictures. Add more pictures.")
    n_folds = max(2, min(int(n_folds), n))
    largest = max(Counter(labels.tolist()).values())
    if largest >= 2:
        folds = min(n_folds, largest)
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*least populated class.*")
            splits = list(splitter.split(np.zeros(n), labels))
    else:
        splits = list(KFold(n_splits=n_folds, shuffle=True, random_state=seed).split(np.zeros(n)))
    return [(train.astype(np.int64), val.astype(np.int64)) for train, val in splits]
