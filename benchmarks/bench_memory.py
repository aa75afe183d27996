"""Peak memory of a CLI training run on all 50,000 CIFAR-10 training pictures, each case in its own process.

Each case runs ``python -m desktop_app.cli train <data>/cifar10/train ...`` inside a child process that then
reports its own peak resident memory (Linux ``VmHWM``, which starts afresh at exec, so the parent's memory is
not counted). The feature cache of these runs lives in ``/tmp/desktop_app_bench/memory_cache`` (the user's cache
is left alone); a case marked "cache" reads the features computed by an earlier run, so it measures training
without the network pass.

Cases (the default command: softmax with its settings searched as the app does by default, in --quick too):
  pixels       all 50,000 pictures as 32x32x3 pixels (3,072 numbers each; 614 MB as float32)
  pretrained   all 50,000 through EfficientNet-Lite0 at 64 px (--quick) or 128 px (full). The embedding has
               1,280 numbers at every input size, so the arrays after the network are those of the default
               224 px; only the network's per-batch activations are smaller. 224 px on all 50,000 takes 15+ min
               on 2 cores: ``--pretrained-size 224`` measures it.
  knn-pixels   (full run only) kNN, L2, k = 10 fixed, on pixels: the model keeps all training features

The first run computes the features (and fills the cache); later runs read them from the cache, which is what
retraining costs. ``memory_<case>.cache_chunks_before`` says which one was measured.
``peak_rss_mb_50k`` is the largest of the cases. Goal: < 2,000 MB.
Run alone: ``python -m benchmarks.bench_memory [--quick] [--data-dir /tmp/data]``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.timing import peak_rss_mb

REPO = Path(__file__).resolve().parents[1]
CACHE_DIR = Path("/tmp/desktop_app_bench/memory_cache")
QUICK_PRETRAINED_SIZE, FULL_PRETRAINED_SIZE = 64, 128  # px; the embedding has 1,280 numbers at every size
GOAL_MB = 2000


def child(cli_args: list[str]) -> None:
    """Entry point of the measured process: the CLI in this process, then one JSON line with its peak."""
    from desktop_app import cli

    started = time.perf_counter()
    code = cli.main(cli_args)
    print(json.dumps({"exit_code": code, "peak_rss_mb": round(peak_rss_mb(), 1),
                      "seconds": round(time.perf_counter() - started, 1)}))


def cases(quick: bool, pretrained_size: int) -> dict[str, list[str]]:
    common = ["--quiet", "--seed", "0", "--device", "cpu"]
    chosen = {
        "pixels": ["--classifier", "softmax", "--features", "pixels"],
        "pretrained": ["--classifier", "softmax", "--features", "pretrained", "--image-size", str(pretrained_size)],
    }
    if not quick:
        chosen["knn-pixels"] = ["--features", "pixels", "--classifier", "knn", "--no-auto", "--k", "10",
                                "--distance", "l2"]
    return {name: [*args, *common] for name, args in chosen.items()}


def run_case(train_dir: Path, args: list[str], out_dir: Path) -> dict:
    model = out_dir / "model.imgclf"
    env = {**os.environ, "DESKTOP_APP_CACHE_DIR": str(CACHE_DIR)}
    command = [sys.executable, "-m", "benchmarks.bench_memory", "--child", "--",
               "train", str(train_dir), "--out", str(model), "--force", *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env)
    try:
        measured = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": f"exit {done.returncode}: {done.stderr[-400:]}"}
    if measured.get("exit_code") != 0:
        measured["error"] = done.stderr[-400:]
    return measured


def _cache_chunks(args: list[str]) -> int:
    """How many cache chunk files the features of this case already have (0: the run computes them)."""
    from desktop_app.core.extraction.features import FeatureSettings

    kind = args[args.index("--features") + 1]
    size = int(args[args.index("--image-size") + 1]) if "--image-size" in args else None
    settings = FeatureSettings.default(kind) if size is None else FeatureSettings(kind, size)
    return len(list((CACHE_DIR / "features" / settings.cache_key()).glob("chunk-*.bin")))


def run(data_dir: Path | None, quick: bool = False, pretrained_size: int | None = None) -> dict:
    data_dir = Path(data_dir) if data_dir is not None else Path("/tmp/data")
    train_dir = data_dir / "cifar10" / "train"
    if not train_dir.is_dir():
        return {"skipped": f"CIFAR-10 training pictures not found under {train_dir}"}
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    pretrained_size = pretrained_size or (QUICK_PRETRAINED_SIZE if quick else FULL_PRETRAINED_SIZE)
    result: dict = {"memory_pictures": sum(1 for _ in train_dir.glob("*/*")),
                    "memory_pretrained_size": pretrained_size}
    peaks = []
    for name, args in cases(quick, pretrained_size).items():
        chunks = _cache_chunks(args)
        with tempfile.TemporaryDirectory(prefix="bench_memory_") as out:
            measured = run_case(train_dir, args, Path(out))
        result[f"memory_{name}"] = {"args": " ".join(args), "cache_chunks_before": chunks, **measured}
        if "peak_rss_mb" in measured and "error" not in measured:
            peaks.append(measured["peak_rss_mb"])
    result["peak_rss_mb_50k"] = max(peaks) if peaks else None
    result["peak_rss_goal_met"] = bool(peaks) and max(peaks) < GOAL_MB
    return result


def main() -> None:
    if "--child" in sys.argv:
        child(sys.argv[sys.argv.index("--") + 1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/data"))
    parser.add_argument("--pretrained-size", type=int, default=None, help="px (default 64 quick, 128 full)")
    args = parser.parse_args()
    print(json.dumps(run(args.data_dir, args.quick, args.pretrained_size), indent=2))


if __name__ == "__main__":
    main()
