"""The GPU feeding benchmark of issue 10, ready for a GPU machine (16 cores, CUDA; no PySide6 needed).

    python benchmarks/bench_gpu.py OUT.json [--quick] [--data-dir DIR] [--weights efficientnet-lite0.pth]

Builds the 1,530-photo case (hymenoptera val copied 10 times; ``--quick``: 24 pictures, generated when no photos
are found) and measures, each the best of 3 (``--quick``: 2) with its spread:

* ``gpu_embed_images_per_second``: ``features.extract_features`` end to end, no cache (what users get);
* the stage table: decode + crop/resize (``decoding.decode_square``) on 1 thread, 8 and 16 threads, a 16-process
  ``ProcessPoolExecutor`` (pickled arrays), the app's ``ProcessDecoder`` (shared memory); torchvision's
  ``decode_jpeg`` on the GPU (nvJPEG) + resize there; the network alone (batch 128, fp32 and fp16 autocast);
  ``network.embed`` from a uint8 host batch.

Whatever is unavailable (no CUDA, no torchvision, no weights package) is skipped with the reason; the weights
file can be given with ``--weights``, else random weights are used (same speed; flagged in the JSON). Runs on
the CPU too (``--quick`` is how it is tested here). Not part of ``benchmarks/run.py``: a GPU is needed for the
numbers that matter.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tarfile
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

from desktop_app.core.extraction import decode_pool, features, network
from desktop_app.core.data import decoding  # noqa: E402
from desktop_app.core.events import run_to_completion  # noqa: E402

SIZE = features.DEFAULT_PRETRAINED_SIZE
COPIES = 10
ARCHIVE_PLACES = (REPO / "shared" / "data", REPO.parent / "shared" / "data")
FOLDER_PLACES = (Path("/tmp/data"), REPO / "shared" / "data", REPO.parent / "shared" / "data")


# --- data --------------------------------------------------------------------------------------------------


def find_val_photos(data_dir: Path | None, scratch: Path) -> list[Path]:
    places = ([data_dir] if data_dir else []) + list(FOLDER_PLACES)
    for place in places:
        val = Path(place) / "hymenoptera" / "val"
        if val.is_dir():
            return sorted(p for p in val.rglob("*.jpg"))
    for place in ([data_dir] if data_dir else []) + list(ARCHIVE_PLACES):
        archive = Path(place) / "hymenoptera.tar.gz"
        if archive.is_file():
            with tarfile.open(archive) as tar:
                tar.extractall(scratch, filter="data")
            return sorted((scratch / "hymenoptera" / "val").rglob("*.jpg"))
    return []


def generated_photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    paths = []
    for i in range(count):
        pixels = rng.integers(0, 256, (375, 500, 3), dtype=np.uint8)
        path = folder / f"generated-{i:03d}.jpg"
        Image.fromarray(pixels).save(path, quality=90)
        paths.append(path)
    return paths


def build_case(photos: list[Path], folder: Path, copies: int) -> list[Path]:
    """``copies`` copies of every photo under distinct names (the cache is off anyway)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for copy in range(copies):
        for path in photos:
            target = folder / f"{copy:02d}-{path.parent.name}-{path.name}"
            if not target.exists():
                shutil.copyfile(path, target)
            paths.append(target)
    return paths


# --- timing ------------------------------------------------------------------------------------------------


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def best_of(work: Callable[[], object], pictures: int, repeats: int, device: torch.device) -> dict:
    times = []
    for _ in range(repeats):
        sync(device)
        started = time.perf_counter()
        work()
        sync(device)
        times.append(time.perf_counter() - started)
    best = min(times)
    return {"images_per_second": round(pictures / best, 1), "best_s": round(best, 4),
            "spread": round((max(times) - best) / best, 3), "runs": repeats}


def stage(results: dict, name: str, measure: Callable[[], dict]) -> None:
    """One row of the table; a failure or missing part is recorded, never stops the rest."""
    try:
        results[name] = measure()
    except Exception as exc:  # noqa: BLE001 - a benchmark of many parts reports what it could not do
        results[name] = {"skipped": f"{type(exc).__name__}: {exc}",
                         "traceback": traceback.format_exc(limit=3)}
    print(f"{name:40s} {results[name].get('images_per_second', results[name].get('skipped'))}", flush=True)


