"""The report as one self-contained HTML page: every figure as inline SVG, every picture as a data: URI, no
script, no URL (a Content-Security-Policy forbids loading anything), so it opens in any browser offline.

Every name (classes, files, settings as given) is escaped (``names.html_text``: the one display rule, then
HTML's). Figures carry their exact value in ``data-value`` so a program can read them back.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from desktop_app import APP_NAME, __version__
from desktop_app.core.classifiers import registry
from desktop_app.core.output.names import html_text
from desktop_app.core.output.percent import probability_text, share_text, threshold_text
from desktop_app.core.output.translation import translatable, translate
from desktop_app.core.output.wording import (accuracy_range_text, accuracy_uncertainty_text, duration_text,
                                            pictures_text, setting_text)
from desktop_app.core.report.svg_chart import line_chart
from desktop_app.core.tuning import CALIBRATION_KEYS

REPORT_MARKER = "<!-- picture-sorter-report -->"  # the second line of every report (safe_write: replaceable)
MAX_MISTAKES = 24
_KIND_WORDS = {"pixels": translatable("pixels"), "pretrained": translatable("pretrained")}  # as saved; shown translated
MAX_CONFUSION_CLASSES = 60  # a bigger matrix is left out (the per-class table stays)

_STYLE = """
body{font-family:sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222;line-height:1.4}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:2em}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}.big{font-size:1.4em;font-weight:bold}
.note{color:#555}.pictures{display:flex;flex-wrap:wrap;gap:10px}
figure{margin:0;width:130px;font-size:.8em;overflow-wrap:anywhere}figure img{display:block;margin:auto}
.problem-error{color:#b00}.charts{display:flex;flex-wrap:wrap;gap:16px}
"""


@dataclass
class ReportFacts:
    """What the report shows, gathered by ``report_file.make_report`` (pictures already read)."""

    model: Any  # model_file.TrainedModel
    evaluation: Any  # metrics.Evaluation | None
    test_source: str  # where the test pictures came from, in words
    model_name: str
    thumbnails: dict[str, str | None] = field(default_factory=dict)  # path -> data: URI (None: unreadable)
    templates: list[tuple[str, str]] | None = None  # (class name, data: URI)
    written: str = field(default_factory=lambda: _dt.datetime.now().astimezone().isoformat(timespec="seconds"))


def _value(number: float | None, shown: str) -> str:
    return f'<span data-value="{float(number)!r}">{shown}</span>' if number is not None else "?"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], css: str = "") -> str:
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def report_html(facts: ReportFacts) -> str:
    model = facts.model
    spec = registry.registered(model.classifier_name)
    title = translate("{classifier} on {kind} features").format(
        classifier=html_text(translate(spec.title) if spec else model.classifier_name),
        kind=html_text(translate(_KIND_WORDS.get(model.feature_settings.kind, model.feature_settings.kind))))
    sections = [_summary(facts), _dataset(model.record, model.training_info), _settings(model),
                _curves(model.record), _results(facts), _calibration(facts), _mistakes(facts), _templates(facts),
                _record(facts)]
    return ("<!DOCTYPE html>\n" + REPORT_MARKER + f"\n<html lang=\"{html_text(translate('en'))}\"><head>"
            "<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "img-src data:; style-src 'unsafe-inline'\">"
            + translate("<title>Report: {title}</title>").format(title=title) + f"<style>{_STYLE}</style></head><body>"
            + translate("<h1>{app} report: {title}</h1>").format(app=html_text(APP_NAME), title=title)
            + translate("<p class=\"note\">Model {name}, trained {created}; report written {written} by {app} "
                        "{version}.</p>").format(name=html_text(facts.model_name), created=html_text(model.created),
                                                 written=html_text(facts.written), app=html_text(APP_NAME),
                                                 version=html_text(__version__))
            + "".join(section for section in sections if section) + "</body></html>\n")


def _summary(facts: ReportFacts) -> str:
    evaluation, metrics = facts.evaluation, facts.model.metrics
    lines = []
    if evaluation is not None:
        lines.append(translate('<p class="big" id="test-accuracy">Test accuracy: {accuracy} on {pictures} '
                               '({source})</p>').format(
            accuracy=_value(evaluation.accuracy, share_text(evaluation.accuracy)),
            pictures=pictures_text(evaluation.n_examples), source=html_text(facts.test_source)))
        sure = (accuracy_range_text(evaluation.accuracy, evaluation.n_examples) + ". "
                + accuracy_uncertainty_text(evaluation.accuracy, evaluation.n_examples)).strip()
        lines.append(f'<p id="accuracy-range">{html_text(sure[0].upper() + sure[1:])}</p>')
    else:
        lines.append(translate("<p class=\"big\">No test results: the model had no test pictures. Give a test "
                               "folder.</p>"))
    val = metrics.get("val_accuracy")
    if isinstance(val, (int, float)):
        lines.append(f"<p>{html_text(registry.held_out_title(metrics))}: {_value(val, share_text(val))}</p>")
    return translate("<h2>Summary</h2>") + "".join(lines)


def _dataset(record: dict, info: dict) -> str:
    classes = record.get("classes") or {}
    parts = [translate("<h2>Dataset</h2>")]
    if classes:
        rows = [[html_text(name), *(f"{counts.get(split, 0):,}" for split in ("train", "val", "test")),
                 f"{sum(counts.values()):,}"] for name, counts in classes.items()]
        totals = [sum(counts.get(split, 0) for counts in classes.values()) for split in ("train", "val", "test")]
        rows.append([translate("<b>all</b>"), *(f"<b>{n:,}</b>" for n in totals), f"<b>{sum(totals):,}</b>"])
        parts.append(_table([translate("Class"), translate("Training"), translate("Validation"), translate("Test"),
                             translate("All")], rows, "dataset"))
    elif isinstance(info.get("counts"), dict):
        counts = info["counts"]
        parts.append(translate("<p>{train} for training, {val} for validation, {test} for testing (saved before "
                               "per-class counts were kept).</p>").format(
            train=pictures_text(int(counts.get("train", 0))), val=pictures_text(int(counts.get("val", 0))),
            test=pictures_text(int(counts.get("test", 0)))))
    if isinstance(info.get("data_dir"), str):
        parts.append(translate("<p>Folder: {folder}</p>").format(folder=html_text(info["data_dir"])))
    if isinstance(info.get("skipped_files"), int) and info["skipped_files"]:
        parts.append(translate("<p>{pictures} could not be read and were left out.</p>").format(
            pictures=pictures_text(info["skipped_files"])))
    problems = record.get("problems") or []
    if problems:
        items = "".join(f'<li class="problem-{html_text(p.get("severity", ""))}"><b>{html_text(p.get("path", ""))}</b>'
                        f': {html_text(p.get("message", ""))}{_more_like_it(p.get("count"))}</li>' for p in problems)
        parts.append(translate("<h3>Problems found in the pictures</h3>") + f"<ul class=\"problems\">{items}</ul>")
    elif record:
        parts.append(translate("<p>No problems were found in the pictures.</p>"))
    return "".join(parts)


def _more_like_it(count) -> str:
    return translate(" <i>(and {n:,} more like it)</i>").format(n=count - 1) if isinstance(count, int) and count > 1 \
        else ""


def _settings(model) -> str:
    shown = [html_text(setting_text(key, value)) for key, value in model.hyperparameters.items()
             if key not in CALIBRATION_KEYS]
    parts = [translate("<h2>Settings and why</h2>"),
             translate("<p>Features: {features}.</p>").format(features=html_text(model.feature_settings.describe())),
             translate("<p>Classifier settings: {settings}.</p>").format(
                 settings=", ".join(shown) if shown else translate("the classifier's defaults"))]
    reasons = model.record.get("reasons") or []
    auto = model.record.get("settings", {}).get("auto_tune", model.training_info.get("auto_tune"))
    if reasons:
        parts.append("<ul>" + "".join(f"<li>{html_text(reason)}</li>" for reason in reasons) + "</ul>")
    elif auto is False:
        parts.append(translate("<p>The settings were given by hand (automatic choice was off).</p>"))
    calibration = {key: model.hyperparameters[key] for key in ("temperature", "uniform_share", "smoothing")
                   if isinstance(model.hyperparameters.get(key), (int, float))}
    if calibration:
        parts.append(translate("<p class=\"note\">Calibration of the percentages, fitted on held-out pictures: "
                               "{settings}.</p>").format(
            settings=", ".join(html_text(setting_text(k, v)) for k, v in calibration.items())))
    return "".join(parts)


def _curves(record: dict) -> str:
    curves = record.get("curves") or {}
    charts = []
    epochs = curves.get("epochs") or []
    if epochs:
        charts.append(line_chart([(translate("loss"), [(e.get("epoch"), e.get("loss")) for e in epochs])],
                                 translate("epoch"), translate("training loss"),
                                 title=translate("Training loss per epoch")))
        accuracy = [(translate("training"), [(e.get("epoch"), e.get("train_accuracy")) for e in epochs])]
        if any(isinstance(e.get("val_accuracy"), (int, float)) for e in epochs):
            accuracy.append((translate("validation"), [(e.get("epoch"), e.get("val_accuracy")) for e in epochs]))
        charts.append(line_chart(accuracy, translate("epoch"), translate("accuracy"), (0.0, 1.0),
                                 title=translate("Accuracy per epoch")))
    folds = curves.get("cross_validation") or []
    if folds:
        distances = sorted({str(p.get("distance")) for p in folds})
        charts.append(line_chart(
            [(d.upper(), sorted((p.get("k"), p.get("mean_accuracy")) for p in folds if str(p.get("distance")) == d
                                and isinstance(p.get("k"), int)))
             for d in distances], translate("k (neighbours)"), translate("cross-validation accuracy"),
            title=translate("Accuracy by k")))
    search = curves.get("search") or []
    parts = []
    if charts:
        parts.append("<div class=\"charts\">" + "".join(charts) + "</div>")
    if search:
        rows = [[html_text(", ".join(setting_text(k, v) for k, v in (p.get("params") or {}).items())),
                 _value(p.get("val_accuracy"), share_text(p["val_accuracy"]))
                 if isinstance(p.get("val_accuracy"), (int, float)) else "?"] for p in search]
        parts.append(translate("<h3>Settings tried</h3>")
                     + _table([translate("Setting"), translate("Validation accuracy")], rows, "search"))
    if not parts:
        return ""
    return translate("<h2>Training curves</h2>") + "".join(parts)


def _results(facts: ReportFacts) -> str:
    evaluation = facts.evaluation
    if evaluation is None:
        return ""
    rows = [[html_text(row["name"]), *(_value(row[key], f"{row[key]:.3f}") for key in ("precision", "recall", "f1")),
             f'<span data-value="{int(row["support"])}">{int(row["support"]):,}</span>']
            for row in evaluation.per_class]
    parts = [translate("<h2>Test results</h2><h3>Per class</h3>"),
             _table([translate("Class"), translate("Precision"), translate("Recall"), "F1", translate("Pictures")],
                    rows, "per-class"),
             translate("<p class=\"note\">Precision: of the pictures called this class, the share that are. Recall: "
                       "of the pictures of this class, the share found. F1 balances the two.</p>")]
    names = evaluation.class_names
    if evaluation.confusion and len(names) <= MAX_CONFUSION_CLASSES:
        matrix = np.asarray(evaluation.confusion, dtype=np.int64).reshape(len(names), len(names))
        header = [translate("true \\ predicted"), *(html_text(name) for name in names)]
        rows = []
        for r, name in enumerate(names):
            total = max(1, int(matrix[r].sum()))
            cells = []
            for c in range(len(names)):
                share = matrix[r, c] / total
                colour = (46, 160, 67) if r == c else (214, 39, 40)
                alpha = 0.15 + 0.85 * share if matrix[r, c] else 0.0
                cells.append(f'<span data-value="{int(matrix[r, c])}" style="display:block;background:rgba('
                             f'{colour[0]},{colour[1]},{colour[2]},{alpha:.2f})">{int(matrix[r, c]):,}</span>')
            rows.append([html_text(name), *cells])
        parts.append(translate("<h3>Confusion matrix</h3><p class=\"note\">Rows: the true class; columns: the "
                               "class predicted.</p>") + _table(header, rows, "confusion"))
    return "".join(parts)


def _calibration(facts: ReportFacts) -> str:
    stored = facts.model.metrics.get("calibration")
    evaluation = facts.evaluation
    parts = []
    if isinstance(stored, dict) and isinstance(stored.get("ece"), (int, float)):
        parts.append(translate("<p>Fitted on {pictures} held out; calibration error there (ECE): {ece}.</p>").format(
            pictures=pictures_text(int(stored.get("held_out") or 0)),
            ece=_value(stored["ece"], format(stored["ece"], ".3f"))))
    unsure = stored.get("unsure") if isinstance(stored, dict) else None
    if isinstance(unsure, dict) and isinstance(unsure.get("threshold"), (int, float)):
        parts.append(translate("<p>Answers below {threshold} are marked \"unsure\".</p>").format(
            threshold=html_text(threshold_text(unsure["threshold"]))))
    if evaluation is not None and evaluation.ece is not None:
        parts.append(translate("<p id=\"test-ece\">Calibration error on the test pictures (ECE): {ece} (0: the "
                               "percentages match how often it is right).</p>").format(
            ece=_value(evaluation.ece, format(evaluation.ece, ".3f"))))
        bins = [b for b in evaluation.reliability() if b.count]
        if bins:
            parts.append(line_chart([(translate("test pictures"), [(b.mean_confidence, b.accuracy) for b in bins])],
                                    translate("percentage given"), translate("share right"), (0.0, 1.0),
                                    diagonal=True, title=translate("Reliability"), x_range=(0.0, 1.0)))
    return translate("<h2>Can the percentages be trusted?</h2>") + "".join(parts) if parts else ""


def _figure(uri: str | None, caption: str, alt: str) -> str:
    picture = f'<img src="{uri}" alt="{alt}">' if uri else \
        translate('<div class="note">(picture not available)</div>')
    return f"<figure>{picture}<figcaption>{caption}</figcaption></figure>"


def _mistakes(facts: ReportFacts) -> str:
    evaluation = facts.evaluation
    if evaluation is None:
        return ""
    mistakes = evaluation.mistakes[:MAX_MISTAKES]
    if not mistakes:
        return translate("<h2>Most confident mistakes</h2><p>No test picture was answered wrongly.</p>")
    figures = [_figure(facts.thumbnails.get(m.get("path") or ""),
                       translate("is {true}, called {predicted} ({probability})").format(
                           true=html_text(m["true"]), predicted=html_text(m["predicted"]),
                           probability=probability_text(m["confidence"]))
                       + f"<br><span class=\"note\">{html_text(m.get('path') or '')}</span>",
                       html_text(m.get("path") or "")) for m in mistakes]
    return (translate("<h2>Most confident mistakes</h2><p class=\"note\">The wrong answers it was surest of: often a "
                      "picture in the wrong folder, or two classes that look alike.</p>")
            + "<div class=\"pictures\">" + "".join(figures) + "</div>")


def _templates(facts: ReportFacts) -> str:
    if not facts.templates:
        return ""
    figures = [_figure(uri, html_text(name), html_text(name)) for name, uri in facts.templates]
    return (translate("<h2>What each class looks for (templates)</h2><p class=\"note\">Each class's row of weights "
                      "shown as a picture: bright where a pixel value raises the class's score.</p>")
            + "<div class=\"pictures\">" + "".join(figures) + "</div>")


def _record(facts: ReportFacts) -> str:
    model, record = facts.model, facts.model.record
    rows = [[translate("Model created"), html_text(model.created)]]
    if record:
        fingerprint = html_text(record.get("dataset_fingerprint", ""))
        rows += [[translate("Dataset fingerprint (SHA-256)"), f'<code id="fingerprint">{fingerprint}</code>'],
                 [translate("Pictures"), f"{record.get('pictures', 0):,}"],
                 [translate("Seed"), html_text(record.get("seed"))],
                 [translate("Device"), html_text(record.get("device", ""))]]
        rows += [[translate("Setting: {key}").format(key=html_text(key)), html_text(value)]
                 for key, value in (record.get("settings") or {}).items()]
    seconds = model.training_info.get("seconds")
    if isinstance(seconds, (int, float)):
        rows.append([translate("Training time"), duration_text(seconds)])
    versions = record.get("versions") or model.versions or {}
    rows += [[translate("Version: {name}").format(name=html_text(name)), html_text(version)]
             for name, version in versions.items()]
    note = ("" if record else translate("<p class=\"note\">This model was saved before models kept a record: the "
                                        "dataset fingerprint and the settings as given are not known.</p>"))
    return (translate("<h2>Record</h2><p class=\"note\">Training again with the same seed and settings on pictures "
                      "with the same fingerprint gives the same model.</p>") + note + _table(["", ""], rows, "record"))
