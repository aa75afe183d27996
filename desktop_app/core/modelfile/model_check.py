"""Reading a model file within limits, and checking every part of a model against the others.

A model file comes from anywhere (e-mail, a USB stick, an edit by hand), so nothing in it is trusted: only
regular files are opened, sizes are capped from the zip directory before anything is inflated, and the
description (model.json) and the numbers (safetensors) must agree on classes, shapes, feature kind and
size, and hold only finite numbers. The same checks run before saving, so a broken model is never written.

To add a field to the format: write one ``_check_...(meta, tensors)`` function that raises ``PartError``
and add it to ``PART_CHECKS``. A classifier's own parts (its tensors, settings and their shapes) are checked as
its ``registry.ClassifierSpec`` says (``state_tensors``, ``hyperparameter_rules``, ``check_state``).
"""
from __future__ import annotations

import json
import os
import zipfile
from contextlib import contextmanager
from typing import Any, BinaryIO, Callable, Iterator

import torch

from desktop_app.core.modelfile import record
from desktop_app.core.classifiers import novelty, registry
from desktop_app.core.extraction import features
from desktop_app.core.classifiers.classifier_base import check_rules, is_int as _is_int, is_number as _is_number
from desktop_app.core.output.names import class_name_problem, display_text
from desktop_app.core.output.translation import translatable, translate
from desktop_app.core.data.regular_files import open_regular_file

FORMAT_NAME = "picture-sorter-model"
FORMAT_VERSION = 1
JSON_MEMBER = "model.json"
TENSORS_MEMBER = "tensors.safetensors"

# The largest legitimate model: kNN on 50,000 pictures of 3,072 pixel features (614 MB of float32) or
# of 1,280 pretrained features (256 MB), plus labels. The description holds up to 50,000 paths and metrics.
MAX_TENSORS_BYTES = 1 << 30
MAX_JSON_BYTES = 64 << 20
MAX_FILE_BYTES = MAX_TENSORS_BYTES + MAX_JSON_BYTES + (1 << 20)
MAX_ZIP_ENTRIES = 16
MAX_CLASSES = 100_000


class PartError(ValueError):
    """One part of a model disagrees with another; the message names what, in a few words."""


# -- reading within limits ------------------------------------------------------------------------------------

def _zip_entry_count(handle) -> int:
    """Entries declared by the end-of-central-directory record, read before zipfile parses the directory."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    tail_size = min(size, 22 + 0xFFFF)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    position = tail.rfind(b"PK\x05\x06")
    if position < 0 or position + 22 > len(tail):
        raise zipfile.BadZipFile("no end of central directory")
    entries = int.from_bytes(tail[position + 10:position + 12], "little")
    handle.seek(0)
    return entries


class MemberTooLarge(PartError):
    """A part of a model file bigger than the reader accepts (the writer refuses to write such a file)."""

    def __init__(self, member: str, size: int, limit: int) -> None:
        super().__init__(translate("{member} would unpack to {size:,} bytes, more than any model holds").format(
            member=member, size=size))
        self.member, self.size, self.limit = member, size, limit


def check_member_sizes(sizes: dict[str, int]) -> None:
    """The one size rule for the two parts, applied to a zip's declared sizes when reading and to the bytes
    about to be written when saving (read at call time, so both always use the same caps)."""
    for name, limit in ((JSON_MEMBER, MAX_JSON_BYTES), (TENSORS_MEMBER, MAX_TENSORS_BYTES)):
        if sizes[name] > limit:
            raise MemberTooLarge(name, sizes[name], limit)


@contextmanager
def open_archive(path: str | os.PathLike) -> Iterator[tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]]:
    """The model zip, its members by name, opened only once the file size, the entry count, the member names
    and their declared sizes are within limits (nothing is inflated yet). Saving checks what it wrote with this.

    Raises NotRegularFile, PartError (sizes, members), zipfile.BadZipFile / OSError (damage)."""
    with open_regular_file(path) as handle:
        if os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES:
            raise PartError(translate("the file is larger than any model this app makes"))
        entries = _zip_entry_count(handle)
        if entries == 0xFFFF or entries > MAX_ZIP_ENTRIES:
            raise PartError(translate("it holds too many parts"))
        with zipfile.ZipFile(handle) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            if len(infos) != len(archive.infolist()) or set(infos) != {JSON_MEMBER, TENSORS_MEMBER}:
                raise PartError(translate("its parts are not model.json and tensors.safetensors"))
            check_member_sizes({name: info.file_size for name, info in infos.items()})
            yield archive, infos


def read_members(path: str | os.PathLike, tensors_into: BinaryIO | None = None) -> tuple[bytes, bytes]:
    """(model.json bytes, safetensors bytes), refusing anything too big before inflating it (open_archive).
    With ``tensors_into`` (a file open for writing) the safetensors part is written there instead, a mebibyte
    at a time (a 256 MB join held the GIL), and b"" is returned for it."""
    with open_archive(path) as (archive, infos):
        description = read_member(archive, infos[JSON_MEMBER])
        if tensors_into is None:
            return description, read_member(archive, infos[TENSORS_MEMBER])
        with archive.open(infos[TENSORS_MEMBER]) as member:
            while chunk := member.read(1 << 20):
                tensors_into.write(chunk)
        return description, b""


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member in small steps: ``archive.read`` would let a member that lies about its size inflate up to
    2 GB in one go before cutting it to the declared size. The CRC is checked at the end by zipfile."""
    parts = []
    with archive.open(info) as member:
        while chunk := member.read(1 << 20):
            parts.append(chunk)
    return b"".join(parts)


