"""The trained model: everything prediction needs, and its one-file format.

A model file is a zip archive holding ``model.json`` (settings, class names, metrics, versions) and
``tensors.safetensors`` (classifier weights, kNN training features, normalisation statistics). Loading never
executes code. Saving is atomic: a crash never leaves a broken file where a good one was.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generator, Sequence

import numpy as np
import torch
from safetensors.torch import load as load_safetensors
from safetensors.torch import save as save_safetensors

from desktop_app import APP_NAME, __version__
from desktop_app.core import classifiers, features
from desktop_app.core.errors import UserError
from desktop_app.core.events import Event, Phase, check_cancel
from desktop_app.core.images import is_os_litter, looks_like_image

FORMAT_NAME = "picture-sorter-model"
FORMAT_VERSION = 1
MODEL_FILE_SUFFIX = ".psmodel"
_JSON_MEMBER = "model.json"
_TENSORS_MEMBER = "tensors.safetensors"


class ModelFileError(UserError):
    """A model file that cannot be read, with a message that says why in plain words."""


@dataclass(frozen=True)
class Prediction:
    path: str
    label: str | None
    probability: float
    top: list[tuple[str, float]] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "label": self.label,
            "probability": self.probability,
            "top": [{"label": name, "probability": p} for name, p in self.top],
            "error": self.error,
        }


def library_versions() -> dict[str, str]:
    import PIL
    import sklearn

    return {
        "app": __version__,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "pillow": PIL.__version__,
        "scikit-learn": sklearn.__version__,
    }


@dataclass
class TrainedModel:
    """A classifier together with its own preprocessing and class names, so prediction can never skip a step."""

    class_names: list[str]
    feature_settings: features.FeatureSettings
    standardizer: features.Standardizer
    classifier: Any
    classifier_name: str
    hyperparameters: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    training_info: dict[str, Any] = field(default_factory=dict)
    training_paths: list[str] | None = None  # kNN: the pictures behind the stored features, for "neighbours"
    created: str = field(default_factory=lambda: _dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    versions: dict[str, str] = field(default_factory=library_versions)

    # -- prediction -------------------------------------------------------------------------------------------
    def probabilities(self, raw_features: np.ndarray) -> np.ndarray:
        """Class probabilities for features straight from the extractor (standardised here)."""
        if len(raw_features) == 0:
            return np.zeros((0, len(self.class_names)), dtype=np.float32)
        return np.asarray(self.classifier.predict_proba(self.standardizer.transform(raw_features)))

    def _predictions(self, paths: Sequence[str], proba: np.ndarray, top: int) -> list[Prediction]:
        results = []
        for path, row in zip(paths, proba):
            order = np.argsort(-row, kind="stable")[:top]
            ranked = [(self.class_names[i], float(row[i])) for i in order]
            results.append(Prediction(str(path), ranked[0][0], ranked[0][1], ranked))
        return results

    def predict_paths(
        self, paths: Sequence[str | Path], device: torch.device | str | None = None, top: int = 3, cancel=None
    ) -> Generator[Event, None, list[Prediction]]:
        """Predict image files and folders (searched recursively). Unreadable files get a Prediction with error."""
        files = find_image_files([Path(p) for p in paths])
        yield Phase("predict", f"Looking at {len(files):,} pictures")
        check_cancel(cancel)
        device = torch.device(device) if device is not None else torch.device("cpu")
        result = yield from features.extract_features(
            self.feature_settings, files, None, device, cancel=cancel
        )
        ok = np.asarray(result.ok, dtype=bool)
        proba = self.probabilities(result.features[ok])
        good = iter(self._predictions([str(p) for p, keep in zip(files, ok) if keep], proba, top))
        errors = {problem.path: problem.message for problem in result.problems}
        predictions = []
        for path, keep in zip(files, ok):
            if keep:
                predictions.append(next(good))
            else:
                message = errors.get(str(path), "This picture could not be read.")
                predictions.append(Prediction(str(path), None, 0.0, [], message))
        return predictions

    def predict_images(self, images: Sequence, names: Sequence[str] | None = None, top: int = 3,
                       device: torch.device | str | None = None) -> list[Prediction]:
        """Predict already-decoded PIL images (e.g. pasted from the clipboard)."""
        device = torch.device(device) if device is not None else torch.device("cpu")
        raw = features.features_for_images(self.feature_settings, list(images), device)
        names = list(names) if names is not None else [f"image {i + 1}" for i in range(len(images))]
        return self._predictions(names, self.probabilities(raw), top)

    def neighbours(self, raw_features: np.ndarray, k: int = 5) -> tuple[np.ndarray, np.ndarray]:
        """kNN only: distances and indices (into training_paths) of the nearest training pictures."""
        if not hasattr(self.classifier, "kneighbors"):
            raise TypeError("Only k-nearest-neighbour models keep their training pictures.")
        distances, indices = self.classifier.kneighbors(self.standardizer.transform(raw_features), k)
        return np.asarray(distances), np.asarray(indices)

    def describe(self) -> str:
        accuracy = self.metrics.get("test_accuracy")
        shown = f", test accuracy {accuracy:.1%}" if isinstance(accuracy, (int, float)) else ""
        return f"{self.classifier_name} on {self.feature_settings.kind} features, {len(self.class_names)} classes{shown}"


def find_image_files(paths: Sequence[Path]) -> list[Path]:
    """Pictures among the given files and folders (folders searched recursively, OS litter skipped).

    Files named explicitly are kept even when they do not look like pictures, so the user gets a message for each.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not is_os_litter(d))
                for file_name in sorted(names):
                    candidate = Path(root) / file_name
                    if not is_os_litter(file_name) and looks_like_image(candidate):
                        found.append(candidate)
        else:
            found.append(path)
    unique = []
    for candidate in found:
        key = candidate.resolve() if candidate.exists() else candidate
        if key not in seen:
            seen.add(key)
            unique.append(candidate)
    return unique


