"""Fix and retrain: a picture whose answer the user confirmed or corrected is COPIED into the dataset's class
folder (the training split's when the dataset has split folders), under a name no other file has, in one step.
Undo removes only those copies, and only while they still hold the bytes copied (checked by content digest).

Nothing here moves, replaces or deletes a picture the user had: the source is only read; a copy's name is
taken with a hard link that fails when the name exists (never a replace); Undo deletes a file only when its
digest is the one recorded when this module wrote it.
"""
from __future__ import annotations

import errno
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from desktop_app.core.data import sample_data
from desktop_app.core.data.dataset import Dataset, Sample
from desktop_app.core.data.digests import digest_of_bytes, digest_of_file
from desktop_app.core.data.regular_files import NotRegularFile, open_regular_file
from desktop_app.core.data.splitting import split_for_training
from desktop_app.core.errors import UserError
from desktop_app.core.output.names import display_path, display_text
from desktop_app.core.output.translation import translate

NONE_OF_THESE = "none of these"  # the class for pictures of none of the classes
BEFORE_RETRAINING = "before_retraining"  # a retrained model's metrics: the model before, on the same test pictures
MAX_NAME_TRIES = 1000


class CorrectionError(UserError):
    """A picture could not be added (or its copy removed): one plain line; nothing was changed."""


@dataclass(frozen=True)
class AddedPicture:
    """A copy this app made: ``source`` copied to ``copy`` (bytes with ``digest``) for class ``class_name``;
    ``new_folder`` when the class folder itself was made for it."""

    source: Path
    copy: Path
    class_name: str
    digest: str
    new_folder: bool = False


def _relative_parts(path: Path, root: Path) -> tuple[str, ...] | None:
    for candidate, base in ((path, root), (Path(os.path.abspath(path)), Path(os.path.abspath(root)))):
        try:
            return candidate.relative_to(base).parts
        except ValueError:
            continue
    return None


def _train_folder_name(dataset: Dataset) -> str:
    """The name of the dataset's training split folder (train, training, ...), "train" when none is seen."""
    for sample in dataset.samples:
        if sample.split == "train":
            parts = _relative_parts(Path(sample.path), Path(dataset.root))
            if parts and len(parts) >= 3:
                return parts[0]
    return "train"


def class_folder(dataset: Dataset, class_name: str) -> Path:
    """Where a picture of ``class_name`` goes: the folder its pictures come from (the training split's folder
    when the dataset has split folders), or a new folder named after the class in the dataset folder."""
    if dataset.root is None:
        raise CorrectionError(translate("These pictures come from several folders: open one dataset folder on "
                                        "the Dataset tab to add pictures to it."))
    root = Path(dataset.root)
    _refuse_sample(root)
    if class_name in dataset.class_names:
        label = dataset.class_names.index(class_name)
        members = sorted((s for s in dataset.samples if s.label == label), key=lambda s: s.split != "train")
        for sample in members:
            parts = _relative_parts(Path(sample.path), root)
            if dataset.has_predefined_splits and parts and len(parts) >= 3:
                return root / _train_folder_name(dataset) / parts[1]
            if not dataset.has_predefined_splits and parts and len(parts) >= 2:
                return root / parts[0]
        if members:  # a class added from a folder elsewhere: its pictures' own folder
            return Path(members[0].path).parent
    if dataset.has_predefined_splits:
        return root / _train_folder_name(dataset) / class_name
    return root / class_name


def _refuse_sample(root: Path) -> None:
    """The sample dataset comes with the app (or is the app's copy in the cache): it stays as shipped."""
    if sample_data.is_sample_folder(root):
        raise CorrectionError(translate("The sample dataset comes with the app and stays as it is: copy its "
                                        "folder ({folder}) somewhere, open the copy on the Dataset tab, then add "
                                        "the pictures.").format(folder=display_path(root)))


def _read_source(source: Path) -> bytes:
    try:
        with open_regular_file(source) as handle:
            return handle.read()
    except NotRegularFile as exc:
        raise CorrectionError(translate("{file} is not a picture file: it is {what}.").format(
            file=display_path(source), what=translate(exc.description))) from exc
    except FileNotFoundError as exc:
        raise CorrectionError(translate("{file} is not on the disk (a pasted picture, or moved or deleted since): "
                                        "save it as a file to add it. Nothing was added.").format(
            file=display_path(source))) from exc
    except OSError as exc:
        raise CorrectionError(translate("Cannot read {file}: {error}. Nothing was added.").format(
            file=display_path(source), error=exc.strerror or exc)) from exc


