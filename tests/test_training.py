"""The whole job as a stream of events, and the model file it produces."""
from __future__ import annotations

import os
import json
import threading
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core import events
from desktop_app.core.classifiers import registry
from desktop_app.core.errors import UserError
from desktop_app.core.events import (
    Cancelled,
    CancelToken,
    CrossValidationPoint,
    EpochMetrics,
    Finished,
    HyperparametersChosen,
    LossPoint,
    Phase,
    Progress,
    run_to_completion,
)
from desktop_app.core.modelfile.model_file import load_model, save_model
from desktop_app.core.modelfile.model_archive import ModelFileError
from desktop_app.core.training import TrainingConfig, evaluate_folder, run_training
from tests.conftest import write_class_folders


def train(folder: Path, **kwargs):
    collected: list = []
    config = TrainingConfig(data_dir=folder, device="cpu", **kwargs)
    result = run_to_completion(run_training(config), collected.append)
    return result, collected


@pytest.fixture(scope="module")
def trained_knn(tmp_path_factory):
    folder = write_class_folders(tmp_path_factory.mktemp("knn") / "data", per_class=12)
    result, collected = train(folder, classifier="knn", features="pixels")
    return folder, result, collected


def test_knn_pipeline_reports_phases_cross_validation_and_a_good_test_accuracy(trained_knn):
    folder, result, collected = trained_knn
    phases = [e.name for e in collected if isinstance(e, Phase)]
    assert phases[:4] == ["scan", "features", "search", "fit"] and phases[-1] == "evaluate"
    cv_points = [e for e in collected if isinstance(e, CrossValidationPoint)]
    assert {p.distance for p in cv_points} == {"l1", "l2", "cosine"}
    assert all(0.0 <= p.mean_accuracy <= 1.0 and p.std_accuracy >= 0 for p in cv_points)
    chosen = [e for e in collected if isinstance(e, HyperparametersChosen)]
    assert len(chosen) == 1 and set(chosen[0].params) == {"k", "distance"}
    assert isinstance(collected[-1], Finished)
    assert result.evaluation.accuracy >= 0.8
    # test pictures are never used for training: train + val + test = all 36 pictures, disjoint
    counts = result.model.training_info["counts"]
    assert counts["test"] > 0 and sum(counts.values()) == 36
    training = set(result.model.training_paths)
    assert len(training) == counts["train"] + counts["val"]
    all_files = {str(p) for p in folder.rglob("*.png")}
    assert len(all_files - training) == counts["test"]


@pytest.mark.parametrize("classifier", [spec.name for spec in registry.specs() if spec.settings_search == "validation"])
def test_linear_pipeline_streams_loss_and_epoch_accuracy(image_folder, classifier):
    result, collected = train(image_folder, classifier=classifier, features="pixels",
                              hyperparameters={"epochs": 15})
    losses = [e for e in collected if isinstance(e, LossPoint) and e.run == "final"]
    epochs = [e for e in collected if isinstance(e, EpochMetrics) and e.run == "final"]
    assert losses and epochs
    assert all(np.isfinite(p.loss) for p in losses)
    assert losses[-1].loss < losses[0].loss  # it learns
    chosen = [e for e in collected if isinstance(e, HyperparametersChosen)][0]
    assert {"learning_rate", "regularization"} <= set(chosen.params)
    assert result.evaluation.accuracy >= 0.8
    assert result.model.metrics["test_accuracy"] == pytest.approx(result.evaluation.accuracy)


def test_progress_events_count_up_to_their_total(trained_knn):
    _, _, collected = trained_knn
    feature_progress = [e for e in collected if isinstance(e, Progress) and e.phase == "features"]
    assert feature_progress and feature_progress[-1].done == feature_progress[-1].total == 36


