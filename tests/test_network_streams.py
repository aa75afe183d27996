"""The CPU network in two streams (network_streams.py): same features, torch's thread count left as it was,
cancel and errors leave no stream running."""
from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import torch

from desktop_app.core.data import decoding
from desktop_app.core.extraction import features, network
from desktop_app.core.events import Cancelled, CancelToken, Progress, run_to_completion
from desktop_app.core.extraction.features import FeatureSettings
from desktop_app.core.extraction.network_streams import NetworkStreams, stream_threads

from tests.conftest import write_class_folders

CPU = torch.device("cpu")
PRETRAINED_64 = FeatureSettings("pretrained", 64)


def stream_threads_alive() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("network-")]


@pytest.fixture
def two_streams(monkeypatch):
    """Two one-thread streams whatever this machine's core count, and the names of the threads batches ran on."""
    monkeypatch.setattr(features, "stream_threads", lambda *args: [1, 1])
    ran_on: list[str] = []
    real = features._features_of_batch

    def recording(settings, batch, device):
        ran_on.append(threading.current_thread().name)
        return real(settings, batch, device)

    monkeypatch.setattr(features, "_features_of_batch", recording)
    return ran_on


def test_two_streams_split_the_cores_for_the_cpu_network_only():
    assert stream_threads("cpu", "pretrained", 2) == [1, 1]
    assert stream_threads("cpu", "pretrained", 5) == [3, 2]
    assert stream_threads("cpu", "pretrained", 1) == [1]
    assert stream_threads("cpu", "pixels", 8) == [8]
    assert stream_threads("cuda", "pretrained", 8) == [8]


def test_streams_give_the_same_features_and_leave_the_thread_count_alone(image_folder, two_streams):
    files = sorted(image_folder.rglob("*.png"))
    threads_before = torch.get_num_threads()
    result = run_to_completion(features.extract_features(PRETRAINED_64, files, None, CPU, batch_size=4))
    assert result.ok.all()
    assert {name for name in two_streams} == {"network-0", "network-1"}  # both streams did batches
    pixels = np.stack([decoding.decode_square(path, 64) for path in files])
    expected = np.concatenate([network.embed(pixels[i:i + 4], CPU) for i in range(0, len(files), 4)])
    np.testing.assert_allclose(result.features, expected, rtol=1e-5, atol=1e-5)
    # the streams' one-thread count is theirs alone: this thread and threads started later keep the usual one
    assert torch.get_num_threads() == threads_before
    seen_by_new_thread = []
    later = threading.Thread(target=lambda: seen_by_new_thread.append(torch.get_num_threads()))
    later.start()
    later.join()
    assert seen_by_new_thread == [threads_before]
    assert not stream_threads_alive()


def test_cancel_stops_the_streams(tmp_path, two_streams, monkeypatch):
    recording = features._features_of_batch

    def slow(settings, batch, device):  # a slow PC: progress is reported before the work is done
        time.sleep(0.1)
        return recording(settings, batch, device)

    monkeypatch.setattr(features, "_features_of_batch", slow)
    files = sorted(write_class_folders(tmp_path / "many", per_class=20).rglob("*.png"))
    cancel = CancelToken()
    generator = features.extract_features(PRETRAINED_64, files, None, CPU, cancel=cancel, batch_size=4)
    with pytest.raises(Cancelled):
        for event in generator:
            if isinstance(event, Progress) and event.done > 0:
                cancel.cancel()
    assert 0 < len(two_streams) < len(files) / 4  # stopped part way, after some batches
    assert not stream_threads_alive()


def test_a_failing_batch_raises_its_error_and_stops_the_streams(image_folder, monkeypatch):
    monkeypatch.setattr(features, "stream_threads", lambda *args: [1, 1])
    calls = []

    def second_batch_fails(settings, batch, device):
        calls.append(len(batch))
        if len(calls) == 2:
            raise ValueError("this batch went wrong")
        return np.zeros((len(batch), settings.dimension), np.float32)

    monkeypatch.setattr(features, "_features_of_batch", second_batch_fails)
    files = sorted(image_folder.rglob("*.png"))
    with pytest.raises(ValueError, match="this batch went wrong"):
        run_to_completion(features.extract_features(PRETRAINED_64, files, None, CPU, batch_size=4))
    assert not stream_threads_alive()


def test_batches_finish_in_any_order_and_all_come_back():
    finish_first = threading.Event()

    def compute(pixels):
        if pixels[0, 0] == 0:  # the first batch waits until the second is done
            finish_first.wait(5)
        else:
            finish_first.set()
        return pixels * 10

    streams = NetworkStreams(compute, [1, 1])
    try:
        streams.submit([0], np.zeros((1, 1)))
        streams.submit([1], np.ones((1, 1)))
        done = streams.finished(wait=True)
    finally:
        streams.close()
    assert sorted((indices, rows.tolist()) for indices, rows in done) == [([0], [[0.0]]), ([1], [[10.0]])]
    assert not stream_threads_alive()
