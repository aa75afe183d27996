"""The built-in sample dataset: scikit-learn's handwritten digits as ten class folders "0" ... "9".

The pictures ship in resources/sample_data/digits (made by tools/make_sample_data.py). When an installation
lacks them they are written once to the user's cache folder from the copy bundled with scikit-learn (no network).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from desktop_app.core import paths, preload
from desktop_app.resources import resource_path

SAMPLE_NAME = "digits"
IMAGES_PER_CLASS = 100
IMAGE_SIZE = 32


def _digit_pictures(per_class: int, size: int) -> dict[str, list[Image.Image]]:
    preload.wait_for_scikit_learn()  # imported on the engine thread just after it is ready
    from sklearn.datasets import load_digits

    digits = load_digits()  # 8x8 grey levels 0..16, shipped inside scikit-learn
    pictures: dict[str, list[Image.Image]] = {str(d): [] for d in range(10)}
    for pixels, target in zip(digits.images, digits.target):
        folder = pictures[str(int(target))]
        if len(folder) >= per_class:
            continue
        ink = (pixels / 16.0 * 255.0).astype(np.uint8)
        small = Image.fromarray(255 - ink, mode="L")  # dark digit on white paper
        folder.append(small.resize((size, size), Image.Resampling.BICUBIC))
    return pictures


def write_digits(target: str | os.PathLike, per_class: int | None = None, size: int = IMAGE_SIZE) -> Path:
    """Write target/<digit>/digit_<digit>_<nnn>.png (grayscale PNG), per_class of each digit; return target."""
    target = Path(target)
    per_class = per_class or IMAGES_PER_CLASS
    for label, pictures in _digit_pictures(per_class, size).items():
        folder = target / label
        folder.mkdir(parents=True, exist_ok=True)
        for i, picture in enumerate(pictures):
            picture.save(folder / f"digit_{label}_{i:03d}.png", optimize=True)
    return target


def bundled_sample_path() -> Path:
    return resource_path("sample_data", SAMPLE_NAME)


def cached_sample_path() -> Path:
    """Where the copy is made when none is bundled."""
    return paths.cache_dir() / "sample_data" / SAMPLE_NAME


def is_sample_folder(folder: str | os.PathLike) -> bool:
    """The app's own sample folder (bundled, or its copy in the cache): not a user's dataset to change."""
    return any(os.path.abspath(folder) == os.path.abspath(sample)
               for sample in (bundled_sample_path(), cached_sample_path()))


def _is_complete(folder: Path) -> bool:
    return all(any((folder / str(d)).glob("*.png")) for d in range(10))


def sample_dataset_path() -> Path:
    """Folder of the sample dataset: the bundled copy, else one made once in the user's cache folder."""
    bundled = bundled_sample_path()
    if bundled.is_dir() and _is_complete(bundled):
        return bundled
    cached = cached_sample_path()
    if cached.is_dir() and _is_complete(cached):
        return cached
    cached.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="digits-", dir=cached.parent))
    try:  # write beside, then move into place, so an interrupted run leaves no half dataset
        write_digits(staging)
        shutil.rmtree(cached, ignore_errors=True)
        staging.rename(cached)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return cached
