"""One training job as a stream of events: scan -> split -> features -> choose hyperparameters -> fit -> evaluate.

The GUI's progress bar and live plots and the CLI's progress line consume exactly these events.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generator

import numpy as np
import torch

from desktop_app.core.classifiers import novelty, reliability, registry, warm_start
from desktop_app.core import devices, estimates, metrics, training_data, tuning
from desktop_app.core.modelfile import record
from desktop_app.core.extraction import features
from desktop_app.core.data.dataset import Dataset, ScanReport, check_dataset
from desktop_app.core.data.splitting import check_shares, split_for_training
from desktop_app.core.errors import UserError
from desktop_app.core.extraction.standardizer import Standardizer
from desktop_app.core.events import (
    Event,
    Finished,
    Message,
    Phase,
    check_cancel,
)
from desktop_app.core.modelfile.model_file import TrainedModel
from desktop_app.core.output.percent import threshold_text
from desktop_app.core.output.translation import translate
from desktop_app.core.output.wording import pictures_text, test_pictures_text

FEATURE_KINDS = registry.FEATURE_KINDS


@dataclass
class TrainingConfig:
    """What to train. ``hyperparameters`` are used as given; with ``auto_tune`` the searched ones are chosen.

    Searched: the classifier's ``registry.ClassifierSpec.searched`` settings, the way its ``settings_search``
    says (kNN ``k`` and ``distance`` by k-fold cross-validation on the training data; linear ``learning_rate``
    and ``regularization`` on the validation split). Other keys (e.g. ``weighting``, ``epochs``,
    ``batch_size``) always apply.
    """

    data_dir: Path | None = None
    classifier: str = registry.DEFAULT_CLASSIFIER
    features: str = "pretrained"
    device: str = "auto"
    seed: int = 0
    val_fraction: float = 0.15
    test_fraction: float = 0.15
    test_dir: Path | None = None
    auto_tune: bool = True
    hyperparameters: dict[str, Any] = field(default_factory=dict)
    image_size: int | None = None  # None: the feature kind's default
    cv_folds: int = 5
    dataset: Dataset | None = None  # an already scanned (and possibly edited) dataset; data_dir is then ignored
    follow_links: bool = False  # follow links that lead outside the folders (see folder_walk)
    warm_start: Any = None  # a TrainedModel whose weights a linear fit starts from (retraining, warm_start.py)

    def validate(self) -> None:
        if self.classifier not in registry.names():
            raise UserError(translate("Unknown classifier '{name}'. Choose one of: {names}.").format(
                name=self.classifier, names=", ".join(registry.names())))
        if self.features not in FEATURE_KINDS:
            raise UserError(translate("Unknown feature type '{name}'. Choose one of: {names}.").format(
                name=self.features, names=", ".join(FEATURE_KINDS)))
        check_shares(self.val_fraction, self.test_fraction)
        spec = registry.get(self.classifier)
        accepted = {setting.key for setting in spec.settings}
        foreign = sorted(set(self.hyperparameters) - accepted - {"temperature", "uniform_share"})
        if foreign:  # e.g. epochs for kNN: one plain line before any work, not a TypeError after the features
            raise UserError(translate("The {classifier} has no setting {names}: its settings are {settings}.").format(
                classifier=translate(spec.title), names=translate(" or ").join(foreign),
                settings=", ".join(setting.key for setting in spec.settings)))
        if self.dataset is None and self.data_dir is None:
            raise UserError(translate("Choose a folder of pictures first."))


@dataclass
class TrainingResult:
    model: TrainedModel
    evaluation: metrics.Evaluation | None
    seconds: float
    scan: ScanReport | None


def put_rows_first(X: np.ndarray, order: np.ndarray) -> None:
    """Rearrange the rows of ``X`` in place so that ``X[:len(order)]`` holds the old ``X[order]`` (the other rows
    follow in no set order). Cycle by cycle with one row held aside: no second copy of ``X``."""
    n = X.shape[0]
    source = np.concatenate([order, np.setdiff1d(np.arange(n), order, assume_unique=True)]).tolist()
    placed = bytearray(n)  # new row i = old row source[i]
    for start in range(n):
        if placed[start]:
            continue
        placed[start] = 1
        if source[start] == start:
            continue
        held, row = X[start].copy(), start
        while source[row] != start:
            X[row] = X[source[row]]
            row = source[row]
            placed[row] = 1
        X[row] = held


def load_split_dataset(config: TrainingConfig, cancel) -> Generator[Event, None, tuple[Dataset, ScanReport | None]]:
    report = None
    if config.dataset is not None:
        dataset = config.dataset
    else:
        report = yield from training_data.scan_usable(config.data_dir, cancel, config.follow_links)
        dataset = report.dataset
    if config.test_dir is not None:
        dataset = yield from training_data.add_test_folder(dataset, config.test_dir, config.follow_links, cancel)
    if len(dataset.class_names) < 2:
        raise UserError(translate("A classifier needs at least two classes: make one sub-folder of pictures per "
                                  "label."))
    return split_for_training(dataset, config.val_fraction, config.test_fraction, config.seed), report


def feature_settings(config: TrainingConfig) -> features.FeatureSettings:
    settings = features.FeatureSettings.default(config.features)
    if config.image_size:
        settings = features.FeatureSettings(settings.kind, int(config.image_size))
    return settings


def _fit_generator(classifier, X, y, X_val=None, y_val=None, cancel=None):
    if hasattr(classifier, "fit_events"):
        yield from classifier.fit_events(X, y, X_val, y_val, cancel=cancel, run="final")
    else:
        classifier.fit(X, y)
    return classifier


def run_training(config: TrainingConfig, cancel=None) -> Generator[Event, None, TrainingResult]:
    """The whole job. Yields events; the last one is ``Finished``. Raises ``Cancelled`` when stopped."""
    started = time.perf_counter()
    config.validate()
    spec = registry.get(config.classifier)
    device = devices.resolve_device(config.device)
    job = devices.JobDevice(device)  # after a GPU failure, the rest of the job stays on the CPU
    dataset, report = yield from load_split_dataset(config, cancel)

    # -- features, for every picture at once (cached on disk by content) ---------------------------------------
    settings = feature_settings(config)
    yield Phase("features", translate("Computing features") if settings.kind == "pixels"
                else translate("Computing features with the pretrained network"))
    samples = dataset.samples
    stopwatch = estimates.FeatureStopwatch(settings, [s.digest for s in samples])  # this computer's speed
    result = yield from features.extract_features(settings, [s.path for s in samples],
                                                  [s.digest for s in samples], job, cancel=cancel)
    stopwatch.stop(job.device)
    for problem in result.problems:
        yield Message(training_data.problem_line(problem), "warning")
    ok = np.asarray(result.ok, dtype=bool)
    labels = np.array([s.label for s in samples], dtype=np.int64)
    splits = np.array([s.split or "train" for s in samples])
    paths = [str(s.path) for s in samples]

    def part(name: str) -> np.ndarray:
        return np.flatnonzero(ok & (splits == name))

    order = np.concatenate([part("train"), part("val"), part("test")])
    n_train, n_val, n_test = (len(part(name)) for name in ("train", "val", "test"))
    # training, validation and test pictures become slices of one array (views, not copies: 614 MB a copy for
    # 50,000 pictures' pixels), each in its old order, so every result is the same as with index arrays
    put_rows_first(result.features, order)
    labels, paths, samples = labels[order], [paths[i] for i in order], [samples[i] for i in order]
    train_idx, val_idx = slice(0, n_train), slice(n_train, n_train + n_val)
    test_idx, fit_idx = slice(n_train + n_val, n_train + n_val + n_test), slice(0, n_train + n_val)
    missing = [dataset.class_names[c] for c in range(len(dataset.class_names))
               if not np.any(labels[fit_idx] == c)]
    if missing:
        raise UserError(translate("These classes have no readable training pictures: {names}. Add pictures to them "
                                  "or remove them.").format(names=", ".join(missing)))
    check_cancel(cancel)

    if spec.standardizes(settings.kind):
        standardizer = Standardizer.fit(result.features[train_idx])
    else:  # e.g. kNN on pixels compares the pixels themselves: the identity (mean 0, std 1)
        dimension = result.features.shape[1]
        standardizer = Standardizer(np.zeros(dimension, np.float32), np.ones(dimension, np.float32))
    # "not like the training pictures": among the features as extracted, whatever the classifier keeps
    novelty_check = novelty.fit_novelty(result.features[fit_idx], labels[fit_idx], config.seed, cancel)
    X = standardizer.transform(result.features, out=result.features)  # in place: the raw features are not used again
    # the final model learns from training + validation (fit_idx)

    # -- hyperparameters: chosen as the classifier's spec says (settings_search) ----------------------------------
    hyper = dict(config.hyperparameters)
    data = tuning.Data(X, labels, train_idx, val_idx, fit_idx)
    curves = record.CurveRecorder()  # what the run draws, kept in the model's record
    training_started = time.perf_counter()
    chosen = yield from curves.watch(tuning.choose_settings(spec, config, data, hyper, job, cancel))
    val_accuracy, val_folds, held_out = chosen.val_accuracy, chosen.val_folds, chosen.held_out

    # -- final fit on training + validation data ----------------------------------------------------------------
    yield Phase("fit", translate("Training the {classifier} on {n:,} pictures").format(
        classifier=translate(spec.title), n=n_train + n_val))
    # settings fixed by the user: early stopping on validation data picks the epoch count
    on_train_only = spec.early_stopping and not config.auto_tune and n_val > 0

    def fit_on(dev: torch.device):
        classifier = spec.make(device=dev, seed=config.seed, **hyper)
        start = warm_start.initial_weights(config.warm_start, dataset.class_names, standardizer) \
            if config.warm_start is not None and hasattr(classifier, "start_from") else None
        if start is not None:
            classifier.start_from(*start)
        if on_train_only:
            return (yield from _fit_generator(classifier, X[train_idx], labels[train_idx], X[val_idx],
                                              labels[val_idx], cancel))
        return (yield from _fit_generator(classifier, X[fit_idx], labels[fit_idx], cancel=cancel))

    classifier = yield from curves.watch(devices.run_step(fit_on, job))
    check_cancel(cancel)
    estimates.remember_training(spec.name, job.device, n_train + n_val, X.shape[1], len(dataset.class_names),
                                config.auto_tune, time.perf_counter() - training_started)
    if on_train_only and held_out is None:
        # this model was fitted on train only, its temperature on val
        held_out = classifier.predict_proba(X[val_idx]), labels[val_idx]
        val_accuracy = float(np.mean(held_out[0].argmax(axis=1) == labels[val_idx]))
    unsure = _unsure_threshold(held_out)
    if held_out is None:
        yield Message(translate("No validation pictures: the percentages are not calibrated, and \"unsure\" uses "
                                "{threshold}.").format(threshold=threshold_text(unsure.threshold)), "warning")

    # -- evaluation on the test data, used once --------------------------------------------------------------
    evaluation, test_copies = None, None
    if n_test > 0:
        test_copies = training_data.count_copies(samples[fit_idx], samples[test_idx])
        yield Phase("evaluate", translate("Testing on {pictures}").format(
            pictures=test_pictures_text(n_test, test_copies)))
        proba = np.asarray(classifier.predict_proba(X[test_idx]))
        evaluation = metrics.evaluate(labels[test_idx], proba, dataset.class_names, paths[test_idx])
    else:
        yield Message(translate("No test pictures: the accuracy on new pictures is unknown."), "warning")

    seconds = time.perf_counter() - started
    counts = {"train": n_train, "val": n_val, "test": n_test}
    model = TrainedModel(
        class_names=list(dataset.class_names),
        feature_settings=settings,
        standardizer=standardizer,
        classifier=_to_cpu(classifier),
        classifier_name=spec.name,
        # the confidence map (up to 64 points) stays with the classifier's own settings: the window and the CLI
        # list these settings one a line for people to read
        hyperparameters=_json_safe({key: value for key, value in hyper.items() if key != "confidence_map"}),
        unsure_threshold=unsure.threshold,
        novelty=novelty_check,
        metrics={
            "calibration": _calibration_report(held_out, unsure),
            "val_accuracy": val_accuracy,
            "val_folds": val_folds,
            "test_accuracy": evaluation.accuracy if evaluation else None,
            "evaluation": evaluation.to_dict() if evaluation else None,
            "test_copies": test_copies if evaluation else None,  # test pictures that are training pictures' copies
        },
        training_info={
            "data_dir": str(dataset.root) if dataset.root else None,
            "device": devices.describe_device(device),
            "seconds": round(seconds, 2),
            "counts": counts,
            "skipped_files": int((~ok).sum()),
            "seed": config.seed,
            "auto_tune": config.auto_tune,
            training_data.FINGERPRINT_KEY: training_data.fingerprint(s.digest for s in samples[fit_idx]),
        },
        training_paths=paths[fit_idx] if spec.keeps_training_paths else None,
    )
    model.record = record.build_record(
        dataset, report.problems if report is not None else check_dataset(dataset), record.config_settings(config),
        model.hyperparameters, curves, model.versions, devices.describe_device(job.device))
    yield Finished(model, evaluation, seconds)
    return TrainingResult(model, evaluation, seconds, report)


def _unsure_threshold(held_out: tuple[np.ndarray, np.ndarray] | None) -> reliability.UnsureThreshold:
    if held_out is None:
        return reliability.UnsureThreshold(reliability.DEFAULT_UNSURE_THRESHOLD, reliability.TARGET_ACCURACY,
                                           False, 1.0, 0.0)
    proba, truth = held_out
    proba = np.asarray(proba)
    return reliability.choose_unsure_threshold(proba.max(axis=1), proba.argmax(axis=1) == np.asarray(truth))


def _calibration_report(held_out, unsure: reliability.UnsureThreshold) -> dict[str, Any]:
    """How the percentages were calibrated, measured on the held-out pictures they were fitted on."""
    if held_out is None:
        return {"held_out": 0, "ece": None, "unsure": unsure.to_dict()}
    proba, truth = np.asarray(held_out[0]), np.asarray(held_out[1])
    ece = reliability.expected_calibration_error(proba.max(axis=1), proba.argmax(axis=1) == truth)
    return {"held_out": int(len(truth)), "ece": ece, "unsure": unsure.to_dict()}


def _to_cpu(classifier):
    """Models are stored and used for prediction on the CPU unless asked otherwise."""
    if hasattr(classifier, "to"):
        return classifier.to("cpu")
    return classifier


def _json_safe(values: dict[str, Any]) -> dict[str, Any]:
    safe = {}
    for key, value in values.items():
        safe[key] = value.item() if isinstance(value, np.generic) else value
    return safe


def evaluate_folder(model: TrainedModel, folder: Path, device: str = "auto", cancel=None,
                    follow_links: bool = False) -> Generator[Event, None, metrics.Evaluation]:
    """Measure a trained model on a labelled folder (class sub-folders named like the model's classes)."""
    report = yield from training_data.scan_usable(Path(folder), cancel, follow_links)
    dataset = report.dataset
    known = {name: i for i, name in enumerate(model.class_names)}
    unknown = sorted(set(dataset.class_names) - set(known))
    if unknown:
        yield Message(translate("Skipped the classes the model does not know: {unknown}. The model knows: {known}. "
                                "Rename a folder to match (for example 'rose' and 'roses' are different "
                                "names).").format(unknown=", ".join(unknown), known=", ".join(model.class_names)),
                      "warning")
    samples = [s for s in dataset.samples if dataset.class_names[s.label] in known]
    if not samples:
        raise UserError(translate("None of the class folders in {folder} matches the model's classes ({known}).")
                        .format(folder=folder, known=", ".join(model.class_names)))
    warning = training_data.seen_warning(model.training_info, Path(folder), samples)
    if warning:
        yield Message(warning, "warning")
    yield Phase("features", translate("Computing features"))
    result = yield from features.extract_features(model.feature_settings, [s.path for s in samples],
                                                  [s.digest for s in samples], devices.resolve_device(device),
                                                  cancel=cancel)
    for problem in result.problems:
        yield Message(training_data.problem_line(problem), "warning")
    ok = np.asarray(result.ok, dtype=bool)
    if not ok.any():
        raise UserError(translate("None of the pictures could be read."))
    yield Phase("evaluate", translate("Testing on {pictures}").format(pictures=pictures_text(int(ok.sum()))))
    y_true = np.array([known[dataset.class_names[s.label]] for s in samples], dtype=np.int64)[ok]
    proba = model.probabilities(result.features[ok])
    kept_paths = [str(s.path) for s, keep in zip(samples, ok) if keep]
    return metrics.evaluate(y_true, proba, model.class_names, kept_paths)

