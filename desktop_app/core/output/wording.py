"""The one way to write a number of pictures, a duration, the time left and a setting, for the window and the
command line (percentages are ``percent``). Pure Python: the window imports it before the engine."""
from __future__ import annotations

import math
import os

from desktop_app.core.accuracy_interval import accuracy_interval, is_wide
from desktop_app.core.output.names import display_text
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.translation import translatable, translate

# A time left is said once this share of a phase is done (and at least ETA_MIN_UNITS units): the first pictures
# include loading the network and warming caches, and an estimate from them alone was twice too long.
ETA_MIN_SHARE = 0.05
ETA_MIN_UNITS = 10


def pictures_text(n: int, adjective: str = "") -> str:
    """"1 picture", "2,345 pictures"; with an adjective "1 new picture"."""
    if adjective == "new":
        template = translate("1 new picture") if n == 1 else translate("{n:,} new pictures")
    elif adjective == "test":
        template = translate("1 test picture") if n == 1 else translate("{n:,} test pictures")
    elif adjective:  # no translation: said as given
        return f"1 {adjective} picture" if n == 1 else f"{n:,} {adjective} pictures"
    else:
        template = translate("1 picture") if n == 1 else translate("{n:,} pictures")
    return template.format(n=n)


def size_text(n_bytes: int) -> str:
    """A file size: "950 KB", "13.6 MB"."""
    return f"{n_bytes / 1e6:,.1f} MB" if n_bytes >= 1e6 else f"{n_bytes / 1e3:,.0f} KB"


