"""Issue 19 item 1: a picture unlike the training pictures is called that (classifiers/novelty.py), for every
classifier, kept in the model file and checked there like every other part."""
from __future__ import annotations

import csv
import json
from dataclasses import replace

import numpy as np
import pytest
import torch

from desktop_app.core.classifiers import novelty
from desktop_app.core.events import run_to_completion
from desktop_app.core.modelfile.model_archive import ModelFileError
from desktop_app.core.modelfile.model_file import load_model, save_model
from desktop_app.core.training import TrainingConfig, run_training
from tests.hostile_files import read_parts, write_parts


def _clusters(rng: np.random.Generator, n: int, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    labels = rng.integers(0, len(centres), n)
    return (centres[labels] + rng.normal(size=(n, centres.shape[1]))).astype(np.float32), labels


@pytest.fixture(scope="module")
def centres() -> np.ndarray:
    return np.random.default_rng(1).normal(scale=3.0, size=(3, 32))


@pytest.mark.parametrize("max_rows", [novelty.MAX_REFERENCE_ROWS, 600])  # every row kept / some held out
def test_the_threshold_flags_about_five_percent_of_new_pictures_like_the_training_ones(centres, monkeypatch,
                                                                                     max_rows):
    monkeypatch.setattr(novelty, "MAX_REFERENCE_ROWS", max_rows)
    rng = np.random.default_rng(0)
    X, y = _clusters(rng, 1500, centres)
    check = novelty.fit_novelty(X, y, seed=0)
    assert len(check.reference) == min(1500, max_rows) and check.reference.dtype == np.float16
    assert check.held_out == (min(1500, novelty.MAX_CALIBRATION_ROWS) if max_rows >= 1500 else 900)
    assert check.flagged_held_out == pytest.approx(novelty.FLAGGED_SHARE, abs=0.01)
    new, _ = _clusters(rng, 5000, centres)  # never seen, drawn like the training rows
    flagged = check.flags(check.scores(new)).mean()
    assert 0.025 <= flagged <= 0.08


def test_features_far_from_every_training_picture_are_flagged(centres):
    rng = np.random.default_rng(0)
    X, y = _clusters(rng, 600, centres)
    check = novelty.fit_novelty(X, y)
    elsewhere = np.random.default_rng(5).normal(scale=3.0, size=(2, 32))  # other things altogether
    far, _ = _clusters(rng, 400, elsewhere)
    assert check.flags(check.scores(far)).all()
    assert check.flags(check.scores(X)).mean() <= 0.08


def test_k_stays_below_the_smallest_class_and_too_few_rows_give_no_check():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 8)).astype(np.float32)
    y = np.r_[np.zeros(36, int), np.ones(4, int)]
    assert novelty.fit_novelty(X, y).k == 2  # half the 4 pictures of the small class
    assert novelty.fit_novelty(X[:1], y[:1]) is None


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A pixel softmax model trained on the three drawn classes, and the folder it learnt from."""
    from tests.conftest import write_class_folders

    folder = write_class_folders(tmp_path_factory.mktemp("novelty") / "data", per_class=15)
    config = TrainingConfig(data_dir=folder, classifier="softmax", features="pixels", image_size=12,
                            hyperparameters={"epochs": 3}, auto_tune=False, test_fraction=0.0)
    return folder, run_to_completion(run_training(config)).model


def _noise_pictures(folder, n: int = 4):
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(3)
    for i in range(n):  # coloured noise: nothing like circles, squares or stripes on white
        Image.fromarray(rng.integers(0, 256, (48, 48, 3), dtype=np.uint8)).save(folder / f"noise_{i}.png")
    return folder


@pytest.mark.parametrize("classifier", ["knn", "svm", "softmax"])
def test_every_classifier_flags_noise_and_not_its_own_kind_of_pictures(tmp_path, classifier):
    from tests.conftest import write_class_folders

    folder = write_class_folders(tmp_path / "data", per_class=15)
    config = TrainingConfig(data_dir=folder, classifier=classifier, features="pixels", image_size=12,
                            auto_tune=False, test_fraction=0.0,
                            hyperparameters={"epochs": 3} if classifier != "knn" else {"k": 3})
    model = run_to_completion(run_training(config)).model
    assert model.novelty is not None
    new = write_class_folders(tmp_path / "new", per_class=6, seed=9)
    noise = _noise_pictures(tmp_path / "noise")
    alike = run_to_completion(model.predict_paths([new]))
    unlike = run_to_completion(model.predict_paths([noise]))
    assert all(p.unlike_training for p in unlike)
    assert sum(p.unlike_training for p in alike) <= 2  # about 5 % of 18
    assert all(p.novelty_score is not None for p in alike + unlike)


def test_the_check_survives_saving_and_opening(trained, tmp_path):
    folder, model = trained
    loaded = load_model(save_model(model, tmp_path / "m.psmodel"))
    assert loaded.novelty.k == model.novelty.k and loaded.novelty.threshold == model.novelty.threshold
    np.testing.assert_array_equal(loaded.novelty.reference, model.novelty.reference)
    noise = _noise_pictures(tmp_path / "noise")
    before = run_to_completion(model.predict_paths([folder / "circles", noise]))
    after = run_to_completion(loaded.predict_paths([folder / "circles", noise]))
    assert [p.unlike_training for p in after] == [p.unlike_training for p in before]
    assert [p.novelty_score for p in after] == pytest.approx([p.novelty_score for p in before])
    assert any(p.unlike_training for p in after)


def test_a_model_file_without_the_check_still_opens_and_says_nothing(trained, tmp_path):
    folder, model = trained
    meta, tensors = read_parts(save_model(model, tmp_path / "m.psmodel"))
    del meta["novelty"], tensors[novelty.TENSOR_NAME]  # as saved before the check existed
    old = load_model(write_parts(tmp_path / "old.psmodel", meta, tensors))
    assert old.novelty is None
    answers = run_to_completion(old.predict_paths([folder / "squares"]))
    assert answers and all(p.unlike_training is None and p.label for p in answers)


@pytest.mark.parametrize("damage", ["nan", "shape", "threshold", "k", "rows only", "description only"])
def test_a_damaged_check_is_refused_on_opening_and_never_saved(trained, tmp_path, damage):
    _, model = trained
    meta, tensors = read_parts(save_model(model, tmp_path / "m.psmodel"))
    reference = tensors[novelty.TENSOR_NAME]
    if damage == "nan":
        reference[0, 0] = float("nan")
    elif damage == "shape":
        tensors[novelty.TENSOR_NAME] = reference[:, :-1].contiguous()
    elif damage == "threshold":
        meta["novelty"]["threshold"] = 7.5
    elif damage == "k":
        meta["novelty"]["k"] = meta["novelty"]["rows"]
    elif damage == "rows only":
        meta["novelty"] = None
    else:
        del tensors[novelty.TENSOR_NAME]
    with pytest.raises(ModelFileError, match="damaged"):
        load_model(write_parts(tmp_path / "bad.psmodel", meta, tensors))
    if damage in ("nan", "threshold"):
        broken = replace(model.novelty, threshold=7.5) if damage == "threshold" else replace(
            model.novelty, reference=np.full_like(model.novelty.reference, np.nan))
        with pytest.raises(Exception, match="not usable|not saved"):
            save_model(replace(model, novelty=broken), tmp_path / "never.psmodel")
        assert not (tmp_path / "never.psmodel").exists()


def test_predict_json_and_csv_carry_the_flag(trained, tmp_path, capsys):
    from desktop_app import cli

    folder, model = trained
    model_path = save_model(model, tmp_path / "m.psmodel")
    noise = _noise_pictures(tmp_path / "noise", 2)
    out = tmp_path / "answers.csv"
    assert cli.main(["predict", str(model_path), str(noise), str(folder / "stripes" / "stripes_0_000.png"),
                     "--json", "--csv", str(out)]) == 0
    answers = json.loads(capsys.readouterr().out)
    flags = {answer["path"].rsplit("/", 1)[-1]: answer["unlike_training"] for answer in answers}
    assert flags == {"noise_0.png": True, "noise_1.png": True, "stripes_0_000.png": False}
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {row["path"].rsplit("/", 1)[-1]: row["unlike_training"] for row in rows} == {
        "noise_0.png": "yes", "noise_1.png": "yes", "stripes_0_000.png": "no"}
    assert cli.main(["predict", str(model_path), str(noise)]) == 0
    assert "not like the training pictures" in capsys.readouterr().out


def test_a_stop_asked_for_ends_the_fit():
    from desktop_app.core.events import CancelToken, Cancelled

    token = CancelToken()
    token.cancel()
    X = np.random.default_rng(0).normal(size=(300, 8)).astype(np.float32)
    with pytest.raises(Cancelled):
        novelty.fit_novelty(X, np.zeros(300, int), cancel=token)


def test_the_unsure_facts_come_from_the_test_pictures_else_from_the_held_out_ones_at_the_models_threshold():
    from types import SimpleNamespace

    from desktop_app.core.unsure_facts import unsure_facts

    evaluation = SimpleNamespace(confidence=np.array([0.95, 0.9, 0.6, 0.5]), correct=np.array([1, 1, 0, 1], bool))
    facts = unsure_facts(evaluation, {}, 0.8)
    assert (facts.pictures, facts.answered, facts.accuracy, facts.on_test) == (4, 0.5, 1.0, True)
    assert unsure_facts(evaluation, {}, 0.0).answered == 1.0  # "answer every picture"
    stored = {"calibration": {"held_out": 40, "unsure": {"answered": 0.7, "accuracy": 0.97}}}
    facts = unsure_facts(None, stored, 0.8, model_threshold=0.8)
    assert (facts.pictures, facts.answered, facts.accuracy, facts.on_test) == (40, 0.7, 0.97, False)
    assert unsure_facts(None, stored, 0.6, model_threshold=0.8).pictures == 0  # nothing measured at 60 %
