"""Run all benchmarks and print a table (or one JSON object with --json).

    python benchmarks/run.py [--quick] [--json] [--only bench_knn,bench_linear] [--write-readme]
                             [--data ../shared/data] [--unpack-to /tmp/data]

``python3 run.py bench [--quick]`` installs the ``bench`` extra (faiss) into ``.venv`` and runs this file.
``--write-readme`` replaces the "Measured" table of benchmarks/README.md with this run's figures, dated, with
the machine (CPU model, cores, torch version); the raw results go to ``benchmarks/last_run.json``.

``--data`` is the folder with the archives (cifar10.tar.gz, hymenoptera.tar.gz); they are unpacked once into
``--unpack-to`` (outside the repository). Benchmarks whose data is missing report a reason and are skipped.
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import sys
import tarfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

BENCHMARKS = ("bench_knn", "bench_linear", "bench_memory", "bench_embed", "bench_network", "bench_gui",
              "bench_launch", "bench_calibration", "bench_export", "bench_suspects", "bench_ood")
ARCHIVES = {"cifar10.tar.gz": "cifar10", "hymenoptera.tar.gz": "hymenoptera"}

# headline numbers: (key, reference it is measured against, goal)
HEADLINES = (
    ("knn_vs_faiss", "faiss IndexFlatL2, same arrays", "<= 1.05"),
    ("knn_selection_vs_faiss", "faiss doing the same 5 folds x L2 + cosine (20,000 x 1280), k = 1..50", "<= 0.5"),
    ("knn_vs_sklearn", "scikit-learn KNeighborsClassifier (brute)", "< 1.0"),
    ("knn_recall_vs_faiss", "faiss neighbours", "1.0"),
    ("peak_rss_mb", "(MB, our kNN alone, 50,000 x 1280 train)", "-"),
    ("peak_rss_mb_50k", "(MB, CLI default training on 50,000 CIFAR-10 pictures, worst case)", "< 2000"),
    ("linear_accuracy_minus_sklearn", "scikit-learn LogisticRegression", ">= 0"),
    ("linear_time_vs_sklearn", "scikit-learn LogisticRegression", "<= 0.5"),
    ("linear_tuned_ece", "(calibration error on test, as the app trains)", "<= 0.03"),
    ("ece_worst", "(worst calibration error, every classifier on hymenoptera / CIFAR-10)", "<= 0.03"),
    ("ood_unrelated_worst", "(share of unrelated photos called 'not like the training pictures', CIFAR-10 vehicle "
                            "model: CIFAR animals, ant/bee photos)", ">= 0.95"),
    ("ood_in_distribution_worst", "(share of held-out photos of the trained classes called so)", "<= 0.08"),
    ("network_speedup", "the network pass it replaced (timm, BatchNorms folded), same batches", ">= 1.3"),
    ("embed_vs_model_only", "the network alone on already-decoded pictures", ">= 0.9"),
    ("embed_speedup_vs_naive", "naive one-picture-at-a-time loop", ">= 3"),
    ("embed_speedup_vs_naive_large", "naive loop on phone-size (4032 x 3024) photos", ">= 5"),
    ("gui_idle_max_stall_ms", "(ms, the idle window: the reference for the stalls below)", "-"),
    ("gui_scan_max_stall_ms", "(ms, longest event-loop stall scanning 60,000 files)", "< 100"),
    ("gui_max_stall_ms", "(ms, longest event-loop stall while training)", "< 100"),
    ("gui_save_load_max_stall_ms", "(ms, saving and opening a 50,000-picture model)", "< 100"),
    ("cancel_seconds", "(s, from Cancel to the tab showing it)", "< 1"),
    ("suspects_planted_found", "(of 20 CIFAR-10 pictures planted in a wrong folder, 5,000 pictures)", ">= 15"),
    ("suspects_flagged", "(pictures flagged as possibly in the wrong folder, same set)", "< 100"),
    ("launch_to_window_s", "(s, from source; engine follows on its thread)", "< 1.5"),
    ("launch_to_engine_s", "(s, from source to the engine ready: torch, classifiers; a scan may start)", "< 3"),
    ("launch_to_scikit_learn_s", "(s, from source until scikit-learn follows: a training may start)", "-"),
    ("export_max_difference", "the app's own percentages, 100 CIFAR-10 pictures, onnxruntime", "<= 1e-4"),
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


def machine() -> dict:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        import torch

        torch_version, threads = torch.__version__, torch.get_num_threads()
    except ImportError:
        torch_version, threads = "not installed", None
    try:
        import faiss

        faiss_version = faiss.__version__
    except ImportError:
        faiss_version = "not installed"
    load = round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None  # other programs' work skews timings
    return {"cpu": cpu, "cores": os.cpu_count(), "load_average_1min": load, "torch": torch_version,
            "torch_threads": threads,
            "faiss": faiss_version, "python": platform.python_version(), "os": platform.platform(terse=True)}


def run_all(data_dir: Path, quick: bool, only: tuple[str, ...] = BENCHMARKS) -> dict:
    results: dict = {"quick": quick, "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                     "machine": machine()}
    for name in only:
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


def _shown(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def print_table(results: dict) -> None:
    merged = {k: v for name in BENCHMARKS for k, v in results.get(name, {}).items()}
    print(f"{'result':32s} {'value':>10s}  {'goal':8s} reference")
    print("-" * 100)
    for key, reference, goal in HEADLINES:
        value = merged.get(key)
        print(f"{key:32s} {_shown(value):>10s}  {goal:8s} {reference}")
    for name in BENCHMARKS:
        if name not in results:
            continue
        print(f"\n[{name}]")
        for key, value in results.get(name, {}).items():
            if key != "traceback":
                print(f"  {key:34s} {value}")


README = Path(__file__).resolve().parent / "README.md"
MEASURED_START, MEASURED_END = "<!-- measured:start -->", "<!-- measured:end -->"
# per key: the benchmark fields shown next to it as notes (spreads and the seconds behind a ratio)
NOTES = {
    "knn_vs_faiss": ("knn_seconds", "knn_faiss_seconds", "knn_spread", "knn_faiss_spread", "knn_ratio_range"),
    "knn_vs_sklearn": ("knn_sklearn_seconds", "knn_sklearn_spread"),
    "linear_time_vs_sklearn": ("linear_seconds", "linear_sklearn_seconds", "linear_spread", "linear_sklearn_spread",
                               "linear_ratio_range"),
    "linear_accuracy_minus_sklearn": ("linear_accuracy", "linear_sklearn_accuracy"),
    "peak_rss_mb_50k": ("memory_pixels", "memory_pretrained", "memory_knn-pixels"),
    "ood_unrelated_worst": ("flagged_vehicles_animals_softmax", "flagged_vehicles_ants_bees_softmax",
                            "flagged_animals_near_softmax", "flagged_animals_far_softmax"),
}


def _note(value) -> str:
    if isinstance(value, dict):  # a memory case: its peak and time
        if "error" in value:
            return "error"
        return f"{value.get('peak_rss_mb')} MB in {value.get('seconds')} s ({value.get('args', '')})"
    return _shown(value)


def measured_table(results: dict) -> str:
    """The "Measured" section: one row per headline key, the date and the machine of this one run."""
    merged = {k: v for name in BENCHMARKS for k, v in results.get(name, {}).items()}
    m = results.get("machine", {})
    mode = "--quick" if results.get("quick") else "full run"
    lines = [MEASURED_START,
             f"## Measured ({results.get('date')}, {mode}, one run of `benchmarks/run.py --write-readme`)",
             "",
             f"Machine: {m.get('cpu')}, {m.get('cores')} cores, torch {m.get('torch')} "
             f"({m.get('torch_threads')} threads), faiss {m.get('faiss')}, Python {m.get('python')}, {m.get('os')}; "
             f"load average {m.get('load_average_1min')} at the start. "
             "Timings are the best of 3 (taken in turns with their reference); spread = (worst - best) / best.",
             "", "| key | value | goal | notes |", "|---|---|---|---|"]
    for key, _reference, goal in HEADLINES:
        notes = "; ".join(f"{field} {_note(merged[field])}" for field in NOTES.get(key, ()) if field in merged)
        skipped = [results[name].get("skipped") for name in BENCHMARKS
                   if key in dict.fromkeys(results.get(name, {})) and results[name].get("skipped")]
        lines.append(f"| `{key}` | {_shown(merged.get(key))} | {goal} | {notes or '; '.join(skipped)} |")
    errors = [f"`{name}`: {results[name].get('error') or results[name].get('skipped')}" for name in BENCHMARKS
              if name in results and ("error" in results[name] or "skipped" in results[name])]
    errors += [f"`{name}` (not run: `--only`)" for name in BENCHMARKS if name not in results]
    if errors:
        lines += ["", "Not measured in this run: " + "; ".join(errors)]
    lines.append(MEASURED_END)
    return "\n".join(lines)


def write_readme(results: dict, readme: Path = README) -> None:
    """Replace the text between the measured markers (or append it) and keep the raw results next to it."""
    from desktop_app.core.output.safe_write import atomic_write

    text = readme.read_text(encoding="utf-8")
    table = measured_table(results)
    if MEASURED_START in text and MEASURED_END in text:
        before, rest = text.split(MEASURED_START, 1)
        after = rest.split(MEASURED_END, 1)[1]
        text = before + table + after
    else:
        text = text.rstrip("\n") + "\n\n" + table + "\n"
    raw = json.dumps(results, indent=2, default=str).encode("utf-8")
    atomic_write(readme, lambda out: out.write(text.encode("utf-8")))
    atomic_write(readme.with_name("last_run.json"), lambda out: out.write(raw))


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmarks of Picture Sorter.")
    parser.add_argument("--quick", action="store_true", help="smaller runs, about 10 minutes in all")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated benchmark modules to run")
    parser.add_argument("--write-readme", action="store_true",
                        help="put this run's figures into the Measured table of benchmarks/README.md")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data", help="folder with the archives")
    parser.add_argument("--unpack-to", type=Path, default=Path("/tmp/data"), help="where archives are unpacked")
    args = parser.parse_args()
    unpack(args.data, args.unpack_to)
    only = tuple(name.strip() for name in args.only.split(",") if name.strip())
    unknown = sorted(set(only) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)} (choose from {', '.join(BENCHMARKS)})")
    results = run_all(args.unpack_to, args.quick, only)
    if args.write_readme:
        write_readme(results)
    if args.json:
        print(json.dumps(results, default=str))
    else:
        print_table(results)


if __name__ == "__main__":
    main()