def duration_text(seconds: float) -> str:
    """A duration as the window and the command line write it: "under 1 s", "59 s", "1 min 1 s", "1 h 5 min"."""
    if not math.isfinite(seconds):
        return translate("unknown")
    if seconds < 0.5:
        return translate("under 1 s")
    whole = round(seconds)
    if whole < 60:
        return translate("{seconds} s").format(seconds=whole)
    minutes, rest = divmod(whole, 60)
    if minutes < 60:
        if rest:
            return translate("{minutes} min {seconds} s").format(minutes=minutes, seconds=rest)
        return translate("{minutes} min").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if minutes:
        return translate("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    return translate("{hours} h").format(hours=hours)


def time_left_text(eta_seconds: float | None) -> str:
    """"about 1 min 40 s left" for a Progress event's ``eta_seconds``; "" while the time left is unknown."""
    if eta_seconds is None or not math.isfinite(eta_seconds):
        return ""
    if eta_seconds < 0.5:
        return translate("under 1 s left")
    return translate("about {time} left").format(time=duration_text(eta_seconds))


def progress_time_left(progress) -> str:
    """``time_left_text`` of a ``Progress`` event, once enough of its phase is done for the estimate to hold."""
    if progress.done < max(ETA_MIN_UNITS, ETA_MIN_SHARE * progress.total):
        return ""
    return time_left_text(progress.eta_seconds)


# settings whose saved name or value is not the word a sentence needs
_SETTING_VALUE_WORDS = {("distance", "l1"): translatable("L1 distance"),
                        ("distance", "l2"): translatable("L2 distance"),
                        ("distance", "cosine"): translatable("cosine distance"),
                        ("weighting", "majority"): translatable("one vote each"),
                        ("weighting", "distance"): translatable("closer neighbours count more")}
_SETTING_WORDS = {"regularization": translatable("regularisation"), "learning_rate": translatable("learning rate"),
                  "epochs": translatable("epochs"), "batch_size": translatable("batch size"),
                  "weighting": translatable("weighting"), "distance": translatable("distance")}


def setting_text(key: str, value) -> str:
    """One classifier setting in words: "learning rate 0.01", "regularisation 0.001", "L1 distance"."""
    if (key, value) in _SETTING_VALUE_WORDS:
        return translate(_SETTING_VALUE_WORDS[(key, value)])
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    word = translate(_SETTING_WORDS[key]) if key in _SETTING_WORDS else key.replace('_', ' ')
    return f"{word} {shown}"


def looking_in_text(folder: str | os.PathLike, class_name: str | None = None) -> str:
    """What a scan says it does (the window says it too, before the scan's first event)."""
    if class_name is None:
        return translate("Looking for pictures in {folder}").format(folder=folder)
    return translate("Looking for pictures of '{name}' in {folder}").format(name=class_name, folder=folder)


def test_pictures_text(n: int, copies: int | None) -> str:
    """What the test pictures are, in words: "never seen" only when none is known to be a copy of a training
    picture (``copies`` None: not known, e.g. a model saved before copies were counted)."""
    if copies is None:
        return pictures_text(n, "test")
    if copies == 0:
        template = translate("1 picture it has never seen") if n == 1 else translate("{n:,} pictures it has never seen")
        return template.format(n=n)
    return translate("{pictures}, {copies:,} of them copies of training pictures (the result looks better than it "
                     "is)").format(pictures=pictures_text(n), copies=copies)


def accuracy_range_text(accuracy: float, n: int) -> str:
    """The 95 % interval of an accuracy on n pictures, in words: "95% sure it lies between 82.3% and 98.5%"."""
    low, high = accuracy_interval(accuracy, n)
    return translate("95% sure it lies between {low} and {high}").format(low=share_text(low), high=share_text(high))


def accuracy_text(accuracy: float, n: int, copies: int | None = None, title: str | None = None) -> str:
    """An accuracy with its uncertainty and what it was measured on, for the window and the command line:
    "Test accuracy: 94.6% (95% sure it lies between 82.3% and 98.5%) on 37 pictures it has never seen"
    (``title`` None: "Test accuracy")."""
    title = translate("Test accuracy") if title is None else title
    if n <= 0:
        return translate("{title}: no test pictures").format(title=title)
    return translate("{title}: {accuracy} ({range}) on {pictures}").format(
        title=title, accuracy=share_text(accuracy), range=accuracy_range_text(accuracy, n),
        pictures=test_pictures_text(n, copies))


def accuracy_uncertainty_text(accuracy: float, n: int) -> str:
    """One sentence when the interval is wider than +-5 points ("" otherwise): the test set is small."""
    if n <= 0 or not is_wide(*accuracy_interval(accuracy, n)):
        return ""
    return translate("That range is wide: with {pictures} to test on, each one moves the accuracy by {points:.1f} "
                     "points; more test pictures would narrow it.").format(pictures=pictures_text(n), points=100 / n)


def scores_explained_text() -> str:
    """Precision, recall and F1 in one plain sentence, wherever the per-class table is shown."""
    return translate("Precision: how often its answer of a class is right; recall: how many pictures of the class "
                     "it found; F1 joins the two (1.00 is perfect).")


def distance_text(distance: float) -> str:
    """A neighbour's distance, labelled: "distance 0.60"."""
    return translate("distance {distance:.2f}").format(distance=distance)


def vote_text(counts: list[tuple[str, int]], k: int, weighted: bool = False) -> str:
    """How the k nearest training pictures voted, winner first: "The 30 nearest training pictures voted roses 18,
    daisy 9, tulips 3: the answer is roses." (class names escaped by ``names.display_text``)."""
    if not counts:
        return ""
    winner = display_text(counts[0][0])
    if k == 1:
        return translate("The nearest training picture alone decides: the answer is {winner}.").format(winner=winner)
    votes = ", ".join(f"{display_text(name)} {n:,}" for name, n in counts)
    text = translate("The {k:,} nearest training pictures voted {votes}: the answer is {winner}.").format(
        k=k, votes=votes, winner=winner)
    return text + translate(" Nearer pictures count more.") if weighted else text


def distance_name_text(distance: str) -> str:
    """A kNN distance in a sentence: "L1", "L2", "cosine" (a name, not shouted: never "COSINE")."""
    if distance.lower() in ("l1", "l2"):
        return distance.upper()
    return translate("cosine") if distance.lower() == "cosine" else distance.lower()


def trying_setting_text(number: int, total: int, params: dict) -> str:
    """A progress line of the settings search: "Trying setting 4 of 12: learning rate 0.0003, regularisation 0.1"."""
    settings = ", ".join(setting_text(key, value) for key, value in params.items())
    return translate("Trying setting {number} of {total}: {settings}").format(number=number, total=total,
                                                                               settings=settings)


def checking_distance_text(distances, part: int, parts: int) -> str:
    """A progress line of kNN's cross-validation: "Checking L1 distance: part 2 of 5" (several distances worked
    out together: "Checking L2 and cosine distances: part 2 of 5")."""
    names = [distance_name_text(d) for d in ([distances] if isinstance(distances, str) else distances)]
    if len(names) > 1:
        template = translate("Checking {names} distances: part {part} of {parts}")
    else:
        template = translate("Checking {names} distance: part {part} of {parts}")
    return template.format(names=translate(" and ").join(names), part=part, parts=parts)


def calibrating_text(part: int, parts: int) -> str:
    """A progress line of the out-of-fold calibration: "Calibrating the percentages: part 2 of 5"."""
    return translate("Calibrating the percentages: part {part} of {parts}").format(part=part, parts=parts)


def settings_phrase(params: dict) -> str:
    """Settings in a sentence: "k 15 and cosine distance", "learning rate 0.001 and regularisation 0.01"."""
    parts = [setting_text(key, value) for key, value in params.items()]
    if len(parts) <= 1:
        return "".join(parts)
    return translate("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])
