"""The one way to write a number of pictures, a duration, the time left and a setting, for the window and the
command line (percentages are ``percent``). Pure Python: the window imports it before the engine."""
from __future__ import annotations

import math
import os

from desktop_app.core.accuracy_interval import accuracy_interval, is_wide
from desktop_app.core.output.names import display_text
from desktop_app.core.output.percent import share_text

# A time left is said once this share of a phase is done (and at least ETA_MIN_UNITS units): the first pictures
# include loading the network and warming caches, and an estimate from them alone was twice too long.
ETA_MIN_SHARE = 0.05
ETA_MIN_UNITS = 10


def pictures_text(n: int, adjective: str = "") -> str:
    """"1 picture", "2,345 pictures"; with an adjective "1 new picture"."""
    word = f"{adjective} picture" if adjective else "picture"
    return f"1 {word}" if n == 1 else f"{n:,} {word}s"


def size_text(n_bytes: int) -> str:
    """A file size: "950 KB", "13.6 MB"."""
    return f"{n_bytes / 1e6:,.1f} MB" if n_bytes >= 1e6 else f"{n_bytes / 1e3:,.0f} KB"


def duration_text(seconds: float) -> str:
    """A duration as the window and the command line write it: "under 1 s", "59 s", "1 min 1 s", "1 h 5 min"."""
    if not math.isfinite(seconds):
        return "unknown"
    if seconds < 0.5:
        return "under 1 s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def time_left_text(eta_seconds: float | None) -> str:
    """"about 1 min 40 s left" for a Progress event's ``eta_seconds``; "" while the time left is unknown."""
    if eta_seconds is None or not math.isfinite(eta_seconds):
        return ""
    if eta_seconds < 0.5:
        return "under 1 s left"
    return f"about {duration_text(eta_seconds)} left"


def progress_time_left(progress) -> str:
    """``time_left_text`` of a ``Progress`` event, once enough of its phase is done for the estimate to hold."""
    if progress.done < max(ETA_MIN_UNITS, ETA_MIN_SHARE * progress.total):
        return ""
    return time_left_text(progress.eta_seconds)


# settings whose saved name or value is not the word a sentence needs
_SETTING_VALUE_WORDS = {("distance", "l1"): "L1 distance", ("distance", "l2"): "L2 distance",
                        ("distance", "cosine"): "cosine distance", ("weighting", "majority"): "one vote each",
                        ("weighting", "distance"): "closer neighbours count more"}
_SETTING_WORDS = {"regularization": "regularisation"}


def setting_text(key: str, value) -> str:
    """One classifier setting in words: "learning rate 0.01", "regularisation 0.001", "L1 distance"."""
    if (key, value) in _SETTING_VALUE_WORDS:
        return _SETTING_VALUE_WORDS[(key, value)]
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{_SETTING_WORDS.get(key, key.replace('_', ' '))} {shown}"


def looking_in_text(folder: str | os.PathLike, class_name: str | None = None) -> str:
    """What a scan says it does (the window says it too, before the scan's first event)."""
    if class_name is None:
        return f"Looking for pictures in {folder}"
    return f"Looking for pictures of '{class_name}' in {folder}"


def test_pictures_text(n: int, copies: int | None) -> str:
    """What the test pictures are, in words: "never seen" only when none is known to be a copy of a training
    picture (``copies`` None: not known, e.g. a model saved before copies were counted)."""
    if copies is None:
        return "1 test picture" if n == 1 else f"{n:,} test pictures"
    if copies == 0:
        return f"{pictures_text(n)} it has never seen"
    return f"{pictures_text(n)}, {copies:,} of them copies of training pictures (the result looks better than it is)"


def accuracy_range_text(accuracy: float, n: int) -> str:
    """The 95 % interval of an accuracy on n pictures, in words: "95% sure it lies between 82.3% and 98.5%"."""
    low, high = accuracy_interval(accuracy, n)
    return f"95% sure it lies between {share_text(low)} and {share_text(high)}"


def accuracy_text(accuracy: float, n: int, copies: int | None = None, title: str = "Test accuracy") -> str:
    """An accuracy with its uncertainty and what it was measured on, for the window and the command line:
    "Test accuracy: 94.6% (95% sure it lies between 82.3% and 98.5%) on 37 pictures it has never seen"."""
    if n <= 0:
        return f"{title}: no test pictures"
    return f"{title}: {share_text(accuracy)} ({accuracy_range_text(accuracy, n)}) on {test_pictures_text(n, copies)}"


def accuracy_uncertainty_text(accuracy: float, n: int) -> str:
    """One sentence when the interval is wider than +-5 points ("" otherwise): the test set is small."""
    if n <= 0 or not is_wide(*accuracy_interval(accuracy, n)):
        return ""
    return (f"That range is wide: with {pictures_text(n)} to test on, each one moves the accuracy by "
            f"{100 / n:.1f} points; more test pictures would narrow it.")


def scores_explained_text() -> str:
    """Precision, recall and F1 in one plain sentence, wherever the per-class table is shown."""
    return ("Precision: how often its answer of a class is right; recall: how many pictures of the class it found; "
            "F1 joins the two (1.00 is perfect).")


def distance_text(distance: float) -> str:
    """A neighbour's distance, labelled: "distance 0.60"."""
    return f"distance {distance:.2f}"


def vote_text(counts: list[tuple[str, int]], k: int, weighted: bool = False) -> str:
    """How the k nearest training pictures voted, winner first: "The 30 nearest training pictures voted roses 18,
    daisy 9, tulips 3: the answer is roses." (class names escaped by ``names.display_text``)."""
    if not counts:
        return ""
    winner = display_text(counts[0][0])
    if k == 1:
        return f"The nearest training picture alone decides: the answer is {winner}."
    votes = ", ".join(f"{display_text(name)} {n:,}" for name, n in counts)
    text = f"The {k:,} nearest training pictures voted {votes}: the answer is {winner}."
    return text + " Nearer pictures count more." if weighted else text


def distance_name_text(distance: str) -> str:
    """A kNN distance in a sentence: "L1", "L2", "cosine" (a name, not shouted: never "COSINE")."""
    return distance.upper() if distance.lower() in ("l1", "l2") else distance.lower()


def trying_setting_text(number: int, total: int, params: dict) -> str:
    """A progress line of the settings search: "Trying setting 4 of 12: learning rate 0.0003, regularisation 0.1"."""
    settings = ", ".join(setting_text(key, value) for key, value in params.items())
    return f"Trying setting {number} of {total}: {settings}"


def checking_distance_text(distances, part: int, parts: int) -> str:
    """A progress line of kNN's cross-validation: "Checking L1 distance: part 2 of 5" (several distances worked
    out together: "Checking L2 and cosine distances: part 2 of 5")."""
    names = [distance_name_text(d) for d in ([distances] if isinstance(distances, str) else distances)]
    return f"Checking {' and '.join(names)} distance{'s' if len(names) > 1 else ''}: part {part} of {parts}"


def calibrating_text(part: int, parts: int) -> str:
    """A progress line of the out-of-fold calibration: "Calibrating the percentages: part 2 of 5"."""
    return f"Calibrating the percentages: part {part} of {parts}"


def settings_phrase(params: dict) -> str:
    """Settings in a sentence: "k 15 and cosine distance", "learning rate 0.001 and regularisation 0.01"."""
    parts = [setting_text(key, value) for key, value in params.items()]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
