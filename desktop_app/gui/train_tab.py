"""Train tab: the device, Start / Cancel, progress with time left, live plots, and the result with "Save model..."."""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QListWidget, QProgressBar, QPushButton, QScrollArea, QSplitter, QStackedWidget, QStyle,
                               QVBoxLayout, QWidget)

from desktop_app.core import registry
from desktop_app.core.events import Finished, HyperparametersChosen, Message, Phase, Progress, SearchPoint
from desktop_app.gui import settings
from desktop_app.gui.widgets import HintLabel, PrerequisiteGate, format_seconds, pictures_text, show_error
from desktop_app.gui.worker import TaskRunner

MODEL_FILE_FILTER = "Picture Sorter models (*.psmodel);;All files (*)"
# A time left is shown once this share of a phase is done (and at least ETA_MIN_UNITS units): the first pictures
# include loading the network and warming caches, and an estimate from them alone was twice too long.
ETA_MIN_SHARE = 0.05
ETA_MIN_UNITS = 10
# the page of plot_stack for each registry.TRAINING_PLOTS
TRAINING_PLOT_PAGES = {"loss_curves": 0, "accuracy_by_k": 1}


class TrainTab(QWidget):
    model_trained = Signal(object, object, object)  # TrainedModel, Evaluation | None, TestPictures | None
    model_saved = Signal(str)
    go_to_dataset = Signal()
    training_state_changed = Signal(bool)  # running

    def __init__(self, dataset_tab, model_tab, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dataset_tab = dataset_tab
        self._model_tab = model_tab
        self.model = None
        self.evaluation = None
        self.kept_model = None  # the model in use before this run: still in use when the run is stopped
        self.started_at = 0.0
        self.events_seen: dict[str, int] = {}
        self.runner = TaskRunner(self)
        self.runner.event.connect(self._on_event)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.done.connect(self._on_done)
        self.save_runner = TaskRunner(self)
        self.save_runner.finished.connect(self._on_model_written)
        self.save_runner.failed.connect(self._on_model_write_failed)
        self._plots = None  # built on first use (pyqtgraph is imported after the window shows)
        content = QWidget()
        self._build(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.gate = PrerequisiteGate(content)
        self.gate.go_requested.connect(self.go_to_dataset)
        outer.addWidget(self.gate)
        self.update_readiness()

    @property
    def plots(self):
        """The live plots, built on first use: pyqtgraph takes a second to import, so the window shows first and
        ``startup.import_plot_modules`` imports it on the GUI thread just before the engine thread starts."""
        if self._plots is None:
            from desktop_app.gui.plots import LivePlots  # GUI thread; imported already by then (startup.py)

            self._plots = LivePlots()
            self._linear_layout.addWidget(self._plots.loss_plot)
            self._linear_layout.addWidget(self._plots.accuracy_plot)
            self.plot_stack.addWidget(self._plots.cv_plot)
            self._show_training_plot(self._model_tab.classifier)
        return self._plots

    def _show_training_plot(self, classifier: str) -> None:
        """The plot this classifier shows while it trains, as its spec says (none before the engine has loaded
        the classifiers: the tab is hidden until then)."""
        spec = registry.registered(classifier)
        if spec is not None:
            self.plot_stack.setCurrentIndex(TRAINING_PLOT_PAGES[spec.training_plot])

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self, content: QWidget) -> None:
        layout = QVBoxLayout(content)
        self.hint = HintLabel()
        layout.addWidget(self.hint)

        device_box = QGroupBox(self.tr("Where the computing happens"))
        device_layout = QVBoxLayout(device_box)
        self.device_status = self.tr("Looking for a GPU...")
        self.device_label = QLabel(self.tr("Looking for a GPU that can speed up training..."))
        self.device_label.setWordWrap(True)
        self.cpu_check = QCheckBox(self.tr("Use the &CPU only (slower, but always works)"))
        self.cpu_check.setChecked(bool(settings.value("train/force_cpu", False, bool)))
        self.cpu_check.toggled.connect(lambda on: settings.set_value("train/force_cpu", on))
        device_layout.addWidget(self.device_label)
        device_layout.addWidget(self.cpu_check)
        layout.addWidget(device_box)

        controls = QHBoxLayout()
        self.start_button = QPushButton(self.tr("&Start training"))
        self.start_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.start_button.clicked.connect(self.start_training)
        self.cancel_button = QPushButton(self.tr("Ca&ncel"))
        self.cancel_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaStop))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_training)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        controls.addWidget(self.start_button)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.summary_label, 1)
        layout.addLayout(controls)

        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_label = QLabel(" ")
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.progress_label)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.plot_stack = QStackedWidget()
        self._linear_page = QWidget()
        self._linear_layout = QHBoxLayout(self._linear_page)
        self._linear_layout.setContentsMargins(0, 0, 0, 0)
        self.plot_stack.addWidget(self._linear_page)
        splitter.addWidget(self.plot_stack)

        bottom = QWidget()
        bottom_layout = QHBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        self.log_list = QListWidget()
        self.log_list.setWordWrap(True)
        self.log_list.setToolTip(self.tr("What happened during training, and any warnings."))
        bottom_layout.addWidget(self.log_list, 3)

        self.result_box = QGroupBox(self.tr("Result"))
        result_layout = QGridLayout(self.result_box)
        self.result_label = QLabel(self.tr("Not trained yet."))
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("Sa&ve model..."))
        self.save_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.choose_save_path)
        self.save_plots_button = QPushButton(self.tr("Save &plots as PNG..."))
        self.save_plots_button.clicked.connect(self.choose_plot_path)
        # scrolls rather than making the tab taller than a small screen when the settings list is long
        result_scroll = QScrollArea()
        result_scroll.setFrameShape(QFrame.Shape.NoFrame)
        result_scroll.setWidgetResizable(True)
        result_scroll.setWidget(self.result_label)
        result_layout.addWidget(result_scroll, 0, 0, 1, 2)
        result_layout.addWidget(self.save_button, 1, 0)
        result_layout.addWidget(self.save_plots_button, 1, 1)
        bottom_layout.addWidget(self.result_box, 2)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

    # -- public ------------------------------------------------------------------------------------------------
    def set_device_report(self, report) -> None:
        """The devices found in the background (core.devices.DeviceReport)."""
        self.device_status = report.status
        self.device_label.setText(report.explanation)

    @property
    def running(self) -> bool:
        return self.runner.running

    def update_readiness(self) -> None:
        dataset = self._dataset_tab.dataset
        if dataset is None:
            self.gate.set_missing(self.tr("First choose the pictures to learn from on the Dataset tab."),
                                  self.tr("Go to the Dataset tab"))
            return
        self.gate.set_ready()
        self._show_training_plot(self._model_tab.classifier)
        if not self.running:
            self.summary_label.setText(self.tr("Will train: {model}, on {n} pictures in {c} classes.").format(
                model=self._model_tab.summary(), n=f"{len(dataset):,}", c=len(dataset.class_names)))
        self._update_hint()

    def config_values(self) -> dict:
        """The TrainingConfig fields as the user set them on the Dataset, Model and Train tabs."""
        from desktop_app.core.dataset import Dataset

        val, test, seed = self._dataset_tab.split_settings()
        dataset = self._dataset_tab.dataset
        if dataset is not None:  # a snapshot: class edits during training must not reach the worker thread
            dataset = Dataset(list(dataset.class_names), list(dataset.samples), dataset.root,
                              dataset.has_predefined_splits)
        return dict(
            data_dir=dataset.root if dataset is not None else None,
            dataset=dataset,
            classifier=self._model_tab.classifier,
            features=self._model_tab.features,
            device="cpu" if self.cpu_check.isChecked() else "auto",
            seed=seed,
            val_fraction=val,
            test_fraction=test,
            auto_tune=self._model_tab.auto_tune,
            hyperparameters=self._model_tab.hyperparameters(),
        )

    def build_config(self):
        from desktop_app.core.training import TrainingConfig

        return TrainingConfig(**self.config_values())

    @Slot()
    def start_training(self) -> bool:
        if self.running or self._dataset_tab.dataset is None:
            return False
        values = self.config_values()

        def training(cancel):
            # Imported here, on the worker thread: the first import of the engine takes a while.
            from desktop_app.core.training import TrainingConfig, run_training

            return run_training(TrainingConfig(**values), cancel=cancel)

        self.plots.reset()
        self._show_training_plot(values["classifier"])
        self.log_list.clear()
        self.events_seen = {}
        if self.model is not None:
            self.kept_model = self.model
        self.model = self.evaluation = None
        self._pictures_in_run = len(values["dataset"]) if values["dataset"] is not None else 0
        self.save_button.setEnabled(False)
        self.result_label.setText(self.tr("Training..."))
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText(self.tr("Starting..."))
        self.started_at = time.perf_counter()
        self.runner.start(training)
        self.plots.timer.start()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()
        self._update_hint()
        self.training_state_changed.emit(True)
        return True

    @Slot()
    def cancel_training(self) -> None:
        if self.running:
            self.runner.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Stopping..."))

    def stop(self, timeout_ms: int = 5000) -> bool:
        """Closing the window: cancel and wait for the worker thread to end."""
        self.plots.timer.stop()
        started = time.monotonic()
        stopped = self.runner.stop(timeout_ms)
        # a save in progress is let finish (within the limit): cancelling it could only lose the new file
        left_ms = max(1, timeout_ms - int((time.monotonic() - started) * 1000))
        return self.save_runner.stop(left_ms) and stopped

    @Slot()
    def choose_save_path(self) -> None:
        if self.model is None:
            return
        start = Path(settings.last_folder("model")) / "model.psmodel"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the model"), str(start),
                                              self.tr(MODEL_FILE_FILTER))
        if path:
            self.save_model(path)

    def save_model(self, path: str | Path) -> bool:
        """Write the model in the background (hundreds of MB for a big kNN model, maybe on a network share);
        ``model_saved`` follows. False when there is no model or a save is still running."""
        from desktop_app.core.model_file import save_model

        model = self.model
        if model is None:
            return False

        def write(cancel):
            saved = save_model(model, path)
            yield from ()
            return saved

        if not self.save_runner.start(write):
            return False
        self.save_button.setEnabled(False)
        self.log_list.addItem(self.tr("Saving the model to {path}...").format(path=path))
        return True

    @Slot(object)
    def _on_model_written(self, saved) -> None:
        self.save_button.setEnabled(self.model is not None)
        settings.remember_folder("model", saved)
        settings.remember_recent("models", saved)
        self.log_list.addItem(self.tr("Model saved to {path}").format(path=saved))
        self.model_saved.emit(str(saved))

    @Slot(str, str)
    def _on_model_write_failed(self, message: str, details: str) -> None:
        self.save_button.setEnabled(self.model is not None)
        self.log_list.addItem("! " + message)
        show_error(self, self.tr("Save model"), message, details)

    @Slot()
    def choose_plot_path(self) -> None:
        start = Path(settings.last_folder("plots")) / "training-plots.png"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the plots"), str(start),
                                              self.tr("PNG pictures (*.png)"))
        if path:
            self.save_plots(path)

    def save_plots(self, path: str | Path) -> bool:
        self.plots.redraw()
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        ok = _write_png_atomically(self.plot_stack.currentWidget().grab(), path)
        if ok:
            settings.remember_folder("plots", path)
        else:
            show_error(self, self.tr("Save plots"), self.tr("Cannot write {path}. Choose another folder.").format(
                path=path))
        return ok

    # -- events ------------------------------------------------------------------------------------------------
    @Slot(object)
    def _on_event(self, event) -> None:
        kind = type(event).__name__
        self.events_seen[kind] = self.events_seen.get(kind, 0) + 1
        if self.plots.add(event):
            if isinstance(event, HyperparametersChosen):
                self.log_list.addItem(self.tr("Chosen: {reason}").format(reason=event.reason))
            return
        if isinstance(event, Phase):
            self.progress_label.setText(event.message)
            self.progress_bar.setRange(0, 0)
            self.log_list.addItem(event.message)
        elif isinstance(event, Progress):
            self._show_progress(event)
        elif isinstance(event, HyperparametersChosen):
            self.log_list.addItem(self.tr("Chosen: {reason}").format(reason=event.reason))
        elif isinstance(event, SearchPoint):
            params = ", ".join(f"{key.replace('_', ' ')} {value:g}" if isinstance(value, float)
                               else f"{key.replace('_', ' ')} {value}" for key, value in event.params.items())
            self.log_list.addItem(self.tr("Tried {params}: {accuracy:.1%} on the validation pictures").format(
                params=params, accuracy=event.val_accuracy))
        elif isinstance(event, Message):
            self.log_list.addItem(("! " if event.level == "warning" else "") + event.text)
        elif isinstance(event, Finished):
            self.model, self.evaluation = event.model, event.evaluation
        if self.log_list.count():
            self.log_list.scrollToBottom()

    def _show_progress(self, event: Progress) -> None:
        if event.total > 0:
            self.progress_bar.setRange(0, event.total)
            self.progress_bar.setValue(min(event.done, event.total))
        titles = {"features": self.tr("Computing features"), "scan": self.tr("Checking pictures"),
                  "search": self.tr("Trying settings"), "fit": self.tr("Training"),
                  "evaluate": self.tr("Testing"), "predict": self.tr("Predicting")}
        if event.phase == "fit" and not event.message:
            text = self.tr("Training: epoch {done} / {total}").format(done=event.done, total=event.total)
        else:
            title = event.message or titles.get(event.phase, event.phase)
            count = f"{event.done:,} / {event.total:,}"
            text = title if count in title else f"{title} {count}"
        left = format_seconds(event.eta_seconds) if event.done >= max(ETA_MIN_UNITS,
                                                                      ETA_MIN_SHARE * event.total) else ""
        if left:
            text += " - " + self.tr("about {time} left").format(time=left)
        self.progress_label.setText(text)

    @Slot(object)
    def _on_finished(self, result) -> None:
        if self.model is None:  # the Finished event always comes first; the result is a fallback
            self.model, self.evaluation = getattr(result, "model", None), getattr(result, "evaluation", None)
        self.plots.redraw()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        self.progress_label.setText(self.tr("Done."))
        if self.model is not None:
            self.kept_model = self.model
            self._remember_rate(time.perf_counter() - self.started_at)
        self._show_result()
        self.save_button.setEnabled(self.model is not None)
        if self.model is not None:
            self.model_trained.emit(self.model, self.evaluation, self.test_pictures())

    def test_pictures(self) -> tuple[list[str], list[int]] | None:
        """(paths, labels) of the test pictures in the order the evaluation lists them, as the core's
        Evaluation keeps them (never rebuilt here)."""
        evaluation = self.evaluation
        if evaluation is None or getattr(evaluation, "paths", None) is None or evaluation.y_true is None:
            return None
        return list(evaluation.paths), [int(v) for v in evaluation.y_true]

    def _show_result(self) -> None:
        model = self.model
        info = getattr(model, "training_info", {}) or {}
        metrics = getattr(model, "metrics", {}) or {}
        lines = []
        val = metrics.get("val_accuracy")
        test = metrics.get("test_accuracy")
        lines.append(self.tr("{title}: {value}").format(
            title=registry.held_out_title(metrics),
            value=f"{val:.1%}" if isinstance(val, (int, float)) else self.tr("not measured")))
        lines.append(self.tr("Test accuracy: {value}").format(
            value=f"{test:.1%}" if isinstance(test, (int, float)) else self.tr("no test pictures")))
        seconds = info.get("seconds", time.perf_counter() - self.started_at)
        lines.append(self.tr("Time taken: {time}").format(time=format_seconds(seconds) or "0 s"))
        lines.append(self.tr("Device: {device}").format(device=info.get("device", "?")))
        if getattr(model, "hyperparameters", None):
            # one setting a line: a long list in one line was cut off in a narrow window
            lines.append(self.tr("Settings:"))
            lines += [f"  {k.replace('_', ' ')} = {v:g}" if isinstance(v, float) else f"  {k.replace('_', ' ')} = {v}"
                      for k, v in model.hyperparameters.items()]
        self.result_label.setText("\n".join(lines))

    def _keep_earlier_model(self, what_happened: str) -> None:
        """A stopped or failed run changes nothing: the model trained before (if any) stays in use and savable."""
        self.model = self.kept_model
        if self.model is None:
            self.result_label.setText(what_happened + " " + self.tr("There is no model yet."))
            return
        self.save_button.setEnabled(True)
        self.result_label.setText(what_happened + " " + self.tr(
            "The model trained before is still in use (Evaluate and Predict show it); Save model saves it."))

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        self.progress_label.setText(self.tr("Training did not finish: {message}").format(message=message))
        self._keep_earlier_model(self.tr("Training did not finish."))
        self.log_list.addItem("! " + message)
        show_error(self, self.tr("Training did not finish"), message, details)

    @Slot()
    def _on_cancelled(self) -> None:
        self.progress_label.setText(self.tr("Training stopped. Nothing was changed; you can start again."))
        self._keep_earlier_model(self.tr("Stopped before the end."))
        self.log_list.addItem(self.tr("Stopped by you."))

    @Slot()
    def _on_done(self) -> None:
        self.plots.timer.stop()
        self.plots.redraw()
        if self.progress_bar.maximum() == 0:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.training_state_changed.emit(False)
        self.update_readiness()

    def _update_hint(self) -> None:
        if self.running:
            self.hint.setText(self.tr("Training... Watch the curves; you can Cancel at any time."))
        elif self.model is not None:
            self.hint.setText(self.tr("Done. Save the model, or see how good it is on the Evaluate tab."))
        else:
            self.hint.setText(self.tr("Press Start training. {expect}").format(expect=self._expected_time()))

    def _rate_key(self) -> str:
        return f"train/seconds_per_picture/{self._model_tab.classifier}/{self._model_tab.features}"

    def _remember_rate(self, seconds: float) -> None:
        if self._pictures_in_run:
            settings.set_value(self._rate_key(), seconds / self._pictures_in_run)

    def _expected_time(self) -> str:
        """From the rate this computer measured last time, never a fixed guess."""
        dataset = self._dataset_tab.dataset
        rate = settings.value(self._rate_key(), 0.0, float)
        if dataset is None or not isinstance(rate, float) or rate <= 0:
            return self.tr("The time left shows once it can be measured. On photos the first run works out "
                           "features for every picture (minutes for thousands on a CPU); later runs reuse them.")
        return self.tr("The last run of this kind took {rate} per 100 pictures: about {time} for these {n} (less "
                       "when their features are already worked out).").format(
            rate=format_seconds(rate * 100) or "0 s", time=format_seconds(rate * len(dataset)) or "0 s",
            n=pictures_text(len(dataset)))


def _write_png_atomically(pixmap, path: Path) -> bool:
    """PNG through core.safe_write: an old file is replaced whole or not at all (full disk, crash)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from desktop_app.core.errors import UserError
    from desktop_app.core.safe_write import atomic_write

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        return False
    try:
        atomic_write(path, lambda handle: handle.write(bytes(data)))
    except UserError:
        return False
    return True
