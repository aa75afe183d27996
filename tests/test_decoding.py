"""Decoding in worker processes (core/extraction/decode_pool.py): the same pixels as Pillow in this process, bad files
reported one by one, a dead worker does not stop the job, cancel stops the workers within a second. Decoding in
little memory is in test_decoding_memory.py."""
from __future__ import annotations

import hashlib
import io
import multiprocessing
import multiprocessing.shared_memory
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from desktop_app.core.extraction import decode_pool, features
from desktop_app.core.data import decoding
from desktop_app.core.events import Cancelled, CancelToken, Progress, run_to_completion
from desktop_app.core.extraction.features import FeatureSettings

SIZE = 40


def gradient(width: int, height: int, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    pixels = np.stack([x * 255 // max(1, width - 1), y * 255 // max(1, height - 1),
                       (x + y) % 256], axis=-1).astype(np.uint8)
    pixels[rng.random((height, width)) < 0.02] = 255  # some detail, so JPEG has work to do
    return Image.fromarray(pixels, "RGB")


def write_odd_pictures(folder: Path) -> dict[str, Path]:
    """One file per case the decoder must get right; names say what each is."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}

    def keep(name: str) -> Path:
        files[name] = folder / name
        return files[name]

    gradient(120, 80).save(keep("plain.jpg"), quality=90)
    gradient(1200, 900, 1).save(keep("large-draft.jpg"), quality=85)  # decoded at 1/8 scale in draft mode
    gradient(90, 60, 2).save(keep("plain.png"))
    gradient(80, 80, 3).convert("CMYK").save(keep("cmyk.jpg"))
    gradient(70, 50, 4).convert("P", palette=Image.Palette.ADAPTIVE).save(keep("palette.gif"), transparency=0)
    rgba = gradient(60, 60, 5).convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize((60, 60)))
    rgba.save(keep("alpha.png"))
    sixteen = (np.mgrid[0:50, 0:70][1] * 900).astype(np.uint16)
    Image.fromarray(sixteen).save(keep("sixteen-bit.png"))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to view
    gradient(100, 40, 6).save(keep("exif-rotated.jpg"), exif=exif.tobytes())
    return files


def write_bad_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    good = io.BytesIO()
    gradient(200, 150).save(good, "JPEG")
    bad = {"text.jpg": b"this is not a picture", "empty.png": b"",
           "truncated.jpg": good.getvalue()[: len(good.getvalue()) // 3]}
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    paths = {name: folder / name for name in bad}
    paths["missing.jpg"] = folder / "missing.jpg"
    return paths


def decode_all(decoder, paths: list[Path], timeout: float = 30.0) -> dict[int, tuple]:
    """Submit everything (respecting capacity), collect every result by key."""
    results: dict[int, tuple] = {}
    waiting = list(enumerate(paths))
    given = 0
    deadline = time.monotonic() + timeout
    while len(results) < len(paths):
        while waiting and given - len(results) < decoder.capacity:
            decoder.submit(*waiting.pop(0))
            given += 1
        item = decoder.get(0.25)
        assert time.monotonic() < deadline, f"only {len(results)} of {len(paths)} came back"
        if item is not None:
            key, pixels, problem, digest = item
            if problem is None:  # the digest of the very bytes decoded travels back with the pixels
                assert digest == hashlib.blake2b(paths[key].read_bytes(), digest_size=16).hexdigest()
            results[key] = (pixels, problem)
    return results


def wait_until_ready(decoder) -> None:
    deadline = time.monotonic() + 30
    while len(decoder._ready) < len(decoder._processes):
        assert time.monotonic() < deadline, "the workers did not start"
        decoder._receive_waiting()
        time.sleep(0.02)


@pytest.fixture(scope="module")
def process_decoder():
    decoder = decode_pool.ProcessDecoder(SIZE, workers=2, capacity=6)
    yield decoder
    decoder.close()


def test_worker_processes_give_the_same_pixels_as_pillow_here(tmp_path, process_decoder):
    files = write_odd_pictures(tmp_path)
    paths = list(files.values())
    wait_until_ready(process_decoder)  # so that the workers decode, not this process while they start
    results = decode_all(process_decoder, paths)
    for key, path in enumerate(paths):
        pixels, problem = results[key]
        assert problem is None, (path.name, problem)
        expected = decoding.decode_square(path, SIZE)
        assert pixels.shape == (SIZE, SIZE, 3) and pixels.dtype == np.uint8
        # Same Pillow code in both places: identical, well inside any tolerance.
        assert np.array_equal(pixels, expected), path.name
    # The cases really are what their names say (not all decoded into the same easy picture).
    rotated = results[paths.index(files["exif-rotated.jpg"])][0]
    upright = decoding.square_pixels(gradient(100, 40, 6).transpose(Image.Transpose.ROTATE_270), SIZE)
    assert np.abs(rotated.astype(int) - upright.astype(int)).mean() < 8


def test_bad_files_are_reported_one_by_one_and_the_rest_decoded(tmp_path, process_decoder):
    wait_until_ready(process_decoder)
    bad = write_bad_files(tmp_path / "bad")
    good = write_odd_pictures(tmp_path / "good")
    paths = [*bad.values(), *good.values()]
    results = decode_all(process_decoder, paths)
    kinds = {paths[key].name: problem[0] for key, (pixels, problem) in results.items() if problem}
    assert kinds == {"text.jpg": "not_image", "empty.png": "corrupt", "truncated.jpg": "truncated",
                     "missing.jpg": "unreadable"}
    assert all(results[i][0] is not None for i in range(len(bad), len(paths)))


def test_a_dead_worker_does_not_stop_the_job(tmp_path):
    files = list(write_odd_pictures(tmp_path).values())
    decoder = decode_pool.ProcessDecoder(SIZE, workers=2, capacity=4)
    try:
        wait_until_ready(decoder)
        victim = decoder._processes[0]
        os.kill(victim.pid, signal.SIGKILL)
        victim.join(5)
        results = decode_all(decoder, files)
        assert all(problem is None for _pixels, problem in results.values())
    finally:
        decoder.close()


def test_pictures_asked_for_while_the_workers_start_are_decoded_here(tmp_path):
    files = list(write_odd_pictures(tmp_path).values())
    decoder = decode_pool.ProcessDecoder(SIZE, workers=1, capacity=len(files))
    try:
        for key, path in enumerate(files):
            decoder.submit(key, path)
        first = decoder.get(0.0)  # at once: the worker is not up yet, this thread decodes
        assert first is not None and first[2] is None
        assert np.array_equal(first[1], decoding.decode_square(files[first[0]], SIZE))
        rest = {}
        deadline = time.monotonic() + 30
        while len(rest) < len(files) - 1 and time.monotonic() < deadline:
            item = decoder.get(0.25)
            if item is not None:
                rest[item[0]] = item
        assert sorted([first[0], *rest]) == list(range(len(files)))
    finally:
        decoder.close()


def test_when_every_worker_is_gone_the_pictures_are_decoded_on_threads(tmp_path):
    files = list(write_odd_pictures(tmp_path).values())
    decoder = decode_pool.ProcessDecoder(SIZE, workers=2, capacity=4)
    try:
        for process in decoder._processes:
            os.kill(process.pid, signal.SIGKILL)
            process.join(5)
        results = decode_all(decoder, files)
        assert all(problem is None for _pixels, problem in results.values())
        assert isinstance(decoder._fallback, decode_pool.ThreadDecoder)
    finally:
        decoder.close()


def test_processes_where_many_cores_decode_threads_elsewhere():
    many = decode_pool.MIN_PICTURES_FOR_PROCESSES
    assert decode_pool.choose_processes(many, "cuda", "pretrained", cores=16)
    assert decode_pool.choose_processes(many, "cpu", "pixels", cores=16)
    assert not decode_pool.choose_processes(many - 1, "cuda", "pretrained", cores=16)  # small job
    assert not decode_pool.choose_processes(many, "cuda", "pretrained", cores=2)  # measured: slower on 2 cores
    assert not decode_pool.choose_processes(many, "cpu", "pretrained", cores=16)  # the network needs the cores
    assert decode_pool.worker_count("cuda", "pretrained", cores=16) == 15
    small, _ = decode_pool.open_decoder(SIZE, 3, "cuda", "pretrained", capacity=8, cores=4)
    big, _ = decode_pool.open_decoder(SIZE, many, "cuda", "pretrained", capacity=8, cores=4)
    try:
        assert isinstance(small, decode_pool.ThreadDecoder)
        assert isinstance(big, decode_pool.ProcessDecoder) and len(big._processes) == 3
    finally:
        small.close()
        big.close()


def many_pictures(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{i:03d}.png"
        gradient(48, 36, i).save(path)
        paths.append(path)
    return paths


@pytest.fixture
def spy_decoders(monkeypatch):
    """Every ProcessDecoder the pipeline opens; pictures always go to processes."""
    opened = []
    real_init = decode_pool.ProcessDecoder.__init__

    def recording_init(self, *args, **kwargs):
        opened.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(decode_pool.ProcessDecoder, "__init__", recording_init)
    monkeypatch.setattr(decode_pool, "choose_processes", lambda *args: True)
    return opened


def assert_stopped_and_freed(decoder) -> None:
    assert decoder._processes == []
    with pytest.raises(FileNotFoundError):  # unlinked, not left behind in /dev/shm
        multiprocessing.shared_memory.SharedMemory(name=decoder.shared_name)


def test_pipeline_in_processes_matches_threads_and_the_cache_still_works(tmp_path, spy_decoders, monkeypatch):
    paths = many_pictures(tmp_path / "pictures", 20)
    paths.append(tmp_path / "pictures" / "broken.png")
    paths[-1].write_bytes(b"\x89PNG broken")
    digests = [hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest() for p in paths]  # as the scan hashes
    settings = FeatureSettings("pixels", 16)
    in_processes = run_to_completion(features.extract_features(settings, paths, digests, "cpu"))
    assert len(spy_decoders) == 1
    assert_stopped_and_freed(spy_decoders[0])
    assert in_processes.ok.sum() == 20 and [p.kind for p in in_processes.problems] == ["not_image"]

    monkeypatch.setattr(decode_pool, "choose_processes", lambda *args: False)
    on_threads = run_to_completion(features.extract_features(settings, paths, None, "cpu"))
    assert np.array_equal(in_processes.features, on_threads.features)

    from_cache = run_to_completion(features.extract_features(settings, paths, digests, "cpu"))
    assert np.array_equal(from_cache.features, in_processes.features)
    assert len(spy_decoders) == 1  # only the broken file was left to decode: on a thread


def test_cancel_stops_within_a_second_and_leaves_no_process_or_shared_memory(tmp_path, spy_decoders):
    paths = many_pictures(tmp_path / "pictures", 120)
    cancel = CancelToken()
    stopped: list[float] = []

    def slow_network(settings, batch, device):
        time.sleep(0.05)  # a network pass, so that cancel arrives while decoding runs ahead
        return features._pixels_to_features(batch)

    def job() -> None:
        try:
            run_to_completion(features.extract_features(FeatureSettings("pixels", 16), paths, None, "cpu",
                                                        cancel=cancel, batch_size=4), on_event)
        except Cancelled:
            stopped.append(time.perf_counter())

    started = threading.Event()

    def on_event(event) -> None:
        if isinstance(event, Progress) and event.done > 4:
            started.set()

    children_before = set(multiprocessing.active_children())
    real = features._features_of_batch
    features._features_of_batch = slow_network
    try:
        worker = threading.Thread(target=job, daemon=True)
        worker.start()
        assert started.wait(60), "extraction did not start"
        asked = time.perf_counter()
        cancel.cancel()
        worker.join(10)
    finally:
        features._features_of_batch = real
    assert stopped, "the extraction did not stop"
    assert stopped[0] - asked < 1.0
    decoder = spy_decoders[0]
    assert_stopped_and_freed(decoder)
    assert set(multiprocessing.active_children()) == children_before  # the job's workers are gone


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="looks for processes in /proc")
def test_workers_leave_by_themselves_when_the_app_ends_without_closing_them():
    script = ("import os, sys\n"
              "from desktop_app.core.extraction import decode_pool\n"
              "decoder = decode_pool.ProcessDecoder(16, workers=2, capacity=4)\n"
              "while len(decoder._ready) < 2:\n"
              "    decoder.get(0.5)\n"
              "print(' '.join(str(p.pid) for p in decoder._processes), flush=True)\n"
              "os._exit(0)  # what the app does when a thread will not end\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1])
    pids = [int(p) for p in done.stdout.split()]
    assert len(pids) == 2, done.stderr[-2000:]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.1)
    assert not any(alive(pid) for pid in pids)


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] not in ("Z", "X")
    except OSError:
        return False
