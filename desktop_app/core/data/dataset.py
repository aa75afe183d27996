"""Pictures with their classes: Sample, Problem, Dataset, ScanReport, and the class-level checks.

Class order: ``class_names`` are always kept sorted (natural order, case-insensitive: "2" before "10"), by
scanning, ``merge``, ``rename_class`` and ``remove_class`` alike; labels are re-indexed to match.

Finding pictures in folders is ``folder_walk`` (``walk_files``...) and ``folder_scan`` (``scan_folder``,
``scan``...), sharing them out for training is ``splitting``; their public names are importable from here too.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import numpy as np

from desktop_app.core.errors import UserError
from desktop_app.core.output.names import class_name_problem, display_text
from desktop_app.core.output.translation import translate

SPLITS = ("train", "val", "test")
# Below this many pictures a class cannot give pictures to training, validation and test alike.
MIN_IMAGES_PER_CLASS = 5
# Largest class / smallest class above this is reported as imbalance.
IMBALANCE_RATIO = 10.0
_SPLIT_CODES = {None: 0, "train": 1, "val": 2, "test": 3}

PROBLEM_KINDS = (
    "not_image", "corrupt", "truncated", "too_large", "unreadable", "empty_class", "small_class",
    "imbalance", "duplicate_across_classes", "duplicate_across_splits", "no_classes", "outside_class",
    "link_outside", "split_folders", "hidden_folder", "blank_class_name", "look_alike_classes", "clutter_class",
)
# The kinds ``check_dataset`` reports (with the "error" empty_class): about the classes as a whole, so worked out
# again after every edit of the classes rather than kept from the scan.
CLASS_LEVEL_KINDS = frozenset({"small_class", "imbalance", "look_alike_classes", "clutter_class",
                               "duplicate_across_classes", "duplicate_across_splits"})
# Folders that well-known datasets use for "none of the classes" (Caltech-101's BACKGROUND_Google, Speech
# Commands' _background_noise_): worth a word, because they silently become a class.
_CLUTTER_NAME = re.compile(r"background|clutter|_noise_|^_+(unknown|other|misc)", re.IGNORECASE)


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
    # "warning": handled (e.g. the file is skipped); "error": training cannot go on; "info": worth a word only
    severity: str = "warning"
    related: tuple[str, ...] = ()  # the other files it is about (the copies of a duplicate), for the window

    def to_dict(self) -> dict:
        return {"path": self.path, "kind": self.kind, "message": self.message, "severity": self.severity}


def natural_key(name: str) -> tuple:
    """Sort key: case-insensitive, numbers by value ("img2" before "img10")."""
    parts = re.split(r"(\d+)", name.casefold())
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part) + (name,)


def checked_class_name(name: str) -> str:
    """A typed class name, trimmed, or UserError saying why it cannot be one (the rule model files are read by,
    so that a model trained on it can always be opened again)."""
    name = name.strip() if isinstance(name, str) else name
    problem = class_name_problem(name)
    if problem == "it is blank":
        raise UserError(translate("A class name cannot be empty. Type a name for the class."))
    if problem:
        raise UserError(translate("'{name}' cannot be a class name: {problem}. Type another name.").format(
            name=display_text(str(name)), problem=translate(problem)))
    return name


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
        n_classes = len(self.class_names)
        codes = len(_SPLIT_CODES)
        # one pass in C over label * 4 + split: a Counter of tuples took a tenth of a second at 60,000 pictures
        cells = np.fromiter((s.label * codes + _SPLIT_CODES[s.split] for s in self.samples), dtype=np.int64,
                            count=len(self.samples))
        table = np.bincount(cells, minlength=n_classes * codes)[:n_classes * codes].reshape(n_classes, codes)
        present = [(split, _SPLIT_CODES[split]) for split in SPLITS if table[:, _SPLIT_CODES[split]].any()]
        result: dict[str, dict[str, int]] = {}
        for label, name in enumerate(self.class_names):
            row = table[label]
            per_class = {"all": int(row.sum())}
            per_class.update({split: int(row[code]) for split, code in present if row[code]})
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
            raise UserError(translate("There is no class called '{name}'.").format(name=name))

    def rename_class(self, old: str, new: str) -> "Dataset":
        """Rename a class; renaming onto an existing class joins the two into one."""
        self._require_class(old)
        new = checked_class_name(new)
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
        messages = [p.message for p in self.errors] or [translate("No pictures were found in this folder.")]
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
            "problems": [p.to_dict() for p in problems_to_show(self.problems, self.dataset.class_names)],
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
# Class-level checks


def _dataset_problems(dataset: Dataset) -> list[Problem]:
    """Class-level problems: too few pictures, imbalance, the same picture in two classes or splits."""
    problems: list[Problem] = []
    counts = dataset.counts()
    for name, c in counts.items():
        if c["all"] < MIN_IMAGES_PER_CLASS:
            template = translate(
                "The class '{name}' has only 1 picture. Add at least {more} more ({least} or more in total; 20 or "
                "more works much better) so that some can be set aside to test the model. Until then, all of its "
                "pictures are used for training and this class is not tested.") if c["all"] == 1 else translate(
                "The class '{name}' has only {n} pictures. Add at least {more} more ({least} or more in total; 20 "
                "or more works much better) so that some can be set aside to test the model. Until then, all of "
                "its pictures are used for training and this class is not tested.")
            problems.append(Problem(name, "small_class", template.format(
                name=name, n=c["all"], more=MIN_IMAGES_PER_CLASS - c["all"], least=MIN_IMAGES_PER_CLASS)))
        held_out = c.get("val", 0) + c.get("test", 0)
        if c["all"] > 0 and held_out == c["all"]:
            problems.append(Problem(name, "empty_class", translate(
                "The class '{name}' has no pictures in the training folder, so the model cannot learn it. "
                "Put pictures of '{name}' into the train folder, or remove this class.").format(name=name), "error"))
    totals = {name: c["all"] for name, c in counts.items() if c["all"] > 0}
    if len(totals) >= 2:
        largest = max(totals, key=totals.get)
        smallest = min(totals, key=totals.get)
        if totals[largest] > IMBALANCE_RATIO * totals[smallest]:
            problems.append(Problem("", "imbalance", translate(
                "The classes are very uneven: '{largest}' has {many} pictures but '{smallest}' only {few}. The model "
                "may then favour '{largest}'. Add pictures of '{smallest}' (and other small classes), or use fewer "
                "of '{largest}'.").format(largest=largest, many=totals[largest], smallest=smallest,
                                          few=totals[smallest])))
    problems.extend(_look_alike_problems(dataset.class_names))
    problems.extend(_clutter_problems(dataset.class_names))
    problems.extend(_duplicate_problems(dataset))
    return problems


def _clutter_problems(class_names: list[str]) -> list[Problem]:
    # the message leaves out the name: a problem is shown as "<name>: <message>"
    return [Problem(name, "clutter_class", translate(
        "This looks like a folder of leftovers (background, noise or clutter), not a real class. The model will "
        "learn it as a class like any other and give it as an answer; remove it if you do not want that."), "info")
        for name in class_names if _CLUTTER_NAME.search(name)]


def _look_alike_key(name: str) -> str:
    """Names a person reads as the same: Unicode forms (NFC "café" and NFD "café"), case and spaces."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _look_alike_problems(class_names: list[str]) -> list[Problem]:
    groups: dict[str, list[str]] = defaultdict(list)
    for name in class_names:
        groups[_look_alike_key(name)].append(name)
    problems = []
    for names in groups.values():
        if len(names) < 2:
            continue
        shown = translate(" and ").join(f"'{name}'" for name in names)
        same_letters = len({unicodedata.normalize("NFC", name) for name in names}) == 1
        how = (translate("the same letters stored in two ways ({codes}), as different computers or programs may "
                         "write them").format(codes=", ".join(ascii(name) for name in names)) if same_letters
               else translate("they differ only in capital letters, spaces or how their letters are encoded"))
        problems.append(Problem(names[0], "look_alike_classes", translate(
            "The classes {names} look alike but are separate classes: {how}. Rename the folders so that "
            "each class has one name, or put their pictures into one folder.").format(names=shown, how=how)))
    return problems


