"""Does the map find pictures that lie in the wrong class folder? CIFAR-10, pretrained features, as the app runs it.

Set: the first 500 pictures per class of ``cifar10/train`` (by file name), copied into
``/tmp/desktop_app_bench/cifar10_500_planted/<class>/``, except 20 pictures (chosen with a fixed seed) that are
put into another class's folder (also chosen with the seed): 5,000 pictures, 20 of them in the wrong folder.
The search is ``suspects.find_suspects_in_folder`` with the default settings (pretrained features at 224 px, the
neighbours and the threshold the CLI uses).

Keys: ``suspects_planted_found`` (of 20; goal >= 15), ``suspects_flagged`` (goal < 100), ``suspects_precision``
(planted among flagged), ``suspects_seconds`` (features from the disk cache after the first run; the first
embedding of 5,000 pictures takes several minutes on 2 cores), ``suspects_map_seconds`` (the PCA layout alone).
``--quick`` runs the same case: the goals are stated for it, and a smaller set (100 pictures per class, 10
planted: 3 found) says nothing about them. Run alone:
``python -m benchmarks.bench_suspects [--quick] [--data-dir /tmp/data]``.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np

WORK_DIR = Path("/tmp/desktop_app_bench")
PER_CLASS, PLANTED = 500, 20
SEED = 20


def planted_dataset(data_dir: Path, per_class: int, planted: int) -> tuple[Path, dict[str, str]] | None:
    """The subset with ``planted`` pictures in a wrong folder (made afresh); returns (folder, {path: true class})
    for the planted ones, or None without data."""
    source = Path(data_dir) / "cifar10" / "train"
    if not source.is_dir():
        return None
    classes = sorted(p.name for p in source.iterdir() if p.is_dir())
    files = [(name, path) for name in classes for path in sorted((source / name).iterdir())[:per_class]]
    rng = np.random.default_rng(SEED)
    chosen = set(rng.choice(len(files), size=planted, replace=False).tolist())
    target = WORK_DIR / f"cifar10_{per_class}_planted_{planted}"
    shutil.rmtree(target, ignore_errors=True)
    moved: dict[str, str] = {}
    for index, (name, path) in enumerate(files):
        folder = name
        if index in chosen:
            folder = classes[(classes.index(name) + int(rng.integers(1, len(classes)))) % len(classes)]
        destination = target / folder / f"{name}_{path.name}"
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        if folder != name:
            moved[str(destination)] = name
    return target, moved


def run(data_dir: Path, quick: bool = False) -> dict:
    from desktop_app.core.analysis import suspects
    from desktop_app.core.analysis.dataset_map import layout_2d
    from desktop_app.core.events import run_to_completion

    per_class, planted = PER_CLASS, PLANTED  # also with quick (see above)
    made = planted_dataset(Path(data_dir), per_class, planted)
    if made is None:
        return {"skipped": f"no cifar10/train under {data_dir}"}
    folder, moved = made
    started = time.perf_counter()
    found = run_to_completion(suspects.find_suspects_in_folder(folder, "pretrained"))
    seconds = time.perf_counter() - started
    flagged = {str(s.path) for s in found.suspects}
    hits = sorted(set(moved) & flagged)
    right_suggestion = sum(1 for s in found.suspects if moved.get(str(s.path)) == s.suggested_class)
    started = time.perf_counter()
    layout_2d(found.features, method="pca")
    map_seconds = time.perf_counter() - started
    return {
        "suspects_pictures": int(len(found.paths)),
        "suspects_planted": planted,
        "suspects_planted_found": len(hits),
        "suspects_planted_right_class": right_suggestion,
        "suspects_flagged": len(flagged),
        "suspects_precision": round(len(hits) / len(flagged), 3) if flagged else None,
        "suspects_seconds": round(seconds, 1),
        "suspects_map_seconds": round(map_seconds, 2),
    }


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data-dir", default="/tmp/data")
    options = parser.parse_args()
    print(json.dumps(run(Path(options.data_dir), options.quick), indent=2))
