"""Does the model say "not like the training pictures" for photos of other things, and rarely for its own kind?

Sets (pretrained features, every classifier trained as the app trains it, default settings, no test share):
- ``vehicles``: trained on the first 300 pictures per class of ``cifar10/train`` airplane, automobile, ship,
  truck. In-distribution: the first 250 per class of ``cifar10/test`` of those classes (never trained on).
  Unrelated: the first 100 per class of the six animal classes of ``cifar10/test``, and the 153 ant and bee
  photos of ``hymenoptera/val`` (real photos of another size and kind).
- ``animals`` (harder: the unrelated photos share much with the classes): trained on cat, deer, dog, horse
  (300 per class); in-distribution the first 250 per class of their test pictures; ``near`` the first 100 of
  bird and frog (other animals, often on grass or the ground), ``far`` the first 100 per vehicle class.
Pictures are hard-linked into ``/tmp/desktop_app_bench/ood``; features come from the app's cache after the first
run. Keys: ``flagged_<set>_<photos>_<classifier>`` (a share of the photos), e.g.
``flagged_vehicles_animals_softmax``; ``ood_unrelated_worst`` (lowest share flagged among unrelated photos, goal
>= 0.95) and ``ood_in_distribution_worst`` (highest share flagged among held-out photos of the trained classes,
goal <= 0.08), both over the ``vehicles`` set. ``--quick``: the vehicles set with the softmax classifier only.
Run alone: ``python -m benchmarks.bench_ood [--quick] [--data-dir /tmp/data]``.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from benchmarks.picture_sets import linked_files
from benchmarks.timing import run_alone

WORK_DIR = Path("/tmp/desktop_app_bench/ood")
VEHICLES = ("airplane", "automobile", "ship", "truck")
ANIMALS = ("bird", "cat", "deer", "dog", "frog", "horse")
TRAIN_PER_CLASS, HELD_OUT_PER_CLASS, UNRELATED_PER_CLASS = 300, 250, 100
CLASSIFIERS = ("knn", "svm", "softmax")
UNRELATED_GOAL, IN_DISTRIBUTION_GOAL = 0.95, 0.08


def _pictures(cifar: Path, split: str, classes, per_class: int, name: str) -> list[Path]:
    return [path for c in classes for path in linked_files(cifar / split / c, WORK_DIR / name / c, per_class)]


def _flagged_share(model, paths: list[Path]) -> float:
    """The share of ``paths`` the model calls "not like the training pictures" (features from the app's cache)."""
    from desktop_app.core.data.digests import digest_of_file
    from desktop_app.core.events import run_to_completion
    from desktop_app.core.extraction import features

    result = run_to_completion(features.extract_features(model.feature_settings, paths,
                                                         [digest_of_file(p) for p in paths], "cpu"))
    flags, _scores = model.unlike_training(result.features[result.ok])
    return round(float(np.mean(flags)), 4)


def _train(train_root: Path, classifier: str):
    from desktop_app.core.events import run_to_completion
    from desktop_app.core.training import TrainingConfig, run_training

    config = TrainingConfig(data_dir=train_root, classifier=classifier, features="pretrained", test_fraction=0.0)
    return run_to_completion(run_training(config)).model


def run(data_dir: Path | None, quick: bool = False) -> dict:
    data_dir = Path(data_dir) if data_dir is not None else Path("/tmp/data")
    cifar = data_dir / "cifar10"
    if not (cifar / "train").is_dir() or not (cifar / "test").is_dir():
        return {"skipped": f"no CIFAR-10 pictures under {data_dir}"}
    sets = {"vehicles": (VEHICLES, {
        "in_distribution": _pictures(cifar, "test", VEHICLES, HELD_OUT_PER_CLASS, "test_vehicles"),
        "animals": _pictures(cifar, "test", ANIMALS, UNRELATED_PER_CLASS, "other_animals"),
    })}
    hymenoptera = data_dir / "hymenoptera" / "val"
    if hymenoptera.is_dir():
        sets["vehicles"][1]["ants_bees"] = [p for c in ("ants", "bees") for p in
                                            linked_files(hymenoptera / c, WORK_DIR / "ants_bees" / c, 10_000)]
    if not quick:
        trained = ("cat", "deer", "dog", "horse")
        sets["animals"] = (trained, {
            "in_distribution": _pictures(cifar, "test", trained, HELD_OUT_PER_CLASS, "test_animals"),
            "near": _pictures(cifar, "test", ("bird", "frog"), UNRELATED_PER_CLASS, "other_animals"),
            "far": _pictures(cifar, "test", VEHICLES, UNRELATED_PER_CLASS, "test_vehicles"),
        })
    result: dict = {}
    for set_name, (classes, photo_sets) in sets.items():
        train_root = WORK_DIR / f"train_{set_name}"
        for c in classes:
            linked_files(cifar / "train" / c, train_root / c, TRAIN_PER_CLASS)
        for classifier in (("softmax",) if quick else CLASSIFIERS):
            model = _train(train_root, classifier)
            shares = {photos: _flagged_share(model, paths) for photos, paths in photo_sets.items()}
            for photos, share in shares.items():
                result[f"flagged_{set_name}_{photos}_{classifier}"] = share
            result[f"novelty_k_{set_name}_{classifier}"] = model.novelty.k
            print(f"[bench_ood] {set_name:8s} {classifier:8s} flagged: "
                  + ", ".join(f"{photos} {share:.1%}" for photos, share in shares.items()), flush=True)
    vehicles = {key: value for key, value in result.items() if key.startswith("flagged_vehicles_")}
    result["ood_unrelated_worst"] = min(v for k, v in vehicles.items() if "in_distribution" not in k)
    result["ood_in_distribution_worst"] = max(v for k, v in vehicles.items() if "in_distribution" in k)
    result["ood_goal_met"] = bool(result["ood_unrelated_worst"] >= UNRELATED_GOAL
                                  and result["ood_in_distribution_worst"] <= IN_DISTRIBUTION_GOAL)
    return result


def main() -> None:
    run_alone(run, __doc__.splitlines()[0], Path("/tmp/data"))


if __name__ == "__main__":
    main()
