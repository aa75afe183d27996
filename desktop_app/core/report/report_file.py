"""Writing the report of a model: File > Export report... and ``report MODEL [--test FOLDER] --out report.html``.

``check_report_output`` refuses, before any work, an output that would replace the model, a picture, another
model or any other file that is not a report of this app (a report is replaced only by a report, or with
``force`` a file that is neither a picture nor a model); ``make_report`` gathers the facts (tests on a folder
when one is given, reads the mistakes' pictures), then writes the one HTML file atomically.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generator

from PIL import Image

from desktop_app.core import metrics
from desktop_app.core.analysis import templates
from desktop_app.core.data.images import looks_like_image
from desktop_app.core.data.regular_files import open_regular_file
from desktop_app.core.events import Event, EtaClock, Phase, Progress, check_cancel
from desktop_app.core.modelfile.model_file import TrainedModel, is_model_file
from desktop_app.core.output.names import display_path
from desktop_app.core.output.safe_write import OutputPathError, atomic_write, check_output_path
from desktop_app.core.output.translation import translatable, translate
from desktop_app.core.output.wording import pictures_text
from desktop_app.core.report import pictures
from desktop_app.core.report.html_report import MAX_MISTAKES, REPORT_MARKER, ReportFacts, report_html

TRAINING_TEST = translatable("the test share set aside from the training pictures")  # English: see translate()


@dataclass
class ReportResult:
    path: Path
    evaluation: metrics.Evaluation | None


def is_report_file(path: str | Path) -> bool:
    """True for a report this app wrote (its first lines hold the marker)."""
    try:
        with open_regular_file(path) as handle:
            return REPORT_MARKER.encode("ascii") in handle.read(256)
    except (OSError, ValueError):
        return False


def check_report_output(path: str | Path, model_path: str | Path | None = None, test_folder: str | Path | None = None,
                        force: bool = False) -> Path:
    """The report's path, refused now when writing there would destroy something (see the module's words)."""
    path = Path(path)
    if path.suffix == "" and not path.is_dir():
        path = path.with_suffix(".html")
    path = check_output_path(path, what=translatable("report"), input_files=[model_path] if model_path else (),
                             input_folders=[test_folder] if test_folder else (), is_replaceable=is_report_file,
                             force=force)
    if path.is_file() and (is_model_file(path) or looks_like_image(path)):
        template = translate("{file} is a model file: a report never replaces one. Choose another name.") \
            if is_model_file(path) else translate("{file} is a picture: a report never replaces one. Choose another "
                                                  "name.")
        raise OutputPathError(template.format(file=display_path(path)))
    return path


def template_pictures(model: TrainedModel) -> list[tuple[str, str]] | None:
    """Each class's template as (name, data: URI), where the model has them (``analysis.templates``); None for a
    model without templates."""
    if not templates.has_templates(model):
        return None
    made = templates.templates(model)
    return [(name, pictures.enlarged_uri(Image.fromarray(image))) for name, image in zip(made.class_names,
                                                                                      made.images)]


def make_report(model: TrainedModel, out: str | Path, evaluation: metrics.Evaluation | None = None,
                test_folder: str | Path | None = None, model_path: str | Path | None = None, device: str = "auto",
                force: bool = False, follow_links: bool = False, cancel=None,
                ) -> Generator[Event, None, ReportResult]:
    """Write the report of ``model`` to ``out``. The test results shown: those on ``test_folder`` when given
    (measured now, as ``evaluate`` does), else ``evaluation``, else the ones stored with the model."""
    out = check_report_output(out, model_path, test_folder, force)
    source = translate(TRAINING_TEST)
    if test_folder is not None:
        from desktop_app.core.training import evaluate_folder

        evaluation = yield from evaluate_folder(model, Path(test_folder), device=device, cancel=cancel,
                                                follow_links=follow_links)
        source = translate("the folder {folder}").format(folder=display_path(test_folder))
    elif evaluation is None and isinstance(model.metrics.get("evaluation"), dict):
        try:
            evaluation = metrics.Evaluation.from_dict(model.metrics["evaluation"])
        except (KeyError, TypeError, ValueError):
            evaluation = None  # left out of a very large model's file: the report says there are no results
    facts = ReportFacts(model, evaluation, source, display_path(Path(model_path).name) if model_path
                        else translate("not saved yet"))
    if evaluation is not None:
        paths = [m["path"] for m in evaluation.mistakes[:MAX_MISTAKES] if m.get("path")]
        yield Phase("report", translate("Reading {pictures} for the report").format(pictures=pictures_text(len(paths))))
        clock = EtaClock(len(paths))
        for done, path in enumerate(paths):
            check_cancel(cancel)
            yield Progress("report", done, len(paths), clock.eta(done),
                           translate("Reading the pictures of the mistakes"))
            facts.thumbnails[path] = pictures.thumbnail_uri(path)
    facts.templates = template_pictures(model)
    check_cancel(cancel)
    text = report_html(facts).encode("utf-8", "backslashreplace")
    written = atomic_write(out, lambda handle: handle.write(text))
    return ReportResult(written, evaluation)
