"""Issue 7: the command line with bad values, dangerous output paths, odd file names, pipes, a full disk and
Ctrl-C (cases 1-5, 8, 12, 16-18). Most run in this process (fast); those about the process itself (a hang,
a signal, the locale, a file-size limit) run a real child process; a command that could hang runs on a thread
with a time limit."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

try:
    import resource  # POSIX only
except ImportError:
    resource = None

import numpy as np
import pytest
from PIL import Image

from desktop_app import cli
from desktop_app.cli import output as cli_output
from desktop_app.core.modelfile.model_file import save_model
from tests.hostile_files import ROOT, run_cli, stderr_lines, tiny_model


def _picture(path: Path, value: int = 100) -> Path:
    Image.fromarray(np.full((8, 8, 3), value, np.uint8)).save(path, format="PNG")
    return path


@pytest.fixture
def place(tmp_path):
    """pictures/{cats,dogs}/*.png, a model, a notes file, a folder, a pipe."""
    for name, value in (("cats", 40), ("dogs", 200)):
        (tmp_path / "pictures" / name).mkdir(parents=True)
        for i in range(3):
            _picture(tmp_path / "pictures" / name / f"{i}.png", value + i)
    save_model(tiny_model("knn", classes=("cats", "dogs")), tmp_path / "model.psmodel")
    (tmp_path / "notes.txt").write_text("my notes")
    (tmp_path / "folder").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.psmodel")
    return tmp_path


def _main(capsys, *args) -> tuple[int, str, list[str]]:
    try:
        code = cli.main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if line.strip()]


TRAIN = ("train", "{p}/pictures", "--out", "{p}/new.psmodel", "--classifier", "knn", "--features", "pixels")
PREDICT = ("predict", "{p}/model.psmodel", "{p}/pictures/cats/0.png")
BAD = {
    "k 0": TRAIN + ("--k", "0"), "k negative": TRAIN + ("--k", "-3"), "batch size 0": TRAIN + ("--batch-size", "0"),
    "learning rate 0": TRAIN + ("--learning-rate", "0"), "learning rate -1": TRAIN + ("--learning-rate", "-1"),
    "learning rate nan": TRAIN + ("--learning-rate", "nan"), "learning rate inf": TRAIN + ("--learning-rate", "inf"),
    "learning rate 1e38": TRAIN + ("--learning-rate", "1e38"), "regularization 1e9": TRAIN + ("--regularization", "1e9"),
    "regularization -1": TRAIN + ("--regularization", "-1"), "regularization nan": TRAIN + ("--regularization", "nan"),
    "seed -1": TRAIN + ("--seed", "-1"), "epochs 0": TRAIN + ("--epochs", "0"),
    "image size 0": TRAIN + ("--image-size", "0"), "image size huge": TRAIN + ("--image-size", "100000"),
    "val 1.5": TRAIN + ("--val", "1.5"), "val nan": TRAIN + ("--val", "nan"),
    "test share negative": TRAIN + ("--test-share", "-0.1"), "shares sum": TRAIN + ("--val", "0.6", "--test-share", "0.5"),
    "k is text": TRAIN + ("--k", "many"),
    "out is a picture": ("train", "{p}/pictures", "--out", "{p}/pictures/cats/0.png"),
    "out inside the pictures": ("train", "{p}/pictures", "--out", "{p}/pictures/m.psmodel"),
    "out is notes": ("train", "{p}/pictures", "--out", "{p}/notes.txt"),
    "out is a folder": ("train", "{p}/pictures", "--out", "{p}/folder"),
    "out in a missing folder": ("train", "{p}/pictures", "--out", "{p}/nowhere/m.psmodel"),
    "out name too long": ("train", "{p}/pictures", "--out", "{p}/" + "m" * 300 + ".psmodel"),
    "top 0": PREDICT + ("--top", "0"), "top -1": PREDICT + ("--top", "-1"),
    "unsure above 1": PREDICT + ("--unsure-below", "2"),
    "csv is the model": PREDICT + ("--csv", "{p}/model.psmodel"),
    "csv is a picture": PREDICT + ("--csv", "{p}/pictures/cats/0.png"),
    "csv is notes": PREDICT + ("--csv", "{p}/notes.txt"),
    "model is a folder": ("predict", "{p}/folder", "{p}/pictures/cats/0.png"),
    "model missing": ("evaluate", "{p}/gone.psmodel", "{p}/pictures"),
    "model is notes": ("evaluate", "{p}/notes.txt", "{p}/pictures"),
    "model is /dev/zero": ("evaluate", "/dev/zero", "{p}/pictures"),
    "model is a pipe": ("predict", "{p}/pipe.psmodel", "{p}/pictures"),
    "scan missing": ("scan", "{p}/gone"), "scan a file": ("scan", "{p}/notes.txt"),
    "unknown option": ("devices", "--bogus"), "no command": (), "unknown command": ("fly",),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_values_exit_1_or_2_with_one_line_and_no_traceback(place, capsys, case):
    if "pipe" in case and not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    before = {p: p.read_bytes() for p in place.rglob("*") if p.is_file() and not p.name.startswith("pipe")}
    started = time.perf_counter()
    code, out, err = _main(capsys, *(a.format(p=place) for a in BAD[case]))
    assert code in (1, 2), (code, out, err)
    assert len(err) == 1, err
    assert "Traceback" not in err[0] and "Error:" not in err[0].split("error:")[0]
    assert time.perf_counter() - started < 10  # refused before any long work
    after = {p: p.read_bytes() for p in place.rglob("*") if p.is_file() and not p.name.startswith("pipe")}
    assert after == before  # nothing written, nothing destroyed


def test_global_options_work_before_the_command(place, capsys):
    code, out, _ = _main(capsys, "--json", "scan", place / "pictures")
    assert code == 0 and json.loads(out)["classes"] == {"cats": 3, "dogs": 3}
    code, out, _ = _main(capsys, "scan", place / "pictures", "--json")
    assert code == 0 and json.loads(out)["classes"] == {"cats": 3, "dogs": 3}


def test_json_output_never_holds_a_bare_nan(capsys):
    cli_output.emit_json({"accuracy": float("nan"), "rows": [float("inf"), 1.5]})
    assert json.loads(capsys.readouterr().out) == {"accuracy": None, "rows": [None, 1.5]}


def test_training_refuses_the_output_before_the_work_and_force_replaces(place, capsys):
    train = ("train", place / "pictures", "--out", place / "notes.txt", "--classifier", "knn", "--features",
             "pixels", "--k", "1", "--quiet", "--val", "0.3", "--test-share", "0.3")
    code, _, err = _main(capsys, *train)
    assert code == 1 and "--force" in err[0] and (place / "notes.txt").read_text() == "my notes"
    code, _, err = _main(capsys, *train, "--force")
    assert code == 0, err
    assert cli_model_classes(place / "notes.txt") == ["cats", "dogs"]


def cli_model_classes(path: Path) -> list[str]:
    from desktop_app.core.modelfile.model_file import load_model

    return load_model(path).class_names


def test_predict_csv_replaces_its_own_csv_atomically(place, capsys):
    target = place / "answers.csv"
    for _ in range(2):  # the second run replaces a CSV this app wrote
        code, _, err = _main(capsys, *(a.format(p=place) for a in PREDICT), "--csv", target, "--quiet")
        assert code == 0, err
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert rows[0][:3] == ["path", "label", "probability"] and len(rows) == 2
    assert not [p for p in place.iterdir() if p.name.endswith(".tmp")]


# -- names as they come (cases 4 and 18) -----------------------------------------------------------------------
ODD_NAMES = [os.fsdecode(b"caf\xe9.png"), "two\nlines.png", "tab\there.png"]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 need a Linux file system")
def test_odd_file_names_print_and_write_one_line_each_under_a_utf8_locale(place, tmp_path):
    folder = place / "odd"
    folder.mkdir()
    for i, name in enumerate(ODD_NAMES):
        _picture(folder / name, 50 * i)
    for name in ODD_NAMES:  # class folders holding odd names too, for scan
        _picture(place / "pictures" / "cats" / name, 60)
    env = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONIOENCODING": "", "PYTHONUTF8": "0"}
    proc = run_cli("predict", str(place / "model.psmodel"), str(folder), "--csv", str(place / "odd.csv"), env=env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(ODD_NAMES) and any("caf\\xe9.png" in line for line in lines)
    assert any("two\\nlines.png" in line for line in lines)
    text = (place / "odd.csv").read_bytes().decode("utf-8")  # valid UTF-8
    assert len(text.splitlines()) == 1 + len(ODD_NAMES)  # one picture per line
    scan = run_cli("scan", str(place / "pictures"), env=env)
    assert scan.returncode == 0 and b"Traceback" not in scan.stderr


# -- pipes never hang (case 5) ---------------------------------------------------------------------------------
def _unblock_readers(*pipes: Path) -> None:
    """A reader stuck in open() on a named pipe gets a writer (that closes at once), so a failed test ends."""
    for pipe in pipes:
        try:
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass  # nobody reading it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_pipes_among_the_pictures_are_reported_not_waited_for(place, capsys):
    folder = place / "mixed"
    folder.mkdir()
    _picture(folder / "good.png")
    os.mkfifo(folder / "x.jpg")
    os.mkfifo(folder / "noextension")
    outcome = {}
    command = threading.Thread(target=lambda: outcome.update(code=cli.main(
        ["predict", str(place / "model.psmodel"), str(folder), str(folder / "x.jpg")])), daemon=True)
    command.start()
    command.join(60)
    waited = command.is_alive()
    _unblock_readers(folder / "x.jpg", folder / "noextension")
    command.join(10)
    out, err = capsys.readouterr()
    assert not waited, "the command waited on a named pipe"
    assert outcome["code"] == 0, err
    assert "good.png: " in out and "x.jpg: This is not a picture file: it is a named pipe" in out


# -- a full disk leaves the old CSV whole (case 3) ---------------------------------------------------------------
def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # then writes past the limit fail with EFBIG, like a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.slow
@pytest.mark.skipif(resource is None or sys.platform != "linux", reason="needs RLIMIT_FSIZE")
def test_a_full_disk_keeps_the_old_csv_and_says_so(place):
    many = place / "many"
    many.mkdir()
    for i in range(300):
        _picture(many / f"picture_{i:04d}.png", i % 256)
    old = place / "answers.csv"
    old.write_text("path,label,probability,unsure\nold.png,cats,0.9,no\n")
    proc = run_cli("predict", str(place / "model.psmodel"), str(many), "--csv", str(old), "--quiet",
                   preexec_fn=_limit_file_size)
    assert proc.returncode == 1, proc.stderr
    lines = stderr_lines(proc)
    assert len(lines) == 1 and lines[0].startswith("error: Cannot write") and "Traceback" not in lines[0]
    assert old.read_text() == "path,label,probability,unsure\nold.png,cats,0.9,no\n"
    assert not [p.name for p in place.iterdir() if p.name.endswith(".tmp")]


# -- Ctrl-C and SIGTERM stop within a second, even with a stuck reader (cases 5 and 16) ---------------------------
_STUCK_SCRIPT = textwrap.dedent("""
    import os, sys
    from desktop_app import cli
    from desktop_app.core.data import images

    def stuck_reader(path, *args, **kwargs):
        print("reading", file=sys.stderr, flush=True)
        open(sys.argv[1]).read()  # a pipe nobody writes to: blocks in open() for ever, like a dead share

    images.load_rgb = images.read_picture_file = stuck_reader  # where a picture file is first read
    sys.exit(cli.main(sys.argv[2:]))
""")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo") or sys.platform == "win32", reason="needs pipes and POSIX signals")
@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_a_stuck_command_within_a_second(place, signal_number):
    os.mkfifo(place / "stuck")
    target = place / "answers.csv"
    proc = subprocess.Popen([sys.executable, "-c", _STUCK_SCRIPT, str(place / "stuck"), "predict",
                             str(place / "model.psmodel"), str(place / "pictures"), "--csv", str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        deadline = time.monotonic() + 120
        while b"reading" not in proc.stderr.readline():
            assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.3)
        sent = time.monotonic()
        proc.send_signal(signal_number)
        code = proc.wait(timeout=10)
        latency = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
    print(f"exited {latency:.2f} s after the signal")
    assert code == 130 and latency < 1.0
    assert not target.exists() and not [p for p in place.iterdir() if p.name.endswith(".tmp")]
