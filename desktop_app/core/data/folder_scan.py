"""Checking the pictures found in folders (in threads), with a memory of unchanged files; the walk that finds
them and their classes is ``folder_walk``.

Folder layouts read by ``scan_folder``:

* ``root/<class>/**/<picture>``: one folder per class (the folder name is the label); pictures are found at
  any depth inside a class folder.
* ``root/train/<class>/...`` with ``root/test/...`` and/or ``root/val/...`` (or alone): the splits are used as given
  (``Sample.split`` is set and ``Dataset.has_predefined_splits`` is True). Also accepted: ``training``,
  ``validation``/``valid``, ``testing``. Split folder names are matched case-insensitively. Other folders
  beside them are ignored with a warning; test/ or val/ without train/ is an error (never classes "test").
* Links leading outside root, hidden and blank-named class folders are reported and skipped (``folder_walk``).

A root that does not exist or is not a folder raises ``UserError``. A folder without any class folder returns a
report whose problems hold one ``no_classes`` error (``ScanReport.usable`` is False); callers that cannot go on
call ``report.raise_if_unusable()``.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections import Counter, defaultdict
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Generator

from desktop_app.core.data import digests, images
from desktop_app.core import paths
from desktop_app.core.data.dataset import (SPLITS, Dataset, Problem, Sample, ScanReport, _dataset_problems,
                                           checked_class_name, natural_key)
from desktop_app.core.errors import UserError
from desktop_app.core.events import CancelToken, EtaClock, Event, Phase, Progress, check_cancel, run_to_completion
from desktop_app.core.data.folder_walk import PROGRESS_INTERVAL_S as _PROGRESS_INTERVAL_S
from desktop_app.core.data.folder_walk import find_pictures, link_boundary, walk_files
from desktop_app.core.output.safe_write import atomic_write
from desktop_app.core.output.translation import translate
from desktop_app.core.output.wording import looking_in_text

# Reading and decoding overlap in threads, but Pillow parses headers in Python (GIL): a few threads suffice.
_SCAN_THREADS = min(8, 2 * (os.cpu_count() or 2))
_FILES_PER_TASK = 64
_FREE_STEP = 2048  # objects freed between two chances for other threads to take the GIL


# ----------------------------------------------------------------------------------------------------------------
# What the walk (folder_walk.find_pictures) finds


@dataclass(frozen=True)
class _Candidate:
    path: Path
    class_name: str
    split: str | None
    folder: str  # the class folder it was found in; scan memory is kept per class folder


# ----------------------------------------------------------------------------------------------------------------
# Checking files (in threads: Pillow and hashlib release the GIL while they work)


@dataclass(frozen=True)
class _Checked:
    candidate: _Candidate
    digest: str | None
    problem: Problem | None
    stamp: tuple[int, ...] | None = None  # digests.file_stamp when checked
    remembered: bool = False  # taken from an earlier scan


def _skipped_problem(path: Path, exc: images.ImageDecodeError) -> Problem:
    message = str(exc)
    if exc.kind == "not_image" and message == translate(images.KIND_MESSAGES["not_image"]):
        message = translate("This file is not a picture. Move it out of the class folder, or leave it: it is "
                            "skipped.")
    else:
        message += translate(" It is skipped.")
    return Problem(str(path), exc.kind, message)


def _check_one(candidate: _Candidate, earlier: dict[str, list]) -> _Checked:
    """Check and hash one file, unless an earlier scan saw it unchanged."""
    path = candidate.path
    try:
        info = os.stat(path)
    except OSError:
        return _Checked(candidate, None, _skipped_problem(path, images.ImageDecodeError("unreadable")))
    if not stat.S_ISREG(info.st_mode):  # replaced by a pipe or device since the walk: never open it
        return _Checked(candidate, None, Problem(str(path), "not_image", translate(
            "This is not a picture file. It is skipped.")))
    stamp = digests.file_stamp(info)
    entry = earlier.get(str(path))
    if entry and tuple(entry[0]) == stamp:
        _, digest, kind, message = entry
        return _Checked(candidate, digest, Problem(str(path), kind, message) if kind else None, stamp, True)
    try:
        try:
            with open(path, "rb") as file:  # read once, for hashing and checking both
                data = file.read() if info.st_size <= digests.READ_WHOLE_LIMIT else None
            if data is not None:
                images.check_image(data, path.name)
                digest = digests.digest_of_bytes(data)
            else:
                images.check_image(path)
                digest = digests.digest_of_file(path)
        except OSError as exc:
            raise images.ImageDecodeError("unreadable") from exc
    except images.ImageDecodeError as exc:
        return _Checked(candidate, None, _skipped_problem(path, exc), stamp)
    return _Checked(candidate, digest, None, stamp)


def _check_many(candidates: list[_Candidate], memories: dict[str, "_ScanMemory"]) -> list[_Checked]:
    return [_check_one(c, memories[c.folder].entries) for c in candidates]


def _wording() -> str:
    """The language the remembered problems are worded in (a message in it): after a switch they are checked again."""
    return translate(images.KIND_MESSAGES["corrupt"])


class _ScanMemory:
    """What earlier scans of a folder found per file, so unchanged files are not read again (the user cache).
    A file counts as unchanged when its stamp (size, modification and change times, inode) is the same: a
    picture rewritten in place with its old size and modification time has a new change time."""

    VERSION = 2  # 1 had no change time in the stamp

    def __init__(self, folder: Path) -> None:
        key = hashlib.blake2b(os.path.realpath(folder).encode("utf-8", "surrogatepass"), digest_size=10)
        self.file: Path | None = None
        self.entries: dict[str, list] = {}
        try:
            self.file = paths.cache_dir() / "scans" / f"{key.hexdigest()}.json"
            stored = json.loads(self.file.read_text(encoding="utf-8"))
            if stored.get("version") == self.VERSION and stored.get("wording") == _wording():
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
        data = json.dumps({"version": self.VERSION, "wording": _wording(), "files": files},
                          ensure_ascii=True).encode("ascii")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.file, lambda handle: handle.write(data), durable=False)  # leaves no temporary file on a full disk
        except (OSError, UserError) as exc:
            paths.cache_switched_off(self.file.parent, exc)  # it only costs time next scan, but say so once


def _check_all(candidates: list[_Candidate], cancel: CancelToken | None,
               ) -> Generator[Event, None, list[_Checked]]:
    memories = {folder: _ScanMemory(Path(folder)) for folder in {c.folder for c in candidates}}
    total = len(candidates)
    clock = EtaClock(total)
    results: list[_Checked] = []
    chunks = [candidates[i:i + _FILES_PER_TASK] for i in range(0, total, _FILES_PER_TASK)]
    yield Progress("scan", 0, total, None, translate("Checking {total} files").format(total=total))
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
                               translate("Checked {done} of {total} files").format(done=len(results), total=total))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    by_folder: dict[str, list[_Checked]] = defaultdict(list)
    for result in results:
        by_folder[result.candidate.folder].append(result)
    for folder, memory in memories.items():
        memory.remember(by_folder[folder])
    yield Progress("scan", total, total, 0.0, translate("Checked {total} files").format(total=total))
    return results


# ----------------------------------------------------------------------------------------------------------------
# Scanning


def _require_folder(path: Path) -> Path:
    if not path.exists():
        raise UserError(translate("The folder '{path}' does not exist. Choose an existing folder.").format(path=path))
    if not path.is_dir():
        raise UserError(translate("'{path}' is a file, not a folder. Choose the folder that holds the class "
                                  "folders.").format(path=path))
    return path


def _build_report(root: Path | None, checked: list[_Checked], class_names: list[str], predefined: bool,
                  problems: list[Problem]) -> ScanReport:
    good = [c for c in checked if c.problem is None]
    problems.extend(c.problem for c in checked if c.problem is not None)
    per_class = Counter(c.candidate.class_name for c in good)
    for name in class_names:
        if per_class[name] == 0:
            problems.append(Problem(name, "empty_class", translate(
                "The class folder '{name}' holds no usable pictures, so this class is left out. Put pictures in "
                "it, or remove the folder.").format(name=name)))
    names = sorted((n for n in class_names if per_class[n] > 0), key=natural_key)
    index = {n: i for i, n in enumerate(names)}
    samples = sorted(
        (Sample(c.candidate.path, index[c.candidate.class_name], c.candidate.split, c.digest or "") for c in good),
        key=lambda s: (s.label, SPLITS.index(s.split) if s.split else -1, str(s.path)),
    )
    dataset = Dataset(names, samples, root, predefined)
    problems.extend(_dataset_problems(dataset))
    if not names and not any(p.severity == "error" for p in problems):  # one error says why, not two
        problems.append(Problem(str(root or ""), "no_classes", _no_classes_message(class_names), "error"))
    return ScanReport(dataset, problems, files_checked=len(checked))


def _no_classes_message(class_names: list[str]) -> str:
    if class_names:
        return translate("None of the class folders holds a picture that can be opened. Put the pictures (JPEG, "
                         "PNG, BMP, GIF, TIFF or WebP) into the class folders, then scan again.")
    return translate("This folder has no class folders. Make one folder per class inside it (for example 'cats' "
                     "and 'dogs'), put the pictures of each class into its folder, then choose this folder again.")


def _let_go(*big_lists: list) -> None:
    """Empty the scan's working lists a slice at a time. Freed in one go when the step returns, 60,000 checked
    files are hundreds of thousands of objects deallocated without a break: the GIL is held for a tenth of a
    second or more, and the window, waiting for it, stalls."""
    for items in big_lists:
        while items:
            del items[-_FREE_STEP:]


def scan_folder(root: str | os.PathLike, cancel: CancelToken | None = None, follow_links: bool = False,
                ) -> Generator[Event, None, ScanReport]:
    """Find, check and hash every picture below root (see the module docs for layouts). Yields Phase/Progress.
    Links leading outside root are reported and not followed unless ``follow_links``."""
    started = time.perf_counter()
    root = _require_folder(Path(root).expanduser())
    yield Phase("scan", looking_in_text(root))
    problems: list[Problem] = []
    candidates, class_names, predefined = yield from find_pictures(root, problems, cancel, _Candidate,
                                                                   follow_links)
    checked = yield from _check_all(candidates, cancel)
    report = _build_report(root, checked, class_names, predefined, problems)
    _let_go(checked, candidates)
    report.seconds = time.perf_counter() - started
    return report


def scan_class_folder(folder: str | os.PathLike, label_name: str, cancel: CancelToken | None = None,
                      follow_links: bool = False) -> Generator[Event, None, ScanReport]:
    """All pictures at any depth below one folder, as a single class called label_name (combine with merge)."""
    started = time.perf_counter()
    folder = _require_folder(Path(folder).expanduser())
    label_name = checked_class_name(label_name)
    yield Phase("scan", looking_in_text(folder, label_name))
    problems: list[Problem] = []
    candidates = []
    for path in walk_files(folder, set(), problems, cancel, link_boundary(folder, follow_links)):
        candidates.append(_Candidate(path, label_name, None, str(folder)))
    checked = yield from _check_all(candidates, cancel)
    report = _build_report(folder, checked, [label_name], False, problems)
    _let_go(checked, candidates)
    report.seconds = time.perf_counter() - started
    return report


def scan(root: str | os.PathLike, cancel: CancelToken | None = None, follow_links: bool = False) -> ScanReport:
    """scan_folder without events."""
    return run_to_completion(scan_folder(root, cancel, follow_links))


