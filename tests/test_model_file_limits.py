"""Issue 17: a model is saved only if it opens again. A save runs the reader's own checks (size caps, parts) on
what it is about to write and on the zip it wrote, before anything is replaced; the model file keeps the test
results compactly; a small temporary folder cannot lose a model; numbers too long to read are "damaged"."""
from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from desktop_app import cli
from desktop_app.core import metrics
from desktop_app.core.modelfile import model_archive, model_check
from desktop_app.core.classifiers import registry
from desktop_app.core.errors import UserError
from desktop_app.core.events import run_to_completion
from desktop_app.core.modelfile.model_file import load_model, save_model
from desktop_app.core.modelfile.model_archive import ModelFileError
from desktop_app.core.training import TrainingConfig, run_training
from tests.hostile_files import read_parts, tiny_model, write_parts


def _random_classes(root: Path, classes: int, per_class: int, size: int = 8, seed: int = 0) -> Path:
    """``classes`` folders of ``per_class`` small pictures, each class around its own colour."""
    rng = np.random.default_rng(seed)
    for c in range(classes):
        folder = root / f"class{c:04d}"
        folder.mkdir(parents=True)
        colour = rng.integers(0, 256, 3)
        for i in range(per_class):
            pixels = np.clip(colour + rng.integers(-30, 31, (size, size, 3)), 0, 255).astype(np.uint8)
            Image.fromarray(pixels).save(folder / f"{i}.png")
    return root


def _train(capsys, *args) -> tuple[int, str]:
    code = cli.main([str(a) for a in ("train", *args, "--features", "pixels", "--quiet")])
    return code, capsys.readouterr().err


def _leftovers(folder: Path, keep: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p != keep)


# -- failure 1: train saved a model that load refused -------------------------------------------------------------
def test_many_classes_with_two_pictures_each_save_a_model_that_opens(tmp_path, capsys, monkeypatch):
    """200 classes x 2 pictures: the indented description with the full probability table and confusion
    matrix took 955 KB (2,000 classes: 86 MB, over the 64 MB cap); a cap of 200 KB stands in for 64 MB."""
    data = _random_classes(tmp_path / "data", classes=200, per_class=2)
    monkeypatch.setattr(model_check, "MAX_JSON_BYTES", 200_000)
    out = tmp_path / "many.psmodel"
    code, err = _train(capsys, data, "--classifier", "softmax", "--image-size", "8", "--out", out)
    assert code == 0, err
    model = load_model(out)  # used to say "model.json would unpack to 954,756 bytes"
    assert len(model.class_names) == 200
    with zipfile.ZipFile(out) as archive:
        description = archive.read("model.json")
    assert b"\n" not in description and b'"probabilities"' not in description  # compact, no probability table


def test_a_knn_model_over_the_tensor_cap_is_refused_and_the_old_model_kept(tmp_path, capsys, monkeypatch):
    """kNN keeps every training picture's features: at --image-size 512 about 342 pictures passed the 1 GiB
    cap. Here a cap of 100 KB and pictures of 32 x 32 (12 KB of features each)."""
    data = _random_classes(tmp_path / "data", classes=3, per_class=8, size=32)
    (tmp_path / "models").mkdir()
    out = save_model(tiny_model("knn"), tmp_path / "models" / "good.psmodel")
    before = out.read_bytes()
    monkeypatch.setattr(model_check, "MAX_TENSORS_BYTES", 100_000)
    code, err = _train(capsys, data, "--classifier", "knn", "--image-size", "32", "--out", out)
    assert code == cli.EXIT_USER_ERROR  # used to exit 0 over the good model, with a file load refused
    assert "not saved" in err and "could not be opened again" in err
    assert "smaller image size" in err and "another classifier" in err and "Traceback" not in err
    assert out.read_bytes() == before and _leftovers(out.parent, out) == []
    load_model(out)


def test_a_description_over_the_cap_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    target = save_model(tiny_model("softmax"), tmp_path / "model.psmodel")
    before = target.read_bytes()
    monkeypatch.setattr(model_check, "MAX_JSON_BYTES", 500)  # the description takes about 750 bytes
    with pytest.raises(model_archive.ModelTooLargeError) as caught:
        save_model(tiny_model("softmax", classes=("a", "b", "c", "d")), target)
    message = str(caught.value)
    assert "description" in message and "fewer classes" in message and "\n" not in message
    assert target.read_bytes() == before and _leftovers(tmp_path, target) == []


