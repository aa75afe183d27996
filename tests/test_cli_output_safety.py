"""Issue 17 (failures 2, 6, 7, 8, 12, 13, 15 and the POOR output cases) and issue 18 item 3: what the command
line shows and writes. In-process through ``cli.main`` where possible; real processes only for pipes and
/dev/full."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from desktop_app import cli
from desktop_app.cli.output import settings_text
from desktop_app.core.output import percent
from desktop_app.core.modelfile.model_file import TrainedModel, load_model, save_model
from desktop_app.core.output.names import class_name_problem, csv_cell, display_text
from tests.hostile_files import ROOT, read_parts, tiny_model, write_parts

ESC_NAME = "\x1b[2K\x1b[32mdog (99%) SAFE\r\nforged"
BIDI_NAME = "cat\u202egpj.exe"
FORMULA_NAME = '=HYPERLINK("http://x","y")'
LATIN1_NAME = os.fsdecode(b"caf\xe9")  # a folder name that is not UTF-8


def _picture(path: Path, value: int = 100) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.full((8, 8, 3), value, np.uint8)).save(path, format="PNG")
    return path


def _main(capsys, *args) -> tuple[int, str, str]:
    try:
        code = cli.main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def pictures(tmp_path) -> Path:
    for name, value in (("cats", 40), ("dogs", 200)):
        for i in range(3):
            _picture(tmp_path / "pictures" / name / f"{i}.png", value + i)
    save_model(tiny_model("knn", classes=("cats", "dogs")), tmp_path / "model.psmodel")
    return tmp_path


def _fixed_probabilities(monkeypatch, row) -> None:
    """Every picture gets the probabilities ``row`` (the model's arithmetic is tested elsewhere)."""
    monkeypatch.setattr(TrainedModel, "probabilities",
                        lambda self, raw: np.tile(np.asarray(row, np.float32), (len(raw), 1)))


# -- failure 2: the CSV never replaces a picture it reads --------------------------------------------------------
@pytest.mark.parametrize("force", [False, True])
def test_csv_never_replaces_a_picture_found_in_a_folder_argument(pictures, capsys, force):
    target = pictures / "pictures" / "cats" / "0.png"
    before = target.read_bytes()
    code, _, err = _main(capsys, "predict", pictures / "model.psmodel", pictures / "pictures", "--csv", target,
                         "--quiet", *(["--force"] if force else []))
    assert code == 1 and target.read_bytes() == before
    assert "--force" not in err  # never suggested where it would destroy a picture


def test_a_new_csv_may_go_into_the_folder_being_read(pictures, capsys, monkeypatch):
    monkeypatch.chdir(pictures / "pictures")  # predict model . --csv answers.csv, twice
    for _ in range(2):
        code, _, err = _main(capsys, "predict", pictures / "model.psmodel", ".", "--csv", "answers.csv", "--quiet")
        assert code == 0, err
    assert len((pictures / "pictures" / "answers.csv").read_text(encoding="utf-8").splitlines()) == 1 + 6


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_csv_never_replaces_a_picture_reached_through_a_link_in_a_folder(pictures, capsys):
    outside = _picture(pictures / "elsewhere" / "holiday.png", 90)
    before = outside.read_bytes()
    os.symlink(outside, pictures / "pictures" / "cats" / "linked.png")
    code, _, err = _main(capsys, "predict", pictures / "model.psmodel", pictures / "pictures", "--csv", outside,
                         "--force", "--quiet")
    assert code == 1 and outside.read_bytes() == before, err
    assert "--force" not in err


# -- POOR: output names that cannot be a file ------------------------------------------------------------------
def test_an_empty_csv_name_is_refused(pictures, capsys):
    code, out, err = _main(capsys, "predict", pictures / "model.psmodel", pictures / "pictures", "--csv", "")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "empty" in err


def test_out_ending_in_a_separator_or_naming_a_device_is_refused(pictures, capsys, monkeypatch):
    monkeypatch.chdir(pictures)
    train = ("train", pictures / "pictures", "--classifier", "knn", "--features", "pixels", "--quiet")
    code, _, err = _main(capsys, *train, "--out", "newdir" + os.sep)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "separator" in err
    assert not (pictures / "newdir.psmodel").exists() and not (pictures / "newdir").exists()
    if os.path.exists("/dev/null"):
        code, _, err = _main(capsys, *train, "--out", "/dev/null")
        assert code == 1 and "a device" in err and not os.path.exists("/dev/null.psmodel")


# -- failure 13: seeds numpy cannot take ------------------------------------------------------------------------
def test_a_seed_outside_numpys_range_is_refused_up_front(pictures, capsys):
    code, out, err = _main(capsys, "train", pictures / "pictures", "--out", pictures / "m.psmodel",
                           "--seed", str(2**32), "--features", "pixels")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "4294967295" in err
    assert cli.build_parser().parse_args(["train", "x", "--out", "y", "--seed", str(2**32 - 1)]).seed == 2**32 - 1


# -- failure 6 and issue 18 item 3: one way to write a percentage ----------------------------------------------
def test_a_probability_never_reads_100_percent():
    assert percent.probability_text(0.996) == "99.6%"
    assert percent.probability_text(0.9999) == "99.9%" and percent.probability_text(1.0) == "99.9%"
    assert percent.probability_text(0.93) == "93%" and percent.probability_text(0.1) == "10%"
    assert percent.probability_text(float("nan")) == "?"
    for p in np.linspace(0.95, 1.0, 2001):
        assert "100" not in percent.probability_text(p)
    assert percent.probability_number(0.99999) == "0.9999"
    assert percent.share_text(0.9996) == ">99.9%" and percent.share_text(1.0) == "100.0%"
    assert percent.share_text(0.0004) == "<0.1%" and percent.share_text(0.875) == "87.5%"


def _number(text: str) -> float:
    return float(text.rstrip("%"))


def test_an_answer_reading_at_or_above_the_threshold_is_never_unsure():
    rng = np.random.default_rng(0)
    probabilities = np.r_[rng.random(3000), np.linspace(0.9, 1.0, 1001)]
    thresholds = np.r_[rng.random(200), 0.927, 0.92, 0.9265, 0.985, 0.9951, 0.0, 1.0,
                       [v / 1000 for v in range(900, 1001)], [round(v / 10, 1) / 100 for v in range(900, 1000)]]
    for t in thresholds:
        shown_threshold = _number(percent.threshold_text(t))
        for p in probabilities:
            shown = _number(percent.probability_text(p))
            below = percent.reads_below(p, t)
            # as it reads against the threshold as it reads, and against the threshold itself (the Predict
            # tab's box shows it with one decimal)
            assert below == (shown < shown_threshold), (p, t)
            assert below == (shown < t * 100 - 1e-9), (p, t)


def test_the_cli_shows_no_100_percent_and_marks_unsure_as_it_reads(pictures, capsys, monkeypatch):
    _fixed_probabilities(monkeypatch, [0.996, 0.004])
    code, out, err = _main(capsys, "predict", pictures / "model.psmodel", pictures / "pictures" / "cats" / "0.png",
                           "--quiet", "--csv", pictures / "a.csv")
    assert code == 0, err
    assert "(99.6%)" in out and "100%" not in out
    _fixed_probabilities(monkeypatch, [0.926, 0.074])
    code, out, err = _main(capsys, "predict", pictures / "model.psmodel", pictures / "pictures" / "cats" / "0.png",
                           "--quiet", "--unsure-below", "0.927")
    assert code == 0 and "(93%)" in out and "unsure" not in out, out  # reads 93 %: not below 92.7 %
    code, out, err = _main(capsys, "predict", pictures / "model.psmodel", pictures / "pictures" / "cats" / "0.png",
                           "--quiet", "--unsure-below", "0.935")
    assert "(93%) unsure" in out, out


def test_a_model_without_validation_pictures_never_answers_exactly_1():
    from desktop_app.core.classifiers import calibration, registry
    rng = np.random.default_rng(0)
    X = np.r_[rng.normal(-50, 1, (20, 4)), rng.normal(50, 1, (20, 4))].astype(np.float32)
    y = np.repeat([0, 1], 20)
    model = registry.make_classifier("softmax", epochs=50, learning_rate=1.0).fit(X, y, n_classes=2)
    assert float(np.max(model.predict_proba(X))) < 1.0
    assert calibration.fit_temperature(np.zeros((0, 2)), np.zeros(0))[1] >= calibration.MIN_UNIFORM_SHARE
    assert calibration.fit_vote_calibration(np.zeros((0, 2)), np.zeros(0))[2] >= calibration.MIN_UNIFORM_SHARE


# -- failures 7, 8, 12: names cannot forge output or formulas, and any bytes are written ----------------------
def test_one_escaping_rule_for_names():
    assert display_text(ESC_NAME) == "\\x1b[2K\\x1b[32mdog (99%) SAFE\\r\\nforged"
    assert display_text(BIDI_NAME) == "cat\\u202egpj.exe"
    assert display_text(LATIN1_NAME) == "caf\\xe9" and display_text("plain name.png") == "plain name.png"
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)"):
        assert csv_cell(cell) == "'" + cell
    assert csv_cell("\tx") == "\\tx" and csv_cell("\rx") == "\\rx"  # escaped: no longer a leading tab or CR
    assert csv_cell("cats") == "cats" and csv_cell(FORMULA_NAME) == "'" + FORMULA_NAME


