"""Hyperparameter search: kNN ``k`` and distance by k-fold cross-validation; linear learning rate and
regularisation on the validation split. Both are generators yielding events and returning the best settings,
with the calibration fitted on held-out predictions and those predictions (``held_out_proba``, ``held_out_labels``)
for choosing the "unsure" threshold. ``calibrate_linear_out_of_fold`` re-fits a linear model's calibration on
out-of-fold scores over all training pictures, for the final refit (which has no held-out pictures left)."""
from __future__ import annotations

import itertools
import math
from typing import Any, Generator, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from desktop_app.core import preload
from desktop_app.core.classifiers import calibration, classifier_base, knn_selection, registry
from desktop_app.core.classifiers.knn import KNNClassifier, vote
from desktop_app.core.errors import UserError
from desktop_app.core.events import (CrossValidationFold, CrossValidationPoint, Event, EtaClock, Message, Progress,
                                    SearchPoint, check_cancel)
from desktop_app.core.output.translation import translate
from desktop_app.core.output.wording import (calibrating_text, checking_distance_text, distance_name_text,
                                             trying_setting_text)
from desktop_app.core.classifiers.linear_training import TrainingDiverged

DEFAULT_KS = (1, 3, 5, 7, 10, 15, 20, 30, 50)
DEFAULT_LINEAR_GRID = {"learning_rate": (3e-4, 1e-3, 3e-3), "regularization": (1e-4, 1e-3, 1e-2, 1e-1)}
# search runs are short: early stopping with a small patience finds the epoch count quickly
SEARCH_EPOCHS = 30
SEARCH_PATIENCE = 5
_SCORE_CHUNK = 8192  # held-out rows scored at once
# L1 (no matrix-multiply form) is left out when L2 or cosine is this clearly better on the first fold
L1_SKIP_STANDARD_ERRORS = 2.0
L1_SKIP_PICTURES = 2