# --- the stages --------------------------------------------------------------------------------------------


def use_weights(weights: Path | None) -> str:
    """Which weights the network runs with; falls back to random ones (same speed) when none are found."""
    try:
        network.weights_path()
        return "shipped package"
    except Exception:  # noqa: BLE001 - the package is optional here
        pass
    def build(keep_classifier: bool = False) -> torch.nn.Module:
        import timm

        model = timm.create_model("tf_efficientnet_lite0", pretrained=False, num_classes=1000)
        if weights is not None:
            state = torch.load(weights, map_location="cpu", weights_only=True)
            model.load_state_dict(network.rename_weights(state, model), strict=True)
        if not keep_classifier:
            model.reset_classifier(0)
        return model.eval()

    network.build_pretrained_model = build
    return f"file {weights}" if weights is not None else "random (weights package missing; same speed)"


def decode_threads(paths: list[Path], threads: int) -> None:
    if threads == 1:
        for path in paths:
            decoding.decode_square(path, SIZE)
        return
    with ThreadPoolExecutor(threads) as pool:
        for _ in pool.map(decoding.decode_square, paths, [SIZE] * len(paths)):
            pass


def decode_process_pool(paths: list[Path], processes: int, repeats: int, device) -> dict:
    import multiprocessing

    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(decoding.decode_square, paths[:processes * 2], [SIZE] * processes * 2))  # start-up
        return best_of(lambda: list(pool.map(decoding.decode_square, paths, [SIZE] * len(paths), chunksize=8)),
                       len(paths), repeats, device)


def decode_shared_memory(paths: list[Path], repeats: int, device: torch.device) -> dict:
    workers = decode_pool.worker_count(device.type, "pretrained")
    decoder = decode_pool.ProcessDecoder(SIZE, workers, capacity=384)
    try:
        def run_all(items: list[Path]) -> None:
            waiting, given, back = list(enumerate(items)), 0, 0
            while back < len(items):
                while waiting and given - back < decoder.capacity:
                    decoder.submit(*waiting.pop())
                    given += 1
                if decoder.get(1.0) is not None:
                    back += 1

        run_all(paths[:workers * 2])  # start-up
        return {**best_of(lambda: run_all(paths), len(paths), repeats, device), "processes": workers}
    finally:
        decoder.close()


def nvjpeg(paths: list[Path], repeats: int, device: torch.device, batch: int = 128) -> dict:
    if device.type != "cuda":
        return {"skipped": "no CUDA device"}
    from torchvision.io import ImageReadMode, decode_jpeg, read_file

    datas = [read_file(str(p)) for p in paths]

    def run_all() -> None:
        for start in range(0, len(datas), batch):
            decoded = decode_jpeg(datas[start:start + batch], mode=ImageReadMode.RGB, device=device)
            for picture in decoded:  # crop the centre square, resize there
                side = min(picture.shape[-2:])
                top, left = (picture.shape[-2] - side) // 2, (picture.shape[-1] - side) // 2
                square = picture[None, :, top:top + side, left:left + side].float()
                torch.nn.functional.interpolate(square, size=(SIZE, SIZE), mode="bicubic", antialias=True)

    run_all()  # start-up (nvJPEG handles, kernels)
    return best_of(run_all, len(paths), repeats, device)


