"""Pictures possibly in the wrong folder, the dataset map's layout, and the ``suspects`` command, on small
pictures drawn by the test (three classes that raw pixels tell apart)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.analysis import dataset_map, suspects
from desktop_app.core.data.folder_scan import scan
from desktop_app.core.events import CancelToken, Cancelled, Phase, run_to_completion
from desktop_app.core.extraction.features import FeatureSettings

from tests.conftest import draw_example, write_class_folders, CLASS_STYLES
from tests.test_cli import cli

PIXELS = FeatureSettings("pixels", 16)


def plant(root: Path, true_class: str, folder: str, name: str, seed: int) -> Path:
    colour, style = CLASS_STYLES[true_class]
    path = root / folder / name
    draw_example(style, colour, np.random.default_rng(seed), 48).save(path)
    return path


@pytest.fixture(scope="module")
def planted_folder(tmp_path_factory) -> tuple[Path, dict[str, tuple[str, str]]]:
    """12 pictures per class, plus one picture of each class put into another class's folder."""
    root = write_class_folders(tmp_path_factory.mktemp("suspects") / "pictures", per_class=12)
    planted = {}
    for true_class, folder, seed in (("circles", "squares", 101), ("squares", "stripes", 102),
                                     ("stripes", "circles", 103)):
        path = plant(root, true_class, folder, f"planted_{seed}.png", seed)
        planted[str(path)] = (folder, true_class)
    return root, planted


def search(folder: Path, cancel=None) -> suspects.SuspectSearch:
    return run_to_completion(suspects.find_suspects(scan(folder).dataset, PIXELS, "cpu", cancel))


def test_planted_pictures_are_flagged_and_the_rest_are_not(planted_folder):
    root, planted = planted_folder
    before = sorted(p.relative_to(root) for p in root.rglob("*.png"))
    found = search(root)
    assert len(found.paths) == 3 * 12 + 3
    assert {s.path for s in found.suspects} == set(planted)
    for suspect in found.suspects:
        assert (suspect.folder_class, suspect.suggested_class) == planted[suspect.path]
        assert suspects.MIN_EVIDENCE <= -np.log(1 - suspect.score) and 0 < suspect.score < 1
        assert suspect.share > 0.5
    scores = [s.score for s in found.suspects]
    assert scores == sorted(scores, reverse=True)
    assert sorted(p.relative_to(root) for p in root.rglob("*.png")) == before  # nothing moved


def test_exact_copies_do_not_vouch_for_each_other(tmp_path):
    """Four copies of a stripes picture in the circles folder: each copy's 5 nearest pictures would be the 3
    other copies, which would make them look at home; copies are left out of each other's neighbours."""
    root = write_class_folders(tmp_path / "pictures", per_class=24)
    first = plant(root, "stripes", "circles", "copy_0.png", 7)
    for i in range(1, 4):
        shutil.copyfile(first, root / "circles" / f"copy_{i}.png")
    found = search(root)
    assert found.neighbours == 5
    assert {Path(s.path).name for s in found.suspects} == {f"copy_{i}.png" for i in range(4)}
    assert {s.suggested_class for s in found.suspects} == {"stripes"}


def test_neighbour_counts_leave_out_the_picture_and_its_copies():
    X = np.array([[1, 0], [1, 0], [0.9, 0.1], [0, 1]], dtype=np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    labels = np.array([0, 0, 1, 1])
    counts = suspects.neighbour_counts(X, labels, ["a", "a", "b", "c"], 2, k=1)
    # rows 0 and 1 are copies: each one's nearest other picture is row 2 (class 1), not the copy
    assert counts.tolist() == [[0, 1], [0, 1], [1, 0], [0, 1]]


def test_map_places_every_picture_and_reports_its_steps(planted_folder):
    root, planted = planted_folder
    events = []
    result = run_to_completion(dataset_map.map_dataset(scan(root).dataset, PIXELS, "pca"), events.append)
    assert result.xy.shape == (39, 2) and np.isfinite(result.xy).all()
    assert result.rows.tolist() == list(range(39)) and not result.sampled
    assert {e.name for e in events if isinstance(e, Phase)} >= {"features", "neighbours", "layout"}
    assert {result.search.paths[s.index] for s in result.suspects} == set(planted)
    # the two directions spread the classes apart: each class's centre is far from the others'
    labels = result.search.labels[result.rows]
    centres = np.array([result.xy[labels == c].mean(axis=0) for c in range(3)])
    spread = np.linalg.norm(centres[:, None] - centres[None], axis=2)
    assert spread[np.triu_indices(3, 1)].min() > result.xy[labels == 0].std()


def test_tsne_places_a_seeded_sample_when_there_are_many(planted_folder, monkeypatch):
    root, _ = planted_folder
    monkeypatch.setattr(dataset_map, "TSNE_MAX_POINTS", 20)
    first = run_to_completion(dataset_map.map_dataset(scan(root).dataset, PIXELS, "tsne"))
    again = run_to_completion(dataset_map.map_dataset(scan(root).dataset, PIXELS, "tsne"))
    assert first.sampled and len(first.rows) == 20 and first.xy.shape == (20, 2)
    assert first.rows.tolist() == again.rows.tolist()
    assert len(first.suspects) == 3  # the suspects are found on all the pictures, not the sample


def test_a_cancelled_search_stops(planted_folder):
    root, _ = planted_folder
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        search(root, token)


def test_cli_suspects_json(planted_folder):
    root, planted = planted_folder
    out = json.loads(cli("suspects", str(root), "--features", "pixels", "--image-size", "16", "--json").stdout)
    assert {entry["path"] for entry in out["suspects"]} == set(planted)
    for entry in out["suspects"]:
        assert set(entry) >= {"path", "folder_class", "suggested_class", "score"}
        assert (entry["folder_class"], entry["suggested_class"]) == planted[entry["path"]]
        assert 0 < entry["score"] < 1
    assert out["pictures"] == 39 and out["moved"] == 0


def test_cli_suspects_text_names_each_suspect(planted_folder):
    root, planted = planted_folder
    text = cli("suspects", str(root), "--features", "pixels", "--image-size", "16", "-q").stdout
    assert all(path in text for path in planted)
    assert "3 pictures of 39 possibly in the wrong folder" in text


@pytest.mark.parametrize("args, code, words", [
    (["{missing}"], 1, "does not exist"),
    (["{one_class}"], 1, "at least two classes"),
    (["{file}"], 1, "not a folder"),
    (["{root}", "--features", "words"], 2, "invalid choice"),
    (["{root}", "--image-size", "3"], 2, "3 is not from 8 to 512"),
])
def test_cli_suspects_bad_input(planted_folder, tmp_path, args, code, words):
    root, _ = planted_folder
    one_class = write_class_folders(tmp_path / "one", per_class=3, classes={"a": CLASS_STYLES["circles"]})
    names = {"missing": tmp_path / "nowhere", "one_class": one_class, "file": next(root.rglob("*.png")),
             "root": root}
    proc = cli("suspects", *[a.format(**names) for a in args], "--features", "pixels", "--json", check_code=code)
    assert words in proc.stderr and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
