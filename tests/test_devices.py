"""Device detection and CPU fallback. No GPU here: a GPU is simulated by patching torch.cuda."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch

from desktop_app.core import devices
from desktop_app.core.errors import UserError
from desktop_app.core.events import CancelToken, Cancelled, Message, Progress, check_cancel, run_to_completion


@pytest.fixture
def no_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 0)
    monkeypatch.setattr(devices, "mps_available", lambda: False)


@pytest.fixture
def fake_gpu(monkeypatch):
    """One NVIDIA RTX 3060 with 12 GB."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    monkeypatch.setattr(torch.cuda, "get_device_properties",
                        lambda index: SimpleNamespace(name="NVIDIA GeForce RTX 3060", total_memory=12 * 1024**3))
    monkeypatch.setattr(devices, "mps_available", lambda: False)


def test_without_gpu_everything_resolves_to_cpu_and_says_why(no_gpu, monkeypatch):
    monkeypatch.setattr(torch, "get_num_threads", lambda: 8)
    assert devices.resolve_device("auto") == torch.device("cpu")
    assert devices.resolve_device(" CPU ") == torch.device("cpu")
    assert devices.describe_device("cpu") == "CPU, 8 threads - no GPU found"
    assert [d.kind for d in devices.available_devices()] == ["cpu"]
    assert devices.no_gpu_reason()  # some plain reason, never None without a GPU


def test_requesting_a_missing_gpu_is_a_plain_user_error(no_gpu):
    with pytest.raises(UserError, match="No NVIDIA GPU"):
        devices.resolve_device("cuda")
    with pytest.raises(UserError, match="Apple GPU"):
        devices.resolve_device("mps")
    with pytest.raises(UserError, match="Unknown device"):
        devices.resolve_device("tpu")


def test_no_gpu_reason_names_a_cpu_only_build(no_gpu, monkeypatch):
    monkeypatch.setattr(devices.sys, "platform", "linux")
    monkeypatch.setattr(torch.version, "cuda", None)
    assert "built without CUDA" in devices.no_gpu_reason()
    monkeypatch.setattr(torch.version, "cuda", "12.4")
    monkeypatch.setattr(devices, "_nvidia_driver_present", lambda: False)
    assert devices.no_gpu_reason() == "no NVIDIA driver found"
    monkeypatch.setattr(devices, "_nvidia_driver_present", lambda: True)
    assert devices.no_gpu_reason().startswith("PyTorch found no GPU")


def test_simulated_gpu_is_preferred_and_described(fake_gpu):
    assert devices.resolve_device("auto") == torch.device("cuda", 0)
    assert devices.resolve_device("cuda") == torch.device("cuda", 0)
    assert devices.describe_device(torch.device("cuda", 0)) == "GPU: NVIDIA GeForce RTX 3060, 12 GB"
    assert devices.describe_device("cpu").endswith("threads")  # no "no GPU found" when one exists
    found = devices.available_devices()
    assert [d.kind for d in found] == ["cuda", "cpu"]
    assert found[0].memory_bytes == 12 * 1024**3
    assert devices.no_gpu_reason() is None
    with pytest.raises(UserError, match="no GPU number 3"):
        devices.resolve_device("cuda:3")
    report = devices.to_json()
    assert report["auto"] == "cuda:0" and report["devices"][0]["model"] == "NVIDIA GeForce RTX 3060"


def test_device_failures_are_told_apart_from_bugs():
    gpu = torch.device("cuda", 0)
    assert devices.is_device_failure(torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate"), gpu)
    assert devices.is_device_failure(RuntimeError("CUDA error: out of memory"), gpu)
    assert devices.is_device_failure(
        NotImplementedError("The operator 'aten::foo' is not currently implemented for the MPS device."), "mps")
    assert not devices.is_device_failure(ValueError("shapes do not match"), gpu)
    assert not devices.is_device_failure(RuntimeError("mat1 and mat2 shapes cannot be multiplied"), gpu)
    # On the CPU nothing is a device failure: retrying on the CPU would not help.
    assert not devices.is_device_failure(RuntimeError("out of memory"), "cpu")


def _gpu_step(tried, fail_with=None, events=2):
    """A step that yields ``events`` Progress events and fails on the GPU (when ``fail_with`` is given)."""
    def step(device):
        tried.append(device.type)
        for i in range(events):
            yield Progress("step", i, events)
            if device.type == "cuda" and fail_with is not None:
                raise fail_with
        return f"done on {device.type}"
    return step


def test_a_gpu_failure_reruns_the_step_on_the_cpu_and_the_job_stays_there(fake_gpu):
    job, tried, seen = devices.JobDevice("cuda:0"), [], []
    first = run_to_completion(devices.run_step(
        _gpu_step(tried, torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2 GiB")), job), seen.append)
    second = run_to_completion(devices.run_step(_gpu_step(tried, RuntimeError("CUDA error: out of memory")), job),
                               seen.append)
    assert (first, second) == ("done on cpu", "done on cpu")
    assert tried == ["cuda", "cpu", "cpu"]  # the second step never tried the GPU again
    assert job.device == torch.device("cpu")
    warnings = [e.text for e in seen if isinstance(e, Message)]
    assert warnings == ["The GPU (GPU: NVIDIA GeForce RTX 3060, 12 GB) ran out of memory, so the rest of this job "
                        "runs on the CPU (slower)."]
    assert all(e.level == "warning" for e in seen if isinstance(e, Message))


def test_the_fallback_hides_no_bug_and_no_cancel(fake_gpu):
    job, tried = devices.JobDevice("cuda:0"), []
    with pytest.raises(KeyError):
        run_to_completion(devices.run_step(_gpu_step(tried, KeyError("bug")), job))
    with pytest.raises(Cancelled):
        run_to_completion(devices.run_step(_gpu_step(tried, Cancelled()), job))
    assert tried == ["cuda", "cuda"] and job.device == torch.device("cuda", 0)  # no CPU re-run, still on the GPU
    # a cancel during the CPU re-run stops the job too
    token = CancelToken()

    def cancelled_on_cpu(device):
        if device.type == "cuda":
            raise torch.cuda.OutOfMemoryError("CUDA out of memory.")
        token.cancel()
        check_cancel(token)
        yield Progress("step", 0, 1)

    with pytest.raises(Cancelled):
        run_to_completion(devices.run_step(cancelled_on_cpu, job))
    assert job.device == torch.device("cpu")


def test_feature_extraction_falls_back_per_batch_and_moves_the_job(fake_gpu, monkeypatch, tmp_path):
    from PIL import Image

    from desktop_app.core.extraction import features

    paths = []
    for i in range(3):
        paths.append(tmp_path / f"p{i}.png")
        Image.new("RGB", (8, 8), (i * 40, 0, 0)).save(paths[-1])
    tried = []
    real = features._features_of_batch

    def failing_on_gpu(settings, batch, device):
        tried.append(torch.device(device).type)
        if torch.device(device).type == "cuda":
            raise torch.cuda.OutOfMemoryError("CUDA out of memory.")
        return real(settings, batch, device)

    monkeypatch.setattr(features, "_features_of_batch", failing_on_gpu)
    job, seen = devices.JobDevice("cuda:0"), []
    settings = features.FeatureSettings("pixels", 8)
    result = run_to_completion(features.extract_features(settings, paths, None, job, batch_size=1), seen.append)
    assert result.ok.all() and tried == ["cuda", "cpu", "cpu", "cpu"]
    assert job.device == torch.device("cpu")
    assert sum("rest of this job runs on the CPU" in e.text for e in seen if isinstance(e, Message)) == 1
