"""The model file's zip: ``model.json`` + ``tensors.safetensors``, written and read under the same rules.

Writing runs every check reading runs, on what is about to be written: the description is parsed back with the
reader's parser, the parts are checked against each other, and the sizes against the reader's caps
(model_check) before anything is written; the zip written is then opened with the reader's own limits before it
replaces anything. So a model that could not be opened again is never saved, and the file it would have
replaced stays as it was.
"""
from __future__ import annotations

import datetime as _dt
import json
import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Callable

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_safetensors_bytes, load_file as load_safetensors_file
from safetensors.torch import save_file as save_safetensors_file

from desktop_app import APP_NAME, __version__
from desktop_app.core.modelfile import model_check
from desktop_app.core.classifiers import registry
from desktop_app.core.errors import UserError
from desktop_app.core.data.regular_files import NotRegularFile
from desktop_app.core.modelfile.model_check import FORMAT_NAME, FORMAT_VERSION, JSON_MEMBER, TENSORS_MEMBER
from desktop_app.core.output.names import display_path
from desktop_app.core.output.safe_write import OutputPathError, atomic_write, scratch_file
from desktop_app.core.output.translation import translate
from desktop_app.core.output.wording import size_text

MODEL_FILE_SUFFIX = ".psmodel"


class ModelFileError(UserError):
    """A model file that cannot be read, with a message that says why in plain words."""


class ModelTooLargeError(UserError):
    """A model bigger than a model file may hold: it is not saved (it could not be opened again)."""


# -- writing ----------------------------------------------------------------------------------------------------

def checked_description(meta: dict, tensors: dict[str, torch.Tensor],
                        also: Callable[[dict], object] | None = None) -> bytes:
    """model.json's bytes, once the description read back as the reader reads it (parser, format, parts
    against the tensors, then ``also``: the model file's own reading of it) is whole and both parts fit the
    reader's caps. Raises UserError (plain words) otherwise; nothing has been written."""
    payload = json.dumps(meta, separators=(",", ":"), allow_nan=False).encode("utf-8")
    try:
        described = model_check.parse_description(payload)
        check_format(described, translate("The trained model"))
        model_check.check_model_parts(described, tensors)
    except model_check.PartError as exc:
        raise UserError(translate("The trained model is not usable ({reason}); it was not saved. This happens when "
                                  "training diverges: train again with a smaller learning rate.").format(
            reason=exc)) from exc
    if also is not None:
        try:
            also(described)
        except (KeyError, TypeError, ValueError) as exc:
            raise UserError(translate("The model was not saved: it would not read back ({reason}).").format(
                reason=exc)) from exc
    # the tensors' bytes without safetensors' small header: the exact size is checked once it is written
    _check_sizes(len(payload), sum(t.numel() * t.element_size() for t in tensors.values()), described)
    return payload


def _check_sizes(description_bytes: int, tensor_bytes: int, meta: dict) -> None:
    try:
        model_check.check_member_sizes({JSON_MEMBER: description_bytes, TENSORS_MEMBER: tensor_bytes})
    except model_check.MemberTooLarge as exc:
        raise ModelTooLargeError(_too_large_message(exc, meta["classifier"]["type"])) from exc


def _too_large_message(exc: model_check.MemberTooLarge, kind: str) -> str:
    spec = registry.get(kind)
    # a classifier that keeps every training picture (kNN) grows with them: the others do not
    others = " or ".join(other.name for other in registry.specs() if not other.keeps_training_paths)
    title = translate(spec.title)
    if exc.member == JSON_MEMBER:
        what = translate("its description (class names, test results, names of training pictures)")
        change = translate("Train with fewer classes or fewer pictures, or with another classifier ({classifier} "
                           "lists every training picture)").format(classifier=title) if spec.keeps_training_paths \
            else translate("Train with fewer classes or fewer pictures")
    elif spec.keeps_training_paths:
        what = translate("its numbers ({classifier} keeps the features of every training picture)").format(
            classifier=title)
        change = translate("Train with fewer pictures, a smaller image size, or another classifier ({others})").format(
            others=others)
    else:
        what = translate("its weights (one per feature and class)")
        change = translate("Train with fewer classes, a smaller image size, or pretrained features")
    return translate("The model was not saved: {what} would take {size}, more than the {limit} a model file may "
                     "hold, so it could not be opened again. {change}. Nothing was changed.").format(
        what=what, size=size_text(exc.size), limit=size_text(exc.limit), change=change)


