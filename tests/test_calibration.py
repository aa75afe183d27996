"""Honest answers: calibrated probabilities, the "unsure" threshold, one tie rule, raw-pixel kNN, one CSV format."""
from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch

from desktop_app.core.classifiers import calibration, reliability, search
from desktop_app.core import metrics
from desktop_app.core.classifiers.knn import KNNClassifier, vote
from desktop_app.core.classifiers.linear import LinearSVMClassifier, SoftmaxClassifier
from desktop_app.core.output.csv_output import prediction_rows, write_predictions_csv
from desktop_app.core.events import run_to_completion
from desktop_app.core.modelfile.model_file import Prediction, TrainedModel, load_model, mark_unsure, save_model
from desktop_app.core.training import TrainingConfig, run_training
from tests.conftest import write_class_folders

NOISE = 0.2  # share of labels replaced by another class: the best possible accuracy is 0.8


def noisy_blobs(n: int, seed: int, n_classes: int = 3, d: int = 8):
    """Well separated blobs whose labels are wrong NOISE of the time: honest confidence is about 0.8."""
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(123).normal(0, 4.0, size=(n_classes, d))
    clean = rng.integers(0, n_classes, n)
    X = (centres[clean] + rng.normal(0, 1.0, size=(n, d))).astype(np.float32)
    flip = rng.random(n) < NOISE
    y = np.where(flip, (clean + rng.integers(1, n_classes, n)) % n_classes, clean)
    return X, y.astype(np.int64)


def ece_of(proba: np.ndarray, y: np.ndarray) -> float:
    return reliability.expected_calibration_error(proba.max(axis=1), proba.argmax(axis=1) == y)


# -- calibration end to end -----------------------------------------------------------------------------------

@pytest.mark.parametrize("cls", [SoftmaxClassifier, LinearSVMClassifier])
def test_linear_models_are_calibrated_on_a_held_out_noisy_set(cls):
    X, y = noisy_blobs(900, 0)
    Xv, yv = noisy_blobs(600, 1)
    Xt, yt = noisy_blobs(3000, 2)
    model = cls(learning_rate=0.01, regularization=1e-3, epochs=10, seed=0).fit(X, y, Xv, yv)
    proba = model.predict_proba(Xt)
    accuracy = float((proba.argmax(1) == yt).mean())
    assert accuracy == pytest.approx(1 - NOISE, abs=0.04)
    assert ece_of(proba, yt) < 0.04
    assert float(proba.max(1).mean()) == pytest.approx(accuracy, abs=0.04)
    # the temperature found on validation data is kept by a refit that has no validation data
    refit = cls(learning_rate=0.01, regularization=1e-3, epochs=10, seed=0, temperature=model.temperature_,
                uniform_share=model.uniform_share_).fit(np.r_[X, Xv], np.r_[y, yv])
    assert refit.temperature_ == model.temperature_ and model.uniform_share_ > 0  # noisy labels: a ceiling
    assert ece_of(refit.predict_proba(Xt), yt) < 0.05


def test_knn_votes_are_calibrated_by_cross_validation_and_k1_is_not_certain():
    X, y = noisy_blobs(900, 3)
    Xt, yt = noisy_blobs(3000, 4)
    for ks in ([1], [15]):
        best = run_to_completion(search.cross_validate_knn(X, y, ks=ks, distances=("l2",), n_folds=5))
        knn = KNNClassifier(k=best["k"], distance="l2", smoothing=best["smoothing"],
                            temperature=best["temperature"], uniform_share=best["uniform_share"]).fit(X, y)
        proba = knn.predict_proba(Xt)
        assert ece_of(proba, yt) < 0.05, ks
        assert proba.max() < 0.99  # k = 1 no longer means 100 %
        bare = KNNClassifier(k=best["k"], distance="l2").fit(X, y).predict_proba(Xt)
        if ks == [1]:
            assert bare.max(1).min() == 1.0 and ece_of(bare, yt) > 0.15  # what it was before


