"""One way to write a duration and the time left, shared by the window and the command line."""
from __future__ import annotations

import io

import pytest

from desktop_app.cli.progress import ProgressPrinter
from desktop_app.core.events import Progress
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.wording import duration_text, pictures_text, time_left_text


@pytest.mark.parametrize("seconds, text", [
    (0.4, "under 1 s"), (59, "59 s"), (59.6, "1 min"), (61, "1 min 1 s"), (100, "1 min 40 s"),
    (3900, "1 h 5 min"), (7200, "2 h"),
])
def test_durations_read_the_same_everywhere(seconds, text):
    assert duration_text(seconds) == text


def test_time_left_wording():
    assert time_left_text(None) == time_left_text(float("inf")) == ""  # unknown: nothing is said
    assert time_left_text(0.4) == "under 1 s left"
    assert time_left_text(61) == "about 1 min 1 s left"
    assert time_left_text(3900) == "about 1 h 5 min left"


def test_the_command_line_writes_the_time_left_as_the_window_does():
    stream = io.StringIO()
    printer = ProgressPrinter(True, stream)
    printer(Progress("features", 50, 50, 3900.0, "Computing features 50 / 50"))  # finished: always drawn
    assert "Computing features 50 / 50 - about 1 h 5 min left" in stream.getvalue()
    stream = io.StringIO()
    ProgressPrinter(True, stream)(Progress("features", 10, 10, 95.0))
    assert "about 1 min 35 s left" in stream.getvalue()  # the old CLI wrote "about 2 min left"


def test_picture_counts_read_the_same_everywhere(capsys):
    from desktop_app.cli.output import print_training

    assert pictures_text(1) == "1 picture" and pictures_text(2345) == "2,345 pictures"
    payload = {"evaluation": {}, "accuracy": 0.5, "counts": {"test": 1}, "val_accuracy": None,
               "hyperparameters": {}, "device": "CPU"}
    print_training(payload, 61.0, "model.psmodel")
    out = capsys.readouterr().out
    assert f"Test accuracy: {share_text(0.5)} (95% sure it lies between " in out
    assert ") on 1 test picture\n" in out  # was "on 1 pictures"
    assert "(1 min 1 s on CPU)" in out  # the window's "Time taken" wording


def test_the_command_line_waits_for_a_meaningful_share_as_the_window_does():
    stream = io.StringIO()
    ProgressPrinter(True, stream)(Progress("features", 3, 3670, 283.0, "Computing features 3 / 3,670"))
    assert "3 / 3,670" in stream.getvalue() and "left" not in stream.getvalue()  # the old line: "about 5 min left"
    stream = io.StringIO()
    ProgressPrinter(True, stream)(Progress("features", 400, 3670, 100.0, "Computing features 400 / 3,670"))
    assert "about 1 min 40 s left" in stream.getvalue()


def test_a_setting_reads_the_same_in_the_window_and_the_cli():
    from desktop_app.cli.output import settings_text
    from desktop_app.core.output.wording import setting_text

    assert setting_text("learning_rate", 0.01) == "learning rate 0.01" and setting_text("k", 7) == "k 7"
    assert setting_text("regularization", 1e-3) == "regularisation 0.001"  # one spelling in every sentence
    assert setting_text("distance", "l1") == "L1 distance" and setting_text("distance", "cosine") == "cosine distance"
    assert settings_text({"learning_rate": 0.01, "k": 7}) == "learning rate 0.01, k 7"
