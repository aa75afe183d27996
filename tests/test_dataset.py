"""Scanning class folders (layouts, bad files, litter, links, problems, rescans). Editing classes and splits are in
test_dataset_classes_and_splits.py."""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from desktop_app.core.data import dataset as core_dataset
from desktop_app.core.data.dataset import MIN_IMAGES_PER_CLASS, Problem
from desktop_app.core.data.folder_scan import scan, scan_folder
from desktop_app.core.errors import UserError
from desktop_app.core.events import CancelToken, Cancelled, Phase, Progress, run_to_completion


def kinds(report) -> Counter:
    return Counter(p.kind for p in report.problems)


def make_pictures(folder: Path, count: int, seed: int = 0, suffix: str = ".png", size: int = 12) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(count):
        path = folder / f"img_{seed}_{i}{suffix}"
        Image.fromarray(rng.integers(0, 256, (size, size, 3), dtype=np.uint8)).save(path)
        paths.append(path)
    return paths


# ---------------------------------------------------------------- scanning


def test_scan_class_folders(image_folder):
    events = []
    report = run_to_completion(scan_folder(image_folder), events.append)
    dataset = report.dataset
    assert dataset.class_names == ["circles", "squares", "stripes"]
    assert len(dataset) == 36 and not dataset.has_predefined_splits
    assert report.problems == [] and report.usable
    assert dataset.counts()["squares"] == {"all": 12}
    assert np.bincount(dataset.labels()).tolist() == [12, 12, 12]
    for sample in dataset.samples:
        assert sample.path.parent.name == dataset.class_names[sample.label]
        assert sample.split is None
        assert len(sample.digest) == 32 and int(sample.digest, 16) >= 0
    assert len({s.digest for s in dataset.samples}) == 36
    assert isinstance(events[0], Phase) and events[0].name == "scan"
    final = [e for e in events if isinstance(e, Progress)][-1]
    assert final.phase == "scan" and final.done == final.total == 36


def test_same_files_same_digests_across_scans(image_folder):
    first, second = scan(image_folder).dataset, scan(image_folder).dataset
    assert first.paths() == second.paths() and first.digests() == second.digests()


def test_cancel_stops_the_scan(image_folder):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        run_to_completion(scan_folder(image_folder, cancel=token))


def test_predefined_train_test_folders(split_image_folder):
    report = scan(split_image_folder)
    dataset = report.dataset
    assert dataset.has_predefined_splits
    assert dataset.counts()["circles"] == {"all": 17, "train": 12, "test": 5}
    assert len(dataset.subset("test")) == 15 and dataset.subset("test").class_names == dataset.class_names
    assert report.to_json()["splits"]["stripes"] == {"train": 12, "test": 5}


def test_split_folder_names_any_case(tmp_path):
    make_pictures(tmp_path / "Train" / "a", 6, seed=1)
    make_pictures(tmp_path / "Train" / "b", 6, seed=2)
    make_pictures(tmp_path / "Validation" / "a", 2, seed=3)
    make_pictures(tmp_path / "Validation" / "b", 2, seed=4)
    dataset = scan(tmp_path).dataset
    assert dataset.has_predefined_splits
    assert dataset.counts()["a"] == {"all": 8, "train": 6, "val": 2}


def test_nested_pictures_odd_names_and_formats(tmp_path):
    cls = tmp_path / "my class"
    make_pictures(cls / "2023" / "summer", 2, seed=1, suffix=".JPG")
    make_pictures(cls, 2, seed=2, suffix=".Png")
    Image.new("RGB", (8, 8), (1, 2, 3)).save(cls / "no_extension", "PNG")
    Image.new("RGB", (8, 8), (4, 5, 6)).save(cls / "照片 一.webp")
    make_pictures(tmp_path / "other", 5, seed=3)
    report = scan(tmp_path)
    assert report.dataset.counts()["my class"]["all"] == 6
    assert not [p for p in report.problems if p.kind != "imbalance"]