def network_alone(device: torch.device, repeats: int, batch: int, pictures: int, fp16: bool) -> dict:
    model = network.pretrained_model(device)
    inputs = torch.randn(batch, 3, SIZE, SIZE, device=device).contiguous(memory_format=torch.channels_last)
    steps = max(1, pictures // batch)

    def run_all() -> None:
        with torch.inference_mode(), torch.autocast(device.type, dtype=torch.float16, enabled=fp16):
            for _ in range(steps):
                model(inputs)

    run_all()
    return {**best_of(run_all, steps * batch, repeats, device), "batch": batch}


def embed_from_host(device: torch.device, repeats: int, batch: int, pictures: int) -> dict:
    host = np.random.default_rng(0).integers(0, 256, (batch, SIZE, SIZE, 3), dtype=np.uint8)
    steps = max(1, pictures // batch)

    def run_all() -> None:
        for _ in range(steps):
            network.embed(host, device)

    run_all()
    return {**best_of(run_all, steps * batch, repeats, device), "batch": batch}


def end_to_end(paths: list[Path], repeats: int, device: torch.device) -> dict:
    settings = features.FeatureSettings.default("pretrained")
    run_to_completion(features.extract_features(settings, paths[:64], None, device))  # model load, kernels
    failed = []

    def run_all() -> None:
        result = run_to_completion(features.extract_features(settings, paths, None, device))
        failed.append(int((~result.ok).sum()))

    report = best_of(run_all, len(paths), repeats, device)
    return {**report, "failed_pictures": failed[-1], "batch": features.default_batch_size(settings, device),
            "decoder": "processes" if decode_pool.choose_processes(len(paths), device.type, "pretrained",
                                                                   os.cpu_count() or 1) else "threads",
            "decode_processes": decode_pool.worker_count(device.type, "pretrained")}


# --- main --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path, help="where to write the JSON results")
    parser.add_argument("--quick", action="store_true", help="tiny case, 2 runs each (for testing on a CPU)")
    parser.add_argument("--data-dir", type=Path, default=None, help="folder holding hymenoptera/ or the archive")
    parser.add_argument("--weights", type=Path, default=None, help="efficientnet-lite0 .pth when the package is "
                                                                      "not installed")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args(argv)

    device = torch.device(args.device)
    repeats = 2 if args.quick else 3
    scratch = Path(tempfile.mkdtemp(prefix="bench-gpu-"))
    results: dict = {
        "machine": {"python": platform.python_version(), "torch": torch.__version__, "cpus": os.cpu_count(),
                    "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
                    "platform": platform.platform()},
        "quick": args.quick,
    }
    try:
        results["weights"] = use_weights(args.weights)
        photos = find_val_photos(args.data_dir, scratch)
        results["photos_found"] = len(photos)
        if args.quick:
            photos = photos[:12] or generated_photos(scratch / "generated", 12)
            paths = build_case(photos, scratch / "case", 2)
        else:
            photos = photos or generated_photos(scratch / "generated", 153)
            paths = build_case(photos, scratch / "case", COPIES)
        results["pictures"] = len(paths)
        print(f"{len(paths)} pictures on {results['machine']['device']}", flush=True)
        batch = 8 if args.quick else 128
        net_pictures = 32 if args.quick else 1536

        stages: dict = {}
        stage(stages, "extract_features end to end", lambda: end_to_end(paths, repeats, device))
        stage(stages, "decode_square 1 thread",
              lambda: best_of(lambda: decode_threads(paths, 1), len(paths), repeats, device))
        for threads in (8, 16):
            stage(stages, f"decode_square {threads} threads",
                  lambda t=threads: best_of(lambda: decode_threads(paths, t), len(paths), repeats, device))
        stage(stages, "decode_square ProcessPoolExecutor 16",
              lambda: decode_process_pool(paths, 16 if not args.quick else 2, repeats, device))
        stage(stages, "decode ProcessDecoder (shared memory)", lambda: decode_shared_memory(paths, repeats, device))
        stage(stages, "nvJPEG decode_jpeg + resize on GPU", lambda: nvjpeg(paths, repeats, device))
        stage(stages, "network alone fp32", lambda: network_alone(device, repeats, batch, net_pictures, False))
        if device.type == "cuda":
            stage(stages, "network alone fp16 autocast",
                  lambda: network_alone(device, repeats, batch, net_pictures, True))
        stage(stages, "network.embed from uint8 host batch",
              lambda: embed_from_host(device, repeats, batch, net_pictures))
        results["stages"] = stages
        end = stages["extract_features end to end"]
        if device.type == "cuda" and "images_per_second" in end:
            results["gpu_embed_images_per_second"] = end["images_per_second"]
        elif "images_per_second" in end:
            results["cpu_embed_images_per_second"] = end["images_per_second"]
    except Exception as exc:  # noqa: BLE001 - whatever happened, the JSON says so
        results["error"] = f"{type(exc).__name__}: {exc}"
        results["traceback"] = traceback.format_exc()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    partial = args.output.with_name(args.output.name + ".part")
    partial.write_text(json.dumps(results, indent=2))
    partial.replace(args.output)  # a benchmark output, outside the app: plain temp-and-rename
    print(json.dumps({k: v for k, v in results.items() if k != "stages"}, indent=2))
    return 1 if "error" in results else 0


if __name__ == "__main__":
    sys.exit(main())
