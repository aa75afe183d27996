"""``suspects FOLDER``: the pictures possibly in the wrong class folder, as the Dataset tab's map lists them.

Nothing is moved: the command only names the pictures, each with its folder's class, the class its nearest
neighbours suggest and a score from 0 to 1 (higher: the neighbours point more clearly to the other class).
"""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop_app.cli.output import one_line
from desktop_app.core.classifiers import registry
from desktop_app.core.output.names import display_text
from desktop_app.core.output.wording import pictures_text

if TYPE_CHECKING:  # the parser is built before the engine (torch) is imported
    from desktop_app.core.analysis.suspects import SuspectSearch


def add_arguments(parser: argparse.ArgumentParser, image_size) -> None:
    parser.add_argument("folder", help="a folder with one sub-folder of pictures per class")
    parser.add_argument("--features", choices=registry.FEATURE_KINDS, default="pretrained",
                        help="compare the pictures by these features (default: pretrained)")
    parser.add_argument("--image-size", type=image_size, help="input size in pixels for the feature extractor")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")


def payload(search: "SuspectSearch", feature_settings: dict[str, Any]) -> dict[str, Any]:
    return {
        "folder_classes": search.class_names,
        "pictures": len(search.paths),
        "neighbours": search.neighbours,
        "features": feature_settings,
        "suspects": [suspect.to_dict() for suspect in search.suspects],
        "problems": [problem.to_dict() for problem in search.problems],
        "moved": 0,  # never: the user decides
    }


def print_suspects(result: dict[str, Any]) -> None:
    for entry in result["suspects"]:
        print(f"{display_text(entry['path'])}: in {display_text(entry['folder_class'])}, its neighbours suggest "
              f"{display_text(entry['suggested_class'])} (score {entry['score']:.2f})")
    for problem in result["problems"]:
        print(f"skipped {display_text(problem['path'])}: {one_line(problem['message'])}")
    found = len(result["suspects"])
    if found:
        print(f"{pictures_text(found)} of {result['pictures']:,} possibly in the wrong folder, judged by their "
              f"{result['neighbours']} nearest neighbours. Nothing was moved.")
    else:
        print(f"No picture of the {result['pictures']:,} looks out of place among its {result['neighbours']} "
              "nearest neighbours.")