def test_bad_files_are_reported_and_skipped(tmp_path):
    good = make_pictures(tmp_path / "cats", 5)
    make_pictures(tmp_path / "dogs", 5, seed=1)
    (tmp_path / "cats" / "notes.txt").write_text("feed at 6")
    (tmp_path / "cats" / "fake.jpg").write_text("not a jpeg")
    data = good[0].read_bytes()
    (tmp_path / "cats" / "cut.png").write_bytes(data[: len(data) // 2])
    (tmp_path / "dogs" / "empty.png").write_bytes(b"")
    report = scan(tmp_path)
    assert report.dataset.counts()["cats"]["all"] == 5 and report.dataset.counts()["dogs"]["all"] == 5
    assert kinds(report) == Counter({"not_image": 2, "truncated": 1, "corrupt": 1})
    by_name = {Path(p.path).name: p for p in report.problems}
    assert by_name["notes.txt"].message.startswith("This file is not a picture.")
    assert "skipped" in by_name["cut.png"].message and "incomplete" in by_name["cut.png"].message
    assert all(p.severity == "warning" for p in report.problems)
    assert report.usable


def test_os_litter_and_hidden_things_are_skipped_a_hidden_class_folder_is_named(tmp_path):
    cls = tmp_path / "cats"
    make_pictures(cls, 5)
    make_pictures(tmp_path / "dogs", 5, seed=1)
    (cls / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (cls / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (cls / "desktop.ini").write_text("[.ShellClassInfo]")
    (cls / "._img_0_0.png").write_bytes(b"\x00\x05\x16\x07")
    make_pictures(cls / ".thumbnails", 3, seed=9)
    make_pictures(tmp_path / ".hidden_class", 3, seed=8)
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    make_pictures(tmp_path / "__MACOSX" / "cats", 2, seed=7)
    report = scan(tmp_path)
    # litter is skipped silently; a hidden folder where the classes are is skipped with one word (issue 17)
    assert [(Path(p.path).name, p.kind) for p in report.problems] == [(".hidden_class", "hidden_folder")]
    assert "hidden folder .hidden_class was skipped" in report.problems[0].message
    assert report.dataset.class_names == ["cats", "dogs"]
    assert report.dataset.counts()["cats"]["all"] == 5


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_loop_does_not_hang(tmp_path):
    cls = tmp_path / "cats"
    make_pictures(cls / "sub", 5)
    make_pictures(tmp_path / "dogs", 5, seed=1)
    try:
        os.symlink(cls, cls / "sub" / "loop", target_is_directory=True)
        os.symlink(tmp_path, cls / "up", target_is_directory=True)
        os.symlink(tmp_path / "gone.png", cls / "dangling.png")
    except OSError:
        pytest.skip("symbolic links not permitted here")
    report = scan(tmp_path)
    assert report.dataset.counts() == {"cats": {"all": 5}, "dogs": {"all": 5}}
    assert kinds(report) == Counter({"unreadable": 1})  # the dangling link, in plain words
    assert "shortcut" in report.problems[0].message


def test_duplicates_across_classes(tmp_path):
    cats = make_pictures(tmp_path / "cats", 5)
    make_pictures(tmp_path / "dogs", 5, seed=1)
    shutil.copy(cats[0], tmp_path / "dogs" / "same_as_a_cat.png")
    report = scan(tmp_path)
    duplicates = [p for p in report.problems if p.kind == "duplicate_across_classes"]
    assert len(duplicates) == 1
    assert "'cats'" in duplicates[0].message and "'dogs'" in duplicates[0].message


def test_duplicates_across_splits(split_image_folder):
    train_picture = sorted((split_image_folder / "train" / "circles").iterdir())[0]
    shutil.copy(train_picture, split_image_folder / "test" / "circles" / "copy.png")
    report = scan(split_image_folder)
    assert kinds(report)["duplicate_across_splits"] == 1
    assert kinds(report)["duplicate_across_classes"] == 0


def test_empty_tiny_and_imbalanced_classes(tmp_path):
    make_pictures(tmp_path / "many", 40)
    make_pictures(tmp_path / "few", 3, seed=1)
    (tmp_path / "nothing").mkdir()
    (tmp_path / "only_text").mkdir()
    (tmp_path / "only_text" / "a.txt").write_text("x")
    report = scan(tmp_path)
    assert report.dataset.class_names == ["few", "many"]
    found = kinds(report)
    assert found["empty_class"] == 2 and found["small_class"] == 1 and found["imbalance"] == 1
    small = next(p for p in report.problems if p.kind == "small_class")
    assert "only 3 pictures" in small.message and f"{MIN_IMAGES_PER_CLASS - 3} more" in small.message
    imbalance = next(p for p in report.problems if p.kind == "imbalance")
    assert "'many' has 40" in imbalance.message and "'few' only 3" in imbalance.message
    assert report.usable


def test_balanced_classes_have_no_imbalance_warning(tmp_path):
    make_pictures(tmp_path / "a", 50)
    make_pictures(tmp_path / "b", 5, seed=1)  # exactly 10x: still fine
    assert kinds(scan(tmp_path))["imbalance"] == 0


def test_class_without_training_pictures_is_an_error(tmp_path):
    make_pictures(tmp_path / "train" / "a", 6)
    make_pictures(tmp_path / "test" / "a", 2, seed=1)
    make_pictures(tmp_path / "test" / "b", 5, seed=2)
    report = scan(tmp_path)
    errors = report.errors
    assert [p.kind for p in errors] == ["empty_class"] and "'b'" in errors[0].message
    assert not report.usable


def test_folder_without_classes(tmp_path):
    make_pictures(tmp_path, 3)  # pictures, but no class folders
    report = scan(tmp_path)
    assert len(report.dataset) == 0 and not report.usable
    found = kinds(report)
    assert found["no_classes"] == 1 and found["outside_class"] == 3
    with pytest.raises(UserError, match="class folders"):
        report.raise_if_unusable()
    json.dumps(report.to_json())


def test_root_that_is_missing_or_a_file(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        scan(tmp_path / "nowhere")
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(UserError, match="is a file"):
        scan(tmp_path / "file.txt")


def test_report_json(image_folder):
    (image_folder / "circles" / "bad.jpg").write_text("nope")
    payload = scan(image_folder).to_json()
    assert json.loads(json.dumps(payload)) == payload
    assert payload["classes"] == {"circles": 12, "squares": 12, "stripes": 12}
    assert payload["splits"]["circles"] == {"all": 12}
    [problem] = payload["problems"]
    assert set(problem) == {"path", "kind", "message", "severity"}
    assert problem["kind"] == "not_image" and problem["path"].endswith("bad.jpg")


def test_rescan_skips_unchanged_files_but_sees_changes(image_folder, monkeypatch):
    first = scan(image_folder)
    (image_folder / "circles" / "bad.jpg").write_text("nope")
    changed = sorted((image_folder / "squares").iterdir())[0]
    Image.new("RGB", (20, 20), (9, 9, 9)).save(changed)  # new content, new size

    from desktop_app.core.data import images

    checked = []
    real_check = images.check_image
    monkeypatch.setattr(images, "check_image", lambda data, name="": checked.append(name) or real_check(data, name))
    second = scan(image_folder)
    assert sorted(checked) == sorted(["bad.jpg", changed.name])  # only new or changed files are read
    assert second.dataset.paths() == first.dataset.paths()
    changed_digests = [a != b for a, b in zip(first.dataset.digests(), second.dataset.digests())]
    assert sum(changed_digests) == 1
    assert [p.kind for p in second.problems] == ["not_image"]
    checked.clear()
    assert scan(image_folder).to_json() | {"seconds": 0} == second.to_json() | {"seconds": 0}
    assert checked == []


def test_a_clutter_folder_is_named_and_problems_are_shown_once(tmp_path):
    make_pictures(tmp_path / "cats", 6)
    make_pictures(tmp_path / "_background_noise_", 6, seed=1)
    report = scan(tmp_path)
    clutter = [p for p in report.problems if p.kind == "clutter_class"]
    assert [(p.path, p.severity) for p in clutter] == [("_background_noise_", "info")]
    assert "leftovers" in clutter[0].message and core_dataset.is_class_level(clutter[0])
    assert report.usable  # a word, not a stop
    left_out = Problem("dogs", "empty_class", "The class folder 'dogs' holds no usable pictures, so ...")
    repeated = Problem("a.png", "corrupt", "This picture is damaged.")
    shown = core_dataset.problems_to_show([left_out, repeated, repeated, clutter[0]], ["cats", "dogs"])
    assert shown == [repeated, clutter[0]]  # 'dogs' has pictures after all (added from another folder)
    assert core_dataset.problems_to_show([left_out], ["cats"]) == [left_out]
    assert not core_dataset.is_class_level(left_out)


def test_training_words_a_clutter_folder_as_a_note_not_a_warning(tmp_path):
    from desktop_app.core.events import Message
    from desktop_app.core.training_data import scan_usable

    make_pictures(tmp_path / "cats", 6)
    make_pictures(tmp_path / "BACKGROUND_Google", 6, seed=1)
    seen = []
    run_to_completion(scan_usable(tmp_path, None), seen.append)
    notes = [(e.level, e.text) for e in seen if isinstance(e, Message)]
    assert len(notes) == 1 and notes[0][0] == "info" and notes[0][1].startswith("BACKGROUND_Google: ")