def _refuse_constant(name: str) -> Any:
    raise PartError(translate("its description holds {name}, which is not a number").format(name=name))


def parse_description(data: bytes) -> dict:
    try:
        meta = json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
    except RecursionError as exc:
        raise PartError(translate("its description is nested too deeply")) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PartError(translate("its description cannot be read")) from exc
    except ValueError as exc:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise PartError(translate("its description holds a number too long to read")) from exc
    if not isinstance(meta, dict):
        raise PartError(translate("its description is not a set of named fields"))
    return meta


# -- checking the parts against each other ------------------------------------------------------------------

def _field(meta: dict, key: str, kind: type | tuple, what: str) -> Any:
    value = meta.get(key)
    if not isinstance(value, kind):
        raise PartError(translate("{what} is missing or of the wrong type").format(what=translate(what)))
    return value


def _check_classes(meta: dict, tensors: dict) -> None:
    names = _field(meta, "class_names", list, translatable("the list of classes"))
    if not 1 <= len(names) <= MAX_CLASSES:
        raise PartError(translate("it names {n} classes").format(n=len(names)))
    if not all(isinstance(n, str) and n for n in names) or len(set(names)) != len(names):
        raise PartError(translate("its class names are not distinct, non-empty names"))
    for name in names:
        problem = class_name_problem(name)
        if problem:
            raise PartError(translate("the class name '{name}' is not usable: {problem}").format(
                name=display_text(name[:60]), problem=translate(problem)))


def _check_features(meta: dict, tensors: dict) -> None:
    settings = _field(meta, "features", dict, translatable("the feature settings"))
    if settings.get("kind") not in features.FEATURE_KINDS:
        raise PartError(translate("its kind of features {kind!r} is unknown").format(kind=settings.get("kind")))
    size = settings.get("image_size")
    if not _is_int(size) or not features.MIN_IMAGE_SIZE <= size <= features.MAX_IMAGE_SIZE:
        raise PartError(translate("its picture size {size!r} is not possible").format(size=size))
    if settings.get("version", features.EXTRACTOR_VERSION) != features.EXTRACTOR_VERSION:
        raise PartError(translate("it was made with another version of the feature extractor"))


def _classifier_meta(meta: dict) -> tuple[registry.ClassifierSpec, dict]:
    params = _field(meta, "classifier", dict, translatable("the classifier's description"))
    kind = params.get("type")
    spec = registry.registered(kind) if isinstance(kind, str) else None
    if spec is None:
        raise PartError(translate("its classifier type {kind!r} is unknown").format(kind=kind))
    return spec, params


def _check_classifier(meta: dict, tensors: dict) -> None:
    spec, params = _classifier_meta(meta)
    if params.get("n_classes") != len(meta["class_names"]) or not _is_int(params.get("n_classes")):
        raise PartError(translate("its classifier has a different number of classes than it names"))
    dimension = features.FeatureSettings(meta["features"]["kind"], meta["features"]["image_size"]).dimension
    if params.get("n_features") != dimension or not _is_int(params.get("n_features")):
        raise PartError(translate("its classifier expects {expected!r} features, but its feature settings give "
                                  "{dimension}").format(expected=params.get("n_features"), dimension=dimension))
    hyper = params.get("hyperparameters", {})
    if not isinstance(hyper, dict):
        raise PartError(translate("its classifier settings are of the wrong type"))
    try:
        check_rules(hyper, spec.hyperparameter_rules)
    except ValueError as exc:
        raise PartError(translate("its classifier setting {problem}").format(problem=exc)) from None