def test_calibration_fit_on_distinct_rows_is_the_per_picture_fit():
    """Votes repeat (20,000 pictures at k = 5 give a few dozen distinct rows once the true class is put first):
    the fit on those rows, counted, is the smoothed log-likelihood of every picture, with Platt's targets."""
    rng = np.random.default_rng(3)
    n, n_classes, k = 20_000, 10, 5
    y = rng.integers(0, n_classes, n)
    neighbours = np.where(rng.random((n, k)) < 0.4, y[:, None], rng.integers(0, n_classes, (n, k)))
    shares, _ = vote(torch.as_tensor(neighbours), torch.rand(n, k).sort(dim=1).values, n_classes)
    labels = torch.as_tensor(y)
    held_out = calibration.HeldOut.of(shares.double(), labels)
    assert len(held_out.count) < 200 and int(held_out.count.sum()) == n
    targets = torch.full((n, n_classes), 1.0 / (n + 2) / (n_classes - 1), dtype=torch.float64)
    targets[torch.arange(n), labels] = (n + 1.0) / (n + 2.0)
    for smoothing, temperature, share in ((0.01, 0.7, 0.002), (0.3, 2.0, 0.1)):
        log_scores = calibration.vote_log_scores(shares, smoothing)
        p = calibration.mixed_softmax(log_scores, temperature, share)
        per_picture = float(-(targets * torch.log(p)).sum(dim=1).mean())
        merged = calibration._smoothed_nll(held_out.with_scores(calibration.vote_log_scores(held_out.scores,
                                                                                            smoothing)),
                                           temperature, share)
        assert merged == pytest.approx(per_picture, rel=1e-12)


def test_perfectly_separated_validation_does_not_make_every_answer_certain():
    rng = np.random.default_rng(0)
    X = np.r_[rng.normal(-5, 0.3, (50, 2)), rng.normal(5, 0.3, (50, 2))].astype(np.float32)
    y = np.repeat([0, 1], 50)
    svm = LinearSVMClassifier(learning_rate=0.05, epochs=20).fit(X, y, X, y)
    lo, hi = calibration.TEMPERATURE_RANGE
    assert lo <= svm.temperature_ <= hi
    assert svm.predict_proba(X).max() < 0.999  # 100 answers right: about (n + 1) / (n + 2), not 1


def test_ece_and_reliability_table_by_hand():
    confidence = np.array([0.95, 0.95, 0.95, 0.95, 0.55, 0.55])
    correct = np.array([True, True, True, False, True, False])
    table = reliability.reliability_table(confidence, correct)
    assert len(table) == reliability.N_BINS and sum(b.count for b in table) == 6
    filled = [b for b in table if b.count]
    assert [(b.count, b.accuracy) for b in filled] == [(2, 0.5), (4, 0.75)]
    assert reliability.expected_calibration_error(confidence, correct) == pytest.approx(
        2 / 6 * 0.05 + 4 / 6 * 0.2)
    assert reliability.reliability_table([1.0], [True])[-1].count == 1  # 1.0 falls in the last bin


def test_unsure_threshold_is_the_lowest_that_keeps_answers_right_often_enough():
    confidence = np.array([0.99, 0.98, 0.97, 0.9, 0.9, 0.8, 0.6, 0.5])
    correct = np.array([True, True, True, True, True, False, True, False])
    chosen = reliability.choose_unsure_threshold(confidence, correct, target=0.97)
    assert chosen.reachable and chosen.threshold == 0.9 and chosen.answered == 5 / 8 and chosen.accuracy == 1.0
    assert reliability.answered_at(confidence, correct, 0.9) == (5 / 8, 1.0)
    # out of reach: the best accuracy among thresholds that still answer a tenth of the pictures
    worse = reliability.choose_unsure_threshold(confidence, ~correct, target=0.97)
    assert not worse.reachable and worse.answered >= reliability.MIN_ANSWERED


