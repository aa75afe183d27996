"""``export MODEL --onnx OUT.onnx`` on the command line: the JSON it prints, its exit codes, and bad input (a
damaged model, a folder that cannot be written, an output over a picture or a model) giving one line, no
traceback and no file left behind."""
from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("onnx")

from desktop_app.core import preload  # noqa: E402
from desktop_app.core.events import run_to_completion  # noqa: E402
from desktop_app.core.export import onnx_export  # noqa: E402
from desktop_app.core.modelfile.model_file import save_model  # noqa: E402
from desktop_app.core.training import TrainingConfig, run_training  # noqa: E402
from tests.conftest import write_class_folders  # noqa: E402
from tests.test_cli import cli  # noqa: E402


@pytest.fixture(scope="module")
def model_file(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("export")
    folder = write_class_folders(base / "pictures", per_class=8, size=24)
    config = TrainingConfig(data_dir=folder, classifier="softmax", features="pixels", image_size=8, device="cpu",
                            auto_tune=False, hyperparameters={"epochs": 5})
    return save_model(run_to_completion(run_training(config)).model, base / "shapes.psmodel")


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def assert_one_line(proc, *words: str) -> None:
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if not line.startswith("== ")]  # progress: phases
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert all(word in lines[0] for word in words), lines[0]


def test_export_writes_the_graph_and_its_description_and_prints_json(model_file, tmp_path):
    proc = cli("export", str(model_file), "--onnx", str(tmp_path / "shapes"), "--json")
    payload = json.loads(proc.stdout)
    assert payload["onnx"] == str(tmp_path / "shapes.onnx") and payload["classes"] == ["circles", "squares",
                                                                                       "stripes"]
    assert payload["image_size"] == 8 and payload["bytes"] == (tmp_path / "shapes.onnx").stat().st_size
    if payload["max_difference"] is not None:  # onnxruntime installed: the file was run and compared
        assert payload["max_difference"] < 1e-4
    assert json.loads((tmp_path / "shapes.json").read_text())["class_names"] == payload["classes"]
    assert files_in(tmp_path) == ["shapes.json", "shapes.onnx"]

    again = cli("export", str(model_file), "--onnx", str(tmp_path / "shapes.onnx"))  # an earlier export: replaced
    assert again.stdout.startswith("Exported ") and "3 classes" in again.stdout
    assert files_in(tmp_path) == ["shapes.json", "shapes.onnx"]


def test_a_damaged_model_gives_one_line_and_no_file(model_file, tmp_path):
    damaged = tmp_path / "cut.psmodel"
    damaged.write_bytes(model_file.read_bytes()[:2000])
    proc = cli("export", str(damaged), "--onnx", str(tmp_path / "out.onnx"), check_code=1)
    assert_one_line(proc, "cut.psmodel")
    assert files_in(tmp_path) == ["cut.psmodel"]


def test_never_over_a_picture_or_a_model(model_file, tmp_path):
    picture = tmp_path / "holiday.onnx"  # a file of that name that is not an export of this app
    picture.write_bytes(b"\x89PNG\r\n\x1a\n a picture")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n another")
    for target, words in ((picture, ("holiday.onnx", "not an export")), (tmp_path / "photo.png", (".onnx",)),
                          (model_file, (".onnx",))):
        proc = cli("export", str(model_file), "--onnx", str(target), check_code=1)
        assert_one_line(proc, *words)
    assert picture.read_bytes() == b"\x89PNG\r\n\x1a\n a picture"
    assert files_in(tmp_path) == ["holiday.onnx", "photo.png"]


def test_a_folder_that_cannot_be_written_gives_one_line(model_file, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kwargs):  # as root, chmod does not stop writing: refuse as the OS would
        if dir is not None and Path(dir) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(dir))
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    proc = cli("export", str(model_file), "--onnx", str(locked / "out.onnx"), check_code=1)
    assert_one_line(proc, "no permission")
    assert files_in(locked) == []


def test_a_failure_while_writing_leaves_nothing_half_written(model_file, tmp_path, monkeypatch):
    real_write = onnx_export.atomic_write

    def description_disk_full(path, write, **kwargs):
        if Path(path).suffix == ".json":
            def full(handle):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_write(path, full, **kwargs)
        return real_write(path, write, **kwargs)

    monkeypatch.setattr(onnx_export, "atomic_write", description_disk_full)
    proc = cli("export", str(model_file), "--onnx", str(tmp_path / "out.onnx"), check_code=1)
    assert_one_line(proc, "disk is full")
    assert files_in(tmp_path) == []  # neither the graph nor its description, nor a temporary file


def test_without_the_onnx_package_the_export_says_how_to_get_it(model_file, tmp_path, monkeypatch):
    def missing():
        raise ImportError("No module named 'onnx'")

    monkeypatch.setattr(preload, "load_export", missing)
    proc = cli("export", str(model_file), "--onnx", str(tmp_path / "out.onnx"), check_code=1)
    assert_one_line(proc, "pip install")
    assert files_in(tmp_path) == []


def test_what_cannot_be_exported_is_said_in_one_line(model_file, tmp_path, monkeypatch):
    import dataclasses

    from desktop_app.core.classifiers import registry

    spec = registry.get("softmax")
    monkeypatch.setattr(registry, "get", lambda name: dataclasses.replace(spec, export_graph=None))
    proc = cli("export", str(model_file), "--onnx", str(tmp_path / "out.onnx"), check_code=1)
    assert_one_line(proc, "cannot be exported")
    monkeypatch.setattr(onnx_export, "MAX_ONNX_BYTES", 1000)  # as a kNN of hundreds of thousands of pictures
    proc = cli("export", str(model_file), "--onnx", str(tmp_path / "out.onnx"), check_code=1)
    assert_one_line(proc, "too large for one ONNX file")
    assert files_in(tmp_path) == []
