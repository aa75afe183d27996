"""Combining and editing classes (add a folder, merge, rename, remove, natural order) and sharing a dataset out
into training, validation and test pictures. Scanning is in test_dataset.py."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from desktop_app.core.data.dataset import Dataset, Sample
from desktop_app.core.data.folder_scan import scan, scan_class_folder
from desktop_app.core.data.splitting import split_dataset
from desktop_app.core.errors import UserError
from desktop_app.core.events import run_to_completion
from tests.test_dataset import make_pictures


def fake_dataset(counts: dict[str, int], with_digests: bool = True) -> Dataset:
    """A dataset of made-up paths (no files), for split tests."""
    names = sorted(counts)
    samples = [Sample(Path(f"/data/{name}/{i}.png"), label, None, f"{name}-{i}" if with_digests else "")
               for label, name in enumerate(names) for i in range(counts[name])]
    return Dataset(names, samples, Path("/data"))


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