def test_fixed_hyperparameters_are_used_without_search(image_folder):
    result, collected = train(image_folder, classifier="knn", features="pixels", auto_tune=False,
                              hyperparameters={"k": 3, "distance": "l1"})
    # no search: cross-validation runs the given setting only, to calibrate the votes
    points = [(e.k, e.distance) for e in collected if isinstance(e, CrossValidationPoint)]
    assert points == [(3, "l1")]
    assert result.model.hyperparameters["k"] == 3 and result.model.hyperparameters["distance"] == "l1"
    assert result.model.classifier.smoothing > 0


def test_given_test_folder_is_used_as_is(split_image_folder):
    result, _ = train(split_image_folder / "train", classifier="softmax", features="pixels",
                      test_dir=split_image_folder / "test", hyperparameters={"epochs": 10})
    assert result.model.training_info["counts"]["test"] == 15
    assert result.model.training_info["counts"]["train"] + result.model.training_info["counts"]["val"] == 36


def test_train_test_folder_layout_keeps_its_split(split_image_folder):
    result, _ = train(split_image_folder, classifier="knn", features="pixels")
    assert result.model.training_info["counts"]["test"] == 15


def test_same_seed_gives_the_same_model(image_folder):
    first, _ = train(image_folder, classifier="softmax", features="pixels", hyperparameters={"epochs": 5})
    second, _ = train(image_folder, classifier="softmax", features="pixels", hyperparameters={"epochs": 5})
    x = np.random.default_rng(0).random((4, 32 * 32 * 3)).astype(np.float32) * 255
    assert np.allclose(first.model.probabilities(x), second.model.probabilities(x))


def test_cancel_stops_within_a_second_and_raises_cancelled(image_folder):
    cancel = CancelToken()
    config = TrainingConfig(data_dir=image_folder, classifier="softmax", features="pixels", device="cpu",
                            hyperparameters={"epochs": 100000}, auto_tune=False)
    gen = run_training(config, cancel)
    stopped_at = None
    with pytest.raises(Cancelled):
        for event in gen:
            if isinstance(event, LossPoint) and stopped_at is None:
                cancel.cancel()
                stopped_at = time.perf_counter()
    assert stopped_at is not None and time.perf_counter() - stopped_at < 1.0


def test_one_class_is_refused_with_a_plain_message(tmp_path):
    write_class_folders(tmp_path / "one", classes={"only": ((200, 0, 0), "ellipse")}, per_class=6)
    with pytest.raises(UserError, match="at least two classes"):
        train(tmp_path / "one", classifier="knn", features="pixels")


