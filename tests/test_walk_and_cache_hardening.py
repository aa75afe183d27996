"""Issue 7: folders and caches that are odd or broken (cases 9, 10, 11, 14, 15, 18)."""
from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

try:
    import resource  # POSIX only
except ImportError:
    resource = None

import numpy as np
import pytest
from PIL import Image

from desktop_app import cli
from desktop_app.core.extraction import feature_cache, features
from desktop_app.core import paths
from desktop_app.core.data.folder_scan import scan
from desktop_app.core.events import run_to_completion
from desktop_app.core.modelfile.model_file import find_image_files, save_model
from tests.hostile_files import run_cli, stderr_lines, tiny_model


def _picture(path: Path, value: int = 100) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.full((8, 8, 3), value, np.uint8)).save(path, format="PNG")
    return path


def _pictures(root: Path, classes=("cats", "dogs"), per_class: int = 4) -> Path:
    for c, name in enumerate(classes):
        for i in range(per_class):
            _picture(root / name / f"{i}.png", (40 + 150 * c + 7 * i) % 256)
    return root


def _main(capsys, *args) -> tuple[int, str, list[str]]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if line.strip()]


# -- case 10 and 18: links that loop, links to devices, pipes ---------------------------------------------------
@pytest.fixture
def tangled(tmp_path):
    root = _pictures(tmp_path / "pictures")
    cats = root / "cats"
    (cats / "self.png").symlink_to(cats / "self.png")
    (cats / "a.png").symlink_to(cats / "b.png")
    (cats / "b.png").symlink_to(cats / "a.png")
    (cats / "up").symlink_to(cats, target_is_directory=True)  # a folder loop
    (cats / "gone.png").symlink_to(cats / "never-there.png")
    if os.path.exists("/dev/zero"):
        (root / "dogs" / "zero.png").symlink_to("/dev/zero")
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "dogs" / "pipe.png")
    return root


def test_symbolic_link_loops_and_devices_are_problems_with_accurate_words(tangled):
    report = scan(tangled)
    assert report.dataset.counts()["cats"]["all"] == 4 and report.dataset.counts()["dogs"]["all"] == 4
    by_name = {Path(p.path).name: p.message for p in report.problems}
    for name in ("self.png", "a.png", "b.png"):
        assert "loop" in by_name[name]
    assert "no longer exists" in by_name["gone.png"]
    if "zero.png" in by_name:
        assert "it is a device" in by_name["zero.png"] and "no longer exists" not in by_name["zero.png"]
    if "pipe.png" in by_name:
        assert "it is a named pipe" in by_name["pipe.png"]


def test_train_and_evaluate_get_through_link_loops(tangled, tmp_path, capsys):
    model = tmp_path / "m.psmodel"
    code, _, err = _main(capsys, "train", tangled, "--out", model, "--classifier", "knn", "--features", "pixels",
                         "--k", "1", "--quiet", "--val", "0.25", "--test-share", "0.25")
    assert code == 0, err
    code, out, err = _main(capsys, "evaluate", model, tangled, "--json")
    assert code == 0, err
    assert json.loads(out)["accuracy"] >= 0


# -- case 14: folders nested deeper than Python's recursion limit -----------------------------------------------
def test_predict_on_folders_nested_1100_deep(tmp_path):
    deep = tmp_path / "top"
    current = deep
    deep.mkdir()
    for _ in range(1100):  # one by one: pathlib's mkdir(parents=True) itself recurses
        current = current / "d"
        os.mkdir(current)
    try:
        _picture(current / "bottom.png")
        files = find_image_files([deep])
        assert [f.name for f in files] == ["bottom.png"]
        predictions = run_to_completion(tiny_model("knn").predict_paths([deep]))
        assert len(predictions) == 1 and predictions[0].error is None
    finally:  # removed here, bottom up: pytest's own clean-up (shutil.rmtree) recurses and would fail
        os.unlink(current / "bottom.png")
        while current != tmp_path:
            os.rmdir(current)
            current = current.parent


# -- case 18: unreadable folders and the duplicate message -------------------------------------------------------
def test_a_folder_that_cannot_be_opened_is_reported_by_predict(tmp_path, monkeypatch):
    _picture(tmp_path / "in" / "ok.png")
    locked = tmp_path / "in" / "locked"
    _picture(locked / "hidden.png")
    real_scandir = os.scandir

    def scandir(path="."):  # as root, chmod 000 does not stop reading, so refuse like the OS would
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    predictions = run_to_completion(tiny_model("knn").predict_paths([tmp_path / "in"]))
    by_name = {Path(p.path).name: p for p in predictions}
    assert by_name["ok.png"].error is None
    assert "cannot be opened" in by_name["locked"].error


