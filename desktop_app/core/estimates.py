"""How long a training run will take on this computer, worked out before it starts.

Two parts. The features still to compute: the pictures whose features are not in the feature cache (copies of
one picture count once, cached ones cost nothing), at the speed this computer measured for these features on
this device the last time (a first guess before that). Then choosing the settings and training: the classifier's
``ClassifierSpec.training_cost`` for this many pictures, features and classes, scaled by how this computer did
against that cost the last time. Both speeds are remembered in the cache folder (``speeds.json``; a cache that
cannot be written only means first guesses). Light at import (the window imports it before the engine): the
feature and device modules are imported when first asked, on the engine's or a worker's thread.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Iterable

from desktop_app.core import paths
from desktop_app.core.errors import UserError
from desktop_app.core.classifiers import registry

SPEEDS_FILE = "speeds.json"
MIN_PICTURES_TO_MEASURE = 20  # fewer computed pictures measure mostly the start-up (loading the network)
# seconds per picture before this computer has measured its own (2 CPU cores; a GPU is taken as 5 x faster)
FIRST_GUESS_SECONDS_PER_PICTURE = {"pixels": 0.002, "pretrained": 0.03}
GPU_SPEED_UP = 5.0


@dataclass(frozen=True)
class Estimate:
    """The time a run will take, in its two parts."""

    pictures: int  # every picture of the run
    to_extract: int  # pictures whose features are still to be computed
    feature_seconds: float
    training_seconds: float
    measured: bool  # both speeds measured on this computer (else at least one is a first guess)

    @property
    def seconds(self) -> float:
        return self.feature_seconds + self.training_seconds


def _speeds_path():
    return paths.cache_dir() / SPEEDS_FILE


def _read_speeds() -> dict[str, float]:
    try:
        data = json.loads(_speeds_path().read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(key): float(value) for key, value in data.items()
            if isinstance(value, (int, float)) and 0 < value < 1e6}


def _remember(key: str, value: float) -> None:
    from desktop_app.core.output.safe_write import atomic_write

    if not 0 < value < 1e6:
        return
    speeds = _read_speeds()
    speeds[key] = float(value)
    text = json.dumps(speeds, indent=1, sort_keys=True).encode("utf-8")
    try:
        atomic_write(_speeds_path(), lambda file: file.write(text), durable=False)
    except (OSError, UserError):  # no cache folder, a full disk: the next estimate is a first guess again
        pass


def _device_kind(device: Any) -> str:
    kind = getattr(device, "type", None) or str(device).split(":")[0]
    return "gpu" if kind in ("cuda", "mps") else "cpu"


def _feature_key(settings, device: Any) -> str:
    return f"features/{settings.cache_key()}/{_device_kind(device)}"


def _training_key(classifier: str, device: Any) -> str:
    return f"training/{classifier}/{_device_kind(device)}"


def pictures_to_extract(settings, digests: Iterable[str | None]) -> int:
    """How many of these pictures still need their features computed: copies count once, pictures whose
    features are in the cache not at all (a picture without a digest is never cached)."""
    from desktop_app.core.extraction.feature_cache import FeatureCache

    digests = list(digests)
    distinct = {d for d in digests if d}
    unnamed = sum(1 for d in digests if not d)
    if not distinct:
        return unnamed
    stored = FeatureCache(settings).stored_digests()
    return unnamed + len(distinct - stored)


def feature_seconds_per_picture(settings, device: Any) -> tuple[float, bool]:
    """(seconds per picture computed, measured on this computer) for these features on this device."""
    measured = _read_speeds().get(_feature_key(settings, device))
    if measured is not None:
        return measured, True
    guess = FIRST_GUESS_SECONDS_PER_PICTURE.get(settings.kind, 0.03)
    return (guess / GPU_SPEED_UP if _device_kind(device) == "gpu" else guess), False


def training_seconds(classifier: str, pictures: int, dimension: int, classes: int, searched: bool,
                     device: Any = "cpu") -> tuple[float, bool]:
    """(seconds to choose the settings and train, measured on this computer): the classifier's cost, scaled by
    this computer's last run of it on this kind of device."""
    cost = registry.get(classifier).training_cost(pictures, dimension, classes, searched)
    factor = _read_speeds().get(_training_key(classifier, device))
    return cost * (factor if factor is not None else 1.0), factor is not None


def estimate(digests: list[str | None], fit_pictures: int, classes: int, classifier: str, feature_kind: str,
             image_size: int | None = None, device: Any = "auto", auto_tune: bool = True) -> Estimate:
    """The time a run over pictures with these ``digests`` will take (``fit_pictures`` of them train: the test
    pictures only get features). Reads the feature cache's index: off the window's thread."""
    from desktop_app.core import devices
    from desktop_app.core.extraction.features import FeatureSettings

    settings = FeatureSettings.default(feature_kind)
    if image_size:
        settings = FeatureSettings(settings.kind, int(image_size))
    if isinstance(device, str):
        device = devices.resolve_device(device)
    to_extract = pictures_to_extract(settings, digests)
    per_picture, features_measured = feature_seconds_per_picture(settings, device)
    train, training_measured = training_seconds(classifier, fit_pictures, settings.dimension, classes, auto_tune,
                                                device)
    return Estimate(len(digests), to_extract, to_extract * per_picture, train,
                    (features_measured or to_extract == 0) and training_measured)


class FeatureStopwatch:
    """Times one feature extraction and remembers this computer's speed per picture computed."""

    def __init__(self, settings, digests: Iterable[str | None]) -> None:
        self.settings = settings
        self.pictures = pictures_to_extract(settings, digests)
        self.started = time.perf_counter()

    def stop(self, device: Any) -> None:
        if self.pictures >= MIN_PICTURES_TO_MEASURE:
            _remember(_feature_key(self.settings, device), (time.perf_counter() - self.started) / self.pictures)


def remember_training(classifier: str, device: Any, pictures: int, dimension: int, classes: int, searched: bool,
                      seconds: float) -> None:
    """This computer's speed against the classifier's cost, from a run that took ``seconds`` (settings and fit)."""
    cost = registry.get(classifier).training_cost(pictures, dimension, classes, searched)
    if cost > 0:
        _remember(_training_key(classifier, device), seconds / cost)


def classifier_seconds(classifier: str, pictures: int, classes: int, feature_kind: str, searched: bool,
                       cpu_only: bool = False) -> tuple[float, bool]:
    """(seconds to choose the settings and train, measured on this computer) on the device a run would use, for
    the Model tab's descriptions. Never waits: before the devices are known, the CPU is assumed."""
    from desktop_app.core import devices
    from desktop_app.core.extraction.features import FeatureSettings

    report = None if cpu_only else devices.known_device_report()
    device = report.auto if report is not None else "cpu"
    return training_seconds(classifier, pictures, FeatureSettings.default(feature_kind).dimension, classes,
                            searched, device)
