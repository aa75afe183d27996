"""Feature extraction: pixel values, the pretrained network's weights, the disk cache, cancel, bad files."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from desktop_app.core.data import digests
from desktop_app.core.extraction import features, network
from desktop_app.core.errors import UserError
from desktop_app.core.events import Cancelled, CancelToken, Message, Progress, run_to_completion
from desktop_app.core.extraction.feature_cache import FeatureCache
from desktop_app.core.extraction.features import FeatureSettings
from desktop_app.core.extraction.standardizer import Standardizer

from tests.conftest import write_class_folders

CPU = torch.device("cpu")
PIXELS_8 = FeatureSettings("pixels", 8)


def digest_of(path: Path) -> str:
    return digests.digest_of_bytes(path.read_bytes())  # the scan's digest: the one the decoders check against


def picture_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.png"))


def extract(settings, files, device=CPU, use_cache=True, **kwargs):
    events = []
    digests = [digest_of(p) for p in files] if use_cache else None
    result = run_to_completion(features.extract_features(settings, files, digests, device, **kwargs),
                               events.append)
    return result, events


@pytest.fixture
def count_batches(monkeypatch):
    """Counts pictures that really went through feature computation (not served from the cache)."""
    seen = {"pictures": 0}
    real = features._features_of_batch

    def counting(settings, batch, device):
        seen["pictures"] += len(batch)
        return real(settings, batch, device)

    monkeypatch.setattr(features, "_features_of_batch", counting)
    return seen


# --- settings ----------------------------------------------------------------------------------------------


def test_settings_round_trip_and_cache_key_depends_on_everything():
    pixels, pretrained = FeatureSettings.default("pixels"), FeatureSettings.default("pretrained")
    assert (pixels.image_size, pixels.dimension) == (32, 3 * 32 * 32)
    assert pretrained.dimension == 1280
    for settings in (pixels, pretrained, FeatureSettings("pretrained", 160)):
        assert FeatureSettings.from_dict(settings.to_dict()) == settings
    keys = {s.cache_key() for s in (pixels, pretrained, FeatureSettings("pretrained", 160),
                                    FeatureSettings("pixels", 16))}
    assert len(keys) == 4
    assert pretrained.cache_key() == FeatureSettings("pretrained", pretrained.image_size).cache_key()
    assert str(features.EXTRACTOR_VERSION) in pretrained.cache_key()
    with pytest.raises(UserError):
        FeatureSettings("colours", 32)
    with pytest.raises(UserError):
        FeatureSettings("pixels", 0)


# --- pixels ------------------------------------------------------------------------------------------------


def test_pixel_features_are_the_centre_square_in_0_to_1(tmp_path):
    # 24 x 8 picture: red | green | blue thirds; the centre square is the green third.
    picture = Image.new("RGB", (24, 8), (255, 0, 0))
    picture.paste((0, 255, 0), (8, 0, 16, 8))
    picture.paste((0, 0, 255), (16, 0, 24, 8))
    path = tmp_path / "wide.png"
    picture.save(path)
    solid = tmp_path / "grey.png"
    Image.new("RGB", (30, 30), (51, 102, 153)).save(solid)

    result, _ = extract(PIXELS_8, [path, solid])
    assert result.features.shape == (2, 3 * 8 * 8) and result.features.dtype == np.float32
    assert result.ok.all() and result.problems == []
    np.testing.assert_allclose(result.features[0].reshape(8, 8, 3), np.tile([0, 1, 0], (8, 8, 1)), atol=1e-6)
    np.testing.assert_allclose(result.features[1].reshape(8, 8, 3)[3, 3], [0.2, 0.4, 0.6], atol=1e-6)


def test_prediction_path_gives_the_same_features_as_training_path(image_folder):
    files = picture_files(image_folder)[:4]
    for settings in (PIXELS_8, FeatureSettings("pretrained", 64)):
        result, _ = extract(settings, files, use_cache=False)
        direct = features.features_for_images(settings, [Image.open(p) for p in files], CPU)
        np.testing.assert_allclose(direct, result.features, rtol=1e-4, atol=1e-4)


# --- pretrained network ------------------------------------------------------------------------------------


def test_every_shipped_weight_lands_in_the_network():
    import timm

    model = timm.create_model("tf_efficientnet_lite0", pretrained=False, num_classes=1000)
    state = torch.load(network.weights_path(), map_location="cpu", weights_only=True)
    renamed = network.rename_weights(state, model)
    assert set(renamed) == set(model.state_dict())
    for key, value in renamed.items():
        assert value.shape == model.state_dict()[key].shape, key
    model.load_state_dict(renamed, strict=True)


def test_folding_batch_norms_keeps_the_embedding():
    pixels = np.stack([features.square_pixels(crossword_picture(96), 96),
                       np.full((96, 96, 3), 90, dtype=np.uint8)])
    x = network.to_network_input(pixels, CPU)
    with torch.inference_mode():
        plain = network.build_pretrained_model()(x)
        folded = network.fold_batch_norms(network.build_pretrained_model())(x)
    assert plain.shape == (2, 1280)
    torch.testing.assert_close(folded, plain, rtol=1e-4, atol=1e-4)


def crossword_picture(size: int = 224) -> Image.Image:
    picture = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(picture)
    rng = np.random.default_rng(0)
    step = size // 10
    for i in range(10):
        for j in range(10):
            draw.rectangle((i * step, j * step, (i + 1) * step, (j + 1) * step),
                           fill="black" if rng.random() < 0.2 else "white", outline="black", width=2)
    return picture


def test_pretrained_network_recognises_a_drawn_crossword_as_imagenet_class_918():
    # With wrongly mapped weights the prediction is noise; correctly loaded, EfficientNet-Lite0 is sure.
    model = network.build_pretrained_model(keep_classifier=True)
    pixels = features.square_pixels(crossword_picture(), 224)[None]
    with torch.inference_mode():
        probabilities = model(network.to_network_input(pixels, CPU)).softmax(1)[0]
    assert int(probabilities.argmax()) == 918  # "crossword puzzle"
    assert float(probabilities[918]) > 0.5


def test_pretrained_features_are_1280_dimensional_and_separate_classes(image_folder):
    files = picture_files(image_folder)
    result, _ = extract(FeatureSettings("pretrained", 64), files, batch_size=12)
    assert result.features.shape == (len(files), 1280) and result.ok.all()
    assert np.isfinite(result.features).all() and result.features.std() > 0
    # Pictures of the same class are nearer to each other than to other classes.
    labels = np.array([p.parent.name for p in files])
    X = result.features / np.linalg.norm(result.features, axis=1, keepdims=True)
    similarity = X @ X.T
    same = labels[:, None] == labels[None, :]
    np.fill_diagonal(same, False)
    different = labels[:, None] != labels[None, :]
    assert similarity[same].mean() > similarity[different].mean() + 0.05


# --- cache -------------------------------------------------------------------------------------------------


def test_second_run_comes_from_the_cache(image_folder, count_batches):
    files = picture_files(image_folder)
    first, _ = extract(PIXELS_8, files)
    assert count_batches["pictures"] == len(files)
    second, events = extract(PIXELS_8, files)
    assert count_batches["pictures"] == len(files)  # nothing recomputed
    np.testing.assert_array_equal(first.features, second.features)
    assert second.ok.all()
    assert any(isinstance(e, Message) and "Reused" in e.text for e in events)


def test_cache_lives_on_disk_and_other_settings_do_not_share_it(image_folder, count_batches):
    files = picture_files(image_folder)[:6]
    extract(PIXELS_8, files)
    stored = FeatureCache(PIXELS_8).lookup([digest_of(p) for p in files])  # a fresh instance reads the disk
    assert len(stored) == 6
    assert FeatureCache(FeatureSettings("pixels", 16)).lookup([digest_of(p) for p in files]) == {}
    extract(FeatureSettings("pixels", 16), files)
    assert count_batches["pictures"] == 12


def test_damaged_cache_is_recomputed_not_a_crash(image_folder, count_batches):
    files = picture_files(image_folder)[:6]
    good, _ = extract(PIXELS_8, files)
    (chunk,) = FeatureCache(PIXELS_8).chunk_files()
    data = bytearray(chunk.read_bytes())
    data[-5] ^= 0xFF  # one flipped byte in the stored features
    chunk.write_bytes(bytes(data))
    again, _ = extract(PIXELS_8, files)
    assert count_batches["pictures"] == 12
    np.testing.assert_array_equal(good.features, again.features)

    for chunk in FeatureCache(PIXELS_8).chunk_files():
        chunk.write_bytes(chunk.read_bytes()[:40])  # cut short, as after a full disk
    extract(PIXELS_8, files)
    assert count_batches["pictures"] == 18


def test_many_small_runs_are_merged_into_few_files(image_folder, monkeypatch):
    monkeypatch.setattr(FeatureCache, "MAX_CHUNKS", 3)
    files = picture_files(image_folder)
    for start in range(0, 30, 6):
        extract(PIXELS_8, files[start:start + 6])
    cache = FeatureCache(PIXELS_8)
    assert len(cache.chunk_files()) <= 3
    assert len(cache.lookup([digest_of(p) for p in files[:30]])) == 30


def test_unwritable_cache_switches_itself_off(image_folder, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("DESKTOP_APP_CACHE_DIR", str(blocker / "cache"))
    files = picture_files(image_folder)[:3]
    result, _ = extract(PIXELS_8, files)
    assert result.ok.all() and not FeatureCache(PIXELS_8).enabled


def test_copies_of_a_picture_are_computed_once(image_folder, count_batches, tmp_path):
    original = picture_files(image_folder)[0]
    copy = tmp_path / "copy.png"
    copy.write_bytes(original.read_bytes())
    result, _ = extract(PIXELS_8, [original, copy])
    assert count_batches["pictures"] == 1 and result.ok.all()
    np.testing.assert_array_equal(result.features[0], result.features[1])


# --- progress, cancel, bad files, devices ------------------------------------------------------------------


def test_progress_is_reported_and_ends_at_the_total(image_folder):
    files = picture_files(image_folder)
    _, events = extract(PIXELS_8, files, use_cache=False, batch_size=4)
    progress = [e for e in events if isinstance(e, Progress)]
    assert progress[0].done == 0 and progress[-1].done == progress[-1].total == len(files)
    assert progress[-1].phase == "features"
    assert progress[-1].message == f"Computing features {len(files)} / {len(files)}"


def test_cancel_stops_the_extraction(tmp_path):
    files = picture_files(write_class_folders(tmp_path / "many", per_class=60))
    cancel = CancelToken()
    generator = features.extract_features(PIXELS_8, files, None, CPU, cancel=cancel, batch_size=4)
    seen = 0
    with pytest.raises(Cancelled):
        for event in generator:
            if isinstance(event, Progress):
                seen += 1
                cancel.cancel()
    assert seen == 1


def test_unreadable_pictures_are_reported_and_the_rest_extracted(image_folder, tmp_path):
    files = picture_files(image_folder)[:3]
    not_a_picture = tmp_path / "notes.jpg"
    not_a_picture.write_text("these are my holiday notes")
    truncated = tmp_path / "half.png"
    truncated.write_bytes(files[0].read_bytes()[:200])
    missing = tmp_path / "gone.png"
    paths = [files[0], not_a_picture, files[1], truncated, missing, files[2]]
    result, _ = extract(PIXELS_8, paths, use_cache=False)
    assert result.ok.tolist() == [True, False, True, False, False, True]
    assert not result.features[~result.ok].any()
    assert result.features[result.ok].any(axis=1).all()
    assert [p.path for p in result.problems] == [str(not_a_picture), str(truncated), str(missing)]
    for problem in result.problems:
        assert problem.message and problem.kind in {"not_image", "corrupt", "truncated", "too_large",
                                                    "unreadable"}


def test_gpu_failure_falls_back_to_cpu_with_a_message(image_folder, monkeypatch):
    real = features._features_of_batch

    def gpu_out_of_memory(settings, batch, device):
        if device.type == "cuda":
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real(settings, batch, device)

    monkeypatch.setattr(features, "_features_of_batch", gpu_out_of_memory)
    files = picture_files(image_folder)[:5]
    result, events = extract(PIXELS_8, files, device=torch.device("cuda"), use_cache=False, batch_size=2)
    assert result.ok.all()
    warnings = [e for e in events if isinstance(e, Message) and e.level == "warning"]
    assert len(warnings) == 1 and "CPU" in warnings[0].text


# --- standardizer ------------------------------------------------------------------------------------------


def test_standardizer_uses_training_features_only_and_round_trips():
    rng = np.random.default_rng(0)
    train = rng.normal(5.0, 2.0, size=(200, 4)).astype(np.float32)
    train[:, 3] = 7.0  # constant column: centred, never divided by zero
    test = rng.normal(100.0, 2.0, size=(50, 4)).astype(np.float32)
    standardizer = Standardizer.fit(train)
    scaled = standardizer.transform(train)
    np.testing.assert_allclose(scaled[:, :3].mean(0), 0, atol=1e-4)
    np.testing.assert_allclose(scaled[:, :3].std(0), 1, atol=1e-3)
    assert np.isfinite(standardizer.transform(test)).all()
    assert standardizer.transform(test)[:, 0].mean() > 30  # test data was not used for the mean

    restored = Standardizer.from_tensors(standardizer.to_tensors())
    np.testing.assert_array_equal(restored.transform(test), standardizer.transform(test))
    assert restored.transform(test).dtype == np.float32
