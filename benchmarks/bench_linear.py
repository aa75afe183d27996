"""Our softmax classifier against scikit-learn's LogisticRegression on the same features and split.

Data: ``<data_dir>/cifar10`` (the first 500 pictures per class of ``train``, 200 per class of ``test``).
Features: EfficientNet-Lite0 embeddings at 128 px (cached in ``/tmp/desktop_app_bench``) when the feature
extractor works, else raw 32x32 pixels. Both models get the same standardised float32 features.
Timing: each fit 3 times, taken in turns (``benchmarks.timing.compare``); best and spread reported. Both sides
run at their defaults to their own stopping rule: scikit-learn's lbfgs until its tolerance (1e-4, at most 1,000
iterations), ours its default 20 epochs; the ratio only counts when our test accuracy is at least scikit-learn's.
Run alone: ``python -m benchmarks.bench_linear [--quick] [--data-dir /tmp/data]``.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from benchmarks.timing import REPEATS, compare, ratio, run_alone

CACHE_DIR = Path("/tmp/desktop_app_bench")
TRAIN_PER_CLASS, TEST_PER_CLASS = 500, 200
EMBED_SIZE = 128


def _cifar_split(root: Path, split: str, per_class: int) -> tuple[list[Path], np.ndarray, list[str]]:
    classes = sorted(p.name for p in (root / split).iterdir() if p.is_dir())
    paths, labels = [], []
    for label, name in enumerate(classes):
        files = sorted((root / split / name).iterdir())[:per_class]
        paths += files
        labels += [label] * len(files)
    return paths, np.asarray(labels, dtype=np.int64), classes


def load_features(data_dir: Path) -> tuple[dict[str, np.ndarray], str] | None:
    """Train/test features and labels of the CIFAR-10 subset, and which kind of features they are."""
    root = Path(data_dir) / "cifar10"
    if not (root / "train").is_dir() or not (root / "test").is_dir():
        return None
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cached = CACHE_DIR / f"cifar10_{TRAIN_PER_CLASS}_{TEST_PER_CLASS}_pretrained{EMBED_SIZE}.npz"
    if cached.is_file():
        return dict(np.load(cached)), f"pretrained EfficientNet-Lite0 embedding ({EMBED_SIZE} px)"
    train_paths, y_train, _ = _cifar_split(root, "train", TRAIN_PER_CLASS)
    test_paths, y_test, _ = _cifar_split(root, "test", TEST_PER_CLASS)
    try:
        import torch

        from desktop_app.core.extraction import features
        from desktop_app.core.events import run_to_completion

        settings = features.FeatureSettings("pretrained", EMBED_SIZE)
        result = run_to_completion(features.extract_features(settings, train_paths + test_paths, None,
                                                             torch.device("cpu")))
        X = result.features
        arrays = {"X_train": X[: len(train_paths)], "y_train": y_train, "X_test": X[len(train_paths):],
                  "y_test": y_test}
        np.savez(cached, **arrays)
        return arrays, f"pretrained EfficientNet-Lite0 embedding ({EMBED_SIZE} px)"
    except Exception as exc:  # the feature module may be unavailable: pixels still make a fair comparison
        from PIL import Image

        print(f"[bench_linear] pretrained features unavailable ({exc!r}); using raw pixels")
        pixels = lambda paths: np.stack([np.asarray(Image.open(p).convert("RGB"), dtype=np.float32).ravel() / 255  # noqa: E731
                                         for p in paths])
        return ({"X_train": pixels(train_paths), "y_train": y_train, "X_test": pixels(test_paths), "y_test": y_test},
                "raw pixels 32x32x3")


def run(data_dir: Path | None, quick: bool = False) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from desktop_app.core.classifiers.reliability import expected_calibration_error
    from desktop_app.core.classifiers.linear import SoftmaxClassifier
    from desktop_app.core.events import run_to_completion
    from desktop_app.core.classifiers.search import search_linear

    data_dir = Path(data_dir) if data_dir is not None else Path("/tmp/data")
    loaded = load_features(data_dir)
    if loaded is None:
        return {"skipped": f"CIFAR-10 pictures not found under {data_dir / 'cifar10'}"}
    arrays, kind = loaded
    scaler = StandardScaler().fit(arrays["X_train"])
    X_train = scaler.transform(arrays["X_train"]).astype(np.float32)
    X_test = scaler.transform(arrays["X_test"]).astype(np.float32)
    y_train, y_test = arrays["y_train"], arrays["y_test"]

    def ece(proba: np.ndarray) -> float:  # top-label, 15 bins: how far the percentages are from the truth
        return round(expected_calibration_error(proba.max(axis=1), proba.argmax(axis=1) == y_test), 4)

    # reference: scikit-learn's multinomial logistic regression, default settings (lbfgs, C=1); ours with its
    # default hyperparameters; the same training data, timed in turns
    ours_t, sklearn_t = compare(REPEATS, lambda: SoftmaxClassifier(seed=0).fit(X_train, y_train),
                                lambda: LogisticRegression(max_iter=1000).fit(X_train, y_train))
    ours, reference = ours_t.result, sklearn_t.result
    sklearn_accuracy = float(np.mean(reference.predict(X_test) == y_test))
    ours_accuracy = float(np.mean(ours.predict(X_test) == y_test))
    time_ratio = ratio(ours_t, sklearn_t)

    result = {
        "linear_features": kind,
        "linear_train_examples": int(len(y_train)),
        "linear_test_examples": int(len(y_test)),
        "linear_sklearn_accuracy": round(sklearn_accuracy, 4),
        "linear_sklearn_ece": ece(reference.predict_proba(X_test)),
        "linear_accuracy": round(ours_accuracy, 4),
        "linear_ece_uncalibrated": ece(ours.predict_proba(X_test)),
        "linear_accuracy_minus_sklearn": round(ours_accuracy - sklearn_accuracy, 4),
        **ours_t.report("linear"),
        **sklearn_t.report("linear_sklearn"),
        "linear_sklearn_iterations": int(np.max(reference.n_iter_)),
        "linear_time_vs_sklearn": time_ratio["ratio"],
        "linear_ratio_range": time_ratio["ratio_range"],
    }
    if not quick:
        # what the app does: search the grid on a validation split (15% of train), refit with the best epochs
        rng = np.random.default_rng(0)
        order = rng.permutation(len(y_train))
        val, fit = order[: len(order) * 15 // 100], order[len(order) * 15 // 100:]
        started = time.perf_counter()
        best = run_to_completion(search_linear("softmax", X_train[fit], y_train[fit], X_train[val], y_train[val]))
        search_seconds = time.perf_counter() - started
        tuned = SoftmaxClassifier(learning_rate=best["learning_rate"], regularization=best["regularization"],
                                  epochs=best["epochs"], seed=0, temperature=best["temperature"],
                                  uniform_share=best["uniform_share"]).fit(X_train, y_train)
        best = {key: value for key, value in best.items() if not key.startswith("held_out")}
        result.update({
            "linear_search_seconds": round(search_seconds, 3),
            "linear_search_best": best,
            "linear_tuned_accuracy": round(float(np.mean(tuned.predict(X_test) == y_test)), 4),
            "linear_tuned_ece": ece(tuned.predict_proba(X_test)),  # calibrated on the validation split
        })
    return result


def main() -> None:
    run_alone(run, __doc__.splitlines()[0], Path("/tmp/data"))


if __name__ == "__main__":
    main()
