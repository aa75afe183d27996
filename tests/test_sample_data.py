"""The built-in sample dataset: present, small, clean, and re-creatable without the bundled copy."""
from __future__ import annotations

import numpy as np
from PIL import Image

from desktop_app.core.data import sample_data
from desktop_app.core.data.folder_scan import scan
from desktop_app.resources import resource_path


def test_bundled_digits_scan_cleanly():
    folder = sample_data.sample_dataset_path()
    assert folder == resource_path("sample_data", "digits") and folder.is_dir()
    report = scan(folder)
    assert report.problems == []
    assert report.dataset.class_names == [str(d) for d in range(10)]
    assert all(c == {"all": 100} for c in report.dataset.counts().values())
    assert len(set(report.dataset.digests())) == 1000  # no duplicate pictures
    total_bytes = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert total_bytes < 1_000_000


def test_pictures_are_dark_digits_on_white():
    picture = Image.open(sample_data.sample_dataset_path() / "7" / "digit_7_000.png")
    assert picture.size == (32, 32) and picture.mode == "L"
    pixels = np.asarray(picture)
    assert pixels[0, 0] > 200 and pixels.min() < 80  # white paper, dark ink


def test_made_in_cache_when_not_bundled(tmp_path, monkeypatch):
    monkeypatch.setattr(sample_data, "bundled_sample_path", lambda: tmp_path / "missing")
    monkeypatch.setattr(sample_data, "IMAGES_PER_CLASS", 4)  # keeps the test fast
    folder = sample_data.sample_dataset_path()
    assert folder.is_dir() and not folder.is_relative_to(tmp_path / "missing")
    assert sorted(p.name for p in folder.iterdir()) == [str(d) for d in range(10)]
    assert len(list((folder / "3").glob("*.png"))) == sample_data.IMAGES_PER_CLASS
    assert sample_data.sample_dataset_path() == folder  # made once, then reused


def test_regenerated_pictures_match_the_bundled_ones(tmp_path):
    sample_data.write_digits(tmp_path, per_class=3)
    bundled = sample_data.sample_dataset_path()
    for name in ("0/digit_0_000.png", "9/digit_9_002.png"):
        assert np.array_equal(np.asarray(Image.open(tmp_path / name)), np.asarray(Image.open(bundled / name)))
