"""The Evaluate tab's "selected picture" panel: what is known of the test picture chosen in a grid, buttons that
act on it (``add_action``), and for models that keep their training pictures (kNN) all k training pictures
that voted, with the vote per class and each one's distance."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.output.names import display_text
from desktop_app.core.output.wording import distance_text, vote_text
from desktop_app.gui.evaluate_pictures import EvaluatedPicture, PictureGrid
from desktop_app.gui.readable_text import SecondaryLabel
from desktop_app.gui.thumbnails import ThumbnailItem, ThumbnailModel
from desktop_app.gui.widgets import show_error
from desktop_app.gui.worker import TaskRunner


class SelectedPicturePanel(QGroupBox):
    def __init__(self, cache, session, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Nearest training pictures"), parent)
        self.session = session
        self.picture: EvaluatedPicture | None = None
        self.vote = None  # the core's NeighbourVote shown
        self.runner = TaskRunner(self)
        self.runner.finished.connect(self._on_neighbours)
        self.runner.failed.connect(self._on_failed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        self.label = QLabel(self.tr("Select a test picture to see the training pictures that voted."))
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.vote_label = SecondaryLabel()
        self.vote_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.vote_label)
        self.actions = QWidget()  # shown once a view adds an action
        self.actions_row = QHBoxLayout(self.actions)
        self.actions_row.setContentsMargins(0, 0, 0, 0)
        self.actions_row.addStretch(1)
        self.actions.hide()
        layout.addWidget(self.actions)
        self.action_buttons: list[QPushButton] = []
        self.model = ThumbnailModel(cache=cache, parent=self)
        self.view = PictureGrid(self.model)
        layout.addWidget(self.view, 1)
        self.vote_label.hide()

    # -- what it shows --------------------------------------------------------------------------------------
    @property
    def shows_neighbours(self) -> bool:
        model = self.session.model
        return model is not None and model.keeps_training_pictures

    def reset(self) -> None:
        """A new evaluation: nothing selected."""
        self.picture, self.vote = None, None
        self.model.set_items([])
        self.vote_label.hide()
        neighbours = self.shows_neighbours
        self.setTitle(self.tr("Nearest training pictures (the voters)") if neighbours else
                      self.tr("Selected picture"))
        self.label.setText(self.tr("Select a test picture to see the training pictures that voted.") if neighbours
                           else self.tr("Select a test picture."))
        self.view.setVisible(neighbours)
        for button in self.action_buttons:
            button.setEnabled(False)
        self.setVisible(neighbours or bool(self.action_buttons))

    def add_action(self, text: str, tooltip: str, callback: Callable[[EvaluatedPicture], None]) -> QPushButton:
        """A button acting on the selected test picture (enabled once one is selected)."""
        button = QPushButton(text)
        button.setToolTip(tooltip)
        button.setEnabled(self.picture is not None)
        button.clicked.connect(lambda: self.picture is not None and callback(self.picture))
        self.actions_row.insertWidget(self.actions_row.count() - 1, button)
        button.show()  # a child added to a row already on screen stays hidden until shown
        self.action_buttons.append(button)
        self.actions.show()
        self.setVisible(True)
        return button

    def select(self, picture: EvaluatedPicture) -> bool:
        """The picture chosen in a grid; its neighbours are looked for in the background. False when it cannot
        be done now (the earlier search is being stopped: choose again)."""
        self.picture = picture
        for button in self.action_buttons:
            button.setEnabled(True)
        if not self.shows_neighbours:
            self.label.setText(display_text(Path(picture.path).name))
            return True
        model, device, path = self.session.model, self.session.compute_device(), picture.path
        self.label.setText(self.tr("Looking for the training pictures nearest to {name}...").format(
            name=display_text(Path(path).name)))

        def step(cancel):
            # on the worker thread; the module came with the engine (every core module does): no import here
            from desktop_app.core.analysis.neighbour_vote import neighbour_vote

            result = neighbour_vote(model, path, device)
            cancel.check()
            return result
            yield  # a generator, so the worker can drive it

        if self.runner.running:
            self.runner.cancel()
            return False
        return self.runner.start(step)

    @Slot(object)
    def _on_neighbours(self, vote) -> None:
        self.vote = vote
        captions = [f"{display_text(n.class_name)}, {distance_text(n.distance)}" for n in vote.neighbours]
        self.view.widen_for(captions)
        self.model.set_items([ThumbnailItem(n.path, caption, self.tr("{caption}\n{path}").format(
            caption=caption, path=display_text(n.path))) for n, caption in zip(vote.neighbours, captions)])
        name = display_text(Path(vote.path).name)
        self.label.setText(self.tr("The training picture nearest to {name} (a smaller distance means more "
                                   "alike):").format(name=name) if vote.k == 1 else
                           self.tr("All {k} training pictures nearest to {name}, nearest first (a smaller distance "
                                   "means more alike):").format(k=vote.k, name=name))
        self.vote_label.setText(vote_text(vote.counts, vote.k, vote.weighted))
        self.vote_label.show()

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        self.label.setText(message)
        if details:
            show_error(self, self.tr("Nearest training pictures"), message, details)

    def stop(self, timeout_ms: int) -> bool:
        return self.runner.stop(timeout_ms)