def test_class_names_are_checked_like_folder_names(tmp_path):
    for good in ("cats", LATIN1_NAME, ESC_NAME, "AC/DC", "a" * 200):
        assert class_name_problem(good) is None, good
    for bad in ("", "   ", "a\0b", "\ud800", "é" * 200, 7):
        assert class_name_problem(bad), bad
    path = save_model(tiny_model("knn", classes=("cats", "dogs")), tmp_path / "m.psmodel")
    meta, tensors = read_parts(path)
    for bad in ("   ", "a\0b", "\ud800"):
        meta["class_names"] = ["cats", bad]
        write_parts(path, meta, tensors)
        with pytest.raises(Exception, match="damaged|not usable|class"):
            load_model(path)


@pytest.mark.skipif(sys.platform != "linux", reason="names that are not UTF-8 need a Linux file system")
def test_hostile_class_names_cannot_forge_output_and_the_csv_is_safe(pictures, capsys, monkeypatch):
    classes = (ESC_NAME, FORMULA_NAME, LATIN1_NAME, BIDI_NAME)
    model = pictures / "odd.psmodel"
    save_model(tiny_model("knn", classes=classes, per_class=2), model)
    folder = pictures / "pictures"
    formula_file = "=cmd|' /C calc'!A0.png"
    _picture(pictures / "extra" / formula_file, 10)
    monkeypatch.chdir(pictures / "extra")
    code, out, err = _main(capsys, "predict", model, folder, formula_file, "--csv", pictures / "odd.csv", "--quiet",
                           "--top", "4")
    assert code == 0, err
    printed = out + err
    assert not any(ch in printed for ch in ("\x1b", "\r", "\u202e", "\udce9")), printed
    assert len(out.splitlines()) == 7  # one line per picture, nothing forged
    assert "caf\\xe9" in out
    data = (pictures / "odd.csv").read_bytes().decode("utf-8")  # written, and valid UTF-8
    rows = list(csv.reader(data.splitlines()))
    assert len(rows) == 1 + 7
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert "\x1b" not in "".join(row)
    assert any(cell == "'" + FORMULA_NAME for row in rows for cell in row)
    assert any(row[0] == "'" + formula_file for row in rows[1:])


