"""The lecture's "visual viewpoint" of a linear classifier: each class's row of W as a picture (a template).

On pixel features a score is s_c = sum_i W_ic (x_i - mean_i) / std_i + b_c, so the weight each raw pixel value
gets is W_ic / std_i: that, laid out as the picture (channel-last, as the features are), is the class's
template, stretched to 0-255 for each class on its own (only the pattern matters, not the scale). On pretrained
features W has no picture form; what a class looks for is shown instead by the training pictures that score
highest for it. Either view is exported as one PNG (``write_sheet_png``, atomic).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generator, Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from desktop_app.core.classifiers import registry
from desktop_app.core.events import Event, Phase, check_cancel
from desktop_app.core.output.names import display_text
from desktop_app.core.output.safe_write import atomic_write, check_output_path
from desktop_app.core.output.translation import translate

SHEET_TILE = 96  # pixels per picture in the exported sheet
_CAPTION = 18  # pixels of caption under each picture
TEMPLATES_PER_ROW = 10


def has_templates(model) -> bool:
    """Whether the model's classes have template pictures: a linear model on pixel features."""
    return registry.get(model.classifier_name).has_templates and model.feature_settings.kind == "pixels"


def has_top_pictures(model) -> bool:
    """Whether the model scores pictures per class but W has no picture form (pretrained features)."""
    return registry.get(model.classifier_name).has_templates and model.feature_settings.kind != "pixels"


@dataclass(frozen=True)
class Templates:
    class_names: tuple[str, ...]
    weights: np.ndarray  # float32 [C, size, size, 3]: the weight on each raw pixel value (picture space)
    images: np.ndarray  # uint8 [C, size, size, 3]: each class's weights stretched to 0-255 on its own


def templates(model) -> Templates:
    """The template of every class of a linear model on pixel features (``has_templates``)."""
    if not has_templates(model):
        raise TypeError("Only linear models on pixel features have template pictures.")
    W = model.classifier.W_.detach().to("cpu").numpy().astype(np.float32)  # [d, C]
    size = model.feature_settings.image_size
    weights = (W / model.standardizer.std[:, None]).T.reshape(len(model.class_names), size, size, 3)
    low = weights.min(axis=(1, 2, 3), keepdims=True)
    span = weights.max(axis=(1, 2, 3), keepdims=True) - low
    stretched = np.where(span > 0, (weights - low) / np.where(span > 0, span, 1), 0.5)
    images = np.round(stretched * 255).astype(np.uint8)
    return Templates(tuple(model.class_names), weights, images)


@dataclass(frozen=True)
class ScoredPicture:
    path: str
    class_name: str  # the class of its folder
    score: float  # the score of the class it is shown for


def top_scoring_pictures(model, paths: Sequence[str], digests: Sequence[str] | None, per_class: int = 5,
                         device: Any = "cpu", cancel=None,
                         ) -> Generator[Event, None, list[list[ScoredPicture]]]:
    """For each class, the ``per_class`` pictures among ``paths`` (the training pictures) that the model scores
    highest for it, highest first. Features come from the cache when training computed them."""
    from desktop_app.core.extraction import features

    yield Phase("features", translate("Scoring {n:,} training pictures").format(n=len(paths)))
    result = yield from features.extract_features(model.feature_settings, [Path(p) for p in paths],
                                                  list(digests) if digests is not None else None, device,
                                                  cancel=cancel)
    check_cancel(cancel)
    ok = np.flatnonzero(np.asarray(result.ok, dtype=bool))
    scores = np.asarray(model.classifier.decision_function(model.standardizer.transform(result.features[ok])))
    predicted = scores.argmax(axis=1) if len(ok) else np.zeros(0, dtype=np.int64)
    top: list[list[ScoredPicture]] = []
    for c, name in enumerate(model.class_names):
        order = np.argsort(-scores[:, c], kind="stable")[:per_class] if len(ok) else []
        top.append([ScoredPicture(str(paths[ok[i]]), model.class_names[int(predicted[i])], float(scores[i, c]))
                    for i in order])
    return top


def write_sheet_png(rows: Sequence[tuple[str, Sequence[tuple[str, Image.Image]]]], path: str | Path,
                    title: str = "", input_folders: Sequence[str | Path] = ()) -> Path:
    """One PNG of captioned pictures, a row per entry of ``rows`` ((row title, [(caption, picture)])), written
    atomically (an old file is replaced whole or not at all; the caller has asked before replacing one). Never
    inside ``input_folders`` (the folders of pictures: it would become a picture of the dataset). Pictures are
    scaled to ``SHEET_TILE`` pixels, small ones without smoothing so each template pixel stays visible."""
    path = check_output_path(path, what="PNG", input_folders=input_folders, force=True)
    font = ImageFont.load_default(12)
    columns = max([len(pictures) for _, pictures in rows] + [1])
    label_width = 140 if any(row_title for row_title, _ in rows) else 0
    title_height = 24 if title else 0
    row_height = SHEET_TILE + _CAPTION + 8
    sheet = Image.new("RGB", (label_width + 8 + columns * (SHEET_TILE + 8), title_height + len(rows) * row_height
                              + 8), "white")
    draw = ImageDraw.Draw(sheet)
    if title:
        draw.text((8, 6), display_text(title), fill="black", font=font)
    for r, (row_title, pictures) in enumerate(rows):
        top = title_height + r * row_height + 4
        draw.text((8, top + SHEET_TILE // 2 - 6), _fit(draw, display_text(row_title), font, label_width - 12),
                  fill="black", font=font)
        for c, (caption, picture) in enumerate(pictures):
            left = label_width + 8 + c * (SHEET_TILE + 8)
            small = max(picture.size) < SHEET_TILE
            tile = picture.convert("RGB")
            tile.thumbnail((SHEET_TILE, SHEET_TILE), Image.Resampling.BICUBIC)
            if small:
                scale = SHEET_TILE / max(picture.size)
                tile = picture.convert("RGB").resize((max(1, round(picture.width * scale)),
                                                      max(1, round(picture.height * scale))),
                                                     Image.Resampling.NEAREST)
            sheet.paste(tile, (left + (SHEET_TILE - tile.width) // 2, top + (SHEET_TILE - tile.height) // 2))
            draw.text((left, top + SHEET_TILE + 2), _fit(draw, display_text(caption), font, SHEET_TILE + 6),
                      fill="black", font=font)

    def write(handle) -> None:
        sheet.save(handle, format="PNG")

    return atomic_write(Path(path), write)


def template_rows(found: Templates) -> list[tuple[str, list[tuple[str, Image.Image]]]]:
    """The templates as rows of the sheet (``TEMPLATES_PER_ROW`` each), each captioned with its class."""
    tiles = [(name, Image.fromarray(image)) for name, image in zip(found.class_names, found.images)]
    return [("", tiles[start:start + TEMPLATES_PER_ROW]) for start in range(0, len(tiles), TEMPLATES_PER_ROW)]


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    """The text, cut with an ellipsis to fit ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "...", font=font) > width:
        text = text[:-1]
    return text + "..."
