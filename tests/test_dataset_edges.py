"""What a folder becomes, at its edges (issue 17): split folders beside other folders, test pictures that are
training pictures, links leading out of the dataset, look-alike, hidden and blank class names."""
from __future__ import annotations

import json
import os
import shutil
import unicodedata
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.core.data.folder_scan import scan
from desktop_app.core.events import Message, Phase, run_to_completion
from desktop_app.core.modelfile.model_file import load_model
from desktop_app.core.training import TrainingConfig, run_training
from tests.conftest import write_class_folders

needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
TWO_CLASSES = {"circles": ((220, 40, 40), "ellipse"), "squares": ((40, 180, 60), "rectangle")}
FAST_KNN = ("--classifier", "knn", "--features", "pixels", "--image-size", "8", "--k", "1", "--device", "cpu")


def _classes(root: Path, per_class: int = 6, seed: int = 0) -> Path:
    return write_class_folders(root, per_class=per_class, seed=seed, size=24, classes=TWO_CLASSES)


def _main(capsys, *args) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _by_kind(report, kind: str) -> list:
    return [p for p in report.problems if p.kind == kind]


# -- failure 4: train/ and test/ with another folder beside them ----------------------------------------------
def test_split_folders_beside_another_folder_are_splits_and_the_other_is_named(tmp_path, capsys):
    root = tmp_path / "photos"
    _classes(root / "train")
    _classes(root / "test", per_class=2, seed=1)
    _classes(root / "extras", per_class=3, seed=2)  # e.g. pictures not sorted yet
    report = scan(root)
    assert report.dataset.has_predefined_splits
    assert report.dataset.class_names == ["circles", "squares"]
    assert report.dataset.counts()["circles"] == {"all": 8, "train": 6, "test": 2}
    [problem] = _by_kind(report, "split_folders")
    assert "train/ and test/" in problem.message and "extras/ is ignored" in problem.message
    assert problem.severity == "warning" and report.usable

    code, out, _ = _main(capsys, "scan", root)  # the command line says what the Dataset tab shows
    assert code == 0
    assert "extras/ is ignored" in out and "No problems found" not in out
    listed = [line.split()[0] for line in out.splitlines()[1:] if line.endswith(")") and " pictures" in line]
    assert listed == ["circles", "squares"]  # "circles      8 pictures  (train 6, test 2)"


def test_test_folder_without_train_folder_is_never_a_class(tmp_path):
    _classes(tmp_path / "data")
    _classes(tmp_path / "data" / "test", per_class=2, seed=1)  # data/{circles,squares,test}
    report = scan(tmp_path / "data")
    assert "test" not in report.dataset.class_names
    [problem] = report.errors
    assert problem.kind == "split_folders" and "no train/ folder" in problem.message
    assert not report.usable


def test_a_lone_train_folder_is_the_training_pictures(tmp_path):
    _classes(tmp_path / "data" / "train")
    _classes(tmp_path / "data" / "unlabeled", per_class=2, seed=1)
    report = scan(tmp_path / "data")
    assert report.dataset.class_names == ["circles", "squares"]
    message = _by_kind(report, "split_folders")[0].message
    assert "train/ is used as the training pictures, and unlabeled/ is ignored" in message


# -- failure 5: test pictures that are training pictures ----------------------------------------------------------
def test_a_test_folder_that_is_a_copy_of_the_training_folder_is_reported(tmp_path, capsys):
    base = _classes(tmp_path / "base")
    shutil.copytree(base, tmp_path / "base_copy")
    code, _, err = _main(capsys, "train", base, "--test", tmp_path / "base_copy", "--out", tmp_path / "m",
                         *FAST_KNN)
    assert code == 0, err
    assert "never seen" not in err
    assert "12 of them copies of training pictures" in err
    copies = [line for line in err.splitlines() if "in both the training and the test pictures" in line]
    assert len(copies) == 12  # one line per picture, as for a folder's own train/ and test/
    assert load_model(tmp_path / "m.psmodel").metrics["test_copies"] == 12  # the Evaluate tab says so too


def test_the_training_folder_as_its_own_test_folder_warns_in_one_line(tmp_path):
    base = _classes(tmp_path / "base")
    config = TrainingConfig(data_dir=base, test_dir=base, classifier="knn", features="pixels", image_size=8,
                            device="cpu", hyperparameters={"k": 1}, auto_tune=False, test_fraction=0.3)
    events = []
    result = run_to_completion(run_training(config), events.append)
    warnings = [e.text for e in events if isinstance(e, Message) and "training folder itself" in e.text]
    assert len(warnings) == 1
    assert result.model.training_info["counts"]["test"] > 0  # a share was set aside instead
    tested = [e.message for e in events if isinstance(e, Phase) and e.name == "evaluate"]
    assert tested and "never seen" in tested[0]


