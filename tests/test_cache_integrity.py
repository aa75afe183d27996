"""Issue 17, item 3 and two POOR cases: the feature cache cannot be poisoned by pictures that change after the
scan, the scan memory notices a picture rewritten in place, and a cache that switches off says so once."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from desktop_app import cli
from desktop_app.core.extraction import decode_pool, feature_cache
from desktop_app.core.data import digests
from desktop_app.core import paths
from desktop_app.core.data.folder_scan import scan
from desktop_app.core.events import run_to_completion
from desktop_app.core.extraction.features import CHANGED_MESSAGE, FeatureSettings, extract_features
from desktop_app.core.output.safe_write import OutputPathError

PIXELS_8 = FeatureSettings("pixels", 8)


def _solid(path: Path, value: int, fmt: str = "PNG") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(value)
    pixels = np.clip(value + rng.integers(-20, 20, (12, 12, 3)), 0, 255).astype(np.uint8)
    Image.fromarray(pixels).save(path, format=fmt)
    return path


def _folder(root: Path) -> Path:
    for c, name in enumerate(("cats", "dogs")):
        for i in range(3):
            _solid(root / name / f"{i}.png", 40 + 150 * c + 9 * i)
    return root


def _features(paths_, digests_):
    return run_to_completion(extract_features(PIXELS_8, [str(p) for p in paths_], digests_, "cpu"))


@pytest.fixture
def fresh_cache_warning(monkeypatch):
    monkeypatch.setattr(paths, "_cache_problem", None)
    monkeypatch.setattr(paths, "_cache_problem_shown", False)


# -- a picture changed between the scan and the decoding ----------------------------------------------------------
def test_a_picture_changed_after_the_scan_never_poisons_the_cache(tmp_path):
    root = _folder(tmp_path / "pictures")
    report = scan(root)
    samples = report.dataset.samples
    victim = samples[0].path
    original = victim.read_bytes()
    _solid(victim, 250)  # a sync tool or a re-export rewrites it after the scan

    result = _features([s.path for s in samples], [s.digest for s in samples])
    assert [(Path(p.path), p.kind, p.message) for p in result.problems] == [(victim, "changed", CHANGED_MESSAGE)]
    assert result.ok.all()  # its current pixels are used, and said so

    victim.write_bytes(original)  # back as it was: the scan's digest is the original content's again
    again = scan(root).dataset.samples
    assert [s.digest for s in again] == [s.digest for s in samples]
    cached = _features([s.path for s in again], [s.digest for s in again])
    uncached = _features([s.path for s in again], None)
    assert cached.problems == []
    # The cache held the changed picture's pixels under the original digest: trained on the wrong pixels for good.
    np.testing.assert_array_equal(cached.features, uncached.features)


def test_the_copies_of_a_changed_picture_keep_their_own_pixels(tmp_path):
    first = _solid(tmp_path / "a" / "first.png", 90)
    copy = tmp_path / "b" / "copy.png"
    copy.parent.mkdir()
    copy.write_bytes(first.read_bytes())
    digest = digests.digest_of_bytes(first.read_bytes())
    _solid(first, 200)  # changed after the scan; its copy was not
    result = _features([first, copy], [digest, digest])
    assert [Path(p.path) for p in result.problems] == [first]
    np.testing.assert_array_equal(result.features[1], _features([copy], None).features[0])
    np.testing.assert_array_equal(result.features[0], _features([first], None).features[0])


def test_worker_processes_send_back_the_digest_of_what_they_decoded(tmp_path):
    files = [_solid(tmp_path / f"{i}.png", 30 * i) for i in range(4)]
    decoder = decode_pool.ProcessDecoder(8, workers=2, capacity=4)
    try:
        for key, path in enumerate(files):
            decoder.submit(key, path)
        got = {}
        while len(got) < len(files):
            item = decoder.get(30.0)
            assert item is not None, "the workers gave nothing back"
            got[item[0]] = item[3]
    finally:
        decoder.close()
    assert got == {key: digests.digest_of_bytes(path.read_bytes()) for key, path in enumerate(files)}


# -- the scan memory: a picture rewritten in place ---------------------------------------------------------------
def test_a_picture_rewritten_in_place_with_its_old_size_and_time_is_hashed_again(tmp_path):
    root = _folder(tmp_path / "pictures")
    victim = _solid(root / "cats" / "same-size.bmp", 10, "BMP")  # BMP: the same size whatever the pixels
    before = os.stat(victim)
    first = {s.path: s.digest for s in scan(root).dataset.samples}

    replacement = _solid(tmp_path / "other.bmp", 220, "BMP").read_bytes()
    assert len(replacement) == before.st_size and replacement != victim.read_bytes()
    with open(victim, "r+b") as file:  # in place: the same inode
        file.write(replacement)
    os.utime(victim, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time
    after = os.stat(victim)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)

    second = {s.path: s.digest for s in scan(root).dataset.samples}
    assert second[victim] == digests.digest_of_bytes(replacement) != first[victim]
    assert {p: d for p, d in second.items() if p != victim} == {p: d for p, d in first.items() if p != victim}


def test_the_scan_memory_still_spares_unchanged_files(tmp_path, monkeypatch):
    root = _folder(tmp_path / "pictures")
    scan(root)
    read = []
    real = digests.digest_of_bytes
    monkeypatch.setattr(digests, "digest_of_bytes", lambda data: read.append(1) or real(data))
    scan(root)
    assert read == []


# -- the cache switching off says so, once -----------------------------------------------------------------------
def test_a_file_where_the_feature_cache_folder_should_be_gives_one_warning(tmp_path, capsys, fresh_cache_warning):
    blocker = Path(os.environ["DESKTOP_APP_CACHE_DIR"]) / "features"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder")
    root = _folder(tmp_path / "pictures")
    code = cli.main(["train", str(root), "--out", str(tmp_path / "m.psmodel"), "--classifier", "knn",
                     "--features", "pixels", "--image-size", "8", "--k", "1", "--quiet"])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 0, err
    assert len(err) == 1 and err[0].startswith("warning: The cache folder") and "features" in err[0], err
    assert blocker.read_text() == "not a folder"


def test_a_full_disk_switches_the_cache_off_with_one_warning(tmp_path, monkeypatch, capsys, fresh_cache_warning):
    def full_disk(path, write, durable=True):
        raise OutputPathError(f"Cannot write {path}: the disk is full.") from OSError(errno.ENOSPC, "No space left")

    monkeypatch.setattr(feature_cache, "atomic_write", full_disk)
    root = _folder(tmp_path / "pictures")
    code = cli.main(["train", str(root), "--out", str(tmp_path / "m.psmodel"), "--classifier", "knn",
                     "--features", "pixels", "--image-size", "8", "--k", "1", "--quiet"])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 0, err
    assert len(err) == 1 and err[0].startswith("warning: The cache folder") and "the disk is full" in err[0], err
    assert (tmp_path / "m.psmodel").is_file()