def test_the_written_zip_is_checked_as_it_will_be_read(tmp_path, monkeypatch):
    """Each part is within its cap, but the file as a whole is over the reader's file-size cap: the zip just
    written is opened with the reader's limits before it replaces anything."""
    target = save_model(tiny_model("knn"), tmp_path / "model.psmodel")
    before = target.read_bytes()
    monkeypatch.setattr(model_check, "MAX_FILE_BYTES", 2_000)
    with pytest.raises(UserError, match="would not open again"):
        save_model(tiny_model("knn", per_class=6), target)
    assert target.read_bytes() == before and _leftovers(tmp_path, target) == []


# The fuzz of the issue: every model `train` writes opens again (classes x pictures x image size x classifier),
# and one it cannot write leaves nothing. Caps of 16 KB and 100 KB stand in for 64 MB and 1 GiB: the old
# description of 30 classes x 2 pictures took 33 KB (now 9 KB, and 12-13 KB for kNN, which also lists the training
# pictures' paths; every model adds about 11 bytes a picture of fingerprint), kNN at 32 x 32 keeps 123 KB of numbers.
SHAPES = [(2, 2, 8), (3, 5, 16), (12, 2, 8), (30, 2, 8), (4, 3, 32)]


@pytest.mark.parametrize("classifier", registry.CLASSIFIER_NAMES)
def test_every_model_train_writes_opens_again(tmp_path, capsys, monkeypatch, classifier):
    monkeypatch.setattr(model_check, "MAX_JSON_BYTES", 16_000)
    monkeypatch.setattr(model_check, "MAX_TENSORS_BYTES", 100_000)
    saved = 0
    for n, (classes, per_class, image_size) in enumerate(SHAPES):
        data = _random_classes(tmp_path / f"data{n}", classes, per_class, seed=n)
        out = tmp_path / f"model{n}.psmodel"
        code, err = _train(capsys, data, "--classifier", classifier, "--image-size", image_size,
                           "--seed", n, "--out", out)
        shape = (classes, per_class, image_size)
        if code != 0:  # too large to open again: refused in plain words, nothing written
            assert code == cli.EXIT_USER_ERROR and "not saved" in err and "Traceback" not in err, (shape, err)
            assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")], shape
            continue
        model = load_model(out)  # used to refuse (30, 2, 8) and kNN's (4, 3, 32)
        saved += 1
        assert len(model.class_names) == classes and model.feature_settings.image_size == image_size
        probabilities = model.probabilities(np.zeros((2, model.feature_settings.dimension), np.float32))
        assert probabilities.shape == (2, classes) and np.isfinite(probabilities).all()
        evaluation = model.metrics["evaluation"]
        if evaluation is not None:  # the test results unpack to what the readers use
            assert np.asarray(evaluation["confusion"]).sum() == model.training_info["counts"]["test"]
    assert saved >= len(SHAPES) - 1


# -- the test results a model file keeps ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    data = _random_classes(tmp_path_factory.mktemp("evaluation") / "data", classes=4, per_class=10, seed=3)
    config = TrainingConfig(data_dir=data, classifier="softmax", features="pixels", image_size=8, seed=1,
                            test_fraction=0.5)
    return run_to_completion(run_training(config))


def test_the_stored_test_results_read_back_as_computed(trained, tmp_path):
    saved = save_model(trained.model, tmp_path / "model.psmodel")
    meta, _ = read_parts(saved)
    stored = meta["metrics"]["evaluation"]
    assert "probabilities" not in stored and "confusion" not in stored and "mistakes" not in stored
    back = metrics.Evaluation.from_dict(load_model(saved).metrics["evaluation"])
    computed = trained.evaluation
    assert back.confusion == computed.confusion and back.accuracy == computed.accuracy
    assert back.paths == computed.paths and list(back.y_true) == list(computed.y_true)
    assert [m["path"] for m in back.mistakes] == [m["path"] for m in computed.mistakes]
    assert back.ece == pytest.approx(computed.ece, abs=1e-6) and back.probabilities is None


