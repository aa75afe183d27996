"""Calibration through the whole training job, on picture folders written here with a known share of wrong labels."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch

from desktop_app.core.classifiers import calibration, registry
from desktop_app.core.events import Cancelled, CancelToken, Progress, run_to_completion
from desktop_app.core.modelfile.model_file import load_model, save_model
from desktop_app.core.modelfile.model_archive import ModelFileError
from desktop_app.core.training import TrainingConfig, run_training
from tests.conftest import CLASS_STYLES, draw_example

NOISE = 0.2  # every fifth picture of a folder is drawn as another class: honest confidence is about 0.8
SHOWN_AS_100 = 0.9995  # "100.0 %" on screen


def write_noisy_folders(root: Path, per_class: int, seed: int, noise_every: int | None = 5) -> Path:
    """One folder per class; with ``noise_every`` = 5, pictures 0, 5, 10, ... show the next class's drawing."""
    rng = np.random.default_rng(seed)
    styles = list(CLASS_STYLES.items())
    for c, (name, _) in enumerate(styles):
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            drawn = (c + 1) % len(styles) if noise_every and i % noise_every == 0 else c
            colour, style = styles[drawn][1]
            draw_example(style, colour, rng, 32).save(root / name / f"{name}_{seed}_{i:03d}.png")
    return root


@pytest.fixture(scope="module")
def noisy_sets(tmp_path_factory):
    root = tmp_path_factory.mktemp("noisy")
    return write_noisy_folders(root / "train", 100, seed=1), write_noisy_folders(root / "test", 100, seed=2)


def train(train_dir: Path, test_dir: Path | None, classifier: str, cancel=None, on_event=None):
    config = TrainingConfig(data_dir=train_dir, test_dir=test_dir, classifier=classifier, features="pixels",
                            device="cpu")
    return run_to_completion(run_training(config, cancel), on_event)


@pytest.fixture(scope="module")
def trained_on_noisy_sets(noisy_sets):
    """Each classifier trained once on the noisy sets, for the tests that only read the result (seconds each)."""
    results = {}

    def result_of(classifier: str):
        if classifier not in results:
            results[classifier] = train(*noisy_sets, classifier)
        return results[classifier]

    return result_of


@pytest.mark.parametrize("classifier", registry.names())
def test_every_classifier_is_calibrated_on_held_out_pictures_with_a_known_noise_rate(trained_on_noisy_sets,
                                                                                     classifier):
    result = trained_on_noisy_sets(classifier)
    evaluation = result.evaluation
    assert evaluation.n_examples == 300
    assert evaluation.accuracy == pytest.approx(1 - NOISE, abs=0.05)  # the drawings themselves are easy
    # confident answers would be wrong a fifth of the time: the percentages must say about 80 %
    assert float(np.mean(evaluation.confidence)) == pytest.approx(evaluation.accuracy, abs=0.05)
    assert evaluation.ece < 0.06
    assert float(evaluation.confidence.max()) < SHOWN_AS_100


def test_linear_calibration_comes_from_every_training_picture_and_survives_the_refit_and_saving(
        trained_on_noisy_sets, tmp_path):
    result = trained_on_noisy_sets("softmax")
    model = result.model
    counts = model.training_info["counts"]
    # out-of-fold: every training and validation picture was held out once (not only the validation share)
    assert model.metrics["calibration"]["held_out"] == counts["train"] + counts["val"] == 300
    temperature, share = model.hyperparameters["temperature"], model.hyperparameters["uniform_share"]
    assert model.classifier.temperature_ == temperature and model.classifier.uniform_share_ == share
    low, high = calibration.TEMPERATURE_RANGE
    assert low <= temperature <= high and calibration.MIN_UNIFORM_SHARE <= share < 1
    confidence_map = model.classifier.confidence_map
    assert confidence_map and len(confidence_map["top"]) == len(confidence_map["confidence"])
    assert "confidence_map" not in model.hyperparameters  # the listed settings stay readable
    path = save_model(model, tmp_path / "noisy.psmodel")
    again = load_model(path)
    assert (again.classifier.temperature_, again.classifier.uniform_share_) == (temperature, share)
    assert again.classifier.confidence_map == confidence_map
    x = np.random.default_rng(0).random((5, 32 * 32 * 3)).astype(np.float32) * 255
    assert np.allclose(again.probabilities(x), model.probabilities(x), atol=1e-6)


@pytest.mark.parametrize("classifier", registry.names())
def test_no_answer_is_shown_at_100_percent_even_when_every_held_out_answer_was_right(tmp_path, classifier):
    root = tmp_path / "clean"
    train_dir = write_noisy_folders(root / "train", 30, seed=3, noise_every=None)
    test_dir = write_noisy_folders(root / "test", 20, seed=4, noise_every=None)
    evaluation = train(train_dir, test_dir, classifier).evaluation
    assert evaluation.accuracy == 1.0
    assert float(evaluation.confidence.max()) < SHOWN_AS_100
    assert float(evaluation.confidence.min()) > 0.9  # still confident: it was right every time


def test_perfect_held_out_scores_still_keep_the_smallest_uniform_share():
    scores = np.array([[9.0, -9.0], [-9.0, 9.0]] * 50)
    temperature, share = calibration.fit_temperature(scores, np.array([0, 1] * 50))
    assert share >= calibration.MIN_UNIFORM_SHARE
    top = calibration.mixed_softmax(torch.as_tensor(scores), temperature, share).max()
    assert float(top) < SHOWN_AS_100


def test_cancel_during_the_out_of_fold_calibration_stops_training(noisy_sets):
    cancel = CancelToken()
    seen = []

    def stop_at_calibration(event) -> None:
        if isinstance(event, Progress) and event.message.startswith("Calibrating the percentages"):
            seen.append(event)
            cancel.cancel()

    with pytest.raises(Cancelled):
        train(*noisy_sets, "svm", cancel=cancel, on_event=stop_at_calibration)
    assert len(seen) == 1  # the next fold never finished


def test_a_damaged_confidence_map_is_refused_when_the_model_is_loaded(trained_on_noisy_sets, tmp_path):
    model = trained_on_noisy_sets("knn").model
    path = save_model(model, tmp_path / "knn.psmodel")
    with zipfile.ZipFile(path) as archive:
        meta, tensors = json.loads(archive.read("model.json")), archive.read("tensors.safetensors")
    meta["classifier"]["hyperparameters"]["confidence_map"] = {"top": [0.9, 0.5], "confidence": [0.5, 0.9]}
    damaged = tmp_path / "damaged.psmodel"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("model.json", json.dumps(meta))
        archive.writestr("tensors.safetensors", tensors)
    with pytest.raises(ModelFileError, match="confidence_map"):
        load_model(damaged)
