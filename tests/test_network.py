"""The CPU network pass: static "same" padding gives timm's outputs exactly, the fused oneDNN pass stays within
float rounding of the plain model at every input size, and the model is loaded once per device."""
from __future__ import annotations

import threading

import numpy as np
import pytest
import torch
from timm.layers import Conv2dSame

from desktop_app.core.extraction import network

CPU = torch.device("cpu")


def network_input(batch: int, size: int, seed: int = 0) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    pixels = torch.randint(0, 256, (batch, size, size, 3), dtype=torch.uint8, generator=generator)
    return network.to_network_input(pixels.numpy(), CPU)


@pytest.fixture(scope="module")
def plain_model():
    return network.build_pretrained_model()


@pytest.mark.parametrize("kernel", [3, 5])
def test_one_static_layer_equals_conv2d_same_at_every_size(kernel):
    generator = torch.Generator().manual_seed(kernel)
    same = Conv2dSame(6, 6, kernel, stride=2, groups=3, bias=True)
    with torch.no_grad():
        same.weight.copy_(torch.randn(same.weight.shape, generator=generator))
    static = network.StaticSameConv2d(same)
    for height, width in [(size, size) for size in range(1, 20)] + [(8, 13), (13, 8), (97, 96)]:
        x = torch.randn(2, 6, height, width, generator=generator)
        expected = same(x)
        got = static(x)
        assert got.shape == expected.shape, (height, width)
        torch.testing.assert_close(got, expected, atol=1e-5, rtol=0, msg=f"{height}x{width}")


def test_shifting_the_input_is_not_the_same_as_tf_padding():
    """Why the kernel grows instead: a symmetric pad of the input shifted by one drops the first row and column
    from the first outputs, which TF "same" padding (0 before, 1 after) keeps."""
    same = Conv2dSame(1, 1, 3, stride=2, bias=False)
    x = torch.randn(1, 1, 8, 8)
    shifted = torch.nn.functional.conv2d(x[..., 1:, 1:], same.weight, None, 2, 1)
    assert not torch.allclose(shifted, same(x), atol=1e-3)


@pytest.mark.parametrize("size", [224, 128, 97, 8])
def test_static_padding_model_equals_timm_model(plain_model, size):
    static = network.use_static_padding(network.build_pretrained_model())
    assert not any(isinstance(m, Conv2dSame) for m in static.modules())
    assert sum(isinstance(m, network.StaticSameConv2d) for m in static.modules()) == 5
    x = network_input(2, size, seed=size)
    with torch.inference_mode():
        torch.testing.assert_close(static(x), plain_model(x), atol=1e-5, rtol=0)


@pytest.mark.parametrize("size", [224, 97, 33])
def test_app_pass_stays_within_rounding_of_the_plain_model(plain_model, size):
    """The app's CPU pass (BatchNorms folded, static padding, fused where oneDNN has it) against timm's model
    as loaded: the only differences left are float rounding."""
    model = network.pretrained_model(CPU)
    x = network_input(3, size, seed=size + 1)
    with torch.inference_mode():
        expected, got = plain_model(x), model(x)
    torch.testing.assert_close(got, expected, atol=1e-4, rtol=1e-4)
    cosine = torch.nn.functional.cosine_similarity(got, expected)
    assert cosine.min().item() > 0.99999


@pytest.mark.skipif(not torch.backends.mkldnn.is_available(), reason="PyTorch built without oneDNN")
def test_cpu_pass_is_fused_when_onednn_is_there():
    model = network.pretrained_model(CPU)
    fused = [m for m in model.modules() if isinstance(m, network.FusedConvActivation)]
    assert len(fused) == 49  # every convolution of EfficientNet-Lite0
    assert not any(isinstance(m, torch.nn.ReLU6) for m in model.modules())  # each ReLU6 runs inside its conv


def test_without_the_fused_op_the_static_model_is_used(plain_model, monkeypatch):
    def missing(self, x):
        raise RuntimeError("no such op in this build")

    monkeypatch.setattr(network.FusedConvActivation, "forward", missing)
    model = network._cpu_model(network.fold_batch_norms(network.build_pretrained_model()))
    assert not any(isinstance(m, network.FusedConvActivation) for m in model.modules())
    x = network_input(1, 64)
    with torch.inference_mode():
        torch.testing.assert_close(model(x), plain_model(x), atol=1e-4, rtol=1e-4)


def test_a_picture_gets_the_same_embedding_in_any_batch():
    """Weights reordered for one batch shape serve every other shape (the last batch of a run is smaller)."""
    generator = np.random.default_rng(3)
    pictures = generator.integers(0, 256, size=(8, 64, 64, 3), dtype=np.uint8)
    whole = network.embed(pictures, CPU)
    assert whole.shape == (8, network.EMBEDDING_DIM) and whole.dtype == np.float32
    in_parts = np.concatenate([network.embed(pictures[:1], CPU), network.embed(pictures[1:4], CPU),
                               network.embed(pictures[4:], CPU)])
    np.testing.assert_allclose(in_parts, whole, atol=1e-4, rtol=1e-4)


def test_moving_a_static_layer_rebuilds_its_kernels():
    same = Conv2dSame(2, 2, 3, stride=2, bias=False)
    static = network.StaticSameConv2d(same)
    static(torch.randn(1, 2, 10, 10))  # makes the float32 kernel for 10 x 10
    static.double()
    x = torch.randn(1, 2, 10, 10, dtype=torch.float64)
    torch.testing.assert_close(static(x), same.double()(x))


def test_pretrained_model_is_loaded_once_per_device():
    models = []
    threads = [threading.Thread(target=lambda: models.append(network.pretrained_model(CPU))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(model is models[0] for model in models)
    assert network.pretrained_model(torch.device("cpu")) is models[0]
    assert network._MODELS["cpu"] is models[0]
