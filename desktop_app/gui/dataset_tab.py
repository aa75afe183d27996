"""Dataset tab: choose a folder of class folders (or the sample: scanned by dataset_scanning.py), edit the classes
(class_editing.py), see counts, pictures and problems."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QProgressBar, QPushButton, QSplitter, QStyle,
                               QVBoxLayout, QWidget)

from desktop_app.core.data import dataset as core_dataset
from desktop_app.core.output.wording import pictures_text
from desktop_app.gui.class_editing import ClassEditing
from desktop_app.gui.class_removal import RemovalUndo
from desktop_app.gui.class_table import ClassTable
from desktop_app.gui.dataset_scanning import DatasetScanning
from desktop_app.gui.dataset_work import ClassThumbnails, DatasetFacts, dataset_key
from desktop_app.gui.picture_viewer import ViewableThumbnailView
from desktop_app.gui.problem_actions import PROBLEM_ROLE, ProblemActions
from desktop_app.gui.session_signals import SessionSignals
from desktop_app.gui.split_panel import SplitPanel
from desktop_app.gui.thumbnails import ThumbnailModel
from desktop_app.gui.widgets import HintLabel
from desktop_app.gui.worker import TaskRunner
from desktop_app.session import SplitSettings

_ICONS = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical, "info": QStyle.StandardPixmap.SP_MessageBoxInformation}


class DatasetTab(ClassEditing, DatasetScanning, QWidget):
    """Writes the session's dataset and split settings; while training runs it changes neither."""

    def __init__(self, signals: SessionSignals | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signals = signals if signals is not None else SessionSignals(parent=self)
        self.session = self.signals.session
        self._file_problems: list[core_dataset.Problem] = []
        self._pending_add: str | None = None  # label of a class being added, None for a full scan
        self.dataset_facts = DatasetFacts()  # O(n) facts of the current dataset, worked out once per change
        self._shown_class: tuple | None = None  # (dataset key, class) whose pictures are shown
        self.runner = TaskRunner(self)
        self.runner.event.connect(self._on_event)
        self.runner.finished.connect(self._on_scanned)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.done.connect(self._on_done)
        self._build()
        self.session.set_split(self.split_group.split_settings())
        self.signals.training_changed.connect(self._update_buttons)
        self.signals.dataset_changed.connect(self._on_session_dataset_changed)
        self._update_hint()

    # -- layout ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.hint = HintLabel()
        layout.addWidget(self.hint)

        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("&Open a dataset folder..."))
        self.open_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.open_button.setToolTip(self.tr("A folder with one sub-folder of pictures per class, e.g. cats/ and "
                                            "dogs/. You can also drop a folder on the window."))
        self.open_button.clicked.connect(self.choose_folder)
        self.sample_button = QPushButton(self.tr("Try the &sample dataset"))
        self.sample_button.setToolTip(self.tr("Handwritten digits 0-9 that come with the app: train a model "
                                              "within a minute without any pictures of your own."))
        self.sample_button.clicked.connect(self.load_sample)
        self.add_class_button = QPushButton(self.tr("&Add a class from a folder..."))
        self.add_class_button.setToolTip(self.tr("All pictures in a folder (and its sub-folders) become one class "
                                                 "named after the folder."))
        self.add_class_button.clicked.connect(self.choose_class_folder)
        self.cancel_button = QPushButton(self.tr("Stop scanning"))
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.cancel_button.setVisible(False)
        for button in (self.open_button, self.sample_button, self.add_class_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        progress_row = QHBoxLayout()
        self.progress_bar = QProgressBar()
        self.progress_bar.setVisible(False)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.status_label, 2)
        layout.addLayout(progress_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Part of a class name"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        filter_label = QLabel(self.tr("Show c&lasses:"))
        filter_label.setBuddy(self.filter_edit)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter_edit, 1)
        left_layout.addLayout(filter_row)
        self.class_table = ClassTable()
        self.class_table.itemSelectionChanged.connect(self._show_selected_class)
        self.class_table.itemChanged.connect(self._on_item_changed)
        left_layout.addWidget(self.class_table, 1)

        edit_row = QHBoxLayout()
        self.rename_button = QPushButton(self.tr("&Rename class..."))
        self.rename_button.clicked.connect(self._rename_selected)
        self.remove_button = QPushButton(self.tr("Re&move class"))
        self.remove_button.clicked.connect(self._remove_selected)
        edit_row.addWidget(self.rename_button)
        edit_row.addWidget(self.remove_button)
        self.removal_undo = RemovalUndo(self.signals, self)
        edit_row.addWidget(self.removal_undo.button)
        edit_row.addStretch(1)
        self.map_button = QPushButton(self.tr("Map of the pictures..."))
        self.map_button.setToolTip(self.tr("All pictures on one map by their features, and those possibly in the "
                                           "wrong folder"))
        self.map_button.clicked.connect(self.show_map)
        edit_row.addWidget(self.map_button)
        left_layout.addLayout(edit_row)

        self.split_group = SplitPanel()
        self.split_group.changed.connect(self._on_split_settings_changed)
        self.split_group.facts_ready.connect(self._refresh_table)
        # the panel's inputs, under the names the tab has always offered
        self.val_spin, self.test_spin, self.seed_spin = (self.split_group.val_spin, self.split_group.test_spin,
                                                         self.split_group.seed_spin)
        self.train_label, self.predefined_label = self.split_group.train_label, self.split_group.predefined_label
        left_layout.addWidget(self.split_group)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.thumbnail_title = QLabel(self.tr("Pictures of the selected class"))
        right_layout.addWidget(self.thumbnail_title)
        self.thumbnail_model = ThumbnailModel(parent=self)
        self.thumbnail_view = ViewableThumbnailView(self.thumbnail_model)
        self.thumbnail_view.set_caption_lines(2)
        right_layout.addWidget(self.thumbnail_view, 3)
        right_layout.addWidget(QLabel(self.tr("Problems found (and what to do about them):")))
        self.problems_list = QListWidget()
        self.problems_list.setWordWrap(True)
        self.problems_list.setAlternatingRowColors(True)
        self.problem_actions = ProblemActions(self.problems_list)
        right_layout.addWidget(self.problems_list, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self._refresh()

    # -- public ------------------------------------------------------------------------------------------------
    @property
    def dataset(self) -> core_dataset.Dataset | None:
        return self.session.dataset

    def split_settings(self) -> SplitSettings:
        return self.session.split

    def scanning(self) -> bool:
        """Still looking through the pictures, or still sharing them out."""
        return self.runner.running or self.split_group.computing

    def stop(self, timeout_ms: int = 5000) -> bool:
        """Closing the window: end the scan and the share-out within the limit."""
        self.runner.cancel()
        ended = self.split_group.stop(timeout_ms)
        if self.map_window is not None:
            ended = self.map_window.runner.stop(timeout_ms) and ended
        return self.runner.stop(timeout_ms) and ended

    map_window = None  # gui.map_view.MapWindow, made on first use

    @Slot()
    def show_map(self) -> None:
        from desktop_app.gui.map_view import MapWindow  # imports pyqtgraph: in by the time a button is clicked

        if self.map_window is None:
            self.map_window = MapWindow(self.signals, self)
        self.map_window.show_and_draw()

    def problems(self) -> list[core_dataset.Problem]:
        if self.dataset is None:
            return core_dataset.problems_to_show(self._file_problems)
        return core_dataset.problems_to_show(self._file_problems + self.dataset_facts.class_problems(self.dataset),
                                             self.dataset.class_names)

    def _refused_while_training(self) -> bool:
        """The pictures cannot change under a training run: its result would not belong to what is shown."""
        if self.session.training:
            self.status_label.setText(self.tr("Training is running: stop it on the Train tab before changing "
                                              "the pictures."))
        return self.session.training

    @Slot()
    def _update_buttons(self) -> None:
        """The buttons, and the hint, for a scan or a training run going on or not."""
        idle = not self.runner.running and not self.session.training
        for button in (self.open_button, self.sample_button, self.add_class_button):
            button.setEnabled(idle)
        editable = self.dataset is not None and not self.session.training
        for button in (self.rename_button, self.remove_button):
            button.setEnabled(editable)
        self._update_hint()

    def split_preview(self) -> core_dataset.Dataset | None:
        """The dataset as training will share it out with the current settings (for the counts)."""
        return self.split_group.shared_dataset()

    # -- editing -----------------------------------------------------------------------------------------------
    def _dataset_edited(self) -> None:
        self._show_dataset(self.dataset)
        self._say_counts()

    def _show_dataset(self, dataset: core_dataset.Dataset | None) -> None:
        if dataset is not None and len(dataset.class_names) == 0:
            dataset = None
        self._setting_dataset = True
        try:
            self.session.set_dataset(dataset)
        finally:
            self._setting_dataset = False
        self._refresh()

    _setting_dataset = False

    @Slot(object)
    def _on_session_dataset_changed(self, dataset) -> None:
        """Changed by this tab (it refreshes itself), or elsewhere: Undo remove, pictures added on Predict."""
        if self._setting_dataset:
            return
        self._refresh()
        if not self.runner.running:
            self._say_counts()

    def _say_counts(self) -> None:
        """The status line's "how many pictures" after any change (it said what the scan found)."""
        if self.dataset is not None:
            self.status_label.setText(self.tr("Now {n} in {c} classes.").format(
                n=pictures_text(len(self.dataset)), c=len(self.dataset.class_names)))

    @Slot()
    def _on_split_settings_changed(self) -> None:
        self.session.set_split(self.split_group.split_settings())  # the table follows when the share-out is ready

    def _update_split_widgets(self) -> None:
        facts = self.dataset_facts
        scanned_split, facts.scanned_split = facts.scanned_split, None  # only for the dataset just scanned
        self.split_group.set_dataset(self.dataset, scanned_split)

    _refreshing = False

    def _refresh(self) -> None:
        self._update_split_widgets()
        self._refresh_table()
        self._refresh_problems()
        self._show_selected_class()
        enabled = self.dataset is not None
        for widget in (self.class_table, self.split_group):
            widget.setEnabled(enabled)
        self._update_buttons()

    def _refresh_table(self) -> None:
        selected = self._selected_class()
        self._refreshing = True
        try:
            facts = self.split_group.facts
            # both worked out on a worker thread (O(n)); only a class edit counts here
            counts = facts.class_counts if facts is not None else self.dataset_facts.counts(self.dataset)
            self.class_table.fill(counts, facts is not None, selected)
        finally:
            self._refreshing = False

    @Slot(str)
    def _apply_filter(self, text: str) -> None:
        self.class_table.apply_filter(text)

    def _refresh_problems(self) -> None:
        self.problems_list.clear()
        style = self.style()
        for problem in self.problems():
            icon = _ICONS.get(problem.severity, QStyle.StandardPixmap.SP_MessageBoxWarning)
            where = Path(problem.path).name if problem.path else ""
            text = (self.tr("{file}: {problem}").format(file=where, problem=problem.message)
                    if where and where not in problem.message else problem.message)
            item = QListWidgetItem(style.standardIcon(icon), text)
            item.setToolTip(problem.path or problem.message)
            item.setData(PROBLEM_ROLE, problem)
            self.problems_list.addItem(item)
        if self.problems_list.count() == 0 and self.dataset is not None:
            self.problems_list.addItem(self.tr("No problems found."))

    @Slot()
    def _show_selected_class(self) -> None:
        name = self._selected_class()
        if name is None or self.dataset is None or name not in self.dataset.class_names:
            self._shown_class = None
            self.thumbnail_model.set_items([])
            self.thumbnail_title.setText(self.tr("Pictures of the selected class"))
            return
        shown = (dataset_key(self.dataset), name)
        if shown == self._shown_class:  # a refresh re-selects the same class: thousands of items, unchanged
            return
        self._shown_class = shown
        label = self.dataset.class_names.index(name)
        samples = self.dataset_facts.samples_of_class(self.dataset, label)
        split_names = {"train": self.tr("training"), "val": self.tr("validation"), "test": self.tr("test")}
        self.thumbnail_model.set_items(ClassThumbnails(samples, split_names))
        self.thumbnail_title.setText(self.tr("Pictures of '{name}' ({n})").format(name=name, n=f"{len(samples):,}"))

    def _update_hint(self) -> None:
        if self.runner.running:
            self.hint.setText(self.tr("Looking through the pictures... You can keep working meanwhile."))
        elif self.session.training:
            self.hint.setText(self.tr("A model is being trained on these pictures: they stay as they are until "
                                      "the training ends, or you stop it on the Train tab."))
        elif self.dataset is None:
            self.hint.setText(self.tr("Start here: open a folder that holds one sub-folder of pictures per class, "
                                      "or try the sample dataset."))
        elif len(self.dataset.class_names) < 2:
            self.hint.setText(self.tr("A classifier needs at least two classes: add another class from a folder."))
        elif any(p.severity == "error" for p in self.problems()):
            self.hint.setText(self.tr("Fix the problems marked in red below, then continue with the Model tab."))
        else:
            self.hint.setText(self.tr("Dataset ready. Next: choose a classifier on the Model tab."))