@pytest.mark.skipif(sys.platform != "linux", reason="names that are not UTF-8 need a Linux file system")
def test_training_and_evaluate_print_folder_names_escaped(tmp_path, capsys):
    data = tmp_path / "data"
    for k, name in enumerate((os.fsencode(ESC_NAME.replace("\n", "").replace("/", "")), b"caf\xe9")):
        for i in range(4):
            _picture(Path(os.fsdecode(os.path.join(os.fsencode(data), name, b"%d.png" % i))), 30 + 150 * k + i)
    model = tmp_path / "m.psmodel"
    code, out, err = _main(capsys, "train", data, "--out", model, "--classifier", "softmax", "--features", "pixels",
                           "--image-size", "8", "--no-auto", "--val", "0.25", "--test-share", "0.25")
    assert code == 0, err
    assert "\x1b" not in out + err and "\udce9" not in out + err
    assert "Settings: the classifier's defaults" in out
    code, out, err = _main(capsys, "evaluate", model, data, "--quiet")
    assert code == 0, err
    assert "\x1b" not in out + err and "caf\\xe9" in out and "\\x1b" in out


def test_settings_say_when_defaults_were_used():
    assert settings_text({}) == "the classifier's defaults"
    assert settings_text({"k": 7, "distance": "l1", "temperature": 0.5}) == "k 7, L1 distance"


# -- failure 15: closed pipes and full disks ---------------------------------------------------------------------
def _shell(command: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


@pytest.mark.skipif(sys.platform != "linux", reason="needs bash and /dev/full")
def test_a_closed_pipe_ends_quietly_and_a_full_output_never_loses_the_result(pictures):
    python = f"{sys.executable} -m desktop_app.cli"
    model, folder = pictures / "model.psmodel", pictures / "pictures"
    piped = _shell(f"{python} predict {model} {folder} | true; echo \"status ${{PIPESTATUS[0]}}\"")
    assert piped.stdout.strip().splitlines()[-1] in ("status 0", "status 141"), piped
    assert "Traceback" not in piped.stderr and "Exception" not in piped.stderr, piped.stderr
    # a full disk behind stdout: the CSV is written, one line says what failed, the status is not 0
    full = _shell(f"{python} predict {model} {folder} --quiet --csv {pictures / 'a.csv'} > /dev/full")
    assert full.returncode == 1 and (pictures / "a.csv").exists(), full
    assert "Traceback" not in full.stderr and len(full.stderr.strip().splitlines()) == 1, full.stderr
    # stderr on a full disk (progress lines) never stops a training: the model is saved
    out = pictures / "trained.psmodel"
    trained = _shell(f"{python} train {folder} --out {out} --classifier knn --features pixels --image-size 8 "
                     f"2>/dev/full")
    assert trained.returncode == 0 and out.exists() and "Saved the model" in trained.stdout, trained
