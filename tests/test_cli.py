"""The command line, end to end, as a script or a server would use it, on real files: in this process (the same
``main`` a console script runs; starting a fresh interpreter that imports torch cost about 3 s a call), and in real
processes where the process itself is what is tested (start-up, exit codes; signals: test_cli_bad_input.py)."""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.accuracy_interval import wilson_interval
from desktop_app.core.classifiers import registry
from desktop_app.core.output.wording import accuracy_range_text

from tests.conftest import write_class_folders

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, check_code: int | None = 0) -> subprocess.CompletedProcess:
    """``desktop_app.cli.main(args)`` in this process, its output caught as a process's would be."""
    from desktop_app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    proc = subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())
    if check_code is not None:
        assert proc.returncode == check_code, proc.stderr + proc.stdout
    return proc


def cli_process(*args: str, check_code: int | None = 0) -> subprocess.CompletedProcess:
    """The command line in a fresh interpreter, as ``python -m desktop_app.cli`` (start-up and exit codes)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "desktop_app.cli", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)
    if check_code is not None:
        assert proc.returncode == check_code, proc.stderr + proc.stdout
    return proc


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    return write_class_folders(tmp_path_factory.mktemp("cli") / "pictures", per_class=10)


def test_scan_json_lists_classes_and_problems(dataset, tmp_path):
    folder = tmp_path / "scan"
    write_class_folders(folder, per_class=6)
    (folder / "circles" / "readme.jpg").write_text("not a picture")
    out = json.loads(cli_process("scan", str(folder), "--json").stdout)
    assert out["classes"] == {"circles": 6, "squares": 6, "stripes": 6}
    assert any(p["path"].endswith("readme.jpg") and p["kind"] and p["message"] for p in out["problems"])


@pytest.mark.slow
@pytest.mark.parametrize("classifier", registry.CLASSIFIER_NAMES)
@pytest.mark.parametrize("features", registry.FEATURE_KINDS)
def test_train_then_predict_each_classifier_on_each_feature_type(dataset, tmp_path, classifier, features):
    model = tmp_path / f"{classifier}-{features}.psmodel"
    spec = registry.get(classifier)
    extra = ["--epochs", "20"] if "epochs" in {setting.key for setting in spec.settings} else []
    out = json.loads(cli("train", str(dataset), "--classifier", classifier, "--features", features,
                         "--out", str(model), "--json", "--device", "cpu", *extra).stdout)
    assert model.exists()
    assert out["accuracy"] >= 0.75, out
    n = out["test_pictures"]
    assert n == len(out["evaluation"]["predicted"]) > 0
    assert out["accuracy_interval"] == pytest.approx(list(wilson_interval(round(out["accuracy"] * n), n)))
    assert out["classifier"] == classifier and out["features"]["kind"] == features
    # kNN's held-out accuracy comes from cross-validation, the linear models' from the validation pictures
    expected_title = ("Cross-validation accuracy (" if spec.settings_search == "cross_validation"
                      else "Validation accuracy")
    assert out["val_accuracy_title"].startswith(expected_title) and 0 <= out["val_accuracy"] <= 1

    csv_path = tmp_path / "predictions.csv"
    pictures = sorted((dataset / "squares").glob("*.png"))[:2]
    predictions = json.loads(cli("predict", str(model), *map(str, pictures), "--json", "--csv",
                                 str(csv_path)).stdout)
    assert [p["label"] for p in predictions] == ["squares", "squares"]
    assert all(len(p["top"]) == 3 and 0 < p["probability"] <= 1 for p in predictions)
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert [row["label"] for row in rows] == ["squares", "squares"]


def test_evaluate_prints_accuracy_and_per_class_table(dataset, tmp_path):
    model = tmp_path / "m.psmodel"
    trained = cli("train", str(dataset), "--classifier", "knn", "--features", "pixels", "--out", str(model),
                  "-q").stdout
    assert "Test accuracy: " in trained and "95% sure it lies between " in trained  # the interval, always
    out = json.loads(cli("evaluate", str(model), str(dataset), "--json").stdout)
    assert out["accuracy"] >= 0.9
    assert [row["name"] for row in out["per_class"]] == ["circles", "squares", "stripes"]
    # the accuracy's 95 % interval and the number of pictures it was measured on
    n = len(out["predicted"])
    assert out["test_pictures"] == n == 30
    low, high = out["accuracy_interval"]
    assert (low, high) == pytest.approx(wilson_interval(round(out["accuracy"] * n), n))
    assert 0 <= low < out["accuracy"] <= high <= 1 and high - low > 0.05  # 30 pictures: a wide interval
    text = cli("evaluate", str(model), str(dataset)).stdout
    assert "Accuracy:" in text and "precision" in text
    assert f"({accuracy_range_text(out['accuracy'], n)}) on 30 test pictures" in text
    assert "more test pictures would narrow it" in text  # wider than +-5 points: said, once
    assert "Precision: how often its answer of a class is right" in text  # the scores explained where shown


def test_predict_a_folder_recursively(dataset, tmp_path):
    model = tmp_path / "m.psmodel"
    cli("train", str(dataset), "--classifier", "knn", "--features", "pixels", "--out", str(model), "-q")
    out = json.loads(cli("predict", str(model), str(dataset / "circles"), "--json").stdout)
    assert len(out) == 10 and sum(p["label"] == "circles" for p in out) >= 9


def test_devices_json(tmp_path):
    out = json.loads(cli("devices", "--json").stdout)
    assert any(d["kind"] == "cpu" for d in out["devices"])
    assert out["default"]


def test_user_mistakes_exit_1_with_a_plain_message_and_no_traceback(tmp_path):
    proc = cli("scan", str(tmp_path / "does-not-exist"), check_code=1)
    assert "Traceback" not in proc.stderr and proc.stderr.strip()
    broken = tmp_path / "broken.psmodel"
    broken.write_bytes(b"garbage")
    proc = cli("predict", str(broken), str(tmp_path), check_code=1)
    assert "Traceback" not in proc.stderr and "model file" in proc.stderr


def test_usage_errors_exit_2(tmp_path):
    cli_process("train", str(tmp_path), check_code=2)  # --out is missing
    cli_process("frobnicate", check_code=2)


def test_devices_text_says_what_the_window_says():
    from desktop_app.core import devices

    payload = json.loads(cli("devices", "--json").stdout)
    text = cli("devices").stdout.splitlines()
    assert text[-1] == payload["explanation"]  # the Train tab's "Where the computing happens" words
    assert payload["explanation"] == devices.DeviceReport(
        tuple(devices.DeviceInfo(**d) for d in payload["devices"]), payload["auto"], payload["default"],
        payload["no_gpu_reason"]).explanation
