"""The time said before training: the features still to compute count (at this computer's measured speed),
features already in the cache count as free, and the classifier's cost grows with the pictures as it really does."""
from __future__ import annotations

from desktop_app.core import estimates, paths
from desktop_app.core.classifiers import registry
from desktop_app.core.data.folder_scan import scan
from desktop_app.core.events import run_to_completion
from desktop_app.core.extraction.features import FeatureSettings
from desktop_app.core.training import TrainingConfig, run_training
from tests.conftest import write_class_folders


def _estimate(dataset):
    digests = [s.digest for s in dataset.samples]
    return estimates.estimate(digests, len(digests), len(dataset.class_names), "softmax", "pixels", image_size=8,
                              device="cpu")


def test_the_estimate_counts_the_features_still_to_compute_and_cached_ones_as_free(tmp_path):
    dataset = scan(write_class_folders(tmp_path / "data", per_class=10)).dataset
    before = _estimate(dataset)
    assert before.pictures == 30 and before.to_extract == 30
    assert before.feature_seconds > 0 and before.seconds > before.training_seconds
    assert not before.measured  # a first guess: this computer has not trained yet
    run_to_completion(run_training(TrainingConfig(dataset=dataset, classifier="softmax", features="pixels",
                                                  image_size=8, device="cpu", auto_tune=False,
                                                  hyperparameters={"epochs": 2})))
    after = _estimate(dataset)
    assert after.to_extract == 0 and after.feature_seconds == 0  # every feature is in the cache now
    assert after.measured and after.seconds == after.training_seconds
    # the speed the run measured is the one used for new pictures of the same kind
    per_picture, measured = estimates.feature_seconds_per_picture(FeatureSettings("pixels", 8), "cpu")
    assert measured and per_picture > 0


def test_copies_and_pictures_without_a_digest_count_as_they_cost():
    settings = FeatureSettings("pixels", 8)
    assert estimates.pictures_to_extract(settings, ["a", "a", "b", None, None]) == 4  # "a" once, no digest twice


def test_knn_is_not_instant_its_cost_grows_with_the_square_of_the_pictures():
    knn = registry.get("knn")
    small = knn.training_cost(1000, 1280, 5, True)
    large = knn.training_cost(3670, 1280, 5, True)
    assert 30 <= large <= 120  # measured 44-105 s on 3,670 photos
    assert large / small > 10  # about (3670 / 1000) ** 2
    assert "instant" not in knn.description


def test_a_cache_folder_that_cannot_be_written_only_means_first_guesses(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("DESKTOP_APP_CACHE_DIR", str(blocked))
    monkeypatch.setattr(paths, "_cache_problem", None)  # the one warning it notes stays with this test
    monkeypatch.setattr(paths, "_cache_problem_shown", False)
    estimates.remember_training("softmax", "cpu", 100, 64, 3, True, 5.0)  # says nothing, raises nothing
    seconds, measured = estimates.training_seconds("softmax", 100, 64, 3, True)
    assert seconds > 0 and not measured
