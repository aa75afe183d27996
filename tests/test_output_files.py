"""Issue 7: every output is written atomically and never over something else (cases 1-3, 17)."""
from __future__ import annotations

import errno
import os

import pytest

from desktop_app.core.output import safe_write
from desktop_app.core.errors import UserError


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "answers.csv"
    target.write_text("old, whole\n")

    def write_then_disk_full(handle):
        handle.write(b"new, half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(UserError, match="disk is full"):
        safe_write.atomic_write(target, write_then_disk_full)
    assert target.read_text() == "old, whole\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.csv"]


def test_abort_removes_the_file_being_written(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_write, "_ABORTING", type(safe_write._ABORTING)())
    seen = []

    def write(handle):
        seen.extend(p.name for p in tmp_path.iterdir())
        safe_write.abort_writes()  # as the command line does on Ctrl-C, from the main thread
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        safe_write.atomic_write(tmp_path / "m.psmodel", write)
    assert len(seen) == 1 and seen[0].endswith(".tmp")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(UserError, match="Stopped"):
        safe_write.atomic_write(tmp_path / "m.psmodel", lambda handle: None)


def test_output_checks_refuse_inputs_folders_and_other_files(tmp_path):
    picture = tmp_path / "pictures" / "cats" / "1.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"png")
    check = safe_write.check_output_path
    with pytest.raises(UserError, match="files being read"):
        check(picture, what="CSV file", input_files=[picture])
    with pytest.raises(UserError, match="inside the folder"):
        check(tmp_path / "pictures" / "out.csv", what="CSV file", input_folders=[tmp_path / "pictures"])
    with pytest.raises(UserError, match="is a folder"):
        check(tmp_path / "pictures", what="CSV file")
    with pytest.raises(UserError, match="--force"):
        check(picture, what="CSV file", is_replaceable=lambda p: False)
    assert check(picture, what="CSV file", is_replaceable=lambda p: False, force=True) == picture
    with pytest.raises(UserError, match="does not exist"):
        check(tmp_path / "nowhere" / "out.csv", what="CSV file")
    assert picture.read_bytes() == b"png" and sorted(os.listdir(picture.parent)) == ["1.png"]


def test_an_output_that_is_an_input_under_another_name_is_refused(tmp_path):
    picture = tmp_path / "pictures" / "cats" / "1.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"png")
    others = [tmp_path / f"other-{i}.png" for i in range(3)]
    for other in others:
        other.write_bytes(b"other")
    hard_link, symbolic_link = tmp_path / "hard.csv", tmp_path / "soft.csv"
    os.link(picture, hard_link)
    symbolic_link.symlink_to(picture)
    check = safe_write.check_output_path
    for output in (hard_link, symbolic_link):  # writing there would replace the picture's bytes
        with pytest.raises(UserError, match="files being read"):
            check(output, what="CSV file", input_files=[*others, picture, tmp_path / "gone.png"], force=True)
    # a link that points at a file now gone is compared by name
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "gone.png")
    with pytest.raises(UserError, match="files being read"):
        check(dangling, what="CSV file", input_files=[dangling], force=True)
    assert check(hard_link, what="CSV file", input_files=others, force=True) == hard_link


def test_the_plot_export_is_atomic(qapp, tmp_path):
    from PySide6.QtGui import QPixmap

    from desktop_app.gui.widgets import write_png_atomically as _write_png_atomically

    pixmap = QPixmap(12, 8)
    pixmap.fill()
    target = tmp_path / "plots.png"
    assert _write_png_atomically(pixmap, target)
    assert target.read_bytes().startswith(b"\x89PNG") and [p.name for p in tmp_path.iterdir()] == ["plots.png"]
    assert not _write_png_atomically(pixmap, tmp_path / "missing" / "plots.png")
