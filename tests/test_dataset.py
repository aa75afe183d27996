"""Scanning class folders (layouts, bad files, litter, links, problems), editing classes, splits and folds."""
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
from desktop_app.core.data.dataset import MIN_IMAGES_PER_CLASS, Dataset, Problem, Sample
from desktop_app.core.data.folder_scan import scan, scan_class_folder, scan_folder
from desktop_app.core.data.splitting import split_dataset
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


def fake_dataset(counts: dict[str, int], with_digests: bool = True) -> Dataset:
    """A dataset of made-up paths (no files), for split tests."""
    names = sorted(counts)
    samples = [Sample(Path(f"/data/{name}/{i}.png"), label, None, f"{name}-{i}" if with_digests else "")
               for label, name in enumerate(names) for i in range(counts[name])]
    return Dataset(names, samples, Path("/data"))


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


# ---------------------------------------------------------------- combining and editing classes


def test_add_class_from_any_folder_and_merge(image_folder, tmp_path):
    elsewhere = tmp_path / "downloads" / "misc"
    make_pictures(elsewhere / "deep", 6, seed=5)
    extra = run_to_completion(scan_class_folder(elsewhere, "  triangles "))
    assert extra.dataset.class_names == ["triangles"] and len(extra.dataset) == 6
    merged = scan(image_folder).dataset.merge(extra.dataset)
    assert merged.class_names == ["circles", "squares", "stripes", "triangles"]
    assert len(merged) == 42
    for sample in merged.samples:
        expected = "triangles" if "downloads" in sample.path.parts else sample.path.parent.name
        assert merged.class_names[sample.label] == expected
    assert len(merged.merge(extra.dataset)) == 42  # the same files are not added twice


def test_merge_joins_same_named_classes(tmp_path):
    make_pictures(tmp_path / "one" / "cats", 5, seed=1)
    make_pictures(tmp_path / "two" / "cats", 5, seed=2)
    make_pictures(tmp_path / "two" / "dogs", 5, seed=3)
    merged = scan(tmp_path / "two").dataset.merge(scan(tmp_path / "one").dataset)
    assert merged.counts() == {"cats": {"all": 10}, "dogs": {"all": 5}}


def test_rename_and_remove_reindex_labels(image_folder):
    dataset = scan(image_folder).dataset
    path_of_class = {s.path: dataset.class_names[s.label] for s in dataset.samples}
    result = dataset.rename_class("circles", "zebra")
    assert result is dataset  # in place, and returned for chaining
    assert dataset.class_names == ["squares", "stripes", "zebra"]  # kept sorted
    for sample in dataset.samples:
        old = path_of_class[sample.path]
        assert dataset.class_names[sample.label] == ("zebra" if old == "circles" else old)
    dataset.remove_class("squares")
    assert dataset.class_names == ["stripes", "zebra"] and len(dataset) == 24
    assert sorted(set(dataset.labels().tolist())) == [0, 1]
    dataset.rename_class("zebra", "stripes")  # onto an existing class: joined
    assert dataset.counts() == {"stripes": {"all": 24}}
    with pytest.raises(UserError):
        dataset.rename_class("stripes", "  ")
    with pytest.raises(UserError):
        dataset.remove_class("unicorns")


def test_class_names_natural_order(tmp_path):
    for name in ("10", "2", "B", "a"):
        make_pictures(tmp_path / name, 5, seed=len(name) + ord(name[0]))
    assert scan(tmp_path).dataset.class_names == ["2", "10", "a", "B"]


# ---------------------------------------------------------------- splits


def test_split_is_stratified_and_reproducible():
    dataset = fake_dataset({"a": 100, "b": 40, "c": 20})
    first = split_dataset(dataset, val_fraction=0.2, test_fraction=0.25, seed=3)
    again = split_dataset(dataset, val_fraction=0.2, test_fraction=0.25, seed=3)
    other = split_dataset(dataset, val_fraction=0.2, test_fraction=0.25, seed=4)
    assert first.splits() == again.splits()
    assert first.splits() != other.splits()
    assert first.paths() == dataset.paths()  # same samples, same order; only splits set
    counts = first.counts()
    for name, total in (("a", 100), ("b", 40), ("c", 20)):
        assert counts[name]["test"] == pytest.approx(total * 0.25, abs=1)
        assert counts[name]["val"] == pytest.approx(total * 0.2, abs=1)
        assert counts[name]["train"] + counts[name]["val"] + counts[name]["test"] == total
    assert dataset.splits() == [None] * 160  # the input is left alone


