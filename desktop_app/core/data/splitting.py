"""Sharing the pictures out into training, validation and test (stratified, reproducible, copies kept on one
side), what that share-out looks like (SplitFacts), and k-fold indices for the settings search."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from desktop_app.core import preload
from desktop_app.core.data.dataset import SPLITS, Dataset, Sample
from desktop_app.core.errors import UserError
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.translation import translate


def _groups(samples: list[Sample], indices: list[int]) -> dict[str, list[int]]:
    """Identical files (same digest) form one group, so copies never end up on both sides of a split."""
    groups: dict[str, list[int]] = {}
    for i in indices:
        key = samples[i].digest or f"#{i}"
        groups.setdefault(key, []).append(i)
    return groups


def _carve(samples: list[Sample], indices: list[int], fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Stratified split of indices into (kept, carved ~fraction). Classes with < 2 groups stay in kept."""
    if fraction <= 0 or not indices:
        return list(indices), []
    groups = list(_groups(samples, indices).values())
    group_labels = np.array([samples[g[0]].label for g in groups])
    per_class = Counter(group_labels.tolist())
    splittable = np.array([per_class[label] >= 2 for label in group_labels])
    positions = np.flatnonzero(splittable)
    kept_groups = [groups[i] for i in np.flatnonzero(~splittable)]
    carved_groups: list[list[int]] = []
    if len(positions):
        preload.wait_for_scikit_learn()  # imported on the engine thread just after it is ready
        try:
            from sklearn.model_selection import train_test_split

            keep_pos, carve_pos = train_test_split(positions, test_size=fraction, random_state=seed,
                                                   stratify=group_labels[positions])
        except ValueError:  # too few pictures for sklearn's stratification: share out class by class instead
            keep_pos, carve_pos = _carve_per_class(positions, group_labels[positions], fraction, seed)
        kept_groups += [groups[i] for i in keep_pos]
        carved_groups = [groups[i] for i in carve_pos]
    kept = sorted(i for g in kept_groups for i in g)
    carved = sorted(i for g in carved_groups for i in g)
    return kept, carved


def _carve_per_class(positions: np.ndarray, labels: np.ndarray, fraction: float, seed: int):
    rng = np.random.default_rng(seed)
    keep, carve = [], []
    for label in np.unique(labels):
        members = rng.permutation(positions[labels == label])
        n_carve = min(len(members) - 1, max(1, int(round(len(members) * fraction))))
        carve.extend(members[:n_carve].tolist())
        keep.extend(members[n_carve:].tolist())
    return keep, carve


MAX_SHARE = 0.9  # of validation + test together: at least 10 % of the pictures are left for training


def check_shares(val_fraction: float, test_fraction: float) -> None:
    """The one set of limits on the validation and test shares (UserError with a plain message)."""
    for template, value in (
            (translate("The validation share must be between 0% and {most}, not {value}."), val_fraction),
            (translate("The test share must be between 0% and {most}, not {value}."), test_fraction)):
        if not 0.0 <= value <= MAX_SHARE:
            raise UserError(template.format(most=share_text(MAX_SHARE, 0), value=share_text(value, 0)))
    if val_fraction + test_fraction > MAX_SHARE + 1e-9:
        raise UserError(translate("Validation and test together must leave at least {least} of the pictures for "
                                  "training.").format(least=share_text(1 - MAX_SHARE, 0)))


def split_for_training(dataset: Dataset, val_fraction: float, test_fraction: float, seed: int) -> Dataset:
    """The split training uses (and the Dataset tab previews): test pictures given (a test/ folder or a
    separate test folder) mean no test share is carved out of the training pictures."""
    if any(sample.split == "test" for sample in dataset.samples):
        test_fraction = 0.0
    return split_dataset(dataset, val_fraction, test_fraction, seed)


@dataclass(frozen=True)
class SplitFacts:
    """What training will use each share of the pictures for, and how big each share really is.

    ``source[split]``: "folder" (the folder's own split sub-folder, used as given), "train" (carved out of the
    train/ pictures), "all" (carved out of all pictures), or "none" (no pictures for this split).
    ``*_setting_applies``: whether the validation / test percentage changes anything for this dataset.
    """

    dataset: Dataset  # the dataset as training shares it out
    counts: dict[str, int]  # {"train": n, "val": n, "test": n}
    source: dict[str, str]
    val_setting_applies: bool
    test_setting_applies: bool
    class_counts: dict[str, dict[str, int]]  # dataset.counts() of the shared-out dataset (O(n): worked out once)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, split: str) -> float:
        return 100.0 * self.counts[split] / self.total if self.total else 0.0


def split_facts(dataset: Dataset, val_fraction: float, test_fraction: float, seed: int) -> SplitFacts:
    """The split that ``split_for_training`` makes, described: counts, shares and where each share comes from."""
    shared = split_for_training(dataset, val_fraction, test_fraction, seed)
    counts = Counter(s.split for s in shared.samples)
    given = {s.split for s in dataset.samples if s.split} if dataset.has_predefined_splits else set()
    unsplit = any(s.split is None for s in dataset.samples)
    carved_from = "train" if dataset.has_predefined_splits else "all"
    source = {"train": "folder" if "train" in given else "all"}
    for split in ("val", "test"):
        if split in given:
            source[split] = "folder"
        else:
            source[split] = carved_from if counts[split] else "none"
    return SplitFacts(
        dataset=shared,
        counts={split: counts[split] for split in SPLITS},
        source=source,
        val_setting_applies="val" not in given or unsplit,
        test_setting_applies=not any(s.split == "test" for s in dataset.samples),
        class_counts=shared.counts(),
    )


def split_dataset(dataset: Dataset, val_fraction: float = 0.15, test_fraction: float = 0.15,
                  seed: int = 0) -> Dataset:
    """Assign every sample to train / val / test, stratified by class and reproducible by seed.

    Predefined splits (``has_predefined_splits``) are kept; a split the folder did not have is carved out of its
    training pictures (val always when val_fraction > 0, test only when test_fraction > 0). Samples without a
    split (e.g. a class added from another folder) are split by the fractions. ``test_fraction=0`` gives no test
    pictures (use it when the test pictures come from elsewhere). Identical files stay on one side. Classes with
    fewer than two distinct pictures go entirely to training.
    """
    check_shares(val_fraction, test_fraction)
    samples = dataset.samples
    assignment: dict[int, str] = {}
    if dataset.has_predefined_splits:
        present = {s.split for s in samples if s.split}
        unsplit = [i for i, s in enumerate(samples) if s.split is None]
        train = [i for i, s in enumerate(samples) if s.split == "train"]
        for i, s in enumerate(samples):
            if s.split in ("val", "test"):
                assignment[i] = s.split
        carve_test = test_fraction if "test" not in present else 0.0
        carve_val = val_fraction if "val" not in present else 0.0
        pools = [(train, carve_test, carve_val), (unsplit, test_fraction, val_fraction)]
    else:
        pools = [(list(range(len(samples))), test_fraction, val_fraction)]
    for pool, test_share, val_share in pools:
        rest, test_part = _carve(samples, pool, test_share, seed)
        train_part, val_part = _carve(samples, rest, val_share / (1.0 - test_share) if val_share else 0.0, seed + 1)
        assignment.update({i: "test" for i in test_part})
        assignment.update({i: "val" for i in val_part})
        assignment.update({i: "train" for i in train_part})
    new_samples = [replace(s, split=assignment.get(i, "train")) for i, s in enumerate(samples)]
    return Dataset(list(dataset.class_names), new_samples, dataset.root, dataset.has_predefined_splits)