def expected_tensors(kind: str) -> dict[str, tuple[torch.dtype, ...]]:
    """Tensor names a model of this classifier type holds, with the dtypes each may have (the classifier's
    own come from its spec, ``state_tensors``)."""
    names = {"standardizer.mean": (torch.float32,), "standardizer.std": (torch.float32,)}
    names.update({f"classifier.{name}": dtypes for name, dtypes in registry.get(kind).state_tensors.items()})
    return names


def _shape_error(name: str, tensor: torch.Tensor, wanted: str) -> PartError:
    return PartError(translate("its {name} has shape {shape}, not {wanted}").format(
        name=name, shape=list(tensor.shape), wanted=wanted))


def _check_tensors(meta: dict, tensors: dict) -> None:
    spec, params = _classifier_meta(meta)
    expected = expected_tensors(spec.name)
    if set(tensors) - {novelty.TENSOR_NAME} != set(expected):  # the novelty part: _check_novelty
        raise PartError(translate("its stored numbers are not the ones a {classifier} model holds").format(
            classifier=spec.name))
    for name, dtypes in expected.items():
        tensor = tensors[name]
        if tensor.dtype not in dtypes:
            raise PartError(translate("its {name} are stored as {dtype}").format(name=name, dtype=tensor.dtype))
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            raise PartError(translate("its {name} hold numbers that are not finite (NaN or infinity)").format(
                name=name))
    dimension = params["n_features"]
    for name in ("standardizer.mean", "standardizer.std"):
        if tuple(tensors[name].shape) != (dimension,):
            raise _shape_error(name, tensors[name], f"[{dimension}]")
    if not bool((tensors["standardizer.std"] > 0).all()):
        raise PartError(translate("its standardizer.std holds numbers that are not positive"))
    prefix = "classifier."
    try:
        spec.check_state(params, {name[len(prefix):]: value for name, value in tensors.items()
                                  if name.startswith(prefix)})
    except ValueError as exc:
        raise PartError(str(exc)) from None


def _check_calibration(meta: dict, tensors: dict) -> None:
    """The "unsure" threshold (absent in files saved before it existed: the default is used)."""
    threshold = meta.get("unsure_threshold", 0.5)
    if not _is_number(threshold) or not 0.0 <= threshold <= 1.0:
        raise PartError(translate("its unsure threshold {threshold!r} is not a probability").format(
            threshold=threshold))


def _check_novelty(meta: dict, tensors: dict) -> None:
    """"Not like the training pictures": kept training rows and their threshold (absent in older files)."""
    try:
        novelty.check_part(meta, tensors, meta["classifier"]["n_features"])
    except ValueError as exc:
        raise PartError(str(exc)) from None


def _check_extras(meta: dict, tensors: dict) -> None:
    for key in ("hyperparameters", "metrics", "training_info", "versions"):
        if not isinstance(meta.get(key, {}), dict):
            raise PartError(translate("its {key} are of the wrong type").format(key=key))
    if not isinstance(meta.get("created", ""), str) or not isinstance(meta.get("classifier_name", ""), str):
        raise PartError(translate("its name or date is of the wrong type"))
    paths = meta.get("training_paths")
    if paths is not None:
        spec, _ = _classifier_meta(meta)
        if not spec.keeps_training_paths or not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise PartError(translate("its list of training pictures is of the wrong type"))
        if len(paths) != tensors["classifier." + spec.training_rows_tensor].shape[0]:
            raise PartError(translate("its list of training pictures does not match its stored features"))


def _check_record(meta: dict, tensors: dict) -> None:
    """The reproducible record (absent in files saved before it existed)."""
    try:
        record.check_record(meta.get(record.RECORD_KEY, {}), meta["class_names"])
    except ValueError as exc:
        raise PartError(translate("its record of the training {problem}").format(problem=exc)) from None


# In order: later checks rely on what earlier ones established.
PART_CHECKS: list[Callable[[dict, dict], None]] = [
    _check_classes, _check_features, _check_classifier, _check_tensors, _check_calibration, _check_novelty,
    _check_extras, _check_record,
]


def check_model_parts(meta: dict, tensors: dict[str, torch.Tensor]) -> None:
    """Raise PartError when any part of a model disagrees with another (see PART_CHECKS)."""
    for check in PART_CHECKS:
        check(meta, tensors)


def build_classifier(meta: dict, tensors: dict[str, torch.Tensor]):
    """The classifier of an already checked model."""
    prefix = "classifier."
    own = {name[len(prefix):]: value for name, value in tensors.items() if name.startswith(prefix)}
    try:
        return registry.classifier_from_state(meta["classifier"], own)
    except (KeyError, TypeError, ValueError, RuntimeError) as exc:
        raise PartError(translate("its classifier cannot be rebuilt ({error})").format(error=exc)) from exc
