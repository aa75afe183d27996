"""The CPU network pass: the app's pass (``network.pretrained_model``: static padding, oneDNN-fused convolution +
ReLU6) against the pass it replaced (timm's model with folded BatchNorms, channels_last, ``inference_mode``).

Same batches of 8 pictures at 224 px, same thread count, the two passes timed in turns, each at least 3 times:
the best throughput of each side and the spread ((worst - best) / best) are reported. The ratio is also taken
with one thread in CPU time of that thread (images per CPU-second), which a busy machine blurs much less than
wall-clock time.
Agreement: the largest difference between the two passes' embeddings on real photos (hymenoptera val) and,
in a full run, a scikit-learn logistic-regression probe on each pass's embeddings (hymenoptera train -> val).
The measured CIFAR-10 probe is in docs/features.md ("The CPU network pass"): too slow for every run.
Run alone: ``python -m benchmarks.bench_network [--quick] [--data-dir /tmp/data]``.
"""
from __future__ import annotations

import time
from pathlib import Path

from benchmarks.timing import run_alone

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from desktop_app.core.extraction import features, network
from desktop_app.core.data import images

BATCH, SIZE = 8, 224
DEFAULT_DATA_DIR = Path("/tmp/data")


def reference_model() -> torch.nn.Module:
    """The pass before this benchmark existed: timm's model, BatchNorms folded, channels_last."""
    return network.fold_batch_norms(network.build_pretrained_model()).to(memory_format=torch.channels_last)


def _embed_with(model: torch.nn.Module, pictures: np.ndarray) -> np.ndarray:
    rows = []
    with torch.inference_mode():
        for start in range(0, len(pictures), BATCH):
            rows.append(model(network.to_network_input(pictures[start:start + BATCH], torch.device("cpu"))))
    return torch.cat(rows).numpy()


def time_in_turns(passes: dict[str, torch.nn.Module], pictures: np.ndarray, repeats: int,
                  clock=time.perf_counter) -> dict[str, list]:
    """images/s of each pass, ``repeats`` times, taking the passes in turns (a busy moment hurts all alike)."""
    for model in passes.values():  # the first calls build oneDNN's kernels for this shape
        _embed_with(model, pictures[:BATCH])
    rates: dict[str, list] = {name: [] for name in passes}
    for _ in range(repeats):
        for name, model in passes.items():
            started = clock()
            _embed_with(model, pictures)
            rates[name].append(len(pictures) / (clock() - started))
    return rates


def _summary(rates: list[float]) -> dict:
    best, worst = max(rates), min(rates)
    return {"best": round(best, 1), "spread": round((best - worst) / best, 3)}


def _photos(data_dir: Path, split: str, limit: int | None) -> tuple[np.ndarray, np.ndarray] | None:
    folder = Path(data_dir) / "hymenoptera" / split
    if not folder.is_dir():
        return None
    pictures, labels = [], []
    for label, name in enumerate(sorted(p.name for p in folder.iterdir() if p.is_dir())):
        files = sorted(p for p in (folder / name).iterdir() if images.looks_like_image(p))
        for path in files[:limit]:
            try:
                pictures.append(features.square_pixels(images.load_rgb(path, min_size=SIZE), SIZE))
                labels.append(label)
            except images.ImageDecodeError:
                continue
    return np.stack(pictures), np.asarray(labels)


def probe_accuracy(train: tuple[np.ndarray, np.ndarray], test: tuple[np.ndarray, np.ndarray]) -> float:
    scaler = StandardScaler().fit(train[0])
    probe = LogisticRegression(max_iter=2000).fit(scaler.transform(train[0]), train[1])
    return float(probe.score(scaler.transform(test[0]), test[1]))


def run(data_dir: Path | None = None, quick: bool = False) -> dict:
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    rng = np.random.default_rng(0)  # the cost of the pass does not depend on what the pictures show
    pictures = rng.integers(0, 256, size=(BATCH * (4 if quick else 8), SIZE, SIZE, 3), dtype=np.uint8)
    passes = {"new": network.pretrained_model(torch.device("cpu")), "reference": reference_model()}
    repeats = 5  # a pass over 32 pictures takes under a second: three were not enough on a shared machine
    threads = torch.get_num_threads()
    rates = time_in_turns(passes, pictures, repeats)
    results = {
        "network_speedup": round(max(rates["new"]) / max(rates["reference"]), 2),
        "network_images_per_second": _summary(rates["new"]),
        "network_reference_images_per_second": _summary(rates["reference"]),
        "network_threads": threads,
        "network_repeats": repeats,
    }
    torch.set_num_threads(1)
    try:  # with one thread all the work is on this thread: its CPU time hardly depends on other processes
        single = time_in_turns(passes, pictures[:BATCH * 2], repeats, clock=time.thread_time)
    finally:
        torch.set_num_threads(threads)
    results["network_speedup_1_thread"] = round(max(single["new"]) / max(single["reference"]), 2)
    results["network_images_per_cpu_second_1_thread"] = {name: _summary(r) for name, r in single.items()}

    val = _photos(data_dir, "val", 16 if quick else None)
    if val is None:
        results["network_agreement"] = f"skipped: no hymenoptera photos under {data_dir}"
        return results
    new_val, reference_val = _embed_with(passes["new"], val[0]), _embed_with(passes["reference"], val[0])
    results["network_max_embedding_difference"] = float(np.abs(new_val - reference_val).max())
    if not quick:
        train = _photos(data_dir, "train", None)
        results["network_probe_accuracy_hymenoptera"] = {
            "new": round(probe_accuracy((_embed_with(passes["new"], train[0]), train[1]), (new_val, val[1])), 4),
            "reference": round(probe_accuracy((_embed_with(passes["reference"], train[0]), train[1]),
                                              (reference_val, val[1])), 4),
        }
    results["network_probe_cifar10"] = "docs/features.md, 'The CPU network pass'"
    return results


def main() -> None:
    run_alone(run, __doc__, None)


if __name__ == "__main__":
    main()
