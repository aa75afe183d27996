"""The one way to write a number of pictures, a duration, the time left and a setting, for the window and the
command line (percentages are ``percent``). Pure Python: the window imports it before the engine."""
from __future__ import annotations

import math
import os

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
        return f"{n:,} test pictures"
    if copies == 0:
        return f"{n:,} pictures it has never seen"
    return f"{n:,} pictures, {copies:,} of them copies of training pictures (the result looks better than it is)"
