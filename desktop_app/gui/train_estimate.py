"""The Train tab's "how long will it take": asks core/estimates.py on a worker (it reads the feature cache's
index) whenever the pictures or the choice change, and words the answer."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.core.output.wording import duration_text, pictures_text
from desktop_app.gui.worker import TaskRunner


class TrainEstimate(QObject):
    """Holds the latest estimate (``estimate``: core ``estimates.Estimate`` or None) for the session's choice."""

    changed = Signal()

    def __init__(self, session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.estimate = None
        self._asked = None  # what the estimate is for: a newer question makes a running answer stale
        self._pending = False
        self.runner = TaskRunner(self)
        self.runner.finished.connect(self._on_finished)
        self.runner.done.connect(self._on_done)

    def request(self) -> None:
        """Work out the estimate again (the dataset, the split or the choice changed)."""
        self.estimate = None
        if self.session.dataset is None:
            return
        if self.runner.running:
            self._pending = True
            return
        values = self.session.training_values()
        dataset = values["dataset"]
        digests = [sample.digest for sample in dataset.samples]
        tested = sum(1 for sample in dataset.samples if sample.split == "test")
        fit = len(digests) - tested if tested else round(len(digests) * (1 - values["test_fraction"]))
        question = (values["classifier"], values["features"], values["device"], values["auto_tune"],
                    len(dataset.class_names))

        def estimating(cancel):
            from desktop_app.core import estimates  # imported by the engine already (every core module)

            yield from ()
            return question, estimates.estimate(digests, fit, question[4], question[0], question[1],
                                                device=question[2], auto_tune=question[3])

        self._asked = question
        self.runner.start(estimating)

    @Slot(object)
    def _on_finished(self, result) -> None:
        question, estimate = result
        if question == self._asked and not self._pending:
            self.estimate = estimate
            self.changed.emit()

    @Slot()
    def _on_done(self) -> None:
        if self._pending:
            self._pending = False
            self.request()

    def text(self) -> str:
        """The time in words, with what it is made of: "About 2 min 10 s: 1 min 50 s to compute the features of
        3,670 pictures (the others are ready), 20 s to choose the settings and train." ("" until known)."""
        estimate = self.estimate
        if estimate is None:
            return ""
        if estimate.to_extract == 0:
            parts = self.tr("the features of all {n} are ready").format(n=pictures_text(estimate.pictures))
        elif estimate.to_extract == estimate.pictures:
            parts = self.tr("{time} to compute the features of the {n}").format(
                time=duration_text(estimate.feature_seconds), n=pictures_text(estimate.pictures))
        else:
            parts = self.tr("{time} to compute the features of {n} (the others are ready)").format(
                time=duration_text(estimate.feature_seconds), n=pictures_text(estimate.to_extract))
        text = self.tr("About {total} on this computer: {features}, {training} to choose the settings and "
                       "train.").format(total=duration_text(estimate.seconds), features=parts,
                                        training=duration_text(estimate.training_seconds))
        if not estimate.measured:
            text += " " + self.tr("(A first guess: nothing measured on this computer yet.)")
        return text