def test_a_picture_in_two_classes_names_each_class_once(tmp_path):
    root = _pictures(tmp_path / "pictures")
    same = (root / "cats" / "0.png").read_bytes()
    for i in range(3):
        (root / "cats" / f"copy{i}.png").write_bytes(same)
    (root / "dogs" / "copy.png").write_bytes(same)
    message = next(p.message for p in scan(root).problems if p.kind == "duplicate_across_classes")
    assert message.count("'cats'") == 1 and message.count("'dogs'") == 1


# -- case 9: the cache checksum covers the header --------------------------------------------------------------
def test_a_cache_chunk_with_reordered_digests_is_not_trusted(tmp_path):
    cache = feature_cache.FeatureCache(features.FeatureSettings("pretrained", 224), root=tmp_path)
    rows = np.arange(2 * 1280, dtype=np.float32).reshape(2, 1280)
    cache.store(["aaaa", "bbbb"], rows)
    assert np.array_equal(cache.lookup(["aaaa"])["aaaa"], rows[0])
    (chunk,) = cache.chunk_files()
    data = chunk.read_bytes()
    chunk.write_bytes(data.replace(b'"aaaa", "bbbb"', b'"bbbb", "aaaa"'))
    assert chunk.read_bytes() != data
    assert cache.lookup(["aaaa", "bbbb"]) == {}  # used to hand back each picture's features for the other
    assert cache.chunk_files() == []  # the damaged chunk is removed, its rows are recomputed next time


# -- case 11: a cache folder that cannot be made -----------------------------------------------------------------
@pytest.fixture
def fresh_cache_warning(monkeypatch):
    monkeypatch.setattr(paths, "_cache_problem", None)
    monkeypatch.setattr(paths, "_cache_problem_shown", False)


@pytest.mark.parametrize("variable", ["DESKTOP_APP_CACHE_DIR", "XDG_CACHE_HOME"])
def test_a_cache_folder_that_is_a_file_switches_the_cache_off_with_one_warning(tmp_path, monkeypatch, capsys,
                                                                                fresh_cache_warning, variable):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.delenv("DESKTOP_APP_CACHE_DIR", raising=False)
    monkeypatch.setenv(variable, str(blocker / "sub") if variable == "XDG_CACHE_HOME" else str(blocker))
    root = _pictures(tmp_path / "pictures")
    code, out, err = _main(capsys, "train", root, "--out", tmp_path / "m.psmodel", "--classifier", "knn",
                           "--features", "pixels", "--k", "1", "--quiet", "--val", "0.25", "--test-share", "0.25")
    assert code == 0, err
    assert len(err) == 1 and err[0].startswith("warning: The cache folder") and "Traceback" not in err[0]
    assert blocker.read_text().startswith("a file")
    code, _, err = _main(capsys, "scan", root, "--quiet")
    assert code == 0 and err == []  # one warning per run, not one per use


# -- case 15: a full disk leaves no temporary files in the cache -------------------------------------------------
def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))


@pytest.mark.slow
@pytest.mark.skipif(resource is None or sys.platform != "linux", reason="needs RLIMIT_FSIZE")
def test_a_full_disk_leaves_no_temporary_files_in_the_cache(tmp_path):
    root = _pictures(tmp_path / "pictures", classes=("a", "b", "c"), per_class=5)
    cache = tmp_path / "cache"
    proc = run_cli("train", str(root), "--out", str(tmp_path / "m.psmodel"), "--classifier", "knn", "--features",
                   "pixels", "--k", "1", "--quiet", env={"DESKTOP_APP_CACHE_DIR": str(cache)},
                   preexec_fn=_limit_file_size)
    lines = stderr_lines(proc)
    assert proc.returncode == 1 and len(lines) == 2, proc.stderr  # the model itself cannot be saved...
    assert lines[0].startswith("error: Cannot write") and "m.psmodel" in lines[0]
    assert lines[1].startswith("warning: The cache folder")  # ...and the cache that switched off says so, once
    left = [p for p in cache.rglob("*") if p.is_file()]
    assert not [p for p in left if p.name.endswith(".tmp")], left
    assert not (tmp_path / "m.psmodel").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
