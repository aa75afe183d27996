"""Run all benchmarks and print a table (or one JSON object with --json).

    python benchmarks/run.py [--quick] [--json] [--data ../shared/data] [--unpack-to /tmp/data]

``--data`` is the folder with the archives (cifar10.tar.gz, hymenoptera.tar.gz); they are unpacked once into
``--unpack-to`` (outside the repository). Benchmarks whose data is missing report a reason and are skipped.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import tarfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

BENCHMARKS = ("bench_knn", "bench_linear", "bench_embed", "bench_network", "bench_gui", "bench_launch",
              "bench_calibration")
ARCHIVES = {"cifar10.tar.gz": "cifar10", "hymenoptera.tar.gz": "hymenoptera"}

# headline numbers: (key, reference it is measured against, goal)
HEADLINES = (
    ("knn_vs_faiss", "faiss IndexFlatL2, same arrays", "<= 1.0"),
    ("knn_vs_sklearn", "scikit-learn KNeighborsClassifier (brute)", "< 1.0"),
    ("knn_recall_vs_faiss", "faiss neighbours", "1.0"),
    ("peak_rss_mb", "(MB, our kNN alone, 50,000 x 1280 train)", "-"),
    ("linear_accuracy_minus_sklearn", "scikit-learn LogisticRegression", ">= 0"),
    ("linear_time_vs_sklearn", "scikit-learn LogisticRegression", "<= 0.5"),
    ("linear_tuned_ece", "(calibration error on test, as the app trains)", "<= 0.03"),
    ("embed_speedup_vs_naive", "naive one-picture-at-a-time loop", ">= 3"),
    ("gui_max_stall_ms", "(ms, longest event-loop stall while training)", "< 100"),
    ("launch_to_window_s", "(s, from source; engine follows on its thread)", "< 1.5"),
    ("launch_to_window_vs_import_torch", "python -c 'import torch' (what the window used to wait for)", "< 1.0"),
)


def unpack(archives: Path, target: Path) -> None:
    """Unpack each archive once (skipped when its folder already exists or the archive is missing)."""
    for archive, folder in ARCHIVES.items():
        source = archives / archive
        if (target / folder).is_dir() or not source.is_file():
            continue
        target.mkdir(parents=True, exist_ok=True)
        print(f"unpacking {source} into {target} ...", file=sys.stderr)
        with tarfile.open(source) as tar:
            tar.extractall(target, filter="data")


def run_all(data_dir: Path, quick: bool) -> dict:
    results: dict = {"quick": quick}
    for name in BENCHMARKS:
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except Exception as exc:  # a benchmark written elsewhere may be missing or broken
            results[name] = {"skipped": f"cannot import {name}: {exc}"}
            continue
        try:
            results[name] = module.run(data_dir, quick)
        except Exception as exc:
            results[name] = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(limit=5)}
        results[name]["bench_seconds"] = round(time.perf_counter() - started, 1)
    return results


def print_table(results: dict) -> None:
    merged = {k: v for name in BENCHMARKS for k, v in results.get(name, {}).items()}
    print(f"{'result':32s} {'value':>10s}  {'goal':8s} reference")
    print("-" * 100)
    for key, reference, goal in HEADLINES:
        value = merged.get(key)
        shown = "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{key:32s} {shown:>10s}  {goal:8s} {reference}")
    for name in BENCHMARKS:
        print(f"\n[{name}]")
        for key, value in results.get(name, {}).items():
            if key != "traceback":
                print(f"  {key:34s} {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmarks of the image-classifier trainer.")
    parser.add_argument("--quick", action="store_true", help="smaller runs, about 10 minutes in all")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data", help="folder with the archives")
    parser.add_argument("--unpack-to", type=Path, default=Path("/tmp/data"), help="where archives are unpacked")
    args = parser.parse_args()
    unpack(args.data, args.unpack_to)
    results = run_all(args.unpack_to, args.quick)
    if args.json:
        print(json.dumps(results, default=str))
    else:
        print_table(results)


if __name__ == "__main__":
    main()
