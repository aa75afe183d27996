"""Decoding in little memory (issue 17): bounded by the pixel count for every mode (conversions a band at a time),
and by a budget for the decodes running at once, in threads and in processes. Decoding in worker processes is in
test_decoding.py."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from desktop_app.core.extraction import decode_pool
from desktop_app.core.data import decoding, images
from tests.test_decoding import SIZE, decode_all, wait_until_ready


# -- memory: bounded by pixel count for every mode, and for the decodes running at once (issue 17) ------------------
def _old_numbers_to_l(image: Image.Image) -> np.ndarray:
    """The former conversion, on the whole picture at once (float64 copies of every pixel)."""
    values = np.asarray(image)
    if image.mode == "F":
        values = np.nan_to_num(values.astype(np.float64))
        low, high = float(values.min()), float(values.max())
        scaled = values * 255.0 if low >= 0.0 and high <= 1.0 else (values - low) * (255.0 / max(high - low, 1e-12))
    else:
        values = values.astype(np.int64)
        low, high = int(values.min()), int(values.max())
        unit = low >= 0 and high <= 65535
        scaled = values * (255.0 / 65535.0) if unit else (values - low) * (255.0 / max(high - low, 1))
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)


def test_a_large_32_bit_picture_decodes_in_little_memory(tmp_path):
    import tracemalloc

    y, x = np.mgrid[0:2000, 0:2000]
    path = tmp_path / "four-megapixels-32-bit.tif"
    Image.fromarray((x * 40 + y).astype(np.int32), "I").save(path, compression="tiff_deflate")
    del x, y
    tracemalloc.start()
    try:
        pixels = decoding.decode_square(path, SIZE)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Scaled at once, the numbers took 8 bytes per pixel several times over (> 100 MB here; 3.9 GB at 100 MP).
    assert peak < 16 * 1024 * 1024, peak
    with Image.open(path) as image:
        expected = decoding.square_pixels(Image.fromarray(_old_numbers_to_l(image)).convert("RGB"), SIZE)
    assert np.array_equal(pixels, expected)


@pytest.mark.parametrize("mode", ["I", "F", "I;16", "RGBA", "LA", "P", "CMYK", "1"])
def test_conversions_a_band_at_a_time_give_the_same_pixels(mode, monkeypatch):
    rng = np.random.default_rng(1)
    base = Image.fromarray(rng.integers(0, 256, (70, 90, 3), dtype=np.uint8))
    if mode in ("I", "F", "I;16"):
        numbers = rng.normal(0, 1, (70, 90)) if mode == "F" else rng.integers(0, 70000 if mode == "I" else 65536,
                                                                              (70, 90))
        picture = Image.fromarray(numbers.astype({"I": np.int32, "F": np.float32, "I;16": np.uint16}[mode]))
        assert picture.mode == mode
        whole = Image.fromarray(_old_numbers_to_l(picture)).convert("RGB")
    else:
        picture = base.convert(mode) if mode != "P" else base.convert("P", palette=Image.Palette.ADAPTIVE)
        if mode == "P":
            picture.info["transparency"] = 3
        if mode in ("RGBA", "LA"):
            picture.putalpha(Image.linear_gradient("L").resize(picture.size))
        whole = images._small_to_rgb(picture)
    monkeypatch.setattr(images, "_BAND_PIXELS", 500)  # many bands of a few rows
    assert np.array_equal(np.asarray(images.to_rgb(picture)), np.asarray(whole))


def _panoramas(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):  # wide, many pixels, a few kB on disk
        paths.append(folder / f"panorama-{i}.png")
        Image.new("RGB", (1600, 400), (20 * i, 100, 200)).save(paths[-1])
    return paths


def test_decodes_at_once_stay_within_the_memory_budget(tmp_path):
    files = _panoramas(tmp_path, 12)
    with Image.open(files[0]) as image:
        one = images.decode_memory(image)
    budget = decoding.DecodeBudget(limit=int(2.5 * one))
    decoder = decode_pool.ThreadDecoder(SIZE, workers=6, capacity=12, budget=budget)
    try:
        results = decode_all(decoder, files)
    finally:
        decoder.close()
    assert all(problem is None for _pixels, problem in results.values())
    assert one <= budget.peak <= budget.limit  # two at a time, though six threads were ready to decode
    assert decode_pool.ThreadDecoder(SIZE, 1, 1).budget.limit == decoding.DECODE_BUDGET_BYTES  # on by default


def test_a_picture_larger_than_the_whole_budget_is_decoded_alone_in_processes_too(tmp_path, monkeypatch):
    files = _panoramas(tmp_path, 6)
    monkeypatch.setattr(decoding, "DECODE_BUDGET_BYTES", 1)  # every picture needs more than all of it
    decoder = decode_pool.ProcessDecoder(SIZE, workers=2, capacity=4)
    try:
        wait_until_ready(decoder)
        results = decode_all(decoder, files)
    finally:
        decoder.close()
    assert all(problem is None for _pixels, problem in results.values())  # one after the other, never stuck
