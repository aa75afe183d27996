"""Fix and retrain, on the Predict tab: confirm or correct an answer (a class menu; number keys for the classes,
Enter to confirm), which COPIES the picture into the dataset's class folder; the copies are listed under
"Added to the dataset" with Undo; "Retrain with N new pictures" trains again with the same settings.

The copying, naming, Undo and the retraining are the core's (core/data/corrections.py, core/retraining.py); they
run on the panel's worker, one step at a time.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, Slot
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMenu, QPushButton, QTableView, QToolButton, QVBoxLayout, QWidget)

from desktop_app.core.events import Phase
from desktop_app.core.output.names import display_text
from desktop_app.core.output.wording import pictures_text
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.widgets import show_error
from desktop_app.gui.worker import TaskRunner

_NUMBER_KEYS = {getattr(Qt.Key, f"Key_{digit}"): (digit - 1) % 10 for digit in range(10)}  # 1..9, then 0: 10th
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _copy_step(dataset, requests: list[tuple[str, str]]):
    """On the worker: copy each (picture, class); returns (added, one line per picture not added)."""
    from desktop_app.core.data import corrections

    yield Phase("corrections", QCoreApplication.translate("CorrectionsPanel", "Adding the pictures to the dataset"))
    added, messages = [], []
    for path, class_name in requests:
        try:
            copy = corrections.add_picture(dataset, path, class_name)
        except corrections.CorrectionError as exc:
            messages.append(str(exc))
            continue
        added.append(copy)
        dataset = corrections.with_added(dataset, [copy])
    return added, messages


def _undo_step(entries):
    from desktop_app.core.data import corrections

    yield Phase("corrections", QCoreApplication.translate("CorrectionsPanel", "Removing the copies"))
    removed, messages = [], []
    for entry in entries:
        try:
            corrections.remove_copy(entry)
        except corrections.CorrectionError as exc:
            messages.append(str(exc))
            continue
        removed.append(entry)
    return removed, messages


class CorrectionsPanel(QGroupBox):
    """Under the Predict tab's table: the answers of its selected rows confirmed or corrected."""

    def __init__(self, signals: SessionSignals, table: QTableView, predictions: Callable[[], list],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Added to the dataset"))
        self.signals, self.session = signals, signals.session
        self.table, self._predictions = table, predictions
        self.added: list = []  # corrections.AddedPicture, oldest first
        self._in_model: set[str] = set()  # copies the model in use has learned from
        self._task = ""  # "copy" | "undo" | "retrain" while the worker runs
        self.runner = TaskRunner(self)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.done.connect(self._update_buttons)
        self._build()
        table.installEventFilter(self)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._show_table_menu)
        table.setToolTip(self.tr("Double-click a row to see the picture large. Enter confirms the selected "
                                 "answers, the number keys correct them (1 is the first class, 0 the tenth); "
                                 "either copies the pictures into the dataset."))
        for signal in (signals.model_changed, signals.dataset_changed, signals.training_changed):
            signal.connect(self._update_buttons)
        self._update_buttons()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.confirm_button = QPushButton(self.tr("&Confirm answer"))
        self.confirm_button.setToolTip(self.tr("The answer is right: copy the selected pictures into its class "
                                               "folder (Enter)."))
        self.confirm_button.clicked.connect(lambda: self.confirm())
        self.correct_button = QToolButton()
        self.correct_button.setText(self.tr("It is reall&y..."))
        self.correct_button.setToolTip(self.tr("The answer is wrong: copy the selected pictures into the right "
                                               "class folder (number keys)."))
        self.correct_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.class_menu = QMenu(self)
        self.class_menu.aboutToShow.connect(lambda: self._fill_class_menu(self.class_menu))
        self.correct_button.setMenu(self.class_menu)
        self.undo_button = QPushButton(self.tr("U&ndo"))
        self.undo_button.setToolTip(self.tr("Delete the selected copies (all of them when none is selected) from "
                                            "the dataset folder. Only copies this app made, and only while they "
                                            "are unchanged, are deleted."))
        self.undo_button.clicked.connect(lambda: self.undo())
        self.retrain_button = QPushButton()
        self.retrain_button.setToolTip(self.tr("Train again with the same settings: the test pictures stay the "
                                               "same, so the Evaluate tab shows the accuracy before and after."))
        self.retrain_button.clicked.connect(self.retrain)
        for widget in (self.confirm_button, self.correct_button, self.undo_button, self.retrain_button):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.added_list = QListWidget()
        self.added_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.added_list.setMaximumHeight(4 * self.added_list.fontMetrics().height() + 12)
        layout.addWidget(self.added_list)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        self._fill_list()
        self._say("")

    # -- what the user does --------------------------------------------------------------------------------------
    def selected_predictions(self) -> list:
        predictions = self._predictions()
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [predictions[row] for row in rows if row < len(predictions)]

    def class_choices(self) -> list[str]:
        """The classes a picture can be given: the model's (in the order of the number keys), then the dataset's
        others, then "none of these"."""
        from desktop_app.core.data.corrections import NONE_OF_THESE

        names = list(self.session.model.class_names) if self.session.model is not None else []
        dataset = self.session.dataset
        names += [n for n in (dataset.class_names if dataset is not None else []) if n not in names]
        return names + ([NONE_OF_THESE] if NONE_OF_THESE not in names else [])

    def confirm(self, predictions: list | None = None) -> bool:
        predictions = self.selected_predictions() if predictions is None else predictions
        return self._add([(p.path, p.label) for p in predictions if not p.error])

    def correct(self, class_name: str, predictions: list | None = None) -> bool:
        predictions = self.selected_predictions() if predictions is None else predictions
        return self._add([(p.path, class_name) for p in predictions if not p.error])

    def _add(self, requests: list[tuple[str, str]]) -> bool:
        if not requests:
            self._say(self.tr("Select the rows of the pictures to add first."))
            return False
        dataset = self.session.dataset
        if dataset is None:
            self._say(self.tr("Open the dataset the model learned from on the Dataset tab first: the pictures are "
                              "copied into its class folders."))
            return False
        from desktop_app.session import dataset_snapshot

        snapshot = dataset_snapshot(dataset)
        return self._run("copy", lambda cancel: _copy_step(snapshot, requests))

    def undo(self, entries: list | None = None) -> bool:
        """Delete copies this panel made: the selected ones, or all when none is selected."""
        if entries is None:
            rows = sorted(self.added_list.row(item) for item in self.added_list.selectedItems())
            entries = [self.added[row] for row in rows] if rows else list(self.added)
        if not entries:
            return False
        return self._run("undo", lambda cancel: _undo_step(list(entries)))

    def pending(self) -> list:
        """The copies the model in use has not learned from yet."""
        return [entry for entry in self.added if str(entry.copy) not in self._in_model]

    @Slot()
    def retrain(self) -> bool:
        model, dataset = self.session.model, self.session.dataset
        if model is None or dataset is None or self.session.training or not self.pending():
            return False
        from desktop_app.session import dataset_snapshot

        snapshot, added, split = dataset_snapshot(dataset), list(self.added), self.session.split
        device, count = self.session.compute_device(), len(self.pending())
        self._retrain_version = self.session.dataset_version

        def step(cancel):
            from desktop_app.core.retraining import retrain, retraining_config

            config = retraining_config(model, snapshot, added, split.val_fraction, split.test_fraction, split.seed,
                                       device)
            return retrain(model, config, count, cancel)

        if not self._run("retrain", step):
            return False
        self.session.set_training(True)
        self._say(self.tr("Retraining with {n}...").format(n=pictures_text(count, "new")))
        return True

    def _run(self, task: str, factory) -> bool:
        if self.runner.running or (task != "retrain" and self.session.training):
            self._say(self.tr("Busy: wait until the training or the last change has finished."))
            return False
        self._task = task
        if not self.runner.start(factory):
            return False
        self._update_buttons()
        return True

    # -- results ---------------------------------------------------------------------------------------------------
    @Slot(object)
    def _on_finished(self, result) -> None:
        from desktop_app.core.data import corrections

        task, self._task = self._task, ""
        if task == "retrain":
            self.session.set_training(False)
            self._in_model = {str(entry.copy) for entry in self.added}
            self.session.set_model(result.result.model, result.result.evaluation, trained_on=self._retrain_version)
            self._say(self.tr("Retrained with {n}. The Evaluate tab shows the accuracy before and after.").format(
                n=pictures_text(result.added, "new")))
            return
        done, messages = result
        dataset = self.session.dataset
        if task == "copy":
            self.added += done
            if dataset is not None and done:
                self.session.set_dataset(corrections.with_added(dataset, done))
            said = [self.tr("Added {n} to the dataset.").format(n=pictures_text(len(done)))] if done else []
        else:
            gone = {str(entry.copy) for entry in done}
            self.added = [entry for entry in self.added if str(entry.copy) not in gone]
            if dataset is not None and done:
                self.session.set_dataset(corrections.without_added(dataset, done))
            said = [self.tr("Removed {n} from the dataset folder.").format(n=pictures_text(len(done)))] if done else []
        self._fill_list()
        self._say(" ".join(said + messages))

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        if self._task == "retrain":
            self.session.set_training(False)
        self._task = ""
        self._say(message)
        if details:  # a bug, not bad input: the details are worth a window
            show_error(self, self.tr("Fix and retrain"), message, details)

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _fill_list(self) -> None:
        # the answers' rows say which pictures were added, and as what
        self.table.model().set_added({str(entry.source): entry.class_name for entry in self.added})
        self.added_list.clear()
        for entry in self.added:
            item = QListWidgetItem(self.tr("{file} -> {name}   ({folder})").format(
                file=display_text(Path(entry.source).name), name=display_text(entry.class_name),
                folder=display_text(entry.copy.parent)))
            item.setToolTip(display_text(entry.copy))
            self.added_list.addItem(item)
        self.added_list.setVisible(bool(self.added))  # room for the answers until something is added

    def _update_buttons(self, *_args) -> None:
        usable = self.session.model is not None and not self.runner.running and not self.session.training
        for button in (self.confirm_button, self.correct_button):
            button.setEnabled(usable)
        self.undo_button.setEnabled(bool(self.added) and not self.runner.running)
        pending = len(self.pending())
        self.retrain_button.setText(self.tr("&Retrain with {n}").format(n=pictures_text(pending, "new")))
        self.retrain_button.setEnabled(usable and pending > 0 and self.session.dataset is not None)

    # -- menus and keys --------------------------------------------------------------------------------------------
    def _fill_class_menu(self, menu: QMenu) -> None:
        menu.clear()
        model_classes = len(self.session.model.class_names) if self.session.model is not None else 0
        for index, name in enumerate(self.class_choices()):
            key = f"  ({(index + 1) % 10})" if index < min(10, model_classes) else ""
            action = menu.addAction(display_text(name) + key)
            action.triggered.connect(lambda _checked=False, chosen=name: self.correct(chosen))

    @Slot(QPoint)
    def _show_table_menu(self, position: QPoint) -> None:
        chosen = self.selected_predictions()
        if not chosen or self.session.model is None:
            return
        menu = QMenu(self)
        if len(chosen) == 1 and not chosen[0].error:
            menu.addAction(self.tr("Confirm: it is {name} (Enter)").format(name=display_text(chosen[0].label)),
                           lambda: self.confirm())
        else:
            menu.addAction(self.tr("Confirm the answers (Enter)"), lambda: self.confirm())
        corrections = menu.addMenu(self.tr("It is really..."))
        self._fill_class_menu(corrections)
        menu.popup(self.table.viewport().mapToGlobal(position))
        self._table_menu = menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.table and event.type() == QEvent.Type.KeyPress and self.session.model is not None:
            key = event.key()
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return False
            if key in _ENTER_KEYS:
                self.confirm()
                return True
            if key in _NUMBER_KEYS:
                index = _NUMBER_KEYS[key]
                names = self.session.model.class_names
                if index < len(names):
                    self.correct(names[index])
                return True
        return super().eventFilter(watched, event)