def copies_between(training: Dataset, test: Dataset) -> list[Problem]:
    """The pictures of a separate test folder that are also training pictures (the same content), as
    ``duplicate_across_splits`` problems worded like those of a single folder's train/ and test/."""
    training_digests = {s.digest for s in training.samples if s.digest}
    shared = {s.digest for s in test.samples if s.digest in training_digests}
    if not shared:
        return []
    both = Dataset(list(training.class_names) + [n for n in test.class_names if n not in training.class_names], [])
    index = {name: i for i, name in enumerate(both.class_names)}
    both.samples = (
        [Sample(s.path, index[training.class_names[s.label]], "train", s.digest)
         for s in training.samples if s.digest in shared]
        + [Sample(s.path, index[test.class_names[s.label]], "test", s.digest)
           for s in test.samples if s.digest in shared])
    return [p for p in _duplicate_problems(both) if p.kind == "duplicate_across_splits"]


def _duplicate_problems(dataset: Dataset) -> list[Problem]:
    # counted in C first: at 60,000 pictures almost none repeat, and grouping them all took a tenth of a second
    tally = Counter(sample.digest for sample in dataset.samples)
    repeated = {digest for digest, n in tally.items() if n > 1 and digest}
    by_digest: dict[str, list[Sample]] = defaultdict(list)
    if repeated:
        for sample in dataset.samples:
            if sample.digest in repeated:
                by_digest[sample.digest].append(sample)
    problems = []
    for group in by_digest.values():
        if len(group) < 2:
            continue
        labels = sorted({s.label for s in group})
        if len(labels) > 1:
            first_per_class = {s.label: s for s in reversed(group)}  # one example file per class
            where = "; ".join(f"'{dataset.class_names[label]}': {first_per_class[label].path}" for label in labels[:4])
            problems.append(Problem(str(group[0].path), "duplicate_across_classes", translate(
                "The same picture is in more than one class ({where}). A picture can only belong to one "
                "class: keep it in the right class folder and delete the other copies.").format(where=where),
                related=tuple(str(first_per_class[label].path) for label in labels[:4])))
        split_set = {s.split for s in group}
        if "train" in split_set and ("test" in split_set or "val" in split_set):
            where = "; ".join(f"{s.split}: {s.path}" for s in group[:4])
            template = translate(
                "The same picture is in both the training and the test pictures ({where}). That makes the test "
                "result look better than it really is. Delete the copy from one of the folders.") \
                if "test" in split_set else translate(
                "The same picture is in both the training and the validation pictures ({where}). That makes the "
                "validation result look better than it really is. Delete the copy from one of the folders.")
            problems.append(Problem(str(group[0].path), "duplicate_across_splits", template.format(where=where),
                related=tuple(str(s.path) for s in group[:4])))
    return problems


def check_dataset(dataset: Dataset) -> list[Problem]:
    """Class-level problems of a dataset built by hand or by merging (small classes, imbalance, duplicates)."""
    return _dataset_problems(dataset)


def is_class_level(problem: Problem) -> bool:
    """True for a problem ``check_dataset`` reports (a scan's are kept only until the classes are edited)."""
    return problem.kind in CLASS_LEVEL_KINDS or (problem.kind == "empty_class" and problem.severity == "error")


def problems_to_show(problems: Iterable[Problem], class_names: Iterable[str] = ()) -> list[Problem]:
    """What the Dataset tab and ``scan`` show: each problem once (word for word), and no "this class folder holds
    no usable pictures" warning for a class in ``class_names`` (its pictures came from another folder)."""
    names = set(class_names)
    seen, shown = set(), []
    for problem in problems:
        key = (problem.kind, problem.path, problem.message)
        stale = problem.kind == "empty_class" and problem.severity != "error" and problem.path in names
        if key not in seen and not stale:
            seen.add(key)
            shown.append(problem)
    return shown