def test_evaluation_carries_pictures_labels_probabilities_and_calibration():
    proba = np.array([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4]], dtype=np.float32)
    evaluation = metrics.evaluate([0, 1, 1], proba, ["a", "b"], ["x.png", "y.png", "z.png"])
    assert evaluation.paths == ["x.png", "y.png", "z.png"] and list(evaluation.y_true) == [0, 1, 1]
    data = json.loads(json.dumps(evaluation.to_dict()))
    assert data["ece"] == pytest.approx(evaluation.ece) and len(data["reliability"]) == reliability.N_BINS
    again = metrics.Evaluation.from_dict(data)
    assert again.paths == evaluation.paths and again.ece == pytest.approx(evaluation.ece)
    np.testing.assert_allclose(again.probabilities, proba, atol=1e-5)


# -- one tie rule ---------------------------------------------------------------------------------------------

def test_search_evaluation_and_prediction_break_ties_the_same_way():
    # 1-D points, k = 2: one neighbour of each class is a tie for every query; the nearer class must win
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 10, size=(120, 1)).astype(np.float32)
    y = (np.arange(120) % 3).astype(np.int64)
    best = run_to_completion(search.cross_validate_knn(X, y, ks=[2], distances=("l1",), n_folds=4))
    # the accuracy the search reports is the accuracy of the held-out probabilities' first arg-max
    assert best["cv_accuracy"] == pytest.approx(float((best["held_out_proba"].argmax(1) == y).mean()))

    knn = KNNClassifier(k=2, distance="l1", smoothing=best["smoothing"], temperature=best["temperature"],
                        uniform_share=best["uniform_share"]).fit(X, y)
    queries = rng.uniform(0, 10, size=(200, 1)).astype(np.float32)
    dist, idx = knn.kneighbors(queries)
    _, winners = vote(torch.as_tensor(y[idx]), torch.as_tensor(dist), 3)
    assert (torch.as_tensor(y[idx][:, 0]) != torch.as_tensor(y[idx][:, 1])).any()  # there are ties
    proba = knn.predict_proba(queries)
    truth = rng.integers(0, 3, 200)
    evaluation = metrics.evaluate(truth, proba, ["a", "b", "c"])
    model = TrainedModel(["a", "b", "c"], None, None, knn, "knn")
    labels = [p.label for p in model._predictions([f"q{i}" for i in range(200)], proba, top=3)]
    np.testing.assert_array_equal(knn.predict(queries), winners.numpy())
    np.testing.assert_array_equal(evaluation.predicted, winners.numpy())
    assert labels == [["a", "b", "c"][w] for w in winners.numpy()]


# -- kNN as the lecture teaches it ----------------------------------------------------------------------------

def test_pixel_knn_on_the_digits_matches_scikit_learn(sample_digits):
    from sklearn.neighbors import KNeighborsClassifier

    from desktop_app.core.extraction import features

    result = run_to_completion(run_training(TrainingConfig(
        data_dir=sample_digits, classifier="knn", features="pixels", device="cpu", auto_tune=False,
        hyperparameters={"k": 3, "distance": "l2"})))
    model, evaluation = result.model, result.evaluation
    np.testing.assert_array_equal(model.standardizer.mean, 0)  # raw pixels: nothing is z-scored
    np.testing.assert_array_equal(model.standardizer.std, 1)

    def pixels(paths):
        out = run_to_completion(features.extract_features(model.feature_settings, [Path(p) for p in paths],
                                                          None, torch.device("cpu")))
        assert out.ok.all()
        return out.features

    train_y = model.classifier.train_labels_.numpy()
    reference = KNeighborsClassifier(n_neighbors=3, algorithm="brute", metric="euclidean")
    reference.fit(pixels(model.training_paths), train_y)
    expected = float((reference.predict(pixels(evaluation.paths)) == evaluation.y_true).mean())
    assert evaluation.accuracy >= expected - 0.005
    assert evaluation.accuracy > 0.9


@pytest.fixture(scope="module")
def sample_digits():
    from desktop_app.core.data.sample_data import sample_dataset_path

    return sample_dataset_path()


