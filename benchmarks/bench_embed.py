"""Embedding throughput on real photos (decoding included), as ratios measured side by side in this process.

* ``embed_speedup_vs_naive``: the app's pipeline / a naive loop (open each file full size with Pillow, resize,
  one picture at a time through the same network), hymenoptera photos (median 500 x 375).
* ``embed_speedup_vs_naive_large``: the same on phone-size photos: the hymenoptera photos re-encoded at
  4032 x 3024 into ``<data_dir>/hymenoptera-4032x3024`` (made once, kept between runs).
* ``embed_vs_model_only``: the pipeline / the network alone on the same pictures already decoded into arrays,
  same size and batch: how much of the network's speed the feeding keeps.
* ``embed_processes_vs_threads``: the pipeline decoding in worker processes / the same on threads, whichever
  this machine would choose (``decode_pool.choose_processes``).

Every side is timed 3 times, interleaved with its reference, best reported with the spread ((worst - best) /
best); ``--quick`` uses fewer pictures (128 photos, 12 large ones) instead of fewer runs (with 64 the pipeline's
start and end, a batch or two while not every stream is busy, weighed too much and the ratio swung 0.84-1.15).
Run alone: ``python -m benchmarks.bench_embed [--quick] [--data-dir DIR]``.
"""
from __future__ import annotations

import os
import tarfile
import time
from pathlib import Path

from benchmarks.timing import run_alone
from typing import Callable

import numpy as np
import torch
from PIL import Image

from desktop_app.core.extraction import decode_pool, features, network
from desktop_app.core.data import decoding, images
from desktop_app.core import devices
from desktop_app.core.events import run_to_completion

ARCHIVE = Path(__file__).resolve().parents[2] / "shared" / "data" / "hymenoptera.tar.gz"
DEFAULT_DATA_DIR = Path("/tmp/data")
LARGE_SIZE = (4032, 3024)


def _find_data(data_dir: Path | None) -> Path | None:
    root = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    folder = root / "hymenoptera"
    if not folder.is_dir() and ARCHIVE.is_file():
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(ARCHIVE) as archive:
            archive.extractall(root, filter="data")
    return folder if folder.is_dir() else None


