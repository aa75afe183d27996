"""The reproducible record in the model file: the same seed on the same folder gives the same fingerprint, the
same accuracy and the same answers; the record is checked like every other part, and files without it open."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.events import run_to_completion
from desktop_app.core.modelfile.model_archive import ModelFileError
from desktop_app.core.modelfile.model_file import load_model, save_model
from desktop_app.core.training import TrainingConfig, run_training
from tests.conftest import write_class_folders
from tests.hostile_files import read_parts, write_parts


def _train(folder: Path, out: Path, classifier: str, seed: int = 0):
    config = TrainingConfig(data_dir=folder, classifier=classifier, features="pixels", image_size=12,
                            device="cpu", seed=seed, hyperparameters={"epochs": 5} if classifier != "knn" else {})
    result = run_to_completion(run_training(config))
    return load_model(save_model(result.model, out))


@pytest.mark.parametrize("classifier", ["softmax", "knn"])
def test_the_same_seed_on_the_same_folder_gives_the_same_record_accuracy_and_answers(tmp_path, classifier):
    folder = write_class_folders(tmp_path / "data", per_class=10)
    first = _train(folder, tmp_path / "first.psmodel", classifier)
    second = _train(folder, tmp_path / "second.psmodel", classifier)
    assert len(first.record["dataset_fingerprint"]) == 64
    assert first.record["dataset_fingerprint"] == second.record["dataset_fingerprint"]
    assert first.record["seed"] == 0 and first.record["settings"]["classifier"] == classifier
    assert first.record["versions"]["torch"] and first.record["device"].startswith("CPU")
    assert first.record["classes"] == second.record["classes"]
    assert sum(c["test"] for c in first.record["classes"].values()) == first.training_info["counts"]["test"]
    assert first.record["chosen"] == first.hyperparameters == second.hyperparameters
    assert first.metrics["test_accuracy"] == second.metrics["test_accuracy"]
    pictures = sorted(folder.rglob("*.png"))
    answers = [run_to_completion(model.predict_paths(pictures)) for model in (first, second)]
    assert [(p.label, p.probability) for p in answers[0]] == [(p.label, p.probability) for p in answers[1]]
    # the curves the training drew are kept for the report
    curves = first.record["curves"]
    assert (curves["cross_validation"] if classifier == "knn" else curves["epochs"])


def test_another_seed_or_another_picture_changes_the_fingerprint(tmp_path):
    folder = write_class_folders(tmp_path / "data", per_class=10)
    base = _train(folder, tmp_path / "a.psmodel", "knn").record["dataset_fingerprint"]
    reseeded = _train(folder, tmp_path / "b.psmodel", "knn", seed=7).record["dataset_fingerprint"]
    assert reseeded != base  # another split of the same pictures
    write_class_folders(tmp_path / "data", per_class=11)  # one more picture per class
    assert _train(folder, tmp_path / "c.psmodel", "knn").record["dataset_fingerprint"] != base


def test_a_model_saved_before_records_still_opens_and_a_damaged_record_is_refused(tmp_path):
    folder = write_class_folders(tmp_path / "data", per_class=8)
    path = save_model(_train(folder, tmp_path / "m.psmodel", "knn"), tmp_path / "m2.psmodel")
    meta, tensors = read_parts(path)
    old = dict(meta)
    del old["record"]
    assert load_model(write_parts(tmp_path / "old.psmodel", old, tensors)).record == {}
    for damage in ({"seed": "zero"}, {"classes": {"<b>not a class</b>": {"train": 1}}}, {"curves": {"epochs": 5}},
                   {"problems": [1, 2]}):
        edited = dict(meta, record={**meta["record"], **damage})
        with pytest.raises(ModelFileError, match="record of the training"):
            load_model(write_parts(tmp_path / "bad.psmodel", edited, tensors))
    assert np.isfinite(load_model(path).metrics["test_accuracy"])
