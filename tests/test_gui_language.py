"""The window in Traditional Chinese: View > Language remembered, and no English left on the five tabs."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from desktop_app.gui import language, settings
from desktop_app.gui.answer_panel import NONE_OF_THESE
from tests.gui_helpers import close_window, visible_message_boxes
from tests.language_walk import untranslated
from tests.test_translations import translations


@pytest.fixture
def chinese(qapp):
    """zh_TW chosen in the settings and installed the way the app does at start (gui/app.create_application)."""
    translations.compile_translations()
    settings.set_value(language.LANGUAGE_KEY, "zh_TW")
    installed = language.install_translations(qapp)
    assert installed, "no translation was installed"
    _reword_devices()
    yield installed
    language.remove_translations(qapp, installed)
    _reword_devices()


def _reword_devices() -> None:
    """The app chooses its language once, before its engine finds the devices; these tests switch it within one
    process, after other tests' engine has worded the devices: word them again in the language now installed."""
    from desktop_app.core import devices
    from desktop_app.gui.startup import Engine

    engine = Engine.shared()
    if engine.device_report is not None:
        engine.device_report = devices.device_report()


def _new_window(qtbot):
    from desktop_app.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def _still_english(window) -> dict[str, str]:
    left = untranslated(window, allowed=set(language.LANGUAGES.values()))
    left = {text: where for text, where in left.items() if NONE_OF_THESE not in text or
            untranslated_without(text, NONE_OF_THESE)}
    return left


def untranslated_without(text: str, phrase: str) -> bool:
    from tests.language_walk import english_words

    return bool(english_words(text.replace(phrase, ""), set(language.LANGUAGES.values())))


def test_every_tab_is_in_traditional_chinese_on_the_sample_dataset(qtbot, chinese):
    from desktop_app.gui.main_window import DATASET, EVALUATE, MODEL, PREDICT, TRAIN

    window = _new_window(qtbot)
    seen: dict[str, str] = {}
    tabs = (DATASET, MODEL, TRAIN, EVALUATE, PREDICT)

    def look() -> None:
        for tab in tabs:
            window.tabs.setCurrentIndex(tab)
            qtbot.wait(20)
            seen.update(_still_english(window))

    try:
        window.recent_menu.aboutToShow.emit()
        look()  # nothing open yet: every tab's first words
        assert window.tabs.tabText(DATASET).endswith("資料集")
        assert window.dataset_tab.load_sample()
        qtbot.waitUntil(lambda: not window.dataset_tab.scanning(), timeout=60_000)
        window.model_tab.set_choice("softmax", "pixels", False)
        assert window.train_tab.start_training()
        qtbot.waitUntil(lambda: not window.train_tab.running, timeout=180_000)
        evaluate = window.evaluate_tab
        assert evaluate.data is not None
        evaluate.select_cell(0, 0)
        samples = window.dataset_tab.dataset.samples
        assert window.predict_tab.predict_paths([str(samples[0].path), str(samples[-1].path)])
        qtbot.waitUntil(lambda: not window.predict_tab.runner.running and bool(window.predict_tab.predictions),
                        timeout=60_000)
        look()
        assert "訓練" in window.train_tab.start_button.text()
    finally:
        close_window(window)
    assert not seen, "English left on screen:\n" + "\n".join(f"  {where}: {text!r}" for text, where in seen.items())


def test_language_menu_choice_is_remembered_and_applies_at_the_next_start(qtbot, qapp):
    translations.compile_translations()
    window = _new_window(qtbot)
    try:
        entries = {action.data(): action for action in window.language_choices.actions()}
        assert set(entries) == {"en", "zh_TW"} and entries["zh_TW"].text() == "繁體中文"
        assert entries["en"].isChecked()  # the tests' system language is not Chinese
        entries["zh_TW"].trigger()
        assert settings.read(language.LANGUAGE_KEY, "") == "zh_TW"
        box = visible_message_boxes()[-1]
        assert "next time" in box.text() and "下次啟動" in box.text()  # in both languages
        assert window.tabs.tabText(0).endswith("Dataset")  # this window stays as it is
    finally:
        close_window(window)

    installed = language.install_translations(qapp)  # what the app does at the next start
    try:
        assert QCoreApplication.translate("MainWindow", "&File") == "檔案(&F)"
        again = _new_window(qtbot)
        try:
            assert again.tabs.tabText(0).endswith("資料集")
            checked = [action.data() for action in again.language_choices.actions() if action.isChecked()]
            assert checked == ["zh_TW"]
            again.language_choices.actions()[0].trigger()  # back to English: said again, in both languages
            assert settings.read(language.LANGUAGE_KEY, "") == "en"
            assert "下次啟動" in visible_message_boxes()[-1].text()
        finally:
            close_window(again)
    finally:
        language.remove_translations(qapp, installed)


def test_a_hand_edited_language_falls_back_to_the_system_language(qapp):
    settings.set_value(language.LANGUAGE_KEY, "klingon")
    assert language.chosen_language() == language.SYSTEM
    assert language.LANGUAGE_KEY in (settings.take_notice() or "")
    assert language.interface_locale().name() == \
        QLocale(language.offered_language(QLocale.system())).name()


def test_hong_kong_and_macau_get_traditional_chinese_and_other_systems_english():
    for system, offered in (("zh_TW", "zh_TW"), ("zh_HK", "zh_TW"), ("zh_MO", "zh_TW"), ("zh_Hant_SG", "zh_TW"),
                            ("zh_CN", "en"), ("zh_SG", "en"), ("de_DE", "en"), ("en_GB", "en")):
        assert language.offered_language(QLocale(system)) == offered, system
