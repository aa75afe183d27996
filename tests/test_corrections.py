"""Fix and retrain, the core: copies into class folders (never moving, replacing or deleting a user's picture),
Undo by content digest, a warm start that carries the current weights over, the same test pictures after."""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
from pathlib import Path

import numpy as np
import pytest
import torch

from desktop_app.core.classifiers.warm_start import initial_weights
from desktop_app.core.data import corrections, sample_data
from desktop_app.core.data.folder_scan import scan
from desktop_app.core.events import Message, run_to_completion
from desktop_app.core.modelfile.model_file import load_model, save_model
from desktop_app.core.retraining import retrain, retraining_config
from desktop_app.core.training import TrainingConfig, run_training


def digests_of(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def digits(tmp_path: Path) -> Path:
    return sample_data.write_digits(tmp_path / "digits", per_class=12, size=12)


@pytest.fixture
def dropped(tmp_path: Path) -> Path:
    return sample_data.write_digits(tmp_path / "dropped", per_class=14, size=12)


def test_a_copy_goes_into_the_class_folder_under_a_free_name_and_the_source_stays(digits, dropped):
    dataset = scan(digits).dataset
    before = digests_of(dropped)
    source = dropped / "elsewhere" / "digit_3_001.png"  # digits/3/digit_3_001.png exists (other bytes)
    source.parent.mkdir()
    source.write_bytes((dropped / "3" / "digit_3_012.png").read_bytes())
    before = digests_of(dropped)
    added = corrections.add_picture(dataset, source, "3")
    assert added.copy == digits / "3" / "digit_3_001 (2).png"
    assert added.copy.read_bytes() == source.read_bytes()
    again = corrections.add_picture(dataset, dropped / "5" / "digit_5_012.png", "3")  # corrected: it is a 3
    assert again.copy == digits / "3" / "digit_5_012.png"
    assert (digits / "3" / "digit_3_001.png").read_bytes() != source.read_bytes()  # the old one not replaced
    assert digests_of(dropped) == before
    grown = corrections.with_added(dataset, [added, again])
    assert grown.counts()["3"]["all"] == 14 and len(grown) == len(dataset) + 2
    with pytest.raises(corrections.CorrectionError, match="already one of the pictures"):
        corrections.add_picture(grown, source, "3")


def test_with_split_folders_the_copy_goes_into_the_training_folder(tmp_path, dropped):
    root = tmp_path / "split"
    sample_data.write_digits(root / "training", per_class=6, size=12)
    sample_data.write_digits(root / "test", per_class=3, size=12)
    dataset = scan(root).dataset
    assert dataset.has_predefined_splits
    added = corrections.add_picture(dataset, dropped / "7" / "digit_7_012.png", "7")
    assert added.copy.parent == root / "training" / "7"
    new_class = corrections.add_picture(dataset, dropped / "1" / "digit_1_012.png", corrections.NONE_OF_THESE)
    assert new_class.copy.parent == root / "training" / corrections.NONE_OF_THESE and new_class.new_folder
    grown = corrections.with_added(dataset, [added, new_class])
    assert corrections.NONE_OF_THESE in grown.class_names
    assert {s.split for s in grown.samples if s.path in (added.copy, new_class.copy)} == {"train"}
    corrections.remove_copy(new_class)
    assert not (root / "training" / corrections.NONE_OF_THESE).exists()  # the folder it made, empty again
    assert corrections.NONE_OF_THESE not in corrections.without_added(grown, [new_class]).class_names


def test_undo_removes_only_an_unchanged_copy(digits, dropped):
    dataset = scan(digits).dataset
    first = corrections.add_picture(dataset, dropped / "2" / "digit_2_012.png", "2")
    second = corrections.add_picture(dataset, dropped / "2" / "digit_2_013.png", "2")
    second.copy.write_bytes(b"edited by the user meanwhile")
    corrections.remove_copy(first)
    assert not first.copy.exists()
    with pytest.raises(corrections.CorrectionError, match="changed since it was added"):
        corrections.remove_copy(second)
    assert second.copy.read_bytes() == b"edited by the user meanwhile"
    corrections.remove_copy(first)  # gone already: nothing to do, no error
    assert len(list(digits.rglob("*.png"))) == 121


def refuse_writes_as_root(monkeypatch) -> None:
    """The super-user writes into read-only folders: refuse as the file system would for anyone else."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        def refused(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(corrections.tempfile, "mkstemp", refused)


def test_a_read_only_or_deleted_class_folder_gives_one_line_and_changes_nothing(digits, dropped, monkeypatch):
    dataset = scan(digits).dataset
    folder = digits / "4"
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    refuse_writes_as_root(monkeypatch)
    try:
        with pytest.raises(corrections.CorrectionError) as caught:
            corrections.add_picture(dataset, dropped / "4" / "digit_4_012.png", "4")
        assert "no permission" in str(caught.value) and "\n" not in str(caught.value)
        assert sorted(p.name for p in folder.iterdir()) == [f"digit_4_{i:03d}.png" for i in range(12)]
    finally:
        folder.chmod(stat.S_IRWXU)
        monkeypatch.undo()
    shutil.rmtree(digits / "6")
    with pytest.raises(corrections.CorrectionError, match="folder of the class '6' .* is gone"):
        corrections.add_picture(dataset, dropped / "6" / "digit_6_012.png", "6")
    assert not (digits / "6").exists()
    digits.rename(digits.with_name("moved"))
    with pytest.raises(corrections.CorrectionError, match="dataset folder .* is gone"):
        corrections.add_picture(dataset, dropped / "5" / "digit_5_012.png", "5")
    assert not digits.exists()


def test_a_class_with_only_test_pictures_gets_its_training_folder(tmp_path, dropped):
    root = tmp_path / "split"
    sample_data.write_digits(root / "train", per_class=4, size=12)
    sample_data.write_digits(root / "test", per_class=2, size=12)
    shutil.rmtree(root / "train" / "9")
    dataset = scan(root).dataset
    added = corrections.add_picture(dataset, dropped / "9" / "digit_9_012.png", "9")
    assert added.copy == root / "train" / "9" / "digit_9_012.png" and added.new_folder


@pytest.mark.parametrize("classifier", ["softmax", "svm", "knn"])
def test_retraining_keeps_the_test_pictures_and_warm_starts(digits, dropped, classifier):
    dataset = scan(digits).dataset
    first = run_to_completion(run_training(TrainingConfig(dataset=dataset, classifier=classifier,
                                                          features="pixels", image_size=8, device="cpu")))
    added = [corrections.add_picture(dataset, dropped / str(d) / f"digit_{d}_013.png", str(d)) for d in range(5)]
    grown = corrections.with_added(dataset, added)
    config = retraining_config(first.model, grown, added, 0.15, 0.15, 0, "cpu")
    assert config.warm_start is first.model and not config.auto_tune
    assert {s.split for s in config.dataset.samples if s.path in {a.copy for a in added}} == {"train"}
    events = []
    again = run_to_completion(retrain(first.model, config, len(added)), events.append)
    reused = [e.text for e in events if isinstance(e, Message) and e.text.startswith("Reused the features")]
    assert reused[0] == f"Reused the features of {len(set(dataset.digests()))} pictures computed before."
    assert sorted(again.result.evaluation.paths) == sorted(first.evaluation.paths)  # the same test pictures
    assert again.before_accuracy == pytest.approx(first.evaluation.accuracy)
    assert again.result.model.metrics[corrections.BEFORE_RETRAINING]["accuracy"] == again.before_accuracy
    assert again.after_accuracy == again.result.evaluation.accuracy and again.test_pictures == 18
    save_model(again.result.model, digits.parent / "retrained.psmodel")  # the before/after figures are kept
    kept = load_model(digits.parent / "retrained.psmodel").metrics[corrections.BEFORE_RETRAINING]
    assert kept == {"accuracy": again.before_accuracy, "after": again.after_accuracy, "test_pictures": 18, "added": 5}


def test_the_warm_start_scores_every_picture_as_the_current_model(digits):
    dataset = scan(digits).dataset
    first = run_to_completion(run_training(TrainingConfig(dataset=dataset, classifier="softmax", features="pixels",
                                                          image_size=8, device="cpu")))
    model = first.model
    rng = np.random.default_rng(0)
    raw = rng.random((20, model.standardizer.mean.shape[0]), dtype=np.float32)
    from desktop_app.core.extraction.standardizer import Standardizer

    shifted = Standardizer(model.standardizer.mean + 0.1, model.standardizer.std * 1.5)
    names = model.class_names + ["none of these"]
    W, b = initial_weights(model, names, shifted)
    carried = torch.from_numpy(shifted.transform(raw.copy())) @ W + b
    old = torch.from_numpy(model.standardizer.transform(raw.copy())) @ model.classifier.W_ + model.classifier.b_
    assert torch.allclose(carried[:, :-1], old, atol=1e-3) and torch.all(carried[:, -1] == 0)
    # the fit starts there: with a learning rate of almost nothing the weights stay the carried ones
    from desktop_app.core.classifiers.linear import SoftmaxClassifier

    X = shifted.transform(raw.copy())
    y = np.arange(20) % len(names)
    warm = SoftmaxClassifier(learning_rate=1e-9, epochs=1).start_from(W, b).fit(X, y, n_classes=len(names))
    assert torch.allclose(warm.W_, W, atol=1e-5)
    cold = SoftmaxClassifier(learning_rate=1e-9, epochs=1).fit(X, y, n_classes=len(names))
    assert not torch.allclose(cold.W_, W, atol=1e-3)


def test_the_sample_dataset_that_comes_with_the_app_is_not_changed(dropped):
    folder = sample_data.sample_dataset_path()
    dataset = scan(folder).dataset
    before = sorted(p.name for p in (folder / "3").iterdir())
    with pytest.raises(corrections.CorrectionError, match="comes with the app"):
        corrections.add_picture(dataset, dropped / "3" / "digit_3_013.png", "3")
    assert sorted(p.name for p in (folder / "3").iterdir()) == before
