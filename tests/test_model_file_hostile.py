"""Issue 7: model files that are damaged, edited or hostile are refused with one plain ModelFileError, within
bounded memory and time, and a broken model is never saved (cases 6, 7, 8, 13, 17)."""
from __future__ import annotations

import json
import os
import random
import stat
import subprocess
import sys
import textwrap
import tracemalloc

import numpy as np
import pytest
import torch

from desktop_app.core.modelfile import model_file
from desktop_app.core.classifiers import registry
from desktop_app.core.errors import UserError
from desktop_app.core.modelfile.model_file import load_model, save_model
from desktop_app.core.modelfile.model_archive import ModelFileError
from tests.hostile_files import (ROOT, json_bomb, lying_bomb, read_parts, tiny_model, write_parts)


@pytest.fixture(scope="module")
def knn_model():
    return tiny_model("knn")


@pytest.fixture(scope="module")
def softmax_model():
    return tiny_model("softmax")


# -- case 7: only regular files are read -------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_as_model_is_refused_at_once(tmp_path):
    fifo = tmp_path / "model.psmodel"
    os.mkfifo(fifo)
    with pytest.raises(ModelFileError, match="named pipe"):
        load_model(fifo)  # used to wait for a writer for ever


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_as_model_is_refused_without_reading(tmp_path):
    link = tmp_path / "zero.psmodel"
    link.symlink_to("/dev/zero")
    for path in ("/dev/zero", link):
        with pytest.raises(ModelFileError, match="device"):
            load_model(path)  # used to grow to 6.6 GB in 20 s


def test_a_folder_or_missing_file_is_refused(tmp_path):
    with pytest.raises(ModelFileError, match="folder"):
        load_model(tmp_path)
    with pytest.raises(ModelFileError, match="does not exist"):
        load_model(tmp_path / "gone.psmodel")