def test_the_evaluate_tab_shows_a_saved_model_as_it_showed_the_trained_one(trained, tmp_path):
    """The window opens a model with gui.model_files.read_model: the Evaluation it hands the Evaluate tab has the
    same matrix, mistakes and pictures as the one training made."""
    from desktop_app.gui.model_files import read_model

    _, shown = read_model(str(save_model(trained.model, tmp_path / "model.psmodel")))
    fresh = trained.evaluation
    np.testing.assert_array_equal(np.asarray(shown.confusion), np.asarray(fresh.confusion))
    assert [m["path"] for m in shown.mistakes] == [m["path"] for m in fresh.mistakes]
    assert shown.paths == fresh.paths and list(shown.y_true) == list(fresh.y_true)
    assert list(shown.predicted) == list(fresh.predicted)


@pytest.mark.parametrize("cells", [[[99, 0, 1]], [[0, 0, -1]], [[0, 0]], "x", [[0.5, 0, 1]], [[10**30, 0, 1]]])
def test_damaged_stored_test_results_are_refused_in_one_message(trained, tmp_path, cells):
    meta, tensors = read_parts(save_model(trained.model, tmp_path / "model.psmodel"))
    meta["metrics"]["evaluation"]["confusion_cells"] = cells
    with pytest.raises(ModelFileError, match="damaged") as caught:
        load_model(write_parts(tmp_path / "edited.psmodel", meta, tensors))
    assert "\n" not in str(caught.value)


# -- failure 14: numbers too long to read --------------------------------------------------------------------------
@pytest.mark.parametrize("field, digits", [("training_info", 5000), ("unsure_threshold", 400),
                                           ("format_version", 5000)])
def test_numbers_too_long_to_read_make_the_file_damaged(tmp_path, field, digits):
    meta, tensors = read_parts(save_model(tiny_model("softmax"), tmp_path / "model.psmodel"))
    meta[field] = "LONG"
    raw = json.dumps(meta).replace('"LONG"', "1" + "0" * digits).encode()
    with pytest.raises(ModelFileError) as caught:  # used to be a ValueError / OverflowError traceback
        load_model(write_parts(tmp_path / "long.psmodel", raw, tensors))
    assert "damaged" in str(caught.value) and "\n" not in str(caught.value)


# -- POOR: the tensors were staged in TMPDIR -----------------------------------------------------------------------
def test_an_unusable_temporary_folder_does_not_lose_the_model(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "tmp-is-a-file"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    staged = []
    real_save_file = model_archive.save_safetensors_file
    monkeypatch.setattr(model_archive, "save_safetensors_file",
                        lambda tensors, name: (staged.append(Path(name)), real_save_file(tensors, name)))
    out_folder = tmp_path / "models"
    out_folder.mkdir()
    saved = save_model(tiny_model("knn"), out_folder / "model.psmodel")  # used to fail in TMPDIR
    assert [p.parent for p in staged] == [out_folder] and staged[0].name.startswith(".")
    assert _leftovers(out_folder, saved) == []  # the scratch copy is gone
    assert load_model(saved).class_names == ["cats", "dogs", "owls"]  # reading falls back to memory


def test_ctrl_c_while_the_tensors_are_staged_leaves_nothing_beside_the_model(tmp_path, monkeypatch):
    from desktop_app.core.output import safe_write

    monkeypatch.setattr(safe_write, "_ABORTING", type(safe_write._ABORTING)())
    target = save_model(tiny_model("knn"), tmp_path / "model.psmodel")
    before = target.read_bytes()
    real_save_file = model_archive.save_safetensors_file

    def save_then_interrupt(tensors, name):
        real_save_file(tensors, name)
        safe_write.abort_writes()  # as the command line does on Ctrl-C, from the main thread
        raise KeyboardInterrupt

    monkeypatch.setattr(model_archive, "save_safetensors_file", save_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_model(tiny_model("knn", per_class=5), target)
    assert target.read_bytes() == before and _leftovers(tmp_path, target) == []
