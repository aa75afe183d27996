"""The state a user works with, in one place (the role napari's ViewerModel plays): the dataset, how it is
shared out, the classifier choice, the device preference, the model in use with its evaluation, the "unsure"
threshold in use, whether the model is saved, and whether a training run is going on.

No Qt here: the window's tabs read and write one ``Session`` and follow its announcements (plain callbacks,
called on the thread that changed the session: in the window always the GUI thread). The CLI may use it too.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from desktop_app.core.classifiers.registry import DEFAULT_CLASSIFIER  # plain data: no torch
from desktop_app.core.classifiers.reliability import DEFAULT_UNSURE_THRESHOLD  # NumPy only: the window imports it early


class Announcement:
    """A list of callbacks called with the same arguments, in the order they were connected."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        for callback in list(self._callbacks):
            callback(*args)


@dataclass(frozen=True)
class SplitSettings:
    """How the pictures are shared out: fractions set aside for validation and test, and the random seed."""

    val_fraction: float = 0.15
    test_fraction: float = 0.15
    seed: int = 0


@dataclass(frozen=True)
class ClassifierChoice:
    """Which classifier on which features, whether its settings are searched, and the settings that apply."""

    classifier: str = DEFAULT_CLASSIFIER
    features: str = "pretrained"
    auto_tune: bool = True
    hyperparameters: dict[str, Any] = field(default_factory=dict)


def dataset_snapshot(dataset):
    """A copy of a core Dataset that a worker thread may read while the window edits the original (class edits
    replace its samples list and class names)."""
    if dataset is None:
        return None
    return type(dataset)(list(dataset.class_names), list(dataset.samples), dataset.root,
                         dataset.has_predefined_splits)


