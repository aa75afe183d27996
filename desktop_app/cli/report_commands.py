"""The commands that look back at a model or a dataset: ``learning-curve`` ("how many more pictures?") and
``report`` (one self-contained HTML file). Same rules as the other commands (cli/__init__.py): ``--json``,
exit codes, one-line messages for bad input."""
from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.output import emit_json, print_accuracy
from desktop_app.cli.values import (add_classifier_settings, check_output_name, hyperparameters, image_size,
                                    positive_int, seed, share)
from desktop_app.core.classifiers import registry
from desktop_app.core.output.names import display_text
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.wording import pictures_text

EXIT_OK = 0


def cmd_learning_curve(args) -> int:
    from desktop_app.cli import _run
    from desktop_app.core.analysis.learning_curve import run_learning_curve
    from desktop_app.core.training import TrainingConfig

    config = TrainingConfig(
        data_dir=Path(args.folder), classifier=args.classifier, features=args.features, device=args.device,
        seed=args.seed, val_fraction=0.0, test_fraction=0.0 if args.test else args.test_share,
        test_dir=Path(args.test) if args.test else None, auto_tune=False, hyperparameters=hyperparameters(args),
        image_size=args.image_size, follow_links=args.follow_links)
    curve = _run(run_learning_curve(config, repeats=args.repeats, cancel=args.cancel), args)
    if args.json:
        emit_json(curve.to_dict())
        return EXIT_OK
    print(f"Test accuracy by the number of training pictures ({pictures_text(curve.test_pictures)} tested, "
          f"{curve.repeats} run{'s' if curve.repeats > 1 else ''} each):")
    names = [display_text(name) for name in curve.class_names]
    width = max([len(name) for name in names] + [8])
    print(f"  {'pictures':>8}  {'all':>6}  " + "  ".join(f"{name[:width]:>{width}}" for name in names))
    for point in curve.points:
        per_class = "  ".join(f"{share_text(a, 0) if a is not None else '?':>{width}}" for a in point.class_accuracy)
        print(f"  {point.pictures:>8,}  {share_text(point.accuracy, 0):>6}  {per_class}")
    print(curve.sentence)
    return EXIT_OK


def cmd_report(args) -> int:
    from desktop_app.cli import _check_regular_file_args, _run
    from desktop_app.core.modelfile.model_file import load_model
    from desktop_app.core.report.report_file import check_report_output, make_report

    _check_regular_file_args(args.model)
    check_output_name(args.out, "--out", "report.html")
    out = check_report_output(args.out, args.model, args.test, args.force)  # before any work
    model = load_model(args.model)
    result = _run(make_report(model, out, test_folder=args.test, model_path=args.model, device=args.device,
                              force=args.force, follow_links=args.follow_links, cancel=args.cancel), args)
    evaluation = result.evaluation
    payload = {
        "report": str(result.path),
        "accuracy": evaluation.accuracy if evaluation is not None else None,
        "per_class": evaluation.per_class if evaluation is not None else None,
        "test": args.test,
        "dataset_fingerprint": model.record.get("dataset_fingerprint"),
    }
    if args.json:
        emit_json(payload)
    else:
        if evaluation is not None:
            print_accuracy(evaluation)
        print(f"Wrote the report to {display_text(str(result.path))}")
    return EXIT_OK


def add_commands(sub, common: argparse.ArgumentParser, follow_links_option) -> None:
    """The two commands' parsers (called by ``cli.build_parser``)."""
    p = sub.add_parser("learning-curve", parents=[common],
                       help="how many more pictures? test accuracy per class on growing shares of the pictures")
    p.add_argument("folder")
    p.add_argument("--classifier", choices=registry.CLASSIFIER_NAMES, default=registry.DEFAULT_CLASSIFIER)
    p.add_argument("--features", choices=registry.FEATURE_KINDS, default="pretrained")
    p.add_argument("--test", help="a folder of test pictures (then none are carved out of FOLDER)")
    p.add_argument("--test-share", type=share, default=0.15, help="share for testing when there is no test folder")
    p.add_argument("--repeats", type=positive_int, default=3, help="runs per share, each drawn anew (default 3)")
    p.add_argument("--seed", type=seed, default=0, help="for the split and the draws (0 to 4294967295)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    p.add_argument("--image-size", type=image_size, help="input size in pixels for the feature extractor")
    add_classifier_settings(p, "kNN: number of neighbours (default 5)")
    follow_links_option(p)
    p.set_defaults(func=cmd_learning_curve)

    p = sub.add_parser("report", parents=[common], help="write one self-contained HTML report of a model")
    p.add_argument("model")
    p.add_argument("--test", help="a labelled folder to test the model on (default: its own test results)")
    p.add_argument("--out", required=True, help="where to write the report (.html)")
    p.add_argument("--force", action="store_true", help="replace --out even if it is not a report of this app")
    p.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    follow_links_option(p)
    p.set_defaults(func=cmd_report)
