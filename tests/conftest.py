"""Shared fixtures: small, learnable image folders written to disk by the tests themselves."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Three classes a classifier can learn from raw pixels and from pretrained features alike.
CLASS_STYLES = {
    "circles": ((220, 40, 40), "ellipse"),
    "squares": ((40, 180, 60), "rectangle"),
    "stripes": ((40, 70, 220), "stripes"),
}


def draw_example(style: str, colour, rng: np.random.Generator, size: int = 48) -> Image.Image:
    background = tuple(int(v) for v in rng.integers(200, 256, size=3))
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    jitter = lambda v: int(np.clip(v + rng.integers(-25, 26), 0, 255))  # noqa: E731
    fill = tuple(jitter(c) for c in colour)
    margin = int(rng.integers(4, size // 4))
    box = (margin, margin, size - margin, size - margin)
    if style == "ellipse":
        draw.ellipse(box, fill=fill)
    elif style == "rectangle":
        draw.rectangle(box, fill=fill)
    else:
        for x in range(0, size, 8):
            draw.rectangle((x, 0, x + 3, size), fill=fill)
    noise = rng.integers(-12, 13, size=(size, size, 3))
    pixels = np.clip(np.asarray(image, dtype=np.int16) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels)


def write_class_folders(root: Path, per_class: int = 12, seed: int = 0, size: int = 48,
                        classes: dict | None = None, suffix: str = ".png") -> Path:
    rng = np.random.default_rng(seed)
    for name, (colour, style) in (classes or CLASS_STYLES).items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            draw_example(style, colour, rng, size).save(folder / f"{name}_{seed}_{i:03d}{suffix}")
    return root


@pytest.fixture
def image_folder(tmp_path: Path) -> Path:
    """<tmp>/data/{circles,squares,stripes}/*.png, 12 images each."""
    return write_class_folders(tmp_path / "data")


@pytest.fixture
def split_image_folder(tmp_path: Path) -> Path:
    """<tmp>/split/{train,test}/{circles,squares,stripes}/*.png."""
    root = tmp_path / "split"
    write_class_folders(root / "train", per_class=12, seed=1)
    write_class_folders(root / "test", per_class=5, seed=2)
    return root


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep caches and settings of the tests away from the user's own folders."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("DESKTOP_APP_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("DESKTOP_APP_CONFIG_DIR", str(base / "config"))
    yield
