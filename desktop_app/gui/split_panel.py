"""The "How the pictures are shared out" panel: what each share of the pictures is used for, its real size, and
the percentages that apply to this folder (the core's split_facts says which; nothing is worked out here).

The share-out runs in a TaskRunner: for 100,000 pictures it takes seconds. While one runs, the newest settings
wait, and only their result is shown.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from desktop_app.core.data import dataset as core_dataset
from desktop_app.core.data import splitting
from desktop_app.core.errors import UserError
from desktop_app.core.output.wording import pictures_text
from desktop_app.gui import settings
from desktop_app.gui.worker import TaskRunner
from desktop_app.session import SplitSettings, dataset_snapshot


class SplitPanel(QGroupBox):
    changed = Signal()  # the user changed a percentage or the seed
    facts_ready = Signal()  # ``facts`` (and ``shared_dataset()``) are up to date with the dataset and settings

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("How the pictures are shared out"), parent)
        self.dataset: core_dataset.Dataset | None = None
        self.facts: splitting.SplitFacts | None = None
        self._problem = ""
        self._pending: tuple | None = None  # (request number, dataset snapshot, settings) still to be shared out
        self._request = 0  # numbers each change; only the newest one's result is shown
        self.runner = TaskRunner(self)
        self.runner.finished.connect(self._on_shared_out)
        self.runner.failed.connect(self._on_failed)
        self.runner.done.connect(self._start_pending)
        form = QFormLayout(self)
        self.val_spin = _percent_spin(self.tr("Pictures set aside to choose the settings (not learned from)."))
        self.test_spin = _percent_spin(self.tr("Pictures kept hidden until the end, to measure how good the "
                                               "model is."))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 999_999)
        self.seed_spin.setToolTip(self.tr("The same number gives the same random share-out every time."))
        self.val_spin.setValue(settings.read("dataset/val_percent", 15, low=0, high=self.val_spin.maximum()))
        self.test_spin.setValue(settings.read("dataset/test_percent", 15, low=0, high=self.test_spin.maximum()))
        self.seed_spin.setValue(settings.read("dataset/seed", 0, low=0, high=self.seed_spin.maximum()))
        self.train_label, self.val_label, self.test_label = (_fact_label() for _ in range(3))
        form.addRow(self.tr("Training:"), self.train_label)
        self.val_title = QLabel(self.tr("&Validation:"))
        self.val_title.setBuddy(self.val_spin)
        form.addRow(self.val_title, _row(self.val_spin, self.val_label))
        self.test_title = QLabel(self.tr("&Test:"))
        self.test_title.setBuddy(self.test_spin)
        form.addRow(self.test_title, _row(self.test_spin, self.test_label))
        form.addRow(self.tr("Random s&eed:"), self.seed_spin)
        self.predefined_label = _fact_label()
        form.addRow(self.predefined_label)
        for spin in (self.val_spin, self.test_spin, self.seed_spin):
            spin.valueChanged.connect(self._on_settings_changed)
        self.set_dataset(None)

    def split_settings(self) -> SplitSettings:
        """The validation and test fractions and the seed as the user set them."""
        return SplitSettings(self.val_spin.value() / 100.0, self.test_spin.value() / 100.0, self.seed_spin.value())

    def set_dataset(self, dataset: core_dataset.Dataset | None,
                    worked_out: tuple[SplitSettings, splitting.SplitFacts] | None = None) -> None:
        """A new or edited dataset: earlier facts no longer apply (class names may have changed).
        ``worked_out``: (settings, facts) of this dataset's share-out, already worked out by its scan."""
        self.dataset = dataset
        self.facts = None
        if dataset is not None and worked_out is not None and worked_out[0] == self.split_settings():
            self._request += 1  # a share-out still running is for an older dataset
            self._problem, self._pending, self.facts = "", None, worked_out[1]
            self._show()
            self.facts_ready.emit()
            return
        self._update()

    @property
    def computing(self) -> bool:
        return self.runner.running or self._pending is not None

    def shared_dataset(self) -> core_dataset.Dataset | None:
        """The dataset as training will share it out with the current settings (unshared while that is still
        being worked out)."""
        if self.dataset is None:
            return None
        return self.facts.dataset if self.facts is not None else self.dataset

    def stop(self, timeout_ms: int) -> bool:
        self._pending = None
        return self.runner.stop(timeout_ms)

    @Slot()
    def _on_settings_changed(self) -> None:
        settings.set_value("dataset/val_percent", self.val_spin.value())
        settings.set_value("dataset/test_percent", self.test_spin.value())
        settings.set_value("dataset/seed", self.seed_spin.value())
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        self._request += 1
        self._problem = ""
        self._pending = None
        if self.dataset is not None:
            try:
                shares = self.split_settings()
                splitting.check_shares(shares.val_fraction, shares.test_fraction)
            except UserError as exc:
                self._problem = str(exc)
                self.facts = None
            else:
                # a snapshot: the tab may rename or remove classes while the worker reads it
                self._pending = (self._request, dataset_snapshot(self.dataset), shares)
                if not self.runner.running:
                    # once the GUI thread has finished showing the new dataset: the share-out's Python work
                    # would otherwise halve the speed of that (they take turns holding the GIL)
                    QTimer.singleShot(0, self._start_pending)
                return
        self._show()
        self.facts_ready.emit()

    @Slot()
    def _start_pending(self) -> None:
        if self._pending is None or self.runner.running:
            return
        request, snapshot, shares = self._pending
        self._pending = None

        def share_out(cancel):
            facts = splitting.split_facts(snapshot, shares.val_fraction, shares.test_fraction, shares.seed)
            yield from ()
            return request, facts

        self.runner.start(share_out)

    @Slot(object)
    def _on_shared_out(self, result) -> None:
        request, facts = result
        if request != self._request:  # the dataset or the settings changed meanwhile
            return
        self.facts = facts
        self._show()
        self.facts_ready.emit()

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        if self._pending is None and not self.runner.running:
            self.facts, self._problem = None, message
            self._show()
            self.facts_ready.emit()

    def _show(self) -> None:
        facts, problem = self.facts, self._problem
        self.val_spin.setVisible(facts is None or facts.val_setting_applies)
        self.val_spin.setEnabled(facts is None or facts.val_setting_applies)
        self.test_spin.setVisible(facts is None or facts.test_setting_applies)
        self.test_spin.setEnabled(facts is None or facts.test_setting_applies)
        if facts is None:
            self.train_label.setText(problem or self.tr("{n} % (the pictures not set aside below)").format(
                n=100 - self.val_spin.value() - self.test_spin.value()))
            self.val_label.setText("")
            self.test_label.setText("")
            self.predefined_label.setVisible(bool(problem))
            self.predefined_label.setText(problem)
            return
        self.train_label.setText(self._describe(facts, "train"))
        self.val_label.setText(self._describe(facts, "val"))
        self.test_label.setText(self._describe(facts, "test"))
        given = [name for name in ("train", "val", "test") if facts.source[name] == "folder"]
        self.predefined_label.setVisible(bool(given))
        self.predefined_label.setText(self.tr(
            "This folder has its own {folders} folders: they are used as they are, and a percentage above "
            "applies only to a share the folder does not have.").format(
                folders=", ".join(f"{name}/" for name in given)))

    def _describe(self, facts: splitting.SplitFacts, split: str) -> str:
        amount = self.tr("{n} ({p:.0f} %)").format(n=pictures_text(facts.counts[split]), p=facts.percent(split))
        source = facts.source[split]
        if split == "train":
            where = {"folder": self.tr("the pictures of train/ not set aside below"),
                     "all": self.tr("the pictures not set aside below")}.get(source, "")
        else:
            where = {
                "folder": self.tr("its own {split}/ folder, used as it is").format(split=split),
                "train": self.tr("taken at random from train/"),
                "all": self.tr("taken at random from all the pictures"),
                "none": (self.tr("none: the settings are not checked on held-out pictures") if split == "val"
                         else self.tr("none: the model is not tested at the end")),
            }[source]
        if source == "none":
            return where
        return self.tr("{amount}: {where}").format(amount=amount, where=where)


def _percent_spin(tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, 45)
    spin.setSuffix(" %")
    spin.setToolTip(tip)
    return spin


def _fact_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


def _row(spin: QSpinBox, label: QLabel) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(spin)
    layout.addWidget(label, 1)
    return row
