"""Embedding throughput on real photos (decoding included): the app's pipeline against a naive loop.

Data: <data_dir>/hymenoptera (unpacked from ../shared/data/hymenoptera.tar.gz to /tmp/data when absent).
Naive loop = open each file with Pillow at full size, resize, one picture at a time through the same network.
Run alone: ``python -m benchmarks.bench_embed [--quick] [--data-dir DIR]``.
"""
from __future__ import annotations

import argparse
import json
import tarfile
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from desktop_app.core import devices, features, images, network
from desktop_app.core.events import run_to_completion

ARCHIVE = Path(__file__).resolve().parents[2] / "shared" / "data" / "hymenoptera.tar.gz"
DEFAULT_DATA_DIR = Path("/tmp/data")


def _find_data(data_dir: Path | None) -> Path | None:
    root = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    folder = root / "hymenoptera"
    if not folder.is_dir() and ARCHIVE.is_file():
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(ARCHIVE) as archive:
            archive.extractall(root, filter="data")
    return folder if folder.is_dir() else None


def _naive_embed(model: torch.nn.Module, files: list[Path], size: int, device: torch.device) -> np.ndarray:
    rows = []
    with torch.inference_mode():
        for path in files:
            picture = Image.open(path).convert("RGB").resize((size, size), Image.Resampling.BICUBIC)
            pixels = np.asarray(picture, dtype=np.uint8)[None]
            rows.append(model(network.to_network_input(pixels, device)).cpu().numpy())
    return np.concatenate(rows)


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
    network.pretrained_model(device)  # loading the weights is not part of the measurement

    # The same files for both loops, so picture sizes cannot favour either.
    pipeline_files = files[:64] if quick else files
    naive_files = pipeline_files

    naive_model = network.build_pretrained_model().to(device)  # same weights, loaded the plain way
    # Warm-up (first calls build the CPU kernels for each input shape) is left out of both timings.
    _naive_embed(naive_model, naive_files[:2], size, device)
    run_to_completion(features.extract_features(settings, pipeline_files[:16], None, device))

    started = time.perf_counter()
    _naive_embed(naive_model, naive_files, size, device)
    naive_rate = len(naive_files) / (time.perf_counter() - started)

    started = time.perf_counter()
    result = run_to_completion(features.extract_features(settings, pipeline_files, None, device))
    rate = len(pipeline_files) / (time.perf_counter() - started)

    return {
        "embed_images_per_second": round(rate, 2),
        "embed_naive_images_per_second": round(naive_rate, 2),
        "embed_speedup_vs_naive": round(rate / naive_rate, 2),
        "embed_images": len(pipeline_files),
        "embed_naive_images": len(naive_files),
        "embed_failed_images": int((~result.ok).sum()),
        "embed_image_size": size,
        "embed_device": devices.describe_device(device),
        "torch_threads": torch.get_num_threads(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    print(json.dumps(run(args.data_dir, args.quick), indent=2))


if __name__ == "__main__":
    main()
