"""One list of the classifier and feature names, for the CLI, the GUI, training and the self-test.

Plain data (no torch): importing it is cheap, so the command line can build its choices from it.
"""
from __future__ import annotations

CLASSIFIER_NAMES = ("knn", "svm", "softmax")
CLASSIFIER_TITLES = {"knn": "k-nearest neighbours", "svm": "linear SVM", "softmax": "softmax"}
# the settings chosen on held-out pictures when the user does not fix them
SEARCHED_SETTINGS = {"knn": ("k", "distance"), "svm": ("learning_rate", "regularization"),
                     "softmax": ("learning_rate", "regularization")}

FEATURE_KINDS = ("pretrained", "pixels")  # the recommended one first
FEATURE_TITLES = {"pixels": "raw pixels", "pretrained": "pretrained network features"}


def standardizes_features(classifier: str, feature_kind: str) -> bool:
    """Whether features are z-scored before the classifier (chosen by measurement, see docs/architecture.md).

    Linear models need it (one learning rate for every feature). kNN on pixels compares the raw pixels, as in
    the lecture: z-scoring blows up near-constant border pixels (digits: 0.874 vs 0.909 raw, scikit-learn).
    """
    return not (classifier == "knn" and feature_kind == "pixels")


def held_out_title(model_metrics: dict) -> str:
    """What a model's ``val_accuracy`` measured, in words: kNN's comes from k-fold cross-validation on the
    training + validation pictures (``val_folds`` > 0), the linear classifiers' from the validation pictures."""
    folds = model_metrics.get("val_folds")
    if isinstance(folds, int) and folds > 1:
        return f"Cross-validation accuracy ({folds} folds)"
    return "Validation accuracy"
