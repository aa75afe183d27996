"""The report: one self-contained HTML file that parses, holds the figures ``evaluate --json`` gives, escapes
every name, links to nothing outside itself, and never replaces a model or a picture; bad input gets one line."""
from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from desktop_app.core.output.percent import share_text
from tests.conftest import write_class_folders
from tests.hostile_files import read_parts, write_parts
from tests.test_cli import cli

HOSTILE = {
    "<img src=x onerror=alert(1)>": ((220, 40, 40), "ellipse"),
    "a&b \"quoted\" 'single'": ((40, 180, 60), "rectangle"),
    "stripes": ((40, 70, 220), "stripes"),
}


class Page(HTMLParser):
    """What a browser would see: tags with their attributes, the data-value of each figure in a table row."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.table_class: str | None = None
        self.rows: dict[str, list[list]] = {}
        self.text: list[str] = []
        self.values_by_id: dict[str, list[str]] = {}
        self._ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "table":
            self.table_class = attributes.get("class")
            self.rows.setdefault(self.table_class, [])
        elif tag == "tr" and self.table_class:
            self.rows[self.table_class].append([])
        elif tag == "td" and self.table_class and self.rows[self.table_class]:
            self.rows[self.table_class][-1].append({"text": "", "value": None})
        elif tag == "span" and "data-value" in attributes:
            if self.table_class and self.rows[self.table_class] and self.rows[self.table_class][-1]:
                self.rows[self.table_class][-1][-1]["value"] = attributes["data-value"]
            for element_id in self._ids:
                self.values_by_id.setdefault(element_id, []).append(attributes["data-value"])
        if "id" in attributes:
            self._ids.append(attributes["id"])
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "table":
            self.table_class = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        if tag in ("p", "code") and self._ids:
            self._ids.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self.table_class and self.rows[self.table_class] and self.rows[self.table_class][-1]:
            self.rows[self.table_class][-1][-1]["text"] += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A softmax model on hostile class names, and a labelled test folder with one picture in the wrong class."""
    root = tmp_path_factory.mktemp("report")
    pictures = write_class_folders(root / "pictures", per_class=10, classes=HOSTILE)
    (pictures / "stripes" / "broken.png").write_bytes(b"not a picture")  # a problem the report lists
    test = write_class_folders(root / "test", per_class=4, seed=3, classes=HOSTILE)
    misplaced = next((test / "stripes").iterdir())
    shutil.copy(misplaced, test / "a&b \"quoted\" 'single'" / "misplaced.png")
    model = root / "model.psmodel"
    cli("train", str(pictures), "--classifier", "softmax", "--features", "pixels", "--image-size", "12",
        "--epochs", "5", "--out", str(model), "--device", "cpu", "--quiet")
    return model, test


def test_the_report_holds_what_evaluate_gives_and_escapes_every_name(trained, tmp_path):
    model, test = trained
    evaluated = json.loads(cli("evaluate", str(model), str(test), "--json", "--device", "cpu").stdout)
    out = tmp_path / "report.html"
    written = json.loads(cli("report", str(model), "--test", str(test), "--out", str(out), "--json",
                             "--device", "cpu").stdout)
    assert written["report"] == str(out) and written["accuracy"] == evaluated["accuracy"]
    assert written["per_class"] == evaluated["per_class"] and len(written["dataset_fingerprint"]) == 64
    page = parse(out)
    assert float(page.values_by_id["test-accuracy"][0]) == evaluated["accuracy"]
    low, high = evaluated["accuracy_interval"]  # the same 95 % range as evaluate's
    assert f"95% sure it lies between {share_text(low)} and {share_text(high)}" in out.read_text(encoding="utf-8")
    rows = [row for row in page.rows["per-class"] if row]
    assert [row[0]["text"] for row in rows] == [entry["name"] for entry in evaluated["per_class"]]
    for row, entry in zip(rows, evaluated["per_class"]):
        assert [float(cell["value"]) for cell in row[1:4]] == [entry["precision"], entry["recall"], entry["f1"]]
        assert int(row[4]["value"]) == entry["support"]
    confusion = [[int(cell["value"]) for cell in row[1:]] for row in page.rows["confusion"] if row]
    assert confusion == evaluated["confusion"]
    assert float(page.values_by_id["test-ece"][0]) == evaluated["ece"]
    # names from folders are text, never markup
    html_text = out.read_text(encoding="utf-8")
    assert "<img src=x" not in html_text and "&lt;img src=x onerror=alert(1)&gt;" in html_text
    assert not any(tag in ("script", "iframe", "object", "embed", "link", "a") for tag, _ in page.tags)
    assert not any(name.startswith("on") for _, attributes in page.tags for name in attributes)
    # self-contained: every picture embedded, no address anywhere
    images = [attributes["src"] for tag, attributes in page.tags if tag == "img"]
    assert images and all(src.startswith("data:image/") for src in images)
    assert not re.search(r"https?:|ftp:|file:|//[a-z]", html_text.replace("data:image/", ""), re.I)
    assert "misplaced.png" in html_text  # the mistake is shown, with its picture
    assert "Dataset fingerprint" in html_text and "<svg" in html_text
    problems = html_text[html_text.index('<ul class="problems">'):]
    assert "broken.png" in problems[:problems.index("</ul>")]


