"""The core's messages in the window's language: the compiled core translation (resources/translations/
picture-sorter-core_zh_TW.ts, context "core") turns scan problems, progress lines, the accuracy sentence and
model-file errors into Traditional Chinese with their values filled in; without a translator (the command line)
the English is unchanged; the .ts lists every message of the core, each translated with the same placeholders."""
from __future__ import annotations

import string
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication, QTranslator

from desktop_app.core.accuracy_interval import accuracy_interval
from desktop_app.core.data.folder_scan import scan_folder
from desktop_app.core.events import Progress, run_to_completion
from desktop_app.core.extraction import decode_pool
from desktop_app.core.modelfile.model_archive import ModelFileError
from desktop_app.core.modelfile.model_file import load_model
from desktop_app.core.output import translation
from desktop_app.core.output.percent import share_text
from desktop_app.core.output.wording import accuracy_text, time_left_text, trying_setting_text

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "resources" / "translations" / "picture-sorter-core_zh_TW.ts"
sys.path.insert(0, str(ROOT / "tools"))
import extract_core_messages  # noqa: E402


def lrelease() -> str:
    for candidate in (Path(sys.executable).parent / "pyside6-lrelease", Path(sys.executable).parent / "pyside6-lrelease.exe"):
        if candidate.exists():
            return str(candidate)
    pytest.skip("PySide6's lrelease is not installed beside this Python")


@pytest.fixture
def chinese(qapp, tmp_path):
    """The core translation compiled from the .ts and installed as the window installs it."""
    compiled = tmp_path / "picture-sorter-core_zh_TW.qm"
    subprocess.run([lrelease(), "-silent", str(TS_FILE), "-qm", str(compiled)], check=True)
    translator = QTranslator()
    assert translator.load(str(compiled))
    qapp.installTranslator(translator)
    translation.set_translator(lambda text: QCoreApplication.translate(translation.CONTEXT, text))
    yield
    translation.set_translator(None)
    qapp.removeTranslator(translator)


def write_dataset(root: Path) -> Path:
    """cats with 12 pictures and a text file posing as a picture; dogs with a single picture."""
    for name, count, colour in (("cats", 12, (200, 40, 40)), ("dogs", 1, (40, 40, 200))):
        (root / name).mkdir(parents=True)
        for i in range(count):
            Image.new("RGB", (16, 16), tuple(min(255, c + 3 * i) for c in colour)).save(root / name / f"{i}.png")
    (root / "cats" / "notes.jpg").write_text("not a picture")
    return root


def scan_messages(folder: Path) -> tuple[dict[str, str], list[str]]:
    progress: list[str] = []
    report = run_to_completion(scan_folder(folder), lambda e: progress.append(e.message)
                               if isinstance(e, Progress) else None)
    return {p.kind: p.message for p in report.problems}, progress


def test_scan_problems_and_progress_lines_come_out_in_chinese(chinese, tmp_path):
    problems, progress = scan_messages(write_dataset(tmp_path / "data"))
    assert problems["small_class"].startswith("類別「dogs」只有 1 張圖片。請至少再加入 4 張（總共 5 張以上")
    assert problems["not_image"] == "這個檔案不是圖片。請把它移出類別資料夾，或不予理會：它會被略過。"
    assert "已檢查 14 個檔案" in progress


def test_training_lines_and_the_accuracy_sentence_come_out_in_chinese(chinese):
    assert trying_setting_text(4, 12, {"learning_rate": 0.0003, "regularization": 0.1}) == \
        "正在嘗試第 4 個設定，共 12 個：學習率 0.0003, 正規化 0.1"
    low, high = accuracy_interval(0.9, 40)
    assert accuracy_text(0.9, 40, 0) == (f"測試準確率：90.0%（有 95% 的把握落在 {share_text(low)} 到 "
                                         f"{share_text(high)} 之間），測試於 40 張它從未見過的圖片")
    assert time_left_text(100) == "約剩 1 分 40 秒"


def test_a_damaged_model_file_is_explained_in_chinese(chinese, tmp_path):
    damaged = tmp_path / "broken.psmodel"
    damaged.write_bytes(b"PK\x03\x04 cut short")
    with pytest.raises(ModelFileError) as caught:
        load_model(damaged)
    assert str(caught.value).startswith("broken.psmodel 已損壞，或不是 ")
    assert str(caught.value).endswith("的模型檔（可能在複製時被截斷）。請重新訓練並儲存模型。")


def test_without_a_translator_the_messages_stay_english(tmp_path):
    translation.set_translator(None)
    problems, progress = scan_messages(write_dataset(tmp_path / "data"))
    assert problems["small_class"].startswith("The class 'dogs' has only 1 picture. Add at least 4 more (5 or more")
    assert problems["not_image"] == ("This file is not a picture. Move it out of the class folder, or leave it: it "
                                     "is skipped.")
    assert "Checked 14 files" in progress
    assert trying_setting_text(4, 12, {"learning_rate": 0.0003, "regularization": 0.1}) == \
        "Trying setting 4 of 12: learning rate 0.0003, regularisation 0.1"
    low, high = accuracy_interval(0.9, 40)
    assert accuracy_text(0.9, 40, 0) == (f"Test accuracy: 90.0% (95% sure it lies between {share_text(low)} and "
                                         f"{share_text(high)}) on 40 pictures it has never seen")
    assert time_left_text(100) == "about 1 min 40 s left"


def test_a_failing_translator_costs_nothing():
    def broken(text: str) -> str:
        raise RuntimeError("no translations")

    translation.set_translator(broken)
    try:
        assert time_left_text(100) == "about 1 min 40 s left"
    finally:
        translation.set_translator(None)


def test_decoding_processes_word_their_problems_in_the_apps_language(tmp_path):
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    translation.set_translator(lambda text: "[zh] " + text)  # a stand-in: no Qt in the decoding processes
    decoder = decode_pool.ProcessDecoder(8, workers=1, capacity=2)
    try:
        deadline = time.monotonic() + 30
        while len(decoder._ready) < len(decoder._processes):  # so that a worker decodes, not this process
            assert time.monotonic() < deadline, "the worker did not start"
            decoder._receive_waiting()
            time.sleep(0.02)
        decoder.submit(0, empty)
        result = None
        while result is None:
            assert time.monotonic() < deadline, "the worker did not answer"
            result = decoder.get(0.25)
    finally:
        decoder.close()
        translation.set_translator(None)
    assert result[2] == ("corrupt", "[zh] This file is empty (0 bytes). Delete it or copy the picture again.")


def test_the_ts_lists_every_core_message_each_translated_with_its_placeholders():
    messages = extract_core_messages.core_messages()
    assert extract_core_messages.main(["--check"]) == 0, "run python tools/extract_core_messages.py"
    known = extract_core_messages.read_translations(TS_FILE)
    fields = lambda text: sorted((name, spec, conversion) for _, name, spec, conversion in  # noqa: E731
                                 string.Formatter().parse(text) if name is not None)
    for source in messages:
        translated, kind = known[source]
        assert translated and kind != "unfinished", f"not translated: {source!r}"
        assert fields(translated) == fields(source), f"placeholders differ: {source!r} -> {translated!r}"
    root = ET.parse(TS_FILE).getroot()
    assert root.get("language") == "zh_TW" and [c.findtext("name") for c in root.iter("context")] == ["core"]