def write_archive(path: Path, payload: bytes, meta: dict, tensors: dict[str, torch.Tensor]) -> Path:
    """Write the zip atomically at ``path`` (already checked by check_model_output) from a checked description
    (``payload``, of ``meta``).

    The tensors go through a scratch file and into the zip a mebibyte at a time: safetensors' save() to bytes,
    and deflating 256 MB in one call, each held the GIL for most of a second (the window froze); save_file,
    zlib and file writes release it. The scratch file lies next to the target (a hidden name, always removed),
    so a small temporary folder cannot lose a model the target's disk has room for."""
    with scratch_file(path, suffix=".tensors.tmp") as tensors_file:
        try:
            save_safetensors_file(tensors, str(tensors_file))
        except (OSError, SafetensorError) as exc:  # a full disk, a file-size limit
            raise OutputPathError(translate("Cannot write {file}: its temporary copy could not be written ({error}). "
                                            "Nothing was changed.").format(file=display_path(path), error=exc)) from exc
        tensor_bytes = tensors_file.stat().st_size
        _check_sizes(len(payload), tensor_bytes, meta)
        big = tensor_bytes > zipfile.ZIP64_LIMIT // 2

        # The tensors are stored, not deflated: deflating ran at 25-34 MB/s here (13 s of a core for a 256 MB
        # kNN model, competing with the window for the CPU) to save 10-35 % of the size.
        tensors_entry = zipfile.ZipInfo(TENSORS_MEMBER, date_time=_dt.datetime.now().timetuple()[:6])
        tensors_entry.compress_type = zipfile.ZIP_STORED

        def write(handle) -> None:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
                archive.writestr(JSON_MEMBER, payload)
                with open(tensors_file, "rb") as source, \
                        archive.open(tensors_entry, "w", force_zip64=big) as member:
                    shutil.copyfileobj(source, member, 1 << 20)

        return atomic_write(path, write, check=lambda written: _check_written(written, payload, meta))


