"""Train tab: the device, Start / Cancel, progress with time left, live plots, and the result with "Save model..."."""
from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel,
                               QListWidget, QProgressBar, QPushButton, QSplitter, QStackedWidget, QStyle,
                               QVBoxLayout, QWidget)

from desktop_app.core.classifiers import registry
from desktop_app.gui import settings
from desktop_app.gui.device_box import DeviceBox
from desktop_app.gui.train_events import TrainRunEvents
from desktop_app.gui.train_estimate import TrainEstimate
from desktop_app.gui.train_result import ResultPanel
from desktop_app.gui.model_files import ModelFiles
from desktop_app.gui.model_tab import describe_choice
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.widgets import (HintLabel, PrerequisiteGate, show_error,
                                     write_png_atomically)
from desktop_app.gui.worker import TaskRunner

# the page of plot_stack for each registry.TRAINING_PLOTS
TRAINING_PLOT_PAGES = {"loss_curves": 0, "accuracy_by_k": 1}


class TrainTab(TrainRunEvents, QWidget):
    """Trains on the session's dataset with its settings; a finished run's model becomes the session's."""

    model_saved = Signal(str)
    go_to_dataset = Signal()
    start_requested = Signal()  # the Start button: the window asks about an unsaved model first

    def __init__(self, signals: SessionSignals | None = None, model_files: ModelFiles | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signals = signals if signals is not None else SessionSignals(parent=self)
        self.session = self.signals.session
        self.model_files = model_files if model_files is not None else ModelFiles(self.signals, self)
        self.model_files.saving.connect(self._on_saving)
        self.model_files.saved.connect(self._on_model_written)
        self.model_files.save_failed.connect(self._on_model_write_failed)
        self._run_result = None  # (model, evaluation) of the run's Finished event
        self._run_values: dict = {}  # the settings the running (or last) run was started with
        self._chosen_reason = ""  # why the run's settings were chosen (its HyperparametersChosen), for Details
        self._run_estimate = None  # core estimates.Estimate the run started with
        self._run_dataset_version: int | None = None
        self.started_at = 0.0
        self.events_seen: dict[str, int] = {}
        self.runner = TaskRunner(self)
        self.runner.event.connect(self._on_event)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.done.connect(self._on_done)
        self.estimate = TrainEstimate(self.session, self)  # how long a run will take (core/estimates.py)
        self.estimate.changed.connect(self._update_hint)
        self._plots = None  # built on first use (pyqtgraph is imported after the window shows)
        content = QWidget()
        self._build(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.gate = PrerequisiteGate(content)
        self.gate.go_requested.connect(self.go_to_dataset)
        outer.addWidget(self.gate)
        for signal in (self.signals.split_changed, self.signals.choice_changed):
            signal.connect(self.update_readiness)
        self.signals.dataset_changed.connect(self._on_dataset_changed)
        self.signals.model_changed.connect(self._on_model_changed)
        self.update_readiness()

    @property
    def model(self):
        """The model in use (the session's): a stopped run leaves the one trained before."""
        return self.session.model

    @property
    def evaluation(self):
        return self.session.evaluation

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
            self._show_training_plot(self.session.choice.classifier)
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

        self.device_box = DeviceBox(self.signals)
        self.device_label, self.cpu_check = self.device_box.device_label, self.device_box.cpu_check
        layout.addWidget(self.device_box)

        controls = QHBoxLayout()
        self.start_button = QPushButton(self.tr("&Start training"))
        self.start_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.start_button.clicked.connect(self.start_requested)
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

        self.result_box = ResultPanel()
        self.result_label, self.details_label, self.details = (self.result_box.result_label,
                                                               self.result_box.details_label, self.result_box.details)
        self.save_button, self.save_plots_button = self.result_box.save_button, self.result_box.save_plots_button
        self.save_button.clicked.connect(self.choose_save_path)
        self.save_plots_button.clicked.connect(self.choose_plot_path)
        bottom_layout.addWidget(self.result_box, 2)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

    # -- public ------------------------------------------------------------------------------------------------
    @property
    def device_status(self) -> str:
        return self.device_box.device_status

    @property
    def running(self) -> bool:
        return self.runner.running

    def update_readiness(self) -> None:
        dataset = self.session.dataset
        if dataset is None:
            self.gate.set_missing(self.tr("First choose the pictures to learn from on the Dataset tab."),
                                  self.tr("Go to the Dataset tab"))
            return
        self.gate.set_ready()
        self._show_training_plot(self.session.choice.classifier)
        if not self.running:
            self.summary_label.setText(self.tr("Will train: {model}, on {n} pictures in {c} classes.").format(
                model=describe_choice(self.session.choice), n=f"{len(dataset):,}", c=len(dataset.class_names)))
            self.estimate.request()
        self._update_hint()

    def build_config(self):
        from desktop_app.core.training import TrainingConfig

        return TrainingConfig(**self.session.training_values())

    @Slot()
    def start_training(self) -> bool:
        """Start a run now (the window has asked about an unsaved model before, see ``start_requested``)."""
        if self.running or self.session.training or self.session.dataset is None:  # (or retraining on Predict)
            return False
        values = self.session.training_values()
        self._run_values = values
        self._run_dataset_version = self.session.dataset_version
        self._run_result = None

        def training(cancel):
            # Imported here, on the worker thread: the first import of the engine takes a while.
            from desktop_app.core.training import TrainingConfig, run_training

            return run_training(TrainingConfig(**values), cancel=cancel)

        self.plots.reset()
        self._show_training_plot(values["classifier"])
        self.log_list.clear()
        self.events_seen = {}
        self._chosen_reason = ""
        self._run_estimate = self.estimate.estimate
        self.save_button.setEnabled(False)
        self.result_box.set_text(self.tr("Training..."))
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText(self.tr("Starting..."))
        self.started_at = time.perf_counter()
        self.runner.start(training)
        self.plots.timer.start()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()
        self.session.set_training(True)
        self._update_hint()
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
        estimate_stopped = self.estimate.runner.stop(timeout_ms)
        return self.runner.stop(timeout_ms) and estimate_stopped

    @Slot()
    def choose_save_path(self) -> bool:
        return self.model_files.choose_save_path(self)

    def save_model(self, path: str | Path) -> bool:
        """Write the model in use in the background; ``model_saved`` follows. False when there is no model or a
        save is still running."""
        return self.model_files.save(path)

    @Slot(str)
    def _on_saving(self, path: str) -> None:
        self.save_button.setEnabled(False)
        self.log_list.addItem(self.tr("Saving the model to {path}...").format(path=path))

    @Slot(str)
    def _on_model_written(self, saved: str) -> None:
        self.save_button.setEnabled(self.model is not None)
        self.log_list.addItem(self.tr("Model saved to {path}").format(path=saved))
        self.model_saved.emit(saved)

    @Slot(str, str)
    def _on_model_write_failed(self, message: str, details: str) -> None:
        self.save_button.setEnabled(self.model is not None)
        self.log_list.addItem("! " + message)
        show_error(self, self.tr("Save model"), message, details)

    @Slot()
    def choose_plot_path(self) -> None:
        start = Path(settings.last_folder("plots", self.session.output_folder)) / "training-plots.png"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the plots"), str(start),
                                              self.tr("PNG pictures (*.png)"))
        if path:
            self.save_plots(path)

    def save_plots(self, path: str | Path) -> bool:
        self.plots.redraw()
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        ok = write_png_atomically(self.plot_stack.currentWidget().grab(), path)
        if ok:
            settings.remember_folder("plots", path)
        else:
            show_error(self, self.tr("Save plots"), self.tr("Cannot write {path}. Choose another folder.").format(
                path=path))
        return ok

    # -- following the session ---------------------------------------------------------------------------------
    @Slot(object)
    def _on_dataset_changed(self, _dataset) -> None:
        self.update_readiness()
        self._show_result()

    @Slot(object, object)
    def _on_model_changed(self, model, _evaluation) -> None:
        self.save_button.setEnabled(model is not None and not self.model_files.save_runner.running)
        if not self.running:
            self._show_result()
            self._update_hint()

    def _show_result(self) -> None:
        """The result of the model in use, only beside the pictures it was trained on."""
        model = self.model
        if self.running:
            return
        if model is None:
            self.result_box.set_text(self.tr("Not trained yet."))
            return
        if not self.session.model_fits_dataset:
            source = Path(self.session.model_source).name if self.session.model_source else self.tr("trained earlier")
            self.result_box.set_text(self.tr(
                "Not trained on these pictures yet. The model in use ({source}) was not trained on them here: "
                "Evaluate and Predict show it, and Save model saves it.").format(source=source))
            return
        self.result_box.show_model(model, self._chosen_reason)

    def _update_hint(self) -> None:
        if self.running:
            self.hint.setText(self.tr("Training... Watch the curves; you can Cancel at any time."))
        elif self.model is not None and self.session.model_fits_dataset:
            self.hint.setText(self.tr("Done. Save the model, or see how good it is on the Evaluate tab."))
        else:
            expect = self.estimate.text() or self.tr("Working out how long it will take...")
            self.hint.setText(self.tr("Press Start training. {expect}").format(expect=expect))