class Session:
    """Everything the user is working with. Change it only through its methods: each one announces itself."""

    def __init__(self) -> None:
        self.dataset = None  # core.dataset.Dataset | None
        self.dataset_version = 0  # goes up with every new or edited dataset
        self.split = SplitSettings()
        self.choice = ClassifierChoice()
        self.force_cpu = False
        self.device_report = None  # core.devices.DeviceReport once the devices have been found
        self.model = None  # model_file.TrainedModel | None: the model Evaluate and Predict use
        self.evaluation = None  # metrics.Evaluation | None: its test results
        self.model_source = ""  # "" (trained in this session) or the file it was opened from / saved to
        self.model_dataset_version: int | None = None  # the dataset version it was trained on (None: a file)
        self.saved = True  # False: the model in use (or its threshold) exists only in memory
        self.unsure_threshold = DEFAULT_UNSURE_THRESHOLD
        self.training = False

        self.dataset_changed = Announcement()  # (dataset)
        self.split_changed = Announcement()  # (SplitSettings)
        self.choice_changed = Announcement()  # (ClassifierChoice)
        self.device_changed = Announcement()  # ()
        self.model_changed = Announcement()  # (model, evaluation)
        self.threshold_changed = Announcement()  # (threshold)
        self.saved_changed = Announcement()  # (saved)
        self.training_changed = Announcement()  # (running)

    # -- dataset and settings ----------------------------------------------------------------------------------
    def set_dataset(self, dataset) -> None:
        """A new dataset, or the same one after a class edit (either way the earlier facts no longer hold)."""
        self.dataset = dataset
        self.dataset_version += 1
        self.dataset_changed.emit(dataset)

    def set_split(self, split: SplitSettings) -> None:
        if split != self.split:
            self.split = split
            self.split_changed.emit(split)

    def set_choice(self, choice: ClassifierChoice) -> None:
        if choice != self.choice:
            self.choice = choice
            self.choice_changed.emit(choice)

    def set_force_cpu(self, force_cpu: bool) -> None:
        if bool(force_cpu) != self.force_cpu:
            self.force_cpu = bool(force_cpu)
            self.device_changed.emit()

    def set_device_report(self, report) -> None:
        self.device_report = report
        self.device_changed.emit()

    def compute_device(self) -> str:
        """"cpu" when the user chose it or while the devices are still being looked for, else the best found."""
        if self.force_cpu or self.device_report is None:
            return "cpu"
        return self.device_report.auto

    @property
    def cpu_chosen_over_gpu(self) -> bool:
        """The user chose the CPU although a faster device was found."""
        return self.force_cpu and self.device_report is not None and self.device_report.auto != "cpu"

    def training_values(self) -> dict[str, Any]:
        """The TrainingConfig fields as the user set them; the dataset is a snapshot the worker may read."""
        dataset = dataset_snapshot(self.dataset)
        return dict(
            data_dir=dataset.root if dataset is not None else None,
            dataset=dataset,
            classifier=self.choice.classifier,
            features=self.choice.features,
            device="cpu" if self.force_cpu else "auto",
            seed=self.split.seed,
            val_fraction=self.split.val_fraction,
            test_fraction=self.split.test_fraction,
            auto_tune=self.choice.auto_tune,
            hyperparameters=dict(self.choice.hyperparameters),
        )

    # -- the model in use --------------------------------------------------------------------------------------
    def set_model(self, model, evaluation=None, source: str = "", trained_on: int | None = None) -> None:
        """The model now in use: trained just now (``source`` "", unsaved) or read from the file ``source``.
        Its own "unsure" threshold becomes the one in use."""
        self.model, self.evaluation = model, evaluation
        self.model_source = source
        self.model_dataset_version = trained_on
        self.unsure_threshold = float(getattr(model, "unsure_threshold", DEFAULT_UNSURE_THRESHOLD)
                                      if model is not None else DEFAULT_UNSURE_THRESHOLD)
        self.saved = model is None or bool(source)
        self.model_changed.emit(model, evaluation)
        self.threshold_changed.emit(self.unsure_threshold)
        self.saved_changed.emit(self.saved)

    def set_threshold(self, threshold: float) -> None:
        """The user moved the "unsure" threshold (Evaluate or Predict): kept with the model when it is saved."""
        threshold = min(1.0, max(0.0, float(threshold)))
        if abs(threshold - self.unsure_threshold) < 1e-9:
            return
        self.unsure_threshold = threshold
        self.threshold_changed.emit(threshold)
        if self.model is not None and self.saved:
            self.saved = False
            self.saved_changed.emit(False)

    def model_to_save(self):
        """The model as it should be written: with the threshold in use (a copy; the one in use is untouched)."""
        if self.model is None:
            return None
        if getattr(self.model, "unsure_threshold", None) == self.unsure_threshold:
            return self.model
        return replace(self.model, unsure_threshold=self.unsure_threshold)

    def mark_saved(self, model, path: str) -> None:
        """``model`` (from ``model_to_save``) was written to ``path``; nothing happens if another came since."""
        if self.model is None:
            return
        if model is not self.model and getattr(model, "classifier", None) is not self.model.classifier:
            return
        self.model_source = str(path)
        if getattr(model, "unsure_threshold", None) == self.unsure_threshold:
            self.saved = True
        self.saved_changed.emit(self.saved)

    @property
    def output_folder(self) -> Path | None:
        """Where a new file is first offered: beside the model file in use, else beside the dataset folder."""
        if self.model_source:
            return Path(self.model_source).parent
        root = getattr(self.dataset, "root", None)
        return Path(root).parent if root else None

    @property
    def needs_saving(self) -> bool:
        """A model (or a change to it) that would be lost: quitting or replacing it should ask first."""
        return self.model is not None and not self.saved

    @property
    def model_fits_dataset(self) -> bool:
        """The model in use was trained on the dataset now open, as it is now."""
        return self.model is not None and self.model_dataset_version == self.dataset_version

    # -- training ----------------------------------------------------------------------------------------------
    def set_training(self, running: bool) -> None:
        if bool(running) != self.training:
            self.training = bool(running)
            self.training_changed.emit(self.training)
