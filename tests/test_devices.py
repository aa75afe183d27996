"""Device detection and CPU fallback. No GPU here: a GPU is simulated by patching torch.cuda."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch

from desktop_app.core import devices
from desktop_app.core.errors import UserError


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
