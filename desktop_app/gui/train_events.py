"""The Train tab's run as it goes: each event of the run in the plots, the progress line (with time left) and the
log, then how it ended (finished, failed, stopped). Mixed into ``TrainTab``, whose widgets and session it uses."""
from __future__ import annotations

from PySide6.QtCore import Slot

from desktop_app.core.events import Finished, HyperparametersChosen, Message, Phase, Progress, SearchPoint
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.wording import duration_text, progress_time_left, setting_text
from desktop_app.gui.widgets import show_error


class TrainRunEvents:
    """Needs from the tab: session, model, plots, progress_bar, progress_label, log_list, result_box, save_button,
    start_button, cancel_button, events_seen, _run_result, _run_estimate, _run_dataset_version, _chosen_reason,
    _show_result(), update_readiness()."""

    @Slot(object)
    def _on_event(self, event) -> None:
        kind = type(event).__name__
        self.events_seen[kind] = self.events_seen.get(kind, 0) + 1
        if isinstance(event, HyperparametersChosen):
            self._chosen_reason = event.reason
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
            params = ", ".join(setting_text(key, value) for key, value in event.params.items())
            self.log_list.addItem(self.tr("Tried {params}: {accuracy} on the validation pictures").format(
                params=params, accuracy=share_text(event.val_accuracy)))
        elif isinstance(event, Message):
            self.log_list.addItem(("! " if event.level == "warning" else "") + event.text)
        elif isinstance(event, Finished):
            self._run_result = (event.model, event.evaluation)
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
        elif event.phase == "search" and event.message:
            text = event.message  # says in words what is tried: "Trying setting 4 of 12: ..."
        else:
            title = event.message or titles.get(event.phase, event.phase)
            count = f"{event.done:,} / {event.total:,}"
            text = title if count in title else f"{title} {count}"
        left = progress_time_left(event)
        if left:
            text += " - " + left
            if event.phase == "features" and self._run_estimate is not None:  # the whole run, not this part only
                text += self.tr(", then about {time} to choose the settings and train").format(
                    time=duration_text(self._run_estimate.training_seconds))
        self.progress_label.setText(text)

    @Slot(object)
    def _on_finished(self, result) -> None:
        # the Finished event always comes first; the result is a fallback
        model, evaluation = self._run_result or (getattr(result, "model", None), getattr(result, "evaluation", None))
        self.plots.redraw()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        self.progress_label.setText(self.tr("Done."))
        if model is not None:
            self.session.set_model(model, evaluation, trained_on=self._run_dataset_version)
        self._show_result()
        self.save_button.setEnabled(self.model is not None)

    def _keep_earlier_model(self, what_happened: str) -> None:
        """A stopped or failed run changes nothing: the model trained before (if any) stays in use and savable."""
        if self.model is None:
            self.result_box.set_text(what_happened + " " + self.tr("There is no model yet."))
            return
        self.save_button.setEnabled(True)
        self.result_box.set_text(what_happened + " " + self.tr(
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
        self.session.set_training(False)
        self.update_readiness()