# -- case 6: zip bombs, in a memory-limited child process -------------------------------------------------------
_BOMB_SCRIPT = textwrap.dedent("""
    import json, resource, sys
    from desktop_app.core.modelfile.model_file import load_model
    from desktop_app.core.modelfile.model_archive import ModelFileError

    def vm_bytes():
        for line in open("/proc/self/status"):
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024

    limit = vm_bytes() + 700 * 2**20  # room for a real model, far less than any bomb inflates to
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = {}
    for path in sys.argv[1:]:
        try:
            load_model(path)
            results[path] = "loaded"
        except ModelFileError as exc:
            results[path] = "refused: " + str(exc)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(json.dumps({"results": results, "grown_kib": grown}))
""")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memory limit via /proc and RLIMIT_AS")
def test_zip_bombs_are_refused_in_bounded_memory(tmp_path):
    bombs = [json_bomb(tmp_path / "json-bomb.psmodel"), lying_bomb(tmp_path / "lying-bomb.psmodel")]
    assert all(b.stat().st_size < 2_000_000 for b in bombs)
    proc = subprocess.run([sys.executable, "-c", _BOMB_SCRIPT, *map(str, bombs)], capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    print("memory grown while refusing the bombs:", report["grown_kib"] // 1024, "MiB")
    for path, result in report["results"].items():
        assert result.startswith("refused: "), (path, result)
    assert "unpack" in report["results"][str(bombs[0])]
    assert report["grown_kib"] < 100 * 1024  # used to take 4.7 GB


# -- case 8: NaN and infinity ------------------------------------------------------------------------------------
def test_a_model_with_nan_weights_is_never_saved(softmax_model, tmp_path):
    broken = tiny_model("softmax")
    broken.classifier.W_[0, 0] = float("nan")
    target = tmp_path / "broken.psmodel"
    with pytest.raises(UserError, match="not finite"):
        save_model(broken, target)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["classifier.W", "classifier.b", "standardizer.mean", "standardizer.std"])
@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_model_files_with_non_finite_numbers_are_refused(softmax_model, tmp_path, name, value):
    meta, tensors = read_parts(save_model(softmax_model, tmp_path / "good.psmodel"))
    tensors[name] = tensors[name].clone().reshape(-1)
    tensors[name][0] = value
    tensors[name] = tensors[name].reshape(read_parts(tmp_path / "good.psmodel")[1][name].shape)
    with pytest.raises(ModelFileError, match="not finite"):
        load_model(write_parts(tmp_path / "bad.psmodel", meta, tensors))


# -- case 13: the eight tracebacks of edited files ----------------------------------------------------------------
def _edit_meta(change):
    def edit(meta, tensors):
        change(meta)
        return meta, tensors
    return edit


def _edit_tensor(name, make):
    def edit(meta, tensors):
        tensors[name] = make(tensors[name])
        return meta, tensors
    return edit


def _deep_json(meta, tensors):
    return (b'{"format": "picture-sorter-model", "format_version": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000
            + b"}", tensors)


EDITS = {
    "class count edited": _edit_meta(lambda m: m["classifier"].update(n_classes=5)),
    "a class name removed": _edit_meta(lambda m: m["class_names"].pop()),
    "image size edited": _edit_meta(lambda m: m["features"].update(image_size=16)),
    "image size impossible": _edit_meta(lambda m: m["features"].update(image_size=0)),
    "feature kind unknown": _edit_meta(lambda m: m["features"].update(kind="sift")),
    "3-D W": _edit_tensor("classifier.W", lambda w: w.unsqueeze(0)),
    "W transposed": _edit_tensor("classifier.W", lambda w: w.T.contiguous()),
    "wrong bias length": _edit_tensor("classifier.b", lambda b: torch.cat([b, b])),
    "empty W": _edit_tensor("classifier.W", lambda w: torch.zeros((0, w.shape[1]))),
    "W as float64": _edit_tensor("classifier.W", lambda w: w.double()),
    "deep JSON": _deep_json,
    "class names are numbers": _edit_meta(lambda m: m.update(class_names=[1, 2, 3])),
    "classifier is a list": _edit_meta(lambda m: m.update(classifier=[1])),
    "learning rate is text": _edit_meta(lambda m: m["classifier"]["hyperparameters"].update(learning_rate="x")),
    "temperature zero": _edit_meta(lambda m: m["classifier"].update(temperature=0)),
    "format version is text": _edit_meta(lambda m: m.update(format_version="1")),
}


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_edited_model_files_are_refused_with_one_message(softmax_model, tmp_path, edit):
    meta, tensors = EDITS[edit](*read_parts(save_model(softmax_model, tmp_path / "good.psmodel")))
    with pytest.raises(ModelFileError) as caught:
        load_model(write_parts(tmp_path / "edited.psmodel", meta, tensors))
    assert "\n" not in str(caught.value) and "good.psmodel" not in str(caught.value)


KNN_EDITS = {
    "labels out of range": _edit_tensor("classifier.train_labels", lambda t: t + 10),
    "labels shorter": _edit_tensor("classifier.train_labels", lambda t: t[:-1].contiguous()),
    "features of another size": _edit_tensor("classifier.train_features", lambda t: t[:, :-1].contiguous()),
    "k zero": _edit_meta(lambda m: m["classifier"]["hyperparameters"].update(k=0)),
    "distance unknown": _edit_meta(lambda m: m["classifier"]["hyperparameters"].update(distance="l7")),
    "std zero": _edit_tensor("standardizer.std", lambda t: torch.zeros_like(t)),
    "paths of another length": _edit_meta(lambda m: m.update(training_paths=["a.png"])),
    "a tensor missing": lambda m, t: (m, {k: v for k, v in t.items() if k != "standardizer.mean"}),
    "an extra tensor": lambda m, t: (m, {**t, "evil": torch.zeros(3)}),
}


@pytest.mark.parametrize("edit", list(KNN_EDITS), ids=list(KNN_EDITS))
def test_edited_knn_files_are_refused(knn_model, tmp_path, edit):
    meta, tensors = KNN_EDITS[edit](*read_parts(save_model(knn_model, tmp_path / "good.psmodel")))
    with pytest.raises(ModelFileError):
        load_model(write_parts(tmp_path / "edited.psmodel", meta, tensors))


# -- fuzz: mutated files always give ModelFileError (or load whole), in bounded memory ----------------------------
_BAD_VALUES = [None, -1, 0, 10**30, 1e308, "x", [], {}, True, [None], {"a": []}]


def _json_paths(value, prefix=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield prefix + (key,)
            yield from _json_paths(item, prefix + (key,))
    elif isinstance(value, list) and value and len(value) < 20:
        for index, item in enumerate(value):
            yield prefix + (index,)
            yield from _json_paths(item, prefix + (index,))


def _mutations(path, rng):
    data = path.read_bytes()
    for cut in sorted(rng.sample(range(1, len(data)), 25)) + [0]:
        yield f"cut at {cut}", lambda target, cut=cut: target.write_bytes(data[:cut])
    for n in range(25):
        position = rng.randrange(len(data))
        flipped = bytearray(data)
        flipped[position] ^= 1 << rng.randrange(8)
        yield f"bit flip {n}", lambda target, raw=bytes(flipped): target.write_bytes(raw)
    meta, tensors = read_parts(path)
    for key_path in _json_paths(meta):
        for value in rng.sample(_BAD_VALUES, 2):
            edited = json.loads(json.dumps(meta))
            owner = edited
            for key in key_path[:-1]:
                owner = owner[key]
            owner[key_path[-1]] = value
            yield f"{key_path}={value!r}", lambda target, m=edited: write_parts(target, m, tensors)
    for name, tensor in tensors.items():
        for label, make in (("NaN", lambda t: torch.full_like(t, float("nan")) if t.is_floating_point() else t - 99),
                            ("shape", lambda t: t.reshape(-1)[:-1].contiguous()),
                            ("scalar", lambda t: torch.tensor(1.0)),
                            ("huge", lambda t: torch.zeros(5000, 3))):
            changed = {**tensors, name: make(tensor)}
            yield f"{name} {label}", lambda target, t=changed: write_parts(target, meta, t)
    yield "NaN in JSON", lambda target: write_parts(target, json.dumps(meta).replace('"n_classes": 3',
                                                                                     '"n_classes": NaN').encode(), tensors)
    yield "not JSON", lambda target: write_parts(target, b"\xff\xfe", tensors)
    yield "not safetensors", lambda target: write_parts(target, meta, b"\x00" * 64)
    yield "json bomb", lambda target: json_bomb(target, 1 << 27)


@pytest.mark.parametrize("kind", registry.names())
def test_fuzzed_model_files_give_model_file_error_and_bounded_memory(tmp_path, kind):
    good = save_model(tiny_model(kind), tmp_path / "good.psmodel")
    rng = random.Random(kind)
    target = tmp_path / "mutated.psmodel"
    outcomes = {"refused": 0, "loaded": 0}
    tracemalloc.start()
    try:
        for label, mutate in _mutations(good, rng):
            mutate(target)
            tracemalloc.reset_peak()
            try:
                model = load_model(target)
                # a mutation that loads must still give a usable, consistent model
                assert np.isfinite(model.probabilities(np.zeros((1, model.feature_settings.dimension),
                                                                np.float32))).all(), label
                outcomes["loaded"] += 1
            except ModelFileError as exc:
                assert str(exc) and "\n" not in str(exc), label
                outcomes["refused"] += 1
            peak = tracemalloc.get_traced_memory()[1]
            assert peak < 64 * 2**20, (label, peak)
    finally:
        tracemalloc.stop()
    assert outcomes["refused"] > 100, outcomes


# -- case 17: where models are saved ----------------------------------------------------------------------------
def test_saving_over_a_folder_is_refused_not_redirected(knn_model, tmp_path):
    folder = tmp_path / "models"
    folder.mkdir()
    with pytest.raises(UserError, match="is a folder"):
        save_model(knn_model, folder)
    assert list(tmp_path.iterdir()) == [folder] and not list(folder.iterdir())


def test_a_long_but_valid_name_is_saved(knn_model, tmp_path):
    name = "m" * (248 - len(".psmodel")) + ".psmodel"
    assert len(name) == 248
    saved = save_model(knn_model, tmp_path / name)
    assert load_model(saved).class_names == knn_model.class_names
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_name_too_long_is_refused_in_plain_words(knn_model, tmp_path):
    with pytest.raises(UserError, match="too long"):
        save_model(knn_model, tmp_path / ("m" * 300 + ".psmodel"))


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_replacing_a_model_keeps_its_permissions_and_new_files_follow_the_umask(knn_model, tmp_path):
    path = save_model(knn_model, tmp_path / "shared.psmodel")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    path.chmod(0o640)
    save_model(knn_model, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_saving_over_a_file_that_is_not_a_model_needs_force(knn_model, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    with pytest.raises(UserError, match="--force"):
        save_model(knn_model, notes)
    assert notes.read_text() == "my notes"
    save_model(knn_model, notes, force=True)
    assert load_model(notes).class_names == knn_model.class_names


def test_saving_into_the_training_folder_is_refused(tmp_path):
    model = tiny_model("knn")
    (tmp_path / "pictures" / "cats").mkdir(parents=True)
    picture = tmp_path / "pictures" / "cats" / "1.png"
    picture.write_bytes(b"picture")
    model.training_info = {"data_dir": str(tmp_path / "pictures")}
    for target in (picture, tmp_path / "pictures" / "model.psmodel"):
        with pytest.raises(UserError, match="being read"):
            save_model(model, target)
    assert picture.read_bytes() == b"picture"


def test_a_training_picture_is_never_overwritten_even_with_force(tmp_path):
    model = tiny_model("knn")
    picture = tmp_path / "elsewhere" / "1.png"  # a training picture outside any data folder
    picture.parent.mkdir()
    picture.write_bytes(b"picture")
    rows = len(model.classifier.train_labels_)  # a kNN model keeps one path per stored picture
    model.training_paths = [str(tmp_path / f"gone_{i}.png") for i in range(rows - 1)] + [str(picture)]
    with pytest.raises(UserError, match="being read"):
        save_model(model, picture, force=True)
    assert picture.read_bytes() == b"picture"
    assert load_model(save_model(model, tmp_path / "new.psmodel")).training_paths == model.training_paths


def test_model_files_with_deflated_tensors_still_open(knn_model, tmp_path):
    """Tensors are stored uncompressed since deflating them cost seconds per save; files saved before, with
    every member deflated, open as they did."""
    import zipfile

    stored = save_model(knn_model, tmp_path / "stored.psmodel")
    with zipfile.ZipFile(stored) as archive:
        assert archive.getinfo(model_file._TENSORS_MEMBER).compress_type == zipfile.ZIP_STORED
        members = {name: archive.read(name) for name in archive.namelist()}
    deflated = tmp_path / "deflated.psmodel"
    with zipfile.ZipFile(deflated, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    features = np.random.default_rng(0).standard_normal((4, knn_model.standardizer.mean.shape[0]))
    expected = knn_model.probabilities(features.astype(np.float32))
    np.testing.assert_allclose(load_model(deflated).probabilities(features.astype(np.float32)), expected)


def test_is_model_file_tells_models_from_other_files(knn_model, tmp_path):
    assert model_file.is_model_file(save_model(knn_model, tmp_path / "m.psmodel"))
    (tmp_path / "x.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    assert not model_file.is_model_file(tmp_path / "x.zip")
    assert not model_file.is_model_file(tmp_path)


@pytest.mark.parametrize("kind", [spec.name for spec in registry.specs()
                                  if "learning_rate" in {setting.key for setting in spec.settings}])
def test_training_that_diverges_stops_with_a_message(kind):
    from desktop_app.core.classifiers import registry
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((40, 20)).astype(np.float32) * 1e6, np.repeat([0, 1], 20)
    with pytest.raises(UserError, match="smaller learning rate"):
        registry.make_classifier(kind, learning_rate=1e30, epochs=3, batch_size=8).fit(X, y)
