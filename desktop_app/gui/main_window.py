"""The main window: the five workflow tabs, menus (gui/menus.py), status bar with the compute device, remembered
geometry."""
from __future__ import annotations

import sys
import time
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QTabWidget, QWidget

from desktop_app import APP_NAME, __version__
from desktop_app.core import preload
from desktop_app.gui import geometry, settings
from desktop_app.gui.dataset_tab import DatasetTab
from desktop_app.gui.evaluate_tab import EvaluateTab
from desktop_app.gui.menus import build_menus, fill_recent_menu, show_about, show_quick_guide
from desktop_app.gui.model_export import ModelExport
from desktop_app.gui.model_files import MODEL_FILE_FILTER, ModelFiles
from desktop_app.gui.model_tab import ModelTab
from desktop_app.gui.predict_tab import PredictTab
from desktop_app.gui.scrolled_page import scrolling
from desktop_app.gui.session_guard import SessionGuard
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.startup import Engine, collect_garbage_on_gui_thread
from desktop_app.gui.train_tab import TrainTab
from desktop_app.gui.widgets import show_error

DATASET, MODEL, TRAIN, EVALUATE, PREDICT = range(5)
CLOSE_WAIT_SECONDS = 3.0
class MainWindow(QMainWindow):
    model_opened = Signal(str)  # path of a model file that has been read and is now in use

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        preload.load_window_modules()  # before any thread of the window starts (instant when app.run did it)
        collect_garbage_on_gui_thread()
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.setAcceptDrops(True)
        self.signals = SessionSignals(parent=self)
        self.session = self.signals.session  # the state the tabs read and write (desktop_app/session.py)
        self.model_files = ModelFiles(self.signals, self)
        self.model_file_runner = self.model_files.open_runner
        self.model_files.opened.connect(self._on_model_opened)
        self.model_files.open_failed.connect(self._on_model_open_failed)
        self.model_export = ModelExport(self.signals, self)
        self.model_export.progress.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self._may_close = False  # the user answered "Save the model?" (or nothing was unsaved)

        self.dataset_tab = DatasetTab(self.signals)
        self.model_tab = ModelTab(self.signals)
        self.train_tab = TrainTab(self.signals, self.model_files)
        self.evaluate_tab = EvaluateTab(self.signals)
        self.predict_tab = PredictTab(self.signals)
        self.guard = SessionGuard(self.signals, self, self.train_tab.choose_save_path, self.train_tab.cancel_training,
                                  self)
        self.model_files.save_failed.connect(self.guard.save_failed)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # No Alt letters on the tabs: they took the letters the tabs' own buttons need. Ctrl+1..5 and
        # Ctrl+PageUp/PageDown switch tabs instead.
        for number, (widget, title, tip) in enumerate((
            (self.dataset_tab, self.tr("Dataset"), self.tr("Choose the pictures to learn from")),
            (self.model_tab, self.tr("Model"), self.tr("Choose the classifier and features")),
            (self.train_tab, self.tr("Train"), self.tr("Train and watch it learn")),
            (self.evaluate_tab, self.tr("Evaluate"), self.tr("See how good the model is")),
            (self.predict_tab, self.tr("Predict"), self.tr("Ask the model about new pictures")),
        ), start=1):
            index = self.tabs.addTab(scrolling(widget), f"{number} {title}")
            self.tabs.setTabToolTip(index, f"{tip} (Ctrl+{number})")
        self.setCentralWidget(self.tabs)

        self.device_label = QLabel(self.train_tab.device_status)
        self.statusBar().addPermanentWidget(self.device_label)

        self.model_tab.go_to_dataset.connect(self._go_to_dataset)
        self.train_tab.go_to_dataset.connect(self._go_to_dataset)
        self.train_tab.start_requested.connect(self.request_training)
        self.evaluate_tab.go_to_train.connect(self._go_to_train)
        self.predict_tab.open_model_requested.connect(self.choose_model_file)
        self.model_files.saved.connect(self._on_model_saved)
        self.signals.model_changed.connect(self._on_model_changed)
        self.signals.training_changed.connect(self._on_training_state)
        self.signals.device_changed.connect(self._update_device_label)

        build_menus(self)  # gui/menus.py
        self._add_tab_shortcuts()
        self._restore_geometry()
        self._follow_engine()

    def _follow_engine(self) -> None:
        """The engine is imported on its own thread once the window shows; the status bar says what happens."""
        engine = Engine.shared()
        engine.progress.connect(self._on_engine_progress)
        engine.ready.connect(self._on_engine_ready)
        engine.failed.connect(self._on_engine_failed)
        engine.devices_found.connect(self._on_devices_found)
        engine.loaded.connect(self._build_plots)
        if engine.device_report is not None:
            self._on_devices_found(engine.device_report)
        elif engine.error is not None:
            self._on_engine_failed(engine.error)
        self._engine_asked = False  # _start_engine is scheduled by the first paint (see event())

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.UpdateRequest and not getattr(self, "_engine_asked", True):
            # Only once the window has been painted: the plot modules then take the GUI thread for a second,
            # and a window that is shown but not yet drawn would sit there blank (or not appear at all).
            self._engine_asked = True
            QTimer.singleShot(0, self._start_engine)
        return handled

    @Slot()
    def _start_engine(self) -> None:
        """Right after the window shows: the plot modules on this thread (Engine.start), then the engine on its
        own thread. Until then a plot is only a blank area."""
        engine = Engine.shared()
        if engine.device_report is None and engine.error is None:
            engine.start()  # once per process; imports the plot modules first
        if preload.engine_loaded():  # else once it is (Engine.loaded)
            self._build_plots()

    @Slot(str)
    def _on_engine_progress(self, text: str) -> None:
        self.statusBar().showMessage(text)

    @Slot()
    def _on_engine_ready(self) -> None:
        if self.statusBar().currentMessage().startswith(self.tr("Getting ready")):
            self.statusBar().showMessage(self.tr("Ready."), 3000)

    @Slot()
    def _build_plots(self) -> None:
        """The tabs' plots (else built on first use), once the engine thread is done: built while it imported,
        they slowed "ready" by about as long as building them took (both need the GIL)."""
        self.train_tab.plots  # noqa: B018
        self.evaluate_tab.calibration_panel  # noqa: B018

    @Slot(str)
    def _on_engine_failed(self, message: str) -> None:
        self.statusBar().showMessage(message)
        show_error(self, APP_NAME, message)

    @Slot(object)
    def _on_devices_found(self, report) -> None:
        self.session.set_device_report(report)

    # -- tabs --------------------------------------------------------------------------------------------------
    def _add_tab_shortcuts(self) -> None:
        """Window-wide, so they work whichever widget has the focus (a table or a spin box would keep a plain
        key press to itself)."""
        # Slots, not lambdas: a lambda holding the window makes a reference cycle, and collecting one on a worker
        # thread deletes Qt objects there.
        for number in range(1, self.tabs.count() + 1):
            self._add_tab_action(f"Ctrl+{number}", self._show_tab_of_action, number - 1)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            self._add_tab_action(keys, self._step_tab_of_action, step)

    def _add_tab_action(self, keys: str, slot, data: int) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setData(data)
        action.triggered.connect(slot)
        self.addAction(action)

    @Slot()
    def _show_tab_of_action(self) -> None:
        self.tabs.setCurrentIndex(self.sender().data())

    @Slot()
    def _step_tab_of_action(self) -> None:
        self.step_tab(self.sender().data())

    @Slot()
    def _go_to_dataset(self) -> None:
        self.tabs.setCurrentIndex(DATASET)

    @Slot()
    def _go_to_train(self) -> None:
        self.tabs.setCurrentIndex(TRAIN)

    def step_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _fill_recent_menu(self) -> None:
        fill_recent_menu(self.recent_menu, self._open_recent)

    @Slot()
    def _open_recent(self) -> None:
        action = self.sender()
        kind, path = action.data()
        if kind == "dataset":
            self.open_dataset(path)
        else:
            self.open_model(path)

    # -- actions: each asks first when it would stop a training run or lose an unsaved model ------------------
    @property
    def model(self):
        return self.session.model

    def compute_device(self) -> str:
        return self.session.compute_device()

    def open_dataset(self, folder: str | Path) -> bool:
        """Scan a folder as the new dataset (after stopping a training run, if the user agrees)."""
        return self.guard.stop_training_then(partial(self._open_dataset_now, str(folder)))

    def _open_dataset_now(self, folder: str) -> bool:
        self.tabs.setCurrentIndex(DATASET)
        return self.dataset_tab.open_folder(folder)

    @Slot()
    def _open_dataset_from_menu(self) -> None:
        self.guard.stop_training_then(self._choose_dataset_now)

    def _choose_dataset_now(self) -> None:
        self.tabs.setCurrentIndex(DATASET)
        self.dataset_tab.choose_folder()

    @Slot()
    def _load_sample_from_menu(self) -> None:
        self.guard.stop_training_then(self._load_sample_now)

    def _load_sample_now(self) -> None:
        self.tabs.setCurrentIndex(DATASET)
        self.dataset_tab.load_sample()

    @Slot()
    def choose_model_file(self) -> None:
        self.guard.stop_training_then(partial(self.guard.save_then, self._choose_model_file_now))

    def _choose_model_file_now(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a model file"), settings.last_folder("model"),
                                              QCoreApplication.translate("FileFilters", MODEL_FILE_FILTER))
        if path:
            self._open_model_now(path)

    def open_model(self, path: str | Path) -> bool:
        """Read a model file in the background; Evaluate and Predict get it when it has been read. False when
        another file is still opening, or while the user is asked about a training run or an unsaved model."""
        return self.guard.stop_training_then(partial(self.guard.save_then, partial(self._open_model_now, str(path))))

    def _open_model_now(self, path: str) -> bool:
        if not self.model_files.open(path):
            return False
        self.statusBar().showMessage(self.tr("Opening the model {name}...").format(name=Path(path).name))
        return True

    @Slot(str)
    def _on_model_opened(self, path: str) -> None:
        self.statusBar().showMessage(self.tr("Opened the model {name}").format(name=Path(path).name), 5000)
        self.tabs.setCurrentIndex(PREDICT)
        self.model_opened.emit(path)

    @Slot(str, str)
    def _on_model_open_failed(self, message: str, details: str) -> None:
        self.statusBar().clearMessage()
        show_error(self, self.tr("Open model"), message, details)

    @Slot()
    def request_training(self) -> bool:
        """The Start button: a new run replaces the model in use, so an unsaved one is asked about first."""
        return self.guard.save_then(self.train_tab.start_training)

    @Slot()
    def choose_save_model_path(self) -> None:
        self.train_tab.choose_save_path()

    def save_model(self, path: str | Path) -> bool:
        """Write the model in use in the background; ``train_tab.model_saved`` follows."""
        return self.model_files.save(path)

    def show_quick_guide(self) -> None:
        show_quick_guide(self)

    def show_about(self) -> None:
        show_about(self, self.device_label.text())

    # -- following the session ---------------------------------------------------------------------------------
    @Slot(object, object)
    def _on_model_changed(self, model, _evaluation) -> None:
        self.save_model_action.setEnabled(model is not None)
        self.export_action.setEnabled(model is not None)

    @Slot(str)
    def _on_model_saved(self, path: str) -> None:
        self.statusBar().showMessage(self.tr("Saved the model to {path}").format(path=path), 5000)

    @Slot(bool)
    def _on_training_state(self, running: bool) -> None:
        self._update_device_label()

    @Slot()
    def _update_device_label(self) -> None:
        self.device_label.setText(self.train_tab.device_box.status_text())
        self.device_label.setToolTip(self.train_tab.device_label.text())

    # -- drag and drop of a folder anywhere on the window ------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        urls = event.mimeData().urls()
        if urls and all(url.isLocalFile() for url in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if not paths:
            event.ignore()
            return
        if self.tabs.currentIndex() == PREDICT and self.predict_tab.model is not None:
            self.predict_tab.predict_paths(paths)
        elif len(paths) == 1 and paths[0].suffix.lower() == ".psmodel":
            self.open_model(paths[0])
        elif len(paths) == 1 and settings.path_check_within(Path.is_dir, paths[0]):
            self.open_dataset(paths[0])
        else:
            self.statusBar().showMessage(self.tr("Drop one folder (a dataset), or a .psmodel file. To ask about "
                                                 "pictures, drop them on the Predict tab."), 8000)
            event.ignore()
            return
        event.acceptProposedAction()

    # -- geometry and closing ----------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = settings.read("window/geometry", QByteArray())
        if not saved.isEmpty() and self.restoreGeometry(saved):
            geometry.pull_onto_screen(self)
        else:
            geometry.place_first_time(self)
        self.tabs.setCurrentIndex(settings.read("window/tab", 0, low=0, high=self.tabs.count() - 1))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self._may_close and self.session.needs_saving:
            event.ignore()  # closed again once "Save the model?" is answered (and the save has happened)
            self.guard.save_then(self._close_confirmed)
            return
        # Stop background work first: a thread still running when Python tears down Qt would crash. All are told
        # to stop at once, then waited for within one shared limit (a stuck file read must not hold the window).
        self.model_files.cancel()
        tabs = (self.train_tab, self.predict_tab, self.evaluate_tab, self.dataset_tab)
        for tab in tabs:
            for runner in (getattr(tab, "runner", None), getattr(tab, "neighbour_runner", None)):
                if runner is not None:
                    runner.cancel()
        deadline = time.monotonic() + CLOSE_WAIT_SECONDS
        for tab in tabs:
            left_ms = max(1, int((deadline - time.monotonic()) * 1000))
            stopper = getattr(tab, "stop", None)
            if stopper is not None:
                stopper(left_ms)
            elif getattr(tab, "runner", None) is not None:
                tab.runner.stop(left_ms)
        self.model_files.stop(max(1, int((deadline - time.monotonic()) * 1000)))
        self.model_export.stop(max(1, int((deadline - time.monotonic()) * 1000)))
        self.report_export.stop(max(1, int((deadline - time.monotonic()) * 1000)))
        settings.set_value("window/geometry", self.saveGeometry())
        settings.set_value("window/tab", self.tabs.currentIndex())
        self._release_plots()
        event.accept()

    def _close_confirmed(self) -> None:
        self._may_close = True
        self.close()

    def _release_plots(self) -> None:
        """Take the plots' scenes apart now, while every item is whole. Left to Python's cycle collector, a
        closed window's pyqtgraph items were destroyed in an arbitrary order, some already half cleared, and
        their layouts called into them ("'LabelItem' object has no attribute '_sizeHint'")."""
        pyqtgraph = sys.modules.get("pyqtgraph")  # not imported: no plot was ever built
        if pyqtgraph is not None:
            for view in self.findChildren(pyqtgraph.GraphicsView):
                view.close()
