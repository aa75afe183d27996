"""The trained model: everything prediction needs, and its one-file format.

A model file is a zip archive holding ``model.json`` (settings, class names, metrics, versions) and
``tensors.safetensors`` (classifier weights, kNN training features, normalisation statistics, the sample of
training features that tells pictures unlike them: classifiers/novelty.py). Loading never
executes code. Saving is atomic: a crash never leaves a broken file where a good one was.
"""
from __future__ import annotations

import datetime as _dt
import json
import platform
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generator, Sequence

import numpy as np
import torch

from desktop_app import APP_NAME, __version__
from desktop_app.core.extraction import features
from desktop_app.core import metrics, preload
from desktop_app.core.modelfile import record
from desktop_app.core.modelfile import model_archive, model_check
from desktop_app.core.classifiers import registry
from desktop_app.core.classifiers import novelty
from desktop_app.core.classifiers.novelty import NoveltyCheck
from desktop_app.core.classifiers.reliability import DEFAULT_UNSURE_THRESHOLD
from desktop_app.core.errors import UserError
from desktop_app.core.events import Event, Phase, check_cancel
from desktop_app.core.data.images import load_rgb, looks_like_image
from desktop_app.core.data.regular_files import open_regular_file
from desktop_app.core.modelfile.model_archive import MODEL_FILE_SUFFIX
from desktop_app.core.modelfile.model_check import FORMAT_NAME, FORMAT_VERSION
from desktop_app.core.output.names import display_path
from desktop_app.core.output.percent import reads_below, share_text
from desktop_app.core.output.safe_write import check_output_path
from desktop_app.core.output.translation import translatable, translate
from desktop_app.core.output.wording import pictures_text
from desktop_app.core.extraction.standardizer import Standardizer

_JSON_MEMBER = model_check.JSON_MEMBER
_TENSORS_MEMBER = model_check.TENSORS_MEMBER


@dataclass(frozen=True)
class Prediction:
    path: str
    label: str | None
    probability: float
    top: list[tuple[str, float]] = field(default_factory=list)
    error: str | None = None
    unsure: bool = False  # the confidence is below the model's (or the user's) "unsure" threshold
    unlike_training: bool | None = None  # far from every training picture (None: the model cannot tell)
    novelty_score: float | None = None  # distance to the k-th nearest training picture (classifiers.novelty)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "label": self.label,
            "probability": self.probability,
            "top": [{"label": name, "probability": p} for name, p in self.top],
            "error": self.error,
            "unsure": self.unsure,
            "unlike_training": self.unlike_training,
            "novelty_score": self.novelty_score,
        }


def library_versions() -> dict[str, str]:
    import PIL

    preload.wait_for_scikit_learn()  # imported on the engine thread just after it is ready
    import sklearn

    return {
        "app": __version__,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "pillow": PIL.__version__,
        "scikit-learn": sklearn.__version__,
    }


@dataclass(frozen=True)
class Neighbour:
    """A training picture near another: its file, class and distance (in the model's distance)."""

    path: str
    class_name: str
    distance: float