def test_bad_files_are_skipped_and_reported_not_fatal(image_folder):
    (image_folder / "circles" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (image_folder / "squares" / "notes.txt").write_text("hello")
    result, collected = train(image_folder, classifier="knn", features="pixels")
    warnings = [e.text for e in collected if isinstance(e, events.Message) and e.level == "warning"]
    assert any("broken.jpg" in text for text in warnings)
    assert result.evaluation.accuracy >= 0.8


# -- model file ----------------------------------------------------------------------------------------------------
def test_model_round_trip_predicts_the_same(trained_knn, tmp_path):
    folder, result, _ = trained_knn
    path = save_model(result.model, tmp_path / "model.psmodel")
    loaded = load_model(path)
    files = sorted((folder / "stripes").glob("*.png"))[:3] + sorted((folder / "circles").glob("*.png"))[:2]
    before = run_to_completion(result.model.predict_paths(files))
    after = run_to_completion(loaded.predict_paths(files))
    assert [p.label for p in before] == [p.label for p in after]
    assert [p.label for p in after] == ["stripes"] * 3 + ["circles"] * 2
    assert np.allclose([p.probability for p in before], [p.probability for p in after])
    assert loaded.class_names == result.model.class_names
    assert loaded.metrics["test_accuracy"] == pytest.approx(result.evaluation.accuracy)
    assert loaded.versions["torch"] and loaded.created


def test_model_file_holds_json_and_safetensors_only(trained_knn, tmp_path):
    _, result, _ = trained_knn
    path = save_model(result.model, tmp_path / "m.psmodel")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["model.json", "tensors.safetensors"]
        meta = json.loads(archive.read("model.json"))
    assert meta["class_names"] == ["circles", "squares", "stripes"]
    assert meta["features"]["kind"] == "pixels"


def test_saving_is_atomic_when_interrupted(trained_knn, tmp_path, monkeypatch):
    _, result, _ = trained_knn
    path = save_model(result.model, tmp_path / "m.psmodel")
    good = path.read_bytes()
    import desktop_app.core.modelfile.model_file as model_file

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # e.g. the user kills the app while saving

    monkeypatch.setattr(os, "replace", crash)  # the atomic writer swaps the file in with os.replace
    with pytest.raises(KeyboardInterrupt):
        save_model(result.model, path)
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["m.psmodel"]  # no temporary file left behind


@pytest.mark.parametrize("damage, message", [
    (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "damaged"),
    (lambda p: p.write_bytes(b"just some text"), "damaged or is not a model file"),
    (lambda p: _rewrite_json(p, lambda m: m.update(format="something-else")), "not a model file"),
    (lambda p: _rewrite_json(p, lambda m: m.update(format_version=99)), "newer"),
    (lambda p: _rewrite_json(p, lambda m: m.pop("classifier")), "damaged or incomplete"),
])
def test_bad_model_files_get_a_clear_message(trained_knn, tmp_path, damage, message):
    _, result, _ = trained_knn
    path = save_model(result.model, tmp_path / "m.psmodel")
    damage(path)
    with pytest.raises(ModelFileError, match=message):
        load_model(path)


def test_missing_model_file_is_a_user_error(tmp_path):
    with pytest.raises(ModelFileError, match="does not exist"):
        load_model(tmp_path / "nope.psmodel")


def _rewrite_json(path: Path, change) -> None:
    with zipfile.ZipFile(path) as archive:
        meta = json.loads(archive.read("model.json"))
        tensors = archive.read("tensors.safetensors")
    change(meta)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("model.json", json.dumps(meta))
        archive.writestr("tensors.safetensors", tensors)


def test_prediction_reports_unreadable_files_and_goes_on(trained_knn, tmp_path):
    folder, result, _ = trained_knn
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a picture")
    good = sorted((folder / "squares").glob("*.png"))[0]
    predictions = run_to_completion(result.model.predict_paths([bad, good]))
    assert predictions[0].error and predictions[0].label is None
    assert predictions[1].label == "squares" and predictions[1].error is None
    top_probabilities = [p for _, p in predictions[1].top]
    assert len(top_probabilities) == 3 and top_probabilities == sorted(top_probabilities, reverse=True)
    assert top_probabilities[0] == predictions[1].probability


def test_evaluate_folder_measures_a_saved_model(trained_knn, tmp_path):
    _, result, _ = trained_knn
    fresh = write_class_folders(tmp_path / "fresh", per_class=4, seed=7)
    evaluation = run_to_completion(evaluate_folder(result.model, fresh, device="cpu"))
    assert evaluation.accuracy >= 0.75
    assert np.asarray(evaluation.confusion).sum() == 12


def test_a_knn_model_names_the_training_pictures_nearest_to_a_picture(trained_knn, tmp_path):
    """The Evaluate tab's neighbour view asks the core: the picture goes through the model's own pipeline, and
    a training picture's nearest training picture is itself, at distance 0, with its own class."""
    _, result, _ = trained_knn
    model = load_model(save_model(result.model, tmp_path / "knn.psmodel"))
    assert model.keeps_training_pictures
    picture = model.training_paths[3]
    nearest = model.nearest_training_pictures(picture, k=4)
    assert len(nearest) == 4 and nearest[0].path == picture and nearest[0].distance == pytest.approx(0, abs=1e-4)
    assert nearest[0].class_name == Path(picture).parent.name
    assert [n.distance for n in nearest] == sorted(n.distance for n in nearest)
    assert all(n.class_name in model.class_names for n in nearest)