def fold_indices(y: np.ndarray, n_folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The one fold rule (cross-validation of k, out-of-fold calibration): stratified folds (shuffled with ``seed``). With a class smaller than ``n_folds``, fewer folds (the
    smallest class count, at least 2); when even that is impossible, plain shuffled folds."""
    preload.wait_for_scikit_learn()  # imported on the engine thread just after it is ready
    from sklearn.model_selection import KFold, StratifiedKFold

    y = np.asarray(y)
    n = len(y)
    if n < 2:
        raise UserError(translate("Cross-validation needs at least 2 pictures. Add more pictures to the classes."))
    present = np.bincount(y)
    smallest = int(present[present > 0].min())
    folds = min(n_folds, n)
    if smallest >= folds:
        splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    elif smallest >= 2:
        splitter = StratifiedKFold(smallest, shuffle=True, random_state=seed)
    else:
        splitter = KFold(max(2, folds), shuffle=True, random_state=seed)
    return [(train, test) for train, test in splitter.split(np.zeros(n), y)]


def _smoothest_within_one_standard_error(results, best, standard_errors):
    """The largest k of the best distance whose mean accuracy is within one standard error of the best
    (the "one-standard-error rule", Hastie et al.): differences that small are fold noise, and a larger k
    votes over more neighbours, so its confidence holds up better on new pictures."""
    floor = -best[0] - standard_errors[(best[1], best[3])]
    close = [r for r in results if r[3] == best[3] and -r[0] >= floor - 1e-12]
    return max(close, key=lambda r: r[1])


def cross_validate_knn(X, y, ks: Sequence[int] | None = None, distances: Sequence[str] = ("l1", "l2", "cosine"),
                       n_folds: int = 5, seed: int = 0, device: torch.device | str = "cpu", cancel=None,
                       weighting: str = "majority", one_matrix: bool = True) -> Generator[Event, None, dict[str, Any]]:
    """Mean k-fold accuracy of every (k, distance); returns ``{"k", "distance", "cv_accuracy", "n_folds",
    "smoothing", "temperature", "uniform_share", "confidence_map", "held_out_proba", "held_out_labels"}``.

    Every picture's neighbours among the other folds are found once at the largest k and every smaller k is
    scored from them. L2 and cosine come from one Gram matrix for all folds (``knn_selection``; ``one_matrix=False``
    runs the fold-by-fold search instead, with the same results); L1 runs fold by fold, and when searched with
    them it is left out if one of them is clearly better on the first fold (``l1_clearly_worse``).
    The best mean accuracy picks the distance (equal means: the earlier one in ``distances``); then
    the largest k within one standard error of that best is chosen (measured: hymenoptera test ECE 0.050 -> 0.029
    and accuracy 0.902 -> 0.941 against "best k", CIFAR-10 unchanged within noise). The vote
    calibration is fitted on the out-of-fold votes of the best setting (every picture is held out once).
    Where cross-validation cannot tell the settings apart (``cannot_choose``), k = 1 is kept, with a warning.
    """
    X = np.ascontiguousarray(X, dtype=np.float32)
    y = np.asarray(y, dtype=np.int64)
    n_classes = int(y.max()) + 1 if len(y) else 0
    folds = fold_indices(y, n_folds, seed)
    smallest_train = min(len(train) for train, _ in folds)
    ks = sorted({int(k) for k in (ks or DEFAULT_KS) if 1 <= int(k) <= smallest_train}) or [1]
    max_k = ks[-1]
    device = classifier_base.as_torch_device(device)
    gram = [d for d in distances if d in knn_selection.GRAM_DISTANCES] if one_matrix else []
    features = torch.from_numpy(X).to(device) if gram else None
    if gram and not knn_selection.applicable(features):
        gram = []
    by_folds = [d for d in distances if d not in gram]
    steps = knn_selection.Steps(len(distances) * len(folds))
    neighbours: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}  # distance -> out-of-fold labels, distances
    fold_accuracy: dict[str, np.ndarray] = {d: np.zeros((len(folds), len(ks))) for d in gram}
    if gram:
        labels = torch.as_tensor(y, device=device)

        def fold_done(f: int, held_out: np.ndarray, found_here: dict) -> Generator[Event, None, None]:
            for distance in gram:
                dist, idx = found_here[distance]
                accuracies = _right_for_every_k(labels[idx].cpu(), dist.float().cpu(), torch.as_tensor(y[held_out]),
                                                ks, n_classes, weighting) / len(held_out)
                fold_accuracy[distance][f] = accuracies  # as ``_fold_accuracies`` computes them
                yield _fold_event(distance, f, len(folds), ks, accuracies)

        found = yield from knn_selection.out_of_fold_neighbours(features, folds, gram, max_k, steps, cancel,
                                                                fold_done=fold_done)
        neighbours.update({d: (labels[idx].cpu(), dist.float().cpu()) for d, (dist, idx) in found.items()})
    del features
    for distance in by_folds:
        oof = (torch.zeros(len(y), max_k, dtype=torch.long), torch.zeros(len(y), max_k))
        for f, (train, test) in enumerate(folds):
            yield steps.advance(0, checking_distance_text(distance, f + 1, len(folds)))
            oof[0][test], oof[1][test] = _fold_neighbours(X, y, train, test, distance, max_k, device, n_classes,
                                                          cancel)
            accuracies = _fold_accuracies(*oof, y, folds[f:f + 1], ks, n_classes, weighting)[0]
            yield _fold_event(distance, f, len(folds), ks, accuracies)
            yield steps.advance(1, checking_distance_text(distance, f + 1, len(folds)))
            if f == 0 and distance == "l1" and gram:
                better = max(gram, key=lambda d: fold_accuracy[d][0].max())
                if l1_clearly_worse(accuracies, fold_accuracy[better][0], len(test)):
                    steps.drop(len(folds) - 1)
                    yield Message(translate("L1 distance left out: on the first part its best accuracy ({l1:.1%}) "
                                            "was clearly below {other}'s ({best:.1%}).").format(
                        l1=accuracies.max(), other=distance_name_text(better), best=fold_accuracy[better][0].max()))
                    break
        else:
            neighbours[distance] = oof
            fold_accuracy[distance] = _fold_accuracies(*oof, y, folds, ks, n_classes, weighting)
    results: list[tuple[float, int, int, str]] = []  # (-mean, k, distance rank, distance) for sorting
    standard_errors: dict[tuple[int, str], float] = {}
    for rank, distance in enumerate(distances):
        if distance not in fold_accuracy:
            continue
        for j, k in enumerate(ks):
            accuracies = fold_accuracy[distance][:, j]
            mean = float(accuracies.mean())
            yield CrossValidationPoint(k=k, distance=distance, mean_accuracy=mean, std_accuracy=float(accuracies.std()),
                                       fold_accuracies=tuple(float(a) for a in accuracies))
            results.append((-round(mean, 12), k, rank, distance))
            standard_errors[(k, distance)] = float(accuracies.std(ddof=1) / np.sqrt(len(accuracies))) \
                if len(accuracies) > 1 else 0.0
    best = _smoothest_within_one_standard_error(results, min(results), standard_errors)
    k, distance = best[1], best[3]
    reason = cannot_choose(y, folds, -min(results)[0])
    if reason:
        searched = len(results) > 1
        if searched:
            distance = "l2" if "l2" in fold_accuracy else distance
            k = ks[0]
            best = next(r for r in results if r[1] == k and r[3] == distance)
        kept = (translate("Using k = {k}: with so few pictures per class only the nearest picture can speak for its "
                          "class (a larger k lets other classes outvote it)") if searched
                else translate("Keeping k = {k} as set")).format(k=k)
        yield Message(translate("Cross-validation cannot choose k here: {reason} {kept}, and the percentages are the "
                                "bare votes, not calibrated.").format(reason=reason, kept=kept), level="warning")
        labels_k, dist_k = neighbours[distance][0][:, :k], neighbours[distance][1][:, :k]
        proba = vote(labels_k, dist_k, n_classes, weighting)[0].numpy()
        return {"k": k, "distance": distance, "cv_accuracy": -best[0], "n_folds": len(folds), "smoothing": 0.0,
                "temperature": 1.0, "uniform_share": 0.0, "confidence_map": None, "held_out_proba": proba,
                "held_out_labels": y, "cannot_choose": True}
    labels_k, dist_k = neighbours[distance][0][:, :k], neighbours[distance][1][:, :k]
    shares, _ = vote(labels_k, dist_k, n_classes, weighting)
    smoothing, temperature, share = calibration.fit_vote_calibration(shares.numpy(), y)
    proba = calibration.calibrated_votes(shares, smoothing, temperature, share)
    confidence_map = calibration.fit_confidence_map(proba.numpy(), y)
    proba = calibration.apply_confidence_map(proba, confidence_map).numpy()
    return {"k": k, "distance": distance, "cv_accuracy": -best[0], "n_folds": len(folds),
            "smoothing": smoothing, "temperature": temperature, "uniform_share": share,
            "confidence_map": confidence_map, "held_out_proba": proba, "held_out_labels": y}


def _fold_event(distance: str, f: int, n_folds: int, ks: Sequence[int], accuracies) -> CrossValidationFold:
    return CrossValidationFold(distance=distance, fold=f + 1, n_folds=n_folds, ks=tuple(int(k) for k in ks),
                               accuracies=tuple(float(a) for a in accuracies))


def _fold_neighbours(X: np.ndarray, y: np.ndarray, train: np.ndarray, test: np.ndarray, distance: str, k: int,
                     device: torch.device, n_classes: int, cancel) -> tuple[torch.Tensor, torch.Tensor]:
    """The fold-by-fold search's step: labels and distances ``[len(test), k]`` (CPU) of each held-out picture's
    k nearest training pictures of this fold."""
    check_cancel(cancel)
    model = KNNClassifier(k=k, distance=distance, device=device)
    model.fit(X[train], y[train], n_classes=n_classes)
    dist, idx = model._neighbors(X[test], k, cancel)
    return model.train_labels_[idx].cpu(), dist.float().cpu()


def _fold_accuracies(labels: torch.Tensor, dist: torch.Tensor, y: np.ndarray, folds, ks: Sequence[int],
                     n_classes: int, weighting: str) -> np.ndarray:
    """Accuracy ``[fold, k]`` of the votes of each fold's held-out pictures from their out-of-fold neighbours."""
    accuracy = np.zeros((len(folds), len(ks)))
    for f, (_, test) in enumerate(folds):
        rows = torch.as_tensor(test)
        right = _right_for_every_k(labels[rows], dist[rows], torch.as_tensor(y[test]), ks, n_classes, weighting)
        accuracy[f] = right / len(test)
    return accuracy


def _right_for_every_k(labels: torch.Tensor, dist: torch.Tensor, truth: torch.Tensor, ks: Sequence[int],
                       n_classes: int, weighting: str) -> np.ndarray:
    """How many of the pictures ``knn.vote`` gets right at each k, for all k at once: the votes and summed
    distances of the first k neighbours are running sums along the neighbours, added in the order ``vote`` adds
    them (so the same bits, the same winners, ties included)."""
    max_k = max(ks)
    labels, dist = labels[:, :max_k], dist[:, :max_k].float()
    right = np.zeros(len(ks), dtype=np.int64)
    picked = torch.as_tensor([k - 1 for k in ks])
    rows_at_once = max(1, (1 << 22) // (max_k * n_classes))  # ~16 MB of running sums at a time
    for start in range(0, labels.shape[0], rows_at_once):
        one_hot = F.one_hot(labels[start:start + rows_at_once], n_classes).to(torch.float32)  # [m, k, C]
        d = dist[start:start + rows_at_once]
        if weighting == "distance":
            exact = d <= 1e-12
            has_exact = (exact.cumsum(dim=1) > 0)[:, picked, None]
            votes = torch.where(has_exact, (one_hot * exact.float().unsqueeze(2)).cumsum(dim=1)[:, picked],
                                (one_hot * (1.0 / d.clamp_min(1e-12)).unsqueeze(2)).cumsum(dim=1)[:, picked])
        else:
            votes = one_hot.cumsum(dim=1)[:, picked]
        summed = (one_hot * d.unsqueeze(2)).cumsum(dim=1)[:, picked]  # [m, len(ks), C]
        tied = votes == votes.max(dim=2, keepdim=True).values
        summed = torch.where(tied, summed, torch.full_like(summed, math.inf))
        best = (summed == summed.min(dim=2, keepdim=True).values) & tied
        winners = best.to(torch.uint8).argmax(dim=2)
        right += (winners == truth[start:start + rows_at_once, None]).sum(dim=0).numpy()
    return right


def l1_clearly_worse(l1_accuracies: np.ndarray, best_accuracies: np.ndarray, n_pictures: int) -> bool:
    """Whether L1's best accuracy over k on the first fold is clearly below the best other distance's: lower by at
    least ``L1_SKIP_PICTURES`` pictures and by more than ``L1_SKIP_STANDARD_ERRORS`` standard errors of the
    difference of two accuracies on ``n_pictures`` pictures (sqrt(2 p (1 - p) / n), p their mean)."""
    l1, other = float(np.max(l1_accuracies)), float(np.max(best_accuracies))
    gap = other - l1
    p = (l1 + other) / 2
    return gap * n_pictures >= L1_SKIP_PICTURES - 1e-9 and \
        gap > L1_SKIP_STANDARD_ERRORS * np.sqrt(2 * p * (1 - p) / n_pictures)


def cannot_choose(y: np.ndarray, folds, best_accuracy: float) -> str | None:
    """Why cross-validation cannot tell the settings apart here, or None: no setting got a held-out picture right,
    or most pictures are alone in their class in the training folds (then no own-class neighbour exists)."""
    if best_accuracy <= 0:
        return translate("no setting got a single held-out picture right, so every k scores the same 0 %.")
    alone = 0
    for train, test in folds:
        counts = np.bincount(y[train], minlength=int(y.max()) + 1)
        alone += int((counts[y[test]] == 0).sum())
    if 2 * alone >= len(y):
        return translate("most classes have too few pictures: a held-out picture mostly has no other picture of "
                         "its class to be compared with.")
    return None


def calibrate_linear_out_of_fold(name: str, X, y, params: dict[str, Any], n_folds: int = 5, seed: int = 0,
                                 device: torch.device | str = "cpu", cancel=None,
                                 ) -> Generator[Event, None, dict[str, Any]]:
    """(T, u) for the final linear model, fitted on out-of-fold scores: every picture of ``X`` is scored once by
    a model trained as the final one (``params``, fixed epochs, no early stopping) on the other folds.

    The validation split alone is small (37 pictures for 245 training photos) and was also used to pick the
    settings and the epoch, so a temperature fitted there was noisy and optimistic. Returns ``{"temperature",
    "uniform_share", "confidence_map", "held_out_proba", "held_out_labels", "n_folds"}``. Yields one ``Progress``
    per fold.
    """
    X = np.ascontiguousarray(X, dtype=np.float32)
    y = np.asarray(y, dtype=np.int64)
    n_classes = int(y.max()) + 1
    folds = fold_indices(y, n_folds, seed)
    fixed = {key: value for key, value in params.items()
             if key not in ("temperature", "uniform_share", "confidence_map", "patience")}
    scores = np.zeros((len(y), n_classes), dtype=np.float32)
    clock = EtaClock(len(folds))
    for f, (train, test) in enumerate(folds):
        check_cancel(cancel)
        model = registry.make_classifier(name, device=device, **{"seed": seed, **fixed}, temperature=1.0)
        # rows= and scoring a slice at a time: no copy of the fold's pictures (400+ MB for 50,000 pixel rows)
        for _ in model.fit_events(X, y, cancel=cancel, run="calibrate", n_classes=n_classes, rows=train):
            pass  # the folds' loss curves are not shown: only the final model's are
        for start in range(0, len(test), _SCORE_CHUNK):
            chunk = test[start:start + _SCORE_CHUNK]
            scores[chunk] = model.decision_function(X[chunk])
        yield Progress("search", f + 1, len(folds), clock.eta(f + 1), calibrating_text(f + 1, len(folds)))
    temperature, share = calibration.fit_temperature(scores, y)
    proba = calibration.mixed_softmax(torch.from_numpy(scores).double(), temperature, share)
    confidence_map = calibration.fit_confidence_map(proba.numpy(), y)
    proba = calibration.apply_confidence_map(proba, confidence_map).numpy()
    return {"temperature": temperature, "uniform_share": share, "confidence_map": confidence_map,
            "held_out_proba": proba, "held_out_labels": y, "n_folds": len(folds)}


def search_linear(name: str, X_train, y_train, X_val, y_val, grid: dict[str, Sequence[float]] | None = None,
                  seed: int = 0, device: torch.device | str = "cpu", cancel=None,
                  base_params: dict[str, Any] | None = None) -> Generator[Event, None, dict[str, Any]]:
    """Try every learning rate x regularisation of ``grid`` on the validation data (early stopping).

    Yields each run's ``LossPoint``/``EpochMetrics`` with ``run="search"`` and one ``SearchPoint`` per
    setting. Returns the best ``{"learning_rate", "regularization", "epochs", "val_accuracy", "temperature",
    "uniform_share", "held_out_proba", "held_out_labels"}``: ``epochs`` is the best epoch, ``temperature`` and
    ``uniform_share`` the calibration fitted on the validation data, all for the refit on train + val; the
    probabilities are the best run's on val.
    Equal accuracies prefer the stronger regularisation, then the smaller learning rate.
    """
    if registry.get(name).settings_search != "validation":
        raise ValueError(f"search_linear is for the linear classifiers, not {name!r}.")
    if X_val is None or y_val is None or len(y_val) == 0:
        raise UserError(translate("Choosing the settings needs validation pictures. Add more pictures per class."))
    grid = grid or DEFAULT_LINEAR_GRID
    extra = dict(base_params or {})
    extra.setdefault("epochs", SEARCH_EPOCHS)
    extra.setdefault("patience", SEARCH_PATIENCE)
    y_train = np.asarray(y_train)
    y_val = np.asarray(y_val)
    n_classes = int(max(y_train.max(), y_val.max())) + 1
    settings = list(itertools.product(grid["learning_rate"], grid["regularization"]))
    clock = EtaClock(len(settings))
    best_key, best = None, None
    diverged: list[tuple[float, float]] = []
    for i, (lr, reg) in enumerate(settings):
        check_cancel(cancel)
        yield Progress("search", i, len(settings), clock.eta(i),
                       trying_setting_text(i + 1, len(settings), {"learning_rate": lr, "regularization": reg}))
        model = registry.make_classifier(name, device=device, **{**extra, "learning_rate": lr,
                                                                     "regularization": reg, "seed": seed})
        try:
            yield from model.fit_events(X_train, y_train, X_val, y_val, cancel=cancel, run="search",
                                        n_classes=n_classes)
        except TrainingDiverged:  # one setting too strong for these features: the others may be fine
            diverged.append((lr, reg))
            yield Message(translate("Learning rate {rate:g} with regularisation {regularisation:g} is too high for "
                                    "these pictures (the loss ran away); that setting is skipped.").format(
                rate=lr, regularisation=reg), level="warning")
            continue
        accuracy = float(model.best_val_accuracy_)
        params = {"learning_rate": float(lr), "regularization": float(reg), "epochs": int(model.best_epoch_)}
        yield SearchPoint(params=params, val_accuracy=accuracy)
        key = (round(accuracy, 12), float(reg), -float(lr))
        if best_key is None or key > best_key:
            best_key = key
            best = {**params, "val_accuracy": accuracy, "temperature": float(model.temperature_),
                    "uniform_share": float(model.uniform_share_),
                    "held_out_proba": model.predict_proba(X_val), "held_out_labels": y_val}
    yield Progress("search", len(settings), len(settings), 0.0,
                   translate("Tried all {n} settings").format(n=len(settings)))
    if best is None:
        raise UserError(translate("Every learning rate tried made the training run away. Nothing was saved. Turn "
                                  "off automatic settings and try a smaller learning rate, such as 0.0001."))
    return best