@dataclass
class TrainedModel:
    """A classifier together with its own preprocessing and class names, so prediction can never skip a step."""

    class_names: list[str]
    feature_settings: features.FeatureSettings
    standardizer: Standardizer
    classifier: Any
    classifier_name: str
    hyperparameters: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    training_info: dict[str, Any] = field(default_factory=dict)
    training_paths: list[str] | None = None  # kNN: the pictures behind the stored features, for "neighbours"
    unsure_threshold: float = DEFAULT_UNSURE_THRESHOLD  # chosen on validation data (calibration module)
    novelty: NoveltyCheck | None = None  # "not like the training pictures" (None: a file saved before it existed)
    created: str = field(default_factory=lambda: _dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    versions: dict[str, str] = field(default_factory=library_versions)
    record: dict[str, Any] = field(default_factory=dict)  # core/record.py: how it was trained ({} before records)

    # -- prediction -------------------------------------------------------------------------------------------
    def probabilities(self, raw_features: np.ndarray) -> np.ndarray:
        """Class probabilities for features straight from the extractor (standardised here)."""
        if len(raw_features) == 0:
            return np.zeros((0, len(self.class_names)), dtype=np.float32)
        return np.asarray(self.classifier.predict_proba(self.standardizer.transform(raw_features)))

    def unlike_training(self, raw_features: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """(flags, scores): which pictures are not like the training pictures, and how far they are from them
        (features straight from the extractor); None for a model saved without the check."""
        if self.novelty is None:
            return None
        scores = self.novelty.scores(raw_features)
        return self.novelty.flags(scores), scores

    def _answers(self, paths: Sequence[str], raw_features: np.ndarray, top: int,
                 unsure_below: float | None = None) -> list[Prediction]:
        unlike = self.unlike_training(raw_features) if len(raw_features) else None
        return self._predictions(paths, self.probabilities(raw_features), top, unsure_below, unlike)

    def _predictions(self, paths: Sequence[str], proba: np.ndarray, top: int, unsure_below: float | None = None,
                     unlike: tuple[np.ndarray, np.ndarray] | None = None) -> list[Prediction]:
        threshold = self.unsure_threshold if unsure_below is None else float(unsure_below)
        results = []
        top = max(1, int(top))  # the best answer is always given
        for row_index, (path, row) in enumerate(zip(paths, proba)):
            order = np.argsort(-row, kind="stable")[:top]
            ranked = [(self.class_names[i], float(row[i])) for i in order]
            prediction = Prediction(str(path), ranked[0][0], ranked[0][1], ranked)
            if unlike is not None:
                flags, scores = unlike
                prediction = replace(prediction, unlike_training=bool(flags[row_index]),
                                     novelty_score=float(scores[row_index]))
            results.append(replace(prediction, unsure=is_unsure(prediction, threshold)))
        return results

    def predict_paths(
        self, paths: Sequence[str | Path], device: torch.device | str | None = None, top: int = 3, cancel=None,
        unsure_below: float | None = None,
    ) -> Generator[Event, None, list[Prediction]]:
        """Predict image files and folders (searched recursively). Unreadable files get a Prediction with error."""
        walk_problems: list = []
        files = find_image_files([Path(p) for p in paths], walk_problems)
        yield Phase("predict", translate("Looking at {pictures}").format(pictures=pictures_text(len(files))))
        check_cancel(cancel)
        device = torch.device(device) if device is not None else torch.device("cpu")
        result = yield from features.extract_features(
            self.feature_settings, files, None, device, cancel=cancel
        )
        ok = np.asarray(result.ok, dtype=bool)
        good = iter(self._answers([str(p) for p, keep in zip(files, ok) if keep], result.features[ok], top,
                                  unsure_below))
        errors = {problem.path: problem.message for problem in result.problems}
        predictions = []
        for path, keep in zip(files, ok):
            if keep:
                predictions.append(next(good))
            else:
                message = errors.get(str(path)) or translate("This picture could not be read.")
                predictions.append(Prediction(str(path), None, 0.0, [], message))
        predictions.extend(Prediction(problem.path, None, 0.0, [], problem.message) for problem in walk_problems)
        return predictions

    def predict_images(self, images: Sequence, names: Sequence[str] | None = None, top: int = 3,
                       device: torch.device | str | None = None,
                       unsure_below: float | None = None) -> list[Prediction]:
        """Predict already-decoded PIL images (e.g. pasted from the clipboard)."""
        device = torch.device(device) if device is not None else torch.device("cpu")
        raw = features.features_for_images(self.feature_settings, list(images), device)
        names = list(names) if names is not None else [translate("image {number}").format(number=i + 1)
                                                       for i in range(len(images))]
        return self._answers(names, raw, top, unsure_below)

    @property
    def keeps_training_pictures(self) -> bool:
        """Whether the model can name the training pictures nearest to a picture (kNN keeps them)."""
        return bool(self.training_paths) and hasattr(self.classifier, "kneighbors")

    def neighbours(self, raw_features: np.ndarray, k: int = 5) -> tuple[np.ndarray, np.ndarray]:
        """kNN only: distances and indices (into training_paths) of the nearest training pictures."""
        if not hasattr(self.classifier, "kneighbors"):
            raise TypeError("Only k-nearest-neighbour models keep their training pictures.")
        distances, indices = self.classifier.kneighbors(self.standardizer.transform(raw_features), k)
        return np.asarray(distances), np.asarray(indices)

    def nearest_training_pictures(self, path: str | Path, k: int = 5,
                                  device: torch.device | str | None = None) -> list[Neighbour]:
        """The ``k`` training pictures nearest to the picture at ``path``, nearest first, with their class and
        distance (``keeps_training_pictures`` models only): the picture goes through the model's own pipeline."""
        if not self.keeps_training_pictures:
            raise TypeError("Only k-nearest-neighbour models keep their training pictures.")
        picture = load_rgb(path, min_size=self.feature_settings.image_size)
        device = torch.device(device) if device is not None else torch.device("cpu")
        raw = features.features_for_images(self.feature_settings, [picture], device)
        return self.nearest_to_features(raw, k)

    def nearest_to_features(self, raw_features: np.ndarray, k: int = 5) -> list[Neighbour]:
        """``nearest_training_pictures`` of one picture's features straight from the extractor ([1, d])."""
        distances, indices = self.neighbours(raw_features, k)
        labels = self.classifier.train_labels_
        return [Neighbour(self.training_paths[int(i)], self.class_names[int(labels[int(i)])], float(d))
                for d, i in zip(distances[0], indices[0]) if 0 <= int(i) < len(self.training_paths)]

    def describe(self) -> str:
        accuracy = self.metrics.get("test_accuracy")
        shown = translate(", test accuracy {accuracy}").format(accuracy=share_text(accuracy)) \
            if isinstance(accuracy, (int, float)) else ""
        title = translate(registry.get(self.classifier_name).title)
        template = translate("{classifier} on pretrained-network features, {n} classes") \
            if self.feature_settings.kind == "pretrained" else translate("{classifier} on raw-pixel features, {n} classes")
        return template.format(classifier=title, n=len(self.class_names)) + shown


def is_unsure(prediction: Prediction, threshold: float) -> bool:
    """The one rule: an answer (not an unreadable file) whose probability, as it reads, is below the threshold
    (so an answer shown at or above the threshold is never marked unsure: ``percent.reads_below``)."""
    return prediction.error is None and reads_below(prediction.probability, threshold)


def mark_unsure(predictions: Sequence[Prediction], threshold: float) -> list[Prediction]:
    """The same predictions with ``unsure`` set for another threshold (the user moved it)."""
    return [replace(p, unsure=is_unsure(p, threshold)) for p in predictions]


def find_image_files(paths: Sequence[Path], problems: list | None = None) -> list[Path]:
    """Pictures among the given files and folders (folders searched at any depth, OS litter skipped).

    Files named explicitly are kept even when they do not look like pictures, so the user gets a message for each.
    Folders that cannot be opened, symbolic-link loops and files that are not regular files are added to
    ``problems`` (dataset.Problem) when given."""
    from desktop_app.core.data.folder_walk import walk_files

    problems = problems if problems is not None else []
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.extend(f for f in walk_files(path, set(), problems, None) if looks_like_image(f))
        else:
            found.append(path)
    unique = []
    for candidate in found:
        try:
            key = candidate.resolve() if candidate.exists() else candidate
        except (OSError, RuntimeError):  # a symbolic-link loop
            key = candidate
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
    if model.novelty is not None:
        tensors.update(model.novelty.to_tensors())
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
        "metrics": _stored_metrics(model.metrics),
        "training_info": model.training_info,
        "training_paths": model.training_paths,
        "unsure_threshold": float(model.unsure_threshold),
        novelty.META_KEY: model.novelty.to_meta() if model.novelty is not None else None,
        record.RECORD_KEY: model.record,
    }


def _stored_metrics(model_metrics: dict[str, Any]) -> dict[str, Any]:
    """The metrics with the test results in the compact form a model file keeps (metrics.stored_evaluation)."""
    evaluation = model_metrics.get("evaluation")
    if not isinstance(evaluation, dict):
        return model_metrics
    return {**model_metrics, "evaluation": metrics.stored_evaluation(evaluation)}


def _read_metrics(meta: dict[str, Any]) -> dict[str, Any]:
    """The stored metrics with the test results unpacked again (ValueError, TypeError or KeyError if damaged)."""
    model_metrics = meta.get("metrics", {})
    evaluation = model_metrics.get("evaluation")
    if not isinstance(evaluation, dict):
        return model_metrics
    return {**model_metrics, "evaluation": metrics.evaluation_from_stored(evaluation)}


def is_model_file(path: str | Path) -> bool:
    """True for a file that is a model file of this app (cheap: reads the zip directory only)."""
    try:
        with open_regular_file(path) as handle, zipfile.ZipFile(handle) as archive:
            return _JSON_MEMBER in archive.namelist()
    except (OSError, ValueError, zipfile.BadZipFile, EOFError):
        return False


def check_model_output(path: str | Path, input_folders=(), input_files=(), force: bool = False) -> Path:
    """The path a model will be saved to, refused now (before any training) if saving there would destroy
    something: an input, a folder, or an existing file that is not a model (unless ``force``)."""
    path = Path(path)
    if path.suffix == "" and not path.is_dir():
        path = path.with_suffix(MODEL_FILE_SUFFIX)
    return check_output_path(path, what=translatable("model file"), input_files=input_files,
                             input_folders=input_folders, is_replaceable=is_model_file, force=force)


def save_model(model: TrainedModel, path: str | Path, force: bool = False) -> Path:
    """Write the model atomically (temporary file next to the target, fsync, rename), after checking it as a
    load will (model_archive: whole, finite numbers, parts that agree, within the size caps) and that the target
    is not one of its training pictures or another kind of file. Nothing is written when anything is wrong."""
    meta = _finite_json(json.loads(json.dumps(_metadata(model), default=_json_default)))
    tensors = _tensor_dict(model)
    payload = model_archive.checked_description(meta, tensors, also=_read_metrics)
    data_dirs = [d for d in (model.training_info.get("data_dir"), model.training_info.get("test_dir")) if d]
    path = check_model_output(path, input_folders=data_dirs, input_files=model.training_paths or (), force=force)
    return model_archive.write_archive(path, payload, meta, tensors)


def _finite_json(value: Any) -> Any:
    """The same JSON data with NaN and infinity as null (JSON has no such numbers)."""
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite_json(item) for item in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def load_model(path: str | Path) -> TrainedModel:
    """Read a model file; any file that is not a whole, consistent model raises ModelFileError (plain words).

    Only regular files are opened, sizes are capped before inflating, and every part is checked against the
    others (model_check), so a damaged or hostile file can neither hang, exhaust memory nor crash later."""
    path = Path(path)
    name = display_path(path.name)
    meta, tensors = model_archive.read_archive(path)
    try:
        model_check.check_model_parts(meta, tensors)
        classifier = model_check.build_classifier(meta, tensors)
        return TrainedModel(
            class_names=list(meta["class_names"]),
            feature_settings=features.FeatureSettings.from_dict(meta["features"]),
            standardizer=Standardizer.from_tensors(
                {"mean": tensors["standardizer.mean"], "std": tensors["standardizer.std"]}),
            classifier=classifier,
            classifier_name=meta.get("classifier_name") or meta["classifier"]["type"],
            hyperparameters=meta.get("hyperparameters", {}),
            metrics=_read_metrics(meta),
            training_info=meta.get("training_info", {}),
            training_paths=meta.get("training_paths"),
            created=meta.get("created", ""),
            versions=meta.get("versions", {}),
            unsure_threshold=float(meta.get("unsure_threshold", DEFAULT_UNSURE_THRESHOLD)),
            novelty=NoveltyCheck.from_parts(meta[novelty.META_KEY], tensors) if meta.get(novelty.META_KEY) else None,
            record=meta.get(record.RECORD_KEY, {}),
        )
    except (model_check.PartError, UserError, KeyError, TypeError, ValueError, RuntimeError, OverflowError) as exc:
        raise model_archive.damaged(name, str(exc).rstrip(".")) from exc