def test_split_without_test():
    split = split_dataset(fake_dataset({"a": 30, "b": 30}), val_fraction=0.2, test_fraction=0.0)
    assert Counter(split.splits()) == Counter({"train": 48, "val": 12})


def test_split_keeps_predefined_and_carves_validation_from_train(split_image_folder):
    dataset = scan(split_image_folder).dataset
    split = split_dataset(dataset, val_fraction=0.25, test_fraction=0.3, seed=0)
    for before, after in zip(dataset.samples, split.samples):
        if before.split == "test":
            assert after.split == "test"
        else:
            assert after.split in ("train", "val")
    assert {name: c["val"] for name, c in split.counts().items()} == {"circles": 3, "squares": 3, "stripes": 3}
    assert len(split.subset("test")) == 15  # no extra test pictures taken from train


def test_split_with_predefined_val_carves_test_from_train():
    samples = [Sample(Path(f"/d/{s}/{c}/{i}.png"), label, s, f"{s}{c}{i}")
               for label, c in enumerate("ab") for s, n in (("train", 20), ("val", 4)) for i in range(n)]
    dataset = Dataset(["a", "b"], samples, None, has_predefined_splits=True)
    split = split_dataset(dataset, val_fraction=0.15, test_fraction=0.25)
    assert split.counts()["a"] == {"all": 24, "train": 15, "val": 4, "test": 5}


def test_added_class_in_predefined_dataset_gets_all_splits():
    samples = [Sample(Path(f"/d/{s}/a/{i}.png"), 0, s, f"{s}{i}") for s, n in (("train", 20), ("test", 5))
               for i in range(n)]
    samples += [Sample(Path(f"/new/{i}.png"), 1, None, f"new{i}") for i in range(20)]
    split = split_dataset(Dataset(["a", "b"], samples, None, True), val_fraction=0.2, test_fraction=0.2)
    assert split.counts()["b"] == {"all": 20, "train": 12, "val": 4, "test": 4}
    assert split.counts()["a"]["test"] == 5


def test_split_tiny_classes_fall_back_gracefully():
    dataset = fake_dataset({"big": 50, "three": 3, "one": 1})
    split = split_dataset(dataset, seed=1)
    counts = split.counts()
    assert counts["one"] == {"all": 1, "train": 1}
    assert counts["three"]["train"] >= 1 and counts["three"]["all"] == 3
    assert split_dataset(dataset, seed=1).splits() == split.splits()
    # Very small datasets where stratified sampling is impossible still split, class by class.
    tiny = split_dataset(fake_dataset({"a": 4, "b": 4, "c": 4}), val_fraction=0.25, test_fraction=0.25)
    for c in tiny.counts().values():
        assert c["train"] >= 1 and c.get("test", 0) >= 1


def test_identical_files_stay_on_one_side():
    samples = [Sample(Path(f"/d/a/{i}.png"), 0, None, f"copy{i % 10}") for i in range(60)]
    samples += [Sample(Path(f"/d/b/{i}.png"), 1, None, f"b{i}") for i in range(60)]
    split = split_dataset(Dataset(["a", "b"], samples), val_fraction=0.2, test_fraction=0.2)
    side_of_digest: dict[str, set] = {}
    for sample in split.samples:
        side_of_digest.setdefault(sample.digest, set()).add(sample.split)
    assert all(len(sides) == 1 for sides in side_of_digest.values())


def test_split_rejects_impossible_fractions():
    with pytest.raises(UserError):
        split_dataset(fake_dataset({"a": 10}), val_fraction=0.5, test_fraction=0.5)
    with pytest.raises(UserError):
        split_dataset(fake_dataset({"a": 10}), test_fraction=-0.1)


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