def _why(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return translate("there is no permission to write there")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return translate("the disk is full")
    return str(exc.strerror or exc)


def _free_names(folder: Path, name: str):
    stem, suffix = os.path.splitext(name)
    yield folder / name
    for number in range(2, MAX_NAME_TRIES + 1):
        yield folder / f"{stem} ({number}){suffix}"


def _place(data: bytes, folder: Path, name: str) -> Path:
    """Write ``data`` beside, then give it the first free name in one step (a hard link fails when the name is
    taken; where links are not supported the name is checked just before the rename)."""
    fd, scratch = tempfile.mkstemp(prefix=".ps-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        for target in _free_names(folder, name):
            try:
                os.link(scratch, target)
                return target
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise
                if target.exists():
                    continue
                os.replace(scratch, target)
                return target
        raise CorrectionError(translate("{folder} already holds {n} files named like {name}.").format(
            folder=display_path(folder), n=MAX_NAME_TRIES, name=name))
    finally:
        try:
            os.unlink(scratch)
        except OSError:
            pass


def add_picture(dataset: Dataset, source: str | os.PathLike, class_name: str) -> AddedPicture:
    """Copy ``source`` into the folder of ``class_name`` (made when the class is new). CorrectionError, with
    nothing changed, when the dataset folder or the class folder is gone, cannot be written, or the picture is
    already one of the class's pictures."""
    source = Path(source)
    if not class_name.strip():
        raise CorrectionError(translate("Choose a class for the picture."))
    folder = class_folder(dataset, class_name)
    root = Path(dataset.root)
    shown_class = display_text(class_name)
    if not root.is_dir():
        raise CorrectionError(translate("The dataset folder {folder} is gone: it was moved or deleted. Open it "
                                        "again on the Dataset tab.").format(folder=display_path(root)))
    label = dataset.class_names.index(class_name) if class_name in dataset.class_names else -1
    lived_there = any(s.label == label and _relative_parts(Path(s.path), folder) is not None
                      for s in dataset.samples)
    if lived_there and not folder.is_dir():
        raise CorrectionError(translate("The folder of the class '{name}' ({folder}) is gone: it was moved or "
                                        "deleted. Open the dataset folder again on the Dataset tab.").format(
            name=shown_class, folder=display_path(folder)))
    data = _read_source(source)
    digest = digest_of_bytes(data)
    if class_name in dataset.class_names:
        label = dataset.class_names.index(class_name)
        if any(s.label == label and s.digest == digest for s in dataset.samples):
            raise CorrectionError(translate("{file} is already one of the pictures of '{name}'.").format(
                file=display_text(source.name), name=shown_class))
    new_folder = not folder.is_dir()
    try:
        if new_folder:
            folder.mkdir(parents=False)
        copy = _place(data, folder, source.name)
    except OSError as exc:
        if new_folder:
            _remove_empty_folder(folder)
        raise CorrectionError(translate("Cannot add {file} to '{name}': {why} ({folder}). Nothing was "
                                        "changed.").format(file=display_text(source.name), name=shown_class,
                                                           why=_why(exc), folder=display_path(folder))) from exc
    except UserError:
        if new_folder:
            _remove_empty_folder(folder)
        raise
    return AddedPicture(source, copy, class_name, digest, new_folder)


def _remove_empty_folder(folder: Path) -> None:
    try:
        folder.rmdir()  # only when empty
    except OSError:
        pass


def remove_copy(added: AddedPicture) -> None:
    """Delete a copy this app made, only while it still holds the bytes copied. Gone already: nothing to do.
    CorrectionError (and the file kept) when it was changed since or cannot be deleted."""
    try:
        digest = digest_of_file(added.copy)
    except FileNotFoundError:
        digest = None
    except OSError as exc:
        raise CorrectionError(translate("Cannot read {file}: {error}. It was left in place.").format(
            file=display_path(added.copy), error=exc.strerror or exc)) from exc
    if digest is not None and digest != added.digest:
        raise CorrectionError(translate("{file} was changed since it was added, so it was left in place.").format(
            file=display_path(added.copy)))
    if digest is not None:
        try:
            os.unlink(added.copy)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise CorrectionError(translate("Cannot delete {file}: {why}. It was left in place.").format(
                file=display_path(added.copy), why=_why(exc))) from exc
    if added.new_folder:
        _remove_empty_folder(added.copy.parent)


# -- the session's dataset, with the copies in or out -------------------------------------------------------------

def with_added(dataset: Dataset, added: list[AddedPicture]) -> Dataset:
    """A new Dataset: ``dataset`` and the copies (classes made where new); a copy is a training picture."""
    split = "train" if dataset.has_predefined_splits else None
    names = [a.class_name for a in added]
    extra = Dataset(sorted(set(names)), [], dataset.root, dataset.has_predefined_splits)
    extra.samples = [Sample(a.copy, extra.class_names.index(a.class_name), split, a.digest) for a in added]
    return dataset.merge(extra)


def without_added(dataset: Dataset, removed: list[AddedPicture]) -> Dataset:
    """A new Dataset without the removed copies; a class made for them goes when none of its pictures is left."""
    gone = {os.path.abspath(a.copy) for a in removed}
    samples = [s for s in dataset.samples if os.path.abspath(s.path) not in gone]
    result = Dataset(list(dataset.class_names), samples, dataset.root, dataset.has_predefined_splits)
    made = {a.class_name for a in removed if a.new_folder}
    used = {result.class_names[s.label] for s in samples}
    for name in sorted(made - used):
        if name in result.class_names:
            result.remove_class(name)
    return result


def split_keeping_test(dataset: Dataset, added: list[AddedPicture], val_fraction: float, test_fraction: float,
                       seed: int) -> Dataset:
    """The dataset shared out as it was before the copies came (so the test pictures stay the same ones), with
    every copy a training picture. Marked as split by folder, so training keeps this share-out."""
    copies = {os.path.abspath(a.copy) for a in added}
    base = Dataset(list(dataset.class_names), [s for s in dataset.samples if os.path.abspath(s.path) not in copies],
                   dataset.root, dataset.has_predefined_splits)
    shared = split_for_training(base, val_fraction, test_fraction, seed)
    new = [replace(s, split="train") for s in dataset.samples if os.path.abspath(s.path) in copies]
    return Dataset(list(dataset.class_names), shared.samples + new, dataset.root, True)