# -- file format ------------------------------------------------------------------------------------------------
def _tensor_dict(model: TrainedModel) -> dict[str, torch.Tensor]:
    tensors: dict[str, torch.Tensor] = {}
    _, classifier_tensors = model.classifier.get_state()
    for name, value in classifier_tensors.items():
        tensors[f"classifier.{name}"] = value
    for name, value in model.standardizer.to_tensors().items():
        tensors[f"standardizer.{name}"] = value
    return {name: value.detach().to("cpu").contiguous() for name, value in tensors.items()}


def _metadata(model: TrainedModel) -> dict[str, Any]:
    classifier_params, _ = model.classifier.get_state()
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app": APP_NAME,
        "created": model.created,
        "versions": model.versions,
        "class_names": list(model.class_names),
        "classifier_name": model.classifier_name,
        "classifier": classifier_params,
        "features": model.feature_settings.to_dict(),
        "hyperparameters": model.hyperparameters,
        "metrics": model.metrics,
        "training_info": model.training_info,
        "training_paths": model.training_paths,
    }


def save_model(model: TrainedModel, path: str | Path) -> Path:
    """Write the model atomically: a temporary file next to the target, then a rename."""
    path = Path(path)
    if path.suffix == "":
        path = path.with_suffix(MODEL_FILE_SUFFIX)
    payload_json = json.dumps(_metadata(model), indent=1, default=_json_default).encode("utf-8")
    payload_tensors = save_safetensors(_tensor_dict(model))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError(f"Cannot save the model in {path.parent}: {exc.strerror or exc}. "
                        "Choose another folder.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
                archive.writestr(_JSON_MEMBER, payload_json)
                archive.writestr(_TENSORS_MEMBER, payload_tensors)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UserError(f"Cannot save the model to {path}: {exc.strerror or exc}. "
                            "Check there is free disk space, or choose another folder.") from exc
        raise
    return path


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def load_model(path: str | Path) -> TrainedModel:
    path = Path(path)
    name = path.name
    if not path.exists():
        raise ModelFileError(f"The model file {name} does not exist.")
    if path.is_dir():
        raise ModelFileError(f"{name} is a folder, not a model file.")
    try:
        with zipfile.ZipFile(path) as archive:
            members = set(archive.namelist())
            if _JSON_MEMBER not in members or _TENSORS_MEMBER not in members:
                raise ModelFileError(f"{name} is not a model file of {APP_NAME}.")
            meta_bytes = archive.read(_JSON_MEMBER)
            tensor_bytes = archive.read(_TENSORS_MEMBER)
    except ModelFileError:
        raise
    except (zipfile.BadZipFile, EOFError, zlib_error(), ValueError) as exc:
        raise ModelFileError(f"{name} is damaged or is not a model file of {APP_NAME} "
                             "(it may have been cut short while copying). Train and save the model again.") from exc
    except OSError as exc:
        raise ModelFileError(f"Cannot read {name}: {exc.strerror or exc}.") from exc

    try:
        meta = json.loads(meta_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{name} is damaged: its description cannot be read.") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
        raise ModelFileError(f"{name} is not a model file of {APP_NAME}.")
    version = meta.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        made_by = meta.get("versions", {}).get("app", "a newer version")
        raise ModelFileError(f"{name} was made by {APP_NAME} {made_by}, which is newer than this copy "
                             f"({__version__}). Update the app to open it.")
    try:
        tensors = load_safetensors(tensor_bytes)
    except Exception as exc:  # safetensors raises its own error types for any damage
        raise ModelFileError(f"{name} is damaged: its numbers cannot be read. Train and save the model again.") from exc

    try:
        classifier_tensors = {k.split(".", 1)[1]: v for k, v in tensors.items() if k.startswith("classifier.")}
        standardizer_tensors = {k.split(".", 1)[1]: v for k, v in tensors.items() if k.startswith("standardizer.")}
        classifier = classifiers.classifier_from_state(meta["classifier"], classifier_tensors)
        model = TrainedModel(
            class_names=list(meta["class_names"]),
            feature_settings=features.FeatureSettings.from_dict(meta["features"]),
            standardizer=features.Standardizer.from_tensors(standardizer_tensors),
            classifier=classifier,
            classifier_name=meta.get("classifier_name", meta["classifier"].get("type", "?")),
            hyperparameters=meta.get("hyperparameters", {}),
            metrics=meta.get("metrics", {}),
            training_info=meta.get("training_info", {}),
            training_paths=meta.get("training_paths"),
            created=meta.get("created", ""),
            versions=meta.get("versions", {}),
        )
    except (KeyError, TypeError, ValueError, RuntimeError) as exc:
        raise ModelFileError(f"{name} is damaged or incomplete: {exc}. Train and save the model again.") from exc
    if len(model.class_names) != getattr(classifier, "n_classes_", len(model.class_names)):
        raise ModelFileError(f"{name} is inconsistent: it names {len(model.class_names)} classes but its "
                             "classifier has a different number. Train and save the model again.")
    return model


def zlib_error():
    import zlib

    return zlib.error