def large_copies(files: list[Path], folder: Path) -> list[Path]:
    """Each photo re-encoded at 4032 x 3024 (quality 90, like a phone); made once, reused between runs."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for path in files:
        target = folder / f"{path.parent.name}-{path.stem}.jpg"
        if not target.is_file():
            with Image.open(path) as picture:
                big = picture.convert("RGB").resize(LARGE_SIZE, Image.Resampling.BILINEAR)
            partial = target.with_suffix(".part")
            big.save(partial, "JPEG", quality=90)
            partial.replace(target)
        made.append(target)
    return made


def _naive_embed(model: torch.nn.Module, files: list[Path], size: int, device: torch.device) -> np.ndarray:
    rows = []
    with torch.inference_mode():
        for path in files:
            picture = Image.open(path).convert("RGB").resize((size, size), Image.Resampling.BICUBIC)
            pixels = np.asarray(picture, dtype=np.uint8)[None]
            rows.append(model(network.to_network_input(pixels, device)).cpu().numpy())
    return np.concatenate(rows)


def _model_only(decoded: np.ndarray, batch_size: int, device: torch.device) -> None:
    for start in range(0, len(decoded), batch_size):
        network.embed(decoded[start:start + batch_size], device)


def _pipeline(settings, files, device, processes: bool | None = None):
    if processes is None:
        return run_to_completion(features.extract_features(settings, files, None, device))
    saved = decode_pool.choose_processes
    decode_pool.choose_processes = lambda *args: processes  # the other decoder than this machine would use
    try:
        return run_to_completion(features.extract_features(settings, files, None, device))
    finally:
        decode_pool.choose_processes = saved


def race(sides: dict[str, Callable[[], object]], pictures: dict[str, int], repeats: int) -> dict[str, dict]:
    """Time each side ``repeats`` times, taking turns; images/s at the best run, and the spread."""
    seconds: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(repeats):
        for name, side in sides.items():
            started = time.perf_counter()
            side()
            seconds[name].append(time.perf_counter() - started)
    report = {}
    for name, times in seconds.items():
        best = min(times)
        report[name] = {"images_per_second": round(pictures[name] / best, 2), "best_s": round(best, 3),
                        "spread": round((max(times) - best) / best, 3), "runs": len(times)}
    return report


def run(data_dir: Path | None = None, quick: bool = False) -> dict:
    folder = _find_data(data_dir)
    if folder is None:
        return {"skipped": f"hymenoptera photos not found under {data_dir or DEFAULT_DATA_DIR} "
                           f"and no archive at {ARCHIVE}"}
    files = sorted(p for p in folder.rglob("*") if p.is_file() and images.looks_like_image(p))
    if not files:
        return {"skipped": f"no pictures in {folder}"}
    device = devices.resolve_device("auto")
    settings = features.FeatureSettings.default("pretrained")
    size = settings.image_size
    batch_size = features.default_batch_size(settings, device)
    repeats = 3
    network.pretrained_model(device)  # loading the weights is not part of the measurement

    # The same files for every side, so picture sizes cannot favour any.
    small_files = files[::len(files) // 128][:128] if quick else files  # quick: spread over ants and bees
    large_files = large_copies(files[::len(files) // 12][:12] if quick else files[::len(files) // 48][:48],
                               folder.parent / "hymenoptera-4032x3024")
    decoded = np.stack([decoding.decode_square(p, size) for p in small_files])

    naive_model = network.build_pretrained_model().to(device)  # same weights, loaded the plain way
    # Warm-up (first calls build the CPU kernels for each input shape) is left out of every timing.
    _naive_embed(naive_model, small_files[:2], size, device)
    _model_only(decoded[:batch_size * 2], batch_size, device)
    _pipeline(settings, small_files[:16], device)

    chosen = "processes" if decode_pool.choose_processes(len(small_files), device.type, settings.kind,
                                                         os.cpu_count() or 1) else "threads"
    other = "threads" if chosen == "processes" else "processes"
    counts = {"naive": len(small_files), "pipeline": len(small_files), "model_only": len(small_files),
              f"pipeline_{other}": len(small_files)}
    small = race({
        "naive": lambda: _naive_embed(naive_model, small_files, size, device),
        "pipeline": lambda: _pipeline(settings, small_files, device),
        "model_only": lambda: _model_only(decoded, batch_size, device),
        f"pipeline_{other}": lambda: _pipeline(settings, small_files, device, processes=other == "processes"),
    }, counts, repeats)
    large = race({
        "naive": lambda: _naive_embed(naive_model, large_files, size, device),
        "pipeline": lambda: _pipeline(settings, large_files, device),
    }, {"naive": len(large_files), "pipeline": len(large_files)}, repeats)
    result = _pipeline(settings, small_files, device)
    small[f"pipeline_{chosen}"] = small["pipeline"]

    def ratio(report: dict, side: str, reference: str) -> float:
        return round(report[side]["images_per_second"] / report[reference]["images_per_second"], 2)

    return {
        "embed_speedup_vs_naive": ratio(small, "pipeline", "naive"),
        "embed_vs_model_only": ratio(small, "pipeline", "model_only"),
        "embed_processes_vs_threads": ratio(small, "pipeline_processes", "pipeline_threads"),
        "embed_speedup_vs_naive_large": ratio(large, "pipeline", "naive"),
        "embed_images_per_second": small["pipeline"]["images_per_second"],
        "embed_runs": small,
        "embed_large_runs": large,
        "embed_images": len(small_files),
        "embed_large_images": len(large_files),
        "embed_large_size": "x".join(map(str, LARGE_SIZE)),
        "embed_failed_images": int((~result.ok).sum()),
        "embed_image_size": size,
        "embed_batch_size": batch_size,
        "embed_decoder": chosen,
        "embed_device": devices.describe_device(device),
        "torch_threads": torch.get_num_threads(),
    }


def main() -> None:
    run_alone(run, __doc__, None)


if __name__ == "__main__":
    main()