def test_without_a_test_folder_the_report_shows_the_models_own_test(trained, tmp_path):
    model, _ = trained
    out = tmp_path / "own.html"
    payload = json.loads(cli("report", str(model), "--out", str(out), "--json").stdout)
    page = parse(out)
    assert float(page.values_by_id["test-accuracy"][0]) == payload["accuracy"]
    assert "the test share set aside" in out.read_text(encoding="utf-8")
    # a report is replaced by a report; the text form says where it went
    text = cli("report", str(model), "--out", str(out)).stdout
    assert "Wrote the report to" in text


def test_a_model_saved_before_records_still_gets_a_report(trained, tmp_path):
    model, _ = trained
    meta, tensors = read_parts(model)
    del meta["record"]
    old = write_parts(tmp_path / "old.psmodel", meta, tensors)
    out = tmp_path / "old.html"
    cli("report", str(old), "--out", str(out), "--quiet")
    text = out.read_text(encoding="utf-8")
    assert "saved before models kept a record" in text and 'id="test-accuracy"' in text
    assert "Dataset fingerprint" not in text


def _one_line_error(proc) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def test_bad_models_and_outputs_give_one_line(trained, tmp_path):
    model, test = trained
    out = str(tmp_path / "r.html")
    assert "folder" in _one_line_error(cli("report", str(test), "--out", out, check_code=1))
    damaged = tmp_path / "damaged.psmodel"
    damaged.write_bytes(model.read_bytes()[:300])
    _one_line_error(cli("report", str(damaged), "--out", out, check_code=1))
    not_a_model = tmp_path / "notes.psmodel"
    not_a_model.write_text("hello")
    _one_line_error(cli("report", str(not_a_model), "--out", out, check_code=1))
    assert "does not exist" in _one_line_error(cli("report", str(model), "--out",
                                                   str(tmp_path / "missing" / "r.html"), check_code=1))
    assert not (tmp_path / "r.html").exists()


def test_a_report_never_replaces_a_model_a_picture_or_another_file(trained, tmp_path):
    model, test = trained
    before = model.read_bytes()
    _one_line_error(cli("report", str(model), "--out", str(model), "--force", check_code=1))
    other_model = tmp_path / "other.psmodel"
    shutil.copy(model, other_model)
    assert "model file" in _one_line_error(cli("report", str(model), "--out", str(other_model), "--force",
                                               check_code=1))
    picture = tmp_path / "photo.png"
    shutil.copy(next((test / "stripes").iterdir()), picture)
    assert "picture" in _one_line_error(cli("report", str(model), "--out", str(picture), "--force", check_code=1))
    notes = tmp_path / "notes.html"
    notes.write_text("my notes")
    assert "--force" in _one_line_error(cli("report", str(model), "--out", str(notes), check_code=1))
    assert notes.read_text() == "my notes" and model.read_bytes() == before
    inside = test / "report.html"
    _one_line_error(cli("report", str(model), "--test", str(test), "--out", str(inside), check_code=1))
    assert not inside.exists()