def _check_written(written: Path, payload: bytes, meta: dict) -> None:
    """The zip as the reader opens it: within its limits (file size, parts, declared sizes), and the
    description read back as written. The tensors' bytes are the scratch file's, checked above."""
    try:
        with model_check.open_archive(written) as (archive, infos):
            if model_check.read_member(archive, infos[JSON_MEMBER]) != payload:
                raise model_check.PartError(translate("its description reads back differently"))
    except model_check.MemberTooLarge as exc:
        raise ModelTooLargeError(_too_large_message(exc, meta["classifier"]["type"])) from exc
    except (model_check.PartError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise UserError(translate("The model was not saved: the file written would not open again ({reason}). "
                                  "Nothing was changed.").format(reason=exc)) from exc


# -- reading ----------------------------------------------------------------------------------------------------

def damaged(name: str, reason: str) -> ModelFileError:
    return ModelFileError(translate("{name} is damaged or incomplete ({reason}). It may have been cut short or "
                                    "edited: use an intact copy, or train and save the model again.").format(
        name=name, reason=reason))


def read_archive(path: Path) -> tuple[dict, dict[str, torch.Tensor]]:
    """(description, tensors) of a model file of this format, not yet checked against each other; anything
    else raises ModelFileError (plain words). Only regular files are opened, sizes are capped before inflating.

    The tensors are inflated into a scratch file a mebibyte at a time and mapped from there: joining 256 MB of
    bytes and safetensors' load() from bytes each held the GIL for most of a second. On a full disk the model
    is still opened, in memory (the window may pause, but the model opens)."""
    try:
        scratch_folder = tempfile.TemporaryDirectory(prefix="model-load-")
    except OSError:  # no usable temporary folder at all
        return _read_archive(path, None)
    try:
        with scratch_folder as scratch:
            return _read_archive(path, Path(scratch) / TENSORS_MEMBER)
    except _ScratchUnwritable:
        return _read_archive(path, None)


class _ScratchUnwritable(Exception):
    """The scratch copy of the tensors could not be written (full disk, file-size limit)."""


class _ScratchWriter:
    def __init__(self, handle) -> None:
        self.handle = handle

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        try:
            while view:  # unbuffered: a write may be short, and the rest fails with the real reason
                view = view[self.handle.write(view):]
        except OSError as exc:
            raise _ScratchUnwritable() from exc
        return len(data)


def _read_tensors(tensors_file: Path | None, tensors_bytes: bytes) -> dict[str, torch.Tensor]:
    if tensors_file is None:
        return load_safetensors_bytes(tensors_bytes)
    mapped = load_safetensors_file(str(tensors_file))
    try:  # copies of their own (torch releases the GIL), so the scratch file can go
        return {name: tensor.clone() for name, tensor in mapped.items()}
    finally:
        del mapped


def _read_members(path: Path, tensors_file: Path | None) -> tuple[bytes, bytes]:
    name = display_path(path.name)
    try:
        if tensors_file is None:
            return model_check.read_members(path)
        try:
            tensors_out = open(tensors_file, "wb", buffering=0)
        except OSError as exc:
            raise _ScratchUnwritable() from exc
        with tensors_out:
            return model_check.read_members(path, tensors_into=_ScratchWriter(tensors_out))
    except FileNotFoundError as exc:
        raise ModelFileError(translate("The model file {file} does not exist.").format(
            file=display_path(path))) from exc
    except NotRegularFile as exc:
        raise ModelFileError(translate("{name} is not a model file: it is {what}. Choose a {suffix} file.").format(
            name=name, what=translate(exc.description), suffix=MODEL_FILE_SUFFIX)) from exc
    except IsADirectoryError as exc:
        raise ModelFileError(translate("{name} is a folder, not a model file.").format(name=name)) from exc
    except model_check.PartError as exc:
        raise ModelFileError(translate("{name} is not a model file of {app}: {reason}.").format(
            name=name, app=APP_NAME, reason=exc)) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OverflowError) as exc:
        raise ModelFileError(translate("{name} is damaged or is not a model file of {app} (it may have been cut "
                                       "short while copying). Train and save the model again.").format(
            name=name, app=APP_NAME)) from exc
    except MemoryError as exc:
        raise ModelFileError(translate("{name} is too large to open with the memory available.").format(
            name=name)) from exc
    except OSError as exc:
        raise ModelFileError(translate("Cannot read {name}: {error}.").format(name=name, error=exc.strerror or exc)) \
            from exc


def check_format(meta: dict, name: str) -> None:
    """A description of this app's format, of a version this copy reads (ModelFileError otherwise)."""
    if meta.get("format") != FORMAT_NAME:
        raise ModelFileError(translate("{name} is not a model file of {app}.").format(name=name, app=APP_NAME))
    version = meta.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise damaged(name, translate("its format version is missing"))
    if version > FORMAT_VERSION:
        versions = meta.get("versions")
        made_by = versions.get("app") if isinstance(versions, dict) else None
        raise ModelFileError(translate("{name} was made by {app} {version}, which is newer than this copy "
                                       "({own}). Update the app to open it.").format(
            name=name, app=APP_NAME, version=made_by or translate("a newer version"), own=__version__))


def _read_archive(path: Path, tensors_file: Path | None) -> tuple[dict, dict[str, torch.Tensor]]:
    name = display_path(path.name)
    meta_bytes, tensors_bytes = _read_members(path, tensors_file)
    try:
        meta = model_check.parse_description(meta_bytes)
    except model_check.PartError as exc:
        raise damaged(name, str(exc)) from exc
    check_format(meta, name)
    try:
        return meta, _read_tensors(tensors_file, tensors_bytes)
    except Exception as exc:  # safetensors raises its own error types for any damage
        raise ModelFileError(translate("{name} is damaged: its numbers cannot be read. Train and save the model "
                                       "again.").format(name=name)) from exc
