"""The one way to write a number of pictures, a duration, the time left and a setting, for the window and the
command line (percentages are ``percent``). Pure Python: the window imports it before the engine."""
from __future__ import annotations

import math
import os

# A time left is said once this share of a phase is done (and at least ETA_MIN_UNITS units): the first pictures
# include loading the network and warming caches, and an estimate from them alone was twice too long.
ETA_MIN_SHARE = 0.05
ETA_MIN_UNITS = 10


def pictures_text(n: int) -> str:
    """"1 picture", "2,345 pictures"."""
    return "1 picture" if n == 1 else f"{n:,} pictures"


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


def setting_text(key: str, value) -> str:
    """One classifier setting: "learning rate 0.01", "distance l1"."""
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{key.replace('_', ' ')} {shown}"


def looking_in_text(folder: str | os.PathLike, class_name: str | None = None) -> str:
    """What a scan says it does (the window says it too, before the scan's first event)."""
    if class_name is None:
        return f"Looking for pictures in {folder}"
    return f"Looking for pictures of '{class_name}' in {folder}"


def test_pictures_text(n: int, copies: int | None) -> str:
    """What the test pictures are, in words: "never seen" only when none is known to be a copy of a training
    picture (``copies`` None: not known, e.g. a model saved before copies were counted)."""
    if copies is None:
        return f"{n:,} test pictures"
    if copies == 0:
        return f"{n:,} pictures it has never seen"
    return f"{n:,} pictures, {copies:,} of them copies of training pictures (the result looks better than it is)"


def distance_text(distance: str) -> str:
    """A kNN distance in a sentence: "L1", "L2", "cosine" (a name, not shouted: never "COSINE")."""
    return distance.upper() if distance.lower() in ("l1", "l2") else distance.lower()


def trying_setting_text(number: int, total: int, params: dict) -> str:
    """A progress line of the settings search: "Trying setting 4 of 12: learning rate 0.0003, regularization 0.1"."""
    settings = ", ".join(setting_text(key, value) for key, value in params.items())
    return f"Trying setting {number} of {total}: {settings}"


def checking_distance_text(distances, part: int, parts: int) -> str:
    """A progress line of kNN's cross-validation: "Checking L1 distance: part 2 of 5" (several distances worked
    out together: "Checking L2 and cosine distances: part 2 of 5")."""
    names = [distance_text(d) for d in ([distances] if isinstance(distances, str) else distances)]
    return f"Checking {' and '.join(names)} distance{'s' if len(names) > 1 else ''}: part {part} of {parts}"


def calibrating_text(part: int, parts: int) -> str:
    """A progress line of the out-of-fold calibration: "Calibrating the percentages: part 2 of 5"."""
    return f"Calibrating the percentages: part {part} of {parts}"


def settings_phrase(params: dict) -> str:
    """Settings in a sentence: "k 15 and cosine distance", "learning rate 0.001 and regularization 0.01"."""
    parts = [f"{distance_text(value)} distance" if key == "distance" else setting_text(key, value)
             for key, value in params.items()]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
