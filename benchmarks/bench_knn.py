"""kNN speed against faiss and scikit-learn on the same arrays: one search (prediction) and the whole training.

Random float32 arrays: 50,000 x 1280 training features (the size of the embedding of all of CIFAR-10's
training pictures), 10,000 queries (2,000 with --quick), k = 10, L2. Times are for the whole prediction
(our ``predict``: neighbours + vote; faiss: building the flat index + search; scikit-learn: ``predict``).
Each side is timed 3 times, taken in turns (``benchmarks.timing.compare``), so a noisy moment on a shared machine
hurts all alike; the best and the spread are reported.
Peak memory is measured in a separate process that does only our prediction.

``knn_selection_vs_faiss`` times what a user waits for when training kNN: our whole training (5-fold
cross-validation over k = 1..50 and L2 + cosine distance, ``search.cross_validate_knn``, then the final model) on
20,000 x 1280 random float32 features with 10 random classes, against faiss doing the same 5 folds and 2 distances
(``IndexFlatL2``, and ``IndexFlatIP`` on L2-normalised vectors, k = 50; faiss's side only searches: no votes, no
calibration). ``knn_vs_faiss`` stays the single search (goal <= 1.05, parity; the selection's goal is <= 0.5).
Run alone: ``python -m benchmarks.bench_knn [--quick]``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from benchmarks.timing import REPEATS, compare, peak_rss_mb, ratio

N_TRAIN, DIM, K, N_CLASSES = 50_000, 1280, 10, 10
N_SELECTION, SELECTION_KS, SELECTION_FOLDS = 20_000, range(1, 51), 5


def make_arrays(n_queries: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    train = rng.standard_normal((N_TRAIN, DIM), dtype=np.float32)
    labels = rng.integers(0, N_CLASSES, N_TRAIN)
    queries = rng.standard_normal((n_queries, DIM), dtype=np.float32)
    return train, labels, queries


def peak_rss_child(n_queries: int) -> None:
    """Entry point of the memory-measuring process: prints its own peak RSS in MB as JSON."""
    from desktop_app.core.classifiers.knn import KNNClassifier

    imports_mb = peak_rss_mb()
    train, labels, queries = make_arrays(n_queries)
    arrays_mb = peak_rss_mb()
    KNNClassifier(k=K, distance="l2").fit(train, labels).predict(queries)
    peak_mb = peak_rss_mb()
    print(json.dumps({"peak_rss_mb": round(peak_mb, 1), "peak_rss_before_arrays_mb": round(imports_mb, 1),
                      "peak_rss_after_arrays_mb": round(arrays_mb, 1),
                      "knn_prediction_extra_mb": round(peak_mb - arrays_mb, 1)}))


def selection_vs_faiss() -> dict:
    """Our whole kNN training (cross-validated k and distance, then the final model) against faiss's searches."""
    import faiss
    from desktop_app.core.classifiers import search
    from desktop_app.core.classifiers.knn import KNNClassifier
    from desktop_app.core.events import run_to_completion

    rng = np.random.default_rng(1)
    features = rng.standard_normal((N_SELECTION, DIM), dtype=np.float32)
    labels = rng.integers(0, N_CLASSES, N_SELECTION)
    folds = search.fold_indices(labels, SELECTION_FOLDS, seed=0)
    max_k = max(SELECTION_KS)

    def ours():
        best = run_to_completion(search.cross_validate_knn(features, labels, ks=SELECTION_KS,
                                                           distances=("l2", "cosine"), n_folds=SELECTION_FOLDS))
        KNNClassifier(k=best["k"], distance=best["distance"]).fit(features, labels)
        return best

    def faiss_folds():
        unit = features.copy()
        faiss.normalize_L2(unit)
        found = []
        for train, test in folds:
            for index, rows in ((faiss.IndexFlatL2(DIM), features), (faiss.IndexFlatIP(DIM), unit)):
                index.add(rows[train])
                found.append(index.search(rows[test], max_k)[1])
        return found

    ours_t, faiss_t = compare(REPEATS, ours, faiss_folds)
    selection = ratio(ours_t, faiss_t)
    best = ours_t.result
    return {"knn_selection_pictures": N_SELECTION, "knn_selection_dim": DIM,
            "knn_selection_chosen": f"k = {best['k']}, {best['distance']}",
            **ours_t.report("knn_selection"), **faiss_t.report("knn_selection_faiss"),
            "knn_selection_vs_faiss": selection["ratio"], "knn_selection_ratio_range": selection["ratio_range"]}


def run(data_dir: Path | None = None, quick: bool = False) -> dict:
    """``data_dir`` is unused (random arrays are as good as real ones for timing)."""
    import torch
    from sklearn.neighbors import KNeighborsClassifier

    from desktop_app.core.classifiers.knn import KNNClassifier

    n_queries = 2_000 if quick else 10_000
    train, labels, queries = make_arrays(n_queries)
    ours = KNNClassifier(k=K, distance="l2", device="cpu").fit(train, labels)
    result: dict = {"knn_train": N_TRAIN, "knn_queries": n_queries, "knn_dim": DIM, "knn_k": K,
                    "torch_threads": torch.get_num_threads()}

    try:
        import faiss
    except ImportError:
        faiss = None

    def faiss_search():
        index = faiss.IndexFlatL2(DIM)
        index.add(train)
        return index.search(queries, K)[1]

    reference = KNeighborsClassifier(n_neighbors=K, algorithm="brute").fit(train, labels)
    sklearn_queries = queries[: n_queries // 4]  # the slowest side by far: a share is enough for its speed
    sides = {"knn": lambda: ours.predict(queries),
             "knn_sklearn": lambda: reference.predict(sklearn_queries)}
    if faiss is not None:
        sides["knn_faiss"] = faiss_search
    timings = dict(zip(sides, compare(REPEATS, *sides.values())))
    ours_t = timings["knn"]
    result.update(ours_t.report("knn"))
    if faiss is not None:
        faiss_t = timings["knn_faiss"]
        _, our_idx = ours.kneighbors(queries)
        faiss_idx = faiss_t.result
        recall = np.mean([len(set(a) & set(b)) / K for a, b in zip(our_idx, faiss_idx)])
        faiss_ratio = ratio(ours_t, faiss_t)
        result.update({**faiss_t.report("knn_faiss"),
                       "knn_vs_faiss": faiss_ratio["ratio"], "knn_ratio_range": faiss_ratio["ratio_range"],
                       "knn_recall_vs_faiss": round(float(recall), 5)})
        result.update(selection_vs_faiss())
    else:
        result["knn_vs_faiss"] = result["knn_selection_vs_faiss"] = None
        result["knn_faiss_skipped"] = "faiss is not installed (python3 run.py bench installs it)"

    scale = len(queries) / len(sklearn_queries)
    sklearn_t = timings["knn_sklearn"]
    sklearn_t.times = [t * scale for t in sklearn_t.times]  # scaled to all the queries
    result.update({**sklearn_t.report("knn_sklearn"),
                   "knn_vs_sklearn": round(ours_t.best / sklearn_t.best, 3)})

    child = subprocess.run([sys.executable, "-m", "benchmarks.bench_knn", "--rss-child", str(n_queries)],
                           capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    try:
        result.update(json.loads(child.stdout.strip().splitlines()[-1]))
    except (IndexError, json.JSONDecodeError):
        result["peak_rss_mb"] = None
        result["peak_rss_error"] = child.stderr[-500:]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rss-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        peak_rss_child(args.rss_child)
    else:
        print(json.dumps(run(None, args.quick), indent=2))


if __name__ == "__main__":
    main()
