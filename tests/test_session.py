"""The session model (desktop_app/session.py) without Qt: what it holds, what it announces, when it asks to save."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.data.dataset import Dataset, Sample
from desktop_app.core.classifiers.reliability import DEFAULT_UNSURE_THRESHOLD
from desktop_app.session import ClassifierChoice, Session, SplitSettings


@dataclass
class FakeModel:
    """As much of a TrainedModel as the session looks at."""

    classifier: object = field(default_factory=object)
    unsure_threshold: float = 0.8


@dataclass(frozen=True)
class FakeDeviceReport:
    auto: str


def recorder(announcement) -> list:
    heard = []
    announcement.connect(lambda *args: heard.append(args))
    return heard


def two_class_dataset() -> Dataset:
    samples = [Sample(Path(f"/pictures/{name}/{i}.png"), label, None, f"{label}{i}")
               for label, name in enumerate(("a", "b")) for i in range(3)]
    return Dataset(["a", "b"], samples, Path("/pictures"))


def test_settings_are_announced_once_per_real_change():
    session = Session()
    splits, choices, devices = (recorder(session.split_changed), recorder(session.choice_changed),
                                recorder(session.device_changed))
    session.set_split(SplitSettings())  # the same as before: nothing to say
    session.set_split(SplitSettings(0.2, 0.1, 7))
    session.set_choice(ClassifierChoice("knn", "pixels", False, {"k": 3}))
    session.set_force_cpu(False)
    session.set_force_cpu(True)
    assert splits == [(SplitSettings(0.2, 0.1, 7),)]
    assert choices == [(ClassifierChoice("knn", "pixels", False, {"k": 3}),)]
    assert len(devices) == 1


def test_training_values_come_from_the_session_with_a_snapshot_of_the_dataset():
    session = Session()
    dataset = two_class_dataset()
    session.set_dataset(dataset)
    session.set_split(SplitSettings(0.25, 0.0, 3))
    session.set_choice(ClassifierChoice("svm", "pixels", True, {"epochs": 5}))
    session.set_force_cpu(True)
    values = session.training_values()
    assert (values["val_fraction"], values["test_fraction"], values["seed"]) == (0.25, 0.0, 3)
    assert (values["classifier"], values["features"], values["device"]) == ("svm", "pixels", "cpu")
    assert values["hyperparameters"] == {"epochs": 5} and values["data_dir"] == Path("/pictures")
    # a class edit in the window after the start does not reach the worker's copy
    dataset.rename_class("a", "c")
    assert values["dataset"] is not dataset and values["dataset"].class_names == ["a", "b"]


def test_compute_device_follows_the_preference_and_the_devices_found():
    session = Session()
    assert session.compute_device() == "cpu"  # still looking: never wait for a driver
    session.set_device_report(FakeDeviceReport("cuda"))
    assert session.compute_device() == "cuda" and not session.cpu_chosen_over_gpu
    session.set_force_cpu(True)
    assert session.compute_device() == "cpu" and session.cpu_chosen_over_gpu


def test_a_trained_model_is_unsaved_until_written_with_the_threshold_in_use():
    session = Session()
    models, thresholds = recorder(session.model_changed), recorder(session.threshold_changed)
    model = FakeModel(unsure_threshold=0.8)
    session.set_model(model, "evaluation")
    assert models == [(model, "evaluation")] and thresholds[-1] == (0.8,)
    assert session.needs_saving and session.unsure_threshold == 0.8
    session.set_threshold(0.6)
    to_save = session.model_to_save()
    assert to_save.unsure_threshold == 0.6 and model.unsure_threshold == 0.8  # the copy carries it
    session.mark_saved(to_save, "/models/m.psmodel")
    assert not session.needs_saving and session.model_source == "/models/m.psmodel"
    assert session.model is model and session.unsure_threshold == 0.6


def test_moving_the_threshold_of_a_model_from_a_file_makes_it_worth_saving():
    session = Session()
    session.set_model(FakeModel(unsure_threshold=0.9), None, source="/models/m.psmodel")
    assert not session.needs_saving
    session.set_threshold(0.9)  # unchanged
    assert not session.needs_saving
    session.set_threshold(0.75)
    assert session.needs_saving and session.unsure_threshold == 0.75
    session.set_threshold(7)  # a share, kept within 0..1
    assert session.unsure_threshold == 1.0


def test_a_save_of_an_older_model_does_not_mark_the_new_one_saved():
    session = Session()
    old = FakeModel()
    session.set_model(old)
    written = session.model_to_save()
    session.set_model(FakeModel())  # trained again while the old one was being written
    session.mark_saved(written, "/models/old.psmodel")
    assert session.needs_saving and session.model_source == ""


def test_no_model_means_nothing_to_save_and_the_default_threshold():
    session = Session()
    session.set_model(FakeModel(unsure_threshold=0.7))
    session.set_model(None)
    assert not session.needs_saving and session.unsure_threshold == DEFAULT_UNSURE_THRESHOLD
    session.set_threshold(0.3)
    assert not session.needs_saving and session.model_to_save() is None


def test_a_model_fits_only_the_dataset_version_it_was_trained_on():
    session = Session()
    dataset = two_class_dataset()
    session.set_dataset(dataset)
    session.set_model(FakeModel(), trained_on=session.dataset_version)
    assert session.model_fits_dataset
    dataset.remove_class("b")
    session.set_dataset(dataset)  # the same object, edited: another version
    assert not session.model_fits_dataset
    session.set_model(FakeModel(), source="/models/m.psmodel")
    assert not session.model_fits_dataset  # a file: trained on pictures not open here


def test_training_state_is_announced():
    session = Session()
    heard = recorder(session.training_changed)
    session.set_training(True)
    session.set_training(True)
    session.set_training(False)
    assert heard == [(True,), (False,)] and not session.training


def test_the_session_imports_no_qt():
    code = ("import sys, desktop_app.session\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'desktop_app.gui'))]\n"
            "print(bad)\n"
            "sys.exit(bool(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stdout + result.stderr