def test_evaluate_on_the_training_pictures_warns_in_one_line(tmp_path, capsys):
    base = _classes(tmp_path / "base")
    model = tmp_path / "m.psmodel"
    code, _, err = _main(capsys, "train", base, "--out", model, "--quiet", *FAST_KNN)
    assert code == 0, err
    assert "training_fingerprint" in load_model(model).training_info
    shutil.copytree(base, tmp_path / "same_pictures")  # a copy: the path is no clue, the content is
    code, _, err = _main(capsys, "evaluate", model, tmp_path / "same_pictures", "--device", "cpu")
    assert code == 0, err
    seen = [line for line in err.splitlines() if "were used to train this model" in line]
    assert len(seen) == 1 and "of these 12 pictures" in seen[0]

    fresh = _classes(tmp_path / "fresh", seed=7)
    code, _, err = _main(capsys, "evaluate", model, fresh, "--device", "cpu")
    assert code == 0 and "train this model" not in err


# -- failure 9: links leading out of the dataset --------------------------------------------------------------
@needs_links
def test_a_link_out_of_the_dataset_is_reported_and_not_followed(tmp_path, capsys):
    root = _classes(tmp_path / "data")
    private = _classes(tmp_path / "home" / "Pictures", per_class=3, seed=5)
    (root / "circles" / "more").symlink_to(private / "circles", target_is_directory=True)
    (root / "squares" / "one.png").symlink_to(next((private / "squares").iterdir()))
    (root / "squares" / "inside").symlink_to(root / "circles", target_is_directory=True)  # stays inside
    report = scan(root)
    outside = _by_kind(report, "link_outside")
    assert sorted(Path(p.path).name for p in outside) == ["more", "one.png"]
    assert all(p.message.startswith("Links outside the folder are not followed") for p in outside)
    assert all(str(private) not in str(s.path) for s in report.dataset.samples)
    assert report.dataset.counts()["circles"]["all"] == 6
    assert report.dataset.counts()["squares"]["all"] == 12  # 6 of its own + 6 through the inside link

    code, out, _ = _main(capsys, "scan", root, "--json")
    assert code == 0 and sum(p["kind"] == "link_outside" for p in json.loads(out)["problems"]) == 2
    code, out, _ = _main(capsys, "scan", root, "--json", "--follow-links")
    payload = json.loads(out)
    # circles: 6 + 3 behind "more"; squares: 6 + one.png + "inside" (circles' 6 and its "more" 3)
    assert code == 0 and payload["classes"] == {"circles": 9, "squares": 16}
    assert not any(p["kind"] == "link_outside" for p in payload["problems"])


@needs_links
def test_a_knn_model_never_carries_pictures_from_behind_a_link_out(tmp_path, capsys):
    root = _classes(tmp_path / "data")
    private = _classes(tmp_path / "home" / "Pictures", per_class=3, seed=5)
    (root / "circles" / "more").symlink_to(private / "circles", target_is_directory=True)
    model = tmp_path / "m.psmodel"
    code, _, err = _main(capsys, "train", root, "--out", model, *FAST_KNN)
    assert code == 0, err
    assert "Links outside the folder are not followed" in err
    assert not any(str(private) in path for path in load_model(model).training_paths)


# -- POOR: look-alike, hidden and blank class names ----------------------------------------------------------
def test_look_alike_class_names_are_pointed_out(tmp_path):
    nfc, nfd = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")
    _classes(tmp_path / "data")
    shutil.copytree(tmp_path / "data" / "circles", tmp_path / "data" / nfc)
    write_class_folders(tmp_path / "data", per_class=6, seed=3, size=24,
                        classes={nfd: ((40, 70, 220), "stripes")})
    report = scan(tmp_path / "data")
    if len(report.dataset.class_names) < 4:
        pytest.skip("this file system stores both spellings as one name")
    [problem] = _by_kind(report, "look_alike_classes")
    assert "look alike" in problem.message and ascii(nfd) in problem.message


def test_hidden_and_blank_class_folders_are_reported_once_and_skipped(tmp_path):
    root = _classes(tmp_path / "data")
    _classes(root / ".old", per_class=2, seed=1)
    write_class_folders(root, per_class=6, seed=2, size=24, classes={" ": ((40, 70, 220), "stripes")})
    report = scan(root)
    assert report.dataset.class_names == ["circles", "squares"]
    [hidden] = _by_kind(report, "hidden_folder")
    assert "hidden folder .old was skipped" in hidden.message
    [blank] = _by_kind(report, "blank_class_name")
    assert "only of spaces" in blank.message and report.usable


def test_a_typed_class_name_follows_the_rule_model_files_are_read_by(tmp_path):
    """Add class / Rename class accepted any non-blank name, so a model could be saved with a class name that
    loading it refuses (a NUL, 300 bytes): the core now checks a typed name as a model file's class names."""
    from desktop_app.core.data.folder_scan import scan_class_folder
    from desktop_app.core.errors import UserError

    dataset = scan(_classes(tmp_path / "data")).dataset
    for bad, why in (("a\0b", "NUL"), ("x" * 300, "300 bytes"), ("   ", "empty")):
        with pytest.raises(UserError, match=why):
            dataset.rename_class("circles", bad)
        with pytest.raises(UserError, match=why):
            run_to_completion(scan_class_folder(tmp_path / "data" / "squares", bad))
    assert dataset.rename_class("circles", "  rounds ").class_names == ["rounds", "squares"]