# -- the model file and the one CSV format --------------------------------------------------------------------

@pytest.fixture(scope="module")
def trained_softmax(tmp_path_factory):
    folder = write_class_folders(tmp_path_factory.mktemp("soft") / "data", per_class=14)
    config = TrainingConfig(data_dir=folder, classifier="softmax", features="pixels", device="cpu")
    return folder, run_to_completion(run_training(config))


def test_calibration_and_threshold_are_saved_and_old_files_get_defaults(trained_softmax, tmp_path):
    folder, result = trained_softmax
    model = result.model
    assert model.hyperparameters["temperature"] == model.classifier.temperature_ != 1.0
    assert 0.0 <= model.unsure_threshold <= 1.0 and model.metrics["calibration"]["held_out"] > 0
    path = save_model(model, tmp_path / "m.psmodel")
    again = load_model(path)
    assert again.unsure_threshold == model.unsure_threshold
    assert again.classifier.temperature_ == model.classifier.temperature_
    # a file saved before calibration existed: no threshold, no temperature
    with zipfile.ZipFile(path) as archive:
        meta, tensors = json.loads(archive.read("model.json")), archive.read("tensors.safetensors")
    meta.pop("unsure_threshold")
    for params in (meta["classifier"], meta["classifier"]["hyperparameters"]):
        params.pop("temperature")
        params.pop("uniform_share")
    old = tmp_path / "old.psmodel"
    with zipfile.ZipFile(old, "w") as archive:
        archive.writestr("model.json", json.dumps(meta))
        archive.writestr("tensors.safetensors", tensors)
    loaded = load_model(old)
    assert loaded.unsure_threshold == reliability.DEFAULT_UNSURE_THRESHOLD and loaded.classifier.temperature_ == 1.0
    predictions = run_to_completion(loaded.predict_paths([folder / "circles"]))
    assert all(p.unsure == (p.probability < 0.5) for p in predictions)


def test_one_csv_format_for_the_command_line_and_the_window(trained_softmax, tmp_path):
    from desktop_app import cli

    folder, result = trained_softmax
    model_path = save_model(result.model, tmp_path / "m.psmodel")
    out = tmp_path / "cli.csv"
    assert cli.main(["predict", str(model_path), str(folder / "squares"), "--csv", str(out), "--quiet",
                     "--unsure-below", "1"]) == 0
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["path", "label", "probability", "unsure", "unlike_training", "label_1", "probability_1",
                       "label_2", "probability_2", "label_3", "probability_3", "error"]
    assert all(row[3] == "yes" for row in rows[1:])  # everything below 100 % is unsure at 1.0
    predictions = [Prediction("a.png", "cat", 0.9, [("cat", 0.9), ("dog", 0.1)]),
                   Prediction("b.png", None, 0.0, [], "cannot be read")]
    written = write_predictions_csv(mark_unsure(predictions, 0.95), tmp_path / "gui.csv")
    again = list(csv.reader(written.open(encoding="utf-8")))
    assert again == prediction_rows(mark_unsure(predictions, 0.95))
    assert again[1][:4] == ["a.png", "cat", "0.9000", "yes"] and again[2][-1] == "cannot be read"


def test_command_line_reports_ece_reliability_and_unsure(trained_softmax, tmp_path, capsys):
    from desktop_app import cli

    folder, result = trained_softmax
    model_path = save_model(result.model, tmp_path / "m.psmodel")
    assert cli.main(["evaluate", str(model_path), str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert 0.0 <= report["ece"] <= 1.0 and len(report["reliability"]) == reliability.N_BINS
    assert report["unsure_threshold"] == pytest.approx(result.model.unsure_threshold)
    assert cli.main(["predict", str(model_path), str(folder / "circles"), "--json", "--unsure-below", "0"]) == 0
    answers = json.loads(capsys.readouterr().out)
    assert answers and all(answer["unsure"] is False for answer in answers)
